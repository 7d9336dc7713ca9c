// The commands of kompas-admin that talk to a running kompasd through
// AdminService (kompas/v1/admin.proto), signed in with an administrator's
// token: the same connection flags and KOMPAS_* environment as the kompas
// CLI (clients/cli/connection_flags.h). Nothing here touches the store.
//
// Each command prints its result on stdout, errors as one line on stderr
// (the CLI's format), and returns the process exit code (commands.h).
//
//   cli::Client client(options);
//   return admin::online::TokenIssue(client, {.member_id = "anna-zaanstad"});
#ifndef KOMPAS_TOOLS_KOMPAS_ADMIN_ONLINE_H_
#define KOMPAS_TOOLS_KOMPAS_ADMIN_ONLINE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "client.h"
#include "commands.h"

namespace kompas::admin::online {

// Prints the new token alone on stdout's first line (the only time it is
// shown) and its id and expiry on stderr, as the offline command does.
int TokenIssue(cli::Client& client, const TokenIssueArgs& args);
int TokenList(cli::Client& client, const std::string& member_id);
int TokenRevoke(cli::Client& client, const std::string& token_id);

int MemberAdd(cli::Client& client, const MemberAddArgs& args);
// Replaces the member's roles in the community.
int MemberRoles(cli::Client& client, const std::string& community, const std::string& member_id,
                const std::vector<std::string>& roles);
int MemberRemove(cli::Client& client, const std::string& community,
                 const std::string& member_id);

struct CommunityCreateArgs {
  std::string community;                    // the new community's id
  std::string display_name;
  std::string description;
  std::vector<std::string> municipalities;  // CBS codes or municipalities/{code}
};
int CommunityCreate(cli::Client& client, const CommunityCreateArgs& args);

struct CommunitySettingsArgs {
  std::string community;
  std::optional<int> adoption_quorum;                    // unset: unchanged
  std::optional<std::vector<std::string>> pii_allow_list;  // unset: unchanged
  std::optional<absl::Duration> audit_retention;          // unset: unchanged; 0: the default
  std::optional<absl::Duration> archived_case_retention;  // unset: unchanged; 0: forever
};
int CommunitySettings(cli::Client& client, const CommunitySettingsArgs& args);

// Makes kompasd back up its store into `directory` (on kompasd's machine;
// a relative path is made absolute here) and prints the manifest's summary.
int Backup(cli::Client& client, const std::string& directory);

// Fetches a signed checkpoint of the audit chain (AuditService) and writes
// it to `out`, and the key that signed it to `out`.pub; `community` (may be
// empty for an administrator) names where the caller is privacy officer.
int AuditCheckpoint(cli::Client& client, const std::string& out, const std::string& community);

}  // namespace kompas::admin::online

#endif  // KOMPAS_TOOLS_KOMPAS_ADMIN_ONLINE_H_
