// The RPC table's rules, and the policy check that applies them.
#include "api/rpc_table.h"

#include "auth/policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace kompas::api {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;

v1::Member WithRoles(std::initializer_list<v1::Role> roles) {
  v1::Member m;
  for (v1::Role r : roles) m.add_roles(r);
  return m;
}

using auth::Authorize;
using auth::Rule;

// The rule of a method the table must have.
const Rule& RuleOf(absl::string_view path) {
  const Rpc* rpc = FindRpc(path);
  EXPECT_NE(rpc, nullptr) << path;
  static const Rule kNobody{auth::Access::kAdmin, {}, false};
  return rpc == nullptr ? kNobody : rpc->rule;
}

TEST(PolicyTest, UnknownMethodsHaveNoRule) {
  EXPECT_EQ(FindRpc("/kompas.v1.CaseService/NoSuchMethod"), nullptr);
  ASSERT_NE(FindRpc("/kompas.v1.CaseService/GetCase"), nullptr);
}

TEST(RpcTableTest, EveryLineMatchesItsDescriptorAndServesOneWay) {
  ASSERT_FALSE(Rpcs().empty());
  for (const Rpc& rpc : Rpcs()) {
    ASSERT_NE(rpc.method, nullptr);
    EXPECT_EQ(rpc.path, "/" + rpc.method->service()->full_name() + "/" + rpc.method->name());
    EXPECT_EQ(FindRpc(rpc.path), &rpc);
    // Exactly one handler, matching how the method streams.
    EXPECT_EQ(static_cast<bool>(rpc.stream), rpc.method->server_streaming()) << rpc.path;
    EXPECT_NE(static_cast<bool>(rpc.unary), static_cast<bool>(rpc.stream)) << rpc.path;
    if (rpc.rule.access == auth::Access::kRoles ||
        rpc.rule.access == auth::Access::kAdminOrRoles) {
      EXPECT_FALSE(rpc.rule.roles.empty()) << rpc.path;
    }
  }
  // Each service once, its methods together.
  std::vector<const google::protobuf::ServiceDescriptor*> services = RpcServices();
  EXPECT_EQ(services.size(), 10u);  // with AdminService
}

TEST(PolicyTest, NonMembersSeeNothingMembersLackingARoleAreToldWhichOne) {
  const Rule& create = RuleOf("/kompas.v1.CaseService/CreateCase");
  domain::Principal anna{"anna-zaanstad"};
  EXPECT_THAT(Authorize(create, anna, "wijkteams", std::nullopt, "communities/wijkteams"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("communities/wijkteams not found")));
  EXPECT_THAT(Authorize(create, anna, "wijkteams", WithRoles({v1::ROLE_STEWARD}),
                        "communities/wijkteams"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("PROFESSIONAL role")));
  EXPECT_THAT(Authorize(create, anna, "wijkteams", WithRoles({v1::ROLE_PROFESSIONAL}),
                        "communities/wijkteams"),
              IsOk());
}

TEST(PolicyTest, AdministratorsPassAndOthersCannotAdminister) {
  const Rule& create = RuleOf("/kompas.v1.CommunityService/CreateCommunity");
  domain::Principal admin{"beheer", true};
  domain::Principal anna{"anna-zaanstad"};
  EXPECT_THAT(Authorize(create, admin, "", std::nullopt, ""), IsOk());
  EXPECT_THAT(Authorize(create, anna, "", std::nullopt, ""),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ADMIN")));
  // Least privilege: an administrator reads no case material without a role.
  EXPECT_THAT(Authorize(RuleOf("/kompas.v1.CaseService/GetCase"), admin, "wijkteams",
                        std::nullopt, "communities/wijkteams/cases/x"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(PolicyTest, ExporterDoesNotReadCasesAndOnlyPrivacyOfficersReadTheTrail) {
  domain::Principal bot{"export-bot"};
  EXPECT_THAT(Authorize(RuleOf("/kompas.v1.CaseService/GetCase"), bot, "wijkteams",
                        WithRoles({v1::ROLE_EXPORTER}), "communities/wijkteams/cases/x"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Authorize(RuleOf("/kompas.v1.AuditService/ListAuditEvents"), bot, "wijkteams",
                        WithRoles({v1::ROLE_PROFESSIONAL}), "communities/wijkteams"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("PRIVACY_OFFICER")));
}

}  // namespace
}  // namespace kompas::api
