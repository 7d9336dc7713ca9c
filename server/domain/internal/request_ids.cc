#include "domain/internal/request_ids.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "domain/errors.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace kompas::domain::internal {
namespace {

constexpr char kSeparator = '\n';  // never part of a resource name

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

}  // namespace

std::string RequestIdEntry(absl::string_view resource_name,
                           const google::protobuf::Message& request) {
  return absl::StrCat(resource_name, std::string(1, kSeparator), Fingerprint(request));
}

absl::StatusOr<std::string> ReplayedName(absl::string_view entry,
                                         const google::protobuf::Message& request,
                                         absl::string_view request_id) {
  const size_t separator = entry.find(kSeparator);
  if (separator == absl::string_view::npos) return std::string(entry);  // before fingerprints
  const absl::string_view name = entry.substr(0, separator);
  if (entry.substr(separator + 1) != Fingerprint(request)) {
    return WithReason(absl::StatusCode::kAlreadyExists, v1::REQUEST_ID_REUSED,
                      absl::StrCat("request_id ", request_id, " was already used for a different "
                                   "request (which created ", name,
                                   "); a retry must repeat the request unchanged, a new request "
                                   "needs a new request_id"));
  }
  return std::string(name);
}

}  // namespace kompas::domain::internal
