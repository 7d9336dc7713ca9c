// How every call is served, in this order: who is calling (a token), is the
// request well-formed (our parser), may this caller do this (the policy
// table and community membership), the use case itself on the work pool,
// then the audit trail and one log line. Handlers only name their use case
// (see raw_unary.h), so no handler can skip a step.
#ifndef KOMPAS_API_UNARY_H_
#define KOMPAS_API_UNARY_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "api/rate_limiter.h"
#include "api/work_pool.h"
#include "audit/audit_log.h"
#include "auth/caller.h"
#include "domain/communities.h"
#include "domain/principal.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

// What serving a call needs; none of it is owned.
struct CallEnv {
  WorkPool* pool;
  const auth::Authenticator* authenticator;
  const domain::Communities* communities;
  audit::AuditLog* audit;
  RateLimiter* limiter;  // may be null: no limit
};

struct CallSpec {
  // Full gRPC method, "/kompas.v1.CaseService/GetCase": the policy table's key.
  std::string method;
  // Parses the raw request into the message `request()` returns.
  std::function<absl::Status()> parse;
  std::function<const google::protobuf::Message&()> request;
  // The use case; fills the response on success.
  std::function<absl::Status(const domain::Principal&)> run;
};

grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const CallEnv& env,
                                CallSpec spec);

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
