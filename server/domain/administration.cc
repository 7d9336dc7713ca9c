#include "domain/administration.h"

#include <tuple>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/proto_time.h"
#include "domain/member_registry.h"
#include "domain/names.h"
#include "domain/retention.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;

// The longest token lifetime an administrator may ask for: ten years.
constexpr absl::Duration kMaxTokenTtl = absl::Hours(24 * 3653);

v1::Token PublicToken(const kompas::internal::v1::TokenRecord& r) {
  v1::Token t;
  t.set_token_id(r.token_id());
  t.set_member_id(r.member_id());
  t.set_admin(r.admin());
  *t.mutable_create_time() = r.create_time();
  *t.mutable_expire_time() = r.expire_time();
  t.set_revoked(r.revoked());
  t.set_note(r.note());
  return t;
}

std::string TokenResource(const std::string& token_id) { return absl::StrCat("tokens/", token_id); }

// The roles of a member: at least one, each a known role, each once (the
// rule Communities::AddMember applies to member.roles).
void CheckMemberRoles(FieldViolations& v, absl::string_view field,
                      const google::protobuf::RepeatedField<int>& roles) {
  const int max_roles = v1::Role_ARRAYSIZE - 1;
  if (roles.empty()) v.Add(field, "needs at least one role");
  if (roles.size() > max_roles) {
    v.Add(field, absl::StrCat("has ", roles.size(), " entries; a member has at most ", max_roles,
                              " roles, each once"));
    return;
  }
  std::set<int> seen;
  for (int i = 0; i < roles.size(); ++i) {
    if (roles[i] == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(roles[i])) {
      v.Add(absl::StrCat(field, "[", i, "]"), "is not a known role");
    } else if (!seen.insert(roles[i]).second) {
      v.Add(absl::StrCat(field, "[", i, "]"),
            absl::StrCat(v1::Role_Name(static_cast<v1::Role>(roles[i])),
                         " is listed twice; name each role once"));
    }
  }
}

}  // namespace

void CheckTokenNote(FieldViolations& v, const TextGate& gate, absl::string_view field,
                    absl::string_view note) {
  CheckLabel(v, field, note);
  gate.CheckNotPersonal(v, field, note, /*names_allowed=*/false);
}

absl::StatusOr<v1::IssueTokenResponse> Administration::IssueToken(
    const Call& call, const v1::IssueTokenRequest& request) {
  auto issue = [&]() -> absl::StatusOr<v1::IssueTokenResponse> {
    FieldViolations v;
    if (!IsValidUserId(request.member_id())) {
      v.Add("member_id", "must be 3-63 characters of lowercase letters, digits and '-', "
                         "starting with a letter");
    }
    IssueOptions options;
    options.admin = request.admin();
    if (request.has_ttl()) {
      options.ttl =
          absl::Seconds(request.ttl().seconds()) + absl::Nanoseconds(request.ttl().nanos());
      if (options.ttl < absl::Seconds(1) || options.ttl > kMaxTokenTtl) {
        v.Add("ttl", "must be between 1 second and 10 years");
      }
    }
    if (!request.note().empty()) CheckTokenNote(v, communities_->gate(), "note", request.note());
    options.note = request.note();
    RETURN_IF_ERROR(v.ToStatus());
    store::WriteBatch batch;
    ASSIGN_OR_RETURN(IssuedToken issued, tokens_->StageIssue(request.member_id(), options, batch));
    RETURN_IF_ERROR(
        call.Commit(*store_, batch, kServerTrail, TokenResource(issued.record.token_id())));
    v1::IssueTokenResponse response;
    response.set_secret(std::move(issued.token));
    *response.mutable_token() = PublicToken(issued.record);
    return response;
  };
  return Recorded(call, issue());
}

absl::StatusOr<v1::ListTokensResponse> Administration::ListTokens(
    const Call& call, const v1::ListTokensRequest& request) {
  auto list = [&]() -> absl::StatusOr<v1::ListTokensResponse> {
    if (!request.member_id().empty() && !IsValidUserId(request.member_id())) {
      FieldViolations v;
      v.Add("member_id", "must be a member id, or empty for every token");
      return v.ToStatus();
    }
    ASSIGN_OR_RETURN(std::vector<kompas::internal::v1::TokenRecord> records,
                     tokens_->List(request.member_id()));
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
      return std::make_pair(a.create_time().seconds(), a.token_id()) <
             std::make_pair(b.create_time().seconds(), b.token_id());
    });
    // Reading who holds access is itself on the trail.
    store::WriteBatch none;
    RETURN_IF_ERROR(call.Commit(*store_, none, kServerTrail, "tokens"));
    v1::ListTokensResponse response;
    for (const auto& r : records) *response.add_tokens() = PublicToken(r);
    return response;
  };
  return Recorded(call, list());
}

absl::StatusOr<v1::Token> Administration::RevokeToken(const Call& call,
                                                      const v1::RevokeTokenRequest& request) {
  auto revoke = [&]() -> absl::StatusOr<v1::Token> {
    const std::string& id = request.token_id();
    if (id.size() != 12 || !std::all_of(id.begin(), id.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
      FieldViolations v;
      v.Add("token_id", "must be a token id as ListTokens shows it (12 hex digits)");
      return v.ToStatus();
    }
    store::WriteBatch batch;
    ASSIGN_OR_RETURN(kompas::internal::v1::TokenRecord revoked,
                     tokens_->StageRevoke(request.token_id(), batch));
    RETURN_IF_ERROR(
        call.Commit(*store_, batch, kServerTrail, TokenResource(revoked.token_id())));
    return PublicToken(revoked);
  };
  return Recorded(call, revoke());
}

absl::StatusOr<v1::Member> Administration::AddMember(const Call& call,
                                                     const v1::AddMemberRequest& request) {
  auto add = [&]() -> absl::StatusOr<v1::Member> {
    ASSIGN_OR_RETURN(std::string community, ParseCommunityName(request.parent(), "parent"));
    ASSIGN_OR_RETURN(v1::Member added, communities_->AddMember(request));
    store::WriteBatch event_only;
    RETURN_IF_ERROR(call.Commit(*store_, event_only, community, added.name()));
    return added;
  };
  return Recorded(call, add());
}

absl::StatusOr<v1::Member> Administration::UpdateMemberRoles(
    const Call& call, const v1::UpdateMemberRolesRequest& request) {
  auto update = [&]() -> absl::StatusOr<v1::Member> {
    ASSIGN_OR_RETURN(MemberRef ref, ParseMemberName(request.name(), "name"));
    FieldViolations v;
    CheckMemberRoles(v, "roles", request.roles());
    RETURN_IF_ERROR(v.ToStatus());
    // As RemoveMember: every writer that names members waits, so the member
    // cannot be removed between the read and the write below.
    MemberRegistry::Exclusive everything(cases_->member_registry());
    ASSIGN_OR_RETURN(std::optional<v1::Member> member,
                     communities_->FindMember(ref.community, ref.member));
    if (!member.has_value()) return NotFound(request.name());
    *member->mutable_roles() = request.roles();
    store::WriteBatch batch;
    batch.Put(Table::kMembers, store::keys::Member(ref.community, ref.member),
              member->SerializeAsString());
    RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, request.name()));
    return *std::move(member);
  };
  return Recorded(call, update());
}

absl::StatusOr<v1::RemoveMemberResponse> Administration::RemoveMember(
    const Call& call, const v1::RemoveMemberRequest& request) {
  auto remove = [&]() -> absl::StatusOr<v1::RemoveMemberResponse> {
    // On the community's trail in the same batch as the removal.
    ASSIGN_OR_RETURN(v1::RemoveMemberResponse removed, cases_->RemoveMember(call, request));
    // Tokens belong to the member id, not to the membership: left valid,
    // re-adding the same id later would revive them.
    ASSIGN_OR_RETURN(MemberRef ref, ParseMemberName(request.name(), "name"));
    ASSIGN_OR_RETURN(std::vector<kompas::internal::v1::TokenRecord> tokens,
                     tokens_->List(ref.member));
    store::WriteBatch batch;
    for (const auto& t : tokens) {
      if (!t.revoked()) RETURN_IF_ERROR(tokens_->StageRevoke(t.token_id(), batch).status());
    }
    if (!batch.empty()) RETURN_IF_ERROR(store_->Write(batch));
    return removed;
  };
  return Recorded(call, remove());
}

absl::StatusOr<v1::Community> Administration::CreateCommunity(
    const Call& call, const v1::CreateCommunityRequest& request) {
  auto create = [&]() -> absl::StatusOr<v1::Community> {
    ASSIGN_OR_RETURN(v1::Community created, communities_->Create(request));
    store::WriteBatch event_only;
    RETURN_IF_ERROR(call.Commit(*store_, event_only, request.community_id(), created.name()));
    return created;
  };
  return Recorded(call, create());
}

absl::StatusOr<v1::Community> Administration::UpdateCommunitySettings(
    const Call& call, const v1::UpdateCommunitySettingsRequest& request) {
  auto update = [&]() -> absl::StatusOr<v1::Community> {
    FieldViolations v;
    if (!request.has_community()) v.Add("community", "is required", v1::REQUIRED);
    if (request.update_mask().paths().empty()) {
      v.Add("update_mask", "is required: adoption_quorum and/or pii_allow_list", v1::REQUIRED);
    }
    RETURN_IF_ERROR(v.ToStatus());
    const v1::Community& in = request.community();
    ASSIGN_OR_RETURN(std::string id, ParseCommunityName(in.name(), "community.name"));
    bool quorum = false, allow_list = false, audit_retention = false, case_retention = false;
    for (const std::string& path : request.update_mask().paths()) {
      if (path == "adoption_quorum") {
        quorum = true;
      } else if (path == "pii_allow_list") {
        allow_list = true;
      } else if (path == "audit_retention") {
        audit_retention = true;
      } else if (path == "archived_case_retention") {
        case_retention = true;
      } else {
        v.Add("update_mask", absl::StrCat("\"", path, "\" is not a setting; use adoption_quorum, "
                                          "pii_allow_list, audit_retention and/or "
                                          "archived_case_retention"));
      }
    }
    // Retention periods: 0 (the default / forever) up to 100 years, whole seconds.
    constexpr int64_t kMaxRetentionSeconds = int64_t{100} * 366 * 86400;
    for (const auto& [set, field, d] :
         {std::tuple{audit_retention, "community.audit_retention", &in.audit_retention()},
          std::tuple{case_retention, "community.archived_case_retention",
                     &in.archived_case_retention()}}) {
      if (set && (d->seconds() < 0 || d->seconds() > kMaxRetentionSeconds || d->nanos() != 0)) {
        v.Add(field, "must be 0 or a whole number of seconds up to 100 years");
      }
    }
    if (allow_list) {
      communities_->gate().CheckAllowList(v, "community.pii_allow_list", in.pii_allow_list());
    }
    RETURN_IF_ERROR(v.ToStatus());
    absl::MutexLock lock(&settings_mu_);
    ASSIGN_OR_RETURN(v1::Community c, communities_->Load(id));
    if (quorum) {
      // More than the member municipalities would make adoption impossible.
      if (in.adoption_quorum() < 0 || in.adoption_quorum() > c.municipalities_size()) {
        v.Add("community.adoption_quorum",
              absl::StrCat("must be 0 (the default) to ", c.municipalities_size(),
                           ", the number of member municipalities"));
        return v.ToStatus();
      }
      c.set_adoption_quorum(in.adoption_quorum());
    }
    if (allow_list) *c.mutable_pii_allow_list() = in.pii_allow_list();
    if (audit_retention) *c.mutable_audit_retention() = in.audit_retention();
    if (case_retention) *c.mutable_archived_case_retention() = in.archived_case_retention();
    store::WriteBatch batch;
    batch.Put(Table::kCommunities, store::keys::Community(id), c.SerializeAsString());
    RETURN_IF_ERROR(call.Commit(*store_, batch, id, c.name()));
    return WithRetentionShown(std::move(c));
  };
  return Recorded(call, update());
}

}  // namespace kompas::domain
