// RawUnary: serves a use case through Serve (unary.h) with
// our own request parsing (raw_request.h) and response serialization.
#ifndef KOMPAS_API_RAW_UNARY_H_
#define KOMPAS_API_RAW_UNARY_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/raw_request.h"
#include "api/unary.h"
#include "google/protobuf/empty.pb.h"

namespace kompas::api {

template <typename Request, typename Response>
grpc::ServerUnaryReactor* RawUnary(
    grpc::CallbackServerContext* context, const CallEnv& env, std::string method,
    const auth::Rule* rule, const grpc::ByteBuffer* raw_request, grpc::ByteBuffer* raw_response,
    std::function<absl::StatusOr<Response>(const domain::Call&, const Request&)> use_case) {
  auto request = std::make_shared<Request>();
  CallSpec spec;
  spec.method = std::move(method);
  spec.rule = rule;
  spec.parse = [request, raw_request] { return ParseRequest(*raw_request, request.get()); };
  spec.request = [request]() -> const google::protobuf::Message& { return *request; };
  spec.run = [request, raw_response, use_case = std::move(use_case)](
                 const domain::Call& call) -> absl::Status {
    absl::StatusOr<Response> response = use_case(call, *request);
    if (!response.ok()) return response.status();
    SerializeResponse(*response, raw_response);
    return absl::OkStatus();
  };
  return Serve(context, env, std::move(spec));
}

// For use cases that return only a status (Delete).
inline absl::StatusOr<google::protobuf::Empty> ToEmpty(const absl::Status& status) {
  if (!status.ok()) return status;
  return google::protobuf::Empty();
}

}  // namespace kompas::api

#endif  // KOMPAS_API_RAW_UNARY_H_
