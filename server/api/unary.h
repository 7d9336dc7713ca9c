// Runs one unary call: identify the caller, run the use case on the work
// pool, map the result to grpc::Status, log one line. Handlers use it through
// RawUnary (raw_unary.h).
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

}  // namespace kompas::api

#endif  // KOMPAS_API_UNARY_H_
