// Who the caller is: `kompas whoami`, `kompas login` (which checks a token
// with the server before keeping it), and the caller's municipality for
// commands that default to it. All from CommunityService.GetCaller.
#ifndef KOMPAS_CLIENTS_CLI_ACCOUNT_COMMANDS_H_
#define KOMPAS_CLIENTS_CLI_ACCOUNT_COMMANDS_H_

#include <string>

#include "client.h"

namespace kompas::cli {

// The member, and per community their pseudonym, municipality and roles.
[[nodiscard]] int RunWhoami(Client& client);

// `client` carries the token to check (ClientOptions::token). Saves it
// when the server knows it; refuses it (kServerError, nothing saved) when
// the server answers UNAUTHENTICATED. A server that cannot be asked (down,
// too old) leaves the token unchecked: it is saved with a warning.
[[nodiscard]] int RunLogin(Client& client);

// `municipalities/{code}` of the caller in the command's community, for a
// command whose --municipality was left out; `flag` names it in the error
// when the caller has none there.
[[nodiscard]] int CallerMunicipality(Client& client, absl::string_view flag,
                                     std::string* municipality);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_ACCOUNT_COMMANDS_H_
