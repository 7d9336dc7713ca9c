// The full-text index, in RocksDB, staged into the same atomic batch as the
// record it indexes, so the index never lags behind or runs ahead of the
// data. Queries rank with BM25 (bm25.h) over tokens from the Dutch tokenizer
// (tokenizer.h).
//
//   store::WriteBatch batch;  // the case's own write
//   RETURN_IF_ERROR(index.Stage(community, key, &doc, batch));
//   RETURN_IF_ERROR(store->Write(batch));
//
// Layout (store/keys.h). Each community's documents sit on one shelf per
// kind (cases, reflections, standards) and get a number on their shelf, so
// a search for one kind never reads the others' postings. A term's postings
// are blocks of 4096 document numbers: an entry per document holding the
// term (its number, the term's frequency and the document's length), merged
// into the block by RocksDB (store/merge.h), so writers of different
// documents never overwrite each other. Corpus counts (documents, total
// length, each term's document frequency) are merged counters too: exact,
// persistent, and read with one lookup per query term.
//
// Ranking is exact BM25, top-k. Terms are scored rarest first; once no
// document that holds none of the terms scored so far could still reach the
// page (their best possible score is below the k-th score already found),
// the commoner terms are only looked up for the documents already found
// instead of being read in full.
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
using Kind = ::kompas::v1::SearchKind;

struct Hit {
  std::string key;  // the document key, e.g. "case/<id>"
  double score = 0;
  Document doc;
};

struct Query {
  // Terms to look for (already tokenized; duplicates count once).
  std::vector<std::string> terms;
  // The shelves to search; empty: every kind.
  std::vector<Kind> kinds;
  // Facets (Document.facets) a document must all have, at most 127; read
  // as posting lists before ranking, so a narrow filter costs no more than
  // a broad one.
  std::vector<std::string> facets;
  // When not empty, a document must also have at least one of these.
  std::vector<std::string> any_facets;
  // Extra score for a document, e.g. a shared law (ApplicableStandards).
  // Every matching document is then read: use it on small shelves only.
  std::function<double(const Document&)> boost;
  // Which documents may be returned, for filters that are not facets; unset:
  // all. Called only for documents that could reach the page.
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
  // lock held, at most once per key per batch (it compares with the stored
  // document, not with what the batch holds). A document keeps its kind for
  // life.
  absl::Status Stage(const std::string& community, const std::string& key, const Document* doc,
                     store::WriteBatch& batch);

  // Ranked documents of one community, best first; equal scores newest
  // first. Each hit carries its document.
  absl::StatusOr<std::vector<Hit>> Search(const std::string& community, const Query& query) const;

  // The stored document under `key` (without its terms), or nullopt.
  absl::StatusOr<std::optional<Document>> Find(const std::string& community,
                                               const std::string& key) const;
  // N and average length of a community's documents.
  absl::StatusOr<CorpusStats> Stats(const std::string& community) const;
  // How many of a community's documents hold `term`.
  absl::StatusOr<int64_t> DocumentFrequency(const std::string& community,
                                            const std::string& term) const;

  // Every problem between the documents, their numbers, the postings and the
  // counts of all communities: a posting without its document or with wrong
  // counts, a document term without its posting, a count that differs from
  // the documents. Empty when consistent. Reads everything: an admin tool.
  absl::StatusOr<std::vector<std::string>> Check() const;

  // Document numbers per shelf block (a posting value holds one block).
  static constexpr int kBlockBits = 12;

 private:
  // The next free number on a shelf, read from the store on first use.
  absl::StatusOr<uint32_t> NextNumber(const std::string& community, Kind kind);

  // A query's scores, one float per document on a shelf (4 MB for a
  // million), kept for the next query: allocating them afresh costs a page
  // fault per 4 KB.
  class ScoreBuffer {
   public:
    explicit ScoreBuffer(const SearchIndex* index);
    ~ScoreBuffer();
    std::vector<float>& operator*() { return scores_; }

   private:
    const SearchIndex* index_;
    std::vector<float> scores_;
  };

  store::Store* store_;
  absl::Mutex mu_;
  std::map<std::string, uint32_t> next_number_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex spare_mu_;
  // At most kSpareBuffers, so concurrent queries do not pin memory for good.
  mutable std::vector<std::vector<float>> spare_ ABSL_GUARDED_BY(spare_mu_);
  static constexpr size_t kSpareBuffers = 2;
};

}  // namespace kompas::search

#endif  // KOMPAS_SEARCH_INDEX_H_
