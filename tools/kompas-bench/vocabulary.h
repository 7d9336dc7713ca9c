// Synthetic Dutch texts for benchmarks: case situations, questions and
// reflections in the language of wijkteams and privacy officers, composed
// from fixed word lists and sentence patterns. They hold no personal data:
// no names, addresses, dates or numbers of any kind, only domain words
// (school, leerplicht, toestemming, Veilig Thuis, doelbinding, ...).
//
// Words are drawn Zipf-like (weight 1/rank) from a ranked vocabulary of
// about 30,000 entries: a few hundred hand-written domain words at the top,
// then Dutch compounds of domain parts ("schoolverzuimsignaal") as the long
// tail. So a handful of terms occur in most documents and most terms in few,
// the way real case notes look to an inverted index.
//
//   TextGenerator gen(/*seed=*/1);
//   std::string situation = gen.Situation();   // ~80-200 words
//   std::string reflection = gen.Reflection(); // ~20-60 words
//   std::vector<std::string> queries = SearchQueries(1000, /*seed=*/1);
//
// Deterministic: the same seed gives the same texts on every machine
// (std::mt19937_64 and our own integer mapping, no std distributions).
#ifndef KOMPAS_BENCH_VOCABULARY_H_
#define KOMPAS_BENCH_VOCABULARY_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kompas::bench {

// The ranked vocabulary: index 0 is the most frequent entry. Entries are
// single words or short fixed phrases ("Veilig Thuis"). Built once.
const std::vector<std::string>& Vocabulary();

// Small fixed lists for the case's labels.
const std::vector<std::string>& Laws();    // "Jeugdwet", "AVG", "Wmo 2015", ...
const std::vector<std::string>& Themes();  // "gegevensdeling-school", ...

// Not thread-safe; use one per thread (cheap to make).
class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed);

  std::string Title();       // 4-10 words, no final period
  std::string Situation();   // ~80-200 words
  std::string Question();    // one question, ~10-25 words
  std::string Task();        // framing: the public task
  std::string Purpose();     // framing: why the data is wanted
  std::string NecessaryData();
  std::string LegalBasis();  // framing: grondslag and proportionality
  std::string Option();      // one course of action
  std::string Reflection();  // ~20-60 words

  // 1-3 distinct laws and 1-3 distinct themes from the fixed lists.
  std::vector<std::string> PickLaws();
  std::vector<std::string> PickThemes();

  // A vocabulary entry: Zipf-distributed by rank.
  const std::string& ZipfWord();
  // A vocabulary entry: uniform over all ranks (so mostly the rare tail).
  const std::string& UniformWord();

  // Uniform in [0, n).
  uint64_t Below(uint64_t n) { return rng_() % n; }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

 private:
  // Fills a sentence pattern: {w} a Zipf word, {a} an actor, {l} a law
  // ("de Jeugdwet"), {L} a law's label, {t} a time phrase; the first letter
  // is capitalized.
  std::string Fill(const std::string& pattern);
  // Sentences from `patterns` until at least `words` words.
  std::string Sentences(const std::vector<std::string>& patterns, int words);
  const std::string& Pick(const std::vector<std::string>& list) { return list[Below(list.size())]; }

  std::mt19937_64 rng_;
};

// `count` search queries of 1-4 words, deterministic for `seed`: each word
// is a Zipf draw (common) or a uniform draw (mostly rare) with equal
// chance, so the mix holds broad, narrow and empty-result queries.
std::vector<std::string> SearchQueries(int count, uint64_t seed);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_VOCABULARY_H_
