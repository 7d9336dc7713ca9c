// Human output of `kompas audit`: the trail as a table, and per member who
// read a case. Also the --since words, which are parsed here so that they
// have unit tests.
//
//   std::optional<absl::Time> since = ParseSince("7d", absl::Now());  // a week ago
//   PrintAuditEvents(response);
//   PrintReaders(case_name, response);
#ifndef KOMPAS_CLIENTS_CLI_AUDIT_FORMAT_H_
#define KOMPAS_CLIENTS_CLI_AUDIT_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/string_view.h>
#include <absl/time/time.h>
#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>

#include "kompas/v1/audit.pb.h"

namespace kompas::cli {

// The moment `text` names, for --since: a day `YYYY-MM-DD` (local midnight),
// an RFC 3339 time (`2026-12-05T09:30:00Z`, `...+01:00`), or a span back
// from `now`: a number with `m` (minutes), `h` (hours) or `d` (days), e.g.
// `90m`, `24h`, `7d`. nullopt for anything else.
std::optional<absl::Time> ParseSince(absl::string_view text, absl::Time now);

// The RPC's own name from a full method: `/kompas.v1.CaseService/GetCase`
// → `GetCase`.
std::string ShortMethod(absl::string_view method);

// A member who touched a resource, summed up from its trail.
struct Reader {
  std::string member;
  int64_t calls = 0;                    // successful calls on the resource
  google::protobuf::Timestamp first;    // the earliest of them
  google::protobuf::Timestamp last;     // the latest
  std::vector<std::string> methods;     // short names, in the order first met (newest first)
};

// The members with successful (outcome OK) events among `events`, the one
// who read most recently first.
std::vector<Reader> ReadersOf(const google::protobuf::RepeatedPtrField<v1::AuditEvent>& events);

// The events as a table: number, time, member, call, outcome, resource.
void PrintAuditEvents(const v1::ListAuditEventsResponse& events);

// Who read `resource`: one row per member (ReadersOf), then the refused
// calls on it, if any, counted with the members who made them.
void PrintReaders(absl::string_view resource, const v1::ListAuditEventsResponse& events);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_AUDIT_FORMAT_H_
