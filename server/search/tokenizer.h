// Turns Dutch text into search terms: words are split on Unicode letter and
// digit boundaries, case-folded and stripped of accents (utf8proc), common
// function words are dropped (a Dutch stop-word list), and what is left is
// stemmed with Snowball's Dutch stemmer (libstemmer). So "Scholen",
// "school" and "schóól" are one term, as are "wijkteams" and "wijkteam".
//
//   const Tokenizer& t = Tokenizer::Dutch();
//   for (const Token& token : t.Tokenize(text)) index(token.term);
//
// Each token keeps the byte span of its word in the original text, so a
// snippet can highlight exactly the words that matched.
#ifndef KOMPAS_SEARCH_TOKENIZER_H_
#define KOMPAS_SEARCH_TOKENIZER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace kompas::search {

struct Token {
  // The normalized, stemmed term (from Words: folded only, not stemmed).
  std::string term;
  // The word's UTF-8 byte span [start, end) in the tokenized text.
  size_t start = 0;
  size_t end = 0;
};

class Tokenizer {
 public:
  // The one Dutch tokenizer. Thread-safe.
  static const Tokenizer& Dutch();

  // The terms of `text` in order, stop words left out. Invalid UTF-8 bytes
  // end a word and are skipped.
  std::vector<Token> Tokenize(absl::string_view text) const;
  // The same tokens with each word folded but not yet stemmed (term is
  // Fold(word)), for a caller that stems only the words it may need.
  std::vector<Token> Words(absl::string_view text) const;

  // A word as it is before stemming: case-folded, accents removed.
  static std::string Fold(absl::string_view word);
  // True for a (folded) Dutch function word that carries no meaning in a
  // search: "de", "het", "een", "of", "is", ...
  static bool IsStopWord(absl::string_view folded);
  // Snowball's Dutch stem of a folded word. It starts with the word's
  // first byte (Snowball 2's Dutch stemmer changes nothing before its
  // region R1, which starts after the third letter; a test holds this over
  // a Dutch word list, and fails on a stemmer that strips prefixes, as
  // Snowball 3's "ge-" does), so a word whose first byte no term has needs
  // no stemming to rule it out.
  static std::string Stem(absl::string_view folded);

  // Words longer than this are cut (no Dutch word is; a long run of
  // letters is noise and must not make the index grow without bound).
  static constexpr size_t kMaxWordBytes = 64;

 private:
  Tokenizer() = default;
};

}  // namespace kompas::search

#endif  // KOMPAS_SEARCH_TOKENIZER_H_
