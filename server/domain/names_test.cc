// The name grammar: every resource name is parsed and formatted in names.h.
#include "domain/names.h"

#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

constexpr char kStandard[] = "communities/noord/standards/0123456789abc";

TEST(NamesTest, ChildrenOfAStandardRoundTrip) {
  const std::string erratum = FormatChildOfStandard(kStandard, kErrata, "e1");
  EXPECT_EQ(erratum, std::string(kStandard) + "/errata/e1");
  auto parsed = ParseChildOfStandard(erratum, kErrata, "name", "{erratum}");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->standard, kStandard);
  EXPECT_EQ(parsed->community, "noord");
  EXPECT_EQ(parsed->id, "e1");
  // Another collection, or a bad standard, is refused naming the field.
  auto wrong = ParseChildOfStandard(erratum, kPositions, "position.name", "{cbs_code}");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseChildOfStandard("communities/noord/standards/x/errata/e1", kErrata, "name", "{e}")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NamesTest, KompasVersionsByNumberOrLatest) {
  EXPECT_EQ(KompasVersionName("noord", 3), "communities/noord/kompasVersions/3");
  auto three = ParseKompasVersionName("communities/noord/kompasVersions/v3", "name");
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->community, "noord");
  EXPECT_EQ(three->version, 3);
  auto latest = ParseKompasVersionName("communities/noord/kompasVersions/latest", "name");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 0);
  EXPECT_FALSE(ParseKompasVersionName("communities/noord/kompasVersions/0", "name").ok());
  EXPECT_FALSE(ParseKompasVersionName("communities/noord/versions/1", "name").ok());
}

TEST(NamesTest, ReflectionsAndKindsOfNames) {
  const ReflectionName r{"noord", "0123456789abc", "0123456789abd"};
  auto parsed = ParseReflectionName(r.Format(), "target");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->reflection_id, r.reflection_id);
  EXPECT_EQ(KindOfName(r.Format()), NameKind::kReflection);
  EXPECT_EQ(KindOfName(CaseName{"noord", "0123456789abc"}.Format()), NameKind::kCase);
  EXPECT_EQ(KindOfName(kStandard), NameKind::kStandard);
  EXPECT_EQ(KindOfName("municipalities/GM0001"), NameKind::kUnknown);
  EXPECT_EQ(CommunityOfName(kStandard), "noord");
  EXPECT_EQ(CommunityOfName("municipalities/GM0001"), "");
  EXPECT_EQ(IdOfName(kStandard), "0123456789abc");
  EXPECT_EQ(FormatChild("noord", kStandards, "0123456789abc"), kStandard);
}

}  // namespace
}  // namespace kompas::domain
