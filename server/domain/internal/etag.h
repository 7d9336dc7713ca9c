// Etags: every stored resource that clients update carries a revision
// counter as its etag ("1", "2", ...). An update or delete that sends an
// etag must send the current one; one that sends none overwrites.
//
//   RETURN_IF_ERROR(internal::CheckEtag(current.name(), request.etag(), current.etag()));
//   updated.set_etag(internal::NextEtag(current.etag()));
#ifndef KOMPAS_DOMAIN_INTERNAL_ETAG_H_
#define KOMPAS_DOMAIN_INTERNAL_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace kompas::domain::internal {

// The etag after `etag`; "1" after none (or after one this server did not make).
inline std::string NextEtag(absl::string_view etag) {
  uint64_t revision = 0;
  if (!absl::SimpleAtoi(etag, &revision)) revision = 0;
  return absl::StrCat(revision + 1);
}

// The one refusal of a stale etag: ABORTED, reason ETAG_MISMATCH.
inline absl::Status EtagMismatch(absl::string_view name, absl::string_view sent,
                                 absl::string_view current) {
  return WithReason(absl::StatusCode::kAborted, v1::ETAG_MISMATCH,
                    absl::StrCat(name, " was changed by someone else since you read it (your etag ",
                                 sent, ", current ", current,
                                 "); read it again and reapply your change"),
                    {{"kind", CollectionOf(name)}});
}

// OK when `sent` is empty (no check asked) or the current etag.
inline absl::Status CheckEtag(absl::string_view name, absl::string_view sent,
                              absl::string_view current) {
  if (sent.empty() || sent == current) return absl::OkStatus();
  return EtagMismatch(name, sent, current);
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_ETAG_H_
