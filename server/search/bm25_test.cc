// BM25 on a small hand-made corpus of Dutch dilemma titles, where the right
// order is known, tokenized the way the index will tokenize them.
#include "search/bm25.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "search/tokenizer.h"

namespace kompas::search {
namespace {

using ::testing::ElementsAre;

// A tiny in-memory index: enough to rank a handful of documents.
class HandIndex {
 public:
  void Add(const std::string& id, const std::string& text) {
    std::vector<Token> tokens = Tokenizer::Dutch().Tokenize(text);
    lengths_[id] = static_cast<int64_t>(tokens.size());
    for (const Token& t : tokens) ++postings_[t.term][id];
  }

  std::vector<std::string> Rank(const std::string& query) const {
    CorpusStats corpus;
    corpus.documents = static_cast<int64_t>(lengths_.size());
    int64_t total = 0;
    for (const auto& [id, length] : lengths_) total += length;
    corpus.average_length = static_cast<double>(total) / corpus.documents;
    std::map<std::string, double> scores;
    for (const Token& q : Tokenizer::Dutch().Tokenize(query)) {
      auto it = postings_.find(q.term);
      if (it == postings_.end()) continue;
      for (const auto& [id, tf] : it->second) {
        scores[id] += Bm25TermScore(corpus, static_cast<int64_t>(it->second.size()), tf,
                                    lengths_.at(id));
      }
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [id, score] : scores) ranked.emplace_back(-score, id);
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> out;
    for (const auto& r : ranked) out.push_back(r.second);
    return out;
  }

 private:
  std::map<std::string, int64_t> lengths_;
  std::map<std::string, std::map<std::string, int64_t>> postings_;
};

TEST(Bm25Test, RanksTheCasesAProfessionalWouldExpect) {
  HandIndex index;
  index.Add("school", "De school wil weten of een leerling bekend is bij het wijkteam");
  index.Add("scholen", "Scholen vragen wijkteams steeds vaker naar bekende gezinnen");
  index.Add("petten", "Twee petten: wijkcoach en penningmeester van de sportvereniging");
  index.Add("schuld", "Schuldhulp wil inzage in het Wmo-dossier");
  index.Add("lang", "Een lange casus over een school, met veel andere woorden over huisvesting, "
                    "werk, inkomen, buurt, vrienden, familie, gezondheid en vrije tijd");
  // Both school cases first (stemming joins scholen/school, wijkteams/wijkteam,
  // bekende/bekend); the short, focused one above the long one that mentions
  // school once; unrelated cases not at all ("wil" is a stop word, so the
  // schuldhulp case does not match on it).
  EXPECT_THAT(index.Rank("school wil weten of kind bekend is bij wijkteam"),
              ElementsAre("school", "scholen", "lang"));
  EXPECT_THAT(index.Rank("penningmeester"), ElementsAre("petten"));
  EXPECT_TRUE(index.Rank("de het een").empty());  // only stop words
}

TEST(Bm25Test, RareTermsWeighMoreAndRepetitionSaturates) {
  CorpusStats corpus{.documents = 1000, .average_length = 50};
  EXPECT_GT(Bm25Idf(corpus, 1), Bm25Idf(corpus, 100));
  EXPECT_GT(Bm25Idf(corpus, 1000), 0);  // never negative
  const double once = Bm25TermScore(corpus, 10, 1, 50);
  const double twice = Bm25TermScore(corpus, 10, 2, 50);
  const double ten = Bm25TermScore(corpus, 10, 10, 50);
  EXPECT_GT(twice, once);
  EXPECT_LT(twice - once, once);            // diminishing returns
  EXPECT_LT(ten, once * (1.2 + 1));         // bounded by (k1 + 1) × idf
  EXPECT_GT(Bm25TermScore(corpus, 10, 1, 20), Bm25TermScore(corpus, 10, 1, 200));  // shorter wins
  EXPECT_EQ(Bm25TermScore(corpus, 10, 0, 50), 0);
}

}  // namespace
}  // namespace kompas::search
