#include "domain/cases.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
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
#include "domain/internal/update_mask.h"
#include "domain/internal/required.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/rename.h"
#include "domain/internal/proto_time.h"
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
using google::protobuf::util::FieldMaskUtil;
using store::Table;
namespace keys = store::keys;

// A draft is its author's own until it is opened: to any other member it
// does not exist, so writes to it answer NOT_FOUND like writes to a case that
// never was (PERMISSION_DENIED would confirm it exists). Administrators
// moderate and see it.
absl::Status HideOthersDraft(const Call& call, const v1::Case& c) {
  if (c.status() != v1::CASE_STATUS_DRAFT || call.admin()) return absl::OkStatus();
  if (c.author() == MemberName(CommunityOfName(c.name()), call.member_id())) {
    return absl::OkStatus();
  }
  return NotFound(c.name());
}

}  // namespace

absl::Status Cases::RaiseIdFloor() const {
  // The newest case of each community carries the highest case id there;
  // reflections are guarded by UnusedId alone.
  v1::ListCommunitiesRequest request;
  request.set_page_size(kMaxPageSize);
  while (true) {
    ASSIGN_OR_RETURN(v1::ListCommunitiesResponse page, communities_->ListAll(request));
    for (const v1::Community& community : page.communities()) {
      ASSIGN_OR_RETURN(std::string id, ParseCommunityName(community.name(), "name"));
      RETURN_IF_ERROR(store_->Scan(Table::kCases, keys::CasesOf(id), {.reverse = true},
                                   [](absl::string_view key, absl::string_view) {
                                     RaiseServerIdFloor(keys::LastPart(key));
                                     return false;
                                   }));
    }
    if (page.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(page.next_page_token());
  }
}

absl::StatusOr<std::string> Cases::UnusedId(store::Table table,
                                            const std::string& prefix) const {
  // Ids only repeat if the clock stepped back across a restart (the process
  // raises its floor at start-up, see Cases::Open). Never overwrite: a
  // taken id gets a fresh one. The caller holds the parent's lock or writes
  // a brand-new key, so the check cannot race with a second create of the
  // same id in this process (ids are unique within a process).
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string id = NewServerId();
    ASSIGN_OR_RETURN(auto taken, store_->Get(table, prefix + id));
    if (!taken.has_value()) return id;
  }
  return absl::InternalError("could not find an unused id");
}

absl::StatusOr<v1::Case> Cases::Load(const std::string& community,
                                     const std::string& case_id) const {
  ASSIGN_OR_RETURN(auto c, internal::LoadRecord<v1::Case>(*store_, Table::kCases,
                                                          keys::Case(community, case_id)));
  if (!c.has_value()) return NotFound(CaseName{community, case_id}.Format());
  return *std::move(c);
}

absl::StatusOr<v1::Case> Cases::Create(const Call& call,
                                       const v1::CreateCaseRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  RETURN_IF_ERROR(internal::RequireMessage(request.has_case_(), "case"));
  FieldViolations v;
  const v1::Case& in = request.case_();
  ValidateCaseFields(v, "case", in);
  CheckRequestId(v, "request_id", request.request_id());
  if (in.status() != v1::CASE_STATUS_UNSPECIFIED && in.status() != v1::CASE_STATUS_DRAFT &&
      in.status() != v1::CASE_STATUS_OPEN) {
    v.Add("case.status", "a new case starts as DRAFT or OPEN");
  }
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  ASSIGN_OR_RETURN(v1::Member member, call.RequireMember(community_id));
  const std::string author = member.name();
  v1::Case c = in;
  // Output-only fields are the server's to set, and fields this server does
  // not know would bypass every check: drop both.
  ClearOutputOnly(c);
  if (c.origin_municipality().empty()) c.set_origin_municipality(member.municipality());
  internal::CheckOrigin(v, "case.origin_municipality", c, community);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(*c.mutable_anonymization(), gate_->ScreenWrite(c, "case", request, community));

  // Only creates that carry a request id serialize on it; others run in
  // parallel so their synced writes share WAL syncs.
  const bool has_request_id = !request.request_id().empty();
  const std::string request_key = keys::RequestId(
      internal::kCaseRequestScope, request.parent(),
      key_secret().RequestIdTag(call.member_id(), request.request_id()));
  std::optional<internal::LockTable::Scoped> request_lock;
  if (has_request_id) {
    request_lock.emplace(locks_, std::initializer_list<absl::string_view>{request_key});
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(*earlier, internal::ReplayedName(*earlier, request, request.request_id()));
      ASSIGN_OR_RETURN(CaseName name, ParseCaseName(*earlier, "request_id"));
      auto existing = Load(name.community, name.case_id);
      if (absl::IsNotFound(existing.status())) {
        return internal::RequestIdConsumed(request.request_id(), *earlier);
      }
      RETURN_IF_ERROR(existing.status());
      return Output(author, *std::move(existing));
    }
  }

  ASSIGN_OR_RETURN(const std::string case_id,
                   UnusedId(Table::kCases, keys::CasesOf(community_id)));
  c.set_name(CaseName{community_id, case_id}.Format());
  c.set_author(author);
  if (c.status() == v1::CASE_STATUS_UNSPECIFIED) c.set_status(v1::CASE_STATUS_DRAFT);
  if (c.visibility() == v1::VISIBILITY_UNSPECIFIED) c.set_visibility(v1::VISIBILITY_COMMUNITY);
  *c.mutable_create_time() = internal::Now();
  *c.mutable_update_time() = c.create_time();
  c.set_etag("1");

  store::WriteBatch batch;
  batch.Put(Table::kCases, keys::Case(community_id, case_id), c.SerializeAsString());
  for (const std::string& k : CaseIndexKeys(community_id, c, case_id)) batch.Put(Table::kCaseIndex, k, "");
  if (!request.request_id().empty()) {
    batch.Put(Table::kRequestIds, request_key, internal::RequestIdEntry(c.name(), request));
  }
  RETURN_IF_ERROR(StageCase(search_index_, community_id, case_id, &c, batch));
  RETURN_IF_ERROR(call.Commit(*store_, batch, community_id, c.name()));
  return Output(author, std::move(c));
}

absl::StatusOr<v1::Case> Cases::Get(const Call& call,
                                    const v1::GetCaseRequest& request) const {
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.name(), "name"));
  ASSIGN_OR_RETURN(v1::Case c, Load(name.community, name.case_id));
  const std::string caller_name = MemberName(name.community, call.member_id());
  // A draft is its author's own until it is opened.
  if (c.status() == v1::CASE_STATUS_DRAFT && c.author() != caller_name) {
    return NotFound(c.name());
  }
  // Traceability: the standards that name this case as a source (their
  // reverse index is kept by Standards, in the standard's own batch).
  RETURN_IF_ERROR(store_->Scan(Table::kStandardSources, keys::Prefix({name.community, name.case_id}),
                               {}, [&](absl::string_view key, absl::string_view) {
                                 c.add_derived_standards(
                                     FormatChild(name.community, kStandards, keys::LastPart(key)));
                                 return true;
                               }));
  return Output(caller_name, std::move(c));
}

absl::StatusOr<v1::Case> Cases::Update(const Call& call,
                                       const v1::UpdateCaseRequest& request) {
  RETURN_IF_ERROR(internal::RequireMessage(request.has_case_(), "case"));
  FieldViolations v;
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.case_().name(), "case.name"));
  internal::CheckUpdateMask(
      v, request.update_mask(),
      {"title", "situation", "question", "framing", "framing.task", "framing.purpose",
       "framing.necessary_data", "framing.legal_basis_and_proportionality", "options", "decision",
       "outcome", "laws", "themes", "origin_municipality", "hide_origin", "visibility", "status"},
      "title,situation");
  const bool status_change = absl::c_linear_search(request.update_mask().paths(), "status");
  if (status_change && request.case_().status() == v1::CASE_STATUS_UNSPECIFIED) {
    v.Add("case.status", "is required when update_mask names status", v1::REQUIRED);
  }
  RETURN_IF_ERROR(v.ToStatus());

  const std::string caller_name = MemberName(name.community, call.member_id());
  internal::LockTable::Scoped lock(locks_, {keys::Case(name.community, name.case_id)});
  ASSIGN_OR_RETURN(v1::Case current, Load(name.community, name.case_id));
  RETURN_IF_ERROR(HideOthersDraft(call, current));
  // The author edits; a server administrator may too (moderation).
  if (current.author() != caller_name && !call.admin()) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::AUTHOR_ONLY,
                      absl::StrCat("only the author of ", current.name(), " may change it"),
                      {{"action", "change"}, {"kind", CollectionOf(current.name())}});
  }
  RETURN_IF_ERROR(internal::CheckEtag(current.name(), request.case_().etag(), current.etag()));

  v1::Case input = request.case_();
  ClearOutputOnly(input);
  v1::Case updated = current;
  FieldMaskUtil::MergeOptions merge;
  merge.set_replace_message_fields(true);
  merge.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(input, request.update_mask(), merge, &updated);
  ValidateCaseFields(v, "case", updated);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  if (updated.origin_municipality() != current.origin_municipality()) {
    internal::CheckOrigin(v, "case.origin_municipality", updated, community);
    RETURN_IF_ERROR(v.ToStatus());
  }
  // Screen only what this update writes: text stored earlier passed the
  // gate then (perhaps with acknowledged warnings) and must not block, say,
  // a status change now.
  v1::Case written;
  FieldMaskUtil::MergeMessageTo(input, request.update_mask(), merge, &written);
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->ScreenWrite(written, "case", request, community));
  FieldMaskUtil::MergeMessageTo(written, request.update_mask(), merge, &updated);
  // Counts accumulate over the writes of a case; mode and version are the
  // latest write's.
  for (const auto& [kind, count] : current.anonymization().counts()) {
    (*report.mutable_counts())[kind] += count;
  }
  report.set_acknowledged_warnings(report.acknowledged_warnings() +
                                   current.anonymization().acknowledged_warnings());
  *updated.mutable_anonymization() = report;
  if (updated.status() != current.status()) {
    if (updated.status() == v1::CASE_STATUS_IN_SESSION ||
        current.status() == v1::CASE_STATUS_IN_SESSION) {
      Facts facts = {{"status", std::string(StatusWord(current.status()))},
                     {"target_status", std::string(StatusWord(updated.status()))}};
      if (current.status() == v1::CASE_STATUS_IN_SESSION) {
        facts["session"] = current.active_session();
      }
      return FailedPrecondition(
          v1::CASE_STATUS, current.name(),
          current.status() == v1::CASE_STATUS_IN_SESSION
              ? absl::StrCat("case ", current.name(), " is being discussed in ",
                             current.active_session(),
                             "; its status changes when the facilitator closes that session")
              : absl::StrCat("a case becomes IN_SESSION when a facilitator starts an intervisie "
                             "session on it (CreateSession), not by an update"),
          facts);
    }
    RETURN_IF_ERROR(CheckTransition(current.name(), current.status(), updated.status()));
  }
  if (current.status() == v1::CASE_STATUS_ARCHIVED) {
    return FailedPrecondition(v1::CASE_STATUS, current.name(),
                              absl::StrCat("case ", current.name(),
                                           " is ARCHIVED; archived cases are kept as they are"),
                              {{"status", "ARCHIVED"}});
  }

  *updated.mutable_update_time() = internal::Now();
  updated.set_etag(internal::NextEtag(current.etag()));
  store::WriteBatch batch;
  batch.Put(Table::kCases, keys::Case(name.community, name.case_id), updated.SerializeAsString());
  internal::StageIndexChanges(name.community, name.case_id, current, updated, batch);
  RETURN_IF_ERROR(StageCaseChange(search_index_, *store_, name.community, name.case_id, current,
                                  updated, batch));
  // Annotations follow their words, in this same write.
  RETURN_IF_ERROR(StageReanchoring(*store_, name.community, updated.name(), updated,
                                   updated.etag(), batch));
  RETURN_IF_ERROR(call.Commit(*store_, batch, name.community, updated.name()));
  return Output(caller_name, std::move(updated));
}

absl::Status Cases::Delete(const Call& call, const v1::DeleteCaseRequest& request) {
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.name(), "name"));
  internal::LockTable::Scoped lock(locks_, {keys::Case(name.community, name.case_id)});
  ASSIGN_OR_RETURN(v1::Case current, Load(name.community, name.case_id));
  RETURN_IF_ERROR(HideOthersDraft(call, current));
  if (current.author() != MemberName(name.community, call.member_id()) && !call.admin()) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::AUTHOR_ONLY,
                      absl::StrCat("only the author of ", current.name(), " may delete it"),
                      {{"action", "delete"}, {"kind", CollectionOf(current.name())}});
  }
  RETURN_IF_ERROR(internal::CheckEtag(current.name(), request.etag(), current.etag()));
  if (current.status() == v1::CASE_STATUS_IN_SESSION) {
    return FailedPrecondition(v1::CASE_STATUS, current.name(),
                              absl::StrCat("case ", current.name(), " is being discussed in ",
                                           current.active_session(),
                                           "; it can be deleted once that session is closed"),
                              {{"status", "IN_SESSION"}, {"session", current.active_session()}});
  }
  // Sessions keep the discussion of a case (their events hold its
  // reflections); deleting the case would leave that behind.
  if (session_hooks_ != nullptr) {
    ASSIGN_OR_RETURN(int sessions, session_hooks_->SessionsAbout(name.community, current.name()));
    if (sessions > 0) {
      return FailedPrecondition(
          v1::CASE_SESSIONS, current.name(),
          absl::StrCat("case ", current.name(), " was discussed in ", sessions,
                       " intervisie session", sessions == 1 ? "" : "s",
                       "; archive it (status ARCHIVED) instead of deleting it"),
          {{"sessions", absl::StrCat(sessions)}});
    }
  }
  store::WriteBatch batch;
  RETURN_IF_ERROR(StageRemoval(name.community, name.case_id, current, batch));
  return call.Commit(*store_, batch, name.community, current.name());
}

absl::Status Cases::StageRemoval(const std::string& community, const std::string& case_id,
                                 const v1::Case& current, store::WriteBatch& batch) const {
  batch.Delete(Table::kCases, keys::Case(community, case_id));
  // Its reflections go (below), and their count with them.
  batch.Delete(Table::kCaseCounts, keys::Case(community, case_id));
  for (const std::string& k : CaseIndexKeys(community, current, case_id)) {
    batch.Delete(Table::kCaseIndex, k);
  }
  RETURN_IF_ERROR(StageCase(search_index_, community, case_id, nullptr, batch));
  RETURN_IF_ERROR(StageAnnotationRemoval(*store_, community, current.name(), batch));
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(
      Table::kReflections, keys::ReflectionsOf(community, case_id), {},
      [&](absl::string_view key, absl::string_view) {
        batch.Delete(Table::kReflections, key);
        if (search_index_ != nullptr) {
          inner = search_index_->Stage(
              community, ReflectionDocKey(case_id, std::string(keys::LastPart(key))), nullptr,
              batch);
        }
        return inner.ok();
      }));
  return inner;
}

absl::StatusOr<bool> Cases::ExpireArchived(const Call& call, const std::string& community,
                                           const std::string& case_id,
                                           absl::Time archived_before) {
  internal::LockTable::Scoped lock(locks_, {keys::Case(community, case_id)});
  absl::StatusOr<v1::Case> current = Load(community, case_id);
  if (absl::IsNotFound(current.status())) return false;
  RETURN_IF_ERROR(current.status());
  const absl::Time changed = absl::FromUnixSeconds(current->update_time().seconds()) +
                             absl::Nanoseconds(current->update_time().nanos());
  if (current->status() != v1::CASE_STATUS_ARCHIVED || changed >= archived_before) return false;
  // A session's record holds the discussion of its case: such a case stays
  // as long as that record does (as Delete refuses it).
  if (session_hooks_ != nullptr) {
    ASSIGN_OR_RETURN(int sessions, session_hooks_->SessionsAbout(community, current->name()));
    if (sessions > 0) return false;
  }
  store::WriteBatch batch;
  RETURN_IF_ERROR(StageRemoval(community, case_id, *current, batch));
  RETURN_IF_ERROR(call.Commit(*store_, batch, community, current->name()));
  return true;
}

Cases::CaseLock Cases::LockCase(const std::string& community, const std::string& case_id) {
  return std::make_unique<internal::LockTable::Scoped>(
      locks_, std::initializer_list<absl::string_view>{keys::Case(community, case_id)});
}

absl::StatusOr<v1::Case> Cases::StageSessionMove(const v1::Case& current, v1::CaseStatus to,
                                                 const std::string& active_session,
                                                 store::WriteBatch& batch) const {
  if (to != current.status()) RETURN_IF_ERROR(CheckTransition(current.name(), current.status(), to));
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(current.name(), "case"));
  v1::Case moved = current;
  moved.set_status(to);
  moved.set_active_session(active_session);
  *moved.mutable_update_time() = internal::Now();
  moved.set_etag(internal::NextEtag(current.etag()));
  batch.Put(Table::kCases, keys::Case(name.community, name.case_id), moved.SerializeAsString());
  internal::StageIndexChanges(name.community, name.case_id, current, moved, batch);
  // The status is a search facet, of the case and of its reflections.
  RETURN_IF_ERROR(StageCaseChange(search_index_, *store_, name.community, name.case_id, current,
                                  moved, batch));
  return moved;
}

}  // namespace kompas::domain
