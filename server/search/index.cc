#include "search/index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "search/tokenizer.h"
#include "store/keys.h"
#include "store/merge.h"

namespace kompas::search {
namespace {

using store::Table;
namespace keys = store::keys;

constexpr Kind kAllKinds[] = {::kompas::v1::SEARCH_KIND_CASE, ::kompas::v1::SEARCH_KIND_REFLECTION,
                              ::kompas::v1::SEARCH_KIND_STANDARD};

// A shelf is named by its kind's enum number, one digit.
std::string Shelf(Kind kind) { return std::string(1, static_cast<char>('0' + static_cast<int>(kind))); }

std::string Be32(uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(v >> (24 - 8 * i));
  return out;
}

uint32_t ReadBe32(absl::string_view b) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[i]);
  return v;
}

std::string PostingPrefix(const std::string& community, Kind kind, const std::string& term) {
  return keys::Prefix({community, Shelf(kind), term});
}
std::string PostingKey(const std::string& community, Kind kind, const std::string& term,
                       uint32_t number) {
  return PostingPrefix(community, kind, term) + Be32(number >> SearchIndex::kBlockBits);
}
// A facet's posting list sits beside the terms': no word holds a control
// character.
std::string FacetTerm(const std::string& facet) { return absl::StrCat("\x01", facet); }
bool IsFacetTerm(absl::string_view term) { return !term.empty() && term[0] == '\x01'; }

std::string NumberPrefix(const std::string& community, Kind kind) {
  return keys::Prefix({community, Shelf(kind)});
}
std::string NumberKey(const std::string& community, Kind kind, uint32_t number) {
  return NumberPrefix(community, kind) + Be32(number);
}
// One past the highest number given on a shelf; 0 when there is none.
absl::StatusOr<uint32_t> PastLastNumber(const store::Store& store, const std::string& community,
                                        Kind kind) {
  const std::string prefix = NumberPrefix(community, kind);
  uint32_t past = 0;
  store::ScanOptions last;
  last.reverse = true;
  RETURN_IF_ERROR(store.Scan(Table::kSearchNumbers, prefix, last,
                             [&](absl::string_view key, absl::string_view) {
                               if (key.size() == prefix.size() + 4) {
                                 past = ReadBe32(key.substr(prefix.size())) + 1;
                               }
                               return false;
                             }));
  return past;
}

// Counters: a community's [documents, total length], a term's [documents].
std::string CorpusCountsKey(const std::string& community) { return keys::Join({community}); }
std::string TermCountsKey(const std::string& community, const std::string& term) {
  return keys::Join({community, term});
}

// An entry's payload: the term's frequency and the document's length, 16
// bits each (capped; texts are far shorter).
constexpr uint32_t kMax16 = 0xffff;
uint32_t Payload(int64_t tf, int64_t length) {
  const auto clamp = [](int64_t v) { return static_cast<uint32_t>(std::clamp<int64_t>(v, 0, kMax16)); };
  return (clamp(tf) << 16) | clamp(length);
}
uint32_t FrequencyOf(uint32_t payload) { return payload >> 16; }
uint32_t LengthOf(uint32_t payload) { return payload & kMax16; }

absl::StatusOr<std::optional<Document>> LoadDoc(const store::Store& store,
                                                const std::string& community,
                                                const std::string& key) {
  ASSIGN_OR_RETURN(std::optional<std::string> raw,
                   store.Get(Table::kSearchDocs, keys::Join({community, key})));
  if (!raw.has_value()) return std::optional<Document>();
  Document doc;
  if (!doc.ParseFromString(*raw)) return absl::DataLossError("a stored search document cannot be parsed");
  return std::optional<Document>(std::move(doc));
}

absl::Status Malformed() { return absl::DataLossError("a search posting block cannot be parsed"); }

// One query term, with what ranking needs of it.
struct Term {
  std::string text;
  int64_t df = 0;
  double idf = 0;
  double bound = 0;  // the most it can add to any document's score
};

// A document that may reach the page: its shelf, number and score.
struct Candidate {
  float score = 0;
  Kind kind = ::kompas::v1::SEARCH_KIND_UNSPECIFIED;
  uint32_t number = 0;
};

// The ranking order: best score first; equal scores newest first (the
// higher number on a shelf), then by shelf. A total order, so pages never
// overlap or skip.
bool Before(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.number != b.number) return a.number > b.number;
  return a.kind < b.kind;
}

// BM25's term-frequency part for small frequencies and lengths, computed
// once per query: most postings are looked up instead of divided.
class FrequencyWeights {
 public:
  explicit FrequencyWeights(const CorpusStats& corpus)
      : corpus_(corpus), table_(kFrequencies * kLengths, 0.0f) {}
  float operator()(uint32_t tf, uint32_t length) const {
    if (tf >= kFrequencies || length >= kLengths) return Compute(tf, length);
    // Filled on first use (a weight is never 0): a query meets few of the
    // combinations, and computing all of them cost more than its search.
    float& w = table_[tf * kLengths + length];
    if (w == 0) w = Compute(tf, length);
    return w;
  }

 private:
  static constexpr uint32_t kFrequencies = 16, kLengths = 1024;
  // BM25 with an idf of 1: Bm25TermScore divided by the term's idf.
  float Compute(uint32_t tf, uint32_t length) const {
    const Bm25Params params;
    const double average = corpus_.average_length > 0 ? corpus_.average_length : 1.0;
    const double norm = params.k1 * (1 - params.b + params.b * length / average);
    return static_cast<float>(tf * (params.k1 + 1) / (tf + norm));
  }
  CorpusStats corpus_;
  mutable std::vector<float> table_;
};

// One shelf's part of a query: scores documents into a dense array indexed
// by document number, then picks the best.
class ShelfSearch {
 public:
  // `scores` is working memory of any size, all zero; it is left all zero.
  ShelfSearch(const store::Store& store, const std::string& community, Kind kind,
              uint32_t numbers, const FrequencyWeights& weights, const Query& query,
              size_t wanted, std::vector<float>& scores)
      : store_(store), community_(community), kind_(kind), weights_(weights), query_(query),
        wanted_(wanted), scores_(scores), end_(numbers) {
    if (scores_.size() < numbers) scores_.resize(numbers, 0.0f);
  }
  ~ShelfSearch() {
    // Clearing only what was written keeps a query on rare terms from
    // paying for the whole shelf.
    if (tracking_) {
      for (uint32_t n : found_) scores_[n] = 0;
    } else {
      std::fill(scores_.begin(), scores_.begin() + end_, 0.0f);
    }
  }

  absl::StatusOr<std::vector<Candidate>> Run(const std::vector<Term>& terms) {
    RETURN_IF_ERROR(ReadFacets());
    // What the terms not yet scored could still add, at most.
    std::vector<double> remaining(terms.size() + 1, 0);
    for (size_t i = terms.size(); i-- > 0;) remaining[i] = remaining[i + 1] + terms[i].bound;
    bool probing = false;
    for (size_t i = 0; i < terms.size(); ++i) {
      if (!probing && i > 0 && tracking_ && !query_.boost) {
        ASSIGN_OR_RETURN(double kth, KthKeptScore());
        // A document holding none of the terms so far scores at most
        // remaining[i]: when that cannot beat the k-th, only the documents
        // already found can still move.
        probing = kth > remaining[i];
      }
      RETURN_IF_ERROR(probing ? Probe(terms[i]) : Scan(terms[i]));
    }
    return Best();
  }

 private:
  static constexpr size_t kTrackLimit = 20000;   // documents listed while few
  static constexpr uint64_t kLookupCost = 4;
  static constexpr uint32_t kNewNumbersSlack = 1 << 16;

  // Makes room for a number written after the search began; false for one
  // far beyond the shelf: numbers are given one by one, so that is damage,
  // not a document (and must not size the buffer).
  bool Fits(uint32_t number) {
    if (number < end_) return true;
    if (number - end_ > kNewNumbersSlack) return false;
    end_ = number + 1;
    if (end_ > scores_.size()) scores_.resize(end_, 0.0f);
    return true;
  }


  // Marks the documents that have every one of the query's facets and, if
  // it names any_facets, at least one of those: the low seven bits of a
  // mark count the first, the high bit says the second.
  absl::Status ReadFacets() {
    const std::set<std::string> all(query_.facets.begin(), query_.facets.end());
    const std::set<std::string> any(query_.any_facets.begin(), query_.any_facets.end());
    if (all.empty() && any.empty()) return absl::OkStatus();
    if (all.size() > kAnyFacet - 1) return absl::InvalidArgumentError("too many search facets");
    allowed_.assign(end_, 0);
    auto read = [&](const std::string& facet, bool one_of) {
      return ForEachPosting(FacetTerm(facet), [&](store::Entry e) {
        if (e.id >= allowed_.size()) return;
        if (one_of) {
          allowed_[e.id] |= kAnyFacet;
        } else {
          ++allowed_[e.id];
        }
      });
    };
    for (const std::string& f : all) RETURN_IF_ERROR(read(f, false));
    for (const std::string& f : any) RETURN_IF_ERROR(read(f, true));
    required_ = static_cast<uint8_t>(all.size() | (any.empty() ? 0 : kAnyFacet));
    filtering_ = true;
    return absl::OkStatus();
  }

  bool Allowed(uint32_t number) const {
    return !filtering_ || (number < allowed_.size() && allowed_[number] == required_);
  }

  void Add(uint32_t number, uint32_t payload, float idf) {
    if (!Allowed(number) || !Fits(number)) return;
    float& s = scores_[number];
    if (s == 0 && tracking_) {
      if (found_.size() == kTrackLimit) {
        tracking_ = false;
        found_.clear();
      } else {
        found_.push_back(number);
      }
    }
    s += idf * weights_(FrequencyOf(payload), LengthOf(payload));
  }

  // Every posting of the term.
  absl::Status Scan(const Term& term) {
    const float idf = static_cast<float>(term.idf);
    return ForEachPosting(term.text, [&](store::Entry e) { Add(e.id, e.payload, idf); });
  }

  // Calls visit(entry) for every entry of a term's (or facet's) posting
  // blocks on this shelf.
  template <typename Visit>
  absl::Status ForEachPosting(const std::string& term, Visit visit) const {
    absl::Status inner;
    RETURN_IF_ERROR(store_.Scan(Table::kSearchPostings, PostingPrefix(community_, kind_, term), {},
                                [&](absl::string_view, absl::string_view value) {
                                  if (!store::ForEachEntry(value, visit)) inner = Malformed();
                                  return inner.ok();
                                }));
    return inner;
  }

  // The term's postings of the documents already found, and no others.
  absl::Status Probe(const Term& term) {
    const float idf = static_cast<float>(term.idf);
    std::vector<uint32_t> blocks;
    for (uint32_t n : found_) blocks.push_back(n >> SearchIndex::kBlockBits);
    std::sort(blocks.begin(), blocks.end());
    blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
    auto add_found = [&](store::Entry e) {
      if (e.id < end_ && scores_[e.id] > 0) {
        scores_[e.id] += idf * weights_(FrequencyOf(e.payload), LengthOf(e.payload));
      }
    };
    // The term's blocks on this shelf, at most; a lookup costs about as
    // much as reading kLookupCost blocks in order.
    const uint64_t term_blocks =
        std::min<uint64_t>(static_cast<uint64_t>(term.df), (end_ >> SearchIndex::kBlockBits) + 1);
    if (blocks.size() * kLookupCost > term_blocks) {  // cheaper to read the whole term
      return ForEachPosting(term.text, add_found);
    }
    const std::string prefix = PostingPrefix(community_, kind_, term.text);
    for (uint32_t block : blocks) {
      ASSIGN_OR_RETURN(std::optional<std::string> value,
                       store_.Get(Table::kSearchPostings, prefix + Be32(block)));
      if (value.has_value() && !store::ForEachEntry(*value, add_found)) return Malformed();
    }
    return absl::OkStatus();
  }

  // The wanted-th best score among the documents found so far that the
  // query keeps; 0 when it is not known cheaply.
  absl::StatusOr<double> KthKeptScore() {
    if (found_.size() < wanted_) return 0.0;
    std::vector<float> scores;
    scores.reserve(found_.size());
    for (uint32_t n : found_) scores.push_back(scores_[n]);
    if (!query_.keep) {
      std::nth_element(scores.begin(), scores.begin() + (wanted_ - 1), scores.end(),
                       std::greater<float>());
      return scores[wanted_ - 1];
    }
    std::vector<uint32_t> order = found_;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return scores_[a] > scores_[b]; });
    size_t kept = 0;
    // Filters can reject most documents; asking too many costs more than
    // reading the remaining terms in full.
    const size_t budget = 4 * wanted_ + 64;
    for (size_t i = 0; i < order.size() && i < budget; ++i) {
      ASSIGN_OR_RETURN(bool keep, Kept(order[i]));
      if (keep && ++kept == wanted_) return scores_[order[i]];
    }
    return 0.0;
  }

  // A document's key and content, read once per query (filters, boosts).
  struct Loaded {
    std::string key;
    std::optional<Document> doc;
    std::optional<bool> kept;
  };
  absl::StatusOr<Loaded*> Load(uint32_t number) {
    auto [it, fresh] = loaded_.try_emplace(number);
    if (fresh) {
      ASSIGN_OR_RETURN(std::optional<std::string> key,
                       store_.Get(Table::kSearchNumbers, NumberKey(community_, kind_, number)));
      if (key.has_value()) {
        it->second.key = *key;
        ASSIGN_OR_RETURN(it->second.doc, LoadDoc(store_, community_, *key));
      }
    }
    return &it->second;
  }

  absl::StatusOr<bool> Kept(uint32_t number) {
    ASSIGN_OR_RETURN(Loaded * d, Load(number));
    if (!d->kept.has_value()) {
      d->kept = d->doc.has_value() && (!query_.keep || query_.keep(d->key, *d->doc));
    }
    return *d->kept;
  }

  // The wanted best documents the query keeps, in ranking order.
  absl::StatusOr<std::vector<Candidate>> Best() {
    if (query_.boost) {  // every document's score changes: read them all
      std::vector<uint32_t> all = tracking_ ? found_ : Nonzero();
      for (uint32_t n : all) {
        ASSIGN_OR_RETURN(Loaded * d, Load(n));
        if (d->doc.has_value()) scores_[n] += static_cast<float>(query_.boost(*d->doc));
      }
    }
    // Without a filter, no document needs reading: the caller reads the
    // page's own.
    if (!query_.keep) return Top(wanted_);
    for (size_t take = wanted_;; take *= 4) {
      std::vector<Candidate> top = Top(take);
      std::vector<Candidate> kept;
      for (const Candidate& c : top) {
        ASSIGN_OR_RETURN(bool keep, Kept(c.number));
        if (keep) kept.push_back(c);
      }
      if (kept.size() >= wanted_ || top.size() < take) {
        if (kept.size() > wanted_) kept.resize(wanted_);
        return kept;
      }
    }
  }

  std::vector<uint32_t> Nonzero() const {
    std::vector<uint32_t> out;
    for (uint32_t n = 0; n < end_; ++n) {
      if (scores_[n] > 0) out.push_back(n);
    }
    return out;
  }

  // Calls visit(n) for the numbers whose score may be at least `floor`
  // (read before each chunk, so visit may raise it). Most chunks hold no
  // such score: a branch-free pass over a chunk, which the compiler
  // vectorizes, skips them.
  template <typename Visit>
  void ForEachAtLeast(const float& floor, Visit visit) const {
    if (tracking_) {
      for (uint32_t n : found_) {
        if (scores_[n] >= floor) visit(n);
      }
      return;
    }
    constexpr uint32_t kChunk = 256;
    const uint32_t size = end_;
    const float* scores = scores_.data();
    for (uint32_t begin = 0; begin < size; begin += kChunk) {
      const uint32_t end = std::min(size, begin + kChunk);
      const float at_least = floor;
      int any = 0;
      for (uint32_t n = begin; n < end; ++n) any |= scores[n] >= at_least;
      if (any == 0) continue;
      for (uint32_t n = begin; n < end; ++n) {
        if (scores[n] >= floor) visit(n);
      }
    }
  }

  // The `take` best documents in ranking order.
  std::vector<Candidate> Top(size_t take) const {
    std::vector<Candidate> heap;  // the best so far, the last of them on top
    float floor = std::numeric_limits<float>::min();  // the smallest positive score
    ForEachAtLeast(floor, [&](uint32_t n) {
      const Candidate c{scores_[n], kind_, n};
      if (heap.size() < take) {
        heap.push_back(c);
        std::push_heap(heap.begin(), heap.end(), Before);
      } else if (Before(c, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), Before);
        heap.back() = c;
        std::push_heap(heap.begin(), heap.end(), Before);
      } else {
        return;
      }
      if (heap.size() == take) floor = heap.front().score;
    });
    std::sort(heap.begin(), heap.end(), Before);
    return heap;
  }

  const store::Store& store_;
  const std::string& community_;
  const Kind kind_;
  const FrequencyWeights& weights_;
  const Query& query_;
  const size_t wanted_;
  std::vector<float>& scores_;   // by document number; 0: not found
  uint32_t end_;                 // past the highest number on the shelf
  std::vector<uint32_t> found_;  // numbers with a score, while tracking_
  static constexpr uint8_t kAnyFacet = 0x80;
  std::vector<uint8_t> allowed_;  // per number: its mark (ReadFacets)
  uint8_t required_ = 0;          // the mark of a document the query allows
  bool filtering_ = false;        // the query names facets
  bool tracking_ = true;
  absl::flat_hash_map<uint32_t, Loaded> loaded_;
};

}  // namespace

void SearchIndex::Analyze(Document& doc) {
  doc.clear_terms();
  const std::vector<Token> tokens = Tokenizer::Dutch().Tokenize(doc.text());
  doc.set_length(static_cast<int32_t>(tokens.size()));
  for (const Token& t : tokens) ++(*doc.mutable_terms())[t.term];
}

absl::StatusOr<std::optional<Document>> SearchIndex::Find(const std::string& community,
                                                          const std::string& key) const {
  return LoadDoc(*store_, community, key);
}

SearchIndex::ScoreBuffer::ScoreBuffer(const SearchIndex* index) : index_(index) {
  absl::MutexLock lock(&index_->spare_mu_);
  if (!index_->spare_.empty()) {
    scores_ = std::move(index_->spare_.back());
    index_->spare_.pop_back();
  }
}

SearchIndex::ScoreBuffer::~ScoreBuffer() {
  absl::MutexLock lock(&index_->spare_mu_);
  if (index_->spare_.size() < kSpareBuffers) index_->spare_.push_back(std::move(scores_));
}

absl::StatusOr<uint32_t> SearchIndex::NextNumber(const std::string& community, Kind kind) {
  absl::MutexLock lock(&mu_);
  const std::string prefix = NumberPrefix(community, kind);
  auto it = next_number_.find(prefix);
  if (it == next_number_.end()) {
    ASSIGN_OR_RETURN(const uint32_t past, PastLastNumber(*store_, community, kind));
    // 0 is never given: it means a document without a number.
    it = next_number_.emplace(prefix, std::max<uint32_t>(past, 1)).first;
  }
  if (it->second == UINT32_MAX) return absl::ResourceExhaustedError("search index shelf is full");
  return it->second++;
}

absl::Status SearchIndex::Stage(const std::string& community, const std::string& key,
                                const Document* doc, store::WriteBatch& batch) {
  ASSIGN_OR_RETURN(std::optional<Document> old, LoadDoc(*store_, community, key));
  if (!old.has_value() && doc == nullptr) return absl::OkStatus();
  if (old.has_value()) Analyze(*old);  // its terms, to take its entries out
  if (old.has_value() && doc != nullptr && old->kind() != doc->kind()) {
    return absl::InternalError("a search document cannot change its kind");
  }
  const Kind kind = old.has_value() ? old->kind() : doc->kind();
  uint32_t number = 0;
  if (old.has_value()) {
    number = old->number();
  } else {
    ASSIGN_OR_RETURN(number, NextNumber(community, kind));
  }
  int64_t documents = 0, length = 0;
  if (old.has_value()) {
    documents -= 1;
    length -= old->length();
    for (const auto& [term, tf] : old->terms()) {
      if (doc != nullptr && doc->terms().count(term) > 0) continue;
      batch.Merge(Table::kSearchPostings, PostingKey(community, kind, term, number),
                  store::EraseEntry(number));
      batch.Merge(Table::kSearchCounts, TermCountsKey(community, term), store::Increments({-1}));
    }
  }
  // Facets: an entry each (no frequency, no length, no counts).
  const std::set<std::string> old_facets =
      old.has_value() ? std::set<std::string>(old->facets().begin(), old->facets().end())
                      : std::set<std::string>();
  const std::set<std::string> new_facets =
      doc != nullptr ? std::set<std::string>(doc->facets().begin(), doc->facets().end())
                     : std::set<std::string>();
  for (const std::string& f : old_facets) {
    if (new_facets.count(f) > 0) continue;
    batch.Merge(Table::kSearchPostings, PostingKey(community, kind, FacetTerm(f), number),
                store::EraseEntry(number));
  }
  for (const std::string& f : new_facets) {
    if (old_facets.count(f) > 0) continue;
    batch.Merge(Table::kSearchPostings, PostingKey(community, kind, FacetTerm(f), number),
                store::SetEntry({number, 0}));
  }
  if (doc == nullptr) {
    batch.Delete(Table::kSearchDocs, keys::Join({community, key}));
    batch.Delete(Table::kSearchNumbers, NumberKey(community, kind, number));
  } else {
    documents += 1;
    length += doc->length();
    // Entries carry the document's length: when it changes, all of them do.
    const bool same_length = old.has_value() && old->length() == doc->length();
    for (const auto& [term, tf] : doc->terms()) {
      const auto was = old.has_value() ? old->terms().find(term) : doc->terms().end();
      const bool had = old.has_value() && was != old->terms().end();
      if (same_length && had && was->second == tf) continue;  // unchanged entry
      batch.Merge(Table::kSearchPostings, PostingKey(community, kind, term, number),
                  store::SetEntry({number, Payload(tf, doc->length())}));
      if (!had) {
        batch.Merge(Table::kSearchCounts, TermCountsKey(community, term), store::Increments({1}));
      }
    }
    Document stored = *doc;
    stored.set_number(number);
    stored.clear_terms();  // derived from the text; a search reads documents, not their terms
    batch.Put(Table::kSearchDocs, keys::Join({community, key}), stored.SerializeAsString());
    if (!old.has_value()) batch.Put(Table::kSearchNumbers, NumberKey(community, kind, number), key);
  }
  if (documents != 0 || length != 0) {
    batch.Merge(Table::kSearchCounts, CorpusCountsKey(community),
                store::Increments({documents, length}));
  }
  return absl::OkStatus();
}

absl::StatusOr<CorpusStats> SearchIndex::Stats(const std::string& community) const {
  ASSIGN_OR_RETURN(std::optional<std::string> raw,
                   store_->Get(Table::kSearchCounts, CorpusCountsKey(community)));
  const std::vector<int64_t> counts = store::DecodeCounts(raw.value_or(""), 2);
  CorpusStats stats;
  stats.documents = std::max<int64_t>(counts[0], 0);
  stats.average_length = stats.documents > 0 ? static_cast<double>(counts[1]) / stats.documents : 0;
  return stats;
}

absl::StatusOr<int64_t> SearchIndex::DocumentFrequency(const std::string& community,
                                                       const std::string& term) const {
  ASSIGN_OR_RETURN(std::optional<std::string> raw,
                   store_->Get(Table::kSearchCounts, TermCountsKey(community, term)));
  return std::max<int64_t>(store::DecodeCounts(raw.value_or(""), 1)[0], 0);
}

absl::StatusOr<std::vector<Hit>> SearchIndex::Search(const std::string& community,
                                                     const Query& query) const {
  const size_t wanted =
      static_cast<size_t>(std::max(query.offset, 0)) + static_cast<size_t>(std::max(query.limit, 0));
  if (wanted == 0) return std::vector<Hit>();
  ASSIGN_OR_RETURN(CorpusStats corpus, Stats(community));
  // Rarest first: they decide the most, and a rare term's documents are
  // few, so the common terms can often be looked up for those alone.
  std::vector<Term> terms;
  for (const std::string& text : std::set<std::string>(query.terms.begin(), query.terms.end())) {
    ASSIGN_OR_RETURN(int64_t df, DocumentFrequency(community, text));
    if (df == 0) continue;
    const double idf = Bm25Idf(corpus, df);
    terms.push_back({text, df, idf, idf * (Bm25Params().k1 + 1)});
  }
  std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
    return a.df != b.df ? a.df < b.df : a.text < b.text;
  });
  if (terms.empty()) return std::vector<Hit>();

  const FrequencyWeights weights(corpus);
  std::set<Kind> kinds(query.kinds.begin(), query.kinds.end());
  if (kinds.empty()) kinds.insert(std::begin(kAllKinds), std::end(kAllKinds));

  ScoreBuffer scores(this);
  std::vector<Candidate> candidates;  // each shelf's best
  for (Kind kind : kinds) {
    // The shelf's size: numbers given so far (more may come meanwhile).
    ASSIGN_OR_RETURN(const uint32_t numbers, PastLastNumber(*store_, community, kind));
    if (numbers == 0) continue;
    ShelfSearch shelf(*store_, community, kind, numbers, weights, query, wanted, *scores);
    ASSIGN_OR_RETURN(std::vector<Candidate> best, shelf.Run(terms));
    candidates.insert(candidates.end(), best.begin(), best.end());
  }
  std::sort(candidates.begin(), candidates.end(), Before);
  std::vector<Hit> hits;
  for (size_t i = std::min<size_t>(query.offset, candidates.size());
       i < candidates.size() && hits.size() < static_cast<size_t>(query.limit); ++i) {
    const Candidate& c = candidates[i];
    ASSIGN_OR_RETURN(std::optional<std::string> key,
                     store_->Get(Table::kSearchNumbers, NumberKey(community, c.kind, c.number)));
    if (!key.has_value()) continue;  // removed meanwhile
    ASSIGN_OR_RETURN(std::optional<Document> doc, LoadDoc(*store_, community, *key));
    if (!doc.has_value()) continue;
    hits.push_back(Hit{*std::move(key), c.score, *std::move(doc)});
  }
  return hits;
}

absl::StatusOr<std::vector<std::string>> SearchIndex::Check() const {
  std::vector<std::string> problems;
  absl::Status inner;
  // Counts as the documents say they should be.
  std::map<std::string, std::pair<int64_t, int64_t>> corpus;  // community → documents, length
  std::map<std::string, int64_t> df;                          // counts key of a term → documents
  // Every document has its number, and each of its terms an entry with the
  // document's frequency and length.
  RETURN_IF_ERROR(store_->Scan(Table::kSearchDocs, "", {}, [&](absl::string_view key,
                                                               absl::string_view value) {
    const size_t nul = key.find('\0');
    const std::string community(key.substr(0, nul));
    const std::string doc_key(key.substr(nul + 1));
    Document doc;
    if (!doc.ParseFromString(std::string(value))) {
      problems.push_back(absl::StrCat("communities/", community, ": document ", doc_key,
                                      " cannot be parsed"));
      return true;
    }
    Analyze(doc);
    auto& [documents, length] = corpus[community];
    ++documents;
    length += doc.length();
    auto numbered = store_->Get(Table::kSearchNumbers, NumberKey(community, doc.kind(), doc.number()));
    if (!numbered.ok()) {
      inner = numbered.status();
      return false;
    }
    if (doc.number() == 0 || !numbered->has_value() || **numbered != doc_key) {
      problems.push_back(absl::StrCat(doc.name(), ": its number does not lead back to it"));
    }
    std::vector<store::Entry> entries;
    // The document's entry in a term's (or facet's) block, or nullopt.
    auto entry_of = [&](const std::string& term) -> absl::StatusOr<std::optional<uint32_t>> {
      ASSIGN_OR_RETURN(std::optional<std::string> raw,
                       store_->Get(Table::kSearchPostings,
                                   PostingKey(community, doc.kind(), term, doc.number())));
      if (raw.has_value() && store::DecodeEntries(*raw, &entries)) {
        for (const store::Entry& e : entries) {
          if (e.id == doc.number()) return std::optional<uint32_t>(e.payload);
        }
      }
      return std::optional<uint32_t>();
    };
    for (const auto& [term, tf] : doc.terms()) {
      ++df[TermCountsKey(community, term)];
      auto payload = entry_of(term);
      if (!payload.ok()) {
        inner = payload.status();
        return false;
      }
      if (!payload->has_value()) {
        problems.push_back(absl::StrCat(doc.name(), ": no posting for a term it holds"));
      } else if (**payload != Payload(tf, doc.length())) {
        problems.push_back(absl::StrCat(doc.name(), ": a posting with the wrong counts"));
      }
    }
    for (const std::string& facet : doc.facets()) {
      auto payload = entry_of(FacetTerm(facet));
      if (!payload.ok()) {
        inner = payload.status();
        return false;
      }
      if (!payload->has_value()) {
        problems.push_back(absl::StrCat(doc.name(), ": no posting for its facet ", facet));
      }
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  // Every number leads to a document that has it.
  RETURN_IF_ERROR(store_->Scan(Table::kSearchNumbers, "", {}, [&](absl::string_view key,
                                                                  absl::string_view value) {
    const size_t nul = key.find('\0');
    if (nul == absl::string_view::npos || key.size() != nul + 7 || key[nul + 2] != '\0') {
      problems.push_back("a document number with a malformed key");
      return true;
    }
    const std::string community(key.substr(0, nul));
    const uint32_t number = ReadBe32(key.substr(nul + 3));
    auto doc = LoadDoc(*store_, community, std::string(value));
    if (!doc.ok()) {
      inner = doc.status();
      return false;
    }
    if (!doc->has_value() || (*doc)->number() != number) {
      problems.push_back(absl::StrCat("communities/", community, ": document number ", number,
                                      " leads to ", value, ", which does not have it"));
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  // Every entry belongs to a document that holds its term.
  std::map<std::string, std::optional<Document>> cache;
  RETURN_IF_ERROR(store_->Scan(Table::kSearchPostings, "", {}, [&](absl::string_view key,
                                                                   absl::string_view value) {
    const size_t first = key.find('\0');
    const size_t second = key.find('\0', first + 1);
    const size_t third = second == absl::string_view::npos ? second : key.find('\0', second + 1);
    if (third == absl::string_view::npos || key.size() != third + 5 || second != first + 2) {
      problems.push_back("a posting block with a malformed key");
      return true;
    }
    const std::string community(key.substr(0, first));
    const Kind kind = static_cast<Kind>(key[first + 1] - '0');
    const std::string term(key.substr(second + 1, third - second - 1));
    std::vector<store::Entry> entries;
    if (!store::DecodeEntries(value, &entries)) {
      problems.push_back(absl::StrCat("communities/", community, ": a malformed posting block"));
      return true;
    }
    for (const store::Entry& e : entries) {
      auto doc_key = store_->Get(Table::kSearchNumbers, NumberKey(community, kind, e.id));
      if (!doc_key.ok()) {
        inner = doc_key.status();
        return false;
      }
      if (!doc_key->has_value()) {
        problems.push_back(absl::StrCat("communities/", community, ": a posting for document number ",
                                        e.id, ", which is not indexed"));
        continue;
      }
      auto [it, fresh] = cache.try_emplace(community + '\0' + **doc_key);
      if (fresh) {
        auto doc = LoadDoc(*store_, community, **doc_key);
        if (!doc.ok()) {
          inner = doc.status();
          return false;
        }
        it->second = *std::move(doc);
        if (it->second.has_value()) Analyze(*it->second);
      }
      if (!it->second.has_value()) {
        problems.push_back(absl::StrCat("communities/", community, ": a posting for ", **doc_key,
                                        ", which is not indexed"));
      } else if (IsFacetTerm(term) ? std::find(it->second->facets().begin(),
                                               it->second->facets().end(),
                                               term.substr(1)) == it->second->facets().end()
                                   : it->second->terms().count(term) == 0) {
        problems.push_back(absl::StrCat(it->second->name(), ": a posting for a term it does not hold"));
      }
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  // Every count as the documents make it.
  RETURN_IF_ERROR(store_->Scan(Table::kSearchCounts, "", {}, [&](absl::string_view key,
                                                                 absl::string_view value) {
    const std::string k(key);
    const size_t nul = k.find('\0');
    if (nul == std::string::npos) {
      const std::vector<int64_t> counts = store::DecodeCounts(value, 2);
      const auto expected = corpus[k];
      if (counts[0] != expected.first || counts[1] != expected.second) {
        problems.push_back(absl::StrCat("communities/", k, ": the document count or total length is wrong"));
      }
      corpus.erase(k);
    } else {
      const int64_t count = store::DecodeCounts(value, 1)[0];
      auto it = df.find(k);
      if (count != (it == df.end() ? 0 : it->second)) {
        problems.push_back(absl::StrCat("communities/", k.substr(0, nul),
                                        ": a term's document count is wrong"));
      }
      if (it != df.end()) df.erase(it);
    }
    return true;
  }));
  for (const auto& [community, counts] : corpus) {
    if (counts.first != 0) problems.push_back(absl::StrCat("communities/", community, ": no document count"));
  }
  for (const auto& [k, count] : df) {
    problems.push_back(absl::StrCat("communities/", k.substr(0, k.find('\0')),
                                    ": a term without a document count"));
  }
  return problems;
}

}  // namespace kompas::search
