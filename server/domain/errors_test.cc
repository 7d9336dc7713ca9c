#include "domain/errors.h"

#include <type_traits>

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// A reason is a kompas.v1.ErrorReason, never a string written by hand: a
// refusal cannot carry a reason the proto (and so the browser's Dutch texts)
// does not know.
static_assert(!std::is_invocable_v<decltype(&WithReason), absl::StatusCode, const char*,
                                   absl::string_view, const Facts&>);
static_assert(!std::is_invocable_v<decltype(&WithReason), absl::StatusCode, std::string,
                                   absl::string_view, const Facts&>);
static_assert(!std::is_invocable_v<decltype(&FailedPrecondition), const char*, absl::string_view,
                                   absl::string_view, const Facts&>);
static_assert(std::is_invocable_v<decltype(&WithReason), absl::StatusCode, v1::ErrorReason,
                                   absl::string_view, const Facts&>);

google::rpc::ErrorInfo InfoOf(const absl::Status& s) {
  google::rpc::ErrorInfo info;
  auto payload = s.GetPayload(kErrorInfoUrl);
  if (payload.has_value()) {
    EXPECT_TRUE(info.ParseFromString(std::string(*payload)));
  }
  return info;
}

TEST(ErrorsTest, WithReasonCarriesTheEnumNameAndFacts) {
  absl::Status s = WithReason(absl::StatusCode::kFailedPrecondition, v1::SESSION_FULL, "full",
                              {{"max_session_bytes", "10"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "SESSION_FULL");
  google::rpc::ErrorInfo info = InfoOf(s);
  EXPECT_EQ(info.domain(), "kompas.v1");
  EXPECT_THAT(info.metadata(), ElementsAre(Pair("max_session_bytes", "10")));
}

TEST(ErrorsTest, FailedPreconditionTypeIsTheReason) {
  absl::Status s = FailedPrecondition(v1::QUORUM, "communities/x/standards/y", "needs more",
                                      {{"municipalities_needed", "1"}});
  EXPECT_EQ(ReasonOf(s), "QUORUM");
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(failure.ParseFromString(std::string(*s.GetPayload(kPreconditionFailureUrl))));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "QUORUM");
  EXPECT_EQ(failure.violations(0).subject(), "communities/x/standards/y");
}

TEST(ErrorsTest, FieldViolationsNameFieldsProblemsAndLimits) {
  FieldViolations v;
  v.Add("case.title", "is required", v1::REQUIRED);
  v.Add("case.laws", "has 21 entries", v1::TOO_MANY_ENTRIES, 20);
  absl::Status s = v.ToStatus();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(s), "INVALID_FIELDS");
  EXPECT_THAT(InfoOf(s).metadata(), ::testing::UnorderedElementsAre(
                                        Pair("fields", "case.title,case.laws"),
                                        Pair("limits", ",20")));
  google::rpc::BadRequest br;
  ASSERT_TRUE(br.ParseFromString(std::string(*s.GetPayload(kBadRequestUrl))));
  ASSERT_EQ(br.field_violations_size(), 2);
  EXPECT_EQ(br.field_violations(0).reason(), "REQUIRED");
  EXPECT_EQ(br.field_violations(1).reason(), "TOO_MANY_ENTRIES");
}

TEST(ErrorsTest, NotFoundNamesTheCollection) {
  absl::Status s = NotFound("communities/demo/cases/x");
  EXPECT_EQ(s.message(), "communities/demo/cases/x not found");
  EXPECT_EQ(ReasonOf(s), "NOT_FOUND");
  EXPECT_THAT(InfoOf(s).metadata(), ElementsAre(Pair("kind", "cases")));
  EXPECT_EQ(CollectionOf("communities/demo"), "communities");
  EXPECT_EQ(CollectionOf("communities/demo/cases"), "cases");
  EXPECT_EQ(CollectionOf("communities/demo/cases/x/reflections/y"), "reflections");
  EXPECT_EQ(CollectionOf("municipalities/GM0479 in communities/demo"), "municipalities");
  EXPECT_EQ(CollectionOf("nonsense"), "");
}

}  // namespace
}  // namespace kompas::domain
