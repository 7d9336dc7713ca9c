#include "search/tokenizer.h"

#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::search {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Terms(absl::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenizer::Dutch().Tokenize(text)) out.push_back(t.term);
  return out;
}

TEST(TokenizerTest, DutchInflectionsMeetInOneStem) {
  EXPECT_EQ(Terms("school"), Terms("scholen"));
  EXPECT_EQ(Terms("wijkteam"), Terms("wijkteams"));
  EXPECT_EQ(Terms("bekend"), Terms("bekende"));
  EXPECT_EQ(Terms("ouder"), Terms("ouders"));
  EXPECT_NE(Terms("school"), Terms("scholier"));
}

TEST(TokenizerTest, CaseAndAccentsFold) {
  EXPECT_EQ(Terms("Cliënt"), Terms("client"));
  EXPECT_EQ(Terms("SCHOOL"), Terms("school"));
  EXPECT_EQ(Terms("café"), Terms("cafe"));
  EXPECT_EQ(Tokenizer::Fold("ÉÉN Straße"), "een strasse");
}

// Plain ASCII words take a shortcut past utf8proc; both ways must agree.
TEST(TokenizerTest, AsciiWordsFoldAsAccentedOnesDo) {
  EXPECT_EQ(Tokenizer::Fold("WijkTeam2026"), "wijkteam2026");
  EXPECT_EQ(Tokenizer::Fold("CAFE"), Tokenizer::Fold("CAFÉ"));
  EXPECT_EQ(Tokenizer::Fold("Client"), Tokenizer::Fold("Cliënt"));
  EXPECT_EQ(Tokenizer::Fold("NAIEVE"), Tokenizer::Fold("NAÏEVE"));
  for (char c = 'A'; c <= 'Z'; ++c) {
    // Each capital beside a non-ASCII letter goes through utf8proc.
    EXPECT_EQ(Tokenizer::Fold(std::string(1, c)) + "e", Tokenizer::Fold(std::string(1, c) + "é"))
        << c;
  }
}

// MakeSnippet stems only the words whose first byte a query term has.
TEST(TokenizerTest, AStemStartsWithItsWordsFirstByte) {
  // Without the word list too: a stemmer that strips "ge-" (Snowball 3's
  // Dutch) or changes an initial y would break MakeSnippet's shortcut.
  for (const char* word : {"gelopen", "geholpen", "yoghurt", "ijverig", "uitgebreid"}) {
    const std::string stem = Tokenizer::Stem(Tokenizer::Fold(word));
    ASSERT_FALSE(stem.empty()) << word;
    EXPECT_EQ(stem[0], word[0]) << word << " stems to " << stem;
  }
  std::ifstream list("/usr/share/dict/dutch");
  ASSERT_TRUE(list) << "no Dutch word list at /usr/share/dict/dutch: Debian's wdutch, which "
                       "tools/dev.sh installs";
  int words = 0;
  for (std::string line; std::getline(list, line);) {
    for (const Token& word : Tokenizer::Dutch().Words(line)) {
      ++words;
      const std::string stem = Tokenizer::Stem(word.term);
      ASSERT_FALSE(stem.empty()) << line;
      ASSERT_EQ(stem[0], word.term[0]) << line << " stems to " << stem;
    }
  }
  EXPECT_GT(words, 100000);
}

TEST(TokenizerTest, WordsAreTheTokensBeforeStemming) {
  const std::string text = "De Scholen van het wijkteam, en één café.";
  const std::vector<Token> words = Tokenizer::Dutch().Words(text);
  const std::vector<Token> tokens = Tokenizer::Dutch().Tokenize(text);
  ASSERT_EQ(words.size(), tokens.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(Tokenizer::Stem(words[i].term), tokens[i].term);
    EXPECT_EQ(words[i].start, tokens[i].start);
    EXPECT_EQ(words[i].end, tokens[i].end);
  }
  EXPECT_EQ(words[0].term, "scholen");
}

TEST(TokenizerTest, StopWordsAreDropped) {
  EXPECT_THAT(Terms("de school wil weten of het kind bekend is bij het wijkteam"),
              ElementsAre(Terms("school")[0], Terms("weten")[0], Terms("kind")[0],
                          Terms("bekend")[0], Terms("wijkteam")[0]));
  EXPECT_TRUE(Terms("de het een of en").empty());
}

TEST(TokenizerTest, SpansPointAtTheOriginalWords) {
  const std::string text = "Mag de coördinator, na overleg, dossiers inzien?";
  std::vector<Token> tokens = Tokenizer::Dutch().Tokenize(text);
  std::vector<std::string> words;
  for (const Token& t : tokens) words.push_back(text.substr(t.start, t.end - t.start));
  EXPECT_THAT(words, ElementsAre("coördinator", "overleg", "dossiers", "inzien"));
}

TEST(TokenizerTest, PunctuationDigitsAndBadBytesSplitWords) {
  EXPECT_THAT(Terms("art. 7:457 BW"), ElementsAre("art", "7", "457", "bw"));
  EXPECT_EQ(Terms("jeugd\xff" "hulp").size(), 2u);
  EXPECT_TRUE(Terms("").empty());
  EXPECT_TRUE(Terms(std::string(100, 'a')).empty());  // a run of letters is no word
}

}  // namespace
}  // namespace kompas::search
