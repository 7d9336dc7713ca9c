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

// The detail `s` carries under `url`, parsed (a failed parse fails the
// test); an empty message when it carries none.
template <typename Detail>
Detail PayloadOf(const absl::Status& s, const char* url) {
  Detail detail;
  auto payload = s.GetPayload(url);
  if (payload.has_value()) {
    EXPECT_TRUE(detail.ParseFromString(std::string(*payload)));
  }
  return detail;
}

google::rpc::ErrorInfo InfoOf(const absl::Status& s) {
  return PayloadOf<google::rpc::ErrorInfo>(s, kErrorInfoUrl);
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
  ASSERT_TRUE(s.GetPayload(kPreconditionFailureUrl).has_value());
  const auto failure = PayloadOf<google::rpc::PreconditionFailure>(s, kPreconditionFailureUrl);
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
  ASSERT_TRUE(s.GetPayload(kBadRequestUrl).has_value());
  const auto br = PayloadOf<google::rpc::BadRequest>(s, kBadRequestUrl);
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
