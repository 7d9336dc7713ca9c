#include "api/finite_stream.h"

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "api/status.h"

namespace kompas::api {
namespace {

// gRPC calls (StartWrite, Finish) are made outside `mu_`, because gRPC may
// run OnWriteDone inline; `busy_` (Start or a write in flight) keeps Finish
// — and with it OnDone, which deletes the reactor — from happening while
// someone is about to touch the reactor.
class FiniteStreamReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  FiniteStreamReactor(grpc::CallbackServerContext* context, const CallEnv& env, StreamSpec spec)
      : context_(context), env_(env), spec_(std::move(spec)) {
    state_.start = absl::Now();
    env.pool->Post([this] { Start(); });
  }

  void OnWriteDone(bool ok) override {
    Act act = Act::kNothing;
    {
      absl::MutexLock lock(&mu_);
      busy_ = false;
      if (!ok || cancelled_) {
        act = FinishLocked(absl::CancelledError("the client went away"));
      } else if (!pending_.empty()) {
        act = NextWriteLocked();
      } else {
        act = FinishLocked(absl::OkStatus());
      }
    }
    Do(act);
  }

  void OnCancel() override {
    Act act = Act::kNothing;
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
      if (!busy_) act = FinishLocked(absl::CancelledError("the client went away"));
    }
    Do(act);
  }

  void OnDone() override { delete this; }

 private:
  enum class Act { kNothing, kWrite, kFinish };

  Act FinishLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finishing_) return Act::kNothing;
    finishing_ = true;
    state_.status = status;
    LogCall(spec_.method, state_);
    return Act::kFinish;
  }

  Act NextWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    writing_ = std::move(pending_.front());
    pending_.pop_front();
    busy_ = true;
    return Act::kWrite;
  }

  void Do(Act act) {
    if (act == Act::kWrite) StartWrite(&writing_);
    if (act == Act::kFinish) Finish(ToGrpcStatus(state_.status));
  }

  void Start() {
    // busy_ is still true: nothing finishes the call under us.
    CallSpec admission{spec_.method, spec_.rule, spec_.parse, spec_.request, nullptr};
    CallState state;
    state.start = state_.start;
    Admit(*context_, env_, admission, state);
    std::deque<grpc::ByteBuffer> messages;
    if (state.status.ok()) {
      state.caller.audited = &state.audited;
      state.status = spec_.run(state.caller, &messages);
      state.caller.audited = nullptr;
    }
    RecordOnTrail(env_, spec_.method, state);
    Act act = Act::kNothing;
    {
      absl::MutexLock lock(&mu_);
      const absl::Status outcome = state.status;
      state_ = std::move(state);
      busy_ = false;
      if (!outcome.ok() || cancelled_) {
        act = FinishLocked(outcome.ok() ? absl::CancelledError("the client went away") : outcome);
      } else {
        pending_ = std::move(messages);
        act = pending_.empty() ? FinishLocked(absl::OkStatus()) : NextWriteLocked();
      }
    }
    Do(act);
  }

  grpc::CallbackServerContext* const context_;
  const CallEnv env_;
  const StreamSpec spec_;
  absl::Mutex mu_;
  CallState state_;
  std::deque<grpc::ByteBuffer> pending_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer writing_;
  bool busy_ ABSL_GUARDED_BY(mu_) = true;  // until Start has run
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeFiniteStream(grpc::CallbackServerContext* context,
                                                               const CallEnv& env,
                                                               StreamSpec spec) {
  return new FiniteStreamReactor(context, env, std::move(spec));
}

}  // namespace kompas::api
