// kompasd's gRPC server: the kompas.v1 services, grpc.health.v1 and server
// reflection on one port, with a work pool for the blocking store calls.
//
//   RETURN_IF_ERROR(ValidateServerOptions(options));   // early, before slow start-up work
//   ASSIGN_OR_RETURN(auto server, Server::Start(options, backends));
//   ... wait for a signal ...
//   server->Shutdown();   // NOT_SERVING, refuse new calls, finish in-flight ones
#ifndef KOMPAS_API_SERVER_H_
#define KOMPAS_API_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "api/backends.h"
#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "api/watch_limits.h"
#include "grpcpp/channel.h"

namespace kompas::api {

// The grpc.health.v1 service name that says whether kompasd stores changes:
// NOT_SERVING while the store refuses writes after a disk failure or on a
// full disk (store::Store::WriteHealth), SERVING again once it recovered.
// The server's own status ("") and each kompas.v1 service stay SERVING
// meanwhile, since reads go on: a load balancer keeps routing reads, and a
// monitor of this name sees the writes stop.
inline constexpr char kWritesHealthService[] = "kompas.v1.writes";

// True when `address` can only be reached from this machine: a unix socket,
// localhost, 127.0.0.0/8 or ::1 (also as ::ffff:127.x.x.x). Anything this
// does not understand counts as remote, so it errs on the side of TLS.
bool IsLoopbackAddress(absl::string_view address);

// The TLS settings of a listener agree among themselves: a certificate comes
// with its key, and client certificates (a CA, or requiring one) need TLS.
// INVALID_ARGUMENT naming the kompasd flags otherwise; `where` names the
// listener in it ("", or " on the HTTP listener").
[[nodiscard]] absl::Status ValidateTls(const std::string& cert_chain_pem,
                                       const std::string& private_key_pem,
                                       const std::string& client_ca_pem,
                                       bool require_client_certificate, absl::string_view where);

// Transport security of the listening port. Default: none (plaintext), which
// ValidateServerOptions allows only on a loopback address.
struct TlsOptions {
  // The server's PEM certificate chain (its own certificate first) and the
  // PEM private key of that certificate. Both empty (default): plaintext.
  // Both set: TLS only; the port then refuses plaintext clients.
  std::string cert_chain_pem;
  std::string private_key_pem;
  // PEM CA certificates that sign client certificates (mutual TLS). Empty
  // (default): clients are not asked for a certificate and sign in with a
  // bearer token. Set: a client certificate is asked for and, when one is
  // presented, verified against these CAs during the handshake (an invalid
  // one fails the handshake); auth::Authenticator then takes the
  // certificate's subject CN as the member id when the call has no token.
  std::string client_ca_pem;
  // With client_ca_pem: also refuse the handshake when the client presents
  // no certificate. Default false, so token users (the kompas CLI without
  // --cert, and every administrator, since admin rights come only from
  // tokens) connect to the same port; every call is still authenticated.
  // True keeps anyone without a certificate from these CAs off the port
  // entirely, at the price that each client, admins included, needs one.
  bool require_client_certificate = false;
};

// How the gRPC port treats connections, each set deliberately rather than
// left to gRPC's defaults (README, "Connections and limits"). Tests shorten
// them; kompasd uses the defaults.
struct ConnectionOptions {
  // How long a new connection may take to finish its TLS handshake and send
  // the HTTP/2 preface and SETTINGS before it is closed
  // (GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS). Default 10 s (gRPC's is 120 s):
  // a real client needs milliseconds; a slow or idle socket that never
  // speaks would otherwise hold a file descriptor for two minutes.
  absl::Duration handshake_timeout = absl::Seconds(10);
  // How often the server pings a client on a connection that carries calls
  // but no traffic (GRPC_ARG_KEEPALIVE_TIME_MS), and how long it waits for
  // the answer before closing it (GRPC_ARG_KEEPALIVE_TIMEOUT_MS). Default
  // 60 s and 20 s (gRPC's: 2 h): a laptop that closed its lid mid-watch
  // frees its WatchSession slot within about a minute and a half, instead of
  // holding one of its member's few watches (WatchLimitOptions) for hours.
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // A connection with no call for this long is closed with a GOAWAY
  // (GRPC_ARG_MAX_CONNECTION_IDLE_MS); clients reconnect on their next call.
  // Default 10 min (gRPC's: never): the CLI and the Python client keep a
  // channel for minutes at most; an idle one only costs memory.
  absl::Duration max_connection_idle = absl::Minutes(10);
  // The shortest interval between a client's keepalive pings on a
  // connection without calls that the server tolerates
  // (GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS); pinging more
  // often, twice (GRPC_ARG_HTTP2_MAX_PING_STRIKES), gets a GOAWAY. Default
  // 30 s: a client may keep a connection warm, not flood it with pings.
  absl::Duration min_client_ping_interval = absl::Seconds(30);
  // Calls open at once on one connection (GRPC_ARG_MAX_CONCURRENT_STREAMS);
  // more wait in the client until one ends. Default 100 (gRPC's: no limit):
  // watches are capped per member anyway (WatchLimitOptions), and one
  // connection cannot pile up thousands of calls on the work pool.
  int max_concurrent_streams = 100;
};

struct ServerOptions {
  // host:port to listen on (also [v6]:port, localhost:port, unix:path).
  // Port 0 picks a free port (see Server::port()). Default loopback only.
  std::string address = "127.0.0.1:50051";
  // Default plaintext; see TlsOptions.
  TlsOptions tls;
  // Serve plaintext on an address that is not loopback. Default false: calls,
  // tokens and case material would cross the network unencrypted, so the
  // server refuses to start (ValidateServerOptions). True is for a network
  // that is protected otherwise, e.g. behind a TLS-terminating proxy.
  bool allow_insecure_remote = false;
  // Largest request or response message, in bytes. Default 4 MiB, gRPC's
  // default: a case is at most ~200 KB, a list page a few MB.
  int max_message_bytes = 4 << 20;
  // Threads running store calls. Default 16: synced writes wait on the disk,
  // and more concurrent writers share each WAL sync.
  int worker_threads = 16;
  // How long Shutdown keeps serving after health turned NOT_SERVING, so
  // health watchers (load balancers, clients) see it before calls are refused.
  absl::Duration drain = absl::Seconds(1);
  // How long Shutdown then lets in-flight calls finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Per-member call limits.
  RateLimitOptions rate_limit;
  // Calls with refused credentials (a wrong, expired or revoked token) per
  // peer address. Default 5 a second, 30 at once: plenty for a person who
  // mistypes, while a flood of guesses is refused before its tokens are
  // even checked (a store read and a hash each), so it cannot slow others.
  RateLimitOptions failed_auth{.rate = 5, .burst = 30};
  // Open WatchSession streams per member and per session.
  WatchLimitOptions watch_limits;
  // Handshake, keepalive and idle timeouts and streams per connection.
  ConnectionOptions connections;
  // How long a stream's write may wait on a client that does not read while
  // more waits for it, before the call is cut. Default 30 s: far longer
  // than any network hiccup; the client resumes from its cursor.
  absl::Duration stream_stall = absl::Seconds(30);
};

// Checks the options once, before any slow start-up work: TLS certificate
// and key come together, client-certificate settings need TLS, and a
// non-loopback address (anything but 127.0.0.0/8, ::1, localhost or a unix
// socket) needs TLS or allow_insecure_remote. INVALID_ARGUMENT or
// FAILED_PRECONDITION saying which kompasd flag to set. Start calls it too.
[[nodiscard]] absl::Status ValidateServerOptions(const ServerOptions& options);

class Server {
 public:
  // Validates the options, builds and starts the server; health is SERVING
  // when this returns.
  // The domain objects are not owned and must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       const Backends& backends);
  virtual ~Server() = default;

  // The port actually bound.
  virtual int port() const = 0;
  // A channel to this same server that never leaves the process (the HTTP
  // bridge, server/web, forwards every call through it), so every call goes
  // through the same authentication, policy, limits and audit. Each call is
  // marked as in-process (auth::IsInProcess), so it may carry the browser's
  // address and a verified certificate's member (auth/caller.h). Message
  // limits as max_message_bytes. Valid until Shutdown.
  virtual std::shared_ptr<grpc::Channel> InProcessChannel() = 0;
  // Calls counted per RPC and status code, with their latency, and the
  // rate limits' refusals; for GET /metrics. Valid while the server is.
  virtual const CallMetrics& metrics() const = 0;
  // Sets health to NOT_SERVING, waits `drain`, stops accepting calls, lets
  // in-flight calls finish within shutdown_grace, then stops the workers.
  // Idempotent.
  virtual void Shutdown() = 0;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVER_H_
