#include "suggest.h"

#include <absl/strings/ascii.h>

#include <algorithm>

namespace kompas::cli {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  // d[i][j]: the distance between the first i bytes of a and the first j of b.
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  auto same = [&](size_t i, size_t j) {
    return absl::ascii_tolower(a[i]) == absl::ascii_tolower(b[j]);
  };
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(i - 1, j - 1) ? 0 : 1)});
      if (i > 1 && j > 1 && same(i - 1, j - 2) && same(i - 2, j - 1)) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> Nearest(absl::string_view typed,
                                   const std::vector<std::string>& choices) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& choice : choices) {
    const size_t distance = EditDistance(typed, choice);
    if (!best || distance < best_distance) {
      best = choice;
      best_distance = distance;
    }
  }
  if (!best || best_distance > 2 || 2 * best_distance > typed.size()) return std::nullopt;
  return best;
}

}  // namespace kompas::cli
