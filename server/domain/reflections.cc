#include "domain/cases.h"


#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/annotation_anchors.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/case_rules.h"
#include "domain/internal/etag.h"
#include "domain/internal/required.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/rename.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/paging.h"
#include "domain/internal/records.h"
#include "domain/internal/request_ids.h"
#include "domain/names.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"
#include "domain/search_documents.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;
using internal::kReflectionRequestScope;
using internal::RequestIdConsumed;

}  // namespace

absl::StatusOr<v1::Reflection> Cases::CreateReflection(
    const Call& call, const v1::CreateReflectionRequest& request) {
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(request.parent(), "parent"));
  RETURN_IF_ERROR(internal::RequireMessage(request.has_reflection(), "reflection"));
  FieldViolations v;
  const v1::Reflection& in = request.reflection();
  if (in.kind() == v1::REFLECTION_KIND_UNSPECIFIED || !v1::ReflectionKind_IsValid(in.kind())) {
    v.Add("reflection.kind",
          "is required: QUESTION, EXPERIENCE, CONSIDERATION, ADVICE or CONCERN");
  }
  CheckText(v, "reflection.text", in.text(), /*required=*/true);
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Member member, call.RequireMember(case_name.community));
  const std::string request_key = keys::RequestId(
      kReflectionRequestScope, request.parent(),
      key_secret().RequestIdTag(call.member_id(), request.request_id()));
  internal::LockTable::Scoped lock(
      locks_, {keys::Case(case_name.community, case_name.case_id), request_key});
  ASSIGN_OR_RETURN(v1::Case c, Load(case_name.community, case_name.case_id));
  // Someone else's draft does not exist for the caller: saying "is DRAFT"
  // would tell them it does.
  if (c.status() == v1::CASE_STATUS_DRAFT && c.author() != member.name()) return NotFound(c.name());
  if (!request.request_id().empty()) {
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(*earlier, internal::ReplayedName(*earlier, request, request.request_id()));
      const std::string earlier_id(IdOfName(*earlier));
      std::string key = keys::Reflection(case_name.community, case_name.case_id, earlier_id);
      ASSIGN_OR_RETURN(auto existing, internal::LoadRecord<v1::Reflection>(
                                          *store_, Table::kReflections, key));
      if (existing.has_value() && existing->name() == *earlier) return *std::move(existing);
      return RequestIdConsumed(request.request_id(), *earlier);
    }
  }
  if (!AcceptsReflections(c.status())) {
    return FailedPrecondition(
        v1::CASE_STATUS, c.name(),
        absl::StrCat("case ", c.name(), " is ", StatusWord(c.status()),
                     "; reflections are accepted while a case is OPEN, IN_SESSION or CONCLUDED"),
        {{"status", std::string(StatusWord(c.status()))},
         {"allowed", "OPEN,IN_SESSION,CONCLUDED"}});
  }
  ASSIGN_OR_RETURN(
      const std::string reflection_id,
      UnusedId(Table::kReflections, keys::ReflectionsOf(case_name.community, case_name.case_id)));
  v1::Reflection r = in;
  // Output-only fields are the server's to set (and the gate skips them).
  ClearOutputOnly(r);
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(case_name.community));
  ASSIGN_OR_RETURN(*r.mutable_anonymization(), gate_->ScreenWrite(r, "reflection", request, community));
  r.set_name(ReflectionName{case_name.community, case_name.case_id, reflection_id}.Format());
  r.set_author(member.name());
  *r.mutable_create_time() = internal::Now();
  store::WriteBatch batch;
  std::function<void()> after_commit;
  // (A case marked IN_SESSION before sessions existed names no session; its
  // reflections stay ordinary.)
  if (c.status() == v1::CASE_STATUS_IN_SESSION && !c.active_session().empty() &&
      session_hooks_ != nullptr) {
    ASSIGN_OR_RETURN(after_commit, session_hooks_->AdmitReflection(call, c, r, batch));
  }
  batch.Put(Table::kReflections,
            keys::Reflection(case_name.community, case_name.case_id, reflection_id),
            r.SerializeAsString());
  StageReflectionCounted(case_name.community, case_name.case_id, batch);
  if (!request.request_id().empty()) {
    batch.Put(Table::kRequestIds, request_key, internal::RequestIdEntry(r.name(), request));
  }
  if (search_index_ != nullptr) {
    const std::optional<search::Document> doc = ReflectionDocument(r, c);
    if (doc.has_value()) {
      RETURN_IF_ERROR(search_index_->Stage(
          case_name.community, ReflectionDocKey(case_name.case_id, reflection_id), &*doc, batch));
    }
  }
  RETURN_IF_ERROR(call.Commit(*store_, batch, case_name.community, r.name()));
  if (after_commit) after_commit();
  return r;
}

absl::StatusOr<v1::ListReflectionsResponse> Cases::ListReflections(
    const Call& call, const v1::ListReflectionsRequest& request) const {
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(const v1::Case c, Load(case_name.community, case_name.case_id));
  const std::string caller_name = MemberName(case_name.community, call.member_id());
  v1::ListReflectionsResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::Reflection>(
      *store_, internal::PageScan{.table = Table::kReflections, .prefix = keys::ReflectionsOf(case_name.community, case_name.case_id)},
      internal::PageRequestOf(request, request.parent()), [](const v1::Reflection&) { return true; },
      [&](v1::ListReflectionsResponse& r, v1::Reflection&& x) {
        *r.add_reflections() = internal::ReflectionFor(caller_name, c, std::move(x));
      },
      response));
  return response;
}

}  // namespace kompas::domain
