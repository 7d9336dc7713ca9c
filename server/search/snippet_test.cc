#include "search/snippet.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "search/tokenizer.h"

namespace kompas::search {
namespace {

std::string Highlighted(const Snippet& s) {
  std::string out;
  for (const auto& [start, end] : s.highlights) {
    if (!out.empty()) out += "|";
    out += s.text.substr(start, end - start);
  }
  return out;
}

std::set<std::string> TermsOf(const std::string& query) {
  std::set<std::string> terms;
  for (const Token& t : Tokenizer::Dutch().Tokenize(query)) terms.insert(t.term);
  return terms;
}

// Every inflected or accented form of a query word is highlighted, and no
// other word, also the many that share none of the terms' first letters.
TEST(SnippetTest, HighlightsEveryFormOfTheQueryWords) {
  const std::string text =
      "De school belde het Wijkteam. Scholen en wijkteams overleggen; de SCHOOL wil weten "
      "of de cliënt toestemming gaf.";
  const Snippet s = MakeSnippet(text, TermsOf("school wijkteam client"));
  EXPECT_EQ(Highlighted(s), "school|Wijkteam|Scholen|wijkteams|SCHOOL|cliënt");
  EXPECT_EQ(s.text, text);
}

// A long text: the window starts at a word (a stop word too) a little
// before the first hit, or at the text's start when the hit is near it.
TEST(SnippetTest, ALongTextIsCutAtWordsAroundTheHits) {
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "een lang verhaal over iets anders. ";
  const std::string text = filler + "De school belde het wijkteam. " + filler;
  const Snippet s = MakeSnippet(text, TermsOf("school"));
  EXPECT_EQ(Highlighted(s), "school");
  ASSERT_GE(s.text.size(), 3u);
  EXPECT_EQ(s.text.substr(0, 3), "…");
  const std::string after_ellipsis = s.text.substr(3);
  bool at_a_word = false;
  for (const char* word : {"een ", "lang ", "verhaal ", "over ", "iets ", "anders. ", "De "}) {
    at_a_word = at_a_word || after_ellipsis.rfind(word, 0) == 0;
  }
  EXPECT_TRUE(at_a_word) << "starts inside a word: " << s.text;
  EXPECT_NE(s.text.find("De school"), std::string::npos) << s.text;
  EXPECT_LE(s.text.size(), 240u + 6);

  const Snippet near_start = MakeSnippet("De school belde. " + filler, TermsOf("school"));
  EXPECT_EQ(near_start.text.substr(0, 9), "De school") << near_start.text;
}

TEST(SnippetTest, NoHighlightWithoutAMatch) {
  const Snippet s = MakeSnippet("Een gesprek met de ouders.", TermsOf("school"));
  EXPECT_TRUE(s.highlights.empty());
  EXPECT_EQ(s.text, "Een gesprek met de ouders.");
}

}  // namespace
}  // namespace kompas::search
