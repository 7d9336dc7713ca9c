// The `kompas session` commands (intervisie sessions) and `kompas parked`.
// Like commands.h: main.cc fills the argument structs, each Run function
// makes the calls, prints human text or proto JSON (--json) and returns the
// exit code. Watching a session live is in session_watch.h.
#ifndef KOMPAS_CLIENTS_CLI_SESSION_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_SESSION_COMMANDS_H_

#include <string>

#include <absl/types/span.h>

#include "client.h"
#include "commands.h"
#include "one_call.h"

namespace kompas::cli {

struct SessionNewArgs {
  std::string case_name;  // full name or 13-character id
  std::string method;     // incident, balint, dilemma (see `session methods`)
  std::string title;      // empty: the server uses the case's title
  PrivacyFlags privacy;
};

struct SessionListArgs {
  std::string state;      // active|closed; empty: both
  std::string case_name;  // empty: every case
  int limit = 20;         // at most this many sessions
  bool all = false;       // ignore limit, fetch every page
};

struct SessionNextArgs {
  std::string name;
  std::string back_to;  // an earlier phase id; empty: the next phase
  std::string from;     // the phase id expected now; empty: do not check
};

// A session write that carries one text: park, conclude, answer. For
// answer, `name` is the parked question.
struct SessionTextArgs {
  std::string name;
  std::string text;  // "-" reads stdin
  PrivacyFlags privacy;
};

struct SessionEvaluateArgs {
  std::string name;
  int safety = 0;       // 1-5
  int clarity = 0;      // 1-5
  int method_kept = 0;  // 1-5
  std::string remark;   // optional
  PrivacyFlags privacy;
};

struct ParkedListArgs {
  std::string state;  // open|answered; empty: both
  int limit = 50;     // at most this many questions
  bool all = false;   // ignore limit, fetch every page
};

[[nodiscard]] int RunSessionMethods(Client& client);
[[nodiscard]] int RunSessionNew(Client& client, const SessionNewArgs& args);
[[nodiscard]] int RunSessionList(Client& client, const SessionListArgs& args);
// show, join and close: the commands that need nothing but the session's
// name.
absl::Span<const OneCall> SessionOneCalls();
[[nodiscard]] int RunSessionNext(Client& client, const SessionNextArgs& args);
[[nodiscard]] int RunSessionPark(Client& client, const SessionTextArgs& args);
[[nodiscard]] int RunSessionConclude(Client& client, const SessionTextArgs& args);
[[nodiscard]] int RunSessionEvaluate(Client& client, const SessionEvaluateArgs& args);
// `name` is a session or a whole community (`communities/{c}`).
[[nodiscard]] int RunSessionSummary(Client& client, const std::string& name);
[[nodiscard]] int RunSessionAnswer(Client& client, const SessionTextArgs& args);
[[nodiscard]] int RunParkedList(Client& client, const ParkedListArgs& args);

// For `case show`: the sessions about `case_name` (a full case name) with
// their conclusions and parked questions, as human text after the case.
// Prints nothing when there are none, or when the server has no sessions
// (an older kompasd).
[[nodiscard]] int PrintSessionsOfCase(Client& client, const std::string& case_name);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SESSION_COMMANDS_H_
