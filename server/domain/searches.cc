#include "domain/searches.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/case_rules.h"
#include "domain/internal/page_token.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/validation.h"
#include "search/bm25.h"
#include "search/snippet.h"
#include "search/tokenizer.h"

namespace kompas::domain {
namespace {

constexpr size_t kMaxQueryBytes = 1000;

using internal::Contains;

std::vector<std::string> QueryTerms(absl::string_view text) {
  std::vector<std::string> terms;
  for (const search::Token& t : search::Tokenizer::Dutch().Tokenize(text)) {
    terms.push_back(t.term);
  }
  return terms;
}

// The month facets of the creation times [start, end); empty (no narrowing)
// for an open start or a range of more than ten years.
std::vector<std::string> MonthFacets(int64_t start, int64_t end) {
  constexpr int kMaxMonths = 120;
  std::vector<std::string> out;
  if (start == INT64_MIN || end <= start) return out;
  const absl::CivilMonth last =
      absl::ToCivilMonth(absl::FromUnixSeconds(end - 1), absl::UTCTimeZone());
  for (absl::CivilMonth m = absl::ToCivilMonth(absl::FromUnixSeconds(start), absl::UTCTimeZone());
       m <= last; ++m) {
    if (static_cast<int>(out.size()) == kMaxMonths) return {};
    out.push_back(MonthFacet(absl::ToUnixSeconds(absl::FromCivil(m, absl::UTCTimeZone()))));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::SearchResult>> Searches::Results(
    const Call& call, const std::string& community, const std::vector<search::Hit>& hits,
    const std::vector<std::string>& terms) const {
  const std::set<std::string> wanted(terms.begin(), terms.end());
  std::vector<v1::SearchResult> out;
  std::vector<std::string> read;
  for (const search::Hit& hit : hits) {
    v1::SearchResult r;
    r.set_kind(hit.doc.kind());
    r.set_name(hit.doc.name());
    r.set_case_(hit.doc.case_());
    r.set_title(hit.doc.title());
    r.set_score(hit.score);
    search::Snippet snippet = search::MakeSnippet(TextBelowTitle(hit.doc), wanted);
    r.set_snippet(std::move(snippet.text));
    for (const auto& [start, end] : snippet.highlights) {
      v1::Highlight* h = r.add_highlights();
      h->set_start(static_cast<int32_t>(start));
      h->set_end(static_cast<int32_t>(end));
    }
    if (hit.doc.kind() != v1::SEARCH_KIND_STANDARD) {
      read.push_back(hit.doc.name());
    }
    out.push_back(std::move(r));
  }
  RETURN_IF_ERROR(call.Read(community, read));
  return out;
}

absl::StatusOr<v1::SearchResponse> Searches::Search(const Call& call,
                                                    const v1::SearchRequest& request) const {
  ASSIGN_OR_RETURN(std::string community, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  CheckText(v, "query", request.query(), /*required=*/true, kMaxQueryBytes);
  const int page_size = CheckPageSize(v, request.page_size(), kDefaultPageSize, Searches::kMaxPageSize);
  for (int i = 0; i < request.kinds_size(); ++i) {
    if (request.kinds(i) == v1::SEARCH_KIND_UNSPECIFIED || !v1::SearchKind_IsValid(request.kinds(i))) {
      v.Add(absl::StrCat("kinds[", i, "]"), "must be CASE, REFLECTION or STANDARD");
    }
  }
  internal::CheckCaseFilters(v, request);
  if (request.has_start_time() && request.has_end_time() &&
      request.end_time().seconds() <= request.start_time().seconds()) {
    v.Add("end_time", "must be after start_time");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const std::vector<std::string> terms = QueryTerms(request.query());
  if (terms.empty()) {
    v.Add("query", "has no words to look for: common words such as \"de\", \"het\" and \"of\" "
                   "are ignored");
    return v.ToStatus();
  }
  // The token fingerprints the request without its page token.
  v1::SearchRequest shape = request;
  shape.clear_page_token();
  shape.clear_page_size();
  const uint64_t fp = internal::Fingerprint(shape.SerializeAsString());
  ASSIGN_OR_RETURN(std::string cursor, internal::DecodePageToken(request.page_token(), fp));
  int offset = 0;
  if (!cursor.empty() &&
      (!absl::SimpleAtoi(cursor, &offset) || offset < 0 || offset >= kMaxResults)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }

  search::Query query;
  query.terms = terms;
  for (int kind : request.kinds()) query.kinds.push_back(static_cast<v1::SearchKind>(kind));
  query.offset = offset;
  query.limit = page_size + 1;  // one more tells whether there is a next page
  // Filters on what a case (and its reflections) or a standard is about
  // are facets of the index; the creation time is checked per document.
  if (request.status() != v1::CASE_STATUS_UNSPECIFIED) {
    query.facets.push_back(StatusFacet(request.status()));
  }
  if (!request.theme().empty()) query.facets.push_back(ThemeFacet(request.theme()));
  if (!request.law().empty()) query.facets.push_back(LawFacet(request.law()));
  if (!request.municipality().empty()) {
    query.facets.push_back(MunicipalityFacet(request.municipality()));
  }
  const int64_t start = request.has_start_time() ? request.start_time().seconds() : INT64_MIN;
  const int64_t end = request.has_end_time() ? request.end_time().seconds() : INT64_MAX;
  if (request.has_start_time() || request.has_end_time()) {
    // The months of the range narrow the search first; the exact bounds are
    // checked on the documents that could reach the page.
    const int64_t until = request.has_end_time() ? end : absl::ToUnixSeconds(absl::Now()) + 1;
    query.any_facets = MonthFacets(start, until);
    query.keep = [start, end](const std::string&, const search::Document& doc) {
      return doc.create_seconds() >= start && doc.create_seconds() < end;
    };
  }
  ASSIGN_OR_RETURN(std::vector<search::Hit> hits, index_->Search(community, query));
  v1::SearchResponse response;
  const bool more = static_cast<int>(hits.size()) > page_size;
  if (more) hits.resize(page_size);
  ASSIGN_OR_RETURN(std::vector<v1::SearchResult> results,
                   Results(call, community, hits, terms));
  for (v1::SearchResult& r : results) *response.add_results() = std::move(r);
  if (more && offset + page_size < kMaxResults) {
    response.set_next_page_token(internal::EncodePageToken(fp, absl::StrCat(offset + page_size)));
  }
  return response;
}

absl::StatusOr<Searches::FromCase> Searches::StartFromCase(const Call& call,
                                                          const std::string& case_name,
                                                          int32_t page_size) const {
  FromCase from;
  FieldViolations v;
  from.page_size = CheckPageSize(v, page_size, 10, Searches::kMaxPageSize);
  RETURN_IF_ERROR(v.ToStatus());
  v1::GetCaseRequest get;
  get.set_name(case_name);
  ASSIGN_OR_RETURN(from.c, cases_->Get(call, get));  // NOT_FOUND for someone else's draft
  ASSIGN_OR_RETURN(CaseName name, ParseCaseName(case_name, "name"));
  from.community = name.community;
  from.case_id = name.case_id;
  std::optional<search::Document> doc = CaseDocument(from.c);
  if (!doc.has_value()) return from;  // a draft: nothing indexed
  ASSIGN_OR_RETURN(search::CorpusStats corpus, index_->Stats(name.community));
  std::vector<std::pair<double, std::string>> weighted;
  for (const auto& [term, tf] : doc->terms()) {
    ASSIGN_OR_RETURN(int64_t df, index_->DocumentFrequency(name.community, term));
    weighted.emplace_back(-tf * search::Bm25Idf(corpus, df), term);
  }
  std::sort(weighted.begin(), weighted.end());
  for (const auto& [weight, term] : weighted) {
    if (static_cast<int>(from.terms.size()) == kDistinctiveTerms) break;
    from.terms.push_back(term);
  }
  return from;
}

absl::StatusOr<v1::SimilarCasesResponse> Searches::SimilarCases(
    const Call& call, const v1::SimilarCasesRequest& request) const {
  ASSIGN_OR_RETURN(FromCase from, StartFromCase(call, request.name(), request.page_size()));
  v1::SimilarCasesResponse response;
  if (from.terms.empty()) return response;
  const std::string self = CaseDocKey(from.case_id);
  search::Query query;
  query.terms = from.terms;
  query.kinds = {v1::SEARCH_KIND_CASE};
  query.limit = from.page_size + 1;  // the case itself is likely among them
  ASSIGN_OR_RETURN(std::vector<search::Hit> hits, index_->Search(from.community, query));
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [&](const search::Hit& h) { return h.key == self; }),
             hits.end());
  if (static_cast<int>(hits.size()) > from.page_size) hits.resize(from.page_size);
  ASSIGN_OR_RETURN(std::vector<v1::SearchResult> results,
                   Results(call, from.community, hits, from.terms));
  for (v1::SearchResult& r : results) *response.add_results() = std::move(r);
  return response;
}

absl::StatusOr<v1::ApplicableStandardsResponse> Searches::ApplicableStandards(
    const Call& call, const v1::ApplicableStandardsRequest& request) const {
  ASSIGN_OR_RETURN(FromCase from, StartFromCase(call, request.name(), request.page_size()));
  const v1::Case& c = from.c;
  // Shared laws and themes weigh like a strong word match each: a standard
  // on the same law applies even when it is worded differently.
  constexpr double kSharedLaw = 2.0, kSharedTheme = 1.0;
  search::Query query;
  query.terms = from.terms;
  query.kinds = {v1::SEARCH_KIND_STANDARD};
  query.facets = {StandardStatusFacet(v1::STANDARD_STATUS_ADOPTED)};
  query.limit = from.page_size;
  query.boost = [&](const search::Document& doc) {
    double boost = 0;
    for (const std::string& law : doc.laws()) boost += Contains(c.laws(), law) ? kSharedLaw : 0;
    for (const std::string& theme : doc.themes()) {
      boost += Contains(c.themes(), theme) ? kSharedTheme : 0;
    }
    return boost;
  };
  // Standards that share a law or theme but no word are candidates too: the
  // adopted standards are few, so each is considered.
  ASSIGN_OR_RETURN(std::vector<v1::Standard> adopted, standards_->Adopted(from.community));
  for (const v1::Standard& s : adopted) {
    for (const std::string& law : s.content().laws()) query.terms.push_back(law);
  }
  ASSIGN_OR_RETURN(std::vector<search::Hit> hits, index_->Search(from.community, query));
  std::set<std::string> found;
  for (const search::Hit& h : hits) found.insert(h.doc.name());
  for (const v1::Standard& s : adopted) {
    if (found.count(s.name()) > 0) continue;
    search::Hit extra;
    extra.doc = StandardDocument(s);
    extra.score = query.boost(extra.doc);
    if (extra.score > 0) hits.push_back(std::move(extra));
  }
  std::sort(hits.begin(), hits.end(), [](const search::Hit& a, const search::Hit& b) {
    return a.score != b.score ? a.score > b.score : a.doc.name() < b.doc.name();
  });
  if (static_cast<int>(hits.size()) > from.page_size) hits.resize(from.page_size);
  ASSIGN_OR_RETURN(std::vector<v1::SearchResult> results,
                   Results(call, from.community, hits, from.terms));
  v1::ApplicableStandardsResponse response;
  for (v1::SearchResult& r : results) *response.add_results() = std::move(r);
  return response;
}

}  // namespace kompas::domain
