// A server-streaming call whose messages are all known when its use case has
// run (ExportKompas): a StreamSource (server_stream.h) that hands them out
// one at a time.
#ifndef KOMPAS_API_FINITE_STREAM_H_
#define KOMPAS_API_FINITE_STREAM_H_

#include <deque>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "api/raw_request.h"
#include "api/server_stream.h"

namespace kompas::api {

template <typename Request, typename Response>
class FiniteSource final : public StreamSource {
 public:
  using UseCase =
      std::function<absl::StatusOr<std::vector<Response>>(const domain::Call&, const Request&)>;
  explicit FiniteSource(UseCase use_case) : use_case_(std::move(use_case)) {}

  absl::Status Parse(const grpc::ByteBuffer& raw) override { return ParseRequest(raw, &request_); }
  const google::protobuf::Message& request() const override { return request_; }
  absl::Status Start(const domain::Call& call, std::function<void()>) override {
    absl::StatusOr<std::vector<Response>> messages = use_case_(call, request_);
    if (!messages.ok()) return messages.status();
    messages_.assign(std::make_move_iterator(messages->begin()),
                     std::make_move_iterator(messages->end()));
    return absl::OkStatus();
  }
  absl::StatusOr<Next> Take(grpc::ByteBuffer* out) override {
    if (messages_.empty()) return Next::kEnd;
    SerializeResponse(messages_.front(), out);
    messages_.pop_front();
    return Next::kMessage;
  }

 private:
  const UseCase use_case_;
  Request request_;
  std::deque<Response> messages_;
};

// Serves a use case whose messages are all known at once, like RawUnary.
template <typename Request, typename Response>
grpc::ServerWriteReactor<grpc::ByteBuffer>* RawFiniteStream(
    grpc::CallbackServerContext* context, const CallEnv& env, std::string method,
    const auth::Rule* rule, const grpc::ByteBuffer* raw_request,
    typename FiniteSource<Request, Response>::UseCase use_case) {
  return ServeStream(context, env, StreamMethod{std::move(method), rule}, raw_request,
                     std::make_unique<FiniteSource<Request, Response>>(std::move(use_case)));
}

}  // namespace kompas::api

#endif  // KOMPAS_API_FINITE_STREAM_H_
