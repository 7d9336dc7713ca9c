// The offline commands of kompas-admin: they work on kompasd's data
// directory directly, not over gRPC, so they work before any administrator
// token exists (the first one is issued here) and when kompasd cannot run.
// Commands that change the store (token issue and revoke, member add,
// reindex) need kompasd stopped, because RocksDB admits one writing
// process; the recovery commands (audit verify, check-index) refuse a
// running kompasd too; the lists open the store read-only and work beside
// it. With kompasd serving, administer through it instead (online.h).
//
// Each command prints its result on stdout, errors as one line on stderr, and
// returns the process exit code. Nothing printed holds personal data beyond
// what the administrator passed in (member ids, display names they chose).
//
//   return admin::TokenIssue("var/kompas", {.member_id = "beheerder", .admin = true});
#ifndef KOMPAS_TOOLS_KOMPAS_ADMIN_COMMANDS_H_
#define KOMPAS_TOOLS_KOMPAS_ADMIN_COMMANDS_H_

#include <string>
#include <vector>

#include <optional>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "kompas/v1/community.pb.h"

namespace kompas::admin {

inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;      // the command failed, or found damage
inline constexpr int kUsageError = 2;  // the command line was wrong

struct TokenIssueArgs {
  std::string member_id;
  bool admin = false;  // server-wide administrator rights
  absl::Duration ttl = absl::Hours(24 * 90);
  std::string note;  // what the token is for, e.g. "laptop"
};
// Prints the new token alone on stdout's first line (the only time it is
// shown) and its id and expiry on stderr.
int TokenIssue(const std::string& data_dir, const TokenIssueArgs& args);
// A table of tokens (never secrets), of one member when member_id is set.
int TokenList(const std::string& data_dir, const std::string& member_id);
int TokenRevoke(const std::string& data_dir, const std::string& token_id);

struct MemberAddArgs {
  std::string community;     // community id
  std::string member_id;
  std::string municipality;  // CBS code "GM0479" or "municipalities/GM0479"
  std::vector<std::string> roles;  // "professional", "privacy-officer", "ROLE_STEWARD", …
  std::string display_name;  // a pseudonym, screened by the PII gate
};
int MemberAdd(const std::string& data_dir, const MemberAddArgs& args);
int MemberList(const std::string& data_dir, const std::string& community);

// Walks the audit hash chain: exit 0 when intact, 1 naming the first damaged
// event when not.
int AuditVerify(const std::string& data_dir);
// Proves the store holds the prefix a signed checkpoint (kompas-admin audit
// checkpoint) saw, unchanged: checks the signature with the verifier key in
// `public_key_file` (empty: `checkpoint_file`.pub), then the chain up to and
// past it (audit/checkpoint.h VerifyPrefix). Exit 0 when it holds, 1 naming
// where it breaks (truncation, a deleted, altered or rewritten event) or
// when the checkpoint is not signed by that key.
int AuditVerifyCheckpoint(const std::string& data_dir, const std::string& checkpoint_file,
                          const std::string& public_key_file);

// Rebuilds the search index from the records (kompasd stopped).
int SearchReindex(const std::string& data_dir);
// Rewrites every table file of the store (kompasd stopped): drops what
// deleted and replaced records left behind and brings files written by an
// older kompasd to the current format (partitioned index and filter
// blocks, which keep kompasd's memory bounded). Prints the bytes before
// and after.
int Compact(const std::string& data_dir);
// Compares the search index with itself: every document's postings present
// with the right counts, no posting without its document. Exit 0 when
// consistent, 1 listing the problems (then run reindex).
int SearchCheckIndex(const std::string& data_dir);

// Copies the backup in `from` (made by `kompas-admin backup`) into the new
// or empty directory `data_dir`, opens it once and checks it against the
// backup's manifest: audit chain verified, audit head and record counts
// equal. Exit 0 when it matches, 1 naming what does not.
int Restore(const std::string& from, const std::string& data_dir);

// The way past a store kompasd refuses as damaged: point-in-time recovery of
// the write-ahead log and, for a damaged table file, RocksDB's RepairDB
// (store/repair.h); prints what was dropped, records per table before and
// after, and the audit chain's length and state. Without accept_loss it
// only explains (exit 2). kompasd must be stopped.
int Repair(const std::string& data_dir, bool accept_loss);

// Shared by the offline and the online commands.
absl::Time FromProto(const google::protobuf::Timestamp& ts);
// UTC to the minute, without spaces so a table column stays one word.
std::string TableTime(absl::Time t);
// Left-aligned columns, two spaces apart; the last column is not padded.
void PrintTable(const std::vector<std::vector<std::string>>& rows);
// "privacy-officer", "PRIVACY_OFFICER" and "ROLE_PRIVACY_OFFICER" all name
// v1::ROLE_PRIVACY_OFFICER; nullopt for anything else.
std::optional<v1::Role> ParseRole(const std::string& text);
// "PRIVACY_OFFICER" for ROLE_PRIVACY_OFFICER.
std::string RoleShortName(int role);

}  // namespace kompas::admin

#endif  // KOMPAS_TOOLS_KOMPAS_ADMIN_COMMANDS_H_
