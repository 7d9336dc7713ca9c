#include "domain/standards.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "domain/annotation_anchors.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/paging.h"
#include "domain/internal/standard_rules.h"
#include "domain/internal/etag.h"
#include "domain/internal/update_mask.h"
#include "domain/internal/required.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/internal/request_ids.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/text_diff.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {
using store::Table;
namespace keys = store::keys;
using internal::Contains;

}  // namespace

void ValidateStandardContent(FieldViolations& v, const std::string& prefix,
                             const v1::StandardContent& c) {
  CheckTitle(v, prefix + ".title", c.title());
  if (c.kind() == v1::STANDARD_KIND_UNSPECIFIED || !v1::StandardKind_IsValid(c.kind())) {
    v.Add(prefix + ".kind", "is required: NO_GO, MUST_DO, RULE_OF_THUMB or GOOD_PRACTICE");
  }
  if (c.modality() == v1::MODALITY_UNSPECIFIED || !v1::Modality_IsValid(c.modality())) {
    v.Add(prefix + ".modality", "is required: MUST, MUST_NOT, SHOULD or MAY");
  }
  CheckText(v, prefix + ".statement", c.statement(), /*required=*/true);
  CheckText(v, prefix + ".rationale", c.rationale(), /*required=*/false);
  CheckRepeated(v, prefix + ".laws", c.laws(), &CheckLabel);
  CheckRepeated(v, prefix + ".themes", c.themes(), &CheckTheme);
  std::set<int> audiences;
  for (int i = 0; i < c.audiences_size(); ++i) {
    const int a = c.audiences(i);
    const std::string f = absl::StrCat(prefix, ".audiences[", i, "]");
    if (a == v1::AUDIENCE_UNSPECIFIED || !v1::Audience_IsValid(a)) {
      v.Add(f, "must be A (richten), B (inrichten), C (sturen) or D (uitvoeren)");
    } else if (!audiences.insert(a).second) {
      v.Add(f, "is listed twice");
    }
  }
}

absl::StatusOr<v1::Standard> Standards::Load(const Ref& ref) const {
  ASSIGN_OR_RETURN(auto s, internal::LoadRecord<v1::Standard>(*store_, Table::kStandards,
                                                              keys::Join({ref.community, ref.id})));
  if (!s.has_value()) return NotFound(FormatChild(ref.community, kStandards, ref.id));
  return *std::move(s);
}

absl::StatusOr<int> Standards::Quorum(const std::string& community) const {
  ASSIGN_OR_RETURN(v1::Community c, communities_->Load(community));
  if (c.adoption_quorum() > 0) return c.adoption_quorum();
  return std::max(1, std::min(kDefaultQuorum, c.municipalities_size()));
}

absl::StatusOr<v1::Standard> Standards::WithEndorsementCount(v1::Standard s) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
  std::set<std::string> municipalities;
  for (const std::string& endorser : s.endorsements()) {
    auto member = ParseMemberName(endorser, "endorsement");
    if (!member.ok()) continue;  // a departed member's pseudonym
    ASSIGN_OR_RETURN(auto found, communities_->FindMember(member->community, member->member));
    if (found.has_value()) municipalities.insert(found->municipality());
  }
  s.set_endorsing_municipalities(static_cast<int>(municipalities.size()));
  ASSIGN_OR_RETURN(int quorum, Quorum(ref.community));
  s.set_quorum(quorum);
  return s;
}

absl::Status Standards::CheckSources(FieldViolations& v, const std::string& community,
                                     const v1::Standard& s) const {
  if (s.source_cases_size() > kMaxRepeated) v.Add("standard.source_cases", "has too many entries");
  for (int i = 0; i < s.source_cases_size(); ++i) {
    const std::string field = absl::StrCat("standard.source_cases[", i, "]");
    auto name = ParseCaseName(s.source_cases(i), field);
    if (!name.ok() || name->community != community) {
      v.Add(field, absl::StrCat("must be a case of communities/", community));
      continue;
    }
    auto c = cases_->Find(name->community, name->case_id);
    if (absl::IsNotFound(c.status()) ||
        (c.ok() && c->status() == v1::CASE_STATUS_DRAFT)) {
      v.Add(field, absl::StrCat(s.source_cases(i), " does not exist (or is a draft)"));
    } else if (!c.ok()) {
      return c.status();
    }
  }
  if (s.source_sessions_size() > kMaxRepeated) {
    v.Add("standard.source_sessions", "has too many entries");
  }
  for (int i = 0; i < s.source_sessions_size(); ++i) {
    const std::string field = absl::StrCat("standard.source_sessions[", i, "]");
    auto name = ParseChildName(s.source_sessions(i), kSessions, field);
    if (!name.ok() || name->community != community) {
      v.Add(field, absl::StrCat("must be a session of communities/", community));
      continue;
    }
    v1::GetSessionRequest get;
    get.set_name(s.source_sessions(i));
    auto found = sessions_->Get(Call(Principal{}), get);
    if (absl::IsNotFound(found.status())) {
      v.Add(field, absl::StrCat(s.source_sessions(i), " does not exist"));
    } else if (!found.ok()) {
      return found.status();
    }
  }
  // One conclusion grows into one standard, and a standard into at most one
  // conclusion's link (each link takes that session's case lock).
  if (s.source_conclusions_size() > 1) {
    v.Add("standard.source_conclusions",
          "names more than one conclusion; a standard is drafted from one conclusion (name the "
          "other sessions in source_sessions)");
  }
  for (int i = 0; i < s.source_conclusions_size(); ++i) {
    if (!absl::StartsWith(s.source_conclusions(i), absl::StrCat("communities/", community, "/"))) {
      v.Add(absl::StrCat("standard.source_conclusions[", i, "]"),
            absl::StrCat("must be a conclusion of a session of communities/", community));
    }
  }
  return absl::OkStatus();
}

Standards::StandardLock Standards::LockStandard(const std::string& community, const std::string& id) {
  return std::make_unique<internal::LockTable::Scoped>(
      locks_, std::initializer_list<absl::string_view>{keys::Join({community, id})});
}

absl::Status Standards::StageSearch(const v1::Standard& s, store::WriteBatch& batch) const {
  if (search_index_ == nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
  const search::Document doc = StandardDocument(s);
  return search_index_->Stage(ref.community, StandardDocKey(ref.id), &doc, batch);
}

absl::StatusOr<v1::Standard> Standards::Create(const Call& call,
                                               const v1::CreateStandardRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  RETURN_IF_ERROR(internal::RequireMessage(request.has_standard(), "standard"));
  FieldViolations v;
  v1::Standard in = request.standard();
  ClearOutputOnly(in);
  ValidateStandardContent(v, "standard.content", in.content());
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(CheckSources(v, community_id, in));
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  v1::StandardContent content = in.content();
  RETURN_IF_ERROR(gate_->ScreenWrite(content, "standard.content", request, community).status());

  const std::string request_key = keys::RequestId(
      internal::kStandardRequestScope, request.parent(),
      cases_->key_secret().RequestIdTag(call.member_id(), request.request_id()));
  // Only creates that carry a request id serialize on it.
  std::optional<internal::LockTable::Scoped> request_lock;
  if (!request.request_id().empty()) {
    request_lock.emplace(locks_, std::initializer_list<absl::string_view>{request_key});
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(*earlier, internal::ReplayedName(*earlier, request, request.request_id()));
      ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(*earlier, kStandards, "request_id"));
      ASSIGN_OR_RETURN(v1::Standard existing, Load({ref.community, ref.id}));
      return WithEndorsementCount(std::move(existing));
    }
  }
  std::string id;
  for (int attempt = 0; attempt < 8 && id.empty(); ++attempt) {
    std::string candidate = NewServerId();
    ASSIGN_OR_RETURN(auto taken, store_->Get(Table::kStandards, keys::Join({community_id, candidate})));
    if (!taken.has_value()) id = candidate;
  }
  if (id.empty()) return absl::InternalError("could not find an unused id");
  const Ref ref{community_id, id};
  v1::Standard s;
  s.set_name(FormatChild(community_id, kStandards, id));
  s.set_status(v1::STANDARD_STATUS_DRAFT);
  *s.mutable_source_cases() = in.source_cases();
  *s.mutable_source_sessions() = in.source_sessions();
  *s.mutable_source_conclusions() = in.source_conclusions();
  s.set_author(MemberName(community_id, call.member_id()));

  store::WriteBatch batch;
  RETURN_IF_ERROR(StageRevision(call, ref, s, content, "Eerste versie", batch));
  batch.Put(Table::kStandards, keys::Join({community_id, id}), s.SerializeAsString());
  for (const std::string& c : s.source_cases()) {
    batch.Put(Table::kStandardSources, keys::Join({community_id, IdOfName(c), id}),
              "");
  }
  if (!request.request_id().empty()) {
    batch.Put(Table::kRequestIds, request_key, internal::RequestIdEntry(s.name(), request));
  }
  // A conclusion keeps a link to the standard made from it, written with it.
  std::vector<Cases::CaseLock> conclusion_locks;
  for (int i = 0; i < s.source_conclusions_size(); ++i) {
    ASSIGN_OR_RETURN(Cases::CaseLock lock,
                     sessions_->StageConclusionLink(s.source_conclusions(i), s.name(),
                                                    absl::StrCat("standard.source_conclusions[",
                                                                 i, "]"),
                                                    batch));
    conclusion_locks.push_back(std::move(lock));
  }
  RETURN_IF_ERROR(StageSearch(s, batch));
  RETURN_IF_ERROR(
      call.Commit(*store_, batch, community_id, s.name()));
  return WithEndorsementCount(std::move(s));
}

absl::StatusOr<v1::Standard> Standards::Get(const Call& /*call*/,
                                            const v1::GetStandardRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kStandards, "name"));
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  if (request.revision() < 0 || request.revision() > s.revision()) {
    FieldViolations v;
    v.Add("revision", absl::StrCat("is ", request.revision(), "; ", s.name(), " has revisions 1-",
                                   s.revision(), " (0 for the latest)"));
    return v.ToStatus();
  }
  if (request.revision() != 0 && request.revision() != s.revision()) {
    ASSIGN_OR_RETURN(v1::StandardRevision r, LoadRevision({ref.community, ref.id}, request.revision()));
    *s.mutable_content() = r.content();
    s.set_revision(r.revision());
  }
  return WithEndorsementCount(std::move(s));
}

absl::StatusOr<v1::ListStandardsResponse> Standards::List(
    const Call& /*call*/, const v1::ListStandardsRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
  if (!v1::StandardKind_IsValid(request.kind())) v.Add("kind", "is not a known kind");
  if (!v1::StandardStatus_IsValid(request.status())) v.Add("status", "is not a known status");
  if (!v1::Audience_IsValid(request.audience())) v.Add("audience", "is not a known audience");
  if (!request.law().empty()) CheckLabel(v, "law", request.law());
  if (!request.theme().empty()) CheckTheme(v, "theme", request.theme());
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  auto keep = [&](const v1::Standard& s) {
    const v1::StandardContent& c = s.content();
    if (request.kind() != v1::STANDARD_KIND_UNSPECIFIED && c.kind() != request.kind()) return false;
    if (request.status() != v1::STANDARD_STATUS_UNSPECIFIED && s.status() != request.status()) {
      return false;
    }
    if (!request.law().empty() && !Contains(c.laws(), request.law())) return false;
    if (!request.theme().empty() && !Contains(c.themes(), request.theme())) return false;
    if (request.audience() != v1::AUDIENCE_UNSPECIFIED &&
        std::find(c.audiences().begin(), c.audiences().end(), request.audience()) ==
            c.audiences().end()) {
      return false;
    }
    if (!request.source_case().empty() && !Contains(s.source_cases(), request.source_case())) {
      return false;
    }
    return true;
  };
  const internal::PageScan scan{.table = Table::kStandards,
                                .prefix = keys::Prefix({community_id}),
                                .server_id_cursor = true};
  v1::ListStandardsResponse response;
  RETURN_IF_ERROR(internal::ListPage<v1::Standard>(
      *store_, scan,
      internal::PageRequestOf(
          request, absl::StrCat(request.parent(), "|", request.kind(), "|", request.status(), "|",
                                request.law(), "|", request.theme(), "|", request.audience(), "|",
                                request.source_case())),
      [&](absl::string_view, absl::string_view value)
          -> absl::StatusOr<std::optional<v1::Standard>> {
        ASSIGN_OR_RETURN(v1::Standard s, internal::ParseRecord<v1::Standard>(scan.table, value));
        if (!keep(s)) return std::nullopt;
        return WithEndorsementCount(std::move(s));
      },
      [](v1::ListStandardsResponse& r, v1::Standard&& s) { *r.add_standards() = std::move(s); },
      response));
  return response;
}

absl::StatusOr<v1::Standard> Standards::Update(const Call& call,
                                               const v1::UpdateStandardRequest& request) {
  RETURN_IF_ERROR(internal::RequireMessage(request.has_standard(), "standard"));
  FieldViolations v;
  ASSIGN_OR_RETURN(CommunityChild ref,
                   ParseChildName(request.standard().name(), kStandards, "standard.name"));
  internal::CheckUpdateMask(
      v, request.update_mask(),
      {"content", "content.title", "content.kind", "content.modality", "content.statement",
       "content.rationale", "content.laws", "content.themes", "content.audiences", "source_cases",
       "source_sessions", "source_conclusions"},
      "content.statement");
  internal::CheckReason(v, "change_note", request.change_note(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard current, Load({ref.community, ref.id}));
  RETURN_IF_ERROR(
      internal::CheckEtag(current.name(), request.standard().etag(), current.etag()));
  if (current.status() != v1::STANDARD_STATUS_DRAFT &&
      current.status() != v1::STANDARD_STATUS_PROPOSED) {
    return FailedPrecondition(
        v1::STANDARD_STATUS, current.name(),
        absl::StrCat(current.name(), " is ", internal::Word(current.status()),
                     "; its revisions are fixed (and may be in a published kompas). An adopted "
                     "standard is corrected through an erratum (ReportErratum)"),
        {{"status", std::string(internal::Word(current.status()))}, {"allowed", "DRAFT,PROPOSED"}});
  }
  v1::Standard updated = current;
  google::protobuf::util::FieldMaskUtil::MergeOptions merge;
  merge.set_replace_message_fields(true);
  merge.set_replace_repeated_fields(true);
  v1::Standard written = request.standard();
  ClearOutputOnly(written);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(written, request.update_mask(), merge, &updated);
  ValidateStandardContent(v, "standard.content", updated.content());
  RETURN_IF_ERROR(CheckSources(v, ref.community, updated));
  RETURN_IF_ERROR(v.ToStatus());
  if (!std::equal(updated.source_conclusions().begin(), updated.source_conclusions().end(),
                  current.source_conclusions().begin(), current.source_conclusions().end())) {
    v.Add("update_mask", "source_conclusions are fixed when the standard is drafted");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  v1::StandardContent content = updated.content();
  RETURN_IF_ERROR(gate_->ScreenWrite(content, "standard.content", request, community).status());
  // The change note is stored with the revision: it passes the gate too.
  v1::UpdateStandardRequest note;
  note.set_change_note(request.change_note());
  RETURN_IF_ERROR(gate_->ScreenWrite(note, "", request, community).status());
  store::WriteBatch batch;
  if (updated.status() == v1::STANDARD_STATUS_PROPOSED &&
      !google::protobuf::util::MessageDifferencer::Equals(content, current.content())) {
    updated.clear_endorsements();  // they were given to the old text
  }
  RETURN_IF_ERROR(
      StageRevision(call, {ref.community, ref.id}, updated, content, note.change_note(), batch));
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), updated.SerializeAsString());
  for (const std::string& c : current.source_cases()) {
    if (!Contains(updated.source_cases(), c)) {
      batch.Delete(Table::kStandardSources,
                   keys::Join({ref.community, IdOfName(c), ref.id}));
    }
  }
  for (const std::string& c : updated.source_cases()) {
    batch.Put(Table::kStandardSources, keys::Join({ref.community, IdOfName(c), ref.id}),
              "");
  }
  RETURN_IF_ERROR(StageSearch(updated, batch));
  RETURN_IF_ERROR(
      call.Commit(*store_, batch, ref.community, updated.name()));
  return WithEndorsementCount(std::move(updated));
}

absl::StatusOr<std::vector<v1::Standard>> Standards::Adopted(const std::string& community) const {
  std::vector<v1::Standard> out;
  RETURN_IF_ERROR(internal::ScanRecords<v1::Standard>(
      *store_, Table::kStandards, keys::Prefix({community}), "stored standard cannot be parsed",
      [&](absl::string_view, v1::Standard&& s) {
        if (s.status() == v1::STANDARD_STATUS_ADOPTED) out.push_back(std::move(s));
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace kompas::domain
