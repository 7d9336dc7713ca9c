// The gate's own small word lists (cue words, particles, organisations and
// other capitalized words that are not names). Kept apart from the loader so
// they are easy to review and extend.
#ifndef KOMPAS_PRIVACY_INTERNAL_BUILTIN_WORDS_H_
#define KOMPAS_PRIVACY_INTERNAL_BUILTIN_WORDS_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace kompas::privacy::internal {

struct BuiltinList {
  uint16_t flag;
  absl::Span<const absl::string_view> words;  // case-folded
};

// All built-in lists; a word may appear in more than one.
absl::Span<const BuiltinList> BuiltinLists();

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_BUILTIN_WORDS_H_
