// Search use cases: full-text search over a community's cases, reflections
// and standards; cases similar to a case; the adopted standards that apply
// to a case. Ranking and storage are search/index.h's; this class decides
// what a caller may find, applies the filters and shapes the results.
#ifndef KOMPAS_DOMAIN_SEARCHES_H_
#define KOMPAS_DOMAIN_SEARCHES_H_

#include "absl/status/statusor.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/standards.h"
#include "kompas/v1/search.pb.h"
#include "search/index.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class Searches {
 public:
  Searches(search::SearchIndex* index, const Cases* cases, const Standards* standards)
      : index_(index), cases_(cases), standards_(standards) {}

  absl::StatusOr<v1::SearchResponse> Search(const Call& call,
                                            const v1::SearchRequest& request) const;
  absl::StatusOr<v1::SimilarCasesResponse> SimilarCases(const Call& call,
                                                        const v1::SimilarCasesRequest& request) const;
  absl::StatusOr<v1::ApplicableStandardsResponse> ApplicableStandards(
      const Call& call, const v1::ApplicableStandardsRequest& request) const;

  static constexpr int kMaxPageSize = 100;
  // Search pages reach this many results and no further: each page costs
  // ranking every result before it, and nobody reads that far.
  static constexpr int kMaxResults = 1000;
  // Terms of a case that describe it in SimilarCases and ApplicableStandards.
  static constexpr int kDistinctiveTerms = 16;

 private:
  // What SimilarCases and ApplicableStandards start from: the page size
  // asked for (10 by default), the case (after checking the caller may see
  // it), its community and its most distinctive terms (by tf·idf).
  struct FromCase {
    int page_size = 0;
    v1::Case c;
    std::string community;
    std::string case_id;
    std::vector<std::string> terms;
  };
  absl::StatusOr<FromCase> StartFromCase(const Call& call, const std::string& case_name,
                                         int32_t page_size) const;
  // Shapes hits as results and reports each returned case and reflection
  // to the call as read (a snippet is case material).
  absl::StatusOr<std::vector<v1::SearchResult>> Results(const Call& call,
                                                        const std::string& community,
                                                        const std::vector<search::Hit>& hits,
                                                        const std::vector<std::string>& terms) const;

  search::SearchIndex* index_;
  const Cases* cases_;
  const Standards* standards_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SEARCHES_H_
