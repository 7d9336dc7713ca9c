// Okapi BM25, the ranking of search results: a document scores higher the
// more often it holds a query term (with diminishing returns), the rarer the
// term is across all documents, and the shorter the document is relative to
// the average. The index (later) supplies the counts; this is the
// arithmetic, kept apart so it can be tested on a hand-made corpus.
#ifndef KOMPAS_SEARCH_BM25_H_
#define KOMPAS_SEARCH_BM25_H_

#include <cstdint>

namespace kompas::search {

struct Bm25Params {
  // Term-frequency saturation: how fast repeating a term stops helping.
  double k1 = 1.2;
  // Length normalization: 0 ignores document length, 1 divides by it fully.
  double b = 0.75;
};

// Collection statistics at query time.
struct CorpusStats {
  int64_t documents = 0;       // N
  double average_length = 0;   // average terms per document
};

// The inverse document frequency of a term held by `document_frequency` of
// the corpus's documents. Never negative (the "+1" variant), so a term in
// most documents still counts a little instead of lowering the score.
double Bm25Idf(const CorpusStats& corpus, int64_t document_frequency);

// The contribution of one query term to one document's score.
double Bm25TermScore(const CorpusStats& corpus, int64_t document_frequency,
                     int64_t term_frequency, int64_t document_length,
                     const Bm25Params& params = {});

}  // namespace kompas::search

#endif  // KOMPAS_SEARCH_BM25_H_
