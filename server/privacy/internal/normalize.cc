#include "privacy/internal/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

namespace kompas::privacy::internal {
namespace {

// Characters that show nothing, so a reader does not see them between the
// parts of a number or a name: Unicode's Default_Ignorable_Code_Point set
// (soft hyphen, zero-width characters, bidi controls and marks, word joiner
// and invisible operators, variation selectors, tag characters, BOM, …)
// minus the Hangul fillers, which render as a blank (IsBlank).
bool IsDropped(int32_t cp) {
  if (cp < 0x00AD) return false;
  return cp == 0x00AD ||                    // soft hyphen
         cp == 0x034F ||                    // combining grapheme joiner
         cp == 0x061C ||                    // Arabic letter mark
         cp == 0x17B4 || cp == 0x17B5 ||    // Khmer inherent vowels
         (cp >= 0x180B && cp <= 0x180F) ||  // Mongolian variation selectors, vowel separator
         (cp >= 0x200B && cp <= 0x200F) ||  // zero-width space/(non-)joiner, LRM, RLM
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2060 && cp <= 0x206F) ||  // word joiner, invisible operators, bidi isolates
         (cp >= 0xFE00 && cp <= 0xFE0F) ||  // variation selectors
         cp == 0xFEFF ||                    // zero-width no-break space (BOM)
         (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||  // shorthand format controls
         (cp >= 0x1D173 && cp <= 0x1D17A) ||  // musical formatting
         (cp >= 0xE0000 && cp <= 0xE0FFF);    // tag characters, variation selectors supplement
}

// Characters that show as an empty space without being one (NFKC keeps
// them): read as a space, as a reader does. Dropping them instead would
// glue "Jan" and "Jansen" into one word the name lists do not know.
bool IsBlank(int32_t cp) {
  return cp == 0x2800 ||                  // braille pattern blank
         cp == 0x115F || cp == 0x1160 ||  // Hangul choseong/jungseong fillers
         cp == 0x3164 || cp == 0xFFA0;    // Hangul filler, halfwidth Hangul filler
}

inline bool IsDigitByte(char c) { return c >= '0' && c <= '9'; }

// The ASCII digit of a decimal digit (general category Nd) of any script, or
// 0. Unicode encodes every such digit in a contiguous run of ten, zero
// first (a stability guarantee), so the value is the distance from the
// run's start; runs that touch (mathematical digits) are multiples of ten.
int32_t AsciiDigit(int32_t cp) {
  if (cp < 0x80 || utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) return 0;
  int32_t start = cp;
  while (cp - start < 60 && utf8proc_category(start - 1) == UTF8PROC_CATEGORY_ND) --start;
  return '0' + (cp - start) % 10;
}

// A combining mark: dropped when it sits on a digit (a keycap, a strike
// through), which would otherwise make the digit part of a word.
bool IsCombiningMark(int32_t cp) {
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME || c == UTF8PROC_CATEGORY_MC;
}

// Cyrillic and Greek letters that render like Latin ones, and punctuation
// that has a plain ASCII twin the detectors understand. 0 = no folding.
int32_t FoldLookAlike(int32_t cp) {
  switch (cp) {
    // Cyrillic lowercase
    case 0x0430: return 'a';
    case 0x0435: return 'e';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0441: return 'c';
    case 0x0443: return 'y';
    case 0x0445: return 'x';
    case 0x0456: return 'i';
    case 0x0458: return 'j';
    case 0x0455: return 's';
    case 0x04BB: return 'h';
    case 0x0501: return 'd';
    // Cyrillic uppercase
    case 0x0410: return 'A';
    case 0x0412: return 'B';
    case 0x0415: return 'E';
    case 0x041A: return 'K';
    case 0x041C: return 'M';
    case 0x041D: return 'H';
    case 0x041E: return 'O';
    case 0x0420: return 'P';
    case 0x0421: return 'C';
    case 0x0422: return 'T';
    case 0x0425: return 'X';
    case 0x0406: return 'I';
    case 0x0408: return 'J';
    case 0x0405: return 'S';
    // Greek
    case 0x0391: return 'A';
    case 0x0392: return 'B';
    case 0x0395: return 'E';
    case 0x0396: return 'Z';
    case 0x0397: return 'H';
    case 0x0399: return 'I';
    case 0x039A: return 'K';
    case 0x039C: return 'M';
    case 0x039D: return 'N';
    case 0x039F: return 'O';
    case 0x03A1: return 'P';
    case 0x03A4: return 'T';
    case 0x03A5: return 'Y';
    case 0x03A7: return 'X';
    case 0x03BF: return 'o';
    case 0x03B1: return 'a';
    // Dashes and minus
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
      return '-';
    // Quotes
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      return '"';
    default:
      return 0;
  }
}

}  // namespace

size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && s[i + 1] < 0xA0) return 0;  // overlong
    if (c == 0xED && s[i + 1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && s[i + 1] < 0x90) return 0;  // overlong
    if (c == 0xF4 && s[i + 1] >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

int32_t DecodeUtf8(absl::string_view text, size_t i, size_t len) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + i;
  switch (len) {
    case 1: return s[0];
    case 2: return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    default:
      return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
}

void AppendUtf8(int32_t cp, std::string* out) {
  char buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, reinterpret_cast<utf8proc_uint8_t*>(buf));
  out->append(buf, static_cast<size_t>(n));
}

void Normalize(absl::string_view original, NormalizedText* out) {
  out->original_ = original;
  out->text_.clear();
  out->pieces_.clear();
  size_t i = 0;
  while (i < original.size() && static_cast<unsigned char>(original[i]) < 0x80) ++i;
  if (i == original.size()) {  // pure ASCII: NFKC is the identity
    out->text_.assign(original.data(), original.size());
    return;
  }
  out->text_.reserve(original.size());
  i = 0;
  utf8proc_int32_t buf[32];
  while (i < original.size()) {
    // A run of ASCII is copied as it is: one identity piece.
    size_t run = i;
    while (run < original.size() && static_cast<unsigned char>(original[run]) < 0x80) ++run;
    if (run > i) {
      out->pieces_.push_back({static_cast<uint32_t>(out->text_.size()), static_cast<uint32_t>(i), 0});
      out->text_.append(original.data() + i, run - i);
      i = run;
      continue;
    }
    const size_t from = i;
    const size_t norm_from = out->text_.size();
    size_t len = Utf8SequenceLength(original, i);
    if (len == 0) {
      out->text_.push_back('?');
      len = 1;
    } else {
      int32_t cp = DecodeUtf8(original, i, len);
      if (IsDropped(cp) ||
          (!out->text_.empty() && IsDigitByte(out->text_.back()) && IsCombiningMark(cp))) {
        i += len;
        continue;
      }
      if (int32_t folded = FoldLookAlike(cp); folded != 0) {
        out->text_.push_back(static_cast<char>(folded));
      } else if (IsBlank(cp)) {
        out->text_.push_back(' ');
      } else {
        utf8proc_ssize_t n = utf8proc_decompose_char(
            cp, buf, 32, static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE),
            nullptr);
        if (n > 0 && n <= 32) {
          n = utf8proc_normalize_utf32(buf, n, static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
        }
        if (n <= 0 || n > 32) {
          out->text_.append(original.data() + from, len);
        } else {
          for (utf8proc_ssize_t k = 0; k < n; ++k) {
            int32_t f = FoldLookAlike(buf[k]);
            if (f == 0) f = AsciiDigit(buf[k]);
            AppendUtf8(f != 0 ? f : buf[k], &out->text_);
          }
        }
      }
    }
    i += len;
    if (out->text_.size() > norm_from) {
      out->pieces_.push_back(
          {static_cast<uint32_t>(norm_from), static_cast<uint32_t>(from), static_cast<uint32_t>(len)});
    }
  }
}

size_t NormalizedText::OriginalStart(size_t norm) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), norm,
                             [](size_t n, const Piece& p) { return n < p.norm; });
  const Piece& p = *std::prev(it);
  return p.orig_len == 0 ? p.orig + (norm - p.norm) : p.orig;
}

size_t NormalizedText::OriginalEnd(size_t norm_last) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), norm_last,
                             [](size_t n, const Piece& p) { return n < p.norm; });
  const Piece& p = *std::prev(it);
  return p.orig_len == 0 ? p.orig + (norm_last - p.norm) + 1 : p.orig + p.orig_len;
}

std::pair<size_t, size_t> NormalizedText::ToOriginal(size_t start, size_t end) const {
  if (pieces_.empty()) return {start, end};
  // Characters dropped inside the span (zero-width) are covered since the
  // original span is contiguous; those right before or after stay outside.
  return {OriginalStart(start), OriginalEnd(end - 1)};
}

}  // namespace kompas::privacy::internal
