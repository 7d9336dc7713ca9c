#include "api/unary.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "api/status.h"
#include "auth/caller.h"
#include "common/log.h"

namespace kompas::api {

grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, WorkPool* pool,
                                const char* method, UseCase use_case) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  auto run = [reactor, context, method, start, use_case = std::move(use_case)] {
    absl::StatusOr<domain::Principal> caller = auth::CallerFrom(*context);
    absl::Status status = caller.ok() ? use_case(*caller) : caller.status();
    // One line per call: method, outcome and timing only. The status
    // message is not logged: it may quote a client's resource name.
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    auto fields = {log::Field{"method", method},
                   log::Field{"code", absl::StatusCodeToString(status.code())},
                   log::Field{"member", caller.ok() ? caller->member_id : "-"},
                   log::Field{"ms", absl::StrFormat("%.2f", ms)}};
    if (status.ok() || status.code() == absl::StatusCode::kNotFound ||
        status.code() == absl::StatusCode::kInvalidArgument ||
        status.code() == absl::StatusCode::kFailedPrecondition ||
        status.code() == absl::StatusCode::kAborted ||
        status.code() == absl::StatusCode::kAlreadyExists ||
        status.code() == absl::StatusCode::kPermissionDenied ||
        status.code() == absl::StatusCode::kUnauthenticated) {
      log::Info("rpc", fields);
    } else {
      log::Warn("rpc", fields);
    }
    reactor->Finish(ToGrpcStatus(status));
  };
  pool->Post(std::move(run));
  return reactor;
}

}  // namespace kompas::api
