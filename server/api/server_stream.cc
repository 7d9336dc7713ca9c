#include "api/server_stream.h"

#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "api/status.h"

namespace kompas::api {
namespace {

// The reactor's state lives in a shared Call so that a late `wake` (from a
// writer's thread, after the call ended) finds it still there, or nothing.
// gRPC calls (StartWrite, Finish, TryCancel) are made outside `mu`, because
// gRPC may run OnWriteDone or OnCancel inline. `pumping` (Start or Take
// running on the pool) and `writing` (a write in flight) keep Finish — and
// with it OnDone, which deletes the reactor — from happening while someone
// is about to touch the reactor or its context.
struct Call {
  absl::Mutex mu;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* reactor ABSL_GUARDED_BY(mu) = nullptr;
  grpc::CallbackServerContext* context = nullptr;
  CallEnv env{};
  StreamMethod method;
  grpc::ByteBuffer raw_request;
  absl::Duration stall;
  std::unique_ptr<StreamSource> source;  // touched only by the pumping task
  CallState state;                       // status and caller, for trail and log
  grpc::ByteBuffer writing;              // the message of the write in flight
  absl::Time write_started ABSL_GUARDED_BY(mu);
  bool started ABSL_GUARDED_BY(mu) = false;
  bool pumping ABSL_GUARDED_BY(mu) = true;  // Start is queued
  bool again ABSL_GUARDED_BY(mu) = false;   // woken while pumping
  bool writing_now ABSL_GUARDED_BY(mu) = false;
  bool cancelled ABSL_GUARDED_BY(mu) = false;
  bool finishing ABSL_GUARDED_BY(mu) = false;
};

void Pump(const std::shared_ptr<Call>& call);

// Marks the call finishing with `status` (once) and logs it; returns the
// reactor to call Finish on, or null.
grpc::ServerWriteReactor<grpc::ByteBuffer>* BeginFinishLocked(Call& c, const absl::Status& status)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(c.mu) {
  if (c.finishing || c.reactor == nullptr) return nullptr;
  c.finishing = true;
  c.state.status = status;
  LogCall(c.env, c.method.path, c.state);
  return c.reactor;
}

// When nothing runs and nothing is written, a cancelled call can finish.
grpc::ServerWriteReactor<grpc::ByteBuffer>* FinishIfIdleLocked(Call& c)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(c.mu) {
  if (c.pumping || c.writing_now || !c.cancelled) return nullptr;
  return BeginFinishLocked(c, absl::CancelledError("the client went away"));
}

void FinishOutside(grpc::ServerWriteReactor<grpc::ByteBuffer>* reactor, const Call& c) {
  if (reactor != nullptr) reactor->Finish(ToGrpcStatus(c.state.status));
}

// Asks for a Take (from a wake or a finished write): queues Pump unless one
// is queued or running, in which case that one takes again.
void Wake(const std::shared_ptr<Call>& call) {
  Call& c = *call;
  {
    absl::MutexLock lock(&c.mu);
    if (c.reactor == nullptr || c.finishing || !c.started) return;
    if (c.pumping) {
      c.again = true;
      return;
    }
    c.pumping = true;
  }
  c.env.pool->Post([call] { Pump(call); });
}

void Start(const std::shared_ptr<Call>& call) {
  Call& c = *call;
  // pumping is true: nothing finishes the call under us.
  CallSpec spec;
  spec.method = c.method.path;
  spec.rule = c.method.rule;
  spec.cost = c.source->cost();
  spec.parse = [&c] { return c.source->Parse(c.raw_request); };
  spec.request = [&c]() -> const google::protobuf::Message& { return c.source->request(); };
  CallState state;
  state.start = c.state.start;
  Admit(*c.context, c.env, spec, state);
  if (state.status.ok()) {
    std::weak_ptr<Call> weak = call;
    state.status = c.source->Start(*state.call, [weak] {
      if (auto alive = weak.lock()) Wake(alive);
    });
  }
  // Opening a stream of case material is reading it: on the trail once.
  RecordOnTrail(c.env, state);
  grpc::ServerWriteReactor<grpc::ByteBuffer>* finish = nullptr;
  {
    absl::MutexLock lock(&c.mu);
    c.state = state;
    c.started = true;
    if (!state.status.ok()) {
      c.pumping = false;
      finish = BeginFinishLocked(c, state.status);
    }
  }
  if (finish != nullptr) {
    FinishOutside(finish, c);
    return;
  }
  Pump(call);
}

// Takes the next message and writes it; runs on the pool with pumping set.
void Pump(const std::shared_ptr<Call>& call) {
  Call& c = *call;
  for (;;) {
    bool cut = false, stop = false;
    grpc::ServerWriteReactor<grpc::ByteBuffer>* done = nullptr;
    {
      absl::MutexLock lock(&c.mu);
      c.again = false;
      if (c.cancelled || c.finishing) {
        c.pumping = false;
        done = FinishIfIdleLocked(c);
        stop = true;
      }
      if (!stop && c.writing_now) {
        // More is waiting while the client has not taken the last write:
        // once that has lasted `stall`, the client stopped reading.
        cut = absl::Now() - c.write_started > c.stall;
        if (!cut) {
          c.pumping = false;
          return;
        }
      }
    }
    if (stop) {
      FinishOutside(done, c);
      return;
    }
    if (cut) {
      // pumping (still set) keeps the call alive until TryCancel returns;
      // OnWriteDone(false) and OnCancel follow and finish it.
      c.context->TryCancel();
      grpc::ServerWriteReactor<grpc::ByteBuffer>* finish;
      {
        absl::MutexLock lock(&c.mu);
        c.pumping = false;
        finish = FinishIfIdleLocked(c);
      }
      FinishOutside(finish, c);
      return;
    }
    grpc::ByteBuffer message;
    absl::StatusOr<StreamSource::Next> next = c.source->Take(&message);
    grpc::ServerWriteReactor<grpc::ByteBuffer>* finish = nullptr;
    grpc::ServerWriteReactor<grpc::ByteBuffer>* write = nullptr;
    {
      absl::MutexLock lock(&c.mu);
      if (c.cancelled) {
        // The client went away while Take ran: OnCancel saw pumping set and
        // left the call to us. Finish it, or nobody will (its reactor, its
        // subscription and its WatchLimits slot would live on).
        c.pumping = false;
        finish = FinishIfIdleLocked(c);
      } else if (!next.ok()) {
        c.pumping = false;
        finish = BeginFinishLocked(c, next.status());
      } else if (*next == StreamSource::Next::kEnd) {
        c.pumping = false;
        finish = BeginFinishLocked(c, absl::OkStatus());
      } else if (*next == StreamSource::Next::kMessage) {
        c.pumping = false;
        c.writing = std::move(message);
        c.writing_now = true;
        c.write_started = absl::Now();
        write = c.reactor;
      } else if (!c.again) {
        c.pumping = false;
        return;
      }
    }
    if (finish != nullptr) FinishOutside(finish, c);
    if (write != nullptr) write->StartWrite(&c.writing);
    if (finish != nullptr || write != nullptr) return;
  }
}

class StreamReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit StreamReactor(std::shared_ptr<Call> call) : call_(std::move(call)) {
    {
      absl::MutexLock lock(&call_->mu);
      call_->reactor = this;
    }
    call_->env.pool->Post([call = call_] { Start(call); });
  }

  void OnWriteDone(bool ok) override {
    Call& c = *call_;
    grpc::ServerWriteReactor<grpc::ByteBuffer>* finish = nullptr;
    {
      absl::MutexLock lock(&c.mu);
      c.writing_now = false;
      if (!ok) c.cancelled = true;  // the client is gone: nothing more arrives
      if (c.cancelled) {
        finish = FinishIfIdleLocked(c);
      } else if (!c.pumping) {
        c.pumping = true;
        c.env.pool->Post([call = call_] { Pump(call); });
      } else {
        c.again = true;
      }
    }
    FinishOutside(finish, c);
  }

  void OnCancel() override {
    Call& c = *call_;
    grpc::ServerWriteReactor<grpc::ByteBuffer>* finish;
    {
      absl::MutexLock lock(&c.mu);
      c.cancelled = true;
      finish = FinishIfIdleLocked(c);
    }
    FinishOutside(finish, c);
  }

  void OnDone() override {
    std::unique_ptr<StreamSource> source;
    {
      absl::MutexLock lock(&call_->mu);
      call_->reactor = nullptr;
      // Nothing pumps any more (Finish needed pumping false), so the source
      // is ours to end here: a subscription unsubscribes.
      source = std::move(call_->source);
    }
    source.reset();
    delete this;
  }

 private:
  std::shared_ptr<Call> call_;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeStream(grpc::CallbackServerContext* context,
                                                        const CallEnv& env, StreamMethod method,
                                                        const grpc::ByteBuffer* request,
                                                        std::unique_ptr<StreamSource> source) {
  auto call = std::make_shared<Call>();
  call->context = context;
  call->env = env;
  call->method = std::move(method);
  call->raw_request = *request;  // shares the call's slices
  call->stall = env.stream_stall;
  call->source = std::move(source);
  call->state.start = absl::Now();
  return new StreamReactor(std::move(call));
}

}  // namespace kompas::api
