// The one place every RPC learns who is calling, from one of two identities:
//
//  - a bearer token in the `authorization: Bearer <token>` metadata (issued
//    by `kompas-admin token issue`, stored hashed in the TokenStore). A token
//    may carry server-wide admin rights.
//  - a client certificate (mutual TLS): the certificate's subject CN is the
//    member id, e.g. `CN=anna-zaanstad`. The TLS handshake has already
//    verified it against kompasd's client CA (api::TlsOptions). A certificate
//    never carries admin rights: those come only from tokens, which can be
//    listed and revoked one by one.
//
// A token, when present, wins, so a member with a certificate can still act
// as admin with an admin token. The member need not exist here: the domain
// treats an unknown member like any non-member (NOT_FOUND for a community's
// resources).
#ifndef KOMPAS_AUTH_CALLER_H_
#define KOMPAS_AUTH_CALLER_H_

#include <string>

#include "absl/status/statusor.h"
#include "auth/tokens.h"
#include "domain/principal.h"
#include "grpcpp/server_context.h"

namespace kompas::auth {

// Calls from this process's own HTTP listener (server/web), made over
// api::Server's in-process channel, which marks every call with metadata
// `kompas-in-process` holding a random secret of this process (made once,
// never logged, never sent anywhere). Only calls carrying it may say who the
// browser behind them is, in the metadata below; from the network those
// are ignored. (The peer string cannot tell: gRPC 1.51 gives in-process
// calls the peer "unknown".)
inline constexpr char kInProcessMetadata[] = "kompas-in-process";
// The secret: 64 hex digits from OpenSSL's CSPRNG.
const std::string& InProcessSecret();
// True when the call carries the secret (compared in constant time).
bool IsInProcess(const grpc::CallbackServerContext& context);

// The browser's address (api's PeerAddress uses it for the failed sign-in
// limit).
inline constexpr char kForwardedForMetadata[] = "kompas-forwarded-for";
// The subject CN of a client certificate the HTTP listener verified against
// the same client CA (a browser session signed in with that certificate):
// treated exactly like the CN of a certificate on the gRPC port.
inline constexpr char kForwardedCertificateMetadata[] = "kompas-forwarded-certificate";

class Authenticator {
 public:
  // `tokens` is not owned and must outlive this object. Thread-safe.
  explicit Authenticator(const TokenStore* tokens) : tokens_(tokens) {}

  // The calling member, or UNAUTHENTICATED saying how to sign in. Trusts a
  // client certificate only because the server verifies every certificate
  // it accepts (api::Server never uses a *_DONT_VERIFY mode, and the HTTP
  // listener forwards only certificates its TLS handshake verified).
  absl::StatusOr<domain::Principal> Authenticate(const grpc::CallbackServerContext& context) const;

 private:
  const TokenStore* tokens_;
};

}  // namespace kompas::auth

#endif  // KOMPAS_AUTH_CALLER_H_
