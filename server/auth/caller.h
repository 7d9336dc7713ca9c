// The one place every RPC learns who is calling: a bearer token in the
// `authorization: Bearer <token>` metadata (issued by `kompas-admin token
// issue`, stored hashed in the TokenStore).
#ifndef KOMPAS_AUTH_CALLER_H_
#define KOMPAS_AUTH_CALLER_H_

#include "absl/status/statusor.h"
#include "auth/tokens.h"
#include "domain/principal.h"
#include "grpcpp/server_context.h"

namespace kompas::auth {

class Authenticator {
 public:
  // `tokens` is not owned and must outlive this object. Thread-safe.
  explicit Authenticator(const TokenStore* tokens) : tokens_(tokens) {}

  // The calling member, or UNAUTHENTICATED saying how to sign in.
  absl::StatusOr<domain::Principal> Authenticate(const grpc::CallbackServerContext& context) const;

 private:
  const TokenStore* tokens_;
};

}  // namespace kompas::auth

#endif  // KOMPAS_AUTH_CALLER_H_
