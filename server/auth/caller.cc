#include "auth/caller.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace kompas::auth {

absl::StatusOr<domain::Principal> Authenticator::Authenticate(
    const grpc::CallbackServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "no token: sign in with `kompas login` (or set KOMPAS_TOKEN) using the token your "
        "administrator issued");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, "bearer ")) {
    return absl::UnauthenticatedError("the authorization header must be `Bearer <token>`");
  }
  value.remove_prefix(7);
  return tokens_->Verify(absl::StripAsciiWhitespace(value));
}

}  // namespace kompas::auth
