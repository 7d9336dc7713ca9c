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
#include "domain/annotations.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/audited_write.h"
#include "domain/internal/page_token.h"
#include "domain/internal/rename.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
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

// Request-id scopes: a request id is unique per member and kind of create.
constexpr char kCaseRequestScope[] = "case";
constexpr char kReflectionRequestScope[] = "reflection";

// Paths UpdateCase may change. Output-only fields are not among them.
const std::set<std::string>& UpdatablePaths() {
  static const auto* paths = new std::set<std::string>{
      "title", "situation", "question", "framing", "framing.task", "framing.purpose",
      "framing.necessary_data", "framing.legal_basis_and_proportionality", "options",
      "decision", "outcome", "laws", "themes", "origin_municipality", "hide_origin",
      "visibility", "status"};
  return *paths;
}


// Adds to `batch` the index entries a case gains and loses by a change.
void StageIndexChanges(const std::string& community, const std::string& case_id,
                       const v1::Case& before_change, const v1::Case& after_change,
                       store::WriteBatch& batch) {
  const std::set<std::string> before = CaseIndexKeys(community, before_change, case_id);
  const std::set<std::string> after = CaseIndexKeys(community, after_change, case_id);
  for (const std::string& k : before) {
    if (after.count(k) == 0) batch.Delete(Table::kCaseIndex, k);
  }
  for (const std::string& k : after) {
    if (before.count(k) == 0) batch.Put(Table::kCaseIndex, k, "");
  }
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

bool Matches(const v1::Case& c, const v1::ListCasesRequest& r) {
  if (r.status() != v1::CASE_STATUS_UNSPECIFIED && c.status() != r.status()) return false;
  if (!r.theme().empty() && !Contains(c.themes(), r.theme())) return false;
  if (!r.law().empty() && !Contains(c.laws(), r.law())) return false;
  if (!r.municipality().empty() &&
      (c.hide_origin() || c.origin_municipality() != r.municipality())) {
    return false;
  }
  return true;
}

// What the caller may see of a case: a hidden origin only for its author.
// The author goes too, because a member's municipality is public.
v1::Case ViewFor(const std::string& caller_name, v1::Case c) {
  if (c.hide_origin() && c.author() != caller_name) {
    c.clear_origin_municipality();
    c.clear_author();
  }
  return c;
}

std::string NextEtag(const std::string& etag) {
  uint64_t revision = 0;
  if (!absl::SimpleAtoi(etag, &revision)) revision = 0;
  return absl::StrCat(revision + 1);
}

absl::Status EtagMismatch(const std::string& name, const std::string& sent,
                          const std::string& current) {
  return WithReason(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                    absl::StrCat(name, " was changed by someone else since you read it (your etag ",
                                 sent, ", current ", current,
                                 "); read it again and reapply your change"));
}

void CheckRepeated(FieldViolations& v, const std::string& field,
                   const google::protobuf::RepeatedPtrField<std::string>& list,
                   void (*check)(FieldViolations&, absl::string_view, absl::string_view)) {
  if (list.size() > kMaxRepeated) {
    v.Add(field, absl::StrCat("has ", list.size(), " entries; the limit is ", kMaxRepeated));
  }
  std::set<std::string> seen;
  for (int i = 0; i < list.size(); ++i) {
    std::string f = absl::StrCat(field, "[", i, "]");
    check(v, f, list[i]);
    if (!seen.insert(list[i]).second) v.Add(f, "is listed twice");
  }
}

void CheckOption(FieldViolations& v, absl::string_view field, absl::string_view text) {
  CheckText(v, field, text, /*required=*/true);
}

// The origin municipality must belong to the community.
void CheckOrigin(FieldViolations& v, const std::string& field, const v1::Case& c,
                 const v1::Community& community) {
  if (c.origin_municipality().empty()) return;
  if (!Contains(community.municipalities(), c.origin_municipality())) {
    v.Add(field, absl::StrCat(c.origin_municipality(), " is not a member municipality of ",
                              community.name()));
  }
}

absl::Status RequestIdConsumed(const std::string& request_id, const std::string& earlier) {
  return WithReason(absl::StatusCode::kFailedPrecondition, "REQUEST_ID_CONSUMED",
                    absl::StrCat("request_id ", request_id, " already created ", earlier,
                                 ", which was deleted since; use a new request_id"));
}

}  // namespace

// Index entries of a case (see store/keys.h). A hidden origin is not
// indexed, so a municipality filter cannot reveal it.
std::set<std::string> CaseIndexKeys(const std::string& community, const v1::Case& c,
                                    const std::string& case_id) {
  std::set<std::string> out;
  out.insert(keys::CaseIndex(community, "status", absl::StrCat(static_cast<int>(c.status())),
                             case_id));
  for (const std::string& t : c.themes()) out.insert(keys::CaseIndex(community, "theme", t, case_id));
  for (const std::string& l : c.laws()) out.insert(keys::CaseIndex(community, "law", l, case_id));
  if (!c.origin_municipality().empty() && !c.hide_origin()) {
    out.insert(keys::CaseIndex(community, "municipality", c.origin_municipality(), case_id));
  }
  return out;
}

void ValidateCaseFields(FieldViolations& v, const std::string& prefix, const v1::Case& c) {
  CheckTitle(v, prefix + ".title", c.title());
  CheckText(v, prefix + ".situation", c.situation(), false);
  CheckText(v, prefix + ".question", c.question(), false);
  CheckText(v, prefix + ".framing.task", c.framing().task(), false);
  CheckText(v, prefix + ".framing.purpose", c.framing().purpose(), false);
  CheckText(v, prefix + ".framing.necessary_data", c.framing().necessary_data(), false);
  CheckText(v, prefix + ".framing.legal_basis_and_proportionality",
            c.framing().legal_basis_and_proportionality(), false);
  CheckRepeated(v, prefix + ".options", c.options(), &CheckOption);
  CheckText(v, prefix + ".decision", c.decision(), false);
  CheckText(v, prefix + ".outcome", c.outcome(), false);
  CheckRepeated(v, prefix + ".laws", c.laws(), &CheckLabel);
  CheckRepeated(v, prefix + ".themes", c.themes(), &CheckTheme);
  if (!c.origin_municipality().empty() &&
      !ParseMunicipalityName(c.origin_municipality(), "").ok()) {
    v.Add(prefix + ".origin_municipality",
          "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  if (!v1::Visibility_IsValid(c.visibility())) {
    v.Add(prefix + ".visibility", "is not a known visibility (COMMUNITY or SHARED)");
  }
  if (!v1::CaseStatus_IsValid(c.status())) {
    v.Add(prefix + ".status", "is not a known case status");
  }
}

absl::StatusOr<v1::Member> Cases::RequireMember(const std::string& community,
                                                const Principal& caller) const {
  ASSIGN_OR_RETURN(auto member, communities_->FindMember(community, caller.member_id));
  if (!member.has_value()) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.member_id, " is not a member of ", CommunityName(community),
                     "; only members write there"));
  }
  return *std::move(member);
}

absl::Status Cases::Commit(const Principal& caller, const std::string& community,
                           const std::string& resource, store::WriteBatch& batch) {
  return internal::WriteAudited(*store_, audit_, caller, community, resource, batch);
}

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

absl::StatusOr<v1::Case> Cases::Create(const Principal& caller,
                                       const v1::CreateCaseRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  if (!request.has_case_()) {
    v.Add("case", "is required");
    return v.ToStatus();
  }
  const v1::Case& in = request.case_();
  ValidateCaseFields(v, "case", in);
  CheckRequestId(v, "request_id", request.request_id());
  if (in.status() != v1::CASE_STATUS_UNSPECIFIED && in.status() != v1::CASE_STATUS_DRAFT &&
      in.status() != v1::CASE_STATUS_OPEN) {
    v.Add("case.status", "a new case starts as DRAFT or OPEN");
  }
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  ASSIGN_OR_RETURN(v1::Member member, RequireMember(community_id, caller));
  const std::string author = member.name();
  v1::Case c = in;
  // Fields this server does not know would bypass every check: drop them.
  c.DiscardUnknownFields();
  if (c.origin_municipality().empty()) c.set_origin_municipality(member.municipality());
  CheckOrigin(v, "case.origin_municipality", c, community);
  RETURN_IF_ERROR(v.ToStatus());
  c.clear_anonymization();
  ASSIGN_OR_RETURN(*c.mutable_anonymization(),
                   gate_->Screen(c, "case", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));

  // Only creates that carry a request id serialize on it; others run in
  // parallel so their synced writes share WAL syncs.
  const bool has_request_id = !request.request_id().empty();
  const std::string request_key = keys::RequestId(kCaseRequestScope, request.parent(),
                                                  caller.member_id, request.request_id());
  std::optional<internal::LockTable::Scoped> request_lock;
  if (has_request_id) {
    request_lock.emplace(locks_, std::initializer_list<absl::string_view>{request_key});
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(CaseName name, ParseCaseName(*earlier, "request_id"));
      auto existing = Load(name.community, name.case_id);
      if (absl::IsNotFound(existing.status())) {
        return RequestIdConsumed(request.request_id(), *earlier);
      }
      RETURN_IF_ERROR(existing.status());
      return ViewFor(author, *std::move(existing));
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
  if (!request.request_id().empty()) batch.Put(Table::kRequestIds, request_key, c.name());
  RETURN_IF_ERROR(StageCase(search_index_, community_id, case_id, &c, batch));
  RETURN_IF_ERROR(Commit(caller, community_id, c.name(), batch));
  return ViewFor(author, std::move(c));
}

absl::StatusOr<v1::Case> Cases::Get(const Principal& caller,
                                    const v1::GetCaseRequest& request) const {
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.name(), "name"));
  ASSIGN_OR_RETURN(v1::Case c, Load(name.community, name.case_id));
  const std::string caller_name = MemberName(name.community, caller.member_id);
  // A draft is its author's own until it is opened.
  if (c.status() == v1::CASE_STATUS_DRAFT && c.author() != caller_name) {
    return NotFound(c.name());
  }
  // Traceability: the standards that name this case as a source (their
  // reverse index is kept by Standards, in the standard's own batch).
  RETURN_IF_ERROR(store_->Scan(Table::kStandardSources, keys::Prefix({name.community, name.case_id}),
                               {}, [&](absl::string_view key, absl::string_view) {
                                 c.add_derived_standards(absl::StrCat(
                                     "communities/", name.community, "/standards/",
                                     keys::LastPart(key)));
                                 return true;
                               }));
  return ViewFor(caller_name, std::move(c));
}

absl::StatusOr<v1::ListCasesResponse> Cases::List(const Principal& caller,
                                                  const v1::ListCasesRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  int page_size = CheckPageSize(v, request.page_size());
  if (!v1::CaseStatus_IsValid(request.status())) v.Add("status", "is not a known case status");
  if (!request.theme().empty()) CheckTheme(v, "theme", request.theme());
  if (!request.law().empty()) CheckLabel(v, "law", request.law());
  if (!request.municipality().empty() &&
      !ParseMunicipalityName(request.municipality(), "municipality").ok()) {
    v.Add("municipality", "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const uint64_t fingerprint = internal::Fingerprint(
      absl::StrCat(request.parent(), "|", static_cast<int>(request.status()), "|",
                   request.theme(), "|", request.law(), "|", request.municipality()));
  ASSIGN_OR_RETURN(std::string cursor,
                   internal::DecodePageToken(request.page_token(), fingerprint));
  if (!cursor.empty() && !IsValidServerId(cursor)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  RETURN_IF_ERROR(communities_->Load(community_id).status());

  // Drive the scan from the most selective index the request names; the
  // other filters are applied to each record. Ids sort by creation time, so
  // a reverse scan is newest first, and cases created while a client pages
  // land before its cursor: no duplicates, no gaps.
  bool use_index = true;
  std::string prefix;
  if (!request.municipality().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "municipality", request.municipality());
  } else if (!request.theme().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "theme", request.theme());
  } else if (!request.law().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "law", request.law());
  } else if (request.status() != v1::CASE_STATUS_UNSPECIFIED) {
    prefix = keys::CaseIndexPrefix(community_id, "status",
                                   absl::StrCat(static_cast<int>(request.status())));
  } else {
    use_index = false;
    prefix = keys::CasesOf(community_id);
  }

  const std::string caller_name = MemberName(community_id, caller.member_id);
  v1::ListCasesResponse response;
  store::ScanOptions options{.reverse = true};
  if (!cursor.empty()) options.after = prefix + cursor;
  std::string last_examined;
  std::string next_cursor;
  int scanned = 0;
  size_t page_bytes = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(
      use_index ? Table::kCaseIndex : Table::kCases, prefix, options,
      [&](absl::string_view key, absl::string_view value) {
        const std::string case_id(keys::LastPart(key));
        if (++scanned > kMaxScannedPerPage) {
          next_cursor = last_examined;  // a short page; the client continues
          return false;
        }
        v1::Case c;
        if (use_index) {
          auto loaded = Load(community_id, case_id);
          if (absl::IsNotFound(loaded.status())) {
            last_examined = case_id;  // index entry of a case deleted meanwhile
            return true;
          }
          if (!loaded.ok()) {
            inner = loaded.status();
            return false;
          }
          c = *std::move(loaded);
        } else if (!c.ParseFromString(std::string(value))) {
          inner = absl::DataLossError("stored case cannot be parsed");
          return false;
        }
        const bool visible =
            c.status() != v1::CASE_STATUS_DRAFT || c.author() == caller_name;  // own drafts only
        if (visible && Matches(c, request)) {
          const size_t size = c.ByteSizeLong();
          if (response.cases_size() == page_size ||
              (response.cases_size() > 0 && page_bytes + size > options_.max_page_bytes)) {
            next_cursor = last_examined;  // there is at least one more
            return false;
          }
          page_bytes += size;
          *response.add_cases() = ViewFor(caller_name, std::move(c));
        }
        last_examined = case_id;
        return true;
      }));
  RETURN_IF_ERROR(inner);
  if (!next_cursor.empty()) {
    response.set_next_page_token(internal::EncodePageToken(fingerprint, next_cursor));
  }
  // A list hands out whole cases, so each returned case is a read on the
  // audit trail under its own name ("who read this case" must see it).
  if (audit_ != nullptr && !caller.method.empty()) {
    std::vector<audit::Entry> reads;
    for (const v1::Case& c : response.cases()) {
      reads.push_back({community_id, caller.member_id, caller.method, c.name(), "OK"});
    }
    RETURN_IF_ERROR(audit_->RecordMany(reads));
    if (caller.audited != nullptr && !reads.empty()) *caller.audited = true;
  }
  return response;
}

absl::StatusOr<v1::Case> Cases::Update(const Principal& caller,
                                       const v1::UpdateCaseRequest& request) {
  FieldViolations v;
  if (!request.has_case_()) {
    v.Add("case", "is required");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.case_().name(), "case.name"));
  if (request.update_mask().paths_size() == 0) {
    v.Add("update_mask", "is required: name the fields to change, e.g. \"title,situation\"");
  }
  bool status_change = false;
  for (int i = 0; i < request.update_mask().paths_size(); ++i) {
    const std::string& path = request.update_mask().paths(i);
    if (UpdatablePaths().count(path) == 0) {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat("\"", path, "\" is not a field that can be changed"));
    }
    status_change |= path == "status";
  }
  if (status_change && request.case_().status() == v1::CASE_STATUS_UNSPECIFIED) {
    v.Add("case.status", "is required when update_mask names status");
  }
  RETURN_IF_ERROR(v.ToStatus());

  const std::string caller_name = MemberName(name.community, caller.member_id);
  internal::LockTable::Scoped lock(locks_, {keys::Case(name.community, name.case_id)});
  ASSIGN_OR_RETURN(v1::Case current, Load(name.community, name.case_id));
  // The author edits; a server administrator may too (moderation).
  if (current.author() != caller_name && !caller.admin) {
    return absl::PermissionDeniedError(
        absl::StrCat("only the author of ", current.name(), " may change it"));
  }
  if (!request.case_().etag().empty() && request.case_().etag() != current.etag()) {
    return EtagMismatch(current.name(), request.case_().etag(), current.etag());
  }

  v1::Case updated = current;
  FieldMaskUtil::MergeOptions merge;
  merge.set_replace_message_fields(true);
  merge.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(request.case_(), request.update_mask(), merge, &updated);
  ValidateCaseFields(v, "case", updated);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  if (updated.origin_municipality() != current.origin_municipality()) {
    CheckOrigin(v, "case.origin_municipality", updated, community);
    RETURN_IF_ERROR(v.ToStatus());
  }
  // Screen only what this update writes: text stored earlier passed the
  // gate then (perhaps with acknowledged warnings) and must not block, say,
  // a status change now.
  v1::Case written;
  FieldMaskUtil::MergeMessageTo(request.case_(), request.update_mask(), merge, &written);
  written.DiscardUnknownFields();
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(written, "case", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
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
      return FailedPrecondition(
          "CASE_STATUS", current.name(),
          current.status() == v1::CASE_STATUS_IN_SESSION
              ? absl::StrCat("case ", current.name(), " is being discussed in ",
                             current.active_session(),
                             "; its status changes when the facilitator closes that session")
              : absl::StrCat("a case becomes IN_SESSION when a facilitator starts an intervisie "
                             "session on it (CreateSession), not by an update"));
    }
    RETURN_IF_ERROR(CheckTransition(current.name(), current.status(), updated.status()));
  }
  if (current.status() == v1::CASE_STATUS_ARCHIVED) {
    return FailedPrecondition("CASE_STATUS", current.name(),
                              absl::StrCat("case ", current.name(),
                                           " is ARCHIVED; archived cases are kept as they are"));
  }

  *updated.mutable_update_time() = internal::Now();
  updated.set_etag(NextEtag(current.etag()));
  store::WriteBatch batch;
  batch.Put(Table::kCases, keys::Case(name.community, name.case_id), updated.SerializeAsString());
  StageIndexChanges(name.community, name.case_id, current, updated, batch);
  RETURN_IF_ERROR(StageCaseChange(search_index_, *store_, name.community, name.case_id, current,
                                  updated, batch));
  // Annotations follow their words, in this same write.
  RETURN_IF_ERROR(StageReanchoring(*store_, name.community, updated.name(), updated,
                                   updated.etag(), batch));
  RETURN_IF_ERROR(Commit(caller, name.community, updated.name(), batch));
  return ViewFor(caller_name, std::move(updated));
}

absl::Status Cases::Delete(const Principal& caller, const v1::DeleteCaseRequest& request) {
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(request.name(), "name"));
  internal::LockTable::Scoped lock(locks_, {keys::Case(name.community, name.case_id)});
  ASSIGN_OR_RETURN(v1::Case current, Load(name.community, name.case_id));
  if (current.author() != MemberName(name.community, caller.member_id) && !caller.admin) {
    return absl::PermissionDeniedError(
        absl::StrCat("only the author of ", current.name(), " may delete it"));
  }
  if (!request.etag().empty() && request.etag() != current.etag()) {
    return EtagMismatch(current.name(), request.etag(), current.etag());
  }
  if (current.status() == v1::CASE_STATUS_IN_SESSION) {
    return FailedPrecondition("CASE_STATUS", current.name(),
                              absl::StrCat("case ", current.name(), " is being discussed in ",
                                           current.active_session(),
                                           "; it can be deleted once that session is closed"));
  }
  // Sessions keep the discussion of a case (their events hold its
  // reflections); deleting the case would leave that behind.
  if (session_hooks_ != nullptr) {
    ASSIGN_OR_RETURN(int sessions, session_hooks_->SessionsAbout(name.community, current.name()));
    if (sessions > 0) {
      return FailedPrecondition(
          "CASE_SESSIONS", current.name(),
          absl::StrCat("case ", current.name(), " was discussed in ", sessions,
                       " intervisie session", sessions == 1 ? "" : "s",
                       "; archive it (status ARCHIVED) instead of deleting it"));
    }
  }
  store::WriteBatch batch;
  batch.Delete(Table::kCases, keys::Case(name.community, name.case_id));
  for (const std::string& k : CaseIndexKeys(name.community, current, name.case_id)) {
    batch.Delete(Table::kCaseIndex, k);
  }
  RETURN_IF_ERROR(StageCase(search_index_, name.community, name.case_id, nullptr, batch));
  RETURN_IF_ERROR(StageAnnotationRemoval(*store_, name.community, current.name(), batch));
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(
      Table::kReflections, keys::ReflectionsOf(name.community, name.case_id), {},
      [&](absl::string_view key, absl::string_view) {
        batch.Delete(Table::kReflections, key);
        if (search_index_ != nullptr) {
          inner = search_index_->Stage(
              name.community, ReflectionDocKey(name.case_id, std::string(keys::LastPart(key))),
              nullptr, batch);
        }
        return inner.ok();
      }));
  RETURN_IF_ERROR(inner);
  RETURN_IF_ERROR(Commit(caller, name.community, current.name(), batch));
  return absl::OkStatus();
}

absl::StatusOr<v1::Reflection> Cases::CreateReflection(
    const Principal& caller, const v1::CreateReflectionRequest& request) {
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(request.parent(), "parent"));
  FieldViolations v;
  if (!request.has_reflection()) {
    v.Add("reflection", "is required");
    return v.ToStatus();
  }
  const v1::Reflection& in = request.reflection();
  if (in.kind() == v1::REFLECTION_KIND_UNSPECIFIED || !v1::ReflectionKind_IsValid(in.kind())) {
    v.Add("reflection.kind",
          "is required: QUESTION, EXPERIENCE, CONSIDERATION, ADVICE or CONCERN");
  }
  CheckText(v, "reflection.text", in.text(), /*required=*/true);
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Member member, RequireMember(case_name.community, caller));
  const std::string request_key = keys::RequestId(kReflectionRequestScope, request.parent(),
                                                  caller.member_id, request.request_id());
  internal::LockTable::Scoped lock(
      locks_, {keys::Case(case_name.community, case_name.case_id), request_key});
  ASSIGN_OR_RETURN(v1::Case c, Load(case_name.community, case_name.case_id));
  if (!request.request_id().empty()) {
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      const std::string earlier_id = earlier->substr(earlier->rfind('/') + 1);
      std::string key = keys::Reflection(case_name.community, case_name.case_id, earlier_id);
      ASSIGN_OR_RETURN(auto existing, internal::LoadRecord<v1::Reflection>(
                                          *store_, Table::kReflections, key));
      if (existing.has_value() && existing->name() == *earlier) return *std::move(existing);
      return RequestIdConsumed(request.request_id(), *earlier);
    }
  }
  if (!AcceptsReflections(c.status())) {
    return FailedPrecondition(
        "CASE_STATUS", c.name(),
        absl::StrCat("case ", c.name(), " is ", StatusWord(c.status()),
                     "; reflections are accepted while a case is OPEN, IN_SESSION or CONCLUDED"));
  }
  ASSIGN_OR_RETURN(
      const std::string reflection_id,
      UnusedId(Table::kReflections, keys::ReflectionsOf(case_name.community, case_name.case_id)));
  v1::Reflection r = in;
  r.DiscardUnknownFields();
  // Output-only fields are the server's to set (and the gate skips them).
  r.clear_anonymization();
  r.clear_session();
  r.clear_phase();
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(case_name.community));
  ASSIGN_OR_RETURN(*r.mutable_anonymization(),
                   gate_->Screen(r, "reflection", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  r.set_name(ReflectionName{case_name.community, case_name.case_id, reflection_id}.Format());
  r.set_author(member.name());
  *r.mutable_create_time() = internal::Now();
  store::WriteBatch batch;
  std::function<void()> after_commit;
  // (A case marked IN_SESSION before sessions existed names no session; its
  // reflections stay ordinary.)
  if (c.status() == v1::CASE_STATUS_IN_SESSION && !c.active_session().empty() &&
      session_hooks_ != nullptr) {
    ASSIGN_OR_RETURN(after_commit, session_hooks_->AdmitReflection(caller, c, r, batch));
  }
  batch.Put(Table::kReflections,
            keys::Reflection(case_name.community, case_name.case_id, reflection_id),
            r.SerializeAsString());
  if (!request.request_id().empty()) batch.Put(Table::kRequestIds, request_key, r.name());
  if (search_index_ != nullptr) {
    const std::optional<search::Document> doc = ReflectionDocument(r, c);
    if (doc.has_value()) {
      RETURN_IF_ERROR(search_index_->Stage(
          case_name.community, ReflectionDocKey(case_name.case_id, reflection_id), &*doc, batch));
    }
  }
  RETURN_IF_ERROR(Commit(caller, case_name.community, r.name(), batch));
  if (after_commit) after_commit();
  return r;
}

absl::StatusOr<v1::RemoveMemberResponse> Cases::RemoveMember(
    const Principal& caller, const v1::RemoveMemberRequest& request) {
  ASSIGN_OR_RETURN(MemberRef ref, ParseMemberName(request.name(), "name"));
  ASSIGN_OR_RETURN(auto member, communities_->FindMember(ref.community, ref.member));
  if (!member.has_value()) return NotFound(request.name());
  // A random pseudonym, not derived from the member id: a hash of a
  // guessable id could be reversed by trying ids.
  // The '~' makes it a name no member id can ever have (ids are a-z0-9-),
  // so nobody can later be added under it and inherit the contributions.
  absl::BitGen random;
  const std::string pseudonym =
      MemberName(ref.community, absl::StrFormat("~oud-lid-%016x", absl::Uniform<uint64_t>(random)));
  const std::string old_name = MemberName(ref.community, ref.member);

  // Every stripe: no update, delete or reflection of this community's cases
  // runs between the scan and the write, so none is undone by it.
  internal::LockTable::All everything(locks_);
  store::WriteBatch batch;
  batch.Delete(Table::kMembers, keys::Member(ref.community, ref.member));
  ASSIGN_OR_RETURN(int cases, internal::StageRenameIn<v1::Case>(*store_, Table::kCases,
                                                      keys::CasesOf(ref.community), old_name,
                                                      pseudonym, batch));
  ASSIGN_OR_RETURN(int reflections,
                   internal::StageRenameIn<v1::Reflection>(*store_, Table::kReflections,
                                                 keys::Prefix({ref.community}), old_name,
                                                 pseudonym, batch));
  // Session material (participation, events, parked questions) names the
  // member too; it follows the same pseudonym.
  if (session_hooks_ != nullptr) {
    RETURN_IF_ERROR(
        session_hooks_->StageRename(ref.community, old_name, pseudonym, batch).status());
  }
  // So do standards (author, endorsements, revisions, errata, positions),
  // published kompas versions and annotations. Their own writers do not hold
  // the case locks; a rename racing an endorsement by the departing member
  // could miss that one write (the member's token no longer works after).
  const std::string community_prefix = keys::Prefix({ref.community});
  RETURN_IF_ERROR(internal::StageRenameIn<v1::Standard>(*store_, Table::kStandards,
                                                        community_prefix, old_name, pseudonym, batch)
                      .status());
  RETURN_IF_ERROR(internal::StageRenameIn<v1::StandardRevision>(
                      *store_, Table::kStandardRevisions, community_prefix, old_name, pseudonym,
                      batch)
                      .status());
  RETURN_IF_ERROR(internal::StageRenameIn<v1::Erratum>(*store_, Table::kErrata, community_prefix,
                                                       old_name, pseudonym, batch)
                      .status());
  RETURN_IF_ERROR(internal::StageRenameIn<v1::Position>(*store_, Table::kPositions,
                                                        community_prefix, old_name, pseudonym, batch)
                      .status());
  RETURN_IF_ERROR(internal::StageRenameIn<v1::Kompas>(*store_, Table::kKompasVersions,
                                                      community_prefix, old_name, pseudonym, batch)
                      .status());
  RETURN_IF_ERROR(internal::StageRenameIn<v1::Annotation>(
                      *store_, Table::kAnnotations, community_prefix, old_name, pseudonym, batch)
                      .status());
  const int contributions = cases + reflections;
  RETURN_IF_ERROR(Commit(caller, ref.community, request.name(), batch));
  v1::RemoveMemberResponse response;
  response.set_pseudonym(pseudonym);
  response.set_contributions(contributions);
  return response;
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
  moved.set_etag(NextEtag(current.etag()));
  batch.Put(Table::kCases, keys::Case(name.community, name.case_id), moved.SerializeAsString());
  StageIndexChanges(name.community, name.case_id, current, moved, batch);
  // The status is a search facet, of the case and of its reflections.
  RETURN_IF_ERROR(StageCaseChange(search_index_, *store_, name.community, name.case_id, current,
                                  moved, batch));
  return moved;
}

absl::StatusOr<v1::ListReflectionsResponse> Cases::ListReflections(
    const Principal& caller, const v1::ListReflectionsRequest& request) const {
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(request.parent(), "parent"));
  RETURN_IF_ERROR(Load(case_name.community, case_name.case_id).status());
  return internal::ListPage<v1::ListReflectionsResponse>(
      *store_, Table::kReflections, keys::ReflectionsOf(case_name.community, case_name.case_id),
      request.parent(), request.page_size(), request.page_token(),
      [](v1::ListReflectionsResponse& r, absl::string_view raw) {
        if (!r.add_reflections()->ParseFromString(std::string(raw))) {
          return absl::DataLossError("stored reflection cannot be parsed");
        }
        return absl::OkStatus();
      });
}

}  // namespace kompas::domain
