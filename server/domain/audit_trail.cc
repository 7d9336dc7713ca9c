#include "domain/audit_trail.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/administration.h"
#include "domain/errors.h"
#include "domain/internal/page_token.h"
#include "domain/names.h"
#include "domain/validation.h"

namespace kompas::domain {
namespace {

absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace

absl::StatusOr<v1::ListAuditEventsResponse> AuditTrail::List(
    const Call& /*call*/, const v1::ListAuditEventsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  audit::AuditLog::Query query;
  query.page_size = CheckPageSize(v, request.page_size());
  if (!request.member().empty() && !IsValidUserId(request.member())) {
    v.Add("member", "must be a member id");
  }
  if (!request.resource().empty()) CheckLabel(v, "resource", request.resource());
  if (!request.method().empty()) CheckLabel(v, "method", request.method());
  if (request.has_start_time() && request.has_end_time() &&
      FromProto(request.end_time()) <= FromProto(request.start_time())) {
    v.Add("end_time", "must be after start_time");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const uint64_t fingerprint = internal::Fingerprint(absl::StrCat(
      request.parent(), "|", request.resource(), "|", request.member(), "|", request.method(), "|",
      request.start_time().SerializeAsString(), "|", request.end_time().SerializeAsString()));
  ASSIGN_OR_RETURN(std::string cursor, internal::DecodePageToken(request.page_token(), fingerprint));
  if (!cursor.empty() && !absl::SimpleAtoi(cursor, &query.before_sequence)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  query.resource = request.resource();
  query.member = request.member();
  query.method = request.method();
  if (request.has_start_time()) query.start = FromProto(request.start_time());
  if (request.has_end_time()) query.end = FromProto(request.end_time());
  ASSIGN_OR_RETURN(audit::AuditLog::Page page, log_->List(community, query));
  v1::ListAuditEventsResponse response;
  for (auto& e : page.events) *response.add_audit_events() = std::move(e);
  if (page.next_before > 0) {
    response.set_next_page_token(
        internal::EncodePageToken(fingerprint, absl::StrCat(page.next_before)));
  }
  return response;
}

absl::StatusOr<v1::AuditCheckpoint> AuditTrail::Checkpoint(
    const Call& call, const v1::GetAuditCheckpointRequest& request) {
  std::string community;
  if (!request.parent().empty() || !call.admin()) {
    ASSIGN_OR_RETURN(community, ParseCommunityName(request.parent(), "parent"));
  }
  // Who may ask (an administrator, or a privacy officer of `parent`) is
  // the RPC table's rule.
  if (checkpoints_ == nullptr) {
    return WithReason(absl::StatusCode::kFailedPrecondition, v1::AUDIT_UNAVAILABLE,
                      "this server signs no audit checkpoints (it has no --signing_key)");
  }
  ASSIGN_OR_RETURN(audit::SignedCheckpoint signed_checkpoint, checkpoints_->Current());
  // A call naming a community is on its trail (the Auditor writes it); an
  // administrator's call without one goes on the server's own trail.
  if (community.empty()) RETURN_IF_ERROR(call.Read(kServerTrail, {""}));
  v1::AuditCheckpoint out;
  out.set_note(signed_checkpoint.note);
  out.set_verifier_key(signed_checkpoint.verifier_key);
  out.set_size(static_cast<int64_t>(signed_checkpoint.checkpoint.size));
  out.set_head_hash(signed_checkpoint.checkpoint.head_hash);
  out.mutable_sign_time()->set_seconds(absl::ToUnixSeconds(signed_checkpoint.checkpoint.time));
  return out;
}

}  // namespace kompas::domain
