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

TEST(SnippetTest, NoHighlightWithoutAMatch) {
  const Snippet s = MakeSnippet("Een gesprek met de ouders.", TermsOf("school"));
  EXPECT_TRUE(s.highlights.empty());
  EXPECT_EQ(s.text, "Een gesprek met de ouders.");
}

}  // namespace
}  // namespace kompas::search
