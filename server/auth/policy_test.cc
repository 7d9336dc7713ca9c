#include "auth/policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace kompas::auth {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;

v1::Member WithRoles(std::initializer_list<v1::Role> roles) {
  v1::Member m;
  for (v1::Role r : roles) m.add_roles(r);
  return m;
}

TEST(PolicyTest, UnknownMethodsHaveNoRule) {
  EXPECT_EQ(RuleFor("/kompas.v1.CaseService/NoSuchMethod"), nullptr);
  ASSERT_NE(RuleFor("/kompas.v1.CaseService/GetCase"), nullptr);
}

TEST(PolicyTest, NonMembersSeeNothingMembersLackingARoleAreToldWhichOne) {
  const Rule& create = *RuleFor("/kompas.v1.CaseService/CreateCase");
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
  const Rule& create = *RuleFor("/kompas.v1.CommunityService/CreateCommunity");
  domain::Principal admin{"beheer", true};
  domain::Principal anna{"anna-zaanstad"};
  EXPECT_THAT(Authorize(create, admin, "", std::nullopt, ""), IsOk());
  EXPECT_THAT(Authorize(create, anna, "", std::nullopt, ""),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ADMIN")));
  // Least privilege: an administrator reads no case material without a role.
  EXPECT_THAT(Authorize(*RuleFor("/kompas.v1.CaseService/GetCase"), admin, "wijkteams",
                        std::nullopt, "communities/wijkteams/cases/x"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(PolicyTest, ExporterDoesNotReadCasesAndOnlyPrivacyOfficersReadTheTrail) {
  domain::Principal bot{"export-bot"};
  EXPECT_THAT(Authorize(*RuleFor("/kompas.v1.CaseService/GetCase"), bot, "wijkteams",
                        WithRoles({v1::ROLE_EXPORTER}), "communities/wijkteams/cases/x"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Authorize(*RuleFor("/kompas.v1.AuditService/ListAuditEvents"), bot, "wijkteams",
                        WithRoles({v1::ROLE_PROFESSIONAL}), "communities/wijkteams"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("PRIVACY_OFFICER")));
}

}  // namespace
}  // namespace kompas::auth
