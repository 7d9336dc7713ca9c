// How the `kompas` commands are put on the command line (CLI11): what each
// noun's registration gets, the flags several commands share, the rows of
// one-call commands (one_call.h) as subcommands, and the message for a
// mistyped subcommand. main.cc builds the app and calls one Add*Commands per
// noun; each lives in its own *_cli.cc beside the Run functions it calls.
//
//   Chosen chosen;
//   AddCaseCommands(&app, &chosen);
//   app.parse(argc, argv);
//   ... connect ...
//   return chosen.run(client);
#ifndef KOMPAS_CLIENTS_CLI_COMMAND_LINE_H_
#define KOMPAS_CLIENTS_CLI_COMMAND_LINE_H_

#include <absl/types/span.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "client.h"
#include "commands.h"
#include "one_call.h"

namespace kompas::cli {

// The command the command line chose, set by its subcommand's callback
// during parsing; main runs it once connected.
struct Chosen {
  std::function<int(Client&)> run;
  // Runs after parsing, before connecting, when set: may change the
  // options (`kompas login` puts the token it is to check there). Its
  // exit code, when not kOk, ends the command.
  std::function<int(ClientOptions*)> prepare;
};

// When `cmd` is the chosen command, `run` runs. `run` keeps what it
// captures (the parsed arguments, held by a shared_ptr) alive.
void OnChosen(CLI::App* cmd, Chosen* chosen, std::function<int(Client&)> run);

// Registers the noun `name` on `parent` (`kompas case`, `kompas standard
// erratum`): a command that only groups its verbs, one of which must follow
// (UnknownSubcommand names the nearest when it does not). `footer`, when
// not empty, ends its help.
CLI::App* AddNoun(CLI::App* parent, const std::string& name, const std::string& help,
                  const std::string& footer = "");

// Registers `VERB NAME` on `parent`: NAME, required, is a name of `kind`
// (its help says which forms it takes), shown in the usage as `label`.
CLI::App* AddNamed(CLI::App* parent, const std::string& verb, const std::string& help,
                   NameKind kind, std::string* name, const std::string& label = "NAME");

// Registers each row as `VERB NAME` on `noun`.
void AddOneCalls(CLI::App* noun, absl::Span<const OneCall> calls, Chosen* chosen);

// Registers --redact and --accept-warnings on a write command.
void AddPrivacyFlags(CLI::App* app, PrivacyFlags* flags);
// Registers --limit (at most this many `what`, 1 to a million) and --all
// on a list command.
void AddLimitFlags(CLI::App* app, int* limit, bool* all, const std::string& what);
// Registers a text flag; Edit::given records presence.
void AddEdit(CLI::App* app, const std::string& flag, Edit* edit, const std::string& help);
// Registers a repeatable list flag; ListEdit::given records presence.
void AddListEdit(CLI::App* app, const std::string& flag, ListEdit* edit, const std::string& help);

// After a failed parse: when a word where a subcommand belongs is none of
// them (`kompas standrd list`, `kompas case shwo`), the message that names
// it and the nearest valid one; nullopt otherwise.
std::optional<std::string> UnknownSubcommand(const CLI::App& app, int argc, char** argv);

// The nouns, each in its *_cli.cc.
// login, whoami, community, municipalities (account_cli.cc).
void AddAccountCommands(CLI::App* app, Chosen* chosen);
// case, reflect, reflections, check (case_cli.cc).
void AddCaseCommands(CLI::App* app, Chosen* chosen);
// session, parked (session_cli.cc).
void AddSessionCommands(CLI::App* app, Chosen* chosen);
// standard, position, register, kompas (standard_cli.cc).
void AddStandardCommands(CLI::App* app, Chosen* chosen);
// search, case similar|standards, annotate, annotations, annotation
// (search_cli.cc); after AddCaseCommands.
void AddSearchCommands(CLI::App* app, Chosen* chosen);
// audit events|who-read (audit_cli.cc).
void AddAuditCommands(CLI::App* app, Chosen* chosen);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_COMMAND_LINE_H_
