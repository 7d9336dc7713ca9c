// Suggestions for a mistyped word: the valid word nearest to what was
// typed, by edit distance (insertions, deletions, substitutions and
// swaps of two neighbours each count one).
//
//   Nearest("shwo", {"new", "list", "show"}) == "show"
#ifndef KOMPAS_CLIENTS_CLI_SUGGEST_H_
#define KOMPAS_CLIENTS_CLI_SUGGEST_H_

#include <absl/strings/string_view.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kompas::cli {

// The optimal-string-alignment distance between `a` and `b`,
// case-insensitive (ASCII).
size_t EditDistance(absl::string_view a, absl::string_view b);

// The word in `choices` nearest to `typed`, the first one on a tie; nullopt
// when none is near enough to be a likely typo: more than 2 edits, or more
// than half of the typed word changed.
std::optional<std::string> Nearest(absl::string_view typed,
                                   const std::vector<std::string>& choices);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SUGGEST_H_
