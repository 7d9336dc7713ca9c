#include "domain/search_documents.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

// Between the texts of a document, so no two words run together.
constexpr absl::string_view kTextSeparator = "\n\n";

// Texts joined by blank lines.
template <typename... Parts>
std::string JoinTexts(const Parts&... parts) {
  std::string out;
  for (absl::string_view p : {absl::string_view(parts)...}) {
    if (p.empty()) continue;
    if (!out.empty()) out.append(kTextSeparator.data(), kTextSeparator.size());
    out.append(p.data(), p.size());
  }
  return out;
}

// The id after the last '/' of a resource name.
std::string IdOf(const std::string& name) { return std::string(IdOfName(name)); }

// The facets of a case, shared by its reflections.
void AddCaseFacets(const v1::Case& c, search::Document& doc) {
  doc.add_facets(StatusFacet(c.status()));
  for (const std::string& t : c.themes()) doc.add_facets(ThemeFacet(t));
  for (const std::string& l : c.laws()) doc.add_facets(LawFacet(l));
  // A hidden origin is not findable by municipality.
  if (!c.hide_origin() && !c.origin_municipality().empty()) {
    doc.add_facets(MunicipalityFacet(c.origin_municipality()));
  }
}

}  // namespace

std::string CaseDocKey(const std::string& case_id) { return absl::StrCat("case/", case_id); }
std::string ReflectionDocKey(const std::string& case_id, const std::string& reflection_id) {
  return absl::StrCat("reflection/", case_id, "/", reflection_id);
}
std::string StandardDocKey(const std::string& standard_id) {
  return absl::StrCat("standard/", standard_id);
}

std::string StatusFacet(v1::CaseStatus status) { return absl::StrCat("status=", status); }
std::string ThemeFacet(const std::string& theme) { return absl::StrCat("theme=", theme); }
std::string LawFacet(const std::string& law) { return absl::StrCat("law=", law); }
std::string MunicipalityFacet(const std::string& municipality) {
  return absl::StrCat("municipality=", municipality);
}
std::string StandardStatusFacet(v1::StandardStatus status) {
  return absl::StrCat("standard_status=", status);
}
std::string MonthFacet(int64_t unix_seconds) {
  const absl::CivilMonth month =
      absl::ToCivilMonth(absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
  return absl::StrFormat("month=%04d-%02d", month.year(), month.month());
}

absl::string_view TextBelowTitle(const search::Document& doc) {
  const bool starts_with_title =
      doc.kind() == v1::SEARCH_KIND_CASE || doc.kind() == v1::SEARCH_KIND_STANDARD;
  absl::string_view body = doc.text();
  if (starts_with_title && !doc.title().empty() &&
      absl::ConsumePrefix(&body, absl::StrCat(doc.title(), kTextSeparator)) && !body.empty()) {
    return body;
  }
  return doc.text();
}

std::optional<search::Document> CaseDocument(const v1::Case& c) {
  if (c.status() == v1::CASE_STATUS_DRAFT) return std::nullopt;
  search::Document doc;
  doc.set_kind(v1::SEARCH_KIND_CASE);
  doc.set_name(c.name());
  doc.set_title(c.title());
  const v1::Framing& f = c.framing();
  doc.set_text(JoinTexts(c.title(), c.situation(), c.question(), f.task(), f.purpose(),
                         f.necessary_data(), f.legal_basis_and_proportionality(),
                         absl::StrJoin(c.options(), "\n\n"), c.decision(), c.outcome()));
  doc.set_status(c.status());
  *doc.mutable_themes() = c.themes();
  *doc.mutable_laws() = c.laws();
  // A hidden origin is not findable by municipality.
  if (!c.hide_origin()) doc.set_municipality(c.origin_municipality());
  doc.set_create_seconds(c.create_time().seconds());
  doc.add_facets(MonthFacet(doc.create_seconds()));
  AddCaseFacets(c, doc);
  search::SearchIndex::Analyze(doc);
  return doc;
}

std::optional<search::Document> ReflectionDocument(const v1::Reflection& r, const v1::Case& c) {
  if (c.status() == v1::CASE_STATUS_DRAFT) return std::nullopt;
  search::Document doc;
  doc.set_kind(v1::SEARCH_KIND_REFLECTION);
  doc.set_name(r.name());
  doc.set_case_(c.name());
  doc.set_title(c.title());
  doc.set_text(r.text());
  doc.set_create_seconds(r.create_time().seconds());
  doc.add_facets(MonthFacet(doc.create_seconds()));
  AddCaseFacets(c, doc);
  search::SearchIndex::Analyze(doc);
  return doc;
}

search::Document StandardDocument(const v1::Standard& s) {
  search::Document doc;
  doc.set_kind(v1::SEARCH_KIND_STANDARD);
  doc.set_name(s.name());
  doc.set_title(s.content().title());
  doc.set_text(JoinTexts(s.content().title(), s.content().statement(), s.content().rationale()));
  *doc.mutable_themes() = s.content().themes();
  *doc.mutable_laws() = s.content().laws();
  doc.set_standard_status(s.status());
  doc.set_create_seconds(s.create_time().seconds());
  doc.add_facets(MonthFacet(doc.create_seconds()));
  for (const std::string& t : s.content().themes()) doc.add_facets(ThemeFacet(t));
  for (const std::string& l : s.content().laws()) doc.add_facets(LawFacet(l));
  doc.add_facets(StandardStatusFacet(s.status()));
  search::SearchIndex::Analyze(doc);
  return doc;
}

absl::Status StageCase(search::SearchIndex* index, const std::string& community,
                       const std::string& case_id, const v1::Case* c, store::WriteBatch& batch) {
  if (index == nullptr) return absl::OkStatus();
  std::optional<search::Document> doc;
  if (c != nullptr) doc = CaseDocument(*c);
  return index->Stage(community, CaseDocKey(case_id), doc.has_value() ? &*doc : nullptr, batch);
}

absl::Status StageCaseChange(search::SearchIndex* index, const store::Store& store,
                             const std::string& community, const std::string& case_id,
                             const v1::Case& before, const v1::Case& after,
                             store::WriteBatch& batch) {
  if (index == nullptr) return absl::OkStatus();
  RETURN_IF_ERROR(StageCase(index, community, case_id, &after, batch));
  const std::optional<search::Document> was = CaseDocument(before), is = CaseDocument(after);
  if (!is.has_value()) return absl::OkStatus();
  if (was.has_value() && was->title() == is->title() &&
      std::equal(was->facets().begin(), was->facets().end(), is->facets().begin(),
                 is->facets().end())) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(internal::ScanRecords<v1::Reflection>(
      store, Table::kReflections, keys::ReflectionsOf(community, case_id),
      "a stored reflection cannot be parsed", [&](absl::string_view key, v1::Reflection&& r) {
        const std::optional<search::Document> doc = ReflectionDocument(r, after);
        return index->Stage(community, ReflectionDocKey(case_id, std::string(keys::LastPart(key))),
                            doc.has_value() ? &*doc : nullptr, batch);
      }));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Reindex(store::Store& store, search::SearchIndex& index) {
  // Drop everything derived, in bounded batches.
  for (Table table : {Table::kSearchDocs, Table::kSearchPostings, Table::kSearchNumbers,
                      Table::kSearchCounts}) {
    store::WriteBatch batch;
    int pending = 0;
    absl::Status inner;
    RETURN_IF_ERROR(store.Scan(table, "", {}, [&](absl::string_view key, absl::string_view) {
      batch.Delete(table, key);
      if (++pending == 10000) {
        inner = store.Write(batch);
        batch = store::WriteBatch();
        pending = 0;
      }
      return inner.ok();
    }));
    RETURN_IF_ERROR(inner);
    if (!batch.empty()) RETURN_IF_ERROR(store.Write(batch));
  }
  int64_t indexed = 0;
  store::WriteBatch batch;
  int pending = 0;
  auto add = [&](const std::string& community, const std::string& key,
                 const search::Document& doc) -> absl::Status {
    RETURN_IF_ERROR(index.Stage(community, key, &doc, batch));
    ++indexed;
    if (++pending == 500) {
      RETURN_IF_ERROR(store.Write(batch));
      batch = store::WriteBatch();
      pending = 0;
    }
    return absl::OkStatus();
  };
  // Community id of a record key: the part before the first NUL.
  auto community_of = [](absl::string_view key) { return std::string(key.substr(0, key.find('\0'))); };
  std::map<std::string, v1::Case> cases;  // by community + case id, for reflections' titles
  RETURN_IF_ERROR(internal::ScanRecords<v1::Case>(
      store, Table::kCases, "", "a stored case cannot be parsed",
      [&](absl::string_view key, v1::Case&& c) {
        absl::Status added;
        std::optional<search::Document> doc = CaseDocument(c);
        if (doc.has_value()) added = add(community_of(key), CaseDocKey(IdOf(c.name())), *doc);
        cases[std::string(key)] = std::move(c);
        return added;
      }));
  RETURN_IF_ERROR(internal::ScanRecords<v1::Reflection>(
      store, Table::kReflections, "", "a stored reflection cannot be parsed",
      [&](absl::string_view key, v1::Reflection&& r) {
        // Reflection keys are community 0 case 0 reflection: the case's key
        // is the part before the last NUL.
        auto c = cases.find(std::string(key.substr(0, key.rfind('\0'))));
        if (c == cases.end()) return absl::OkStatus();  // an orphan: nothing to show it with
        const std::string case_id = IdOf(c->second.name());
        const std::optional<search::Document> doc = ReflectionDocument(r, c->second);
        if (!doc.has_value()) return absl::OkStatus();
        return add(community_of(key), ReflectionDocKey(case_id, IdOf(r.name())), *doc);
      }));
  RETURN_IF_ERROR(internal::ScanRecords<v1::Standard>(
      store, Table::kStandards, "", "a stored standard cannot be parsed",
      [&](absl::string_view key, v1::Standard&& s) {
        return add(community_of(key), StandardDocKey(IdOf(s.name())), StandardDocument(s));
      }));
  if (!batch.empty()) RETURN_IF_ERROR(store.Write(batch));
  return indexed;
}

absl::Status UpgradeSearchIndex(store::Store& store, search::SearchIndex& index) {
  // "4": shelves, numbered documents, merged posting blocks and counts,
  // facets (with months).
  constexpr absl::string_view kLayout = "4";
  constexpr absl::string_view kLayoutKey = "search_index_layout";
  ASSIGN_OR_RETURN(std::optional<std::string> layout, store.Get(Table::kMeta, kLayoutKey));
  if (layout.has_value() && *layout == kLayout) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t indexed, Reindex(store, index));
  store::WriteBatch done;
  done.Put(Table::kMeta, kLayoutKey, kLayout);
  RETURN_IF_ERROR(store.Write(done));
  log::Info("search_index_rebuilt", {{"documents", absl::StrCat(indexed)}});
  return absl::OkStatus();
}

}  // namespace kompas::domain
