#include "domain/kompas_versions.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "domain/text_diff.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

// The order of a version, and so of every export: by kind, then title,
// then name — readable, and stable for a given set of standards.
bool ExportOrder(const v1::Standard& a, const v1::Standard& b) {
  if (a.content().kind() != b.content().kind()) return a.content().kind() < b.content().kind();
  if (a.content().title() != b.content().title()) return a.content().title() < b.content().title();
  return a.name() < b.name();
}

}  // namespace

absl::StatusOr<std::optional<v1::Kompas>> KompasVersions::Latest(
    const std::string& community) const {
  std::optional<v1::Kompas> latest;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kKompasVersions, keys::Prefix({community}),
                               {.reverse = true}, [&](absl::string_view, absl::string_view value) {
                                 latest.emplace();
                                 if (!latest->ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError("stored kompas cannot be parsed");
                                 }
                                 return false;
                               }));
  RETURN_IF_ERROR(inner);
  return latest;
}

absl::StatusOr<v1::Kompas> KompasVersions::Load(const std::string& name,
                                                const std::string& field) const {
  ASSIGN_OR_RETURN(KompasVersionRef ref, ParseKompasVersionName(name, field));
  if (ref.version == 0) {
    RETURN_IF_ERROR(communities_->Load(ref.community).status());
    ASSIGN_OR_RETURN(std::optional<v1::Kompas> latest, Latest(ref.community));
    if (!latest.has_value()) {
      return NotFound(absl::StrCat("a published kompas of communities/", ref.community,
                                   " (none is published yet)"),
                      kKompasVersions);
    }
    return *std::move(latest);
  }
  ASSIGN_OR_RETURN(auto k, internal::LoadRecord<v1::Kompas>(
                               *store_, Table::kKompasVersions,
                               keys::Join({ref.community, keys::Sequence(ref.version)})));
  if (!k.has_value()) return NotFound(KompasVersionName(ref.community, ref.version));
  return *std::move(k);
}

absl::StatusOr<v1::Kompas> KompasVersions::Publish(const Call& call,
                                                   const v1::PublishKompasRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  CheckText(v, "release_notes", request.release_notes(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  v1::Kompas k;
  k.set_release_notes(request.release_notes());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(k, "", v1::PRIVACY_MODE_REJECT, false,
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  // One publisher at a time per community, so version numbers never repeat.
  internal::LockTable::Scoped lock(locks_, {community_id});
  ASSIGN_OR_RETURN(std::vector<v1::Standard> adopted, standards_->Adopted(community_id));
  if (adopted.empty()) {
    return FailedPrecondition(v1::KOMPAS, request.parent(),
                              absl::StrCat("nothing is adopted in ", request.parent(),
                                           " yet; a kompas needs at least one ADOPTED standard"),
                              {{"problem", "nothing_adopted"}});
  }
  std::sort(adopted.begin(), adopted.end(), ExportOrder);
  ASSIGN_OR_RETURN(std::optional<v1::Kompas> latest, Latest(community_id));
  if (latest.has_value() && latest->standards_size() == static_cast<int>(adopted.size())) {
    bool same = true;
    for (size_t i = 0; i < adopted.size() && same; ++i) {
      same = latest->standards(static_cast<int>(i)).name() == adopted[i].name() &&
             latest->standards(static_cast<int>(i)).revision() == adopted[i].revision();
    }
    if (same) {
      return FailedPrecondition(
          v1::KOMPAS, request.parent(),
          absl::StrCat("nothing changed since v", latest->version(),
                       ": the same standards at the same revisions; adopt, correct or retire a "
                       "standard first"),
          {{"problem", "unchanged"}, {"latest_version", absl::StrCat(latest->version())}});
    }
  }
  const int version = latest.has_value() ? latest->version() + 1 : 1;
  k.set_name(KompasVersionName(community_id, version));
  k.set_version(version);
  k.set_publisher(MemberName(community_id, call.member_id()));
  *k.mutable_publish_time() = internal::Now();
  for (v1::Standard& s : adopted) {
    // A snapshot of what the standard says, not of who endorsed it.
    s.clear_endorsements();
    s.clear_endorsing_municipalities();
    s.clear_quorum();
    s.clear_etag();
    *k.add_standards() = std::move(s);
  }
  store::WriteBatch batch;
  batch.Put(Table::kKompasVersions, keys::Join({community_id, keys::Sequence(version)}),
            k.SerializeAsString());
  RETURN_IF_ERROR(call.Commit(*store_, batch, community_id, k.name()));
  return k;
}

absl::StatusOr<v1::Kompas> KompasVersions::Get(const Call& /*call*/,
                                               const v1::GetKompasRequest& request) const {
  return Load(request.name(), "name");
}

absl::StatusOr<v1::ListKompasVersionsResponse> KompasVersions::List(
    const Call& /*call*/, const v1::ListKompasVersionsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  v1::ListKompasVersionsResponse response;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kKompasVersions, keys::Prefix({community_id}),
                               {.reverse = true}, [&](absl::string_view, absl::string_view value) {
                                 v1::Kompas* k = response.add_versions();
                                 if (!k->ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError("stored kompas cannot be parsed");
                                   return false;
                                 }
                                 k->clear_standards();
                                 return true;
                               }));
  RETURN_IF_ERROR(inner);
  return response;
}

absl::StatusOr<v1::DiffKompasResponse> KompasVersions::Diff(
    const Call& /*call*/, const v1::DiffKompasRequest& request) const {
  ASSIGN_OR_RETURN(v1::Kompas from, Load(request.name(), "name"));
  // A version of another community is not found here, whether it exists or
  // not: "same community" for an existing one would confirm it does.
  const absl::string_view other_community = CommunityOfName(request.other());
  if (!other_community.empty() && other_community != CommunityOfName(from.name())) {
    return NotFound(request.other());
  }
  ASSIGN_OR_RETURN(v1::Kompas to, Load(request.other(), "other"));
  if (from.name().substr(0, from.name().rfind('/')) != to.name().substr(0, to.name().rfind('/'))) {
    FieldViolations v;
    v.Add("other", "must be a version of the same community");
    return v.ToStatus();
  }
  std::map<std::string, const v1::Standard*> before;
  for (const v1::Standard& s : from.standards()) before[s.name()] = &s;
  v1::DiffKompasResponse response;
  response.set_from_version(from.version());
  response.set_to_version(to.version());
  for (const v1::Standard& s : to.standards()) {
    auto it = before.find(s.name());
    if (it == before.end()) {
      *response.add_added() = s;
      continue;
    }
    const v1::Standard& old = *it->second;
    before.erase(it);
    if (old.revision() == s.revision()) continue;
    v1::ChangedStandard* changed = response.add_changed();
    changed->set_standard(s.name());
    changed->set_title(s.content().title());
    changed->set_from_revision(old.revision());
    changed->set_to_revision(s.revision());
    for (v1::FieldDiff& d : DiffContent(old.content(), s.content())) {
      *changed->add_fields() = std::move(d);
    }
  }
  for (const v1::Standard& s : from.standards()) {
    if (before.count(s.name()) > 0) *response.add_removed() = s;
  }
  return response;
}

absl::StatusOr<std::vector<v1::ExportKompasResponse>> KompasVersions::Export(
    const Call& /*call*/, const v1::ExportKompasRequest& request) const {
  ASSIGN_OR_RETURN(v1::Kompas k, Load(request.name(), "name"));
  std::vector<v1::ExportKompasResponse> out;
  out.reserve(k.standards_size() + 1);
  out.emplace_back();
  v1::Kompas* header = out.back().mutable_header();
  *header = k;
  header->clear_standards();
  for (v1::Standard& s : *k.mutable_standards()) {
    out.emplace_back();
    *out.back().mutable_standard() = std::move(s);
  }
  return out;
}

}  // namespace kompas::domain
