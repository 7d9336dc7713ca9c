// The connection from the `kompas` CLI (and kompas-export) to kompasd:
// channel, stubs, per-call context (deadline and caller identity),
// resolution of the community a command works in and of the names users
// type, and the one place that turns a failed call into the text a user
// reads.
//
// Every fallible step returns an exit code (kOk to go on); by then the error is
// already on stderr, so a command only passes the code up:
//
//   kompas::cli::Client client(options);
//   std::string parent;
//   if (int rc = client.CommunityName(&parent); rc != kOk) return rc;
//   grpc::ClientContext ctx;
//   client.Prepare(&ctx);
//   grpc::Status s = client.cases().ListCases(&ctx, request, &response);
//   if (!s.ok()) return client.Fail(s);
#ifndef KOMPAS_CLIENTS_CLI_CLIENT_H_
#define KOMPAS_CLIENTS_CLI_CLIENT_H_

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include <absl/strings/string_view.h>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "kompas/v1/annotation.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/privacy.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"
#include "resource_names.h"

namespace kompas::cli {

// Exit codes, as documented in `kompas --help`.
inline constexpr int kOk = 0;
inline constexpr int kServerError = 1;  // the call failed, or the user cancelled
inline constexpr int kUsageError = 2;   // the command line or its input is wrong

// Where kompasd listens when nothing else is said, as `tools/dev.sh run`
// starts it.
inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

// Global options, shared by every command.
struct ClientOptions {
  // host:port of kompasd. Default: $KOMPAS_SERVER, else kDefaultServer.
  std::string server = kDefaultServer;
  // Speak TLS to kompasd. From --tls or $KOMPAS_TLS=1; --ca and --cert imply
  // it. Default false: plaintext, which kompasd serves only on loopback
  // unless its operator forced otherwise.
  bool tls = false;
  // PEM CA certificates that kompasd's certificate must chain to (--ca).
  // Empty (default): the system's roots, right for a certificate from a
  // public CA; a private CA needs its own file here.
  std::string ca_pem;
  // PEM client certificate and its private key for mutual TLS (--cert,
  // --key), both or neither. kompasd takes the certificate's subject CN as
  // the member id when no token is sent; a token, when given, wins.
  std::string cert_pem;
  std::string key_pem;
  // The caller's access token, sent as `authorization: Bearer <token>` on
  // every call. From --token, else $KOMPAS_TOKEN, else the file `kompas
  // login` wrote (~/.config/kompas/token). Empty: the server answers
  // UNAUTHENTICATED with how to sign in.
  std::string token;
  // Community id or `communities/{id}`; empty means "the only one there is".
  std::string community;
  // Print the proto JSON mapping instead of human text.
  bool json = false;
};

// Prints `error: MESSAGE` to stderr and returns kUsageError.
[[nodiscard]] int UsageError(absl::string_view message);

// Prints `error: MESSAGE` to stderr and returns kServerError: for failures
// that are neither usage nor RPC errors (unreadable file, cancelled prompt).
[[nodiscard]] int Failure(absl::string_view message);

// `communities/{id}` from `id` or `communities/{id}` as a user typed it; a
// malformed id is a usage error.
[[nodiscard]] int ParseCommunityName(absl::string_view arg, std::string* name);

// Not thread-safe; one per process.
class Client {
 public:
  explicit Client(ClientOptions options);

  const ClientOptions& options() const { return options_; }
  kompas::v1::CaseService::Stub& cases() { return *cases_; }
  kompas::v1::CommunityService::Stub& communities() { return *communities_; }
  kompas::v1::PrivacyService::Stub& privacy() { return *privacy_; }
  kompas::v1::SessionService::Stub& sessions() { return *sessions_; }
  kompas::v1::StandardService::Stub& standards() { return *standards_; }
  // KompasService: the published kompas versions.
  kompas::v1::KompasService::Stub& kompas_versions() { return *kompas_versions_; }
  kompas::v1::SearchService::Stub& search() { return *search_; }
  kompas::v1::AnnotationService::Stub& annotations() { return *annotations_; }
  // AuditService: the audit trail, for privacy officers.
  kompas::v1::AuditService::Stub& audit() { return *audit_; }

  // Sets the 10 s deadline and the caller metadata. Call once per RPC, on a
  // fresh context.
  void Prepare(grpc::ClientContext* ctx) const;

  // The caller metadata without a deadline, for a stream that lasts as long
  // as what it follows (WatchSession); end it with ctx->TryCancel().
  void PrepareStream(grpc::ClientContext* ctx) const;

  // Waits until the connection to kompasd is up, at most until `deadline`;
  // true when it is. Between the attempts to resume a stream: gRPC notices
  // a server that came back only while something waits on the connection
  // (otherwise on its backup poll, every 5 s).
  bool WaitForConnection(std::chrono::system_clock::time_point deadline);

  // Prints a failed call as one line `error: CODE: message` plus its
  // google.rpc.Status details, and returns kServerError. An unreachable
  // server gets a message that says how to start one. `sent`, the request of
  // the failed call, lets a refusal by the PII gate (a
  // kompas.v1.PrivacyFindings detail) show each field's text with the
  // findings marked, instead of bare field paths and byte offsets.
  [[nodiscard]] int Fail(const grpc::Status& status,
                         const google::protobuf::Message* sent = nullptr);

  // `communities/{id}` for --community, or for the only community on the
  // server when --community is empty (one ListCommunities call, cached).
  [[nodiscard]] int CommunityName(std::string* name);

  // The full name of a `kind` (a case, a standard, ...) from what the user
  // typed: a full name as is, a short form (see resource_names.h) expanded
  // with the community. An erratum's bare id is looked up among the
  // standards' errata. Anything else is a usage error saying what is
  // expected.
  [[nodiscard]] int Name(NameKind kind, absl::string_view arg, std::string* name);

  // The same where `arg` may name any of `kinds`, e.g. what `annotate`
  // annotates. A full name is taken as is. A short form that fits several
  // kinds (a bare id: a case or a standard) is looked up as each; the one
  // that exists wins, and one that exists as several is refused as
  // ambiguous.
  [[nodiscard]] int NameOfAny(std::initializer_list<NameKind> kinds, absl::string_view arg,
                              std::string* name);

  // Reads the case or the standard (by `kind`) `name` into a new
  // kompas.v1.Case or kompas.v1.Standard; the call's status, not printed.
  grpc::Status Read(NameKind kind, const std::string& name,
                    std::unique_ptr<google::protobuf::Message>* out);

  // A published kompas version, `communities/{c}/kompasVersions/{n}` or
  // `.../latest`, from that full name, `3`, `v3` or `latest`.
  [[nodiscard]] int KompasVersionName(absl::string_view arg, std::string* name);

  // Prints `message` as pretty proto JSON on stdout.
  [[nodiscard]] int PrintJson(const google::protobuf::Message& message);

 private:
  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<kompas::v1::CaseService::Stub> cases_;
  std::unique_ptr<kompas::v1::CommunityService::Stub> communities_;
  std::unique_ptr<kompas::v1::PrivacyService::Stub> privacy_;
  std::unique_ptr<kompas::v1::SessionService::Stub> sessions_;
  std::unique_ptr<kompas::v1::StandardService::Stub> standards_;
  std::unique_ptr<kompas::v1::KompasService::Stub> kompas_versions_;
  std::unique_ptr<kompas::v1::SearchService::Stub> search_;
  std::unique_ptr<kompas::v1::AnnotationService::Stub> annotations_;
  std::unique_ptr<kompas::v1::AuditService::Stub> audit_;
  std::optional<std::string> community_;  // resolved CommunityName, cached

  // Whether `name`, a full name of `kind`, exists (NOT_FOUND is the only
  // "no"; any other answer means the call itself will tell). Sets `*rc` and
  // returns false when the look-up failed for another reason.
  bool Exists(NameKind kind, const std::string& name, int* rc);
  // The erratum with the bare id `id` among the community's standards.
  [[nodiscard]] int FindErratum(absl::string_view id, std::string* name);
};

// Pretty proto JSON of `message`, ending in one newline; on the (unexpected)
// failure of the printer, the printer's error.
[[nodiscard]] std::string ToJson(const google::protobuf::Message& message);

// A fresh random UUID v4, for `request_id`: a retried create then returns the
// first result instead of writing a duplicate.
std::string NewRequestId();

// Reads a whole file, or stdin for "-". A file that cannot be read is the
// user's input being wrong: prints the error and returns kUsageError.
[[nodiscard]] int ReadInput(const std::string& path, std::string* contents);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_CLIENT_H_
