// kompas-export: writes one published kompas version as Markdown, JSON or
// CSV, from KompasService.ExportKompas. This file holds the command line, the
// stream and the output file; the documents are made in export_format.h.
//
//   kompas-export --community wijkteams --version latest --format markdown --out kompas.md
//
// Connection and sign-in are the `kompas` CLI's own (connection_flags.h):
// same flags, same environment variables, the token `kompas login` saved.
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
#include <absl/strings/str_cat.h>
#include <absl/strings/string_view.h>
#include <grpcpp/grpcpp.h>

#include "client.h"
#include "connection_flags.h"
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
  std::string version;  // "3", "v3" or "latest"
  std::string format;   // markdown, json or csv
  std::string out;      // empty: stdout
};

// Reads the whole stream: first the header, then the standards. A stream out
// of that order is the server's error and ends the call (INTERNAL).
grpc::Status ReadExport(cli::Client& client, const std::string& name, Export* result) {
  grpc::ClientContext ctx;
  client.PrepareStream(&ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + kExportDeadline);
  v1::ExportKompasRequest request;
  request.set_name(name);
  std::unique_ptr<grpc::ClientReader<v1::ExportKompasResponse>> reader =
      client.kompas_versions().ExportKompas(&ctx, request);

  bool have_header = false;
  std::string protocol_error;
  v1::ExportKompasResponse message;
  while (protocol_error.empty() && reader->Read(&message)) {
    switch (message.part_case()) {
      case v1::ExportKompasResponse::kHeader:
        if (have_header) {
          protocol_error = "a second header";
        } else {
          result->header = std::move(*message.mutable_header());
          have_header = true;
        }
        break;
      case v1::ExportKompasResponse::kStandard:
        if (!have_header) {
          protocol_error = "a standard before the header";
        } else {
          result->standards.push_back(std::move(*message.mutable_standard()));
        }
        break;
      default:
        break;  // a part this build does not know (a newer server): not ours to show
    }
  }
  if (!protocol_error.empty()) ctx.TryCancel();
  grpc::Status status = reader->Finish();
  if (!protocol_error.empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "the server sent " + protocol_error);
  }
  if (status.ok() && !have_header) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "the server sent no header");
  }
  return status;
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
  app.add_option("--version", args.version, "the version: a number such as 3 (or v3), or latest")
      ->required();
  app.add_option("--format", args.format, "markdown, json or csv")
      ->check(CLI::IsMember({"markdown", "json", "csv"}))
      ->required();
  app.add_option("--out", args.out,
                 "write to this file, replacing it in one step (default: stdout)");

  // Connection and sign-in: the kompas CLI's global options.
  cli::ConnectionFlags connection;
  cli::AddConnectionFlags(&app, &options, &connection);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with exit code 0; everything else is usage.
    return app.exit(e) == 0 ? kOk : kUsageError;
  }
  if (int rc = cli::ResolveConnection(connection, &options); rc != kOk) return rc;
  cli::Client client(std::move(options));
  std::string name;
  if (int rc = client.KompasVersionName(args.version, &name); rc != kOk) return rc;
  Export exported;
  if (grpc::Status s = ReadExport(client, name, &exported); !s.ok()) return client.Fail(s);

  absl::StatusOr<std::string> document = Format(args.format, exported);
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
