// Server-made ids for cases and reflections: 13 characters of lowercase
// Crockford base32 encoding 64 bits = milliseconds since the epoch (44 bits)
// and a per-process sequence (20 bits). Fixed width, so ids sort as strings
// in creation order, which is what lets the store list newest-first with a
// plain reverse scan and keeps page tokens stable while new cases arrive.
#ifndef KOMPAS_DOMAIN_IDS_H_
#define KOMPAS_DOMAIN_IDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace kompas::domain {

// A new id, strictly greater than every id this process made before, even
// when the wall clock steps back. Thread-safe.
std::string NewServerId();
// Makes every later NewServerId greater than `id` (a stored id). Thread-safe.
void RaiseServerIdFloor(absl::string_view id);
// Encodes a 64-bit value the way NewServerId does (exposed for tests).
std::string EncodeServerId(uint64_t value);
// True for a well-formed server id.
bool IsValidServerId(absl::string_view id);
// When a well-formed server id was made (its milliseconds); nullopt for
// anything else. Any 13 characters of the alphabet decode to some time, so
// a plausible time is what tells a made id from typed text.
std::optional<absl::Time> ServerIdTime(absl::string_view id);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_IDS_H_
