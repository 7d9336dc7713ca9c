#include "api/unary.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "api/status.h"
#include "auth/policy.h"
#include "domain/names.h"
#include "common/log.h"
#include "google/protobuf/descriptor.h"

namespace kompas::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string StringField(const Message& m, const char* name) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->type() != FieldDescriptor::TYPE_STRING || f->is_repeated()) return "";
  return m.GetReflection()->GetString(m, f);
}

bool IsExpected(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string ResourceOf(const Message& request) {
  for (const char* name : {"parent", "name", "community"}) {
    std::string v = StringField(request, name);
    if (!v.empty()) return v;
  }
  // Update requests carry the resource itself: case.name.
  const auto* d = request.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->type() != FieldDescriptor::TYPE_MESSAGE || f->is_repeated()) continue;
    if (!request.GetReflection()->HasField(request, f)) continue;
    std::string v = StringField(request.GetReflection()->GetMessage(request, f), "name");
    if (!v.empty()) return v;
  }
  return "";
}

std::string CommunityOf(const Message& request) {
  const std::string resource = ResourceOf(request);
  std::vector<absl::string_view> parts = absl::StrSplit(resource, '/');
  if (parts.size() >= 2 && parts[0] == "communities") return std::string(parts[1]);
  return "";
}

grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const CallEnv& env,
                                CallSpec spec) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  env.pool->Post([reactor, context, env, start, spec = std::move(spec)] {
    absl::Status status;
    domain::Principal caller;
    bool identified = false;
    std::string community, resource;
    bool audited_rule = false, audited = false, malformed_name = false;

    if (auto who = env.authenticator->Authenticate(*context); !who.ok()) {
      status = who.status();
    } else {
      caller = *std::move(who);
      caller.method = spec.method;
      identified = true;
      status = env.limiter != nullptr ? env.limiter->Admit(caller.member_id) : absl::OkStatus();
    }
    if (status.ok()) status = spec.parse();
    if (status.ok()) {
      const auth::Rule* rule = auth::RuleFor(spec.method);
      if (rule == nullptr) {
        // Deny by default: a method the policy table does not know.
        status = absl::PermissionDeniedError("no access rule for this method");
      } else {
        audited_rule = rule->audited;
        community = CommunityOf(spec.request());
        resource = ResourceOf(spec.request());
        // A community-scoped rule with no well-formed community in the
        // request: leave the refusal to validation, which names the field.
        malformed_name = rule->access == auth::Access::kRoles && !caller.admin &&
                         !domain::IsValidUserId(community);
        if (malformed_name) community.clear();
        std::optional<v1::Member> membership;
        if (!community.empty() && !caller.admin) {
          auto found = env.communities->FindMember(community, caller.member_id);
          if (!found.ok()) {
            status = found.status();
          } else {
            membership = *std::move(found);
          }
        }
        if (status.ok() && !malformed_name) {
          status = auth::Authorize(*rule, caller, community, membership, resource);
        }
      }
    }
    if (status.ok()) {
      caller.audited = &audited;
      status = spec.run(caller);
      caller.audited = nullptr;
      // A malformed resource name skipped authorization so that validation
      // can name the field; a use case must then refuse. Never serve it.
      if (malformed_name && status.ok()) {
        status = absl::PermissionDeniedError("the request names no community");
      }
    }
    // Reads, and refusals, get an audit event of their own; a successful
    // write already committed its event with the change.
    if (identified && audited_rule && !audited && !community.empty() && env.audit != nullptr) {
      absl::Status recorded = env.audit->Record(
          {community, caller.member_id, spec.method, resource,
           absl::StatusCodeToString(status.code())});
      if (!recorded.ok()) {
        // An unrecorded read must not be served: the privacy officer has to
        // be able to trust the trail.
        log::Error("audit_failed", {{"method", spec.method}});
        status = absl::UnavailableError("the audit trail could not be written; try again");
      }
    }
    // One line per call: method, outcome and timing only; never the status
    // message, which may quote a resource name a client chose.
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    auto fields = {log::Field{"method", spec.method},
                   log::Field{"code", absl::StatusCodeToString(status.code())},
                   log::Field{"member", identified ? caller.member_id : "-"},
                   log::Field{"ms", absl::StrFormat("%.2f", ms)}};
    if (IsExpected(status.code())) {
      log::Info("rpc", fields);
    } else {
      log::Warn("rpc", fields);
    }
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

}  // namespace kompas::api
