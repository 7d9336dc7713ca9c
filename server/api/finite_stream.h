// A server-streaming call whose messages are all known when it starts
// (ExportKompas): served by the same steps as unary calls (unary.h:
// authenticate, rate-limit, parse, authorize, run, audit, log), then its
// messages are written one at a time, honouring flow control.
#ifndef KOMPAS_API_FINITE_STREAM_H_
#define KOMPAS_API_FINITE_STREAM_H_

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "api/raw_request.h"
#include "api/unary.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

struct StreamSpec {
  std::string method;
  const auth::Rule* rule = nullptr;
  std::function<absl::Status()> parse;
  std::function<const google::protobuf::Message&()> request;
  // The use case; fills the messages to send, in order.
  std::function<absl::Status(const domain::Principal&, std::deque<grpc::ByteBuffer>*)> run;
};

grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeFiniteStream(grpc::CallbackServerContext* context,
                                                               const CallEnv& env,
                                                               StreamSpec spec);

// Serves a use case whose messages are all known at once, like RawUnary.
template <typename Request, typename Response>
grpc::ServerWriteReactor<grpc::ByteBuffer>* RawFiniteStream(
    grpc::CallbackServerContext* context, const CallEnv& env, std::string method,
    const auth::Rule* rule, const grpc::ByteBuffer* raw_request,
    std::function<absl::StatusOr<std::vector<Response>>(const domain::Principal&, const Request&)>
        use_case) {
  auto request = std::make_shared<Request>();
  grpc::ByteBuffer raw = *raw_request;  // the call's buffer; copying it shares the slices
  StreamSpec spec;
  spec.method = std::move(method);
  spec.rule = rule;
  spec.parse = [request, raw] { return ParseRequest(raw, request.get()); };
  spec.request = [request]() -> const google::protobuf::Message& { return *request; };
  spec.run = [request, use_case = std::move(use_case)](
                 const domain::Principal& caller, std::deque<grpc::ByteBuffer>* out) {
    absl::StatusOr<std::vector<Response>> messages = use_case(caller, *request);
    if (!messages.ok()) return messages.status();
    for (const Response& m : *messages) {
      out->emplace_back();
      SerializeResponse(m, &out->back());
    }
    return absl::OkStatus();
  };
  return ServeFiniteStream(context, env, std::move(spec));
}

}  // namespace kompas::api

#endif  // KOMPAS_API_FINITE_STREAM_H_
