#include "search/snippet.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "search/tokenizer.h"

namespace kompas::search {

Snippet MakeSnippet(absl::string_view text, const std::set<std::string>& terms,
                    size_t max_bytes) {
  // Stemming every word of every result was a tenth of a search's CPU; a
  // stem keeps its word's first byte, so only words that start as a term
  // does are stemmed.
  const std::vector<Token> tokens = Tokenizer::Dutch().Words(text);
  std::set<char> first_bytes;
  for (const std::string& term : terms) {
    if (!term.empty()) first_bytes.insert(term[0]);
  }
  std::vector<size_t> hits;  // indexes into tokens
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& folded = tokens[i].term;
    if (!folded.empty() && first_bytes.count(folded[0]) > 0 &&
        terms.count(Tokenizer::Stem(folded)) > 0) {
      hits.push_back(i);
    }
  }
  // The window starting at a hit that holds the most hits within max_bytes.
  size_t best_first = 0, best_count = 0;
  for (size_t a = 0, b = 0; a < hits.size(); ++a) {
    if (b < a) b = a;
    while (b + 1 < hits.size() &&
           tokens[hits[b + 1]].end - tokens[hits[a]].start <= max_bytes) {
      ++b;
    }
    if (b - a + 1 > best_count) {
      best_count = b - a + 1;
      best_first = a;
    }
  }
  size_t start = hits.empty() ? 0 : tokens[hits[best_first]].start;
  // Some context before the first hit, up to a quarter of the window. A
  // text that fits, or whose first hit is that close to its start, is
  // shown from its start: cutting there would only hide its first words
  // and begin it with "…".
  const size_t context = max_bytes / 4;
  if (text.size() <= max_bytes || start <= context) start = 0;
  if (start > 0) {
    // From the first word that begins within the lead, a stop word too
    // (those are no tokens): after a space or punctuation mark, so never
    // inside a word or a code point.
    size_t from = start - context;
    auto in_word = [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte >= 0x80 || absl::ascii_isalnum(byte);
    };
    while (from < start && in_word(text[from - 1])) ++from;
    start = from;
  }
  size_t end = std::min(text.size(), start + max_bytes);
  // End after the last whole word that fits.
  if (end < text.size()) {
    size_t last_end = start;
    for (const Token& t : tokens) {
      if (t.start >= start && t.end <= end) last_end = t.end;
    }
    if (last_end > start) {
      end = last_end;
    } else {
      // No whole word fits: cut at a code point boundary, never inside one.
      while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    }
  }
  Snippet s;
  const std::string lead = start > 0 ? "…" : "";
  s.text = lead + std::string(text.substr(start, end - start)) + (end < text.size() ? "…" : "");
  for (size_t i : hits) {
    if (tokens[i].start >= start && tokens[i].end <= end) {
      s.highlights.emplace_back(tokens[i].start - start + lead.size(),
                                tokens[i].end - start + lead.size());
    }
  }
  return s;
}

}  // namespace kompas::search
