#include "auth/caller.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"

namespace kompas::auth {
namespace {

// The subject CN(s) of the client certificate the TLS handshake verified
// (normally one), here or, for an in-process call, in the HTTP listener;
// none when the call came with no client certificate.
std::vector<std::string> CertificateCommonNames(const grpc::CallbackServerContext& context) {
  if (IsInProcess(context)) {
    const auto& metadata = context.client_metadata();
    auto it = metadata.find(kForwardedCertificateMetadata);
    if (it == metadata.end()) return {};
    return {std::string(it->second.data(), it->second.size())};
  }
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return {};
  const std::vector<grpc::string_ref> transport =
      auth->FindPropertyValues(GRPC_TRANSPORT_SECURITY_TYPE_PROPERTY_NAME);
  if (transport.size() != 1 || transport[0] != GRPC_SSL_TRANSPORT_SECURITY_TYPE) return {};
  std::vector<std::string> names;
  for (const grpc::string_ref& cn : auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
    names.emplace_back(cn.data(), cn.size());
  }
  return names;
}

absl::StatusOr<domain::Principal> FromCertificate(const std::vector<std::string>& names) {
  // The CN is not echoed: it is the client's text, and a wrong one is the
  // certificate issuer's mistake to look up, not the caller's to read back.
  if (names.size() != 1 || !domain::IsValidUserId(names[0])) {
    return domain::WithReason(
        absl::StatusCode::kUnauthenticated, v1::CERTIFICATE_INVALID,
        "the client certificate's subject CN must be exactly one member id (3 to 63 lowercase "
        "letters, digits and '-'); ask your administrator for a new certificate, or use a token");
  }
  domain::Principal p;
  p.member_id = names[0];
  p.admin = false;  // admin rights only via tokens
  return p;
}

}  // namespace

const std::string& InProcessSecret() {
  static const std::string* const secret = [] {
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) std::abort();  // never a guessable marker
    return new std::string(absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(random), sizeof random)));
  }();
  return *secret;
}

bool IsInProcess(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kInProcessMetadata);
  if (it == metadata.end()) return false;
  const std::string& secret = InProcessSecret();
  return it->second.size() == secret.size() &&
         CRYPTO_memcmp(it->second.data(), secret.data(), secret.size()) == 0;
}

absl::StatusOr<domain::Principal> Authenticator::Authenticate(
    const grpc::CallbackServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    if (std::vector<std::string> names = CertificateCommonNames(context); !names.empty()) {
      return FromCertificate(names);
    }
    return domain::WithReason(
        absl::StatusCode::kUnauthenticated, v1::TOKEN_MISSING,
        "no token: sign in with `kompas login` (or set KOMPAS_TOKEN) using the token your "
        "administrator issued");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, "bearer ")) {
    return domain::WithReason(absl::StatusCode::kUnauthenticated, v1::TOKEN_MALFORMED,
                              "the authorization header must be `Bearer <token>`");
  }
  value.remove_prefix(7);
  return tokens_->Verify(absl::StripAsciiWhitespace(value));
}

}  // namespace kompas::auth
