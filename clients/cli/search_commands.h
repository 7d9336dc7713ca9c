// The commands for search and annotations: `kompas search`, `kompas case
// similar`, `kompas case standards`, `kompas annotate`, `kompas annotations`
// and `kompas annotation delete`. Like commands.h: main.cc fills the argument
// structs, each Run function makes the calls, prints human text or proto JSON
// (--json) and returns the exit code.
#ifndef KOMPAS_CLIENTS_CLI_SEARCH_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_SEARCH_COMMANDS_H_

#include <string>
#include <vector>

#include <absl/types/span.h>

#include "client.h"
#include "commands.h"
#include "one_call.h"

namespace kompas::cli {

struct SearchArgs {
  std::string query;
  std::vector<std::string> kinds;  // case|reflection|standard; empty: all
  std::string status;              // a case status word, see ParseWord
  std::string theme, law;
  std::string municipality;  // GM0479 or municipalities/GM0479
  std::string since, until;  // YYYY-MM-DD, local time; until is inclusive
  int limit = 20;            // at most this many results
};

// `case similar` and `case standards`.
struct CaseMatchArgs {
  std::string name;
  int limit = 10;  // at most this many results, 1-100
};

struct AnnotateArgs {
  // A case, reflection or standard in full; a bare 13-character id is the
  // case or standard with that id, `{case id}/{reflection id}` a reflection.
  std::string target;
  std::string field;  // situation, framing.purpose, text, content.statement, …
  std::string quote, prefix, suffix;
  std::vector<std::string> tags;
  std::string motivation;  // commenting (default)|questioning|highlighting|linking
  std::string standard;    // for linking
  std::string body;        // "-" reads stdin; may be empty for highlighting
  PrivacyFlags privacy;
};

struct AnnotationsArgs {
  std::string target;          // as in AnnotateArgs
  std::string format = "text";  // text|w3c
};

[[nodiscard]] int RunSearch(Client& client, const SearchArgs& args);
[[nodiscard]] int RunCaseSimilar(Client& client, const CaseMatchArgs& args);
[[nodiscard]] int RunCaseStandards(Client& client, const CaseMatchArgs& args);
[[nodiscard]] int RunAnnotate(Client& client, const AnnotateArgs& args);
// Text: each annotation with its quote marked in the target's current text.
// w3c: a JSON array of W3C Web Annotations.
[[nodiscard]] int RunAnnotations(Client& client, const AnnotationsArgs& args);
// `annotation delete`: one call on the annotation's name.
absl::Span<const OneCall> AnnotationOneCalls();

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SEARCH_COMMANDS_H_
