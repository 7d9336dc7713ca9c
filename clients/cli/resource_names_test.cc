#include "resource_names.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

constexpr char kCommunity[] = "communities/wijkteams";
constexpr char kId[] = "0abcdefghijkm";
constexpr char kOther[] = "0abcdefghijkn";

TEST(ResourceNamesTest, EveryKindTakesItsShortId) {
  EXPECT_THAT(ExpandShortName(NameKind::kCase, kCommunity, kId),
              Optional(std::string("communities/wijkteams/cases/0abcdefghijkm")));
  EXPECT_THAT(ExpandShortName(NameKind::kSession, kCommunity, kId),
              Optional(std::string("communities/wijkteams/sessions/0abcdefghijkm")));
  EXPECT_THAT(ExpandShortName(NameKind::kParkedQuestion, kCommunity, kId),
              Optional(std::string("communities/wijkteams/parkedQuestions/0abcdefghijkm")));
  EXPECT_THAT(ExpandShortName(NameKind::kStandard, kCommunity, kId),
              Optional(std::string("communities/wijkteams/standards/0abcdefghijkm")));
  EXPECT_THAT(ExpandShortName(NameKind::kAnnotation, kCommunity, kId),
              Optional(std::string("communities/wijkteams/annotations/0abcdefghijkm")));
  const std::string pair = std::string(kId) + "/" + kOther;
  EXPECT_THAT(
      ExpandShortName(NameKind::kReflection, kCommunity, pair),
      Optional(std::string("communities/wijkteams/cases/0abcdefghijkm/reflections/0abcdefghijkn")));
  EXPECT_THAT(
      ExpandShortName(NameKind::kErratum, kCommunity, pair),
      Optional(std::string("communities/wijkteams/standards/0abcdefghijkm/errata/0abcdefghijkn")));
}

TEST(ResourceNamesTest, AConclusionIsNumberedInItsSession) {
  EXPECT_THAT(ExpandShortName(NameKind::kConclusion, kCommunity, std::string(kId) + "/2"),
              Optional(std::string("communities/wijkteams/sessions/0abcdefghijkm/conclusions/2")));
  EXPECT_FALSE(IsShortName(NameKind::kConclusion, std::string(kId) + "/" + kOther));
  EXPECT_FALSE(IsShortName(NameKind::kConclusion, std::string(kId) + "/0"));
  EXPECT_FALSE(IsShortName(NameKind::kConclusion, kId));
  EXPECT_TRUE(IsFullName(NameKind::kConclusion, "communities/w/sessions/s/conclusions/1"));
  EXPECT_EQ(NameError(NameKind::kConclusion, "x"),
            "not a conclusion name: 'x' (expected "
            "communities/{community}/sessions/{id}/conclusions/{n}, {session id}/{n})");
}

TEST(ResourceNamesTest, ABareErratumIdIsShortButNeedsItsStandard) {
  EXPECT_TRUE(IsShortName(NameKind::kErratum, kId));
  EXPECT_EQ(ExpandShortName(NameKind::kErratum, kCommunity, kId), std::nullopt);
  // Other kinds take exactly their number of ids.
  EXPECT_FALSE(IsShortName(NameKind::kReflection, kId));
  EXPECT_FALSE(IsShortName(NameKind::kCase, std::string(kId) + "/" + kOther));
  EXPECT_EQ(ExpandShortName(NameKind::kCase, kCommunity, std::string(kId) + "/" + kOther),
            std::nullopt);
}

TEST(ResourceNamesTest, FullNamesAreCheckedAgainstTheirCollections) {
  EXPECT_TRUE(IsFullName(NameKind::kCase, "communities/w/cases/x"));
  EXPECT_FALSE(IsFullName(NameKind::kCase, "communities/w/standards/x"));
  EXPECT_FALSE(IsFullName(NameKind::kCase, "communities//cases/x"));
  EXPECT_FALSE(IsFullName(NameKind::kCase, "communities/w/cases/"));
  EXPECT_TRUE(IsFullName(NameKind::kErratum, "communities/w/standards/s/errata/e"));
  EXPECT_FALSE(IsFullName(NameKind::kErratum, "communities/w/standards/s"));
  EXPECT_TRUE(IsFullName(NameKind::kReflection, "communities/w/cases/c/reflections/r"));
}

TEST(ResourceNamesTest, OnlyServerIdsAreShortForms) {
  EXPECT_TRUE(LooksLikeServerId(kId));
  EXPECT_FALSE(LooksLikeServerId("0ABCDEFGHIJKM"));
  EXPECT_FALSE(LooksLikeServerId("0abcdefghijk"));
  EXPECT_FALSE(LooksLikeServerId("0abcdefghijk-"));
  EXPECT_FALSE(IsShortName(NameKind::kCase, "wijkteams"));
  EXPECT_FALSE(IsShortName(NameKind::kCase, ""));
}

TEST(ResourceNamesTest, ErrorsAndHelpSayWhatIsExpected) {
  EXPECT_EQ(NameError(NameKind::kCase, "x"),
            "not a case name: 'x' (expected communities/{community}/cases/{id} or a "
            "13-character case id)");
  EXPECT_THAT(NameError(NameKind::kErratum, "x"),
              HasSubstr("not an erratum name: 'x' (expected "
                        "communities/{community}/standards/{id}/errata/{id}, {standard id}/"
                        "{erratum id} or the 13-character erratum id)"));
  EXPECT_THAT(NameError(NameKind::kAnnotation, "x"), HasSubstr("not an annotation name"));
  EXPECT_EQ(NameHelp(NameKind::kStandard),
            "the standard: communities/{community}/standards/{id}, or just the 13-character id");
  EXPECT_THAT(NameHelp(NameKind::kErratum), HasSubstr("{standard id}/{id}"));
  EXPECT_EQ(NounOf(NameKind::kParkedQuestion), "parked question");
}

}  // namespace
}  // namespace kompas::cli
