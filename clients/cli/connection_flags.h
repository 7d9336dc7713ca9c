// The command-line options for reaching kompasd and signing in: --server,
// --insecure, --token, --tls, --ca, --cert and --key, each with its KOMPAS_*
// environment variable. The `kompas` CLI and kompas-export both register
// them here, so the two tools connect, sign in and refuse unsafe settings in
// exactly the same way.
//
//   ClientOptions options;
//   ConnectionFlags flags;
//   AddConnectionFlags(&app, &options, &flags);
//   app.parse(argc, argv);
//   if (int rc = ResolveConnection(flags, &options); rc != kOk) return rc;
//   Client client(std::move(options));
#ifndef KOMPAS_CLIENTS_CLI_CONNECTION_FLAGS_H_
#define KOMPAS_CLIENTS_CLI_CONNECTION_FLAGS_H_

#include <string>

#include <CLI/CLI.hpp>

#include "client.h"

namespace kompas::cli {

// What the flags hold besides ClientOptions' own fields, until
// ResolveConnection turns it into options.
struct ConnectionFlags {
  // PEM files named by --ca, --cert and --key; empty when not given.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // --insecure: send the token in plaintext to a server that is not on
  // this machine. Default false: such a command is refused.
  bool insecure = false;
};

// Registers the connection and sign-in options on `app`, writing into
// `options` and `flags`; both must outlive parsing.
void AddConnectionFlags(CLI::App* app, ClientOptions* options, ConnectionFlags* flags);

// After parsing: the default server for an empty one, TLS implied by --ca
// or --cert, the PEM files read, the token `kompas login` saved when none
// was given. Refuses (with the error printed, kUsageError) a --cert without
// --key or the reverse, a token that is not printable ASCII, and a token
// that would travel unencrypted to another machine without --insecure.
[[nodiscard]] int ResolveConnection(const ConnectionFlags& flags, ClientOptions* options);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_CONNECTION_FLAGS_H_
