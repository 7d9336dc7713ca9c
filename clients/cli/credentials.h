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
// The token `kompas login` was given: `arg`, or for an empty one or "-" one
// line from stdin, trimmed. An empty token is a usage error. Returns the
// exit code.
int ReadTokenArg(std::string arg, std::string* token);
// `kompas login`, once the server knows the token: saves it readable only
// by the user. Returns the exit code.
int SaveToken(const std::string& token);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_CREDENTIALS_H_
