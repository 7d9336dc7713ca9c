#include "client.h"
#include "channel.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_format.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <google/protobuf/util/json_util.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "kompas/v1/errors.pb.h"
#include "findings.h"
#include "rpc_commands.h"

namespace kompas::cli {
namespace {

// Long enough for a slow disk sync on the server, short enough that a hung
// server does not leave a professional staring at a silent terminal.
constexpr auto kDeadline = std::chrono::seconds(10);

// The metadata key kompasd reads the development principal from.
constexpr char kAuthorizationKey[] = "authorization";

constexpr absl::string_view kCommunitiesPrefix = "communities/";

// gRPC's own spelling of the codes, so users can search for them.
absl::string_view CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

// True for an ErrorInfo reason the lines already printed say: a generic
// reason is the code's own name, and INVALID_FIELDS the field lines.
bool SaysNothingNew(const std::string& reason) {
  kompas::v1::ErrorReason value;
  if (!kompas::v1::ErrorReason_Parse(reason, &value)) return false;
  return value == kompas::v1::INVALID_FIELDS ||
         (value >= kompas::v1::CANCELLED && value <= kompas::v1::UNAUTHENTICATED);
}

// Prints the google.rpc.Status details the server attached; unknown detail
// types are skipped, they are for other clients. A refusal by the PII gate
// carries its findings twice, as BadRequest lines and as a
// kompas.v1.PrivacyFindings; the latter is shown as the marked text of each
// field (`sent` is the request, to find that text in), and the BadRequest
// lines of those fields are left out, as is a precondition that only repeats
// `message`, the line already printed.
void PrintDetails(const std::string& serialized, absl::string_view message,
                  const google::protobuf::Message* sent) {
  google::rpc::Status rpc_status;
  if (serialized.empty() || !rpc_status.ParseFromString(serialized)) return;
  kompas::v1::PrivacyFindings privacy;
  bool has_privacy = false;
  for (const google::protobuf::Any& detail : rpc_status.details()) {
    if (kompas::v1::PrivacyFindings findings;
        detail.Is<kompas::v1::PrivacyFindings>() && detail.UnpackTo(&findings)) {
      privacy.MergeFrom(findings);
      has_privacy = true;
    }
  }
  auto shown_in_context = [&](const std::string& field) {
    return std::any_of(privacy.findings().begin(), privacy.findings().end(),
                       [&](const kompas::v1::TextFinding& f) { return f.field() == field; });
  };
  for (const google::protobuf::Any& detail : rpc_status.details()) {
    if (google::rpc::BadRequest bad;
        detail.Is<google::rpc::BadRequest>() && detail.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) {
        if (has_privacy && shown_in_context(v.field())) continue;
        std::cerr << "  - " << v.field() << ": " << CommandWords(v.description()) << "\n";
      }
    } else if (google::rpc::PreconditionFailure failure;
               detail.Is<google::rpc::PreconditionFailure>() && detail.UnpackTo(&failure)) {
      for (const auto& v : failure.violations()) {
        if (v.description() == message) continue;
        std::cerr << "  - " << v.subject() << ": " << CommandWords(v.description()) << "\n";
      }
    } else if (google::rpc::ErrorInfo info;
               detail.Is<google::rpc::ErrorInfo>() && detail.UnpackTo(&info) &&
               !SaysNothingNew(info.reason())) {
      std::cerr << "  reason: " << info.reason() << "\n";
    }
  }
  if (has_privacy) PrintFindingsInContext(privacy, sent, UseColor(STDERR_FILENO), std::cerr);
}

// A community id as the user may type it: `wijkteams` or `communities/wijkteams`.
bool ValidCommunityId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') return false;
  }
  return true;
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const ClientOptions& options) {
  if (!options.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.ca_pem;  // empty: gRPC uses the system's roots
  ssl.pem_cert_chain = options.cert_pem;
  ssl.pem_private_key = options.key_pem;
  return grpc::SslCredentials(ssl);
}

// What went wrong when the connection never became ready, read from gRPC's
// message (gRPC 1.51 has no error codes for this), for a TLS setting that
// does not match the server's. Empty when the message says nothing about
// TLS, e.g. connection refused: the server is not running.
std::string TransportHint(const ClientOptions& options, absl::string_view error) {
  // With TLS 1.3 a server that rejects the client's certificate (or wants
  // one and got none) just closes the connection after the handshake; so
  // does a TLS server that receives plaintext.
  const bool closed =
      absl::StrContains(error, "Socket closed") || absl::StrContains(error, "reset by peer");
  if (!options.tls) {
    return closed ? "kompasd closed the connection; if it serves TLS, pass --tls (and --ca) or "
                    "set KOMPAS_TLS=1"
                  : "";
  }
  if (absl::StrContains(error, "wrong version number")) {
    return "kompasd answered in plaintext, not TLS; leave out --tls, --ca and --cert "
           "(and KOMPAS_TLS)";
  }
  if (absl::StrContains(error, "certificate verify failed")) {
    return "the TLS handshake failed: kompasd's certificate is not signed by a CA you trust; "
           "pass the CA that signed it with --ca";
  }
  if (absl::StrContains(error, "andshake")) return "the TLS handshake failed";
  if (closed) {
    return "kompasd closed the TLS connection; it may want a client certificate (--cert and "
           "--key) from a CA it trusts";
  }
  return "";
}

// gRPC waits ever longer between attempts to reach a server that refused a
// connection (from one second up to two minutes). A `session watch`
// resuming while kompasd restarts would then keep failing long after it is
// back; a quarter second, doubling up to two, keeps the resume prompt.
grpc::ChannelArguments ChannelArguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 250);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return args;
}

}  // namespace

int UsageError(absl::string_view message) {
  std::cerr << "error: " << message << "\n";
  return kUsageError;
}

int Failure(absl::string_view message) {
  std::cerr << "error: " << message << "\n";
  return kServerError;
}

std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options) {
  return grpc::CreateCustomChannel(options.server, ChannelCredentials(options), ChannelArguments());
}

Client::Client(ClientOptions options)
    : options_(std::move(options)),
      channel_(MakeChannel(options_)),
      cases_(kompas::v1::CaseService::NewStub(channel_)),
      communities_(kompas::v1::CommunityService::NewStub(channel_)),
      privacy_(kompas::v1::PrivacyService::NewStub(channel_)),
      sessions_(kompas::v1::SessionService::NewStub(channel_)),
      standards_(kompas::v1::StandardService::NewStub(channel_)),
      kompas_versions_(kompas::v1::KompasService::NewStub(channel_)),
      search_(kompas::v1::SearchService::NewStub(channel_)),
      annotations_(kompas::v1::AnnotationService::NewStub(channel_)),
      audit_(kompas::v1::AuditService::NewStub(channel_)) {}

void Client::Prepare(grpc::ClientContext* ctx) const {
  ctx->set_deadline(std::chrono::system_clock::now() + kDeadline);
  PrepareStream(ctx);
}

void Client::PrepareStream(grpc::ClientContext* ctx) const {
  if (!options_.token.empty()) ctx->AddMetadata(kAuthorizationKey, "Bearer " + options_.token);
}

bool Client::WaitForConnection(std::chrono::system_clock::time_point deadline) {
  return channel_->WaitForConnected(deadline);
}

int Client::Fail(const grpc::Status& status, const google::protobuf::Message* sent) {
  const grpc::StatusCode code = status.error_code();
  // A server that answers UNAVAILABLE on purpose has a READY channel; anything
  // else means we never got through, and "connection refused" in gRPC's words
  // does not tell a professional what to do.
  if ((code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED) &&
      channel_->GetState(/*try_to_connect=*/false) != GRPC_CHANNEL_READY) {
    const std::string hint = TransportHint(options_, status.error_message());
    std::cerr << "error: cannot reach kompasd at " << options_.server
              << (hint.empty() ? " (is it running? start it with tools/dev.sh run)"
                               : absl::StrCat(": ", hint))
              << "\n";
    return kServerError;
  }
  std::cerr << "error: " << CodeName(code);
  // A message that names an RPC names the command instead.
  if (!status.error_message().empty()) std::cerr << ": " << CommandWords(status.error_message());
  std::cerr << "\n";
  PrintDetails(status.error_details(), status.error_message(), sent);
  return kServerError;
}

int ParseCommunityName(absl::string_view arg, std::string* name) {
  absl::string_view id = arg;
  absl::ConsumePrefix(&id, kCommunitiesPrefix);
  if (!ValidCommunityId(id)) {
    return UsageError(absl::StrCat("not a community id: '", arg,
                                   "' (lowercase letters, digits and '-', e.g. wijkteams)"));
  }
  *name = absl::StrCat(kCommunitiesPrefix, id);
  return kOk;
}

int Client::CommunityName(std::string* name) {
  if (community_.has_value()) {
    *name = *community_;
    return kOk;
  }
  if (!options_.community.empty()) {
    std::string parsed;
    if (int rc = ParseCommunityName(options_.community, &parsed); rc != kOk) return rc;
    community_ = parsed;
    *name = parsed;
    return kOk;
  }

  // No --community: fine as long as the server has exactly one. A page of 2
  // is enough to tell "one" from "several".
  kompas::v1::ListCommunitiesRequest request;
  request.set_page_size(2);
  kompas::v1::ListCommunitiesResponse response;
  grpc::ClientContext ctx;
  Prepare(&ctx);
  if (grpc::Status s = communities().ListCommunities(&ctx, request, &response); !s.ok()) {
    return Fail(s);
  }
  if (response.communities_size() == 0) {
    return Failure("the server has no communities yet: ask an administrator to create one");
  }
  if (response.communities_size() > 1 || !response.next_page_token().empty()) {
    return UsageError(
        "several communities: pass --community (or set KOMPAS_COMMUNITY); "
        "see them with: kompas community list");
  }
  community_ = response.communities(0).name();
  *name = *community_;
  return kOk;
}

int Client::Name(NameKind kind, absl::string_view arg, std::string* name) {
  return NameOfAny({kind}, arg, name);
}

int Client::NameOfAny(std::initializer_list<NameKind> kinds, absl::string_view arg,
                      std::string* name) {
  std::vector<NameKind> fits;
  for (NameKind kind : kinds) {
    if (IsFullName(kind, arg)) {
      *name = std::string(arg);
      return kOk;
    }
    if (IsShortName(kind, arg)) fits.push_back(kind);
  }
  if (fits.empty() && kinds.size() == 1) return UsageError(NameError(*kinds.begin(), arg));
  if (fits.empty()) {
    std::vector<absl::string_view> all;
    for (NameKind kind : kinds) all.push_back(NounOf(kind));
    return UsageError(absl::StrCat("not a name of a ", absl::StrJoin(all, ", "), ": '", arg,
                                   "' (expected its full name, communities/..., or its "
                                   "13-character id)"));
  }
  std::string community;
  if (int rc = CommunityName(&community); rc != kOk) return rc;
  // One kind fits: the command's noun decides. Several: ask the server.
  std::vector<std::string> found;
  std::vector<absl::string_view> nouns;
  for (NameKind kind : fits) {
    std::optional<std::string> full = ExpandShortName(kind, community, arg);
    if (!full) {
      // A bare erratum id: its standard is looked up.
      full.emplace();
      if (int rc = FindErratum(arg, &*full); rc != kOk) return rc;
    }
    if (fits.size() == 1) {
      *name = *full;
      return kOk;
    }
    nouns.push_back(NounOf(kind));
    int rc = kOk;
    if (Exists(kind, *full, &rc)) {
      found.push_back(*full);
    } else if (rc != kOk) {
      return rc;
    }
  }
  if (found.size() == 1) {
    *name = found.front();
    return kOk;
  }
  if (found.empty()) {
    return Failure(absl::StrCat("no ", absl::StrJoin(nouns, " or "), " has the id '", arg,
                                "' in ", community));
  }
  return UsageError(absl::StrCat("'", arg,
                                 "' is the id of more than one thing: give the full name, ",
                                 absl::StrJoin(found, " or ")));
}

bool Client::Exists(NameKind kind, const std::string& name, int* rc) {
  std::unique_ptr<google::protobuf::Message> unused;
  const grpc::Status s = Read(kind, name, &unused);
  switch (s.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return false;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      *rc = Fail(s);
      return false;
    default:
      return true;  // found, or a refusal the command's own call will show
  }
}

grpc::Status Client::Read(NameKind kind, const std::string& name,
                          std::unique_ptr<google::protobuf::Message>* out) {
  grpc::ClientContext ctx;
  Prepare(&ctx);
  if (kind == NameKind::kStandard) {
    kompas::v1::GetStandardRequest request;
    request.set_name(name);
    auto standard = std::make_unique<kompas::v1::Standard>();
    grpc::Status s = standards().GetStandard(&ctx, request, standard.get());
    *out = std::move(standard);
    return s;
  }
  kompas::v1::GetCaseRequest request;
  request.set_name(name);
  auto c = std::make_unique<kompas::v1::Case>();
  grpc::Status s = cases().GetCase(&ctx, request, c.get());
  *out = std::move(c);
  return s;
}

int Client::FindErratum(absl::string_view id, std::string* name) {
  std::string community;
  if (int rc = CommunityName(&community); rc != kOk) return rc;
  const std::string suffix = absl::StrCat("/errata/", id);
  kompas::v1::ListStandardsRequest list;
  list.set_parent(community);
  list.set_page_size(200);
  while (true) {
    kompas::v1::ListStandardsResponse page;
    grpc::ClientContext ctx;
    Prepare(&ctx);
    if (grpc::Status s = standards().ListStandards(&ctx, list, &page); !s.ok()) return Fail(s);
    for (const kompas::v1::Standard& standard : page.standards()) {
      // Errata are reported on adopted standards, which may later retire.
      if (standard.status() == kompas::v1::STANDARD_STATUS_DRAFT ||
          standard.status() == kompas::v1::STANDARD_STATUS_PROPOSED ||
          standard.status() == kompas::v1::STANDARD_STATUS_REJECTED) {
        continue;
      }
      kompas::v1::ListErrataRequest request;
      request.set_parent(standard.name());
      request.set_page_size(200);
      while (true) {  // every page of the standard's errata
        kompas::v1::ListErrataResponse errata;
        grpc::ClientContext errata_ctx;
        Prepare(&errata_ctx);
        if (grpc::Status s = standards().ListErrata(&errata_ctx, request, &errata); !s.ok()) {
          return Fail(s);
        }
        for (const kompas::v1::Erratum& erratum : errata.errata()) {
          if (absl::EndsWith(erratum.name(), suffix)) {
            *name = erratum.name();
            return kOk;
          }
        }
        if (errata.next_page_token().empty() ||
            errata.next_page_token() == request.page_token()) {
          break;
        }
        request.set_page_token(errata.next_page_token());
      }
    }
    if (page.next_page_token().empty() || page.next_page_token() == list.page_token()) break;
    list.set_page_token(page.next_page_token());
  }
  return Failure(absl::StrCat("no erratum has the id '", id, "' in ", community,
                              "; see a standard's errata with: kompas standard erratum list "
                              "STANDARD"));
}

int Client::KompasVersionName(absl::string_view arg, std::string* name) {
  std::vector<absl::string_view> parts = absl::StrSplit(arg, '/');
  if (parts.size() == 4 && parts[0] == "communities" && parts[2] == "kompasVersions" &&
      !parts[1].empty() && !parts[3].empty()) {
    *name = std::string(arg);
    return kOk;
  }
  absl::string_view word = absl::StripAsciiWhitespace(arg);
  std::string version = "latest";
  if (word != "latest") {
    absl::string_view digits = word;
    if (!absl::ConsumePrefix(&digits, "v")) absl::ConsumePrefix(&digits, "V");
    int number = 0;
    if (!absl::SimpleAtoi(digits, &number) || number < 1) {
      return UsageError(absl::StrCat("not a kompas version: '", arg,
                                     "' (a number such as 3, v3, or latest)"));
    }
    version = absl::StrCat(number);
  }
  std::string community;
  if (int rc = CommunityName(&community); rc != kOk) return rc;
  *name = absl::StrCat(community, "/kompasVersions/", version);
  return kOk;
}

int Client::PrintJson(const google::protobuf::Message& message) {
  std::cout << ToJson(message);
  return kOk;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string out;
  if (auto s = google::protobuf::util::MessageToJsonString(message, &out, options); !s.ok()) {
    // Only possible for a message the printer cannot map (e.g. an Any of an
    // unknown type); emit valid JSON anyway so a script sees what happened.
    return absl::StrFormat("{\"error\": \"cannot print as JSON: %s\"}\n",
                           absl::CEscape(std::string(s.message())));
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out += '\n';
  return out;
}

std::string NewRequestId() {
  std::random_device device;
  std::mt19937_64 gen((static_cast<uint64_t>(device()) << 32) ^ device());
  uint64_t hi = gen();
  uint64_t lo = gen();
  hi = (hi & ~uint64_t{0xF000}) | uint64_t{0x4000};                  // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);        // RFC 4122 variant
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

int ReadInput(const std::string& path, std::string* contents) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    *contents = buffer.str();
    return kOk;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return UsageError(absl::StrCat("cannot read ", path, ": it is a directory"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return UsageError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  contents->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return UsageError(absl::StrCat("cannot read ", path, ": read error"));
  return kOk;
}

}  // namespace kompas::cli
