#include "search/tokenizer.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace kompas::search {
namespace {

// Snowball's Dutch stop-word list (the function words; folded, so without
// accents), plus a few words that are everywhere in this domain's questions.
const absl::flat_hash_set<std::string>& StopWords() {
  static const auto* words = new absl::flat_hash_set<std::string>{
      "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn",
      "is", "was", "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan",
      "zou", "of", "wat", "mijn", "men", "dit", "zo", "door", "over", "ze", "zich", "bij",
      "ook", "tot", "je", "mij", "uit", "der", "daar", "haar", "naar", "heb", "hoe", "heeft",
      "hebben", "deze", "u", "want", "nog", "zal", "me", "zij", "nu", "ge", "geen", "omdat",
      "iets", "worden", "toch", "al", "waren", "veel", "meer", "doen", "toen", "moet", "ben",
      "zonder", "kan", "hun", "dus", "alles", "onder", "ja", "eens", "hier", "wie", "werd",
      "altijd", "doch", "wordt", "wezen", "kunnen", "ons", "zelf", "tegen", "na", "reeds",
      "wil", "kon", "niets", "uw", "iemand", "geweest", "andere", "wij", "we", "jij", "jullie",
      "mag", "mogen", "wel", "word", "zijn"};
  return *words;
}

bool IsWordCodePoint(utf8proc_int32_t c) {
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// libstemmer's stemmers keep state, so each thread has its own.
struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
sb_stemmer* ThreadStemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("dutch", "UTF_8"));
  if (stemmer == nullptr) std::abort();  // libstemmer without Dutch: a broken install
  return stemmer.get();
}

}  // namespace

const Tokenizer& Tokenizer::Dutch() {
  static const Tokenizer* tokenizer = new Tokenizer();
  return *tokenizer;
}

std::string Tokenizer::Fold(absl::string_view word) {
  // Most Dutch words are plain ASCII, where case folding is lowercasing and
  // there are no marks to strip: the same result without utf8proc's
  // allocation and normalization, which took half the time of making a
  // search result's snippet.
  if (std::all_of(word.begin(), word.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return absl::AsciiStrToLower(word);
  }
  utf8proc_uint8_t* folded = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(word.data()), static_cast<utf8proc_ssize_t>(word.size()),
      &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                     UTF8PROC_STRIPMARK | UTF8PROC_COMPAT));
  if (n < 0) return std::string();
  std::string out(reinterpret_cast<const char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

bool Tokenizer::IsStopWord(absl::string_view folded) {
  return StopWords().contains(folded);
}

std::string Tokenizer::Stem(absl::string_view folded) {
  const sb_symbol* stem =
      sb_stemmer_stem(ThreadStemmer(), reinterpret_cast<const sb_symbol*>(folded.data()),
                      static_cast<int>(folded.size()));
  if (stem == nullptr) return std::string(folded);  // out of memory: keep the word
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(ThreadStemmer())));
}

std::vector<Token> Tokenizer::Tokenize(absl::string_view text) const {
  std::vector<Token> tokens = Words(text);
  for (Token& token : tokens) token.term = Stem(token.term);
  return tokens;
}

std::vector<Token> Tokenizer::Words(absl::string_view text) const {
  std::vector<Token> out;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const utf8proc_ssize_t size = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t pos = 0, word_start = -1;
  auto finish_word = [&](utf8proc_ssize_t end) {
    if (word_start < 0) return;
    absl::string_view word = text.substr(static_cast<size_t>(word_start),
                                         static_cast<size_t>(end - word_start));
    word_start = -1;
    if (word.size() > kMaxWordBytes) return;
    std::string folded = Fold(word);
    if (folded.empty() || IsStopWord(folded)) return;
    out.push_back({std::move(folded),
                   static_cast<size_t>(end - static_cast<utf8proc_ssize_t>(word.size())),
                   static_cast<size_t>(end)});
  };
  while (pos < size) {
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, size - pos, &c);
    if (n <= 0) {  // an invalid byte: it ends the word
      finish_word(pos);
      ++pos;
      continue;
    }
    if (IsWordCodePoint(c)) {
      if (word_start < 0) word_start = pos;
    } else {
      finish_word(pos);
    }
    pos += n;
  }
  finish_word(pos);
  return out;
}

}  // namespace kompas::search
