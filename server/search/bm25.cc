#include "search/bm25.h"

#include <algorithm>
#include <cmath>

namespace kompas::search {

double Bm25Idf(const CorpusStats& corpus, int64_t document_frequency) {
  const double n = static_cast<double>(std::max<int64_t>(corpus.documents, 0));
  const double df = static_cast<double>(std::clamp<int64_t>(document_frequency, 0, corpus.documents));
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

double Bm25TermScore(const CorpusStats& corpus, int64_t document_frequency,
                     int64_t term_frequency, int64_t document_length, const Bm25Params& params) {
  if (term_frequency <= 0) return 0;
  const double tf = static_cast<double>(term_frequency);
  const double average = corpus.average_length > 0 ? corpus.average_length : 1.0;
  const double norm = params.k1 * (1 - params.b + params.b * document_length / average);
  return Bm25Idf(corpus, document_frequency) * tf * (params.k1 + 1) / (tf + norm);
}

}  // namespace kompas::search
