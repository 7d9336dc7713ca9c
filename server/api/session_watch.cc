#include "api/session_watch.h"

#include <optional>
#include <utility>
#include <vector>

#include "api/raw_request.h"

namespace kompas::api {
namespace {

class WatchSource final : public StreamSource {
 public:
  WatchSource(const domain::Sessions* sessions, WatchLimits* limits)
      : sessions_(sessions), limits_(limits) {}

  absl::Status Parse(const grpc::ByteBuffer& raw) override { return ParseRequest(raw, &request_); }
  const google::protobuf::Message& request() const override { return request_; }
  double cost() const override { return kWatchCost; }

  absl::Status Start(const domain::Call& call, std::function<void()> wake) override {
    if (limits_ != nullptr) {
      absl::StatusOr<WatchLimits::Slot> slot = limits_->Acquire(call.member_id(), request_.name());
      if (!slot.ok()) return slot.status();
      slot_ = *std::move(slot);
    }
    absl::StatusOr<domain::Sessions::Watch> watch =
        sessions_->StartWatch(call, request_, std::move(wake));
    if (!watch.ok()) return watch.status();
    first_.emplace();
    *first_->mutable_session() = std::move(watch->session);
    events_ = std::move(watch->events);
    return absl::OkStatus();
  }

  absl::StatusOr<Next> Take(grpc::ByteBuffer* out) override {
    if (first_.has_value()) {
      SerializeResponse(*first_, out);
      first_.reset();
      return Next::kMessage;
    }
    // One event at a time: what waits stays in the subscription, whose
    // buffer is bounded and shared, not copied here.
    absl::StatusOr<std::vector<v1::SessionEvent>> events = events_->Take(1);
    if (!events.ok()) return events.status();
    if (events->empty()) return Next::kWait;
    v1::WatchSessionResponse message;
    *message.mutable_event() = std::move(events->front());
    SerializeResponse(message, out);
    return Next::kMessage;
  }

 private:
  const domain::Sessions* const sessions_;
  WatchLimits* const limits_;
  v1::WatchSessionRequest request_;
  WatchLimits::Slot slot_;
  std::optional<v1::WatchSessionResponse> first_;
  std::unique_ptr<domain::SessionFeed::Subscription> events_;
};

}  // namespace

std::unique_ptr<StreamSource> MakeWatchSource(const domain::Sessions* sessions,
                                              WatchLimits* limits) {
  return std::make_unique<WatchSource>(sessions, limits);
}

}  // namespace kompas::api
