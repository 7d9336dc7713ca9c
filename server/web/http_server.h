// kompasd's HTTP listener: the Connect protocol (connectrpc.com) for every
// kompas.v1 RPC, browser sessions, and the web app's static files. Each call
// is forwarded, method-agnostic, to the gRPC server in the same process
// (api::Server::InProcessChannel), so authentication, the policy table, rate
// limits, the PII gate, the audit trail and error details are exactly those
// of native gRPC; there is no per-RPC code here.
//
//   RETURN_IF_ERROR(ValidateHttpOptions(http_options));
//   ASSIGN_OR_RETURN(auto http, HttpServer::Start(http_options, grpc->InProcessChannel()));
//   ... serve ...
//   http->Shutdown();   // before the gRPC server's Shutdown
//
// Routes:
//   POST /kompas.v1.<Service>/<Method>   Connect unary (application/json or
//        application/proto) or server-streaming (application/connect+json
//        or application/connect+proto, 5-byte envelopes, end-of-stream).
//   POST /auth/signin  {"token":"…"} → session cookie + the Caller as JSON;
//        under TLS with a verified client certificate, {} (no token) signs
//        in its member (its subject CN, as on the gRPC port)
//   POST /auth/signout  ends the cookie's session on the server
//   GET  /metrics  the Prometheus text (HttpOptions::metrics), to loopback
//        clients unless metrics_from_anywhere
//   GET  /, /<asset>    the web app from web_root; any other path without
//        an extension (a deep link: /casus/abc123) gets its index.html
// Authentication: `Authorization: Bearer <token>` is forwarded as is; a
// session cookie forwards its session's token. Cookie calls must carry
// `Connect-Protocol-Version: 1` and a same-origin Origin (or Sec-Fetch-Site
// same-origin/none), so another site cannot make them (CSRF). The client's
// address is forwarded as metadata `kompas-forwarded-for`, and a session
// signed in with a client certificate as `kompas-forwarded-certificate`; the
// gRPC server honours both from in-process calls only (auth/caller.h).
#ifndef KOMPAS_WEB_HTTP_SERVER_H_
#define KOMPAS_WEB_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"

namespace kompas::web {

struct HttpOptions {
  // host:port to listen on (an IP address or localhost; port 0 picks a free
  // port, see HttpServer::port()). Default loopback only.
  std::string address = "127.0.0.1:8080";
  // The server's PEM certificate chain and private key (kompasd passes the
  // gRPC port's --tls_cert and --tls_key). Both empty (default): plaintext
  // HTTP. Both set: HTTPS only, and the session cookie is Secure.
  std::string cert_chain_pem;
  std::string private_key_pem;
  // PEM CA certificates of client certificates (kompasd passes the gRPC
  // port's --tls_client_ca; needs TLS). Empty (default): no certificate is
  // asked for. Set: one is asked for and verified, and /auth/signin without
  // a token signs in the member its subject CN names, as the gRPC port does.
  std::string client_ca_pem;
  // With client_ca_pem: refuse the TLS handshake of a client without a
  // verified certificate (--tls_require_client_cert). Default false, so
  // members without a certificate can sign in with their token.
  bool require_client_certificate = false;
  // Serve plaintext HTTP on an address that is not loopback. Default false:
  // tokens, session cookies and case material would cross the network
  // unencrypted, so ValidateHttpOptions refuses. True only behind a
  // TLS-terminating proxy.
  bool allow_insecure_remote = false;
  // Largest request body, in bytes; larger ones get resource_exhausted
  // (HTTP 413) without being read. Default 4 MiB, as the gRPC port.
  int max_message_bytes = 4 << 20;
  // Folder of the built web app (index.html and assets). Empty or missing
  // (default): GET / says that the web app is not built.
  std::string web_root;
  // A browser session ends after this long without a call. Default 30 min:
  // a professional writing a case autosaves far more often than that.
  absl::Duration session_idle = absl::Minutes(30);
  // How long a client may take to send a request's line and headers, timed
  // from the end of the previous answer (or the TLS handshake), so it is
  // also how long a kept-alive connection may sit idle. Default 15 s: a
  // browser sends its headers in one packet; a client that dribbles them
  // byte by byte (slowloris) or opens a socket and says nothing is closed.
  absl::Duration header_timeout = absl::Seconds(15);
  // How long a client may then take to send the request's body. Default
  // 60 s: the largest body (max_message_bytes) over a slow mobile link.
  absl::Duration body_timeout = absl::Seconds(60);
  // Threads running the HTTP I/O (all asynchronous: a long watch stream
  // holds no thread). Default 2; the calls themselves run on gRPC's pool.
  int io_threads = 2;
  // GET /metrics answers with what this returns: the Prometheus text format,
  // rendered per scrape. Null (default): there is no /metrics.
  std::function<std::string()> metrics;
  // Who may scrape /metrics. Default false: only a client on this machine
  // (a loopback peer, without an X-Forwarded-For or Forwarded header, so a
  // reverse proxy on the same host does not pass the internet through);
  // others get 403. True (--metrics_from_anywhere): every client of the
  // listener. The numbers name RPCs, codes and counts, nothing a member
  // wrote, but say how busy the server is: keep it off the public internet.
  bool metrics_from_anywhere = false;
};

// INVALID_ARGUMENT / FAILED_PRECONDITION naming the kompasd flag to fix:
// certificate and key come together; a non-loopback address needs TLS or
// allow_insecure_remote (--insecure_remote).
[[nodiscard]] absl::Status ValidateHttpOptions(const HttpOptions& options);

class HttpServer {
 public:
  // Validates the options, binds and starts serving. `channel` reaches the
  // gRPC server (its InProcessChannel); shared, kept until destruction.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpOptions& options,
                                                           std::shared_ptr<grpc::Channel> channel);
  virtual ~HttpServer() = default;

  // The port actually bound.
  virtual int port() const = 0;
  // Stops accepting, closes connections (open streams end), joins the I/O
  // threads. Idempotent. Call before the gRPC server shuts down.
  virtual void Shutdown() = 0;
};

// The kompas.v1 method a Connect path reaches, or nullptr: routing is by the
// descriptor pool alone, so every RPC in the protos is reachable.
const google::protobuf::MethodDescriptor* ConnectRoute(absl::string_view path);

}  // namespace kompas::web

#endif  // KOMPAS_WEB_HTTP_SERVER_H_
