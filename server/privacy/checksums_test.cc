#include "privacy/internal/checksums.h"

#include <gtest/gtest.h>

namespace kompas::privacy::internal {
namespace {

TEST(BsnTest, ElevenTestPasses) {
  for (const char* bsn : {"999912343", "123456782", "999978779"}) {
    EXPECT_TRUE(IsValidBsn(bsn)) << bsn;
  }
}

TEST(BsnTest, ElevenTestFails) {
  for (const char* bsn : {"999912344", "123456789"}) EXPECT_FALSE(IsValidBsn(bsn)) << bsn;
}

TEST(BsnTest, AllZerosIsNotABsn) { EXPECT_FALSE(IsValidBsn("000000000")); }

TEST(BsnTest, WrongShape) {
  for (const char* bsn : {"99991234", "9999123430", "9999 1234", ""}) {
    EXPECT_FALSE(IsValidBsn(bsn)) << bsn;
  }
}

TEST(IbanTest, Mod97) {
  for (const char* iban : {"NL91ABNA0417164300", "nl91abna0417164300", "BE71096123456769"}) {
    EXPECT_TRUE(IsValidIban(iban)) << iban;
  }
  // The last: the compact form only.
  for (const char* iban : {"NL91ABNA0417164301", "NL91", "NL91 ABNA 0417 1643 00"}) {
    EXPECT_FALSE(IsValidIban(iban)) << iban;
  }
}

}  // namespace
}  // namespace kompas::privacy::internal
