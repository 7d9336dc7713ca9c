// `kompas login`, `kompas whoami`, `kompas community` and `kompas
// municipalities` on the command line.
#include <memory>
#include <string>

#include "account_commands.h"
#include "command_line.h"
#include "commands.h"
#include "credentials.h"

namespace kompas::cli {

void AddAccountCommands(CLI::App* app, Chosen* chosen) {
  // login: check the token with the server, then keep it so later commands
  // need no --token.
  auto token = std::make_shared<std::string>();
  CLI::App* login = app->add_subcommand(
      "login", "save your access token in ~/.config/kompas/token (readable only by you)");
  login->add_option("token", *token, "the token; `-` or nothing reads it from stdin");
  login->footer(
      "The server is asked first who the token belongs to; a token it does not know "
      "is not saved.");
  login->callback([chosen, token] {
    chosen->prepare = [token](ClientOptions* options) {
      return ReadTokenArg(*token, &options->token);
    };
    chosen->run = [](Client& c) { return RunLogin(c); };
  });

  OnChosen(app->add_subcommand(
               "whoami", "who you are to the server: per community your municipality and roles"),
           chosen, [](Client& c) { return RunWhoami(c); });

  CLI::App* community = AddNoun(app, "community", "learning communities");
  OnChosen(community->add_subcommand("list", "list the communities"), chosen,
           [](Client& c) { return RunCommunityList(c); });
  auto id = std::make_shared<std::string>();
  CLI::App* show = community->add_subcommand("show", "show a community and its members");
  show->add_option("ID", *id, "community id (default: --community, or the only one)");
  OnChosen(show, chosen, [id](Client& c) { return RunCommunityShow(c, *id); });

  OnChosen(app->add_subcommand("municipalities", "list the municipalities the server knows"),
           chosen, [](Client& c) { return RunMunicipalities(c); });
}

}  // namespace kompas::cli
