#include "auth/policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/errors.h"

namespace kompas::auth {

std::string RoleWord(v1::Role role) {
  std::string name = v1::Role_Name(role);
  return name.rfind("ROLE_", 0) == 0 ? name.substr(5) : name;
}

absl::Status Authorize(const Rule& rule, const domain::Principal& caller,
                       absl::string_view community, const std::optional<v1::Member>& membership,
                       absl::string_view resource) {
  // Administrators manage the server; they read and write case material
  // only where they hold a role, like anyone else (least privilege).
  if (caller.admin && rule.access != Access::kRoles) return absl::OkStatus();
  switch (rule.access) {
    case Access::kAuthenticated:
      return absl::OkStatus();
    case Access::kAdmin:
      return domain::WithReason(absl::StatusCode::kPermissionDenied, v1::ADMIN_REQUIRED,
                                "this needs a server administrator (ADMIN)");
    case Access::kAdminOrRoles:  // administrators passed above
    case Access::kRoles: {
      if (community.empty()) {
        return absl::InvalidArgumentError("the request names no community");
      }
      // Not a member: the community's resources do not exist for you.
      // The same NOT_FOUND as for a missing resource: nothing tells the two apart.
      if (!membership.has_value()) return domain::NotFound(resource);
      for (int role : membership->roles()) {
        if (std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end()) {
          return absl::OkStatus();
        }
      }
      std::vector<std::string> needed;
      for (v1::Role r : rule.roles) needed.push_back(RoleWord(r));
      return domain::WithReason(
          absl::StatusCode::kPermissionDenied, v1::ROLE_REQUIRED,
          absl::StrCat("this needs the ", absl::StrJoin(needed, " or "), " role in communities/",
                       community),
          {{"roles", absl::StrJoin(needed, ",")},
           {"community", absl::StrCat("communities/", community)}});
    }
  }
  return domain::WithReason(absl::StatusCode::kPermissionDenied, v1::NO_ACCESS_RULE,
                            "no access rule");
}

}  // namespace kompas::auth
