// What a request id keeps (table request_ids, store/keys.h): the name of
// the resource its create made and a fingerprint of that create's request,
// so that a retry (the same request again) gets the first result while a
// different request under the same id is refused instead of silently
// answered with someone else's result.
//
//   batch.Put(Table::kRequestIds, key, internal::RequestIdEntry(c.name(), request));
//   ...
//   ASSIGN_OR_RETURN(std::string earlier_name,
//                    internal::ReplayedName(*earlier, request, request.request_id()));
#ifndef KOMPAS_DOMAIN_INTERNAL_REQUEST_IDS_H_
#define KOMPAS_DOMAIN_INTERNAL_REQUEST_IDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace kompas::domain::internal {

// The stored entry: `resource_name`, a newline, and the SHA-256 (hex) of the
// deterministic serialization of `request`.
std::string RequestIdEntry(absl::string_view resource_name,
                           const google::protobuf::Message& request);

// The resource name in `entry` when `request` is the request that made it
// (an entry written before fingerprints were kept holds the name alone and
// matches any request); ALREADY_EXISTS with ErrorInfo reason
// REQUEST_ID_REUSED, naming `request_id`, when it is a different request.
absl::StatusOr<std::string> ReplayedName(absl::string_view entry,
                                         const google::protobuf::Message& request,
                                         absl::string_view request_id);

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_REQUEST_IDS_H_
