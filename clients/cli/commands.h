// The `kompas` commands. main.cc parses the command line into these argument
// structs; each Run function makes the calls and prints the result (human
// text, or proto JSON under --json) and returns the process exit code.
#ifndef KOMPAS_CLIENTS_CLI_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include <absl/types/span.h>

#include "client.h"
#include "one_call.h"

namespace kompas::cli {

// A text field of `case update`: `given` is false when the flag was absent,
// so that "--title ''" (set to empty) differs from "no --title".
struct Edit {
  bool given = false;
  std::string value;
};

// A list field of `case update`; given values replace the whole list. Empty
// strings are dropped, so `--law ''` clears the list.
struct ListEdit {
  bool given = false;
  std::vector<std::string> values;
};

// --redact and --accept-warnings of the write commands: how the server's PII
// gate treats personal data it finds (see kompas.v1.PrivacyMode).
struct PrivacyFlags {
  bool redact = false;           // PRIVACY_MODE_REDACT: replace it by placeholders
  bool accept_warnings = false;  // acknowledge_warnings: keep WARN findings as written
};

struct CaseNewArgs {
  std::string file;   // proto JSON Case; "-" is stdin; empty: ask in the terminal
  bool open = false;  // create as OPEN instead of DRAFT
  PrivacyFlags privacy;
};

struct CaseListArgs {
  std::string status;        // a status word, see ParseWord
  std::string theme;
  std::string law;
  std::string municipality;  // GM0479 or municipalities/GM0479
  int limit = 20;            // at most this many cases
  bool all = false;          // ignore limit, fetch every page
};

struct CaseUpdateArgs {
  std::string name;
  Edit title, situation, question, task, purpose, necessary_data, legal_basis, decision, outcome;
  ListEdit options, laws, themes;
  Edit visibility;   // community|shared
  std::string etag;  // empty: read the current one first
  PrivacyFlags privacy;
};

struct CaseStatusArgs {
  std::string name;
  std::string status;  // a status word, see ParseWord
  PrivacyFlags privacy;
};

struct ReflectArgs {
  std::string name;
  std::string kind;
  std::string text;  // "-" reads stdin
  PrivacyFlags privacy;
};

struct CheckArgs {
  std::string file;  // plain text; "-" is stdin
};

[[nodiscard]] int RunCommunityList(Client& client);
[[nodiscard]] int RunCommunityShow(Client& client, const std::string& id);
[[nodiscard]] int RunMunicipalities(Client& client);
[[nodiscard]] int RunCaseNew(Client& client, const CaseNewArgs& args);
[[nodiscard]] int RunCaseList(Client& client, const CaseListArgs& args);
// show: the case and the sessions about it.
absl::Span<const OneCall> CaseOneCalls();
[[nodiscard]] int RunCaseUpdate(Client& client, const CaseUpdateArgs& args);
[[nodiscard]] int RunCaseStatus(Client& client, const CaseStatusArgs& args);
// Asks for confirmation when stdin is a terminal, unless `yes`.
[[nodiscard]] int RunCaseDelete(Client& client, const std::string& name, bool yes);
[[nodiscard]] int RunReflect(Client& client, const ReflectArgs& args);
[[nodiscard]] int RunReflections(Client& client, const std::string& name, bool all);
// Previews the PII gate on a text (PrivacyService.CheckText). Like a linter:
// kOk when nothing is found, kServerError (1) when anything is, BLOCK or WARN.
[[nodiscard]] int RunCheck(Client& client, const CheckArgs& args);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_COMMANDS_H_
