// `kompas audit events` and `kompas audit who-read` on the command line.
#include <memory>
#include <string>

#include "audit_commands.h"
#include "command_line.h"

namespace kompas::cli {
namespace {

constexpr char kSinceHelp[] =
    "only calls at or after this time: YYYY-MM-DD, an RFC 3339 time, or a span back such as "
    "90m, 24h, 7d";

// What the audit commands parse into, until the chosen one has run.
struct AuditCommandArgs {
  AuditEventsArgs events;
  std::string case_name;  // who-read
  std::string since;      // who-read --since
};

}  // namespace

void AddAuditCommands(CLI::App* app, Chosen* chosen) {
  auto args = std::make_shared<AuditCommandArgs>();
  CLI::App* audit =
      AddNoun(app, "audit", "the audit trail: who read or changed what (privacy officers)");

  CLI::App* events =
      audit->add_subcommand("events", "calls on the audit trail, newest first; filters combine");
  events->add_option("--case", args->events.case_name,
                     "only calls about this case (" + NameHelp(NameKind::kCase) + ")");
  events->add_option("--member", args->events.member, "only calls by this member id");
  events->add_option("--method", args->events.method,
                     "only this call, e.g. GetCase or /kompas.v1.CaseService/GetCase");
  events->add_option("--since", args->events.since, kSinceHelp);
  AddLimitFlags(events, &args->events.limit, &args->events.all, "events");
  events->footer(
      "Examples:\n"
      "  kompas audit events --member eva-amsterdam --since 7d\n"
      "  kompas audit events --case 0abcdefghijkm --method GetCase");
  OnChosen(events, chosen, [args](Client& c) { return RunAuditEvents(c, args->events); });

  CLI::App* who_read = AddNamed(audit, "who-read",
                                "who read a case: per member the calls, first and last time",
                                NameKind::kCase, &args->case_name, "CASE");
  who_read->add_option("--since", args->since, kSinceHelp);
  who_read->footer(
      "Refused calls on the case are counted below the table; --json gives every event "
      "about the case, refused ones too (see their outcome).");
  OnChosen(who_read, chosen,
           [args](Client& c) { return RunWhoRead(c, args->case_name, args->since); });
}

}  // namespace kompas::cli
