// The one place every RPC learns who is calling.
//
// Development principal: for now the caller names itself in the request
// metadata `x-kompas-member: <member-id>`; there is no authentication yet.
// The access-control issue replaces the body of CallerFrom with bearer
// tokens and mTLS; no handler changes when it does.
#ifndef KOMPAS_AUTH_CALLER_H_
#define KOMPAS_AUTH_CALLER_H_

#include "absl/status/statusor.h"
#include "domain/principal.h"
#include "grpcpp/server_context.h"

namespace kompas::auth {

inline constexpr char kMemberMetadataKey[] = "x-kompas-member";

// The calling member, or UNAUTHENTICATED saying how to identify.
absl::StatusOr<domain::Principal> CallerFrom(const grpc::CallbackServerContext& context);

}  // namespace kompas::auth

#endif  // KOMPAS_AUTH_CALLER_H_
