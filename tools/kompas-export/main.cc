// kompas-export: writes one published kompas version as Markdown, JSON or
// CSV, from KompasService.ExportKompas. This file holds the command line, the
// stream and the output file; the documents are made in export_format.h.
//
//   kompas-export --community wijkteams --version latest --format markdown --out kompas.md
//
// Connection and sign-in work as for the `kompas` CLI (same flags, same
// environment variables, the token `kompas login` saved).
//
// Exit codes, as the CLI's: 0 success, 1 the server refused or could not be
// reached or the output could not be written, 2 the command line was wrong.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/string_view.h>
#include <absl/strings/strip.h>
#include <grpcpp/grpcpp.h>

#include "client.h"
#include "credentials.h"
#include "export_format.h"
#include "kompas/v1/kompas.grpc.pb.h"

namespace kompas::exporter {
namespace {

using ::kompas::cli::ClientOptions;
using ::kompas::cli::kOk;
using ::kompas::cli::kServerError;
using ::kompas::cli::kUsageError;

// The whole export is one stream; a version of a few hundred standards is a
// few megabytes, well within this on any network a member works from, and a
// hung server still ends in an error instead of a silent terminal.
constexpr auto kExportDeadline = std::chrono::seconds(120);

// What the stream carries: the version's header and its standards, in the
// server's order.
struct Export {
  v1::Kompas header;
  std::vector<v1::Standard> standards;
};

// The command line besides the connection options.
struct ExportArgs {
  std::string version;  // "3" or "latest"
  std::string format;   // markdown, json or csv
  std::string out;      // empty: stdout
};

// The next three repeat what the CLI keeps private (client.cc, main.cc): its
// Client opens the channel but neither exposes it nor has a KompasService
// stub. Once it offers one, this tool should use it and drop them.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const ClientOptions& options) {
  if (!options.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.ca_pem;  // empty: gRPC uses the system's roots
  ssl.pem_cert_chain = options.cert_pem;
  ssl.pem_private_key = options.key_pem;
  return grpc::SslCredentials(ssl);
}

// True for 127.x, localhost and ::1 targets: plaintext never leaves the machine.
bool IsLoopbackTarget(absl::string_view target) {
  absl::string_view host = target;
  absl::ConsumePrefix(&host, "dns:///");
  return absl::StartsWith(host, "unix:") || absl::StartsWith(host, "127.") ||
         absl::StartsWith(host, "localhost") || absl::StartsWith(host, "[::1]") || host == "::1";
}

// A token becomes gRPC metadata, which must be printable ASCII.
bool PrintableAscii(absl::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// `communities/{c}/kompasVersions/{n|latest}`, or a usage error.
int VersionName(const std::string& community, const std::string& version, std::string* name) {
  std::string parent;
  if (int rc = cli::ParseCommunityName(community, &parent); rc != kOk) return rc;
  int number = 0;
  if (version != "latest" && (!absl::SimpleAtoi(version, &number) || number < 1)) {
    return cli::UsageError(
        absl::StrCat("not a version: '", version, "' (a number such as 3, or latest)"));
  }
  *name = absl::StrCat(parent, "/kompasVersions/", version);
  return kOk;
}

// Reads the whole stream: first the header, then the standards. A stream out
// of that order is the server's error and ends the call.
absl::StatusOr<Export> ReadExport(v1::KompasService::Stub& stub, const ClientOptions& options,
                                  const std::string& name) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kExportDeadline);
  if (!options.token.empty()) ctx.AddMetadata("authorization", "Bearer " + options.token);
  v1::ExportKompasRequest request;
  request.set_name(name);
  std::unique_ptr<grpc::ClientReader<v1::ExportKompasResponse>> reader =
      stub.ExportKompas(&ctx, request);

  Export result;
  bool have_header = false;
  std::string protocol_error;
  v1::ExportKompasResponse message;
  while (protocol_error.empty() && reader->Read(&message)) {
    switch (message.part_case()) {
      case v1::ExportKompasResponse::kHeader:
        if (have_header) {
          protocol_error = "a second header";
        } else {
          result.header = std::move(*message.mutable_header());
          have_header = true;
        }
        break;
      case v1::ExportKompasResponse::kStandard:
        if (!have_header) {
          protocol_error = "a standard before the header";
        } else {
          result.standards.push_back(std::move(*message.mutable_standard()));
        }
        break;
      default:
        break;  // a part this build does not know (a newer server): not ours to show
    }
  }
  if (!protocol_error.empty()) ctx.TryCancel();
  grpc::Status status = reader->Finish();
  if (!protocol_error.empty()) {
    return absl::InternalError(absl::StrCat("the server sent ", protocol_error));
  }
  if (!status.ok()) {
    // gRPC's codes are absl's: a cast, not a translation.
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  if (!have_header) return absl::InternalError("the server sent no header");
  return result;
}

// One line on stderr, `error: CODE: message`, and kServerError. A call that
// never got through says where it tried to go.
int FailCall(const absl::Status& status, const ClientOptions& options, grpc::Channel& channel) {
  const std::string code = absl::StatusCodeToString(status.code());
  const bool unreachable = (status.code() == absl::StatusCode::kUnavailable ||
                            status.code() == absl::StatusCode::kDeadlineExceeded) &&
                           channel.GetState(/*try_to_connect=*/false) != GRPC_CHANNEL_READY;
  if (unreachable) {
    std::cerr << "error: " << code << ": cannot reach kompasd at " << options.server
              << " (is it running? is --tls right?): " << status.message() << "\n";
  } else {
    std::cerr << "error: " << code << ": " << status.message() << "\n";
  }
  return kServerError;
}

// Writes `contents` to `path` so that a reader sees the old file or the new
// one, never a part: the bytes go to `path`.tmp, are synced, and the rename
// replaces `path` in one step.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int error = fd < 0 ? errno : 0;
  for (size_t written = 0; error == 0 && written < contents.size();) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n >= 0) {
      written += static_cast<size_t>(n);
    } else if (errno != EINTR) {
      error = errno;
    }
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (fd >= 0 && ::close(fd) != 0 && error == 0) error = errno;
  const char* what = "write";
  if (error == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errno;
    what = "replace";
  }
  if (error == 0) return absl::OkStatus();
  ::unlink(tmp.c_str());
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error)));
}

absl::StatusOr<std::string> Format(const std::string& format, const Export& e) {
  if (format == "json") return ToJson(e.header, e.standards);
  if (format == "csv") return ToCsv(e.header, e.standards);
  return ToMarkdown(e.header, e.standards);
}

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas-export: write a published kompas version as Markdown (to read), JSON (the proto "
      "JSON mapping, for programs) or CSV (for spreadsheets).\nExit codes: 0 success, 1 server "
      "or output error, 2 usage error."};
  app.name("kompas-export");
  app.footer(
      "Examples:\n"
      "  kompas-export --community wijkteams --version latest --format markdown\n"
      "  kompas-export --community wijkteams --version 3 --format csv --out kompas-v3.csv\n"
      "The same version always gives the same bytes.");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  ExportArgs args;
  ClientOptions options;
  app.add_option("--community", options.community, "community id, e.g. wijkteams")
      ->envname("KOMPAS_COMMUNITY")
      ->required();
  app.add_option("--version", args.version, "the version number, or latest")->required();
  app.add_option("--format", args.format, "markdown, json or csv")
      ->check(CLI::IsMember({"markdown", "json", "csv"}))
      ->required();
  app.add_option("--out", args.out,
                 "write to this file, replacing it in one step (default: stdout)");

  // Connection and sign-in: the kompas CLI's global options.
  app.add_option("--server", options.server, "kompasd address, host:port")
      ->envname("KOMPAS_SERVER")
      ->capture_default_str();
  bool insecure = false;
  app.add_flag("--insecure", insecure,
               "allow sending the token in plaintext to a non-loopback server");
  app.add_option("--token", options.token,
                 "your access token (default: $KOMPAS_TOKEN, else the one `kompas login` saved)")
      ->envname("KOMPAS_TOKEN");
  std::string ca_file, cert_file, key_file;
  app.add_flag("--tls", options.tls, "speak TLS to kompasd (default: $KOMPAS_TLS=1)")
      ->envname("KOMPAS_TLS");
  app.add_option("--ca", ca_file,
                 "PEM CA certificates that signed kompasd's certificate; implies --tls "
                 "(default: $KOMPAS_CA, else the system's roots)")
      ->envname("KOMPAS_CA");
  app.add_option("--cert", cert_file,
                 "PEM client certificate for mutual TLS; implies --tls, needs --key "
                 "(default: $KOMPAS_CERT)")
      ->envname("KOMPAS_CERT");
  app.add_option("--key", key_file, "PEM private key of --cert (default: $KOMPAS_KEY)")
      ->envname("KOMPAS_KEY");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with exit code 0; everything else is usage.
    return app.exit(e) == 0 ? kOk : kUsageError;
  }

  std::string name;
  if (int rc = VersionName(options.community, args.version, &name); rc != kOk) return rc;
  // An environment variable that is set but empty means "not set".
  if (options.server.empty()) options.server = "127.0.0.1:50051";
  if (cert_file.empty() != key_file.empty()) {
    return cli::UsageError("--cert and --key go together: the client certificate and its key");
  }
  if (!ca_file.empty() || !cert_file.empty()) options.tls = true;
  for (auto [path, pem] : {std::pair{&ca_file, &options.ca_pem},
                           std::pair{&cert_file, &options.cert_pem},
                           std::pair{&key_file, &options.key_pem}}) {
    if (path->empty()) continue;
    if (int rc = cli::ReadInput(*path, pem); rc != kOk) return rc;
  }
  if (options.token.empty()) options.token = cli::ReadSavedToken();
  if (!PrintableAscii(options.token)) {
    return cli::UsageError("the token must be printable ASCII; copy it exactly as it was issued");
  }
  // A token sent in plaintext to another machine can be read on the way.
  if (!options.tls && !insecure && !IsLoopbackTarget(options.server) && !options.token.empty()) {
    return cli::UsageError(absl::StrCat(
        "refusing to send your token unencrypted to ", options.server,
        "; use --tls (with --ca for a private CA), or --insecure if the network path is trusted"));
  }

  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(options.server, ChannelCredentials(options));
  std::unique_ptr<v1::KompasService::Stub> stub = v1::KompasService::NewStub(channel);
  absl::StatusOr<Export> exported = ReadExport(*stub, options, name);
  if (!exported.ok()) return FailCall(exported.status(), options, *channel);

  absl::StatusOr<std::string> document = Format(args.format, *exported);
  if (!document.ok()) return cli::Failure(document.status().message());
  if (!args.out.empty()) {
    if (absl::Status s = WriteFileAtomically(args.out, *document); !s.ok()) {
      return cli::Failure(s.message());
    }
    return kOk;
  }
  std::cout.write(document->data(), static_cast<std::streamsize>(document->size()));
  std::cout.flush();
  if (!std::cout) return cli::Failure("cannot write to stdout");
  return kOk;
}

}  // namespace
}  // namespace kompas::exporter

int main(int argc, char** argv) {
  // Nothing below throws on purpose; this is the last line of defence so
  // that odd input ends in a message, never in an abort.
  try {
    return kompas::exporter::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return kompas::cli::kServerError;
  }
}
