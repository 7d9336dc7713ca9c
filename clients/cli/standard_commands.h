// The commands for professional standards and the kompas: `kompas standard`
// (drafting, revisions, endorsement and adoption, errata), `kompas position`
// and `kompas register` (volg of leg uit), and `kompas kompas` (published
// versions). Like commands.h: main.cc fills the argument structs, each Run
// function makes the calls, prints human text or proto JSON (--json) and
// returns the exit code.
#ifndef KOMPAS_CLIENTS_CLI_STANDARD_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_STANDARD_COMMANDS_H_

#include <string>
#include <vector>

#include <absl/types/span.h>

#include "client.h"
#include "commands.h"
#include "one_call.h"

namespace kompas::cli {

// The content flags of `standard new`, `standard edit` and `standard erratum
// accept`. Each given flag sets one field of kompas.v1.StandardContent; the
// list flags (repeatable) replace the whole list, and `--law ''` clears it.
struct ContentFlags {
  Edit title;
  Edit kind;       // no-go|must-do|rule-of-thumb|good-practice
  Edit modality;   // must|must-not|should|may
  Edit statement;  // "-" reads stdin
  Edit rationale;
  ListEdit laws;
  ListEdit themes;
  ListEdit audiences;  // A|B|C|D
};

struct StandardNewArgs {
  // A kompas.v1.Standard as proto JSON (its content and sources); "-" is
  // stdin; empty: the flags alone. Flags given as well override the file.
  std::string file;
  ContentFlags content;
  // Where it came from: cases and sessions, as full names or bare ids, and
  // at most one session conclusion (a conclusion grows into one standard),
  // in full or as {session id}/{number}; empty: none.
  std::vector<std::string> from_cases;
  std::vector<std::string> from_sessions;
  std::string from_conclusion;
  PrivacyFlags privacy;
};

struct StandardListArgs {
  std::string kind, status, law, theme, audience;  // filters; empty: any
  std::string case_name;                           // only standards from this case
  int limit = 20;                                  // at most this many standards
  bool all = false;                                // ignore limit, fetch every page
};

struct StandardShowArgs {
  std::string name;
  int revision = 0;  // 0: the latest
};

struct StandardEditArgs {
  std::string name;
  std::string note;  // why, stored with the new revision; required
  ContentFlags content;
  PrivacyFlags privacy;
};

struct StandardDiffArgs {
  std::string name;
  int from = 0;  // the older revision
  int to = 0;    // the newer one; 0: the latest
};

// A standard (reject, retire) or an erratum (erratum reject) and why.
struct ReasonArgs {
  std::string name;
  std::string reason;
  PrivacyFlags privacy;  // only erratum reject sends it: the others screen strictly
};

struct StandardSupersedeArgs {
  std::string name;
  std::string successor;
};

struct ErratumReportArgs {
  std::string name;         // the standard
  std::string description;  // what is wrong; "-" reads stdin
  PrivacyFlags privacy;
};

struct ErratumAcceptArgs {
  std::string name;  // the erratum
  // A kompas.v1.StandardContent as proto JSON, the corrected text in full;
  // "-" is stdin. Empty: the standard's current content. The flags given
  // are applied on top of either.
  std::string file;
  ContentFlags content;
  PrivacyFlags privacy;
};

struct PositionSetArgs {
  std::string standard;
  // CBS code, GM0344 or municipalities/GM0344. Empty (no flag, no
  // $KOMPAS_MUNICIPALITY): the caller's municipality in the community.
  std::string municipality;
  std::string stance;       // follows|deviates|not-applicable
  std::string explanation;  // required with deviates; "-" reads stdin
  std::string review_on;    // YYYY-MM-DD
  PrivacyFlags privacy;
};

struct PositionListArgs {
  std::string standard;      // empty: every standard
  std::string municipality;  // empty: every municipality
};

[[nodiscard]] int RunStandardNew(Client& client, const StandardNewArgs& args);
[[nodiscard]] int RunStandardShow(Client& client, const StandardShowArgs& args);
[[nodiscard]] int RunStandardList(Client& client, const StandardListArgs& args);
// UpdateStandard with a mask of the given flags, sending the etag it reads
// first, so someone else's change in between is refused, not overwritten.
[[nodiscard]] int RunStandardEdit(Client& client, const StandardEditArgs& args);
// Each changed field's word diff, coloured when stdout is a terminal.
[[nodiscard]] int RunStandardDiff(Client& client, const StandardDiffArgs& args);
// revisions, and propose, endorse, withdraw and adopt (the status changes):
// the commands that need nothing but the standard's name.
absl::Span<const OneCall> StandardOneCalls();
[[nodiscard]] int RunStandardReject(Client& client, const ReasonArgs& args);
[[nodiscard]] int RunStandardRetire(Client& client, const ReasonArgs& args);
[[nodiscard]] int RunStandardSupersede(Client& client, const StandardSupersedeArgs& args);
[[nodiscard]] int RunErratumReport(Client& client, const ErratumReportArgs& args);
// erratum list.
absl::Span<const OneCall> ErratumOneCalls();
// ResolveErratum ACCEPTED; the corrected content is the file or the current
// content, with the flags applied.
[[nodiscard]] int RunErratumAccept(Client& client, const ErratumAcceptArgs& args);
[[nodiscard]] int RunErratumReject(Client& client, const ReasonArgs& args);

[[nodiscard]] int RunPositionSet(Client& client, const PositionSetArgs& args);
[[nodiscard]] int RunPositionList(Client& client, const PositionListArgs& args);
// `today`: YYYY-MM-DD to count overdue reviews against; empty: the server's today.
[[nodiscard]] int RunRegister(Client& client, const std::string& today);

// `notes`: the release notes; "-" reads stdin.
[[nodiscard]] int RunKompasPublish(Client& client, const std::string& notes);
// `version`: 3, v3, latest or a full name.
[[nodiscard]] int RunKompasShow(Client& client, const std::string& version);
[[nodiscard]] int RunKompasVersions(Client& client);
[[nodiscard]] int RunKompasDiff(Client& client, const std::string& from, const std::string& to);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_STANDARD_COMMANDS_H_
