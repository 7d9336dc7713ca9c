// A passage of a text around the words that matched a query, with the
// matching words' positions, for showing a search result.
#ifndef KOMPAS_SEARCH_SNIPPET_H_
#define KOMPAS_SEARCH_SNIPPET_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace kompas::search {

struct Snippet {
  std::string text;
  // Byte ranges [start, end) of matching words within `text`.
  std::vector<std::pair<size_t, size_t>> highlights;
};

// The window of about `max_bytes` of `text` that holds the most words whose
// term is in `terms`, cut at word boundaries, with "…" where it was cut.
Snippet MakeSnippet(absl::string_view text, const std::set<std::string>& terms,
                    size_t max_bytes = 240);

}  // namespace kompas::search

#endif  // KOMPAS_SEARCH_SNIPPET_H_
