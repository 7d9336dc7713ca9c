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
#include "domain/annotations.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/audited_write.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/text_diff.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using google::protobuf::util::FieldMaskUtil;
using store::Table;
namespace keys = store::keys;

constexpr char kStandards[] = "standards";
constexpr char kStandardRequestScope[] = "standard";
constexpr size_t kMaxReasonBytes = 2000;

// Paths UpdateStandard may change.
const std::set<std::string>& UpdatablePaths() {
  static const auto* paths = new std::set<std::string>{
      "content", "content.title", "content.kind", "content.modality", "content.statement",
      "content.rationale", "content.laws", "content.themes", "content.audiences",
      "source_cases", "source_sessions", "source_conclusions"};
  return *paths;
}

absl::string_view Word(v1::StandardStatus s) {
  switch (s) {
    case v1::STANDARD_STATUS_DRAFT: return "DRAFT";
    case v1::STANDARD_STATUS_PROPOSED: return "PROPOSED";
    case v1::STANDARD_STATUS_ADOPTED: return "ADOPTED";
    case v1::STANDARD_STATUS_REJECTED: return "REJECTED";
    case v1::STANDARD_STATUS_RETIRED: return "RETIRED";
    case v1::STANDARD_STATUS_SUPERSEDED: return "SUPERSEDED";
    default: return "UNSPECIFIED";
  }
}

absl::Status WrongStatus(const v1::Standard& s, absl::string_view needed, absl::string_view what) {
  return FailedPrecondition("STANDARD_STATUS", s.name(),
                            absl::StrCat(s.name(), " is ", Word(s.status()), "; ", what,
                                         " needs a ", needed, " standard"));
}

std::string NextEtag(const std::string& etag) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(etag, &n)) n = 0;
  return absl::StrCat(n + 1);
}

void CheckLabels(FieldViolations& v, const std::string& field,
                 const google::protobuf::RepeatedPtrField<std::string>& list,
                 void (*check)(FieldViolations&, absl::string_view, absl::string_view)) {
  if (list.size() > kMaxRepeated) {
    v.Add(field, absl::StrCat("has ", list.size(), " entries; the limit is ", kMaxRepeated));
  }
  std::set<std::string> seen;
  for (int i = 0; i < list.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    check(v, f, list[i]);
    if (!seen.insert(list[i]).second) v.Add(f, "is listed twice");
  }
}

void CheckReason(FieldViolations& v, absl::string_view field, absl::string_view reason,
                 bool required) {
  CheckText(v, field, reason, required, kMaxReasonBytes);
}

// A valid calendar date.
bool IsValidDate(const google::type::Date& d) {
  if (d.year() < 2000 || d.year() > 2200 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  return day.day() == d.day() && day.month() == d.month();
}

absl::CivilDay ToCivil(const google::type::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

// "communities/c/standards/s/<collection>/<id>" → the standard's name and id.
struct ChildOfStandard {
  std::string standard;  // the standard's resource name
  std::string community;
  std::string standard_id;
  std::string id;
};
absl::StatusOr<ChildOfStandard> ParseChildOfStandard(absl::string_view name,
                                                     absl::string_view collection,
                                                     absl::string_view field,
                                                     absl::string_view id_shape) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() == 6 && parts[4] == collection) {
    const std::string parent = absl::StrJoin(parts.begin(), parts.begin() + 4, "/");
    auto standard = ParseChildName(parent, kStandards, field);
    if (standard.ok() && !parts[5].empty()) {
      return ChildOfStandard{parent, standard->community, standard->id, std::string(parts[5])};
    }
  }
  FieldViolations v;
  v.Add(field, absl::StrCat("must be communities/{community}/standards/{standard}/", collection,
                            "/", id_shape));
  return v.ToStatus();
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// At most `max_bytes` of `text`, cut before a code point, never inside one
// (a cut é would make the stored revision invalid UTF-8).
std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

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
  CheckLabels(v, prefix + ".laws", c.laws(), &CheckLabel);
  CheckLabels(v, prefix + ".themes", c.themes(), &CheckTheme);
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

absl::StatusOr<v1::StandardRevision> Standards::LoadRevision(const Ref& ref, int revision) const {
  ASSIGN_OR_RETURN(auto r, internal::LoadRecord<v1::StandardRevision>(
                               *store_, Table::kStandardRevisions,
                               keys::Join({ref.community, ref.id, keys::Sequence(revision)})));
  if (!r.has_value()) {
    return NotFound(absl::StrCat(FormatChild(ref.community, kStandards, ref.id), "/revisions/",
                                 revision));
  }
  return *std::move(r);
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
    auto found = sessions_->Get(Principal{}, get);
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

Cases::CaseLock Standards::LockStandard(const std::string& community, const std::string& id) {
  return std::make_unique<internal::LockTable::Scoped>(
      locks_, std::initializer_list<absl::string_view>{keys::Join({community, id})});
}

absl::Status Standards::StageRevision(const Principal& caller, const Ref& ref,
                                      v1::Standard& standard, const v1::StandardContent& content,
                                      const std::string& change_note,
                                      store::WriteBatch& batch) const {
  const int revision = standard.revision() + 1;
  *standard.mutable_content() = content;
  standard.set_revision(revision);
  *standard.mutable_update_time() = internal::Now();
  if (standard.create_time().seconds() == 0) *standard.mutable_create_time() = standard.update_time();
  standard.set_etag(NextEtag(standard.etag()));
  v1::StandardRevision r;
  r.set_name(absl::StrCat(standard.name(), "/revisions/", revision));
  r.set_revision(revision);
  *r.mutable_content() = content;
  r.set_author(MemberName(ref.community, caller.member_id));
  r.set_change_note(change_note);
  *r.mutable_create_time() = standard.update_time();
  batch.Put(Table::kStandardRevisions, keys::Join({ref.community, ref.id, keys::Sequence(revision)}),
            r.SerializeAsString());
  return StageReanchoring(*store_, ref.community, standard.name(), standard,
                          absl::StrCat(revision), batch);
}

absl::Status Standards::StageSearch(const v1::Standard& s, store::WriteBatch& batch) const {
  if (search_index_ == nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
  const search::Document doc = StandardDocument(s);
  return search_index_->Stage(ref.community, StandardDocKey(ref.id), &doc, batch);
}

absl::StatusOr<v1::Standard> Standards::Create(const Principal& caller,
                                               const v1::CreateStandardRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  if (!request.has_standard()) {
    v.Add("standard", "is required");
    return v.ToStatus();
  }
  v1::Standard in = request.standard();
  in.DiscardUnknownFields();
  ValidateStandardContent(v, "standard.content", in.content());
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(CheckSources(v, community_id, in));
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  v1::StandardContent content = in.content();
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(content, "standard.content", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;

  const std::string request_key = keys::RequestId(kStandardRequestScope, request.parent(),
                                                  caller.member_id, request.request_id());
  // Only creates that carry a request id serialize on it.
  std::optional<internal::LockTable::Scoped> request_lock;
  if (!request.request_id().empty()) {
    request_lock.emplace(locks_, std::initializer_list<absl::string_view>{request_key});
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
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
  s.set_author(MemberName(community_id, caller.member_id));

  store::WriteBatch batch;
  RETURN_IF_ERROR(StageRevision(caller, ref, s, content, "Eerste versie", batch));
  batch.Put(Table::kStandards, keys::Join({community_id, id}), s.SerializeAsString());
  for (const std::string& c : s.source_cases()) {
    batch.Put(Table::kStandardSources, keys::Join({community_id, c.substr(c.rfind('/') + 1), id}),
              "");
  }
  if (!request.request_id().empty()) batch.Put(Table::kRequestIds, request_key, s.name());
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
      internal::WriteAudited(*store_, audit_, caller, community_id, s.name(), batch));
  return WithEndorsementCount(std::move(s));
}

absl::StatusOr<v1::Standard> Standards::Get(const Principal& /*caller*/,
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
    const Principal& /*caller*/, const v1::ListStandardsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  const int page_size = CheckPageSize(v, request.page_size());
  if (!v1::StandardKind_IsValid(request.kind())) v.Add("kind", "is not a known kind");
  if (!v1::StandardStatus_IsValid(request.status())) v.Add("status", "is not a known status");
  if (!v1::Audience_IsValid(request.audience())) v.Add("audience", "is not a known audience");
  if (!request.law().empty()) CheckLabel(v, "law", request.law());
  if (!request.theme().empty()) CheckTheme(v, "theme", request.theme());
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  const uint64_t fingerprint = internal::Fingerprint(absl::StrCat(
      request.parent(), "|", request.kind(), "|", request.status(), "|", request.law(), "|",
      request.theme(), "|", request.audience(), "|", request.source_case()));
  ASSIGN_OR_RETURN(std::string cursor, internal::DecodePageToken(request.page_token(), fingerprint));
  if (!cursor.empty() && !IsValidServerId(cursor)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
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
  v1::ListStandardsResponse response;
  const std::string prefix = keys::Prefix({community_id});
  store::ScanOptions options;
  if (!cursor.empty()) options.after = prefix + cursor;
  std::string last, next;
  int scanned = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kStandards, prefix, options, [&](absl::string_view key,
                                                                      absl::string_view value) {
    if (++scanned > Cases::kMaxScannedPerPage) {
      next = last;
      return false;
    }
    v1::Standard s;
    if (!s.ParseFromString(std::string(value))) {
      inner = absl::DataLossError("stored standard cannot be parsed");
      return false;
    }
    if (keep(s)) {
      if (response.standards_size() == page_size) {
        next = last;
        return false;
      }
      auto counted = WithEndorsementCount(std::move(s));
      if (!counted.ok()) {
        inner = counted.status();
        return false;
      }
      *response.add_standards() = *std::move(counted);
    }
    last = std::string(keys::LastPart(key));
    return true;
  }));
  RETURN_IF_ERROR(inner);
  if (!next.empty()) response.set_next_page_token(internal::EncodePageToken(fingerprint, next));
  return response;
}

absl::StatusOr<v1::Standard> Standards::Update(const Principal& caller,
                                               const v1::UpdateStandardRequest& request) {
  FieldViolations v;
  if (!request.has_standard()) {
    v.Add("standard", "is required");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(CommunityChild ref,
                   ParseChildName(request.standard().name(), kStandards, "standard.name"));
  if (request.update_mask().paths_size() == 0) {
    v.Add("update_mask", "is required: name the fields to change, e.g. \"content.statement\"");
  }
  for (int i = 0; i < request.update_mask().paths_size(); ++i) {
    if (UpdatablePaths().count(request.update_mask().paths(i)) == 0) {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat("\"", request.update_mask().paths(i),
                         "\" is not a field that can be changed"));
    }
  }
  CheckReason(v, "change_note", request.change_note(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard current, Load({ref.community, ref.id}));
  if (!request.standard().etag().empty() && request.standard().etag() != current.etag()) {
    return WithReason(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                      absl::StrCat(current.name(), " was changed by someone else since you read "
                                                   "it (your etag ",
                                   request.standard().etag(), ", current ", current.etag(),
                                   "); read it again and reapply your change"));
  }
  if (current.status() != v1::STANDARD_STATUS_DRAFT &&
      current.status() != v1::STANDARD_STATUS_PROPOSED) {
    return FailedPrecondition(
        "STANDARD_STATUS", current.name(),
        absl::StrCat(current.name(), " is ", Word(current.status()),
                     "; its revisions are fixed (and may be in a published kompas). An adopted "
                     "standard is corrected through an erratum (ReportErratum)"));
  }
  v1::Standard updated = current;
  FieldMaskUtil::MergeOptions merge;
  merge.set_replace_message_fields(true);
  merge.set_replace_repeated_fields(true);
  v1::Standard written = request.standard();
  written.DiscardUnknownFields();
  FieldMaskUtil::MergeMessageTo(written, request.update_mask(), merge, &updated);
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
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(content, "standard.content", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  // The change note is stored with the revision: it passes the gate too.
  v1::UpdateStandardRequest note;
  note.set_change_note(request.change_note());
  RETURN_IF_ERROR(gate_->Screen(note, "", request.privacy_mode(), request.acknowledge_warnings(),
                                AllowListOf(community.pii_allow_list()))
                      .status());
  store::WriteBatch batch;
  if (updated.status() == v1::STANDARD_STATUS_PROPOSED &&
      !google::protobuf::util::MessageDifferencer::Equals(content, current.content())) {
    updated.clear_endorsements();  // they were given to the old text
  }
  RETURN_IF_ERROR(
      StageRevision(caller, {ref.community, ref.id}, updated, content, note.change_note(), batch));
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), updated.SerializeAsString());
  for (const std::string& c : current.source_cases()) {
    if (!Contains(updated.source_cases(), c)) {
      batch.Delete(Table::kStandardSources,
                   keys::Join({ref.community, c.substr(c.rfind('/') + 1), ref.id}));
    }
  }
  for (const std::string& c : updated.source_cases()) {
    batch.Put(Table::kStandardSources, keys::Join({ref.community, c.substr(c.rfind('/') + 1), ref.id}),
              "");
  }
  RETURN_IF_ERROR(StageSearch(updated, batch));
  RETURN_IF_ERROR(
      internal::WriteAudited(*store_, audit_, caller, ref.community, updated.name(), batch));
  return WithEndorsementCount(std::move(updated));
}

absl::StatusOr<v1::ListRevisionsResponse> Standards::ListRevisions(
    const Principal& /*caller*/, const v1::ListRevisionsRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  RETURN_IF_ERROR(Load({ref.community, ref.id}).status());
  return internal::ListPage<v1::ListRevisionsResponse>(
      *store_, Table::kStandardRevisions, keys::Prefix({ref.community, ref.id}), request.parent(),
      request.page_size(), request.page_token(),
      [](v1::ListRevisionsResponse& r, absl::string_view raw) {
        if (!r.add_revisions()->ParseFromString(std::string(raw))) {
          return absl::DataLossError("stored revision cannot be parsed");
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::DiffRevisionsResponse> Standards::DiffRevisions(
    const Principal& /*caller*/, const v1::DiffRevisionsRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kStandards, "name"));
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  const int to = request.to_revision() == 0 ? s.revision() : request.to_revision();
  FieldViolations v;
  if (request.from_revision() < 1 || request.from_revision() > s.revision()) {
    v.Add("from_revision", absl::StrCat("must be a revision of ", s.name(), ": 1-", s.revision()));
  }
  if (to < 1 || to > s.revision()) {
    v.Add("to_revision", absl::StrCat("must be a revision of ", s.name(), ": 1-", s.revision(),
                                      ", or 0 for the latest"));
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::StandardRevision from, LoadRevision({ref.community, ref.id}, request.from_revision()));
  ASSIGN_OR_RETURN(v1::StandardRevision until, LoadRevision({ref.community, ref.id}, to));
  v1::DiffRevisionsResponse response;
  response.set_from_revision(from.revision());
  response.set_to_revision(until.revision());
  for (v1::FieldDiff& d : DiffContent(from.content(), until.content())) {
    *response.add_fields() = std::move(d);
  }
  return response;
}

absl::StatusOr<v1::Standard> Standards::Mutate(const Principal& caller, const std::string& name,
                                               const Change& change) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(name, kStandards, "name"));
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  store::WriteBatch batch;
  RETURN_IF_ERROR(change(s, batch));
  *s.mutable_update_time() = internal::Now();
  s.set_etag(NextEtag(s.etag()));
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), s.SerializeAsString());
  RETURN_IF_ERROR(StageSearch(s, batch));
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, ref.community, s.name(), batch));
  return WithEndorsementCount(std::move(s));
}

absl::StatusOr<v1::Standard> Standards::Propose(const Principal& caller,
                                                const v1::ProposeStandardRequest& request) {
  return Mutate(caller, request.name(), [&](v1::Standard& s, store::WriteBatch&) {
    if (s.status() != v1::STANDARD_STATUS_DRAFT) return WrongStatus(s, "DRAFT", "proposing");
    s.set_status(v1::STANDARD_STATUS_PROPOSED);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Endorse(const Principal& caller,
                                                const v1::EndorseStandardRequest& request) {
  return Mutate(caller, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) return WrongStatus(s, "PROPOSED", "endorsing");
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    const std::string me = MemberName(ref.community, caller.member_id);
    if (Contains(s.endorsements(), me)) {
      return absl::AlreadyExistsError(
          absl::StrCat("you already endorse ", s.name(), "; one endorsement per member"));
    }
    s.add_endorsements(me);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Withdraw(const Principal& caller,
                                                 const v1::WithdrawEndorsementRequest& request) {
  return Mutate(caller, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) {
      return WrongStatus(s, "PROPOSED", "withdrawing an endorsement");
    }
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    const std::string me = MemberName(ref.community, caller.member_id);
    auto* list = s.mutable_endorsements();
    auto it = std::find(list->begin(), list->end(), me);
    if (it == list->end()) {
      return FailedPrecondition("ENDORSEMENT", s.name(),
                                absl::StrCat("you do not endorse ", s.name()));
    }
    list->erase(it);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Adopt(const Principal& caller,
                                              const v1::AdoptStandardRequest& request) {
  return Mutate(caller, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) return WrongStatus(s, "PROPOSED", "adopting");
    ASSIGN_OR_RETURN(v1::Standard counted, WithEndorsementCount(s));
    const int have = counted.endorsing_municipalities(), need = counted.quorum();
    if (have < need) {
      return FailedPrecondition(
          "QUORUM", s.name(),
          absl::StrCat(s.name(), " is endorsed from ", have, " municipalit",
                       have == 1 ? "y" : "ies", "; adoption needs ", need, ": ", need - have,
                       " more municipalit", need - have == 1 ? "y" : "ies", " needed"));
    }
    s.set_status(v1::STANDARD_STATUS_ADOPTED);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::EndWithReason(
    const Principal& caller, const std::string& name, const std::string& reason,
    std::initializer_list<v1::StandardStatus> from, absl::string_view from_words,
    absl::string_view what, v1::StandardStatus to) {
  FieldViolations v;
  CheckReason(v, "reason", reason, /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  return Mutate(caller, name, [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (std::find(from.begin(), from.end(), s.status()) == from.end()) {
      return WrongStatus(s, from_words, what);
    }
    // The reason is stored with the standard: it passes the gate too.
    v1::RejectStandardRequest screened;
    screened.set_reason(reason);
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
    RETURN_IF_ERROR(gate_->Screen(screened, "", v1::PRIVACY_MODE_REJECT, false,
                                  AllowListOf(community.pii_allow_list()))
                        .status());
    s.set_status(to);
    s.set_status_reason(screened.reason());
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Reject(const Principal& caller,
                                               const v1::RejectStandardRequest& request) {
  return EndWithReason(caller, request.name(), request.reason(),
                       {v1::STANDARD_STATUS_DRAFT, v1::STANDARD_STATUS_PROPOSED},
                       "DRAFT or PROPOSED", "rejecting", v1::STANDARD_STATUS_REJECTED);
}

absl::StatusOr<v1::Standard> Standards::Retire(const Principal& caller,
                                               const v1::RetireStandardRequest& request) {
  return EndWithReason(caller, request.name(), request.reason(), {v1::STANDARD_STATUS_ADOPTED},
                       "ADOPTED", "retiring", v1::STANDARD_STATUS_RETIRED);
}

absl::StatusOr<v1::Standard> Standards::Supersede(const Principal& caller,
                                                  const v1::SupersedeStandardRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kStandards, "name"));
  ASSIGN_OR_RETURN(CommunityChild successor,
                   ParseChildName(request.successor(), kStandards, "successor"));
  FieldViolations v;
  if (successor.community != ref.community) v.Add("successor", "must be in the same community");
  if (successor.id == ref.id) v.Add("successor", "must be another standard");
  RETURN_IF_ERROR(v.ToStatus());
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id}),
                                            keys::Join({successor.community, successor.id})});
  ASSIGN_OR_RETURN(v1::Standard old, Load({ref.community, ref.id}));
  ASSIGN_OR_RETURN(v1::Standard next, Load({successor.community, successor.id}));
  if (old.status() != v1::STANDARD_STATUS_ADOPTED) return WrongStatus(old, "ADOPTED", "superseding");
  if (next.status() != v1::STANDARD_STATUS_ADOPTED) {
    return FailedPrecondition("STANDARD_STATUS", next.name(),
                              absl::StrCat("the successor ", next.name(), " is ",
                                           Word(next.status()), "; adopt it first"));
  }
  old.set_status(v1::STANDARD_STATUS_SUPERSEDED);
  old.set_superseded_by(next.name());
  next.set_supersedes(old.name());
  for (v1::Standard* s : {&old, &next}) {
    *s->mutable_update_time() = internal::Now();
    s->set_etag(NextEtag(s->etag()));
  }
  store::WriteBatch batch;
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), old.SerializeAsString());
  batch.Put(Table::kStandards, keys::Join({successor.community, successor.id}),
            next.SerializeAsString());
  RETURN_IF_ERROR(StageSearch(old, batch));
  RETURN_IF_ERROR(StageSearch(next, batch));
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, ref.community, old.name(), batch));
  return WithEndorsementCount(std::move(old));
}

absl::StatusOr<v1::Erratum> Standards::ReportErratum(const Principal& caller,
                                                     const v1::ReportErratumRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  FieldViolations v;
  CheckText(v, "erratum.description", request.erratum().description(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  v1::Erratum e;
  e.set_description(request.erratum().description());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(e, "erratum", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
    return WrongStatus(s, "ADOPTED", "an erratum (errors in drafts are edited away)");
  }
  const std::string id = NewServerId();
  e.set_name(absl::StrCat(s.name(), "/errata/", id));
  e.set_revision(s.revision());
  e.set_state(v1::ERRATUM_STATE_REPORTED);
  e.set_reporter(MemberName(ref.community, caller.member_id));
  *e.mutable_create_time() = internal::Now();
  store::WriteBatch batch;
  batch.Put(Table::kErrata, keys::Join({ref.community, ref.id, id}), e.SerializeAsString());
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, ref.community, e.name(), batch));
  return e;
}

absl::StatusOr<v1::ListErrataResponse> Standards::ListErrata(
    const Principal& /*caller*/, const v1::ListErrataRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  RETURN_IF_ERROR(Load({ref.community, ref.id}).status());
  v1::ListErrataResponse response;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kErrata, keys::Prefix({ref.community, ref.id}), {},
                               [&](absl::string_view, absl::string_view value) {
                                 v1::Erratum e;
                                 if (!e.ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError("stored erratum cannot be parsed");
                                   return false;
                                 }
                                 if (request.state() == v1::ERRATUM_STATE_UNSPECIFIED ||
                                     e.state() == request.state()) {
                                   *response.add_errata() = std::move(e);
                                 }
                                 return true;
                               }));
  RETURN_IF_ERROR(inner);
  return response;
}

absl::StatusOr<v1::Erratum> Standards::ResolveErratum(const Principal& caller,
                                                      const v1::ResolveErratumRequest& request) {
  ASSIGN_OR_RETURN(ChildOfStandard ref,
                   ParseChildOfStandard(request.name(), "errata", "name", "{erratum}"));
  FieldViolations v;
  const bool accept = request.resolution() == v1::ERRATUM_STATE_ACCEPTED;
  if (!accept && request.resolution() != v1::ERRATUM_STATE_REJECTED) {
    v.Add("resolution", "must be ACCEPTED or REJECTED");
  }
  CheckReason(v, "reason", request.reason(), /*required=*/!accept);
  if (accept) {
    if (!request.has_corrected_content()) {
      v.Add("corrected_content", "is required when accepting: the corrected text, complete");
    } else {
      ValidateStandardContent(v, "corrected_content", request.corrected_content());
    }
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  v1::ResolveErratumRequest screened;
  screened.set_reason(request.reason());
  if (accept) *screened.mutable_corrected_content() = request.corrected_content();
  screened.mutable_corrected_content()->DiscardUnknownFields();
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(screened, "", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;

  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.standard_id})});
  const std::string erratum_key = keys::Join({ref.community, ref.standard_id, ref.id});
  ASSIGN_OR_RETURN(auto e, internal::LoadRecord<v1::Erratum>(*store_, Table::kErrata, erratum_key));
  if (!e.has_value()) return NotFound(request.name());
  if (e->state() != v1::ERRATUM_STATE_REPORTED) {
    return FailedPrecondition("ERRATUM_STATE", e->name(),
                              absl::StrCat(e->name(), " is already resolved"));
  }
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.standard_id}));
  store::WriteBatch batch;
  e->set_resolution(screened.reason());
  if (accept) {
    if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
      return WrongStatus(s, "ADOPTED", "correcting by an erratum");
    }
    if (google::protobuf::util::MessageDifferencer::Equals(screened.corrected_content(),
                                                           s.content())) {
      v.Add("corrected_content",
            absl::StrCat("is the same as revision ", s.revision(),
                         "; accept with the corrected text, or reject the erratum"));
      return v.ToStatus();
    }
    RETURN_IF_ERROR(StageRevision(caller, {ref.community, ref.standard_id}, s,
                                  screened.corrected_content(),
                                  absl::StrCat("Erratum: ", Utf8Prefix(e->description(), 200)),
                                  batch));
    batch.Put(Table::kStandards, keys::Join({ref.community, ref.standard_id}),
              s.SerializeAsString());
    RETURN_IF_ERROR(StageSearch(s, batch));
    e->set_state(v1::ERRATUM_STATE_ACCEPTED);
    e->set_corrected_revision(s.revision());
  } else {
    e->set_state(v1::ERRATUM_STATE_REJECTED);
  }
  batch.Put(Table::kErrata, erratum_key, e->SerializeAsString());
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, ref.community, e->name(), batch));
  return *std::move(e);
}

absl::StatusOr<v1::Position> Standards::SetPosition(const Principal& caller,
                                                    const v1::SetPositionRequest& request) {
  FieldViolations v;
  if (!request.has_position()) {
    v.Add("position", "is required");
    return v.ToStatus();
  }
  const v1::Position& in = request.position();
  ASSIGN_OR_RETURN(ChildOfStandard ref,
                   ParseChildOfStandard(in.name(), "positions", "position.name", "{cbs_code}"));
  if (!IsValidCbsCode(ref.id)) {
    v.Add("position.name", "must end in a municipality's CBS code, e.g. .../positions/GM0479");
  }
  if (in.stance() == v1::STANCE_UNSPECIFIED || !v1::Stance_IsValid(in.stance())) {
    v.Add("position.stance", "is required: FOLLOWS, DEVIATES or NOT_APPLICABLE");
  }
  CheckText(v, "position.explanation", in.explanation(), /*required=*/false);
  if (in.stance() == v1::STANCE_DEVIATES && in.explanation().empty()) {
    v.Add("position.explanation",
          "is required with DEVIATES: volg of leg uit — a municipality that deviates explains why");
  }
  if (!in.has_review_on() || !IsValidDate(in.review_on())) {
    v.Add("position.review_on", "is required: a valid date to look at this position again");
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  const std::string municipality = MunicipalityName(ref.id);
  if (!Contains(community.municipalities(), municipality)) {
    return NotFound(absl::StrCat(municipality, " in ", community.name()));
  }
  ASSIGN_OR_RETURN(auto member, communities_->FindMember(ref.community, caller.member_id));
  if (!member.has_value() || member->municipality() != municipality) {
    return absl::PermissionDeniedError(absl::StrCat(
        "members set their own municipality's position; ", municipality, " is not yours"));
  }
  v1::Position p;
  p.set_explanation(in.explanation());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(p, "position", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.standard_id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.standard_id}));
  if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
    return WrongStatus(s, "ADOPTED", "a position");
  }
  p.set_name(in.name());
  p.set_stance(in.stance());
  *p.mutable_review_on() = in.review_on();
  p.set_set_by(member->name());
  p.set_revision(s.revision());
  *p.mutable_update_time() = internal::Now();
  store::WriteBatch batch;
  batch.Put(Table::kPositions, keys::Join({ref.community, ref.standard_id, ref.id}),
            p.SerializeAsString());
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, ref.community, p.name(), batch));
  return p;
}

absl::StatusOr<v1::ListPositionsResponse> Standards::ListPositions(
    const Principal& /*caller*/, const v1::ListPositionsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  std::string prefix = keys::Prefix({community_id});
  if (!request.standard().empty()) {
    auto ref = ParseChildName(request.standard(), kStandards, "standard");
    if (!ref.ok() || ref->community != community_id) {
      v.Add("standard", absl::StrCat("must be a standard of ", request.parent()));
    } else {
      prefix = keys::Prefix({community_id, ref->id});
    }
  }
  if (!request.municipality().empty() &&
      !ParseMunicipalityName(request.municipality(), "municipality").ok()) {
    v.Add("municipality", "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  v1::ListPositionsResponse response;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kPositions, prefix, {}, [&](absl::string_view key,
                                                                 absl::string_view value) {
    if (!request.municipality().empty() &&
        MunicipalityName(keys::LastPart(key)) != request.municipality()) {
      return true;
    }
    if (!response.add_positions()->ParseFromString(std::string(value))) {
      inner = absl::DataLossError("stored position cannot be parsed");
      return false;
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  return response;
}

absl::StatusOr<v1::RegisterSummary> Standards::GetRegisterSummary(
    const Principal& /*caller*/, const v1::GetRegisterSummaryRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  if (request.has_today() && !IsValidDate(request.today())) {
    FieldViolations v;
    v.Add("today", "is not a valid date");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  const absl::CivilDay today = request.has_today()
                                   ? ToCivil(request.today())
                                   : absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ASSIGN_OR_RETURN(std::vector<v1::Standard> adopted, Adopted(community_id));
  std::map<std::string, v1::MunicipalityRegister> lines;  // by municipality name
  for (const std::string& m : community.municipalities()) lines[m].set_municipality(m);
  std::map<std::string, std::set<std::string>> positioned;  // municipality → standards
  for (const v1::Standard& s : adopted) {
    v1::ListPositionsRequest list;
    list.set_parent(request.parent());
    list.set_standard(s.name());
    ASSIGN_OR_RETURN(v1::ListPositionsResponse positions, ListPositions(Principal{}, list));
    for (const v1::Position& p : positions.positions()) {
      const std::string municipality = MunicipalityName(p.name().substr(p.name().rfind('/') + 1));
      auto it = lines.find(municipality);
      if (it == lines.end()) continue;  // no longer a member municipality
      positioned[municipality].insert(s.name());
      switch (p.stance()) {
        case v1::STANCE_FOLLOWS: it->second.set_follows(it->second.follows() + 1); break;
        case v1::STANCE_DEVIATES: it->second.set_deviates(it->second.deviates() + 1); break;
        case v1::STANCE_NOT_APPLICABLE:
          it->second.set_not_applicable(it->second.not_applicable() + 1);
          break;
        default: break;
      }
      if (ToCivil(p.review_on()) < today) it->second.add_reviews_overdue(p.name());
    }
  }
  v1::RegisterSummary summary;
  summary.set_community(community.name());
  summary.set_adopted_standards(static_cast<int>(adopted.size()));
  for (auto& [municipality, line] : lines) {
    for (const v1::Standard& s : adopted) {
      if (positioned[municipality].count(s.name()) == 0) line.add_without_position(s.name());
    }
    *summary.add_municipalities() = std::move(line);
  }
  return summary;
}

absl::StatusOr<std::vector<v1::Standard>> Standards::Adopted(const std::string& community) const {
  std::vector<v1::Standard> out;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kStandards, keys::Prefix({community}), {},
                               [&](absl::string_view, absl::string_view value) {
                                 v1::Standard s;
                                 if (!s.ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError("stored standard cannot be parsed");
                                   return false;
                                 }
                                 if (s.status() == v1::STANDARD_STATUS_ADOPTED) {
                                   out.push_back(std::move(s));
                                 }
                                 return true;
                               }));
  RETURN_IF_ERROR(inner);
  return out;
}

}  // namespace kompas::domain
