// kompas-admin: the administrator's tool. Parses the command line and runs
// one command of commands.h on kompasd's data directory.
#include <cstdint>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "commands.h"
#include "spdlog/spdlog.h"

namespace kompas::admin {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas-admin: manage tokens and members of a Kompas server, check its audit trail and\n"
      "its search index.\n"
      "Works on kompasd's data directory. token issue/revoke and member add change the store "
      "and need kompasd stopped, as does reindex; the list commands, audit verify and check-index\n"
      "work while it runs.\n"
      "Exit codes: 0 success, 1 failure (or a damaged audit trail), 2 usage error."};
  app.name("kompas-admin");
  app.fallthrough();  // --data_dir may come before or after the command
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  kompas-admin token issue beheerder --admin --note laptop\n"
      "  kompas-admin token list anna-zaanstad\n"
      "  kompas-admin member add wijkteams femke-zaanstad --municipality GM0479 \\\n"
      "      --role professional --display-name \"Wijkcoach Zaandam\"\n"
      "  kompas-admin audit verify\n"
      "  kompas-admin check-index\n"
      "  kompas-admin reindex\n");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  std::string data_dir = "var/kompas";
  app.add_option("--data_dir,--data-dir", data_dir, "kompasd's RocksDB directory")
      ->capture_default_str();

  // The chosen command, set by its subcommand's callback; runs after parsing.
  std::function<int()> run;

  // token
  CLI::App* token = app.add_subcommand("token", "personal access tokens");
  token->require_subcommand(1);

  TokenIssueArgs issue_args;
  int days = 90;
  int64_t ttl_seconds = 0;
  CLI::App* issue = token->add_subcommand(
      "issue", "issue a token for a member and print it once (kompasd must be stopped)");
  issue->add_option("MEMBER_ID", issue_args.member_id, "the member the token is for")->required();
  issue->add_flag("--admin", issue_args.admin, "server-wide administrator rights");
  issue->add_option("--days", days, "days until the token expires")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  issue->add_option("--note", issue_args.note,
                    "what the token is for, e.g. laptop (no personal data)");
  // Hidden, for tests of expiry: overrides --days.
  issue->add_option("--ttl_seconds", ttl_seconds)->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->group("");
  issue->callback([&] {
    issue_args.ttl = ttl_seconds > 0 ? absl::Seconds(ttl_seconds) : absl::Hours(24) * days;
    run = [&] { return TokenIssue(data_dir, issue_args); };
  });

  std::string list_member;
  CLI::App* list = token->add_subcommand("list", "list tokens (without their secrets)");
  list->add_option("MEMBER_ID", list_member, "only this member's tokens");
  list->callback([&] { run = [&] { return TokenList(data_dir, list_member); }; });

  std::string revoke_id;
  CLI::App* revoke =
      token->add_subcommand("revoke", "revoke a token by its id (kompasd must be stopped)");
  revoke->add_option("TOKEN_ID", revoke_id, "the id `token list` shows")->required();
  revoke->callback([&] { run = [&] { return TokenRevoke(data_dir, revoke_id); }; });

  // member
  CLI::App* member = app.add_subcommand("member", "members of a community");
  member->require_subcommand(1);

  MemberAddArgs add_args;
  CLI::App* add =
      member->add_subcommand("add", "add a member to a community (kompasd must be stopped)");
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
  add->callback([&] { run = [&] { return MemberAdd(data_dir, add_args); }; });

  std::string members_of;
  CLI::App* members = member->add_subcommand("list", "list the members of a community");
  members->add_option("COMMUNITY", members_of, "community id, e.g. wijkteams")->required();
  members->callback([&] { run = [&] { return MemberList(data_dir, members_of); }; });

  // audit
  CLI::App* audit = app.add_subcommand("audit", "the audit trail");
  audit->require_subcommand(1);
  audit->add_subcommand("verify", "check that the audit trail's hash chain is unbroken")
      ->callback([&] { run = [&] { return AuditVerify(data_dir); }; });

  // search index
  app.add_subcommand("reindex", "rebuild the search index from the records (kompasd must be stopped)")
      ->callback([&] { run = [&] { return SearchReindex(data_dir); }; });
  app.add_subcommand("check-index", "check the search index against itself")
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
