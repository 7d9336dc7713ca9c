// The full-text index, in RocksDB: per community, a record of each indexed
// document (search_docs) and a posting per distinct term (search_postings),
// staged into the same atomic batch as the record it indexes, so the index
// never lags behind or runs ahead of the data. Queries rank with BM25
// (bm25.h) over tokens from the Dutch tokenizer (tokenizer.h).
//
//   store::WriteBatch batch;  // the case's own write
//   ASSIGN_OR_RETURN(auto change, index.Stage(community, key, &doc, batch));
//   RETURN_IF_ERROR(store->Write(batch));
//   index.Applied(change);    // keeps the corpus statistics current
//
// Documents are made by the domain (domain/search_documents.h); this module
// knows nothing of cases or standards.
#ifndef KOMPAS_SEARCH_INDEX_H_
#define KOMPAS_SEARCH_INDEX_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "kompas/internal/v1/search.pb.h"
#include "search/bm25.h"
#include "store/store.h"

namespace kompas::search {

using Document = ::kompas::internal::v1::SearchDoc;

// A change to the corpus statistics, applied once its batch is written.
struct StatsChange {
  std::string community;
  int64_t documents = 0;
  int64_t length = 0;
};

struct Hit {
  std::string key;   // the document key, e.g. "case/<id>"
  double score = 0;
  Document doc;
};

struct Query {
  // Terms to look for (already tokenized; duplicates count once).
  std::vector<std::string> terms;
  // Extra score per term, e.g. a shared law (ApplicableStandards).
  std::function<double(const Document&)> boost;
  // Which documents may be returned (visibility and filters).
  std::function<bool(const std::string& key, const Document&)> keep;
  // Results wanted after skipping `offset`.
  int offset = 0;
  int limit = 20;
};

class SearchIndex {
 public:
  // `store` is not owned and must outlive the index.
  explicit SearchIndex(store::Store* store) : store_(store) {}

  // Fills `doc.terms` and `doc.length` from `doc.text`.
  static void Analyze(Document& doc);

  // Adds to `batch` what makes the index hold `doc` (nullptr: no document)
  // under `key`, replacing whatever it held there. Call with the record's
  // lock held, and Applied() once the batch is written.
  absl::StatusOr<StatsChange> Stage(const std::string& community, const std::string& key,
                                    const Document* doc, store::WriteBatch& batch) const;
  void Applied(const StatsChange& change);

  // Ranked documents of one community. Scans at most kMaxPostingsPerTerm
  // postings per term, so one query's cost stays bounded.
  absl::StatusOr<std::vector<Hit>> Search(const std::string& community, const Query& query);
  static constexpr int kMaxPostingsPerTerm = 200000;

  // The stored document under `key`, or nullopt.
  absl::StatusOr<std::optional<Document>> Find(const std::string& community,
                                               const std::string& key) const;
  // N and average length of a community's documents.
  absl::StatusOr<CorpusStats> Stats(const std::string& community);
  // How many documents hold `term`.
  absl::StatusOr<int64_t> DocumentFrequency(const std::string& community,
                                            const std::string& term) const;

  // Every problem between the documents and the postings of all
  // communities: a posting without its document or with a wrong frequency,
  // a document term without its posting. Empty when consistent.
  absl::StatusOr<std::vector<std::string>> Check() const;

 private:
  store::Store* store_;
  absl::Mutex mu_;
  // Corpus statistics per community, counted from the store on first use
  // and kept current by Applied(). Derived: recounted after a restart.
  std::map<std::string, CorpusStats> stats_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> total_length_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::search

#endif  // KOMPAS_SEARCH_INDEX_H_
