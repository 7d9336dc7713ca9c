#include "search/index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "search/tokenizer.h"
#include "testing/opened_store.h"
#include "testing/temp_dir.h"

namespace kompas::search {
namespace {

using ::kompas::testing::IsOk;
using ::testing::IsEmpty;

constexpr Kind kCase = ::kompas::v1::SEARCH_KIND_CASE;
constexpr Kind kReflection = ::kompas::v1::SEARCH_KIND_REFLECTION;
constexpr Kind kStandard = ::kompas::v1::SEARCH_KIND_STANDARD;

// A document whose text is these words.
Document Doc(Kind kind, const std::string& name, const std::vector<std::string>& words) {
  Document doc;
  doc.set_kind(kind);
  doc.set_name(name);
  doc.set_text(absl::StrJoin(words, " "));
  SearchIndex::Analyze(doc);
  return doc;
}

// The index term of one word.
std::string Term(const std::string& word) {
  const std::vector<Token> tokens = Tokenizer::Dutch().Tokenize(word);
  EXPECT_EQ(tokens.size(), 1u) << word;
  return tokens.empty() ? word : tokens[0].term;
}

// Vocabulary word k: "w" and consonants, one token each. (Should the
// stemmer merge two words, documents and queries agree: both go through it.)
std::string Word(int k) {
  std::string w = "w";
  do {
    w.push_back("bcdfghk"[k % 7]);
    k /= 7;
  } while (k > 0);
  return w;
}

// The index against the plain BM25 of every document, on a real store: a
// skewed vocabulary (a few words in most documents, many rare), documents
// on three shelves across several posting blocks, then changes and removals.
class IndexTest : public kompas::testing::OpenedStoreTest {
 protected:
  IndexTest() { sync_writes_ = false; }
  void Opened() override { index_ = std::make_unique<SearchIndex>(store_.get()); }

  void Put(const std::string& key, const Document& doc) {
    store::WriteBatch batch;
    ASSERT_THAT(index_->Stage("c", key, &doc, batch), IsOk());
    ASSERT_THAT(store_->Write(batch), IsOk());
    docs_[key] = doc;
  }
  void Remove(const std::string& key) {
    store::WriteBatch batch;
    ASSERT_THAT(index_->Stage("c", key, nullptr, batch), IsOk());
    ASSERT_THAT(store_->Write(batch), IsOk());
    docs_.erase(key);
  }

  std::string Pick(std::mt19937& rng) {
    // Zipf-like: word k with weight 1/(k+1).
    std::discrete_distribution<int> pick(weights_.begin(), weights_.end());
    return Word(pick(rng));
  }
  Document Random(std::mt19937& rng, Kind kind, const std::string& name) {
    std::vector<std::string> words;
    const int n = 3 + static_cast<int>(rng() % (kind == kCase ? 60 : 15));
    for (int i = 0; i < n; ++i) words.push_back(Pick(rng));
    return Doc(kind, name, words);
  }

  // Every document's exact BM25 score for the query, best first.
  std::vector<std::pair<double, std::string>> Expected(const std::vector<std::string>& terms,
                                                       const std::vector<Kind>& kinds) const {
    CorpusStats corpus;
    int64_t total = 0;
    std::map<std::string, int64_t> df;
    for (const auto& [key, doc] : docs_) {
      ++corpus.documents;
      total += doc.length();
      for (const auto& [term, tf] : doc.terms()) ++df[term];
    }
    corpus.average_length = static_cast<double>(total) / corpus.documents;
    std::vector<std::pair<double, std::string>> out;
    const std::set<std::string> unique(terms.begin(), terms.end());
    for (const auto& [key, doc] : docs_) {
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), doc.kind()) == kinds.end()) continue;
      double score = 0;
      for (const std::string& t : unique) {
        auto it = doc.terms().find(t);
        if (it != doc.terms().end()) score += Bm25TermScore(corpus, df[t], it->second, doc.length());
      }
      if (score > 0) out.emplace_back(score, key);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    return out;
  }

  // The index returns the documents of the exact ranking (scores agree to
  // float precision; equal scores may come in either order).
  void ExpectExact(const Query& query) {
    auto hits = index_->Search("c", query);
    ASSERT_THAT(hits, IsOk());
    const auto expected = Expected(query.terms, query.kinds);
    const size_t from = std::min(expected.size(), static_cast<size_t>(query.offset));
    const size_t to = std::min(expected.size(), from + query.limit);
    ASSERT_EQ(hits->size(), to - from) << "query " << absl::StrJoin(query.terms, " ");
    for (size_t i = 0; i < hits->size(); ++i) {
      const Hit& hit = (*hits)[i];
      EXPECT_NEAR(hit.score, expected[from + i].first, 1e-3 * expected[from + i].first)
          << "rank " << from + i << " of " << absl::StrJoin(query.terms, " ");
      auto own = std::find_if(expected.begin(), expected.end(),
                              [&](const auto& e) { return e.second == hit.key; });
      ASSERT_NE(own, expected.end());
      EXPECT_NEAR(hit.score, own->first, 1e-3 * own->first);
      EXPECT_EQ(hit.doc.name(), docs_.at(hit.key).name());
    }
  }

  std::unique_ptr<SearchIndex> index_;
  std::map<std::string, Document> docs_;
  std::vector<double> weights_ = [] {
    std::vector<double> w;
    for (int k = 0; k < 300; ++k) w.push_back(1.0 / (k + 1));
    return w;
  }();
};

TEST_F(IndexTest, RankingIsExactBm25OnEveryShelfAndAfterChanges) {
  std::mt19937 rng(7);
  // More reflections than one posting block holds, so terms span blocks.
  for (int i = 0; i < 300; ++i) Put(absl::StrCat("case/", i), Random(rng, kCase, absl::StrCat("case ", i)));
  for (int i = 0; i < 2600; ++i) {
    Put(absl::StrCat("reflection/", i), Random(rng, kReflection, absl::StrCat("reflection ", i)));
  }
  for (int i = 0; i < 12; ++i) Put(absl::StrCat("standard/", i), Random(rng, kStandard, absl::StrCat("standard ", i)));

  auto run_queries = [&](int count) {
    for (int q = 0; q < count; ++q) {
      Query query;
      const int words = 1 + static_cast<int>(rng() % 4);
      for (int w = 0; w < words; ++w) {
        // Half common words, half from the long tail.
        query.terms.push_back(Term(rng() % 2 ? Pick(rng) : Word(50 + static_cast<int>(rng() % 250))));
      }
      if (q % 5 == 1) query.kinds = {kReflection};
      if (q % 5 == 2) query.kinds = {kCase, kStandard};
      query.offset = q % 3 == 0 ? 0 : static_cast<int>(rng() % 30);
      query.limit = 1 + static_cast<int>(rng() % 25);
      ExpectExact(query);
    }
  };
  run_queries(150);

  // Changes: new texts (some longer, some shorter), removals, additions.
  for (int i = 0; i < 400; ++i) {
    const std::string key = absl::StrCat("reflection/", rng() % 2600);
    if (docs_.count(key) == 0) continue;
    if (i % 3 == 0) {
      Remove(key);
    } else {
      Put(key, Random(rng, kReflection, docs_.at(key).name()));
    }
  }
  for (int i = 0; i < 50; ++i) Put(absl::StrCat("case/", i), Random(rng, kCase, absl::StrCat("case ", i)));
  run_queries(150);

  auto problems = index_->Check();
  ASSERT_THAT(problems, IsOk());
  EXPECT_THAT(*problems, IsEmpty());
}

// The newest document holding the commonest word is found: no scan stops
// part-way through a term.
TEST_F(IndexTest, TheNewestDocumentIsFoundByTheCommonestWord) {
  for (int i = 0; i < 3000; ++i) {
    Put(absl::StrCat("reflection/", 10000 + i), Doc(kReflection, "r", {"wijkteam", "ouder", "school", "vraag"}));
  }
  Put("reflection/newest", Doc(kReflection, "newest", {"wijkteam", "wijkteam", "wijkteam"}));
  Query query;
  query.terms = {Term("wijkteam")};
  query.limit = 1;
  auto hits = index_->Search("c", query);
  ASSERT_THAT(hits, IsOk());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].key, "reflection/newest");
  auto df = index_->DocumentFrequency("c", Term("wijkteam"));
  ASSERT_THAT(df, IsOk());
  EXPECT_EQ(*df, 3001);
}

// Filters are applied before a page is cut: a page holds only kept
// documents, and skipping pages skips kept documents only.
TEST_F(IndexTest, FiltersAreAppliedBeforeThePageIsCut) {
  for (int i = 0; i < 200; ++i) {
    Document doc = Doc(kReflection, absl::StrCat("r", i), {"zorg", i % 10 == 0 ? "zorg" : "hulp"});
    doc.set_status(i % 10 == 0 ? 1 : 2);  // the best-scoring tenth is filtered out
    doc.add_facets(i % 10 == 0 ? "status=1" : "status=2");
    if (i % 2 == 0) doc.add_facets("theme=even");
    Put(absl::StrCat("reflection/", 1000 + i), doc);
  }
  Query query;
  query.terms = {Term("zorg")};
  query.keep = [](const std::string&, const Document& d) { return d.status() == 2; };
  query.limit = 5;
  query.offset = 175;
  auto hits = index_->Search("c", query);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 5u);  // 180 kept in all
  for (const Hit& h : *hits) EXPECT_EQ(h.doc.status(), 2);
  query.offset = 178;
  hits = index_->Search("c", query);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 2u);

  // The same filter as a facet, alone and with a second facet.
  Query by_facet;
  by_facet.terms = {Term("zorg")};
  by_facet.facets = {"status=2"};
  by_facet.limit = 5;
  by_facet.offset = 175;
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 5u);
  for (const Hit& h : *hits) EXPECT_EQ(h.doc.status(), 2);
  by_facet.facets = {"status=2", "theme=even"};
  by_facet.offset = 0;
  by_facet.limit = 200;
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 80u);  // even and not a multiple of ten
  // One of several (months), with and without a facet that must hold.
  for (int i = 0; i < 200; ++i) {
    Document doc = docs_.at(absl::StrCat("reflection/", 1000 + i));
    doc.add_facets(absl::StrCat("month=", i % 4));
    Put(absl::StrCat("reflection/", 1000 + i), doc);
  }
  by_facet.facets = {};
  by_facet.any_facets = {"month=1", "month=3"};
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 100u);
  by_facet.facets = {"theme=even"};
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_THAT(*hits, IsEmpty());  // even numbers are never month 1 or 3
  by_facet.any_facets = {"month=2"};
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 50u);
  by_facet.any_facets = {};
  by_facet.facets = {"status=9"};
  hits = index_->Search("c", by_facet);
  ASSERT_THAT(hits, IsOk());
  EXPECT_THAT(*hits, IsEmpty());
  auto problems = index_->Check();
  ASSERT_THAT(problems, IsOk());
  EXPECT_THAT(*problems, IsEmpty());
}

// Writers of different documents stage and write at once; numbers are
// never given twice and every count adds up.
TEST_F(IndexTest, ConcurrentWritersKeepTheIndexConsistent) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const Document doc = Doc(kCase, absl::StrCat("c", t, "-", i), {"gedeeld", Word(t)});
        store::WriteBatch batch;
        ASSERT_THAT(index_->Stage("c", absl::StrCat("case/", t, "-", i), &doc, batch), IsOk());
        ASSERT_THAT(store_->Write(batch), IsOk());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  auto problems = index_->Check();
  ASSERT_THAT(problems, IsOk());
  EXPECT_THAT(*problems, IsEmpty());
  auto stats = index_->Stats("c");
  ASSERT_THAT(stats, IsOk());
  EXPECT_EQ(stats->documents, 1200);
  EXPECT_DOUBLE_EQ(stats->average_length, 2.0);
  auto df = index_->DocumentFrequency("c", Term("gedeeld"));
  ASSERT_THAT(df, IsOk());
  EXPECT_EQ(*df, 1200);
}

}  // namespace
}  // namespace kompas::search
