#include "api/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/synchronization/mutex.h"
#include "api/services.h"
#include "api/work_pool.h"
#include "common/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"

namespace kompas::api {
namespace {

constexpr const char* kServiceNames[] = {"kompas.v1.CommunityService", "kompas.v1.CaseService",
                                         "kompas.v1.PrivacyService", "kompas.v1.AuditService"};

class GrpcServer final : public Server {
 public:
  GrpcServer(const ServerOptions& options, const Backends& b)
      : options_(options),
        pool_(std::make_unique<WorkPool>(options.worker_threads)),
        limiter_(options.rate_limit),
        community_service_(b.communities, b.cases, Env(b)),
        case_service_(b.cases, Env(b)),
        privacy_service_(b.privacy, Env(b)),
        audit_service_(b.audit_trail, Env(b)) {}

  ~GrpcServer() override { Shutdown(); }

  absl::Status Build() {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(options_.address, grpc::InsecureServerCredentials(), &port_);
    builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
    builder.SetMaxSendMessageSize(options_.max_message_bytes);
    builder.RegisterService(&community_service_);
    builder.RegisterService(&case_service_);
    builder.RegisterService(&privacy_service_);
    builder.RegisterService(&audit_service_);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options_.address,
                       " (address in use or not valid for this machine)"));
    }
    SetServing(true);
    log::Info("server_started", {{"address", options_.address}, {"port", absl::StrCat(port_)}});
    return absl::OkStatus();
  }

  int port() const override { return port_; }

  void Shutdown() override {
    absl::MutexLock lock(&shutdown_mu_);
    if (server_ == nullptr) return;
    SetServing(false);
    log::Info("server_stopping",
              {{"drain_ms", absl::StrCat(absl::ToInt64Milliseconds(options_.drain))},
               {"grace_s", absl::StrCat(absl::ToInt64Seconds(options_.shutdown_grace))}});
    absl::SleepFor(options_.drain);
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
    for (const char* name : kServiceNames) health->SetServingStatus(name, serving);
  }

  ServerOptions options_;
  CallEnv Env(const Backends& b) {
    return CallEnv{pool_.get(), b.authenticator, b.communities, b.audit, &limiter_};
  }

  std::unique_ptr<WorkPool> pool_;
  RateLimiter limiter_;
  CommunityServiceImpl community_service_;
  CaseServiceImpl case_service_;
  PrivacyServiceImpl privacy_service_;
  AuditServiceImpl audit_service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Mutex shutdown_mu_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      const Backends& backends) {
  auto server = std::make_unique<GrpcServer>(options, backends);
  absl::Status status = server->Build();
  if (!status.ok()) return status;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace kompas::api
