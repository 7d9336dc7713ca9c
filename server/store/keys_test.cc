#include "store/keys.h"

#include <string>

#include "gtest/gtest.h"

namespace kompas::store::keys {
namespace {

TEST(KeysTest, PartsAreJoinedByNul) {
  EXPECT_EQ(Join({"a", "b", "c"}), std::string("a\0b\0c", 5));
  EXPECT_EQ(Prefix({"a"}), std::string("a\0", 2));
}

TEST(KeysTest, PrefixSelectsExactlyOneParent) {
  // "Wmo" must not select index entries of "Wmo 2015".
  std::string wmo = CaseIndexPrefix("demo", "law", "Wmo");
  std::string wmo2015 = CaseIndex("demo", "law", "Wmo 2015", "0001");
  std::string exact = CaseIndex("demo", "law", "Wmo", "0001");
  EXPECT_FALSE(wmo2015.rfind(wmo, 0) == 0);
  EXPECT_TRUE(exact.rfind(wmo, 0) == 0);
  // A community whose id is a prefix of another's does not see its cases.
  EXPECT_FALSE(Case("demo-2", "0001").rfind(CasesOf("demo"), 0) == 0);
  EXPECT_TRUE(Case("demo", "0001").rfind(CasesOf("demo"), 0) == 0);
}

TEST(KeysTest, CaseKeysSortByIdWithinCommunity) {
  EXPECT_LT(Case("demo", "00001"), Case("demo", "00002"));
  EXPECT_LT(Reflection("demo", "c1", "r1"), Reflection("demo", "c1", "r2"));
  // All of one case's reflections sort before the next case's.
  EXPECT_LT(Reflection("demo", "c1", "zzzz"), Reflection("demo", "c2", "0000"));
}

// What a request id's key keeps of the id and the member: domain/key_secret_test.cc.

TEST(KeysTest, LastPartIsTheTrailingId) {
  EXPECT_EQ(LastPart(CaseIndex("demo", "theme", "toestemming", "01abc")), "01abc");
  EXPECT_EQ(LastPart("plain"), "plain");
}

}  // namespace
}  // namespace kompas::store::keys
