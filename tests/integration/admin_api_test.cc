// AdminService over real gRPC calls while the server serves: a token issued
// through it works on the next call, a revoked one is refused on the next
// call, a role change is effective at once, and every call is on the trail.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/administration.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/admin.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class AdminApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();
    admin_stub_ = v1::AdminService::NewStub(channel_);
  }

  // A context carrying `secret` as its bearer token.
  static std::unique_ptr<grpc::ClientContext> WithToken(const std::string& secret) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + secret);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  // The methods (short names) on `community`'s trail, oldest first.
  std::vector<std::string> TrailMethods(const std::string& community) {
    audit::AuditLog::Query query;
    query.page_size = 200;
    auto page = core_->audit().List(community, query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (auto it = page->events.rbegin(); it != page->events.rend(); ++it) {
      out.push_back(absl::StrCat(it->method().substr(it->method().rfind('/') + 1), " ",
                                 it->outcome()));
    }
    return out;
  }

  grpc::Status ListCases(const std::string& secret) {
    v1::ListCasesRequest req;
    req.set_parent("communities/wijkteams");
    v1::ListCasesResponse out;
    return case_stub_->ListCases(WithToken(secret).get(), req, &out);
  }

  std::unique_ptr<v1::AdminService::Stub> admin_stub_;
};

TEST_F(AdminApiTest, AnIssuedTokenWorksOnTheNextCallAndARevokedOneIsRefusedOnTheNext) {
  v1::IssueTokenRequest issue;
  issue.set_member_id("femke-zaanstad");
  issue.mutable_ttl()->set_seconds(3600);
  issue.set_note("laptop");
  v1::IssueTokenResponse issued;
  grpc::Status s = admin_stub_->IssueToken(As("admin-dev").get(), issue, &issued);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(issued.secret(), ::testing::StartsWith("kmp_"));
  EXPECT_EQ(issued.token().member_id(), "femke-zaanstad");
  EXPECT_FALSE(issued.token().admin());
  EXPECT_EQ(issued.token().expire_time().seconds() - issued.token().create_time().seconds(), 3600);

  // Signed in, but not a member yet: no access to the community.
  EXPECT_EQ(ListCases(issued.secret()).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::AddMemberRequest add;
  add.set_parent("communities/wijkteams");
  add.set_member_id("femke-zaanstad");
  add.mutable_member()->set_display_name("Wijkcoach Zaandam");
  add.mutable_member()->set_municipality("municipalities/GM0479");
  add.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  v1::Member member;
  s = admin_stub_->AddMember(As("admin-dev").get(), add, &member);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(ListCases(issued.secret()).ok());

  // A role change is effective on the very next call.
  v1::UpdateMemberRolesRequest roles;
  roles.set_name("communities/wijkteams/members/femke-zaanstad");
  roles.add_roles(v1::ROLE_EXPORTER);
  s = admin_stub_->UpdateMemberRoles(As("admin-dev").get(), roles, &member);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(member.roles(), ::testing::ElementsAre(v1::ROLE_EXPORTER));
  EXPECT_EQ(ListCases(issued.secret()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  roles.set_roles(0, v1::ROLE_PROFESSIONAL);
  ASSERT_TRUE(admin_stub_->UpdateMemberRoles(As("admin-dev").get(), roles, &member).ok());
  EXPECT_TRUE(ListCases(issued.secret()).ok());

  v1::ListTokensRequest list;
  list.set_member_id("femke-zaanstad");
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(admin_stub_->ListTokens(As("admin-dev").get(), list, &tokens).ok());
  ASSERT_EQ(tokens.tokens_size(), 1);
  EXPECT_EQ(tokens.tokens(0).token_id(), issued.token().token_id());
  EXPECT_FALSE(tokens.tokens(0).revoked());

  v1::RevokeTokenRequest revoke;
  revoke.set_token_id(issued.token().token_id());
  v1::Token revoked;
  s = admin_stub_->RevokeToken(As("admin-dev").get(), revoke, &revoked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(revoked.revoked());
  EXPECT_EQ(ListCases(issued.secret()).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Revoking an unknown id is NOT_FOUND; a malformed one a field error.
  revoke.set_token_id("0123456789ab");
  EXPECT_EQ(admin_stub_->RevokeToken(As("admin-dev").get(), revoke, &revoked).error_code(),
            grpc::StatusCode::NOT_FOUND);
  revoke.set_token_id("nope");
  EXPECT_EQ(admin_stub_->RevokeToken(As("admin-dev").get(), revoke, &revoked).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Every administration call is on the trail: token calls on the
  // server's, member calls on the community's.
  EXPECT_THAT(TrailMethods(domain::kServerTrail),
              ::testing::ElementsAre("IssueToken OK", "ListTokens OK", "RevokeToken OK",
                                     "RevokeToken NOT_FOUND", "RevokeToken INVALID_ARGUMENT"));
  EXPECT_THAT(TrailMethods("wijkteams"),
              ::testing::IsSupersetOf({"AddMember OK", "UpdateMemberRoles OK"}));
  const auto trail = TrailMethods("wijkteams");
  EXPECT_EQ(std::count(trail.begin(), trail.end(), "UpdateMemberRoles OK"), 2);
}

TEST_F(AdminApiTest, OnlyAdministratorsAdministerAndTheirRefusalIsOnTheTrail) {
  v1::IssueTokenRequest issue;
  issue.set_member_id("anna-zaanstad");
  issue.set_admin(true);
  v1::IssueTokenResponse issued;
  EXPECT_EQ(admin_stub_->IssueToken(As(kAnna).get(), issue, &issued).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::UpdateMemberRolesRequest roles;
  roles.set_name("communities/wijkteams/members/anna-zaanstad");
  roles.add_roles(v1::ROLE_STEWARD);
  v1::Member member;
  EXPECT_EQ(admin_stub_->UpdateMemberRoles(As(kAnna).get(), roles, &member).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(TrailMethods("wijkteams"),
              ::testing::Contains("UpdateMemberRoles PERMISSION_DENIED"));
  // Roles each once, at least one.
  roles.add_roles(v1::ROLE_STEWARD);
  EXPECT_EQ(admin_stub_->UpdateMemberRoles(As("admin-dev").get(), roles, &member).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  roles.clear_roles();
  EXPECT_EQ(admin_stub_->UpdateMemberRoles(As("admin-dev").get(), roles, &member).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  roles.add_roles(v1::ROLE_STEWARD);
  roles.set_name("communities/wijkteams/members/niemand-hier");
  EXPECT_EQ(admin_stub_->UpdateMemberRoles(As("admin-dev").get(), roles, &member).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AdminApiTest, CommunitiesAreCreatedAndTheirSettingsChanged) {
  v1::CreateCommunityRequest create;
  create.set_community_id("jeugdzorg");
  create.mutable_community()->set_display_name("Jeugdzorg");
  create.mutable_community()->add_municipalities("municipalities/GM0479");
  create.mutable_community()->add_municipalities("municipalities/GM0153");
  v1::Community community;
  grpc::Status s = admin_stub_->CreateCommunity(As("admin-dev").get(), create, &community);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(community.name(), "communities/jeugdzorg");

  v1::UpdateCommunitySettingsRequest settings;
  settings.mutable_community()->set_name("communities/jeugdzorg");
  settings.mutable_community()->set_adoption_quorum(2);
  settings.mutable_community()->add_pii_allow_list("De Vries Zorg");
  settings.mutable_community()->set_display_name("not in the mask: left alone");
  settings.mutable_update_mask()->add_paths("adoption_quorum");
  settings.mutable_update_mask()->add_paths("pii_allow_list");
  s = admin_stub_->UpdateCommunitySettings(As("admin-dev").get(), settings, &community);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(community.adoption_quorum(), 2);
  EXPECT_THAT(community.pii_allow_list(), ::testing::ElementsAre("De Vries Zorg"));
  EXPECT_EQ(community.display_name(), "Jeugdzorg");
  auto stored = communities_->Load("jeugdzorg");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->adoption_quorum(), 2);

  // More than the member municipalities, or an unknown setting: refused.
  settings.mutable_community()->set_adoption_quorum(3);
  EXPECT_EQ(admin_stub_->UpdateCommunitySettings(As("admin-dev").get(), settings, &community)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  settings.mutable_update_mask()->add_paths("display_name");
  EXPECT_EQ(admin_stub_->UpdateCommunitySettings(As("admin-dev").get(), settings, &community)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(TrailMethods("jeugdzorg"),
              ::testing::ElementsAre("CreateCommunity OK", "UpdateCommunitySettings OK"));
}

TEST_F(AdminApiTest, RemovingAMemberRevokesTheirTokensAtOnce) {
  const std::string anna = TokenOf(kAnna);
  ASSERT_TRUE(ListCases(anna).ok());
  v1::RemoveMemberRequest remove;
  remove.set_name("communities/wijkteams/members/anna-zaanstad");
  v1::RemoveMemberResponse removed;
  grpc::Status s = admin_stub_->RemoveMember(As("admin-dev").get(), remove, &removed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(removed.pseudonym(), ::testing::HasSubstr("~oud-lid-"));
  EXPECT_EQ(ListCases(anna).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(TrailMethods("wijkteams"), ::testing::Contains("RemoveMember OK"));
}

}  // namespace
}  // namespace kompas::testing
