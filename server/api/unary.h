// The shape of every unary handler: identify the caller, run the use case on
// the work pool, map the result, log one line. A handler reads
//
//   return Unary(ctx, "GetCase", [=](const domain::Principal& caller) {
//     return Assign(cases_->Get(caller, *request), response);
//   });
#ifndef KOMPAS_API_UNARY_H_
#define KOMPAS_API_UNARY_H_

#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/work_pool.h"
#include "domain/principal.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

using UseCase = std::function<absl::Status(const domain::Principal& caller)>;

// Starts the call and returns its reactor; `use_case` runs on `pool`.
// `method` is a constant name for the log line, never client text.
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, WorkPool* pool,
                                const char* method, UseCase use_case);

// Moves a StatusOr's value into the response, or returns its error.
template <typename T>
absl::Status Assign(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = *std::move(result);
  return absl::OkStatus();
}

}  // namespace kompas::api

#endif  // KOMPAS_API_UNARY_H_
