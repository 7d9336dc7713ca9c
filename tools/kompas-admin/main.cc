// kompas-admin: the administrator's tool. Parses the command line and runs
// one command of commands.h on kompasd's data directory.
#include <cstdint>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "client.h"
#include "commands.h"
#include "connection_flags.h"
#include "online.h"
#include "spdlog/spdlog.h"

namespace kompas::admin {
namespace {

// "90d", "2w", "12h", "30m" or "45s" as a duration; nullopt when malformed
// or not positive.
std::optional<absl::Duration> ParseExpiresIn(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  int64_t n = 0;
  if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &n) || n <= 0 || n > 100000000) {
    return std::nullopt;
  }
  switch (text.back()) {
    case 'w': return absl::Hours(24 * 7) * n;
    case 'd': return absl::Hours(24) * n;
    case 'h': return absl::Hours(n);
    case 'm': return absl::Minutes(n);
    case 's': return absl::Seconds(n);
    default: return std::nullopt;
  }
}

// A retention period: "0", or ParseExpiresIn's forms plus years ("5y", of
// 365 days).
std::optional<absl::Duration> ParseRetention(const std::string& text) {
  if (text == "0") return absl::ZeroDuration();
  if (text.size() >= 2 && text.back() == 'y') {
    std::optional<absl::Duration> days = ParseExpiresIn(text.substr(0, text.size() - 1) + "d");
    if (days) return *days * 365;
    return std::nullopt;
  }
  return ParseExpiresIn(text);
}

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas-admin: administer a Kompas server: tokens, members and communities, and\n"
      "recovery of its store.\n"
      "token, member and community commands talk to the running kompasd (AdminService),\n"
      "signed in with an administrator's token: --server/KOMPAS_SERVER, --token/KOMPAS_TOKEN\n"
      "and the TLS options, as the kompas CLI. Given --data_dir, token issue/list/revoke and\n"
      "member add/list work on the store instead, for the first administrator token and for\n"
      "recovery; those that change it need kompasd stopped.\n"
      "backup asks the running kompasd for a copy of its store, audit checkpoint for a signed\n"
      "checkpoint of its audit trail; restore, audit verify, check-index, reindex, compact and\n"
      "repair work on --data_dir with kompasd stopped.\n"
      "Exit codes: 0 success, 1 failure (or a damaged audit trail), 2 usage error."};
  app.name("kompas-admin");
  app.fallthrough();  // --data_dir may come before or after the command
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  kompas-admin --data_dir var/kompas token issue beheerder --admin   # kompasd stopped\n"
      "  export KOMPAS_TOKEN=kmp_...                                        # that admin token\n"
      "  kompas-admin token issue anna-zaanstad --expires-in 90d --note laptop\n"
      "  kompas-admin token list anna-zaanstad\n"
      "  kompas-admin token revoke 3f2a9c01b7de\n"
      "  kompas-admin member add wijkteams femke-zaanstad --municipality GM0479 \\\n"
      "      --role professional --display-name \"Wijkcoach Zaandam\"\n"
      "  kompas-admin member roles wijkteams femke-zaanstad --role professional,steward\n"
      "  kompas-admin member remove wijkteams femke-zaanstad\n"
      "  kompas-admin community create jeugdzorg --display-name Jeugdzorg --municipality GM0479\n"
      "  kompas-admin community settings jeugdzorg --adoption-quorum 2\n"
      "  kompas-admin community settings jeugdzorg --audit-retention 7y --archived-case-retention 2y\n"
      "  kompas-admin backup --out /var/backups/kompas/2026-12-05\n"
      "  kompas-admin restore --from /var/backups/kompas/2026-12-05 --data_dir /srv/kompas-new\n"
      "  kompas-admin audit checkpoint --out /srv/checkpoints/2026-12-05.txt\n"
      "  kompas-admin audit verify --checkpoint /srv/checkpoints/2026-12-05.txt   # kompasd stopped\n"
      "  kompas-admin audit verify\n"
      "  kompas-admin check-index\n"
      "  kompas-admin reindex\n"
      "  kompas-admin compact                                               # kompasd stopped\n"
      "  kompas-admin repair --data_dir var/kompas --accept-loss   # only on a damaged store\n");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  std::string data_dir = "var/kompas";
  CLI::Option* data_dir_option =
      app.add_option("--data_dir,--data-dir", data_dir,
                     "kompasd's RocksDB directory, for the offline commands")
          ->capture_default_str();
  // Token and member commands work on the store only when it is named.
  auto offline = [&] { return data_dir_option->count() > 0; };

  // Connection and sign-in for the commands that talk to kompasd: the
  // kompas CLI's own options.
  cli::ClientOptions client_options;
  cli::ConnectionFlags connection;
  cli::AddConnectionFlags(&app, &client_options, &connection);
  // The connection, made when an online command runs.
  std::unique_ptr<cli::Client> client;
  auto online = [&](std::function<int(cli::Client&)> command) {
    return [&, command] {
      if (int rc = cli::ResolveConnection(connection, &client_options); rc != kOk) return rc;
      client = std::make_unique<cli::Client>(client_options);
      return command(*client);
    };
  };

  // The chosen command, set by its subcommand's callback; runs after parsing.
  std::function<int()> run;

  // token
  CLI::App* token = app.add_subcommand("token", "personal access tokens");
  token->require_subcommand(1);

  TokenIssueArgs issue_args;
  int days = 90;
  int64_t ttl_seconds = 0;
  std::string expires_in;
  CLI::App* issue = token->add_subcommand(
      "issue", "issue a token for a member and print it once");
  issue->add_option("MEMBER_ID", issue_args.member_id, "the member the token is for")->required();
  issue->add_flag("--admin", issue_args.admin, "server-wide administrator rights");
  issue->add_option("--days", days, "days until the token expires")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  issue->add_option("--expires-in,--expires_in", expires_in,
                    "lifetime such as 90d, 2w, 12h or 30m (instead of --days)");
  issue->add_option("--note", issue_args.note,
                    "what the token is for, e.g. laptop (no personal data)");
  // Hidden, for tests of expiry: overrides --days.
  issue->add_option("--ttl_seconds", ttl_seconds)->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->group("");
  issue->callback([&] {
    issue_args.ttl = ttl_seconds > 0 ? absl::Seconds(ttl_seconds) : absl::Hours(24) * days;
    if (!expires_in.empty()) {
      std::optional<absl::Duration> ttl = ParseExpiresIn(expires_in);
      if (!ttl) {
        throw CLI::ValidationError("--expires-in",
                                   "must be a number and a unit: 90d, 2w, 12h, 30m or 45s");
      }
      issue_args.ttl = *ttl;
    }
    run = offline() ? std::function<int()>([&] { return TokenIssue(data_dir, issue_args); })
                    : online([&](cli::Client& c) { return online::TokenIssue(c, issue_args); });
  });

  std::string list_member;
  CLI::App* list = token->add_subcommand("list", "list tokens (without their secrets)");
  list->add_option("MEMBER_ID", list_member, "only this member's tokens");
  list->callback([&] {
    run = offline() ? std::function<int()>([&] { return TokenList(data_dir, list_member); })
                    : online([&](cli::Client& c) { return online::TokenList(c, list_member); });
  });

  std::string revoke_id;
  CLI::App* revoke = token->add_subcommand(
      "revoke", "revoke a token by its id; refused from the next call on");
  revoke->add_option("TOKEN_ID", revoke_id, "the id `token list` shows")->required();
  revoke->callback([&] {
    run = offline() ? std::function<int()>([&] { return TokenRevoke(data_dir, revoke_id); })
                    : online([&](cli::Client& c) { return online::TokenRevoke(c, revoke_id); });
  });

  // member
  CLI::App* member = app.add_subcommand("member", "members of a community");
  member->require_subcommand(1);

  MemberAddArgs add_args;
  CLI::App* add = member->add_subcommand("add", "add a member to a community");
  add->add_option("COMMUNITY", add_args.community, "community id, e.g. wijkteams")->required();
  add->add_option("MEMBER_ID", add_args.member_id,
                  "3-63 characters of a-z, 0-9 and '-', starting with a letter")
      ->required();
  add->add_option("--municipality", add_args.municipality,
                  "the member's municipality, CBS code e.g. GM0479")
      ->required();
  add->add_option("--role", add_args.roles,
                  "professional, facilitator, privacy-officer, steward or exporter; repeatable")
      ->required()
      ->delimiter(',')
      ->allow_extra_args(false);
  add->add_option("--display-name,--display_name", add_args.display_name,
                  "a pseudonym shown with contributions (not a real name)")
      ->required();
  add->callback([&] {
    run = offline() ? std::function<int()>([&] { return MemberAdd(data_dir, add_args); })
                    : online([&](cli::Client& c) { return online::MemberAdd(c, add_args); });
  });

  std::string roles_community, roles_member;
  std::vector<std::string> new_roles;
  CLI::App* roles = member->add_subcommand(
      "roles", "replace a member's roles in a community; effective from the next call on");
  roles->add_option("COMMUNITY", roles_community, "community id, e.g. wijkteams")->required();
  roles->add_option("MEMBER_ID", roles_member, "the member")->required();
  roles->add_option("--role", new_roles,
                    "professional, facilitator, privacy-officer, steward or exporter; repeatable")
      ->required()
      ->delimiter(',')
      ->allow_extra_args(false);
  roles->callback([&] {
    run = online([&](cli::Client& c) {
      return online::MemberRoles(c, roles_community, roles_member, new_roles);
    });
  });

  std::string remove_community, remove_member;
  CLI::App* remove = member->add_subcommand(
      "remove", "remove a member: contributions get a pseudonym, tokens are revoked");
  remove->add_option("COMMUNITY", remove_community, "community id, e.g. wijkteams")->required();
  remove->add_option("MEMBER_ID", remove_member, "the member")->required();
  remove->callback([&] {
    run = online(
        [&](cli::Client& c) { return online::MemberRemove(c, remove_community, remove_member); });
  });

  std::string members_of;
  CLI::App* members = member->add_subcommand("list", "list the members of a community");
  members->add_option("COMMUNITY", members_of, "community id, e.g. wijkteams")->required();
  members->callback([&] { run = [&] { return MemberList(data_dir, members_of); }; });

  // community
  CLI::App* community = app.add_subcommand("community", "communities");
  community->require_subcommand(1);

  online::CommunityCreateArgs create_args;
  CLI::App* create = community->add_subcommand("create", "create a community");
  create->add_option("COMMUNITY", create_args.community,
                     "3-63 characters of a-z, 0-9 and '-', starting with a letter")
      ->required();
  create->add_option("--display-name,--display_name", create_args.display_name,
                     "the community's name")
      ->required();
  create->add_option("--description", create_args.description, "what it is about");
  create->add_option("--municipality", create_args.municipalities,
                     "member municipality, CBS code e.g. GM0479; repeatable")
      ->required()
      ->delimiter(',')
      ->allow_extra_args(false);
  create->callback([&] {
    run = online([&](cli::Client& c) { return online::CommunityCreate(c, create_args); });
  });

  online::CommunitySettingsArgs settings_args;
  int quorum = 0;
  std::vector<std::string> allow_list;
  CLI::App* settings = community->add_subcommand("settings", "change a community's settings");
  settings->add_option("COMMUNITY", settings_args.community, "community id, e.g. wijkteams")
      ->required();
  CLI::Option* quorum_option = settings->add_option(
      "--adoption-quorum,--adoption_quorum", quorum,
      "municipalities that must endorse a standard before adoption; 0: the default (3)");
  CLI::Option* allow_option = settings->add_option(
      "--pii-allow,--pii_allow", allow_list,
      "a term the PII gate must not report, e.g. an organisation's name; repeatable; replaces "
      "the list")
      ->allow_extra_args(false);
  std::string audit_retention, case_retention;
  CLI::Option* audit_retention_option = settings->add_option(
      "--audit-retention,--audit_retention", audit_retention,
      "how long audit events are kept, e.g. 5y, 400d, 12h; 0: the default (5 years)");
  CLI::Option* case_retention_option = settings->add_option(
      "--archived-case-retention,--archived_case_retention", case_retention,
      "how long archived cases are kept after archiving, e.g. 2y, 90d; 0: forever (the default)");
  settings->callback([&] {
    for (auto [option, text, out] :
         {std::tuple{audit_retention_option, &audit_retention, &settings_args.audit_retention},
          std::tuple{case_retention_option, &case_retention,
                     &settings_args.archived_case_retention}}) {
      if (option->count() == 0) continue;
      std::optional<absl::Duration> period = ParseRetention(*text);
      if (!period) {
        throw CLI::ValidationError(option->get_name(),
                                   "must be 0 or a number and a unit: 5y, 90d, 2w, 12h, 30m or 45s");
      }
      *out = *period;
    }
    if (quorum_option->count() > 0) settings_args.adoption_quorum = quorum;
    if (allow_option->count() > 0) settings_args.pii_allow_list = allow_list;
    run = online([&](cli::Client& c) { return online::CommunitySettings(c, settings_args); });
  });

  // backup and restore
  std::string backup_out;
  CLI::App* backup = app.add_subcommand(
      "backup", "make kompasd copy its store into a new directory while it serves");
  backup->add_option("--out", backup_out,
                     "the new directory, on kompasd's machine (best on the store's file system)")
      ->required();
  backup->callback([&] {
    run = online([&](cli::Client& c) { return online::Backup(c, backup_out); });
  });
  std::string restore_from;
  CLI::App* restore = app.add_subcommand(
      "restore", "rebuild a store from a backup into --data_dir (a new or empty directory)");
  restore->add_option("--from", restore_from, "the backup's directory")->required();
  restore->callback([&] {
    if (!offline()) throw CLI::RequiredError("--data_dir");
    run = [&] { return Restore(restore_from, data_dir); };
  });

  // audit
  CLI::App* audit = app.add_subcommand("audit", "the audit trail");
  audit->require_subcommand(1);
  std::string checkpoint_file, public_key_file;
  CLI::App* verify = audit->add_subcommand(
      "verify", "check that the audit trail's hash chain is unbroken (kompasd stopped); with "
                "--checkpoint, that it still holds every event the checkpoint covers, unchanged");
  verify->add_option("--checkpoint", checkpoint_file,
                     "a signed checkpoint from `audit checkpoint`");
  verify->add_option("--public_key,--public-key", public_key_file,
                     "the verifier key that signed it (default: the checkpoint file + .pub)");
  verify->callback([&] {
    run = [&] {
      return checkpoint_file.empty()
                 ? AuditVerify(data_dir)
                 : AuditVerifyCheckpoint(data_dir, checkpoint_file, public_key_file);
    };
  });
  std::string checkpoint_out, checkpoint_community;
  CLI::App* checkpoint = audit->add_subcommand(
      "checkpoint", "fetch a signed checkpoint of the audit chain from kompasd, to keep");
  checkpoint->add_option("--out", checkpoint_out, "file for the checkpoint; its key goes to FILE.pub")
      ->required();
  checkpoint->add_option("--community", checkpoint_community,
                         "a community where you are privacy officer (administrators may omit it)");
  checkpoint->callback([&] {
    run = online([&](cli::Client& c) {
      return online::AuditCheckpoint(c, checkpoint_out, checkpoint_community);
    });
  });

  // repair
  bool accept_loss = false;
  CLI::App* repair = app.add_subcommand(
      "repair", "make a store kompasd refuses as damaged open again, dropping what the damage "
                "took and reporting it (kompasd must be stopped; prefer a recent backup)");
  repair->add_flag("--accept-loss", accept_loss,
                   "accept that the damaged part and everything after it in the log is dropped");
  repair->callback([&] { run = [&] { return Repair(data_dir, accept_loss); }; });

  // search index
  app.add_subcommand("reindex",
                     "rebuild the search index from the records (kompasd must be stopped)")
      ->callback([&] { run = [&] { return SearchReindex(data_dir); }; });
  app.add_subcommand("compact",
                     "rewrite the store's table files: reclaims the space of deleted records and "
                     "upgrades files of an older kompasd (kompasd must be stopped)")
      ->callback([&] { run = [&] { return Compact(data_dir); }; });
  app.add_subcommand("check-index",
                     "check the search index against itself (kompasd must be stopped)")
      ->callback([&] { run = [&] { return SearchCheckIndex(data_dir); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with exit code 0; everything else is usage.
    return app.exit(e) == 0 ? kOk : kUsageError;
  }
  if (!run) {
    std::cerr << "error: no command given\nRun with --help for more information.\n";
    return kUsageError;
  }
  // The store's progress lines (store_opened, …) are for kompasd's log, not
  // for an administrator's terminal; warnings and errors still show.
  spdlog::set_level(spdlog::level::warn);
  return run();
}

}  // namespace
}  // namespace kompas::admin

int main(int argc, char** argv) {
  // Nothing below throws on purpose; this is the last line of defence so
  // that odd input ends in a message, never in an abort.
  try {
    return kompas::admin::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return kompas::admin::kFailed;
  }
}
