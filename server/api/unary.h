// How every call is served, in this order: who is calling (a token), is the
// request well-formed (our parser), may this caller do this (the policy
// table and community membership), the use case itself on the work pool,
// then the audit trail and one log line. Handlers only name their use case
// (see raw_unary.h), so no handler can skip a step.
#ifndef KOMPAS_API_UNARY_H_
#define KOMPAS_API_UNARY_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "api/watch_limits.h"
#include "api/work_pool.h"
#include "auth/caller.h"
#include "auth/policy.h"
#include "domain/auditor.h"
#include "domain/call.h"
#include "domain/communities.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

// What serving a call needs; none of it is owned.
struct CallEnv {
  WorkPool* pool;
  const auth::Authenticator* authenticator;
  const domain::Communities* communities;
  // Decides which calls are on the audit trail and writes their events.
  const domain::Auditor* auditor;
  RateLimiter* limiter;  // may be null: no limit
  // Refused credentials per peer address; may be null: no limit.
  RateLimiter* failed_auth = nullptr;
  WatchLimits* watches = nullptr;  // open WatchSession streams; null: no limit
  // How long a streaming call's write may wait for a client that does not
  // read while more messages wait for it, before the call is cut
  // (server_stream.h).
  absl::Duration stream_stall = absl::Seconds(30);
  // Counts every call and every rate-limit refusal; may be null: not counted.
  CallMetrics* metrics = nullptr;
};

struct CallSpec {
  // Full gRPC method, "/kompas.v1.{Service}/{Method}" (rpc_table.h).
  std::string method;
  // Who may call it, from the RPC table; null: nobody (deny by default).
  const auth::Rule* rule = nullptr;
  // Rate-limit tokens the call costs (rate_limiter.h).
  double cost = 1;
  // Parses the raw request into the message `request()` returns.
  std::function<absl::Status()> parse;
  std::function<const google::protobuf::Message&()> request;
  // The use case; fills the response on success.
  std::function<absl::Status(const domain::Call&)> run;
};

grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const CallEnv& env,
                                CallSpec spec);

// The steps of Serve, for calls that are not unary (WatchSession streams):
// a call's progress through them.
struct CallState {
  absl::Time start;
  absl::Status status;
  // Who calls, what about, and the membership read for the policy check
  // (once per call: the use case reuses it). Set once the caller is known.
  std::optional<domain::Call> call;
};
// Before the use case: authenticate, rate-limit, parse, authorize. Leaves
// state.status non-OK when the call is refused. Blocks: run on the pool.
void Admit(grpc::CallbackServerContext& context, const CallEnv& env, const CallSpec& spec,
           CallState& state);
// The call's own audit event, when the Auditor says it needs one (a read or
// a refusal); when it cannot be written the status becomes UNAVAILABLE:
// nothing is served off the trail.
void RecordOnTrail(const CallEnv& env, CallState& state);
// The call's one log line, and its count and latency in env.metrics.
void LogCall(const CallEnv& env, const std::string& method, const CallState& state);

// The resource name a request is about and the field it came from, read
// from its `parent`, `name`, `community` or a nested resource's `name`.
struct ResourceRef {
  std::string name;
  std::string field;
};
ResourceRef FindResource(const google::protobuf::Message& request);
// The community id a request is about; "" when none or not a valid id.
std::string CommunityOf(const google::protobuf::Message& request);
// The resource name a request is about, from the same fields.
std::string ResourceOf(const google::protobuf::Message& request);

}  // namespace kompas::api

#endif  // KOMPAS_API_UNARY_H_
