#include "search/index.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "search/tokenizer.h"
#include "store/keys.h"

namespace kompas::search {
namespace {

using store::Table;
namespace keys = store::keys;

// A posting's value: the term's frequency in the document and the
// document's length, so ranking needs no document reads ("3 120").
struct Posting {
  int64_t term_frequency = 0;
  int64_t document_length = 0;
};

std::string EncodePosting(int64_t tf, int64_t length) { return absl::StrCat(tf, " ", length); }

std::optional<Posting> ParsePosting(absl::string_view value) {
  const size_t space = value.find(' ');
  Posting p;
  if (space == absl::string_view::npos || !absl::SimpleAtoi(value.substr(0, space), &p.term_frequency) ||
      !absl::SimpleAtoi(value.substr(space + 1), &p.document_length)) {
    return std::nullopt;
  }
  return p;
}

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

absl::StatusOr<StatsChange> SearchIndex::Stage(const std::string& community,
                                               const std::string& key, const Document* doc,
                                               store::WriteBatch& batch) const {
  ASSIGN_OR_RETURN(std::optional<Document> old, LoadDoc(*store_, community, key));
  StatsChange change{community, 0, 0};
  if (old.has_value()) {
    change.documents -= 1;
    change.length -= old->length();
    for (const auto& [term, tf] : old->terms()) {
      if (doc == nullptr || doc->terms().count(term) == 0) {
        batch.Delete(Table::kSearchPostings, keys::Join({community, term, key}));
      }
    }
  }
  if (doc == nullptr) {
    if (old.has_value()) batch.Delete(Table::kSearchDocs, keys::Join({community, key}));
    return change;
  }
  change.documents += 1;
  change.length += doc->length();
  // Postings carry the document's length: when it changes, all of them do.
  const bool same_length = old.has_value() && old->length() == doc->length();
  for (const auto& [term, tf] : doc->terms()) {
    if (same_length) {
      auto it = old->terms().find(term);
      if (it != old->terms().end() && it->second == tf) continue;  // unchanged posting
    }
    batch.Put(Table::kSearchPostings, keys::Join({community, term, key}),
              EncodePosting(tf, doc->length()));
  }
  batch.Put(Table::kSearchDocs, keys::Join({community, key}), doc->SerializeAsString());
  return change;
}

void SearchIndex::Applied(const StatsChange& change) {
  absl::MutexLock lock(&mu_);
  auto it = stats_.find(change.community);
  if (it == stats_.end()) return;  // not counted yet: the count will include it
  it->second.documents += change.documents;
  total_length_[change.community] += change.length;
  it->second.average_length =
      it->second.documents > 0
          ? static_cast<double>(total_length_[change.community]) / it->second.documents
          : 0;
}

absl::StatusOr<CorpusStats> SearchIndex::Stats(const std::string& community) {
  {
    absl::MutexLock lock(&mu_);
    auto it = stats_.find(community);
    if (it != stats_.end()) return it->second;
  }
  // Count once. A write between this count and its insertion may be missed
  // or counted twice; the statistics only weigh the ranking, and are
  // recounted on the next start.
  int64_t documents = 0, length = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kSearchDocs, keys::Prefix({community}), {},
                               [&](absl::string_view, absl::string_view value) {
                                 Document doc;
                                 if (!doc.ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError(
                                       "a stored search document cannot be parsed");
                                   return false;
                                 }
                                 ++documents;
                                 length += doc.length();
                                 return true;
                               }));
  RETURN_IF_ERROR(inner);
  absl::MutexLock lock(&mu_);
  CorpusStats& stats = stats_[community];
  stats.documents = documents;
  total_length_[community] = length;
  stats.average_length = documents > 0 ? static_cast<double>(length) / documents : 0;
  return stats;
}

absl::StatusOr<int64_t> SearchIndex::DocumentFrequency(const std::string& community,
                                                       const std::string& term) const {
  int64_t n = 0;
  RETURN_IF_ERROR(store_->Scan(Table::kSearchPostings, keys::Prefix({community, term}), {},
                               [&](absl::string_view, absl::string_view) {
                                 return ++n < kMaxPostingsPerTerm;
                               }));
  return n;
}

absl::StatusOr<std::vector<Hit>> SearchIndex::Search(const std::string& community,
                                                     const Query& query) {
  ASSIGN_OR_RETURN(CorpusStats corpus, Stats(community));
  const std::set<std::string> terms(query.terms.begin(), query.terms.end());
  std::map<std::string, double> scores;  // document key → score
  for (const std::string& term : terms) {
    // One scan collects the postings; their count is the document frequency.
    std::vector<std::pair<std::string, Posting>> postings;
    const std::string prefix = keys::Prefix({community, term});
    absl::Status inner;
    RETURN_IF_ERROR(store_->Scan(Table::kSearchPostings, prefix, {},
                                 [&](absl::string_view key, absl::string_view value) {
                                   std::optional<Posting> p = ParsePosting(value);
                                   if (!p.has_value()) {
                                     inner = absl::DataLossError("a search posting cannot be parsed");
                                     return false;
                                   }
                                   postings.emplace_back(std::string(key.substr(prefix.size())), *p);
                                   return postings.size() < kMaxPostingsPerTerm;
                                 }));
    RETURN_IF_ERROR(inner);
    const int64_t df = static_cast<int64_t>(postings.size());
    for (const auto& [key, p] : postings) {
      scores[key] += Bm25TermScore(corpus, df, p.term_frequency, p.document_length);
    }
  }
  std::vector<Hit> ranked;
  ranked.reserve(scores.size());
  for (auto& [key, score] : scores) ranked.push_back(Hit{key, score, Document()});
  if (query.boost) {
    for (Hit& hit : ranked) {
      ASSIGN_OR_RETURN(std::optional<Document> doc, LoadDoc(*store_, community, hit.key));
      if (!doc.has_value()) continue;
      hit.score += query.boost(*doc);
      hit.doc = *std::move(doc);
    }
  }
  // Best first; equal scores in key order, so pages are stable.
  std::sort(ranked.begin(), ranked.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.key < b.key;
  });
  std::vector<Hit> out;
  int skipped = 0;
  for (Hit& hit : ranked) {
    if (static_cast<int>(out.size()) == query.limit) break;
    if (hit.doc.name().empty()) {  // not loaded for a boost
      ASSIGN_OR_RETURN(std::optional<Document> doc, LoadDoc(*store_, community, hit.key));
      if (!doc.has_value()) continue;  // deleted meanwhile
      hit.doc = *std::move(doc);
    }
    if (query.keep && !query.keep(hit.key, hit.doc)) continue;
    if (skipped < query.offset) {
      ++skipped;
      continue;
    }
    out.push_back(std::move(hit));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SearchIndex::Check() const {
  std::vector<std::string> problems;
  // Every document term has its posting, with the document's frequency and length.
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kSearchDocs, "", {}, [&](absl::string_view key,
                                                               absl::string_view value) {
    Document doc;
    if (!doc.ParseFromString(std::string(value))) {
      problems.push_back(absl::StrCat("document ", doc.name(), " cannot be parsed"));
      return true;
    }
    const size_t nul = key.find('\0');
    const std::string community(key.substr(0, nul));
    const std::string doc_key(key.substr(nul + 1));
    for (const auto& [term, tf] : doc.terms()) {
      auto raw = store_->Get(Table::kSearchPostings, keys::Join({community, term, doc_key}));
      if (!raw.ok()) {
        inner = raw.status();
        return false;
      }
      std::optional<Posting> p = raw->has_value() ? ParsePosting(**raw) : std::nullopt;
      if (!p.has_value()) {
        problems.push_back(absl::StrCat(doc.name(), ": no posting for a term it holds"));
      } else if (p->term_frequency != tf || p->document_length != doc.length()) {
        problems.push_back(absl::StrCat(doc.name(), ": a posting with the wrong counts"));
      }
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  // Every posting belongs to a document that holds its term.
  std::map<std::string, std::optional<Document>> cache;
  RETURN_IF_ERROR(store_->Scan(Table::kSearchPostings, "", {}, [&](absl::string_view key,
                                                                   absl::string_view) {
    const size_t first = key.find('\0');
    const size_t second = key.find('\0', first + 1);
    if (first == absl::string_view::npos || second == absl::string_view::npos) {
      problems.push_back("a posting with a malformed key");
      return true;
    }
    const std::string community(key.substr(0, first));
    const std::string term(key.substr(first + 1, second - first - 1));
    const std::string doc_key(key.substr(second + 1));
    auto [it, fresh] = cache.try_emplace(community + '\0' + doc_key);
    if (fresh) {
      auto doc = LoadDoc(*store_, community, doc_key);
      if (!doc.ok()) {
        inner = doc.status();
        return false;
      }
      it->second = *std::move(doc);
    }
    if (!it->second.has_value()) {
      problems.push_back(absl::StrCat("communities/", community, ": a posting for ", doc_key,
                                      ", which is not indexed"));
    } else if (it->second->terms().count(term) == 0) {
      problems.push_back(absl::StrCat(it->second->name(), ": a posting for a term it does not hold"));
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  return problems;
}

}  // namespace kompas::search
