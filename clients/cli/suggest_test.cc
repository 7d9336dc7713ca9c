#include "suggest.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::cli {
namespace {

using ::testing::Optional;

TEST(SuggestTest, EditDistanceCountsSwapsOfNeighboursAsOne) {
  EXPECT_EQ(EditDistance("show", "show"), 0u);
  EXPECT_EQ(EditDistance("shwo", "show"), 1u);         // swap
  EXPECT_EQ(EditDistance("standrd", "standard"), 1u);  // insertion
  EXPECT_EQ(EditDistance("lst", "list"), 1u);
  EXPECT_EQ(EditDistance("SHOW", "show"), 0u);  // case-insensitive
  EXPECT_EQ(EditDistance("", "new"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, NearestNamesTheLikelyWord) {
  const std::vector<std::string> top = {"login",   "whoami",   "community", "case",
                                        "session", "standard", "search",    "kompas"};
  EXPECT_THAT(Nearest("standrd", top), Optional(std::string("standard")));
  EXPECT_THAT(Nearest("sesion", top), Optional(std::string("session")));
  EXPECT_THAT(Nearest("whoamii", top), Optional(std::string("whoami")));
  const std::vector<std::string> verbs = {"new", "list", "show", "update", "status", "delete"};
  EXPECT_THAT(Nearest("shwo", verbs), Optional(std::string("show")));
  EXPECT_THAT(Nearest("lsit", verbs), Optional(std::string("list")));
}

TEST(SuggestTest, NothingWhenNoWordIsNear) {
  const std::vector<std::string> verbs = {"new", "list", "show"};
  EXPECT_EQ(Nearest("frobnicate", verbs), std::nullopt);
  EXPECT_EQ(Nearest("xy", verbs), std::nullopt);  // two edits of two letters is a guess
  EXPECT_EQ(Nearest("show", {}), std::nullopt);
}

}  // namespace
}  // namespace kompas::cli
