#include "api/unary.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "api/status.h"
#include "auth/policy.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/ids.h"
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
    case absl::StatusCode::kCancelled:  // the client hung up: how a watch ends
      return true;
    default:
      return false;
  }
}

// The client's address without its port: "ipv4:127.0.0.1:5000" →
// "ipv4:127.0.0.1", "ipv6:[::1]:5000" → "ipv6:[::1]".
// Calls the HTTP listener forwards in-process carry the browser's address in
// `kompas-forwarded-for` (server/web); only those may, never an outside client.
std::string PeerAddress(const grpc::CallbackServerContext& context) {
  std::string peer = context.peer();
  if (auth::IsInProcess(context)) {
    const auto& metadata = context.client_metadata();
    auto it = metadata.find(auth::kForwardedForMetadata);
    if (it != metadata.end()) return std::string(it->second.data(), it->second.size());
    return peer;
  }
  const size_t colon = peer.rfind(':');
  if (colon != std::string::npos && colon > peer.find(':')) peer.resize(colon);
  return peer;
}

}  // namespace

ResourceRef FindResource(const Message& request) {
  for (const char* name : {"parent", "name", "community"}) {
    std::string v = StringField(request, name);
    if (!v.empty()) return {v, name};
  }
  // Update requests carry the resource itself: case.name.
  const auto* d = request.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->type() != FieldDescriptor::TYPE_MESSAGE || f->is_repeated()) continue;
    if (!request.GetReflection()->HasField(request, f)) continue;
    std::string v = StringField(request.GetReflection()->GetMessage(request, f), "name");
    if (!v.empty()) return {v, absl::StrCat(f->name(), ".name")};
  }
  return {};
}

std::string ResourceOf(const Message& request) { return FindResource(request).name; }

std::string CommunityOf(const Message& request) {
  const std::string resource = ResourceOf(request);
  std::vector<absl::string_view> parts = absl::StrSplit(resource, '/');
  if (parts.size() >= 2 && parts[0] == "communities" && domain::IsValidUserId(parts[1])) {
    return std::string(parts[1]);
  }
  return "";
}

bool IsWellFormedName(absl::string_view name) {
  if (name.empty() || name.size() > 300) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '/' && c != '-' && c != '_') return false;
  }
  return true;
}

void Admit(grpc::CallbackServerContext& context, const CallEnv& env, const CallSpec& spec,
           CallState& state) {
  // An address whose credentials keep being refused is turned away before
  // the next ones are checked (a store read and a hash): guessing tokens
  // cannot slow down everyone else.
  const std::string address = PeerAddress(context);
  if (env.failed_auth != nullptr) {
    state.status = env.failed_auth->Check(address);
    if (!state.status.ok()) {
      if (env.metrics != nullptr) env.metrics->CountRateLimited(RateLimitKind::kAddress);
      return;
    }
  }
  absl::StatusOr<domain::Principal> who = env.authenticator->Authenticate(context);
  if (!who.ok()) {
    state.status = who.status();
    if (env.failed_auth != nullptr) env.failed_auth->Admit(address).IgnoreError();
    return;
  }
  state.call.emplace(env.auditor->Begin(*std::move(who), spec.method));
  domain::Call& call = *state.call;
  state.status =
      env.limiter != nullptr ? env.limiter->Admit(call.member_id(), spec.cost) : absl::OkStatus();
  if (!state.status.ok() && env.metrics != nullptr) {
    env.metrics->CountRateLimited(RateLimitKind::kMember);
  }
  if (state.status.ok()) state.status = spec.parse();
  if (!state.status.ok()) return;
  const auth::Rule* rule = spec.rule;
  if (rule == nullptr) {
    // Deny by default: a method the policy table does not know.
    state.status = domain::WithReason(absl::StatusCode::kPermissionDenied, v1::NO_ACCESS_RULE,
                                      "no access rule for this method");
    return;
  }
  const ResourceRef ref = FindResource(spec.request());
  // Only well-formed names reach the audit trail: a refused request's name
  // is client text and must not be stored as it came.
  call.Scope(CommunityOf(spec.request()), IsWellFormedName(ref.name) ? ref.name : "",
             rule->audited);
  if (rule->access == auth::Access::kRoles && call.community().empty()) {
    // Refuse before any use case runs, naming the field like validation does.
    domain::FieldViolations v;
    v.Add(ref.field.empty() ? "parent" : ref.field,
          "must be a resource name inside a community, e.g. communities/{community}/...");
    state.status = v.ToStatus();
    return;
  }
  std::optional<v1::Member> membership;
  if (!call.community().empty()) {
    // The one read of the caller's membership in this call: the use case
    // gets it through the Call.
    auto found = env.communities->FindMember(call.community(), call.member_id());
    if (!found.ok()) {
      state.status = found.status();
      return;
    }
    membership = *std::move(found);
    call.Admit(membership);
  }
  state.status = auth::Authorize(*rule, call.who(), call.community(), membership, ref.name);
}

void RecordOnTrail(const CallEnv& env, CallState& state) {
  // Not identified: nobody to put on the trail.
  if (!state.call.has_value()) return;
  state.status = env.auditor->Finish(*state.call, state.status);
}

void LogCall(const CallEnv& env, const std::string& method, const CallState& state) {
  // One line per call: method, outcome and timing only; never the status
  // message, which may quote a resource name a client chose.
  const absl::Duration took = absl::Now() - state.start;
  if (env.metrics != nullptr) env.metrics->RecordCall(method, state.status.code(), took);
  const double ms = absl::ToDoubleMilliseconds(took);
  auto fields = {log::Field{"method", method},
                 log::Field{"code", absl::StatusCodeToString(state.status.code())},
                 log::Field{"member", state.call.has_value() ? state.call->member_id() : "-"},
                 log::Field{"ms", absl::StrFormat("%.2f", ms)}};
  if (IsExpected(state.status.code())) {
    log::Info("rpc", fields);
  } else {
    log::Warn("rpc", fields);
  }
}

grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const CallEnv& env,
                                CallSpec spec) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  env.pool->Post([reactor, context, env, start, spec = std::move(spec)] {
    CallState state;
    state.start = start;
    Admit(*context, env, spec, state);
    if (state.status.ok()) state.status = spec.run(*state.call);
    RecordOnTrail(env, state);
    LogCall(env, spec.method, state);
    reactor->Finish(ToGrpcStatus(state.status));
  });
  return reactor;
}

}  // namespace kompas::api
