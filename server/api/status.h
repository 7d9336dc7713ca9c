// absl::Status → grpc::Status at the API edge. The codes are the same
// canonical codes, so the code is a cast; payloads typed by a google.rpc type
// URL (domain/errors.h) become google.rpc.Status details, which gRPC sends in
// the `grpc-status-details-bin` trailer for clients to unpack.
//
// Trailers are metadata, and clients refuse metadata over a limit (8 KiB by
// default in gRPC): an error with hundreds of findings, or quoting a 100 KB
// etag, would reach the caller as "metadata size exceeds limit" instead of
// itself. So every error is kept within a budget: the message is cut at
// kMaxErrorMessageBytes, each detail's strings are cut, lists (field
// violations, privacy findings, metadata) keep their first entries, and a
// last field violation says how many were left out. The whole list of
// privacy findings is always available from CheckText, whose answer is a
// body, not metadata.
#ifndef KOMPAS_API_STATUS_H_
#define KOMPAS_API_STATUS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "kompas/v1/errors.pb.h"

namespace kompas::api {

// Budgets of an error, in bytes: the message, and the serialized details
// (which repeat the message). Together, base64 and all, well under 8 KiB.
inline constexpr size_t kMaxErrorMessageBytes = 1000;
inline constexpr size_t kMaxErrorDetailsBytes = 4000;

// Every non-OK result carries a google.rpc.ErrorInfo (domain kompas.v1): the
// status's own, or one whose reason is the generic ErrorReason of its code
// (INTERNAL, UNAVAILABLE, …) when the status came without one.
grpc::Status ToGrpcStatus(const absl::Status& status);
// `status` with that generic ErrorInfo added when it has none.
absl::Status WithGenericReason(const absl::Status& status);
// The generic reason of a code: INTERNAL for kInternal, … (UNKNOWN for
// codes outside the canonical ones).
v1::ErrorReason GenericReason(absl::StatusCode code);

}  // namespace kompas::api

#endif  // KOMPAS_API_STATUS_H_
