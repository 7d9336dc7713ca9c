#include "domain/case_lifecycle.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "domain/errors.h"
#include "testing/status_matchers.h"

namespace kompas::domain {
namespace {

using ::kompas::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(CaseLifecycleTest, MainPathMovesForward) {
  EXPECT_TRUE(CanTransition(v1::CASE_STATUS_DRAFT, v1::CASE_STATUS_OPEN));
  EXPECT_TRUE(CanTransition(v1::CASE_STATUS_OPEN, v1::CASE_STATUS_IN_SESSION));
  EXPECT_TRUE(CanTransition(v1::CASE_STATUS_IN_SESSION, v1::CASE_STATUS_CONCLUDED));
  EXPECT_TRUE(CanTransition(v1::CASE_STATUS_CONCLUDED, v1::CASE_STATUS_ARCHIVED));
}

TEST(CaseLifecycleTest, NoSkippingBackwardsOrLeavingArchived) {
  EXPECT_FALSE(CanTransition(v1::CASE_STATUS_DRAFT, v1::CASE_STATUS_CONCLUDED));
  EXPECT_FALSE(CanTransition(v1::CASE_STATUS_CONCLUDED, v1::CASE_STATUS_OPEN));
  EXPECT_FALSE(CanTransition(v1::CASE_STATUS_OPEN, v1::CASE_STATUS_DRAFT));
  for (int to = 0; to <= 5; ++to) {
    EXPECT_FALSE(CanTransition(v1::CASE_STATUS_ARCHIVED, static_cast<v1::CaseStatus>(to)));
  }
  EXPECT_FALSE(CanTransition(v1::CASE_STATUS_OPEN, v1::CASE_STATUS_OPEN));
}

TEST(CaseLifecycleTest, RefusalNamesCurrentAndRequestedStatus) {
  absl::Status s = CheckTransition("communities/demo/cases/x", v1::CASE_STATUS_DRAFT,
                                   v1::CASE_STATUS_CONCLUDED);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition,
                          AllOf(HasSubstr("is DRAFT"), HasSubstr("cannot move to CONCLUDED"),
                                HasSubstr("OPEN, ARCHIVED"))));
  auto payload = s.GetPayload(kPreconditionFailureUrl);
  ASSERT_TRUE(payload.has_value());
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(pf.ParseFromString(std::string(*payload)));
  EXPECT_EQ(pf.violations(0).subject(), "communities/demo/cases/x");
  EXPECT_THAT(CheckTransition("x", v1::CASE_STATUS_OPEN, v1::CASE_STATUS_IN_SESSION), testing::IsOk());
}

TEST(CaseLifecycleTest, ReflectionsOnlyWhileOpenForDiscussion) {
  EXPECT_FALSE(AcceptsReflections(v1::CASE_STATUS_DRAFT));
  EXPECT_TRUE(AcceptsReflections(v1::CASE_STATUS_OPEN));
  EXPECT_TRUE(AcceptsReflections(v1::CASE_STATUS_IN_SESSION));
  EXPECT_TRUE(AcceptsReflections(v1::CASE_STATUS_CONCLUDED));
  EXPECT_FALSE(AcceptsReflections(v1::CASE_STATUS_ARCHIVED));
}

}  // namespace
}  // namespace kompas::domain
