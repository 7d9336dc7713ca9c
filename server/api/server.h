// kompasd's gRPC server: the kompas.v1 services, grpc.health.v1 and server
// reflection on one port, with a work pool for the blocking store calls.
//
//   ASSIGN_OR_RETURN(auto server, Server::Start(options, &communities, &cases));
//   ... wait for a signal ...
//   server->Shutdown();   // NOT_SERVING, refuse new calls, finish in-flight ones
#ifndef KOMPAS_API_SERVER_H_
#define KOMPAS_API_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/privacy_checks.h"
#include "domain/audit_trail.h"
#include "api/rate_limiter.h"
#include "audit/audit_log.h"
#include "auth/caller.h"

namespace kompas::api {

struct ServerOptions {
  // host:port to listen on. Port 0 picks a free port (see Server::port()).
  // Default loopback only: the server has no transport security yet.
  std::string address = "127.0.0.1:50051";
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
};

// The use cases and services the server serves; none is owned.
struct Backends {
  domain::Communities* communities;
  domain::Cases* cases;
  domain::PrivacyChecks* privacy;
  domain::AuditTrail* audit_trail;
  audit::AuditLog* audit;
  const auth::Authenticator* authenticator;
};

class Server {
 public:
  // Builds and starts the server; health is SERVING when this returns.
  // The domain objects are not owned and must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       const Backends& backends);
  virtual ~Server() = default;

  // The port actually bound.
  virtual int port() const = 0;
  // Sets health to NOT_SERVING, waits `drain`, stops accepting calls, lets
  // in-flight calls finish within shutdown_grace, then stops the workers.
  // Idempotent.
  virtual void Shutdown() = 0;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVER_H_
