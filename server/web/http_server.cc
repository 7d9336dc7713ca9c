#include "web/http_server.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "api/server.h"
#include "api/status.h"
#include "auth/caller.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "google/protobuf/struct.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "web/internal/connect.h"
#include "web/internal/sessions.h"

namespace kompas::web {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using internal::Codec;

constexpr char kCookieName[] = "kompas_session";
// Sign-in asks GetCaller who a token or certificate belongs to; its path is
// made from the generated service name (RPC paths are never written out).
const std::string& CallerPath() {
  static const std::string path =
      absl::StrCat("/", v1::CommunityService::service_full_name(), "/GetCaller");
  return path;
}
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
// A unary call that takes longer than this is cut off (the browser shows an
// error instead of waiting forever); a client may ask for less with
// Connect-Timeout-Ms. Streams have no deadline.
constexpr auto kUnaryDeadline = std::chrono::minutes(2);

// A refusal this listener makes itself, with its ErrorInfo reason and facts
// (the others it makes get the generic reason of their code in ErrorJson).
grpc::Status Refused(absl::StatusCode code, v1::ErrorReason reason, absl::string_view message,
                     const domain::Facts& facts = {}) {
  return api::ToGrpcStatus(domain::WithReason(code, reason, message, facts));
}

std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// Who a forwarded call is made for, as the gRPC server reads it: the
// Authorization value (a client's header as sent, or a session's token), or
// the subject CN of a client certificate this listener verified, which the
// gRPC server honours only on in-process calls (auth/caller.h). Neither:
// anonymous, and the gRPC server decides.
struct Forwarded {
  std::string authorization;
  std::string certificate_member;
};

// Visible ASCII and spaces only: what gRPC accepts as a metadata value.
bool IsHeaderSafe(absl::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Forwarded ForwardedFor(const internal::SignedIn& who) {
  if (!who.token.empty()) return {absl::StrCat("Bearer ", who.token), ""};
  return {"", who.certificate_member};
}

// The subject CN of the client certificate `ssl`'s handshake verified; ""
// when the client presented none. When the subject has not exactly one CN
// that fits in metadata: "-", which is no member id, so the gRPC server
// refuses it with its one message about certificate CNs.
std::string VerifiedCertificateMember(SSL* ssl) {
  X509* certificate = SSL_get0_peer_certificate(ssl);  // not owned
  if (certificate == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return "";
  X509_NAME* subject = X509_get_subject_name(certificate);
  std::vector<std::string> names;
  for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
    unsigned char* utf8 = nullptr;
    const int n =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
    names.emplace_back(n > 0 ? std::string(reinterpret_cast<char*>(utf8), n) : std::string());
    OPENSSL_free(utf8);
  }
  if (names.size() != 1 || names[0].empty() || !IsHeaderSafe(names[0])) return "-";
  return names[0];
}

// Asks TLS clients for a certificate from `client_ca_pem` (required or
// optional) and verifies any they present; one that does not verify fails
// the handshake, so only verified certificates are ever read.
absl::Status AskForClientCertificates(net::ssl::context& tls, const std::string& client_ca_pem,
                                      bool required) {
  beast::error_code ec;
  tls.add_certificate_authority(net::buffer(client_ca_pem.data(), client_ca_pem.size()), ec);
  if (ec) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the HTTP listener cannot use the client CA (--tls_client_ca): ", ec.message()));
  }
  // The CA names go in the certificate request, so a browser offers only
  // certificates that can pass.
  SSL_CTX* ctx = tls.native_handle();
  if (BIO* bio = BIO_new_mem_buf(client_ca_pem.data(), static_cast<int>(client_ca_pem.size()))) {
    while (X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
      SSL_CTX_add_client_CA(ctx, ca);
      X509_free(ca);
    }
    BIO_free(bio);
  }
  ERR_clear_error();  // the end of the PEM text
  // Without a session id context, OpenSSL refuses to resume sessions of a
  // server that verifies clients, failing the handshake of every client
  // that tries.
  static constexpr unsigned char kSessionContext[] = "kompas-http";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  tls.set_verify_mode(net::ssl::verify_peer |
                          (required ? net::ssl::verify_fail_if_no_peer_cert : 0),
                      ec);
  if (ec) return absl::InternalError(absl::StrCat("TLS verify mode: ", ec.message()));
  return absl::OkStatus();
}

std::string ContentTypeOf(const std::filesystem::path& file) {
  const std::string ext = absl::AsciiStrToLower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

// What every connection shares; owned by the server, outlives them all.
struct Shared {
  Shared(const HttpOptions& o, std::shared_ptr<grpc::Channel> c)
      : options(o), channel(std::move(c)), stub(channel), sessions(o.session_idle) {}

  // Every gRPC call in flight, so Shutdown can cancel them and wait until no
  // completion will post to the io_context any more.
  void CallStarted(const std::shared_ptr<grpc::ClientContext>& context) {
    absl::MutexLock lock(&mu);
    calls.insert(context);
  }
  void CallEnded(const std::shared_ptr<grpc::ClientContext>& context) {
    absl::MutexLock lock(&mu);
    calls.erase(context);
  }
  // Cancels all calls and waits (bounded) until they ended.
  void CancelCalls() {
    std::vector<std::shared_ptr<grpc::ClientContext>> open;
    {
      absl::MutexLock lock(&mu);
      open.assign(calls.begin(), calls.end());
    }
    // Not under mu: a cancelled call's completion takes it.
    for (const auto& context : open) context->TryCancel();
    absl::MutexLock lock(&mu);
    mu.AwaitWithTimeout(absl::Condition(+[](Calls* c) { return c->empty(); }, &calls),
                        absl::Seconds(10));
  }

  const HttpOptions options;
  std::shared_ptr<grpc::Channel> channel;
  grpc::GenericStub stub;
  internal::SessionStore sessions;
  // Stream messages in JSON, converted once for all the streams they go to.
  internal::WireCache wire_cache;
  absl::Mutex mu;
  using Calls = absl::flat_hash_set<std::shared_ptr<grpc::ClientContext>>;
  Calls calls ABSL_GUARDED_BY(mu);
};

// What a stream call needs of its HTTP connection (plaintext or TLS). All
// but Post run on the connection's strand.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Runs `f` on the connection's strand.
  virtual void Post(std::function<void()> f) = 0;
  // Stream output, in order; `done(true)` once written, `done(false)` when
  // the client is gone.
  virtual void WriteChunk(std::string data, std::function<void(bool)> done) = 0;
  virtual void FinishStream(std::string end_of_stream) = 0;
  virtual void SetStreamStatus(std::string code) = 0;
};

// One server-streaming call, forwarded as a generic bidi call (one request,
// then half-close): the wire is the same, and gRPC's callback API holds no
// thread while the stream is quiet. Deletes itself in OnDone.
class StreamCall final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  StreamCall(std::shared_ptr<StreamSink> connection, const google::protobuf::MethodDescriptor& method,
             Codec codec, std::shared_ptr<grpc::ClientContext> context)
      : connection_(std::move(connection)), method_(method), codec_(codec),
        context_(std::move(context)) {}

  void Start(Shared& shared, const std::string& path, const std::string& binary);
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  std::shared_ptr<StreamSink> connection_;
  const google::protobuf::MethodDescriptor& method_;
  const Codec codec_;
  std::shared_ptr<grpc::ClientContext> context_;
  Shared* shared_ = nullptr;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::optional<grpc::Status> failure_;  // ours, overriding the call's status
};

// One HTTP/1.1 connection over `Stream` (beast::tcp_stream, or an
// ssl_stream over one): reads a request, answers it, reads the next. All its
// members are touched on its strand only.
template <typename Stream>
class Connection final : public StreamSink,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  // `args` construct the stream: a socket, and for TLS the ssl::context.
  template <typename... Args>
  explicit Connection(Shared& shared, Args&&... args)
      : stream_(std::forward<Args>(args)...), shared_(shared) {
    beast::error_code ec;
    const tcp::endpoint remote = Lowest().socket().remote_endpoint(ec);
    // As gRPC names a network peer (without the port), so one address
    // is one address to the failed sign-in limit, over either port.
    if (!ec && remote.address().is_v4()) peer_ = "ipv4:" + remote.address().to_string();
    if (!ec && remote.address().is_v6()) peer_ = "ipv6:[" + remote.address().to_string() + "]";
    peer_is_loopback_ = !ec && remote.address().is_loopback();
  }

  void Start() {
    net::dispatch(Lowest().get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Lowest().expires_after(std::chrono::seconds(30));
        self->stream_.async_handshake(net::ssl::stream_base::server,
                                      [self](beast::error_code ec) {
                                        if (ec) return self->Close();
                                        SSL* ssl = self->stream_.native_handle();
                                        self->certificate_member_ = VerifiedCertificateMember(ssl);
                                        self->Read();
                                      });
      } else {
        self->Read();
      }
    });
  }

  void Post(std::function<void()> f) override {
    net::post(Lowest().get_executor(), std::move(f));
  }

  // gRPC metadata of a forwarded call: the credentials, the client's
  // address (in-process calls all have the same peer; a limiter keyed by
  // client address reads this instead, trusting it only from in-process
  // calls), and a deadline.
  void Prepare(grpc::ClientContext& context, const Forwarded& who, bool unary) {
    if (!who.authorization.empty()) {
      context.AddMetadata("authorization", who.authorization);
    } else if (!who.certificate_member.empty()) {
      context.AddMetadata(auth::kForwardedCertificateMetadata, who.certificate_member);
    }
    if (!peer_.empty()) context.AddMetadata(auth::kForwardedForMetadata, peer_);
    const auto now = std::chrono::system_clock::now();
    int64_t timeout_ms = 0;
    const auto timeout = request_.find("Connect-Timeout-Ms");
    const bool asked = timeout != request_.end() && timeout->value().size() <= 10 &&
                       absl::SimpleAtoi(std::string(timeout->value()), &timeout_ms) &&
                       timeout_ms > 0;
    if (asked && (!unary || std::chrono::milliseconds(timeout_ms) < kUnaryDeadline)) {
      context.set_deadline(now + std::chrono::milliseconds(timeout_ms));
    } else if (unary) {
      context.set_deadline(now + kUnaryDeadline);
    }
  }

  // Stream output, in order; `done(true)` once written, `done(false)` when
  // the client is gone.
  void WriteChunk(std::string data, std::function<void(bool)> done) override {
    chunks_.push_back(Chunk{std::move(data), false, std::move(done)});
    Pump();
  }
  void FinishStream(std::string end_of_stream) override {
    chunks_.push_back(Chunk{std::move(end_of_stream), false, nullptr});
    chunks_.push_back(Chunk{"", true, nullptr});
    Pump();
  }

 private:
  struct Chunk {
    std::string data;
    bool last = false;
    std::function<void(bool)> done;
  };

  void Read() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // The envelope's 5 bytes on top of the largest message.
    parser_->body_limit(static_cast<uint64_t>(shared_.options.max_message_bytes) + 5);
    // Two deadlines (http_server.h): the headers, then the body.
    Lowest().expires_after(absl::ToChronoMilliseconds(shared_.options.header_timeout));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    // A body over the limit is refused here already, from its Content-Length.
    if (ec || parser_->is_done()) return OnRead(ec);
    Lowest().expires_after(absl::ToChronoMilliseconds(shared_.options.body_timeout));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    start_ = absl::Now();
    log_method_ = "-";
    log_path_ = "(unknown)";
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      log_method_ = "POST";
      return SendError(413, Refused(absl::StatusCode::kResourceExhausted, v1::REQUEST_TOO_LARGE,
                                    absl::StrCat("the request body is larger than this "
                                                 "server's limit of ",
                                                 shared_.options.max_message_bytes,
                                                 " bytes (--max_message_bytes)"),
                                    {{"max_bytes",
                                      absl::StrCat(shared_.options.max_message_bytes)}}));
    }
    if (ec) return Close();
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    // A method Beast does not know is whatever the client typed there.
    log_method_ = request_.method() == http::verb::unknown
                      ? "(unknown)"
                      : std::string(request_.method_string());
    Handle();
  }

  void Handle() {
    const absl::string_view target(request_.target().data(), request_.target().size());
    path_ = std::string(target.substr(0, target.find('?')));
    if (request_.method() == http::verb::get && path_ == "/metrics" && shared_.options.metrics) {
      return ServeMetrics();
    }
    if (request_.method() == http::verb::get) return ServeStatic();
    if (request_.method() != http::verb::post) {
      return SendError(405, grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "only GET (the web app) and POST (calls) are served"));
    }
    if (path_ == "/auth/signin") {
      log_path_ = path_;
      return SignIn();
    }
    if (path_ == "/auth/signout") {
      log_path_ = path_;
      return SignOut();
    }
    const google::protobuf::MethodDescriptor* method = ConnectRoute(path_);
    if (method == nullptr) {
      return SendError(404, grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "no kompas.v1 method at this path; calls are POST "
                                         "/kompas.v1.<Service>/<Method>"));
    }
    log_path_ = path_;
    Call(*method);
  }

  // ---- Connect calls ------------------------------------------------------

  void Call(const google::protobuf::MethodDescriptor& method) {
    if (method.client_streaming()) {
      return SendError(501, grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "client-streaming methods are not served over HTTP"));
    }
    const bool streaming = method.server_streaming();
    const std::string type = MediaType();
    Codec codec;
    if (type == (streaming ? "application/connect+json" : "application/json")) {
      codec = Codec::kJson;
    } else if (type == (streaming ? "application/connect+proto" : "application/proto")) {
      codec = Codec::kProto;
    } else {
      return SendError(415, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         streaming ? "this method streams: send "
                                                     "Content-Type application/connect+json or "
                                                     "application/connect+proto"
                                                   : "send Content-Type application/json or "
                                                     "application/proto"));
    }
    const auto version = request_.find("Connect-Protocol-Version");
    if (version != request_.end() && version->value() != "1") {
      return SendError(400, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         "Connect-Protocol-Version must be 1"));
    }
    const auto encoding = request_.find(streaming ? "Connect-Content-Encoding" : "Content-Encoding");
    if (encoding != request_.end() && encoding->value() != "identity") {
      return SendError(415, grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "compressed requests are not supported"));
    }
    Forwarded who;
    if (grpc::Status s = Credentials(&who); !s.ok()) {
      return streaming ? RefuseStream(codec, s) : SendError(internal::HttpStatusOf(s.error_code()), s);
    }
    std::string payload = std::move(request_.body());
    if (streaming) {
      absl::StatusOr<std::string> unwrapped = internal::SingleEnvelope(payload);
      if (!unwrapped.ok()) {
        return RefuseStream(codec, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                                std::string(unwrapped.status().message())));
      }
      payload = *std::move(unwrapped);
    }
    absl::StatusOr<std::string> binary = internal::RequestToBinary(method, payload, codec);
    if (!binary.ok()) {
      grpc::Status s(grpc::StatusCode::INVALID_ARGUMENT, std::string(binary.status().message()));
      return streaming ? RefuseStream(codec, s) : SendError(400, s);
    }
    if (streaming) return StartStream(method, codec, *binary, who);
    Forward(path_, *binary, who,
            [self = this->shared_from_this(), &method, codec](const grpc::Status& status,
                                                        const std::string& response) {
              if (!status.ok()) {
                return self->SendError(internal::HttpStatusOf(status.error_code()), status);
              }
              absl::StatusOr<std::string> wire = internal::ResponseToWire(method, response, codec);
              if (!wire.ok()) {
                return self->SendError(500, grpc::Status(grpc::StatusCode::INTERNAL,
                                                         std::string(wire.status().message())));
              }
              self->Send(200, codec == Codec::kJson ? "application/json" : "application/proto",
                         *std::move(wire));
            });
  }

  // A unary call to the gRPC server; `done` runs on this strand.
  void Forward(const std::string& path, const std::string& binary, const Forwarded& who,
               std::function<void(const grpc::Status&, const std::string&)> done) {
    struct Pending {
      std::shared_ptr<grpc::ClientContext> context = std::make_shared<grpc::ClientContext>();
      grpc::ByteBuffer request, response;
    };
    auto call = std::make_shared<Pending>();
    Prepare(*call->context, who, /*unary=*/true);
    call->request = ToByteBuffer(binary);
    shared_.CallStarted(call->context);
    Shared* shared = &shared_;
    shared_.stub.UnaryCall(
        call->context.get(), path, grpc::StubOptions(), &call->request, &call->response,
        [self = this->shared_from_this(), call, shared, done = std::move(done)](grpc::Status status) {
          std::string response = status.ok() ? Flatten(call->response) : std::string();
          self->Post([done, status = std::move(status), response = std::move(response)] {
            done(status, response);
          });
          shared->CallEnded(call->context);
        });
  }

  // The credentials to forward: the Authorization header as sent, else who
  // the session cookie signed in (only for a same-origin browser call). A
  // client certificate alone signs nothing in here: like a cookie, a browser
  // sends it to any page that asks, so it counts only through /auth/signin.
  grpc::Status Credentials(Forwarded* who) {
    const auto header = request_.find(http::field::authorization);
    if (header != request_.end()) {
      const absl::string_view value(header->value().data(), header->value().size());
      if (!IsHeaderSafe(value)) {
        return Refused(absl::StatusCode::kUnauthenticated, v1::TOKEN_MALFORMED,
                       "the Authorization header holds characters a token never has");
      }
      who->authorization = std::string(value);
      return grpc::Status::OK;
    }
    const std::string session = SessionCookie();
    if (session.empty()) return grpc::Status::OK;  // anonymous: the server decides
    if (grpc::Status s = CheckBrowserCall(); !s.ok()) return s;
    std::optional<internal::SignedIn> signed_in = shared_.sessions.Use(session);
    if (!signed_in.has_value()) {
      return Refused(absl::StatusCode::kUnauthenticated, v1::WEB_SESSION_ENDED,
                     "the session has ended (signed out, or idle too long): sign in again");
    }
    *who = ForwardedFor(*signed_in);
    return grpc::Status::OK;
  }

  // A call a browser makes with our cookie must come from our own pages:
  // another site can neither set Connect-Protocol-Version (it would need a
  // CORS preflight, which this server never grants) nor fake Origin.
  grpc::Status CheckBrowserCall() {
    const auto version = request_.find("Connect-Protocol-Version");
    if (version == request_.end() || version->value() != "1") {
      return Refused(absl::StatusCode::kPermissionDenied, v1::CROSS_SITE_REFUSED,
                     "a call signed in by session cookie needs the header "
                     "Connect-Protocol-Version: 1 (it keeps other sites from calling in "
                     "your name)",
                     {{"check", "protocol_header"}});
    }
    const auto origin = request_.find(http::field::origin);
    if (origin != request_.end()) {
      if (!IsOwnOrigin(absl::string_view(origin->value().data(), origin->value().size()))) {
        return Refused(absl::StatusCode::kPermissionDenied, v1::CROSS_SITE_REFUSED,
                       "a call signed in by session cookie must come from this site: the "
                       "Origin header names another origin",
                       {{"check", "origin"}});
      }
      return grpc::Status::OK;
    }
    const auto site = request_.find("Sec-Fetch-Site");
    if (site != request_.end() && (site->value() == "same-origin" || site->value() == "none")) {
      return grpc::Status::OK;
    }
    return Refused(absl::StatusCode::kPermissionDenied, v1::CROSS_SITE_REFUSED,
                   "a call signed in by session cookie needs a same-origin Origin header "
                   "(or Sec-Fetch-Site: same-origin)",
                   {{"check", "same_origin"}});
  }

  // True when `origin` is this server as the browser reached it: the Host
  // header with http, or https (behind a TLS-terminating proxy).
  bool IsOwnOrigin(absl::string_view origin) const {
    const auto host = request_.find(http::field::host);
    if (host == request_.end() || host->value().empty()) return false;
    const absl::string_view host_value(host->value().data(), host->value().size());
    return (absl::ConsumePrefix(&origin, "http://") || absl::ConsumePrefix(&origin, "https://")) &&
           absl::EqualsIgnoreCase(origin, host_value);
  }

  std::string SessionCookie() const {
    const auto cookie = request_.find(http::field::cookie);
    if (cookie == request_.end()) return "";
    for (absl::string_view part :
         absl::StrSplit(absl::string_view(cookie->value().data(), cookie->value().size()), ';')) {
      part = absl::StripAsciiWhitespace(part);
      if (absl::ConsumePrefix(&part, kCookieName) && absl::ConsumePrefix(&part, "=")) {
        return std::string(part);
      }
    }
    return "";
  }

  // The request's media type, lower case, without parameters.
  std::string MediaType() const {
    const auto type = request_.find(http::field::content_type);
    if (type == request_.end()) return "";
    absl::string_view value(type->value().data(), type->value().size());
    value = value.substr(0, value.find(';'));
    return absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
  }

  // ---- Streams ------------------------------------------------------------

  void StartStream(const google::protobuf::MethodDescriptor& method, Codec codec,
                   const std::string& binary, const Forwarded& who) {
    BeginStreamResponse(codec);
    auto context = std::make_shared<grpc::ClientContext>();
    Prepare(*context, who, /*unary=*/false);
    stream_context_ = context;
    auto* call = new StreamCall(this->shared_from_this(), method, codec, context);
    call->Start(shared_, path_, binary);
    // The client hanging up ends the call: watch for the socket's EOF.
    Lowest().socket().async_wait(tcp::socket::wait_read,
                                [self = this->shared_from_this()](beast::error_code) {
                                  if (!self->stream_done_ && self->stream_context_ != nullptr) {
                                    // Anything readable mid-stream is a hang-up
                                    // or a pipelined request we do not serve.
                                    self->stream_context_->TryCancel();
                                  }
                                });
  }

  void RefuseStream(Codec codec, const grpc::Status& status) {
    BeginStreamResponse(codec);
    FinishStream(internal::Envelope(internal::kEndStreamFlag,
                                    absl::StrCat("{\"error\":", internal::ErrorJson(status), "}")));
    stream_status_ = internal::CodeName(status.error_code());
  }

  void BeginStreamResponse(Codec codec) {
    stream_head_ = std::make_shared<http::response<http::empty_body>>(http::status::ok,
                                                                      request_.version());
    stream_head_->set(http::field::content_type, codec == Codec::kJson ? "application/connect+json"
                                                                       : "application/connect+proto");
    SecurityHeaders(*stream_head_);
    stream_head_->keep_alive(keep_alive_);
    stream_head_->chunked(true);
    stream_serializer_ = std::make_shared<http::response_serializer<http::empty_body>>(*stream_head_);
    Lowest().expires_never();
    stream_done_ = false;
    stream_status_.clear();
    head_written_ = false;
    writing_ = true;
    http::async_write_header(stream_, *stream_serializer_,
                             [self = this->shared_from_this()](beast::error_code ec, size_t) {
                               self->writing_ = false;
                               self->head_written_ = true;
                               if (ec) self->client_gone_ = true;
                               self->Pump();
                             });
  }

  void Pump() {
    if (writing_ || !head_written_ || chunks_.empty()) return;
    Chunk chunk = std::move(chunks_.front());
    chunks_.pop_front();
    if (client_gone_) {
      if (chunk.done) chunk.done(false);
      if (chunk.last) return EndStream();
      return Pump();
    }
    writing_ = true;
    Lowest().expires_after(std::chrono::seconds(60));  // a client that stops reading
    auto data = std::make_shared<Chunk>(std::move(chunk));
    auto on_written = [self = this->shared_from_this(), data](beast::error_code ec, size_t) {
      self->writing_ = false;
      self->Lowest().expires_never();
      if (ec) self->client_gone_ = true;
      if (data->done) data->done(!ec);
      if (data->last) return self->EndStream();
      self->Pump();
    };
    if (data->last) {
      net::async_write(stream_, http::make_chunk_last(), std::move(on_written));
    } else {
      net::async_write(stream_, http::make_chunk(net::buffer(data->data)), std::move(on_written));
    }
  }

  void EndStream() {
    stream_done_ = true;
    stream_context_.reset();
    LogRequest(200, stream_status_.empty() ? "stream" : stream_status_);
    stream_serializer_.reset();
    stream_head_.reset();
    if (client_gone_ || !keep_alive_) return Close();
    // The EOF watch may still be pending: cancel it before reading on.
    Lowest().socket().cancel();
    Read();
  }

 public:
  void SetStreamStatus(std::string code) override { stream_status_ = std::move(code); }

 private:
  // ---- Browser sessions ---------------------------------------------------

  // {"token":"…"} signs in with a token; no token (an empty body, or {})
  // with the verified client certificate of this TLS connection. Either is
  // checked by asking the gRPC server who that is (GetCaller), so exactly
  // its rules decide.
  void SignIn() {
    if (grpc::Status s = CheckBrowserCall(); !s.ok()) return SendError(403, s);
    const std::string& body = request_.body();
    if (!body.empty() && MediaType() != "application/json") {
      return SendError(415, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         "send the token as JSON: {\"token\": \"…\"}"));
    }
    google::protobuf::Struct json;
    if (!body.empty() && !google::protobuf::util::JsonStringToMessage(body, &json).ok()) {
      return SendError(400, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         "send the token as JSON: {\"token\": \"…\"}"));
    }
    internal::SignedIn who;
    if (const auto it = json.fields().find("token"); it != json.fields().end()) {
      who.token = it->second.string_value();
      if (who.token.empty() || !IsHeaderSafe(who.token)) {
        return SendError(400, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                           "send the token as JSON: {\"token\": \"…\"}"));
      }
    } else if (!certificate_member_.empty()) {
      who.certificate_member = certificate_member_;
    } else {
      return SendError(400, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         kTls ? "send the token as JSON: {\"token\": \"…\"}, or "
                                                "sign in with a client certificate"
                                              : "send the token as JSON: {\"token\": \"…\"}"));
    }
    const auto* method = ConnectRoute(CallerPath());
    Forward(CallerPath(), "", ForwardedFor(who),
            [self = this->shared_from_this(), method, who](const grpc::Status& status,
                                                     const std::string& response) {
              if (!status.ok()) {
                return self->SendError(internal::HttpStatusOf(status.error_code()), status);
              }
              absl::StatusOr<std::string> caller =
                  internal::ResponseToWire(*method, response, Codec::kJson);
              if (!caller.ok()) {
                return self->SendError(500, grpc::Status(grpc::StatusCode::INTERNAL,
                                                         std::string(caller.status().message())));
              }
              // A new id at every sign-in (no session fixation); a session
              // the browser still held ends.
              if (const std::string old = self->SessionCookie(); !old.empty()) {
                self->shared_.sessions.End(old);
              }
              const std::string id = self->shared_.sessions.Create(who);
              const auto origin = self->request_.find(http::field::origin);
              const bool https = kTls || (origin != self->request_.end() &&
                                 absl::StartsWith(absl::string_view(origin->value().data(),
                                                                    origin->value().size()),
                                                  "https://"));
              self->Send(200, "application/json", *std::move(caller),
                         absl::StrCat(kCookieName, "=", id, "; HttpOnly; SameSite=Strict; Path=/",
                                      https ? "; Secure" : ""));
            });
  }

  void SignOut() {
    if (grpc::Status s = CheckBrowserCall(); !s.ok()) return SendError(403, s);
    const std::string session = SessionCookie();
    if (!session.empty()) shared_.sessions.End(session);
    Send(200, "application/json", "{}",
         absl::StrCat(kCookieName, "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"));
  }

  // ---- Metrics ------------------------------------------------------------

  // GET /metrics: the Prometheus text. Unless metrics_from_anywhere, only
  // for a client on this machine that no proxy speaks for: a reverse proxy
  // on the same host connects from loopback too, but adds a forwarding
  // header.
  void ServeMetrics() {
    log_path_ = path_;
    const bool proxied = request_.find("X-Forwarded-For") != request_.end() ||
                         request_.find(http::field::forwarded) != request_.end();
    if (!shared_.options.metrics_from_anywhere && (!peer_is_loopback_ || proxied)) {
      return Send(403, "text/plain; charset=utf-8",
                  "/metrics is served to this machine only (kompasd --metrics_from_anywhere "
                  "serves it to every client of this listener).\n");
    }
    Send(200, "text/plain; version=0.0.4; charset=utf-8", shared_.options.metrics());
  }

  // ---- Static files -------------------------------------------------------

  // GET: the web app. A file of web_root when there is one; for any other
  // path that is not an asset (its last segment has no extension, and it is
  // not under /assets/) the app's index.html, so a reload or a bookmarked
  // deep link (/casus/abc123) opens the app, whose router shows the page.
  // Hashed assets (/assets/…) may be cached for good; the rest is no-store.
  void ServeStatic() {
    log_path_ = "(static)";
    namespace fs = std::filesystem;
    if (ConnectRoute(path_) != nullptr || path_ == "/auth/signin" || path_ == "/auth/signout") {
      log_path_ = path_;
      return SendError(405, grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "calls and sign-in are POST requests"));
    }
    const bool asset = absl::StartsWith(path_, "/assets/");
    const absl::string_view last_segment =
        absl::string_view(path_).substr(path_.rfind('/') + 1);
    const bool app_route = !asset && !absl::StrContains(last_segment, '.') &&
                           !absl::StartsWith(path_, "/kompas.") &&
                           !absl::StartsWith(path_, "/auth/");
    const std::string& root_flag = shared_.options.web_root;
    std::error_code ec;
    if (root_flag.empty() || !fs::is_regular_file(fs::path(root_flag) / "index.html", ec)) {
      if (app_route || path_ == "/index.html") {
        return Send(200, "text/plain; charset=utf-8",
                    "Kompas web app is not built. Build clients/web, then start kompasd with "
                    "--web_root pointing at its output.\n");
      }
      return NotFound();
    }
    std::string relative = path_ == "/" ? "index.html" : path_.substr(1);
    if (absl::EndsWith(relative, "/")) relative.pop_back();  // /schrijven/ as /schrijven
    // No way out of web_root: no "..", no hidden files, no backslashes.
    for (absl::string_view part : absl::StrSplit(relative, '/')) {
      if (part.empty() || part[0] == '.' || absl::StrContains(part, '\\') ||
          absl::StrContains(part, '\0')) {
        return NotFound();
      }
    }
    const fs::path root = fs::canonical(root_flag, ec);
    if (ec) return NotFound();
    fs::path file = fs::weakly_canonical(root / relative, ec);
    if (!ec && fs::is_directory(file, ec)) file /= "index.html";
    const std::string root_prefix = root.string() + "/";
    if (ec || !absl::StartsWith(file.string(), root_prefix) || !fs::is_regular_file(file, ec)) {
      if (!app_route) return NotFound();
      file = root / "index.html";
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    auto response = MakeResponse(200, ContentTypeOf(file), content.str());
    if (asset) response->set(http::field::cache_control, "public, max-age=31536000, immutable");
    Write(std::move(response), 200, "");
  }

  void NotFound() { Send(404, "text/plain; charset=utf-8", "Not found.\n"); }

  // ---- Responses ----------------------------------------------------------

  template <typename Response>
  static void SecurityHeaders(Response& response) {
    response.set("Content-Security-Policy", kContentSecurityPolicy);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("X-Frame-Options", "DENY");
    response.set(http::field::cache_control, "no-store");
  }

  void SendError(int status, const grpc::Status& error) {
    Send(status, "application/json", internal::ErrorJson(error), "",
         internal::CodeName(error.error_code()));
  }

  void Send(int status, const std::string& content_type, std::string body,
            const std::string& set_cookie = "", const std::string& code = "") {
    auto response = MakeResponse(status, content_type, std::move(body));
    if (!set_cookie.empty()) response->set(http::field::set_cookie, set_cookie);
    Write(std::move(response), status, code);
  }

  // A response with the security headers (and no-store), to Write.
  std::shared_ptr<http::response<http::string_body>> MakeResponse(
      int status, const std::string& content_type, std::string body) {
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(status), request_.version() == 0 ? 11 : request_.version());
    response->set(http::field::content_type, content_type);
    SecurityHeaders(*response);
    response->keep_alive(keep_alive_);
    response->body() = std::move(body);
    return response;
  }

  void Write(std::shared_ptr<http::response<http::string_body>> response, int status,
             const std::string& code) {
    response->prepare_payload();
    LogRequest(status, code);
    Lowest().expires_after(std::chrono::seconds(60));
    http::async_write(stream_, *response,
                      [self = this->shared_from_this(), response](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (!self->keep_alive_) return self->Linger();
                        self->Read();
                      });
  }

  // One line per request: method, route, status and time. Never the body,
  // a header value, a query string or a path we do not serve.
  void LogRequest(int status, const std::string& code) {
    log::Info("http_request",
              {{"method", log_method_},
               {"path", log_path_},
               {"status", absl::StrCat(status)},
               {"code", code.empty() ? "-" : code},
               {"ms", absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - start_))}});
  }

  // After a refusal with Connection: close, the client may still be sending
  // (an oversized body): stop writing, read and drop its bytes for a while,
  // then close, so it sees our answer instead of a reset.
  void Linger() {
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    Lowest().expires_after(std::chrono::seconds(5));
    drain_ = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(net::buffer(*drain_), [self = this->shared_from_this()](
                                                      beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->Linger();
    });
  }

  void Close() {
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    Lowest().close();
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  Stream stream_;
  Shared& shared_;
  std::string peer_;
  bool peer_is_loopback_ = false;
  // The subject CN of the client certificate the TLS handshake verified, or
  // "" (none, or plaintext). Used only by /auth/signin.
  std::string certificate_member_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  bool keep_alive_ = false;
  std::string path_;
  absl::Time start_;
  std::string log_method_;
  std::string log_path_;
  std::shared_ptr<std::array<char, 16384>> drain_;
  // The current stream, if any.
  std::shared_ptr<http::response<http::empty_body>> stream_head_;
  std::shared_ptr<http::response_serializer<http::empty_body>> stream_serializer_;
  std::shared_ptr<grpc::ClientContext> stream_context_;
  std::deque<Chunk> chunks_;
  bool head_written_ = false;
  bool writing_ = false;
  bool client_gone_ = false;
  bool stream_done_ = true;
  std::string stream_status_;
};

void StreamCall::Start(Shared& shared, const std::string& path, const std::string& binary) {
  shared_ = &shared;
  shared.CallStarted(context_);
  shared.stub.PrepareBidiStreamingCall(context_.get(), path, grpc::StubOptions(), this);
  request_ = ToByteBuffer(binary);
  // Held until the read side is finished, so OnDone (and delete) cannot come
  // while the connection still writes a message and will ask for the next.
  AddHold();
  StartWriteLast(&request_, grpc::WriteOptions());
  StartRead(&response_);
  StartCall();
}

void StreamCall::OnReadDone(bool ok) {
  if (!ok) {
    RemoveHold();
    return;
  }
  absl::StatusOr<std::string> wire =
      shared_->wire_cache.ToWire(method_, Flatten(response_), codec_);
  if (!wire.ok()) {
    failure_ = grpc::Status(grpc::StatusCode::INTERNAL, std::string(wire.status().message()));
    context_->TryCancel();
    RemoveHold();
    return;
  }
  connection_->Post([this, data = internal::Envelope(0, *wire)]() mutable {
    connection_->WriteChunk(std::move(data), [this](bool written) {
      if (written) return StartRead(&response_);
      context_->TryCancel();  // the client is gone
      RemoveHold();
    });
  });
}

void StreamCall::OnDone(const grpc::Status& call_status) {
  const grpc::Status& status = failure_.has_value() ? *failure_ : call_status;
  // The end-of-stream message is JSON in both codecs: the error and the
  // call's trailers (text ones; gRPC's own and binary ones stay inside).
  google::protobuf::Struct metadata;
  for (const auto& [key, value] : context_->GetServerTrailingMetadata()) {
    const std::string name(key.data(), key.size());
    if (absl::StartsWith(name, "grpc-") || absl::EndsWith(name, "-bin")) continue;
    (*metadata.mutable_fields())[name].mutable_list_value()->add_values()->set_string_value(
        std::string(value.data(), value.size()));
  }
  std::string metadata_json;
  if (!google::protobuf::util::MessageToJsonString(metadata, &metadata_json).ok() ||
      metadata_json.empty()) {
    metadata_json = "{}";
  }
  std::string end = status.ok() ? absl::StrCat("{\"metadata\":", metadata_json, "}")
                                : absl::StrCat("{\"error\":", internal::ErrorJson(status),
                                               ",\"metadata\":", metadata_json, "}");
  std::shared_ptr<StreamSink> connection = std::move(connection_);
  const std::string code = status.ok() ? "ok" : internal::CodeName(status.error_code());
  connection->Post([connection, code, end = internal::Envelope(internal::kEndStreamFlag, end)] {
    connection->SetStreamStatus(code);
    connection->FinishStream(end);
  });
  Shared* shared = shared_;
  std::shared_ptr<grpc::ClientContext> context = context_;
  delete this;
  shared->CallEnded(context);
}

class BeastHttpServer final : public HttpServer {
 public:
  BeastHttpServer(const HttpOptions& options, std::shared_ptr<grpc::Channel> channel)
      : shared_(options, std::move(channel)), acceptor_(net::make_strand(io_)) {}
  ~BeastHttpServer() override { Shutdown(); }

  absl::Status Listen() {
    const HttpOptions& options = shared_.options;
    if (!options.cert_chain_pem.empty()) {
      tls_.emplace(net::ssl::context::tls_server);
      beast::error_code ec;
      tls_->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                            net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                            net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                        ec);
      if (!ec) {
        tls_->use_certificate_chain(
            net::buffer(options.cert_chain_pem.data(), options.cert_chain_pem.size()), ec);
      }
      if (!ec) {
        tls_->use_private_key(
            net::buffer(options.private_key_pem.data(), options.private_key_pem.size()),
            net::ssl::context::pem, ec);
      }
      if (ec) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the HTTP listener cannot use the TLS certificate and key (--tls_cert, --tls_key): ",
            ec.message()));
      }
      if (!options.client_ca_pem.empty()) {
        if (absl::Status s = AskForClientCertificates(*tls_, options.client_ca_pem,
                                                      options.require_client_certificate);
            !s.ok()) {
          return s;
        }
      }
    }
    const size_t colon = options.address.rfind(':');
    if (colon == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--http_address ", options.address, " is not host:port"));
    }
    std::string host = options.address.substr(0, colon);
    if (absl::StartsWith(host, "[") && absl::EndsWith(host, "]")) host = host.substr(1, host.size() - 2);
    const std::string port = options.address.substr(colon + 1);
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec || endpoints.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--http_address ", options.address, " does not resolve: ", ec.message()));
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options.address, " for HTTP: ", ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < std::max(1, options.io_threads); ++i) {
      threads_.emplace_back([this] { io_.run(); });
    }
    log::Info("http_started", {{"address", options.address},
                               {"port", absl::StrCat(port_)},
                               {"transport", tls_.has_value() ? "tls" : "plaintext"}});
    if (!tls_.has_value() && !api::IsLoopbackAddress(options.address)) {
      log::Warn("insecure_remote_http",
                {{"address", options.address},
                 {"risk", "tokens and session cookies cross the network in plaintext"}});
    }
    return absl::OkStatus();
  }

  int port() const override { return port_; }

  void Shutdown() override {
    absl::MutexLock lock(&shutdown_mu_);
    if (stopped_) return;
    stopped_ = true;
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    shared_.CancelCalls();
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    log::Info("http_stopped");
  }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      if (ec) return Accept();
      if (tls_.has_value()) {
        std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(shared_, std::move(socket),
                                                                           *tls_)
            ->Start();
      } else {
        std::make_shared<Connection<beast::tcp_stream>>(shared_, std::move(socket))->Start();
      }
      Accept();
    });
  }

  net::io_context io_;
  Shared shared_;
  std::optional<net::ssl::context> tls_;  // set: TLS only
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  int port_ = 0;
  absl::Mutex shutdown_mu_;
  bool stopped_ = false;
};

}  // namespace

const google::protobuf::MethodDescriptor* ConnectRoute(absl::string_view path) {
  return internal::RouteMethod(path);
}

absl::Status ValidateHttpOptions(const HttpOptions& options) {
  if (options.max_message_bytes < 1 || options.io_threads < 1 ||
      options.session_idle <= absl::ZeroDuration() ||
      options.header_timeout <= absl::ZeroDuration() ||
      options.body_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "the HTTP listener needs max_message_bytes, io_threads, the session idle time "
        "(--http_session_idle_minutes) and its read timeouts above zero");
  }
  RETURN_IF_ERROR(api::ValidateTls(options.cert_chain_pem, options.private_key_pem,
                                   options.client_ca_pem, options.require_client_certificate,
                                   " on the HTTP listener"));
  if (options.cert_chain_pem.empty() && !options.allow_insecure_remote &&
      !api::IsLoopbackAddress(options.address)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to serve HTTP on ", options.address,
        " without TLS: it is not a loopback address, so tokens, session cookies and case "
        "material would cross the network in plaintext. Configure TLS with --tls_cert and "
        "--tls_key, or pass --insecure_remote to serve plaintext anyway (e.g. behind a "
        "TLS-terminating proxy)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpOptions& options, std::shared_ptr<grpc::Channel> channel) {
  if (absl::Status valid = ValidateHttpOptions(options); !valid.ok()) return valid;
  auto server = std::make_unique<BeastHttpServer>(options, std::move(channel));
  if (absl::Status s = server->Listen(); !s.ok()) return s;
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace kompas::web
