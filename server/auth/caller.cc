#include "auth/caller.h"

#include <string>

#include "domain/names.h"

namespace kompas::auth {

absl::StatusOr<domain::Principal> CallerFrom(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kMemberMetadataKey);
  if (it == metadata.end() || it->second.empty()) {
    return absl::UnauthenticatedError(
        "no caller identity: send metadata x-kompas-member (the CLI's --member or "
        "KOMPAS_MEMBER), e.g. anna-zaanstad in the demo community");
  }
  std::string member(it->second.data(), it->second.size());
  if (!domain::IsValidUserId(member)) {
    return absl::UnauthenticatedError(
        "x-kompas-member must be a member id: 3-63 characters of lowercase letters, digits "
        "and '-'");
  }
  return domain::Principal{member};
}

}  // namespace kompas::auth
