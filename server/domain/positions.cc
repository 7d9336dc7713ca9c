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
#include "domain/internal/required.h"
#include "domain/output_only.h"
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
using store::Table;
namespace keys = store::keys;

absl::StatusOr<v1::Position> Standards::SetPosition(const Call& call,
                                                    const v1::SetPositionRequest& request) {
  RETURN_IF_ERROR(internal::RequireMessage(request.has_position(), "position"));
  FieldViolations v;
  const v1::Position& in = request.position();
  ASSIGN_OR_RETURN(ChildOfStandard ref,
                   ParseChildOfStandard(in.name(), kPositions, "position.name", "{cbs_code}"));
  if (!IsValidCbsCode(ref.id)) {
    v.Add("position.name", "must end in a municipality's CBS code, e.g. .../positions/GM0479");
  }
  if (in.stance() == v1::STANCE_UNSPECIFIED || !v1::Stance_IsValid(in.stance())) {
    v.Add("position.stance", "is required: FOLLOWS, DEVIATES or NOT_APPLICABLE");
  }
  CheckText(v, "position.explanation", in.explanation(), /*required=*/false);
  if (in.stance() == v1::STANCE_DEVIATES && in.explanation().empty()) {
    v.Add("position.explanation",
          "is required with DEVIATES: volg of leg uit — a municipality that deviates explains why",
          v1::REQUIRED);
  }
  if (!in.has_review_on() || !internal::IsValidDate(in.review_on())) {
    v.Add("position.review_on", "is required: a valid date to look at this position again");
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  const std::string municipality = MunicipalityName(ref.id);
  if (!internal::Contains(community.municipalities(), municipality)) {
    return NotFound(absl::StrCat(municipality, " in ", community.name()));
  }
  ASSIGN_OR_RETURN(auto member, call.Membership(ref.community));
  if (!member.has_value() || member->municipality() != municipality) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::OWN_MUNICIPALITY_ONLY,
                      absl::StrCat("members set their own municipality's position; ",
                                   municipality, " is not yours"),
                      {{"municipality", municipality}});
  }
  v1::Position p;
  p.set_explanation(in.explanation());
  RETURN_IF_ERROR(gate_->ScreenWrite(p, "position", request, community).status());
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.standard_id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.standard_id}));
  if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
    return internal::WrongStatus(s, "ADOPTED", "a position");
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
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, p.name()));
  return p;
}

absl::StatusOr<v1::ListPositionsResponse> Standards::ListPositions(
    const Call& /*call*/, const v1::ListPositionsRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
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
  const internal::PageScan scan{.table = Table::kPositions, .prefix = prefix};
  v1::ListPositionsResponse response;
  RETURN_IF_ERROR(internal::ListPage<v1::Position>(
      *store_, scan,
      internal::PageRequestOf(request, absl::StrCat(request.parent(), "|", request.standard(), "|",
                                                    request.municipality())),
      [&](absl::string_view key,
          absl::string_view value) -> absl::StatusOr<std::optional<v1::Position>> {
        if (!request.municipality().empty() &&
            MunicipalityName(keys::LastPart(key)) != request.municipality()) {
          return std::nullopt;
        }
        return internal::ParseRecord<v1::Position>(Table::kPositions, value);
      },
      [](v1::ListPositionsResponse& r, v1::Position&& p) { *r.add_positions() = std::move(p); },
      response));
  return response;
}

absl::StatusOr<v1::RegisterSummary> Standards::GetRegisterSummary(
    const Call& /*call*/, const v1::GetRegisterSummaryRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  if (request.has_today() && !internal::IsValidDate(request.today())) {
    FieldViolations v;
    v.Add("today", "is not a valid date");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  const absl::CivilDay today = request.has_today()
                                   ? internal::ToCivil(request.today())
                                   : absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ASSIGN_OR_RETURN(std::vector<v1::Standard> adopted, Adopted(community_id));
  std::map<std::string, v1::MunicipalityRegister> lines;  // by municipality name
  for (const std::string& m : community.municipalities()) lines[m].set_municipality(m);
  std::map<std::string, std::set<std::string>> positioned;  // municipality → standards
  for (const v1::Standard& s : adopted) {
    v1::ListPositionsRequest list;
    list.set_parent(request.parent());
    list.set_standard(s.name());
    list.set_page_size(kMaxPageSize);
    v1::ListPositionsResponse positions;
    while (true) {
      ASSIGN_OR_RETURN(v1::ListPositionsResponse page, ListPositions(Call(Principal{}), list));
      positions.mutable_positions()->MergeFrom(page.positions());
      if (page.next_page_token().empty()) break;
      list.set_page_token(page.next_page_token());
    }
    for (const v1::Position& p : positions.positions()) {
      const std::string municipality = MunicipalityName(IdOfName(p.name()));
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
      if (internal::ToCivil(p.review_on()) < today) it->second.add_reviews_overdue(p.name());
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

}  // namespace kompas::domain
