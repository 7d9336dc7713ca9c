// RawUnary: the shape of every handler. Identify the caller, parse the raw
// request, run the use case on the work pool, serialize the response, map
// errors to grpc::Status with google.rpc details, log one line.
#ifndef KOMPAS_API_RAW_UNARY_H_
#define KOMPAS_API_RAW_UNARY_H_

#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/raw_request.h"
#include "api/unary.h"
#include "google/protobuf/empty.pb.h"

namespace kompas::api {

template <typename Request, typename Response>
grpc::ServerUnaryReactor* RawUnary(
    grpc::CallbackServerContext* context, WorkPool* pool, const char* method,
    const grpc::ByteBuffer* raw_request, grpc::ByteBuffer* raw_response,
    std::function<absl::StatusOr<Response>(const domain::Principal&, const Request&)> use_case) {
  return Unary(context, pool, method,
               [raw_request, raw_response, use_case = std::move(use_case)](
                   const domain::Principal& caller) -> absl::Status {
                 Request request;
                 if (absl::Status parsed = ParseRequest(*raw_request, &request); !parsed.ok()) {
                   return parsed;
                 }
                 absl::StatusOr<Response> response = use_case(caller, request);
                 if (!response.ok()) return response.status();
                 SerializeResponse(*response, raw_response);
                 return absl::OkStatus();
               });
}

// For use cases that return only a status (Delete).
inline absl::StatusOr<google::protobuf::Empty> ToEmpty(const absl::Status& status) {
  if (!status.ok()) return status;
  return google::protobuf::Empty();
}

}  // namespace kompas::api

#endif  // KOMPAS_API_RAW_UNARY_H_
