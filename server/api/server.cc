#include "api/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/synchronization/mutex.h"
#include "api/rpc_table.h"
#include "api/services.h"
#include "api/work_pool.h"
#include "auth/caller.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/support/channel_arguments.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/client_interceptor.h"

namespace kompas::api {
namespace {




// Marks every call of the in-process channel with this process's secret
// (auth::IsInProcess), so the gRPC side can trust what the HTTP listener
// says about the browser behind a call, and nothing else can say it.
class MarkInProcess final : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert(
          {auth::kInProcessMetadata, auth::InProcessSecret()});
    }
    methods->Proceed();
  }
};

class MarkInProcessFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new MarkInProcess;
  }
};

std::shared_ptr<grpc::ServerCredentials> Credentials(const TlsOptions& tls) {
  if (tls.cert_chain_pem.empty()) return grpc::InsecureServerCredentials();
  // Only *_AND_VERIFY modes: auth::Authenticator trusts the subject of any
  // client certificate it sees, so an unverified one must never get through.
  grpc_ssl_client_certificate_request_type request = GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE;
  if (!tls.client_ca_pem.empty()) {
    request = tls.require_client_certificate
                  ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                  : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  grpc::SslServerCredentialsOptions ssl(request);
  ssl.pem_root_certs = tls.client_ca_pem;
  ssl.pem_key_cert_pairs.push_back({tls.private_key_pem, tls.cert_chain_pem});
  return grpc::SslServerCredentials(ssl);
}

int Milliseconds(absl::Duration d) {
  return static_cast<int>(std::clamp<int64_t>(absl::ToInt64Milliseconds(d), 1, INT32_MAX));
}

// ConnectionOptions as gRPC channel arguments (server.h says why each).
void SetConnectionArgs(const ConnectionOptions& c, grpc::ServerBuilder& builder) {
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, Milliseconds(c.handshake_timeout));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Milliseconds(c.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Milliseconds(c.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, Milliseconds(c.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Milliseconds(c.min_client_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, std::max(1, c.max_concurrent_streams));
}

absl::string_view TransportName(const TlsOptions& tls) {
  if (tls.cert_chain_pem.empty()) return "plaintext";
  if (tls.client_ca_pem.empty()) return "tls";
  return tls.require_client_certificate ? "mtls_required" : "mtls_optional";
}

class GrpcServer final : public Server {
 public:
  GrpcServer(const ServerOptions& options, const Backends& b)
      : options_(options),
        pool_(std::make_unique<WorkPool>(options.worker_threads)),
        limiter_(options.rate_limit),
        failed_auth_(options.failed_auth, "too many refused sign-ins from this address", "sign_in"),
        watches_(options.watch_limits),
        metrics_(MethodPaths()),
        services_(MakeServices(Env(b), b)),
        session_feed_(b.session_feed),
        store_(b.store) {}

  ~GrpcServer() override { Shutdown(); }

  absl::Status Build() {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(options_.address, Credentials(options_.tls), &port_);
    builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
    builder.SetMaxSendMessageSize(options_.max_message_bytes);
    SetConnectionArgs(options_.connections, builder);
    for (const auto& service : services_) builder.RegisterService(service.get());
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot listen on ", options_.address,
          options_.tls.cert_chain_pem.empty()
              ? " (address in use or not valid for this machine)"
              : " (address in use or not valid for this machine, or the TLS certificate, key "
                "or client CA is not valid PEM, or the key does not belong to the certificate)"));
    }
    SetServing(true);
    if (store_ != nullptr) {
      grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
      store_->SetWriteHealthWatcher([health](const absl::Status& writes) {
        if (health != nullptr) health->SetServingStatus(kWritesHealthService, writes.ok());
      });
      // A change between SetServing and the watcher's start is not lost.
      if (health != nullptr) health->SetServingStatus(kWritesHealthService, store_->WriteHealth().ok());
    }
    log::Info("server_started", {{"address", options_.address},
                                 {"port", absl::StrCat(port_)},
                                 {"transport", std::string(TransportName(options_.tls))}});
    if (options_.tls.cert_chain_pem.empty() && !IsLoopbackAddress(options_.address)) {
      log::Warn("insecure_remote", {{"address", options_.address},
                                    {"risk", "calls and tokens cross the network in plaintext"}});
    }
    return absl::OkStatus();
  }

  int port() const override { return port_; }
  const CallMetrics& metrics() const override { return metrics_; }

  std::shared_ptr<grpc::Channel> InProcessChannel() override {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(options_.max_message_bytes);
    args.SetMaxSendMessageSize(options_.max_message_bytes);
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> marks;
    marks.push_back(std::make_unique<MarkInProcessFactory>());
    return server_->experimental().InProcessChannelWithInterceptors(args, std::move(marks));
  }

  void Shutdown() override {
    absl::MutexLock lock(&shutdown_mu_);
    if (server_ == nullptr) return;
    if (store_ != nullptr) store_->SetWriteHealthWatcher(nullptr);
    SetServing(false);
    log::Info("server_stopping",
              {{"drain_ms", absl::StrCat(absl::ToInt64Milliseconds(options_.drain))},
               {"grace_s", absl::StrCat(absl::ToInt64Seconds(options_.shutdown_grace))}});
    absl::SleepFor(options_.drain);
    // Open WatchSession streams end now, telling each client which event to
    // resume after, instead of holding the shutdown for the whole grace.
    if (session_feed_ != nullptr) session_feed_->Shutdown();
    server_->Shutdown(std::chrono::system_clock::now() +
                      absl::ToChronoMilliseconds(options_.shutdown_grace));
    server_->Wait();
    pool_.reset();  // runs what is still queued, joins the workers
    server_.reset();
    log::Info("server_stopped");
  }

 private:
  void SetServing(bool serving) {
    grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
    if (health == nullptr) return;
    health->SetServingStatus("", serving);
    for (const auto* service : RpcServices()) {
      health->SetServingStatus(service->full_name(), serving);
    }
    health->SetServingStatus(kWritesHealthService,
                             serving && (store_ == nullptr || store_->WriteHealth().ok()));
  }

  ServerOptions options_;
  CallEnv Env(const Backends& b) {
    CallEnv env{pool_.get(), b.authenticator, b.communities, b.auditor, &limiter_};
    env.failed_auth = &failed_auth_;
    env.watches = &watches_;
    env.stream_stall = options_.stream_stall;
    env.metrics = &metrics_;
    return env;
  }

  static std::vector<std::string> MethodPaths() {
    std::vector<std::string> paths;
    for (const Rpc& rpc : Rpcs()) paths.push_back(rpc.path);
    return paths;
  }

  std::unique_ptr<WorkPool> pool_;
  RateLimiter limiter_;
  RateLimiter failed_auth_;
  WatchLimits watches_;
  CallMetrics metrics_;  // before services_: their calls count here
  std::vector<std::unique_ptr<grpc::Service>> services_;
  domain::SessionFeed* session_feed_;
  store::Store* store_;  // may be null
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Mutex shutdown_mu_;
};

}  // namespace

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  absl::string_view host = address;
  if (absl::ConsumePrefix(&host, "[")) {  // [v6]:port
    const size_t close = host.find(']');
    if (close == absl::string_view::npos) return false;
    host = host.substr(0, close);
  } else if (const size_t colon = host.rfind(':'); colon != absl::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return false;
}

absl::Status ValidateTls(const std::string& cert_chain_pem, const std::string& private_key_pem,
                         const std::string& client_ca_pem, bool require_client_certificate,
                         absl::string_view where) {
  if (cert_chain_pem.empty() != private_key_pem.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "TLS", where, " needs both a certificate and its private key (--tls_cert and --tls_key)"));
  }
  if (cert_chain_pem.empty() && !client_ca_pem.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("client certificates", where,
                                                   " (--tls_client_ca) need TLS: pass --tls_cert "
                                                   "and --tls_key too"));
  }
  if (require_client_certificate && client_ca_pem.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "requiring client certificates", where, " (--tls_require_client_cert) needs --tls_client_ca"));
  }
  return absl::OkStatus();
}

absl::Status ValidateServerOptions(const ServerOptions& options) {
  const TlsOptions& tls = options.tls;
  RETURN_IF_ERROR(ValidateTls(tls.cert_chain_pem, tls.private_key_pem, tls.client_ca_pem,
                              tls.require_client_certificate, ""));
  if (tls.cert_chain_pem.empty() && !options.allow_insecure_remote &&
      !IsLoopbackAddress(options.address)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to listen on ", options.address,
        " without TLS: it is not a loopback address, so tokens and case material would cross "
        "the network in plaintext. Configure TLS with --tls_cert and --tls_key, or pass "
        "--insecure_remote to serve plaintext anyway"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      const Backends& backends) {
  if (absl::Status valid = ValidateServerOptions(options); !valid.ok()) return valid;
  auto server = std::make_unique<GrpcServer>(options, backends);
  absl::Status status = server->Build();
  if (!status.ok()) return status;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace kompas::api
