#include "privacy/internal/checksums.h"

#include <gtest/gtest.h>

namespace kompas::privacy::internal {
namespace {

TEST(BsnTest, ElevenTestPasses) {
  EXPECT_TRUE(IsValidBsn("999912343"));
  EXPECT_TRUE(IsValidBsn("123456782"));
  EXPECT_TRUE(IsValidBsn("999978779"));
}

TEST(BsnTest, ElevenTestFails) {
  EXPECT_FALSE(IsValidBsn("999912344"));
  EXPECT_FALSE(IsValidBsn("123456789"));
}

TEST(BsnTest, AllZerosIsNotABsn) { EXPECT_FALSE(IsValidBsn("000000000")); }

TEST(BsnTest, WrongShape) {
  EXPECT_FALSE(IsValidBsn("99991234"));
  EXPECT_FALSE(IsValidBsn("9999123430"));
  EXPECT_FALSE(IsValidBsn("9999 1234"));
  EXPECT_FALSE(IsValidBsn(""));
}

TEST(IbanTest, Mod97) {
  EXPECT_TRUE(IsValidIban("NL91ABNA0417164300"));
  EXPECT_TRUE(IsValidIban("nl91abna0417164300"));
  EXPECT_TRUE(IsValidIban("BE71096123456769"));
  EXPECT_FALSE(IsValidIban("NL91ABNA0417164301"));
  EXPECT_FALSE(IsValidIban("NL91"));
  EXPECT_FALSE(IsValidIban("NL91 ABNA 0417 1643 00"));  // compact form only
}

}  // namespace
}  // namespace kompas::privacy::internal
