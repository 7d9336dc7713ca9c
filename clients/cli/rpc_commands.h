// The `kompas` command for each RPC it makes, so that a server message
// that names an RPC ("corrected through an erratum (ReportErratum)") reads
// as the command a user types ("(kompas standard erratum report)").
//
//   CommandWords("join it first (JoinSession)") == "join it first (kompas session join)"
#ifndef KOMPAS_CLIENTS_CLI_RPC_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_RPC_COMMANDS_H_

#include <absl/strings/string_view.h>

#include <string>

namespace kompas::cli {

// The command that makes the RPC `method` (`ReportErratum`), e.g.
// "kompas standard erratum report"; empty for an RPC no command makes.
absl::string_view CommandOf(absl::string_view method);

// `text` with each RPC named in parentheses, `(ReportErratum)` or `(see
// ListMunicipalities)`, replaced by its command.
std::string CommandWords(absl::string_view text);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_RPC_COMMANDS_H_
