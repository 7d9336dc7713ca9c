#include "domain/annotations.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/anchoring.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/paging.h"
#include "domain/internal/etag.h"
#include "domain/internal/update_mask.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using store::Table;
namespace keys = store::keys;

constexpr size_t kMaxQuoteBytes = 2000;

}  // namespace

absl::StatusOr<Annotations::Target> Annotations::LockTarget(const Call& call,
                                                            const std::string& community,
                                                            const std::string& target) const {
  Target t;
  FieldViolations v;
  const absl::string_view target_community = CommunityOfName(target);
  if (!target_community.empty() && target_community != community) {
    v.Add("annotation.target", absl::StrCat("must be in communities/", community));
    return v.ToStatus();
  }
  const NameKind kind = KindOfName(target);
  if (kind == NameKind::kCase) {
    ASSIGN_OR_RETURN(CaseName name, ParseCaseName(target, "annotation.target"));
    t.lock = cases_->LockCase(name.community, name.case_id);
    v1::GetCaseRequest get;
    get.set_name(target);
    ASSIGN_OR_RETURN(v1::Case c, cases_->Get(call, get));  // NOT_FOUND for others' drafts
    t.revision = c.etag();
    t.record = std::make_unique<v1::Case>(std::move(c));
    return t;
  }
  if (kind == NameKind::kReflection) {
    ASSIGN_OR_RETURN(ReflectionName name, ParseReflectionName(target, "annotation.target"));
    t.lock = cases_->LockCase(name.community, name.case_id);
    ASSIGN_OR_RETURN(auto r, internal::LoadRecord<v1::Reflection>(
                                 *store_, Table::kReflections,
                                 keys::Reflection(name.community, name.case_id, name.reflection_id)));
    if (!r.has_value()) return NotFound(target);
    t.revision = absl::StrCat(1);  // reflections never change: always revision 1
    t.record = std::make_unique<v1::Reflection>(*std::move(r));
    return t;
  }
  if (kind == NameKind::kStandard) {
    ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(target, kStandards, "annotation.target"));
    t.lock = standards_->LockStandard(name.community, name.id);
    v1::GetStandardRequest get;
    get.set_name(target);
    ASSIGN_OR_RETURN(v1::Standard s, standards_->Get(call, get));
    t.revision = absl::StrCat(s.revision());
    t.record = std::make_unique<v1::Standard>(std::move(s));
    return t;
  }
  v.Add("annotation.target",
        "must be a case, a reflection or a standard, e.g. communities/{community}/cases/{case}");
  return v.ToStatus();
}

absl::Status Annotations::CheckLinkedStandard(const Call& call,
                                              const std::string& community,
                                              const std::string& linked) const {
  if (linked.empty()) return absl::OkStatus();
  // One answer for "in another community" and "no such standard", so the
  // refusal tells nothing about other communities.
  FieldViolations v;
  const std::string message =
      absl::StrCat("must name an existing standard of communities/", community,
                   ", e.g. communities/", community, "/standards/{standard}");
  auto name = ParseChildName(linked, kStandards, "annotation.linked_standard");
  if (!name.ok() || name->community != community) {
    v.Add("annotation.linked_standard", message);
    return v.ToStatus();
  }
  v1::GetStandardRequest get;
  get.set_name(linked);
  absl::Status found = standards_->Get(call, get).status();
  if (absl::IsNotFound(found)) {
    v.Add("annotation.linked_standard", message);
    return v.ToStatus();
  }
  return found;
}

absl::Status Annotations::Screen(const std::string& community, v1::Annotation& a,
                                 v1::PrivacyMode mode, bool acknowledge_warnings) const {
  ASSIGN_OR_RETURN(v1::Community c, communities_->Load(community));
  // Only what the author writes: the quote is the target's own text, which
  // passed the gate when it was written.
  v1::Annotation written;
  written.set_body(a.body());
  *written.mutable_tags() = a.tags();
  RETURN_IF_ERROR(
      gate_->Screen(written, "annotation", mode, acknowledge_warnings, AllowListOf(c.pii_allow_list()))
          .status());
  a.set_body(written.body());
  // A tag that held personal data goes (REDACT mode): "[TELEFOON]" is no
  // tag anyone groups by, and the text it had must not be stored.
  google::protobuf::RepeatedPtrField<std::string> tags;
  for (int i = 0; i < written.tags_size(); ++i) {
    if (written.tags(i) == a.tags(i)) *tags.Add() = written.tags(i);
  }
  *a.mutable_tags() = std::move(tags);
  return absl::OkStatus();
}

absl::StatusOr<v1::Annotation> Annotations::Load(const std::string& name) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(name, kAnnotations, "name"));
  ASSIGN_OR_RETURN(auto a, internal::LoadRecord<v1::Annotation>(
                               *store_, Table::kAnnotations, keys::Join({ref.community, ref.id})));
  if (!a.has_value()) return NotFound(name);
  return *std::move(a);
}

absl::StatusOr<v1::Annotation> Annotations::Create(const Call& call,
                                                   const v1::CreateAnnotationRequest& request) {
  ASSIGN_OR_RETURN(std::string community, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  const v1::Annotation& in = request.annotation();
  if (in.target().empty()) v.Add("annotation.target", "is required", v1::REQUIRED);
  if (in.field().empty()) v.Add("annotation.field", "is required, e.g. situation", v1::REQUIRED);
  CheckText(v, "annotation.body", in.body(), /*required=*/false);
  if (in.tags_size() > kMaxRepeated) v.Add("annotation.tags", "has too many entries");
  for (int i = 0; i < in.tags_size(); ++i) CheckTheme(v, absl::StrCat("annotation.tags[", i, "]"), in.tags(i));
  if (!v1::Motivation_IsValid(in.motivation())) v.Add("annotation.motivation", "is not known");
  if (in.motivation() == v1::MOTIVATION_LINKING &&
      !ParseChildName(in.linked_standard(), "standards", "annotation.linked_standard").ok()) {
    v.Add("annotation.linked_standard", "is required for LINKING: a standard's name", v1::REQUIRED);
  }
  const bool by_quote = !in.quote().exact().empty();
  if (!by_quote && in.position().end() <= in.position().start()) {
    v.Add("annotation.quote.exact", "is required: the words to annotate (or give a position)",
          v1::REQUIRED);
  }
  CheckText(v, "annotation.quote.exact", in.quote().exact(), false, kMaxQuoteBytes);
  RETURN_IF_ERROR(v.ToStatus());

  v1::Annotation a;
  a.set_target(in.target());
  a.set_field(in.field());
  a.set_body(in.body());
  *a.mutable_tags() = in.tags();
  a.set_motivation(in.motivation() == v1::MOTIVATION_UNSPECIFIED ? v1::MOTIVATION_COMMENTING
                                                                  : in.motivation());
  a.set_linked_standard(in.linked_standard());
  RETURN_IF_ERROR(CheckLinkedStandard(call, community, a.linked_standard()));
  RETURN_IF_ERROR(Screen(community, a, request.privacy_mode(), request.acknowledge_warnings()));

  ASSIGN_OR_RETURN(Target target, LockTarget(call, community, in.target()));
  const std::optional<std::string> text = TextAt(*target.record, in.field());
  if (!text.has_value()) {
    v.Add("annotation.field", absl::StrCat("\"", in.field(), "\" is not a text field of ",
                                           in.target()));
    return v.ToStatus();
  }
  absl::StatusOr<TextAnchor> anchor =
      by_quote ? AnchorQuote(*text, in.quote().exact(), in.quote().prefix(), in.quote().suffix())
               : MakeAnchor(*text, static_cast<size_t>(in.position().start()),
                            static_cast<size_t>(in.position().end()));
  RETURN_IF_ERROR(anchor.status());
  SetAnchor(a, *anchor);
  a.set_state(v1::ANNOTATION_STATE_ANCHORED);
  a.set_target_revision(target.revision);
  a.set_author(MemberName(community, call.member_id()));
  *a.mutable_create_time() = internal::Now();
  *a.mutable_update_time() = a.create_time();
  a.set_etag("1");
  const std::string id = NewServerId();
  a.set_name(FormatChild(community, kAnnotations, id));
  store::WriteBatch batch;
  batch.Put(Table::kAnnotations, keys::Join({community, id}), a.SerializeAsString());
  batch.Put(Table::kAnnotationTargets, keys::Join({community, a.target(), id}), "");
  RETURN_IF_ERROR(call.Commit(*store_, batch, community, a.name()));
  return a;
}

absl::StatusOr<v1::ListAnnotationsResponse> Annotations::List(
    const Call& call, const v1::ListAnnotationsRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community, internal::ListedCommunity(request, v));
  if (!request.tag().empty()) CheckTheme(v, "tag", request.tag());
  RETURN_IF_ERROR(v.ToStatus());
  // With a target: the caller must be able to read it (not someone's draft).
  if (!request.target().empty()) {
    RETURN_IF_ERROR(LockTarget(call, community, request.target()).status());
  }
  // By target: its index; otherwise the community's annotations, oldest first.
  const internal::PageScan scan{
      .table = request.target().empty() ? Table::kAnnotations : Table::kAnnotationTargets,
      .prefix = request.target().empty() ? keys::Prefix({community})
                                         : keys::Prefix({community, request.target()}),
      .server_id_cursor = true};
  // Without a target, each annotation is shown only if its target could be
  // read: an annotation quotes its target, so one on someone else's draft
  // would leak the draft's words (and name). Cached per case for the page.
  const std::string caller_name = MemberName(community, call.member_id());
  std::map<std::string, bool> case_visible;
  auto visible = [&](const v1::Annotation& a) -> absl::StatusOr<bool> {
    std::string case_id;
    const NameKind kind = KindOfName(a.target());
    if (kind == NameKind::kCase) {
      ASSIGN_OR_RETURN(CaseName name, ParseCaseName(a.target(), "annotation.target"));
      case_id = name.case_id;
    } else if (kind == NameKind::kReflection) {
      ASSIGN_OR_RETURN(ReflectionName name, ParseReflectionName(a.target(), "annotation.target"));
      case_id = name.case_id;
    } else {
      return true;  // standards are readable by every member
    }
    auto [it, inserted] = case_visible.emplace(case_id, false);
    if (inserted) {
      absl::StatusOr<v1::Case> c = cases_->Find(community, case_id);
      if (!c.ok() && !absl::IsNotFound(c.status())) return c.status();
      it->second = c.ok() && (c->status() != v1::CASE_STATUS_DRAFT || c->author() == caller_name);
    }
    return it->second;
  };
  v1::ListAnnotationsResponse response;
  RETURN_IF_ERROR(internal::ListPage<v1::Annotation>(
      *store_, scan,
      internal::PageRequestOf(request, absl::StrCat(request.parent(), "|", request.target(), "|",
                                                    request.author(), "|", request.tag())),
      [&](absl::string_view key,
          absl::string_view) -> absl::StatusOr<std::optional<v1::Annotation>> {
        ASSIGN_OR_RETURN(auto a, internal::LoadRecord<v1::Annotation>(
                                     *store_, Table::kAnnotations,
                                     keys::Join({community, keys::LastPart(key)})));
        const bool keep =
            a.has_value() && (request.author().empty() || a->author() == request.author()) &&
            (request.tag().empty() ||
             std::find(a->tags().begin(), a->tags().end(), request.tag()) != a->tags().end());
        if (!keep) return std::nullopt;
        ASSIGN_OR_RETURN(bool readable, visible(*a));
        if (!readable) return std::nullopt;
        return a;
      },
      [](v1::ListAnnotationsResponse& r, v1::Annotation&& a) {
        *r.add_annotations() = std::move(a);
      },
      response));
  return response;
}

absl::StatusOr<v1::Annotation> Annotations::Update(const Call& call,
                                                   const v1::UpdateAnnotationRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref,
                   ParseChildName(request.annotation().name(), kAnnotations, "annotation.name"));
  FieldViolations v;
  internal::CheckUpdateMask(v, request.update_mask(), {"body", "tags", "motivation", "linked_standard"},
                            "body");
  CheckText(v, "annotation.body", request.annotation().body(), false);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Annotation current, Load(request.annotation().name()));
  // The target's lock: re-anchoring writes annotations too.
  ASSIGN_OR_RETURN(Target target, LockTarget(call, ref.community, current.target()));
  ASSIGN_OR_RETURN(current, Load(request.annotation().name()));
  if (current.author() != MemberName(ref.community, call.member_id())) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::AUTHOR_ONLY,
                      absl::StrCat("only the author of ", current.name(), " may change it"),
                      {{"action", "change"}, {"kind", CollectionOf(current.name())}});
  }
  RETURN_IF_ERROR(
      internal::CheckEtag(current.name(), request.annotation().etag(), current.etag()));
  v1::Annotation input = request.annotation();
  ClearOutputOnly(input);
  v1::Annotation updated = current;
  google::protobuf::util::FieldMaskUtil::MergeOptions merge;
  merge.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(input, request.update_mask(), merge,
                                                        &updated);
  for (int i = 0; i < updated.tags_size(); ++i) {
    CheckTheme(v, absl::StrCat("annotation.tags[", i, "]"), updated.tags(i));
  }
  if (!v1::Motivation_IsValid(updated.motivation())) v.Add("annotation.motivation", "is not known");
  if (updated.motivation() == v1::MOTIVATION_LINKING && updated.linked_standard().empty()) {
    v.Add("annotation.linked_standard", "is required for LINKING: a standard's name", v1::REQUIRED);
  }
  RETURN_IF_ERROR(v.ToStatus());
  if (updated.linked_standard() != current.linked_standard()) {
    RETURN_IF_ERROR(CheckLinkedStandard(call, ref.community, updated.linked_standard()));
  }
  RETURN_IF_ERROR(Screen(ref.community, updated, request.privacy_mode(),
                         request.acknowledge_warnings()));
  *updated.mutable_update_time() = internal::Now();
  updated.set_etag(internal::NextEtag(current.etag()));
  store::WriteBatch batch;
  batch.Put(Table::kAnnotations, keys::Join({ref.community, ref.id}), updated.SerializeAsString());
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, updated.name()));
  return updated;
}

absl::Status Annotations::Delete(const Call& call,
                                 const v1::DeleteAnnotationRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kAnnotations, "name"));
  ASSIGN_OR_RETURN(v1::Annotation current, Load(request.name()));
  if (current.author() != MemberName(ref.community, call.member_id()) && !call.admin()) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::AUTHOR_ONLY,
                      absl::StrCat("only the author of ", current.name(), " may delete it"),
                      {{"action", "delete"}, {"kind", CollectionOf(current.name())}});
  }
  RETURN_IF_ERROR(internal::CheckEtag(current.name(), request.etag(), current.etag()));
  store::WriteBatch batch;
  batch.Delete(Table::kAnnotations, keys::Join({ref.community, ref.id}));
  batch.Delete(Table::kAnnotationTargets, keys::Join({ref.community, current.target(), ref.id}));
  return call.Commit(*store_, batch, ref.community, current.name());
}

}  // namespace kompas::domain
