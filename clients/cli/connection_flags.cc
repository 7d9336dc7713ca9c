#include "connection_flags.h"

#include <utility>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/string_view.h>
#include <absl/strings/strip.h>

#include "credentials.h"

namespace kompas::cli {
namespace {

// True for 127.x, localhost, ::1 and unix-socket targets: plaintext never
// leaves the machine.
bool IsLoopbackTarget(absl::string_view target) {
  absl::string_view host = target;
  absl::ConsumePrefix(&host, "dns:///");
  return absl::StartsWith(host, "unix:") || absl::StartsWith(host, "127.") ||
         absl::StartsWith(host, "localhost") || absl::StartsWith(host, "[::1]") || host == "::1";
}

// A token becomes gRPC metadata, which must be printable ASCII; refusing it
// here beats an obscure transport error.
bool PrintableAscii(absl::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

void AddConnectionFlags(CLI::App* app, ClientOptions* options, ConnectionFlags* flags) {
  app->add_option("--server", options->server, "kompasd address, host:port")
      ->envname("KOMPAS_SERVER")
      ->capture_default_str();
  app->add_flag("--insecure", flags->insecure,
                "allow sending the token in plaintext to a non-loopback server");
  app->add_option("--token", options->token,
                  "your access token (default: $KOMPAS_TOKEN, else the one `kompas login` saved)")
      ->envname("KOMPAS_TOKEN");
  app->add_flag("--tls", options->tls, "speak TLS to kompasd (default: $KOMPAS_TLS=1)")
      ->envname("KOMPAS_TLS");
  app->add_option("--ca", flags->ca_file,
                  "PEM CA certificates that signed kompasd's certificate; implies --tls "
                  "(default: $KOMPAS_CA, else the system's roots)")
      ->envname("KOMPAS_CA");
  app->add_option("--cert", flags->cert_file,
                  "PEM client certificate for mutual TLS, subject CN = your member id; implies "
                  "--tls, needs --key (default: $KOMPAS_CERT)")
      ->envname("KOMPAS_CERT");
  app->add_option("--key", flags->key_file, "PEM private key of --cert (default: $KOMPAS_KEY)")
      ->envname("KOMPAS_KEY");
}

int ResolveConnection(const ConnectionFlags& flags, ClientOptions* options) {
  // An environment variable that is set but empty means "not set".
  if (options->server.empty()) options->server = kDefaultServer;
  if (flags.cert_file.empty() != flags.key_file.empty()) {
    return UsageError("--cert and --key go together: the client certificate and its private key");
  }
  if (!flags.ca_file.empty() || !flags.cert_file.empty()) options->tls = true;
  for (auto [path, pem] : {std::pair{&flags.ca_file, &options->ca_pem},
                           std::pair{&flags.cert_file, &options->cert_pem},
                           std::pair{&flags.key_file, &options->key_pem}}) {
    if (path->empty()) continue;
    if (int rc = ReadInput(*path, pem); rc != kOk) return rc;
  }
  if (options->token.empty()) options->token = ReadSavedToken();
  if (!PrintableAscii(options->token)) {
    return UsageError("the token must be printable ASCII; copy it exactly as it was issued");
  }
  // A token sent in plaintext to another machine can be read on the way.
  if (!options->tls && !flags.insecure && !IsLoopbackTarget(options->server) &&
      !options->token.empty()) {
    return UsageError(absl::StrCat(
        "refusing to send your token unencrypted to ", options->server,
        "; use --tls (with --ca for a private CA), or --insecure if the network path is trusted"));
  }
  return kOk;
}

}  // namespace kompas::cli
