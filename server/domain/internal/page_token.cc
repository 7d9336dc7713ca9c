#include "domain/internal/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"

namespace kompas::domain::internal {

uint64_t Fingerprint(absl::string_view parameters) {
  uint64_t h = 1469598103934665603ull;
  for (char c : parameters) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string EncodePageToken(uint64_t fingerprint, absl::string_view cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", absl::Hex(fingerprint), ":", cursor));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  FieldViolations v;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits(':', 2));
  uint64_t got = 0;
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleHexAtoi(parts[1], &got) ||
      parts[2].empty()) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  if (got != fingerprint) {
    v.Add("page_token", "was made for a request with other filters; "
                        "repeat the first request's filters or start without a token");
    return v.ToStatus();
  }
  return parts[2];
}

}  // namespace kompas::domain::internal
