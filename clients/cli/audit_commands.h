// `kompas audit`: the privacy officer's view of the audit trail
// (AuditService.ListAuditEvents). `events` lists calls, filtered; `who-read`
// sums up, per member, the calls on one case.
#ifndef KOMPAS_CLIENTS_CLI_AUDIT_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_AUDIT_COMMANDS_H_

#include <string>

#include "client.h"

namespace kompas::cli {

struct AuditEventsArgs {
  std::string case_name;  // --case: a case name or id; empty: any resource
  std::string member;     // --member: a member id (or members/{id} name)
  std::string method;     // --method: GetCase or /kompas.v1.CaseService/GetCase
  std::string since;      // --since: see ParseSince (audit_format.h)
  int limit = 50;         // at most this many events, newest first
  bool all = false;       // every event that matches
};

[[nodiscard]] int RunAuditEvents(Client& client, const AuditEventsArgs& args);

// Every event about the case, all pages. --json: them as a
// ListAuditEventsResponse (refused calls too; see `outcome`).
[[nodiscard]] int RunWhoRead(Client& client, const std::string& case_arg,
                             const std::string& since);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_AUDIT_COMMANDS_H_
