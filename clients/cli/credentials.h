// Where the CLI keeps the caller's access token between commands:
// ~/.config/kompas/token (or $XDG_CONFIG_HOME/kompas/token), mode 0600.
#ifndef KOMPAS_CLIENTS_CLI_CREDENTIALS_H_
#define KOMPAS_CLIENTS_CLI_CREDENTIALS_H_

#include <string>

namespace kompas::cli {

// The path of the token file.
std::string TokenPath();
// The saved token, trimmed; empty when there is none.
std::string ReadSavedToken();
// `kompas login`: saves `token` (empty or "-": read one line from stdin)
// readable only by the user. Returns the exit code.
int SaveToken(std::string token);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_CREDENTIALS_H_
