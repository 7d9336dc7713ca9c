// What the search index holds of each kind of record: the searchable text
// and the attributes search filters on. The one place that decides what is
// findable, used by every write that changes a record and by reindexing.
//
// Drafts are not indexed: a draft is its author's alone until it is opened.
#ifndef KOMPAS_DOMAIN_SEARCH_DOCUMENTS_H_
#define KOMPAS_DOMAIN_SEARCH_DOCUMENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/standard.pb.h"
#include "search/index.h"
#include "store/store.h"

namespace kompas::domain {

std::string CaseDocKey(const std::string& case_id);
std::string ReflectionDocKey(const std::string& case_id, const std::string& reflection_id);
std::string StandardDocKey(const std::string& standard_id);

// The facets search filters on (search::Document.facets), one per value:
// "status=<CaseStatus number>", "theme=<theme>", "law=<law>",
// "municipality=<name>", "standard_status=<StandardStatus number>",
// "month=<yyyy-mm>".
std::string StatusFacet(v1::CaseStatus status);
std::string ThemeFacet(const std::string& theme);
std::string LawFacet(const std::string& law);
std::string MunicipalityFacet(const std::string& municipality);
std::string StandardStatusFacet(v1::StandardStatus status);
// "month=2025-03": the UTC month a document was created in.
std::string MonthFacet(int64_t unix_seconds);

// nullopt when the case is not to be found (a draft).
std::optional<search::Document> CaseDocument(const v1::Case& c);
// A reflection is found by its case's title and facets; nullopt while its
// case is a draft.
std::optional<search::Document> ReflectionDocument(const v1::Reflection& r, const v1::Case& c);
search::Document StandardDocument(const v1::Standard& s);

// A document's text without the title it starts with (a case's and a
// standard's do, so a title word finds them): what a search result's
// snippet shows below the title. A reflection's title is its case's and
// its text only its own, so its text is returned whole, as is a text that
// is only its title.
absl::string_view TextBelowTitle(const search::Document& doc);

// Stages in `batch` the index change for a case (nullptr: removed). A null
// index (tools) stages nothing.
absl::Status StageCase(search::SearchIndex* index, const std::string& community,
                       const std::string& case_id, const v1::Case* c, store::WriteBatch& batch);

// Stages the change of a case from `before` to `after` (both indexed),
// and, when its title or facets change, its reflections' too, which carry
// them.
absl::Status StageCaseChange(search::SearchIndex* index, const store::Store& store,
                             const std::string& community, const std::string& case_id,
                             const v1::Case& before, const v1::Case& after,
                             store::WriteBatch& batch);

// Rebuilds the whole index from the records (kompas-admin reindex, with
// kompasd stopped): drops every document and posting, then indexes every
// case, reflection and standard. Returns how many documents it indexed.
absl::StatusOr<int64_t> Reindex(store::Store& store, search::SearchIndex& index);

// Rebuilds the index once when the store holds it in an older layout (or
// none), and records the layout; does nothing otherwise. At start-up.
absl::Status UpgradeSearchIndex(store::Store& store, search::SearchIndex& index);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SEARCH_DOCUMENTS_H_
