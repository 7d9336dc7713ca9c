// Native gRPC watchers: one ClientReadReactor per stream. gRPC runs every
// reactor's callbacks on its own few threads, so a quiet stream holds none.
#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/session.grpc.pb.h"
#include "watchers.h"

namespace kompas::bench {
namespace {

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "ok";
    case grpc::StatusCode::CANCELLED: return "cancelled";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "deadline_exceeded";
    case grpc::StatusCode::PERMISSION_DENIED: return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "resource_exhausted";
    case grpc::StatusCode::UNAVAILABLE: return "unavailable";
    case grpc::StatusCode::UNAUTHENTICATED: return "unauthenticated";
    case grpc::StatusCode::INVALID_ARGUMENT: return "invalid_argument";
    case grpc::StatusCode::NOT_FOUND: return "not_found";
    case grpc::StatusCode::INTERNAL: return "internal";
    default: return "code " + std::to_string(static_cast<int>(code));
  }
}

class GrpcWatchers;

// One stream. Its members are touched by gRPC's callbacks, one at a time,
// and read by Results only after OnDone (under the pool's mutex).
class Watcher final : public grpc::ClientReadReactor<v1::WatchSessionResponse> {
 public:
  Watcher(GrpcWatchers* pool, v1::SessionService::Stub* stub, const WatchTarget& target)
      : pool_(pool), stub_(stub) {
    context_.AddMetadata("authorization", "Bearer " + target.token);
    request_.set_name(target.session);
    request_.set_after_sequence(target.after_sequence);
  }

  void Start() {
    stub_->async()->WatchSession(&context_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;
  void Cancel() { context_.TryCancel(); }

  WatcherResult result;
  bool done = false;  // OnDone ran; guarded by the pool's mutex

 private:
  GrpcWatchers* const pool_;
  v1::SessionService::Stub* const stub_;
  grpc::ClientContext context_;
  v1::WatchSessionRequest request_;
  v1::WatchSessionResponse response_;
};

class GrpcWatchers final : public WatcherPool {
 public:
  GrpcWatchers(std::string address, int connections)
      : address_(std::move(address)), connections_(connections) {}

  ~GrpcWatchers() override {
    Close(absl::Seconds(10));
    absl::MutexLock lock(&mu_);
    if (live_ == 0) return;
    // gRPC still holds these streams: leave them (and their channels) to
    // the process's end rather than free what a callback may touch.
    for (auto& w : watchers_) (void)w.release();
    for (auto& s : stubs_) (void)s.release();
  }

  void Open(const std::vector<WatchTarget>& targets) override {
    const size_t channels = connections_ <= 0 ? targets.size()
                                              : std::min<size_t>(connections_, targets.size());
    for (size_t i = 0; i < channels; ++i) {
      grpc::ChannelArguments args;
      // Channels with equal arguments would share one connection.
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      stubs_.push_back(v1::SessionService::NewStub(
          grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args)));
    }
    {
      absl::MutexLock lock(&mu_);
      live_ = static_cast<int>(targets.size());
    }
    for (size_t i = 0; i < targets.size(); ++i) {
      watchers_.push_back(std::make_unique<Watcher>(this, stubs_[i % channels].get(), targets[i]));
    }
    for (auto& w : watchers_) w->Start();
  }

  int ready() const override { return ready_.load(std::memory_order_relaxed); }
  int ended() const override { return ended_.load(std::memory_order_relaxed); }
  int64_t events() const override { return events_.load(std::memory_order_relaxed); }

  void Close(absl::Duration timeout) override {
    closing_.store(true);
    for (auto& w : watchers_) w->Cancel();
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(+[](int* live) { return *live == 0; }, &live_), timeout);
  }

  std::vector<WatcherResult> Results() override {
    absl::MutexLock lock(&mu_);
    std::vector<WatcherResult> out;
    for (auto& w : watchers_) {
      if (w->done) {
        out.push_back(std::move(w->result));
      } else {
        out.push_back(WatcherResult{.ended = "not closed in time"});
      }
    }
    return out;
  }

  void Ready() { ready_.fetch_add(1, std::memory_order_relaxed); }
  void Event() { events_.fetch_add(1, std::memory_order_relaxed); }
  // The last call a watcher makes.
  void Done(Watcher& w, const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    if (!closing_.load()) {
      w.result.ended = CodeName(status.error_code());
      ended_.fetch_add(1, std::memory_order_relaxed);
    }
    w.done = true;
    --live_;
  }

 private:
  const std::string address_;
  const int connections_;
  std::vector<std::unique_ptr<v1::SessionService::Stub>> stubs_;
  std::vector<std::unique_ptr<Watcher>> watchers_;
  std::atomic<int> ready_{0};
  std::atomic<int> ended_{0};
  std::atomic<int64_t> events_{0};
  std::atomic<bool> closing_{false};
  absl::Mutex mu_;
  int live_ ABSL_GUARDED_BY(mu_) = 0;
};

void Watcher::OnReadDone(bool ok) {
  const SteadyTime now = std::chrono::steady_clock::now();
  if (!ok) return;  // OnDone follows
  if (response_.has_event()) {
    result.arrivals.push_back(Arrival{now, std::move(*response_.mutable_event())});
    pool_->Event();
  } else if (response_.has_session() && !result.opened) {
    result.opened = true;
    pool_->Ready();
  } else {
    ++result.undecodable;
  }
  response_.Clear();
  StartRead(&response_);
}

void Watcher::OnDone(const grpc::Status& status) { pool_->Done(*this, status); }

}  // namespace

std::unique_ptr<WatcherPool> NewGrpcWatchers(const std::string& grpc_address, int connections) {
  return std::make_unique<GrpcWatchers>(grpc_address, connections);
}

}  // namespace kompas::bench
