#include "api/session_watch.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "api/raw_request.h"
#include "api/status.h"

namespace kompas::api {
namespace {

// Events serialized per turn; later ones stay in the subscription.
constexpr size_t kEventsPerTurn = 64;

class WatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  WatchReactor(grpc::CallbackServerContext* context, const CallEnv& env, std::string method,
               const auth::Rule* rule, const grpc::ByteBuffer* request,
               const domain::Sessions* sessions)
      : shared_(std::make_shared<Shared>()) {
    shared_->reactor = this;
    shared_->method = std::move(method);
    shared_->rule = rule;
    shared_->context = context;
    shared_->env = env;
    shared_->raw_request = *request;
    shared_->sessions = sessions;
    shared_->state.start = absl::Now();
    shared_->busy = true;  // until Start has run: no Finish before it
    env.pool->Post([shared = shared_] { Start(shared); });
  }

  void OnWriteDone(bool ok) override {
    bool finish = false, write = false;
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->busy = false;
      if (!ok || shared_->cancelled) {
        // The client is gone: nothing more can be delivered.
        finish = BeginFinishLocked(*shared_, absl::CancelledError("the client went away"));
      } else {
        write = NextWriteLocked(*shared_);
      }
    }
    if (finish) Finish(ToGrpcStatus(shared_->state.status));
    if (write) StartWrite(&shared_->writing);
    if (!finish && !write) shared_->env.pool->Post([shared = shared_] { Pump(shared); });
  }

  void OnCancel() override {
    bool finish = false;
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->cancelled = true;
      if (!shared_->busy) {
        finish = BeginFinishLocked(*shared_, absl::CancelledError("the client went away"));
      }
    }
    if (finish) Finish(ToGrpcStatus(shared_->state.status));
  }

  void OnDone() override {
    std::unique_ptr<domain::SessionFeed::Subscription> events;
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->reactor = nullptr;
      events = std::move(shared_->events);
    }
    events.reset();  // unsubscribes
    delete this;
  }

 private:
  // Everything the pool tasks and gRPC's callbacks share. gRPC calls
  // (StartWrite, Finish) are made outside `mu`, because gRPC may run
  // OnWriteDone inline. `busy` (a write or Start in flight) keeps Finish
  // from being called while someone is about to touch the reactor.
  struct Shared {
    absl::Mutex mu;
    WatchReactor* reactor = nullptr;  // null once done
    grpc::CallbackServerContext* context = nullptr;
    CallEnv env{};
    std::string method;                // the call's path and rule (rpc_table.h)
    const auth::Rule* rule = nullptr;
    grpc::ByteBuffer raw_request;
    const domain::Sessions* sessions = nullptr;
    CallState state;
    std::unique_ptr<domain::SessionFeed::Subscription> events;
    std::deque<grpc::ByteBuffer> pending;
    grpc::ByteBuffer writing;  // the message of the write in flight
    bool busy = false;
    bool cancelled = false;
    bool finishing = false;
  };

  // Marks the call finishing with `status` (once) and logs it; true when
  // the caller must now call Finish.
  static bool BeginFinishLocked(Shared& s, const absl::Status& status) {
    if (s.finishing || s.reactor == nullptr) return false;
    s.finishing = true;
    s.state.status = status;
    LogCall(s.method, s.state);
    return true;
  }

  // Takes the next pending message for writing; true when the caller must
  // now call StartWrite.
  static bool NextWriteLocked(Shared& s) {
    if (s.pending.empty() || s.finishing || s.reactor == nullptr) return false;
    s.writing = std::move(s.pending.front());
    s.pending.pop_front();
    s.busy = true;
    return true;
  }

  static void Enqueue(Shared& s, const v1::WatchSessionResponse& message) {
    grpc::ByteBuffer buffer;
    SerializeResponse(message, &buffer);
    s.pending.push_back(std::move(buffer));
  }

  static void Start(const std::shared_ptr<Shared>& shared) {
    Shared& s = *shared;
    // Safe without the lock: busy keeps the reactor and its context alive.
    v1::WatchSessionRequest request;
    CallSpec spec;
    spec.method = s.method;
    spec.rule = s.rule;
    spec.parse = [&] { return ParseRequest(s.raw_request, &request); };
    spec.request = [&]() -> const google::protobuf::Message& { return request; };
    CallState state;
    state.start = s.state.start;
    Admit(*s.context, s.env, spec, state);
    std::optional<domain::Sessions::Watch> watch;
    if (state.status.ok()) {
      std::weak_ptr<Shared> weak = shared;
      CallEnv env = s.env;
      absl::StatusOr<domain::Sessions::Watch> started =
          s.sessions->StartWatch(state.caller, request, [weak, env] {
            if (auto alive = weak.lock()) env.pool->Post([alive] { Pump(alive); });
          });
      state.status = started.status();
      if (started.ok()) watch = *std::move(started);
    }
    // Watching a session is reading it: on the trail once, at the start.
    RecordOnTrail(s.env, s.method, state);

    bool finish = false, write = false;
    WatchReactor* reactor;
    {
      absl::MutexLock lock(&s.mu);
      s.state = state;
      s.busy = false;
      reactor = s.reactor;
      if (!state.status.ok() || s.cancelled) {
        finish = BeginFinishLocked(
            s, state.status.ok() ? absl::CancelledError("the client went away") : state.status);
      } else {
        s.events = std::move(watch->events);
        v1::WatchSessionResponse first;
        *first.mutable_session() = std::move(watch->session);
        Enqueue(s, first);
        write = NextWriteLocked(s);
      }
    }
    if (finish) reactor->Finish(ToGrpcStatus(state.status));
    if (write) reactor->StartWrite(&s.writing);
  }

  // Moves events from the subscription to the client while it keeps up.
  static void Pump(const std::shared_ptr<Shared>& shared) {
    Shared& s = *shared;
    bool finish = false, write = false;
    WatchReactor* reactor;
    {
      absl::MutexLock lock(&s.mu);
      reactor = s.reactor;
      if (reactor == nullptr || s.finishing || s.busy || s.events == nullptr) return;
      absl::StatusOr<std::vector<v1::SessionEvent>> events = s.events->Take(kEventsPerTurn);
      if (!events.ok()) {
        finish = BeginFinishLocked(s, events.status());
      } else {
        for (v1::SessionEvent& e : *events) {
          v1::WatchSessionResponse message;
          *message.mutable_event() = std::move(e);
          Enqueue(s, message);
        }
        write = NextWriteLocked(s);
      }
    }
    if (finish) reactor->Finish(ToGrpcStatus(s.state.status));
    if (write) reactor->StartWrite(&s.writing);
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeWatchSession(grpc::CallbackServerContext* context,
                                                               const CallEnv& env,
                                                               std::string method,
                                                               const auth::Rule* rule,
                                                               const grpc::ByteBuffer* request,
                                                               const domain::Sessions* sessions) {
  return new WatchReactor(context, env, std::move(method), rule, request, sessions);
}

}  // namespace kompas::api
