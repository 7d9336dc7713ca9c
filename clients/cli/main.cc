// kompas: the command-line client for kompasd. This file builds the command
// line from the nouns (each registers its subcommands in its *_cli.cc, see
// command_line.h), parses it, connects and runs the chosen command.
//
// Exit codes: 0 success, 1 the server refused or could not be reached, 2 the
// command line or its input was wrong.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "client.h"
#include "command_line.h"
#include "connection_flags.h"

namespace kompas::cli {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas: write and discuss anonymized privacy dilemmas (casussen) with peers from other "
      "municipalities, and agree on the professional standards that grow out of them (the "
      "kompas).\nExit codes: 0 success, 1 server error (or, for check, personal data "
      "found), 2 usage error."};
  app.name("kompas");
  // Global options may come before or after the subcommand.
  app.fallthrough();
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  kompas whoami                         who you are: municipality and roles per community\n"
      "  kompas check situatie.txt             preview what the privacy check finds, store nothing\n"
      "  kompas case new                       write a case, step by step\n"
      "  kompas case new --file case.json --redact\n"
      "                                        store it with names, BSNs, … replaced by [NAAM], [BSN], …\n"
      "  kompas case list --status open        cases open for reflections\n"
      "  kompas case show 0abcdefghijkm        read one case\n"
      "  kompas reflect 0abcdefghijkm --kind advice \"Ik zou eerst toestemming vragen.\"\n"
      "  kompas session new 0abcdefghijkm --method incident\n"
      "                                        start an intervisie session (facilitators)\n"
      "  kompas session watch 0abcdefghijkm    follow a session live\n"
      "  kompas standard list --status proposed\n"
      "                                        standards open for endorsement\n"
      "  kompas standard endorse 0abcdefghijkm endorse one\n"
      "  kompas kompas show                    the latest published kompas\n"
      "  kompas audit who-read 0abcdefghijkm   who read a case (privacy officers)");

  // CLI11's own errors read like ours: "error: ..." and a pointer to --help.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  ClientOptions options;
  ConnectionFlags connection;
  AddConnectionFlags(&app, &options, &connection);
  app.add_flag("--json", options.json, "print machine-readable JSON (proto JSON mapping)");
  app.add_option("--community", options.community,
                 "community id; may be left out when the server has only one")
      ->envname("KOMPAS_COMMUNITY");

  Chosen chosen;
  AddAccountCommands(&app, &chosen);
  AddCaseCommands(&app, &chosen);
  AddSearchCommands(&app, &chosen);
  AddSessionCommands(&app, &chosen);
  AddStandardCommands(&app, &chosen);
  AddAuditCommands(&app, &chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with exit code 0; everything else is usage.
    // A mistyped subcommand is named, with the nearest valid one.
    if (e.get_exit_code() != 0) {
      if (std::optional<std::string> unknown = UnknownSubcommand(app, argc, argv)) {
        std::cerr << "error: " << *unknown << "\nRun with --help for more information.\n";
        return kUsageError;
      }
    }
    return app.exit(e) == 0 ? kOk : kUsageError;
  }

  if (!chosen.run) return UsageError("no command given; see kompas --help");
  if (chosen.prepare) {
    if (int rc = chosen.prepare(&options); rc != kOk) return rc;
  }
  if (int rc = ResolveConnection(connection, &options); rc != kOk) return rc;
  Client client(std::move(options));
  return chosen.run(client);
}

}  // namespace
}  // namespace kompas::cli

int main(int argc, char** argv) {
  // Nothing below throws on purpose; this is the last line of defence so
  // that odd input ends in a message, never in an abort.
  try {
    return kompas::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return kompas::cli::kServerError;
  }
}
