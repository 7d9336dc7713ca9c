// Text normalization for the PII gate: the detectors run on a folded copy of
// the text so that look-alike spellings of the same identifier are caught,
// and every span found there maps back to byte offsets in the original.
//
//   NormalizedText norm;
//   Normalize("９９９９\u200B12343", &norm);   // norm.text() == "999912343"
//   auto [start, end] = norm.ToOriginal(0, 9);  // 0, byte length of the input
//
// Folding, per code point, so the detectors see what a reader sees: NFKC
// (full-width digits and letters, ligatures, NBSP and other spaces); decimal
// digits of every script (Arabic-Indic, Devanagari, Thai, …) to ASCII;
// characters that show nothing dropped (zero-width characters, the soft
// hyphen, bidi controls and marks, variation selectors, tag characters: the
// Default_Ignorable_Code_Point set), and combining marks on a digit with
// them; characters that show as a blank (U+2800 braille blank, Hangul
// fillers) to a space; Cyrillic and Greek look-alikes of Latin letters
// folded to Latin, dashes and curly quotes unified to ASCII. Invalid UTF-8
// bytes become '?' one for one.
#ifndef KOMPAS_PRIVACY_INTERNAL_NORMALIZE_H_
#define KOMPAS_PRIVACY_INTERNAL_NORMALIZE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace kompas::privacy::internal {

class NormalizedText {
 public:
  const std::string& text() const { return text_; }

  // Maps a byte span [start, end) of text() to the byte span of the original
  // that produced it. The result always lies on code-point boundaries of the
  // original (for invalid UTF-8: on byte boundaries) and is non-empty when the
  // input span is.
  std::pair<size_t, size_t> ToOriginal(size_t start, size_t end) const;

 private:
  friend void Normalize(absl::string_view original, NormalizedText* out);

  // A run of text_ starting at `norm`: either copied byte for byte from the
  // original at `orig` (orig_len == 0), or produced by one original code
  // point of orig_len bytes at `orig` (then every byte maps to all of it).
  struct Piece {
    uint32_t norm;
    uint32_t orig;
    uint32_t orig_len;
  };
  size_t OriginalStart(size_t norm) const;
  size_t OriginalEnd(size_t norm_last) const;  // end of the code point behind byte norm_last

  absl::string_view original_;
  std::string text_;
  // Sorted by `norm`; empty when text_ == original_ (pure ASCII input).
  std::vector<Piece> pieces_;
};

// Fills *out; `original` must outlive *out. Reuses *out's buffers.
void Normalize(absl::string_view original, NormalizedText* out);

// Byte length of the well-formed UTF-8 sequence at text[i], or 0 if there is
// none (invalid lead byte, truncated or overlong sequence, surrogate).
size_t Utf8SequenceLength(absl::string_view text, size_t i);

// Decodes the code point at text[i] (which must start a sequence of length
// `len` > 0 as returned by Utf8SequenceLength).
int32_t DecodeUtf8(absl::string_view text, size_t i, size_t len);

// Appends the UTF-8 encoding of `cp` to *out.
void AppendUtf8(int32_t cp, std::string* out);

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_NORMALIZE_H_
