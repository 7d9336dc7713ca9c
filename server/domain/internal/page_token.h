// Opaque page tokens: base64url of "v1", a fingerprint of the request's
// filters, and the key part after which the next page starts. A token used
// with other filters than it was made for is refused, so a client cannot
// silently get a mixed listing.
#ifndef KOMPAS_DOMAIN_INTERNAL_PAGE_TOKEN_H_
#define KOMPAS_DOMAIN_INTERNAL_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas::domain::internal {

// A stable 64-bit fingerprint (FNV-1a) of the request parameters that must
// stay the same across pages.
uint64_t Fingerprint(absl::string_view parameters);

std::string EncodePageToken(uint64_t fingerprint, absl::string_view cursor);
// The cursor; "" for an empty token. INVALID_ARGUMENT (field page_token) when
// the token is malformed or was made for other parameters.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint);

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_PAGE_TOKEN_H_
