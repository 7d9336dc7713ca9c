#include "privacy/internal/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace kompas::privacy::internal {
namespace {

NormalizedText NormalizedOf(absl::string_view in) {
  NormalizedText n;
  Normalize(in, &n);
  return n;
}

std::string Norm(absl::string_view in) { return NormalizedOf(in).text(); }

// A byte span [start, end).
std::pair<size_t, size_t> Span(size_t start, size_t end) { return {start, end}; }

TEST(NormalizeTest, AsciiIsUntouched) {
  const NormalizedText n = NormalizedOf("BSN 999912343");
  EXPECT_EQ(n.text(), "BSN 999912343");
  EXPECT_EQ(n.ToOriginal(4, 13), Span(4, 13));
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
  const NormalizedText n = NormalizedOf("ab \xEF\xBC\x99\xEF\xBC\x99 cd");
  ASSERT_EQ(n.text(), "ab 99 cd");
  EXPECT_EQ(n.ToOriginal(3, 5), Span(3, 9));
  EXPECT_EQ(n.ToOriginal(6, 8), Span(10, 12));
}

TEST(NormalizeTest, DecimalDigitsOfEveryScriptBecomeAscii) {
  EXPECT_EQ(Norm("\xD9\xA9\xD9\xA0"), "90");                  // Arabic-Indic ٩٠
  EXPECT_EQ(Norm("\xDB\xB1\xDB\xB2"), "12");                  // Extended Arabic-Indic ۱۲
  EXPECT_EQ(Norm("\xE0\xA5\xA6\xE0\xA5\xAF"), "09");          // Devanagari ०९
  EXPECT_EQ(Norm("\xE0\xB9\x93"), "3");                       // Thai ๓
  EXPECT_EQ(Norm("\xF0\x9F\xAF\xB7"), "7");                   // segmented digit seven (NFKC)
  EXPECT_EQ(Norm("\xF0\x9D\x9F\xBF"), "9");                   // mathematical monospace nine (NFKC)
  EXPECT_EQ(Norm("\xF0\x91\x81\xA6\xF0\x91\x81\xAF"), "09");  // Brahmi (U+11066, U+1106F)
}

TEST(NormalizeTest, InvisibleCharactersAreDroppedAndBlanksAreSpaces) {
  // Bidi controls and marks, tag characters, variation selectors.
  EXPECT_EQ(Norm("9\xE2\x80\xAE" "9\xE2\x81\xA7" "9\xE2\x81\xA9" "9\xD8\x9C" "1"), "99991");
  EXPECT_EQ(Norm("1\xF3\xA0\x80\xA0" "2\xF3\xA0\x81\x81" "3\xF3\xA0\x80\x81"), "123");
  EXPECT_EQ(Norm("1\xEF\xB8\x8F" "2\xF3\xA0\x84\x80" "3"), "123");
  // A combining mark on a digit (a keycap) is dropped; on a letter it stays.
  EXPECT_EQ(Norm("1\xEF\xB8\x8F\xE2\x83\xA3" "2"), "12");
  EXPECT_EQ(Norm("e\xCC\x88"), "e\xCC\x88");
  // Blank-looking characters are spaces: braille blank, Hangul fillers.
  EXPECT_EQ(Norm("a\xE2\xA0\x80" "b\xE3\x85\xA4" "c\xEF\xBE\xA0" "d"), "a b c d");
}

TEST(NormalizeTest, SpansMapBackOverDroppedAndMappedCharacters) {
  // "BSN " + ٩٩ + RLO + "12": the digits span 4 bytes of Arabic, 3 of the
  // override and 2 ASCII digits in the original.
  const NormalizedText n = NormalizedOf("BSN \xD9\xA9\xD9\xA9\xE2\x80\xAE" "12 x");
  ASSERT_EQ(n.text(), "BSN 9912 x");
  EXPECT_EQ(n.ToOriginal(4, 8), Span(4, 13));
  EXPECT_EQ(n.ToOriginal(9, 10), Span(14, 15));
}

TEST(NormalizeTest, InvalidUtf8IsReplacedByteForByte) {
  const NormalizedText n = NormalizedOf("a\xFF" "b\xC3");
  EXPECT_EQ(n.text(), "a?b?");
  EXPECT_EQ(n.ToOriginal(1, 2), Span(1, 2));
  EXPECT_EQ(n.ToOriginal(3, 4), Span(3, 4));
}

}  // namespace
}  // namespace kompas::privacy::internal
