#include "domain/communities.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/paging.h"
#include "domain/internal/records.h"
#include "domain/internal/proto_time.h"
#include "domain/names.h"
#include "domain/retention.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
using store::Table;
namespace keys = store::keys;

namespace {

// The start of AddMember and CreateCommunity: a violation for an id that
// IsValidUserId refuses (`example` ends its description), and for a missing
// resource message, when it returns false and the caller refuses at once.
bool CheckIdAndMessage(FieldViolations& v, absl::string_view id_field, absl::string_view id,
                       absl::string_view example, absl::string_view message_field,
                       bool has_message) {
  if (!IsValidUserId(id)) {
    v.Add(id_field, absl::StrCat("must be 3-63 characters of lowercase letters, digits and '-', "
                                 "starting with a letter",
                                 example));
  }
  if (!has_message) v.Add(message_field, "is required", v1::REQUIRED);
  return has_message;
}

// `record`, named `name` and created now, stored under `key` of `table`;
// ALREADY_EXISTS (a `kind` record) instead when one `exists` there. The
// caller holds the key's lock from its look for the existing record on.
template <typename Record>
absl::StatusOr<Record> StoreNew(store::Store& store, Table table, const std::string& key,
                                bool exists, const std::string& name, const char* kind,
                                Record record) {
  if (exists) {
    return WithReason(absl::StatusCode::kAlreadyExists, v1::ALREADY_EXISTS,
                      absl::StrCat(name, " already exists"), {{"kind", kind}});
  }
  record.set_name(name);
  *record.mutable_create_time() = internal::Now();
  store::WriteBatch batch;
  batch.Put(table, key, record.SerializeAsString());
  RETURN_IF_ERROR(store.Write(batch));
  return record;
}

// A page of every record of `table`: the lists without a parent or a
// filter. `what` names the collection in the page token.
template <typename Record, typename Response, typename Request, typename Add>
absl::StatusOr<Response> ListEvery(const store::Store& store, Table table, const Request& request,
                                   const char* what, Add add) {
  Response response;
  RETURN_IF_ERROR(internal::ListRecords<Record>(
      store, internal::PageScan{.table = table, .prefix = ""},
      internal::PageRequestOf(request, what), [](const Record&) { return true; }, add, response));
  return response;
}

}  // namespace

absl::StatusOr<v1::Community> Communities::Load(absl::string_view community_id) const {
  ASSIGN_OR_RETURN(auto c, internal::LoadRecord<v1::Community>(*store_, Table::kCommunities,
                                                     keys::Community(community_id)));
  if (!c.has_value()) return NotFound(CommunityName(community_id));
  return *std::move(c);
}

absl::StatusOr<std::optional<v1::Member>> Communities::FindMember(
    absl::string_view community_id, absl::string_view member_id) const {
  return internal::LoadRecord<v1::Member>(*store_, Table::kMembers, keys::Member(community_id, member_id));
}

absl::StatusOr<v1::Community> Communities::Get(const v1::GetCommunityRequest& request) const {
  ASSIGN_OR_RETURN(std::string id, ParseCommunityName(request.name(), "name"));
  ASSIGN_OR_RETURN(v1::Community community, Load(id));
  // What is kept how long, as in force (retention.h).
  return WithRetentionShown(std::move(community));
}

absl::StatusOr<v1::ListCommunitiesResponse> Communities::List(
    const Call& call, const v1::ListCommunitiesRequest& request) const {
  if (call.admin()) return ListAll(request);
  // A member sees only their own communities, in one page: a page token
  // made from the scan would name communities they may not know of. A
  // member belongs to a handful, so one page is enough.
  FieldViolations v;
  CheckPageSize(v, request.page_size());
  RETURN_IF_ERROR(v.ToStatus());
  v1::ListCommunitiesResponse mine;
  RETURN_IF_ERROR(ForEachMembership(call.member_id(),
                                    [&](v1::Community community, const v1::Member&) {
                                      *mine.add_communities() = std::move(community);
                                    }));
  return mine;
}

absl::StatusOr<v1::Caller> Communities::GetCaller(const Call& call) const {
  v1::Caller out;
  out.set_member_id(call.member_id());
  out.set_admin(call.admin());
  RETURN_IF_ERROR(ForEachMembership(call.member_id(), [&](const v1::Community& community,
                                                          const v1::Member& member) {
    v1::Membership* m = out.add_memberships();
    m->set_community(community.name());
    m->set_community_display_name(community.display_name());
    m->set_member(member.name());
    m->set_display_name(member.display_name());
    m->set_municipality(member.municipality());
    *m->mutable_roles() = member.roles();
    auto code = ParseMunicipalityName(member.municipality(), "municipality");
    if (!code.ok()) return;
    auto municipality = internal::LoadRecord<v1::Municipality>(*store_, Table::kMunicipalities,
                                                               keys::Municipality(*code));
    if (municipality.ok() && municipality->has_value()) {
      m->set_municipality_display_name((*municipality)->display_name());
    }
  }));
  return out;
}

absl::Status Communities::ForEachMembership(
    absl::string_view member_id,
    const std::function<void(v1::Community, const v1::Member&)>& visit) const {
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kCommunities, "", {}, [&](absl::string_view key,
                                                                absl::string_view value) {
    auto member = FindMember(key, member_id);
    if (!member.ok()) {
      inner = member.status();
      return false;
    }
    if (!member->has_value()) return true;
    v1::Community community;
    if (!community.ParseFromString(std::string(value))) {
      inner = absl::DataLossError("stored community cannot be parsed");
      return false;
    }
    visit(std::move(community), **member);
    return true;
  }));
  return inner;
}

absl::StatusOr<v1::ListCommunitiesResponse> Communities::ListAll(
    const v1::ListCommunitiesRequest& request) const {
  return ListEvery<v1::Community, v1::ListCommunitiesResponse>(
      *store_, Table::kCommunities, request, "communities",
      [](v1::ListCommunitiesResponse& r, v1::Community&& x) { *r.add_communities() = std::move(x); });
}

absl::Status Communities::ForEach(
    absl::FunctionRef<absl::Status(const v1::Community&, const std::string& id)> visit) const {
  v1::ListCommunitiesRequest request;
  request.set_page_size(kMaxPageSize);
  while (true) {
    ASSIGN_OR_RETURN(v1::ListCommunitiesResponse page, ListAll(request));
    for (const v1::Community& community : page.communities()) {
      ASSIGN_OR_RETURN(std::string id, ParseCommunityName(community.name(), "name"));
      RETURN_IF_ERROR(visit(community, id));
    }
    if (page.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(page.next_page_token());
  }
}

absl::StatusOr<v1::Community> Communities::Create(const v1::CreateCommunityRequest& request) {
  FieldViolations v;
  if (!CheckIdAndMessage(v, "community_id", request.community_id(), ", e.g. \"wijkteams-noord\"",
                         "community", request.has_community())) {
    return v.ToStatus();
  }
  const v1::Community& in = request.community();
  CheckTitle(v, "community.display_name", in.display_name());
  CheckText(v, "community.description", in.description(), /*required=*/false);
  std::set<std::string> seen;
  for (int i = 0; i < in.municipalities_size(); ++i) {
    std::string field = absl::StrCat("community.municipalities[", i, "]");
    auto code = ParseMunicipalityName(in.municipalities(i), field);
    if (!code.ok()) {
      v.Add(field, "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
      continue;
    }
    if (!seen.insert(*code).second) {
      v.Add(field, "is listed twice");
      continue;
    }
    auto known = internal::LoadRecord<v1::Municipality>(*store_, Table::kMunicipalities, keys::Municipality(*code));
    if (!known.ok()) return known.status();
    if (!known->has_value()) {
      v.Add(field, absl::StrCat(in.municipalities(i),
                                " is not a municipality this server knows (see ListMunicipalities)"));
    }
  }
  gate_->CheckAllowList(v, "community.pii_allow_list", in.pii_allow_list());
  RETURN_IF_ERROR(v.ToStatus());
  v1::Community c = in;
  c.DiscardUnknownFields();  // unknown fields would bypass every check
  RETURN_IF_ERROR(gate_->ScreenWrite(c, "community", request, c).status());

  const std::string key = keys::Community(request.community_id());
  absl::MutexLock lock(&locks_.For(key));
  ASSIGN_OR_RETURN(auto existing, internal::LoadRecord<v1::Community>(*store_, Table::kCommunities, key));
  return StoreNew(*store_, Table::kCommunities, key, existing.has_value(),
                  CommunityName(request.community_id()), "communities", std::move(c));
}

absl::StatusOr<v1::ListMembersResponse> Communities::ListMembers(
    const v1::ListMembersRequest& request) const {
  ASSIGN_OR_RETURN(std::string community, ParseCommunityName(request.parent(), "parent"));
  RETURN_IF_ERROR(Load(community).status());
  v1::ListMembersResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::Member>(
      *store_, internal::PageScan{.table = Table::kMembers, .prefix = keys::Prefix({community})},
      internal::PageRequestOf(request, request.parent()), [](const v1::Member&) { return true; },
      [](v1::ListMembersResponse& r, v1::Member&& x) { *r.add_members() = std::move(x); }, response));
  return response;
}

absl::StatusOr<v1::Member> Communities::AddMember(const v1::AddMemberRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  if (!CheckIdAndMessage(v, "member_id", request.member_id(), "", "member", request.has_member())) {
    return v.ToStatus();
  }
  const v1::Member& in = request.member();
  CheckTitle(v, "member.display_name", in.display_name());
  // Each known role at most once: the list can be no longer than the roles
  // there are (a longer one is refused whole, not entry by entry).
  const int max_roles = v1::Role_ARRAYSIZE - 1;
  if (in.roles_size() == 0) v.Add("member.roles", "needs at least one role");
  if (in.roles_size() > max_roles) {
    v.Add("member.roles", absl::StrCat("has ", in.roles_size(), " entries; a member has at most ",
                                       max_roles, " roles, each once"));
  } else {
    std::set<int> seen;
    for (int i = 0; i < in.roles_size(); ++i) {
      if (in.roles(i) == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(in.roles(i))) {
        v.Add(absl::StrCat("member.roles[", i, "]"), "is not a known role");
      } else if (!seen.insert(in.roles(i)).second) {
        v.Add(absl::StrCat("member.roles[", i, "]"),
              absl::StrCat(v1::Role_Name(in.roles(i)), " is listed twice; name each role once"));
      }
    }
  }
  auto code = ParseMunicipalityName(in.municipality(), "member.municipality");
  if (!code.ok()) v.Add("member.municipality", "must be municipalities/{cbs_code}");
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Community community, Load(community_id));
  bool in_community = false;
  for (const std::string& m : community.municipalities()) in_community |= (m == in.municipality());
  if (!in_community) {
    v.Add("member.municipality",
          absl::StrCat(in.municipality(), " is not a member municipality of ", community.name()));
    return v.ToStatus();
  }
  v1::Member m = in;
  m.DiscardUnknownFields();
  RETURN_IF_ERROR(gate_->ScreenWrite(m, "member", request, community).status());
  const std::string key = keys::Member(community_id, request.member_id());
  absl::MutexLock lock(&locks_.For(key));
  ASSIGN_OR_RETURN(auto existing, FindMember(community_id, request.member_id()));
  return StoreNew(*store_, Table::kMembers, key, existing.has_value(),
                  MemberName(community_id, request.member_id()), "members", std::move(m));
}

absl::StatusOr<v1::ListMunicipalitiesResponse> Communities::ListMunicipalities(
    const v1::ListMunicipalitiesRequest& request) const {
  return ListEvery<v1::Municipality, v1::ListMunicipalitiesResponse>(
      *store_, Table::kMunicipalities, request, "municipalities",
      [](v1::ListMunicipalitiesResponse& r, v1::Municipality&& x) {
        *r.add_municipalities() = std::move(x);
      });
}

absl::Status Communities::UpsertMunicipalities(const std::vector<v1::Municipality>& list) {
  store::WriteBatch batch;
  for (const v1::Municipality& m : list) {
    if (!IsValidCbsCode(m.cbs_code()) || m.display_name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("municipality reference data: bad entry for code '", m.cbs_code(), "'"));
    }
    v1::Municipality stored = m;
    stored.set_name(MunicipalityName(m.cbs_code()));
    batch.Put(Table::kMunicipalities, keys::Municipality(m.cbs_code()), stored.SerializeAsString());
  }
  return store_->Write(batch);
}

}  // namespace kompas::domain
