#include "privacy/internal/normalize.h"

#include <gtest/gtest.h>

#include <string>

namespace kompas::privacy::internal {
namespace {

std::string Norm(absl::string_view in) {
  NormalizedText n;
  Normalize(in, &n);
  return n.text();
}

TEST(NormalizeTest, AsciiIsUntouched) {
  NormalizedText n;
  Normalize("BSN 999912343", &n);
  EXPECT_EQ(n.text(), "BSN 999912343");
  EXPECT_EQ(n.ToOriginal(4, 13), std::make_pair(size_t{4}, size_t{13}));
}

TEST(NormalizeTest, FullWidthDigitsBecomeAscii) {
  EXPECT_EQ(Norm("\xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x91"), "991");  // ９９１
}

TEST(NormalizeTest, ZeroWidthAndSoftHyphenAreDropped) {
  EXPECT_EQ(Norm("9999\xE2\x80\x8B" "12\xC2\xAD" "343\xEF\xBB\xBF"), "999912343");
}

TEST(NormalizeTest, NbspDashesQuotesAndLookAlikes) {
  EXPECT_EQ(Norm("06\xC2\xA0" "12\xE2\x80\x93" "34"), "06 12-34");
  EXPECT_EQ(Norm("\xE2\x80\x99s-Hertogenbosch"), "'s-Hertogenbosch");
  EXPECT_EQ(Norm("\xD0\x9C\xD0\xB0rk"), "Mark");  // Cyrillic М and а
}

TEST(NormalizeTest, KeepsDutchDiacritics) { EXPECT_EQ(Norm("Cli\xC3\xABnt Corn\xC3\xA9"), "Cli\xC3\xABnt Corn\xC3\xA9"); }

TEST(NormalizeTest, MapsSpansBackToOriginalBytes) {
  // "９９" is 6 bytes in the original and 2 in the normalized text.
  std::string in = "ab \xEF\xBC\x99\xEF\xBC\x99 cd";
  NormalizedText n;
  Normalize(in, &n);
  ASSERT_EQ(n.text(), "ab 99 cd");
  EXPECT_EQ(n.ToOriginal(3, 5), std::make_pair(size_t{3}, size_t{9}));
  EXPECT_EQ(n.ToOriginal(6, 8), std::make_pair(size_t{10}, size_t{12}));
}

TEST(NormalizeTest, InvalidUtf8IsReplacedByteForByte) {
  std::string in = "a\xFF" "b\xC3";
  NormalizedText n;
  Normalize(in, &n);
  EXPECT_EQ(n.text(), "a?b?");
  EXPECT_EQ(n.ToOriginal(1, 2), std::make_pair(size_t{1}, size_t{2}));
  EXPECT_EQ(n.ToOriginal(3, 4), std::make_pair(size_t{3}, size_t{4}));
}

}  // namespace
}  // namespace kompas::privacy::internal
