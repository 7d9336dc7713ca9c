#include "domain/privacy_checks.h"

#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/validation.h"

namespace kompas::domain {

absl::StatusOr<v1::CheckTextResponse> PrivacyChecks::CheckText(
    const Call& call, const v1::CheckTextRequest& request) const {
  FieldViolations v;
  ::kompas::domain::CheckText(v, "text", request.text(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  privacy::AllowList allow;
  if (!request.community().empty()) {
    ASSIGN_OR_RETURN(std::string id, ParseCommunityName(request.community(), "community"));
    // A community's allow-list is its members' business: others learn
    // nothing, not even that it exists.
    ASSIGN_OR_RETURN(auto member, call.Membership(id));
    if (!member.has_value() && !call.admin()) return NotFound(request.community());
    ASSIGN_OR_RETURN(v1::Community community, communities_->Load(id));
    allow = AllowListOf(community.pii_allow_list());
  }
  return gate_->Check(request.text(), allow);
}

}  // namespace kompas::domain
