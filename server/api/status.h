// absl::Status → grpc::Status at the API edge. The codes are the same
// canonical codes, so the code is a cast; payloads typed by a google.rpc type
// URL (domain/errors.h) become google.rpc.Status details, which gRPC sends in
// the `grpc-status-details-bin` trailer for clients to unpack.
#ifndef KOMPAS_API_STATUS_H_
#define KOMPAS_API_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace kompas::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace kompas::api

#endif  // KOMPAS_API_STATUS_H_
