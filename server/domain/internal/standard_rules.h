// Rules that the use cases of standards, their revisions, endorsements,
// errata and positions share: status words and refusals, the name grammar
// below a standard, dates and labels.
#ifndef KOMPAS_DOMAIN_INTERNAL_STANDARD_RULES_H_
#define KOMPAS_DOMAIN_INTERNAL_STANDARD_RULES_H_

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "google/type/date.pb.h"
#include "kompas/v1/standard.pb.h"

namespace kompas::domain::internal {

inline constexpr char kStandardRequestScope[] = "standard";
inline constexpr size_t kMaxReasonBytes = 2000;

inline absl::string_view Word(v1::StandardStatus s) {
  switch (s) {
    case v1::STANDARD_STATUS_DRAFT: return "DRAFT";
    case v1::STANDARD_STATUS_PROPOSED: return "PROPOSED";
    case v1::STANDARD_STATUS_ADOPTED: return "ADOPTED";
    case v1::STANDARD_STATUS_REJECTED: return "REJECTED";
    case v1::STANDARD_STATUS_RETIRED: return "RETIRED";
    case v1::STANDARD_STATUS_SUPERSEDED: return "SUPERSEDED";
    default: return "UNSPECIFIED";
  }
}

inline absl::Status WrongStatus(const v1::Standard& s, absl::string_view needed,
                                absl::string_view what) {
  return FailedPrecondition(v1::STANDARD_STATUS, s.name(),
                            absl::StrCat(s.name(), " is ", Word(s.status()), "; ", what,
                                         " needs a ", needed, " standard"),
                            {{"status", std::string(Word(s.status()))},
                             {"allowed", absl::StrReplaceAll(needed, {{" or ", ","}})}});
}

inline void CheckReason(FieldViolations& v, absl::string_view field, absl::string_view reason,
                        bool required) {
  CheckText(v, field, reason, required, kMaxReasonBytes);
}

// A valid calendar date.
inline bool IsValidDate(const google::type::Date& d) {
  if (d.year() < 2000 || d.year() > 2200 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  return day.day() == d.day() && day.month() == d.month();
}

inline absl::CivilDay ToCivil(const google::type::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

inline bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// At most `max_bytes` of `text`, cut before a code point, never inside one
// (a cut é would make the stored revision invalid UTF-8).
inline std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_STANDARD_RULES_H_
