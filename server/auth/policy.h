// Who may call what: the rule an RPC carries and the check of a caller
// against it. Every RPC's rule is declared in the RPC table
// (api/rpc_table.cc); a method without a rule is refused (deny by default),
// and a test walks the proto descriptors to keep it that way.
// Resource-level rules (only the author edits a case, …) live in the domain.
#ifndef KOMPAS_AUTH_POLICY_H_
#define KOMPAS_AUTH_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/principal.h"
#include "kompas/v1/community.pb.h"

namespace kompas::auth {

enum class Access {
  kAuthenticated,  // any valid token; the use case limits what is returned
  kRoles,          // one of `roles` in the community the request names
  kAdmin,          // server-wide administrators only
  kAdminOrRoles,   // server-wide administrators, or one of `roles` in the community the
                   // request names (e.g. audit checkpoints: administrators and privacy officers)
};

struct Rule {
  Access access;
  std::vector<v1::Role> roles;   // for kRoles and kAdminOrRoles
  bool audited;                  // reads or changes case material: on the audit trail
};

// OK, or the refusal: a caller who is not a member of the community gets
// NOT_FOUND naming `resource` (as if it did not exist); a member without one
// of the rule's roles gets PERMISSION_DENIED naming the roles needed.
// Administrators pass every rule except community roles: case material
// needs a role in its community, also for an administrator. `membership` is the caller's record in
// `community` (nullopt: not a member; ignored when community is empty).
[[nodiscard]] absl::Status Authorize(const Rule& rule, const domain::Principal& caller,
                                     absl::string_view community,
                                     const std::optional<v1::Member>& membership,
                                     absl::string_view resource);

// "STEWARD" for ROLE_STEWARD.
std::string RoleWord(v1::Role role);

}  // namespace kompas::auth

#endif  // KOMPAS_AUTH_POLICY_H_
