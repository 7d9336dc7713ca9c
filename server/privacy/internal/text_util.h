// Small byte-level helpers the detectors share.
#ifndef KOMPAS_PRIVACY_INTERNAL_TEXT_UTIL_H_
#define KOMPAS_PRIVACY_INTERNAL_TEXT_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include <re2/re2.h>

namespace kompas::privacy::internal {

// ASCII letters and digits, and any non-ASCII byte (letters such as é).
inline bool IsWordByte(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool WordBoundaryBefore(absl::string_view t, size_t s) { return s == 0 || !IsWordByte(t[s - 1]); }
inline bool WordBoundaryAfter(absl::string_view t, size_t e) { return e >= t.size() || !IsWordByte(t[e]); }

// High bit set in each byte of the eight in `x` that is an ASCII byte in
// [lo, hi] (lo > 0, hi < 0x7F). Bytes at 0x80 and above never match; no
// carry crosses a byte because only seven bits take part in the sums.
template <unsigned char lo, unsigned char hi>
inline uint64_t BytesIn8(uint64_t x) {
  constexpr uint64_t kEvery = 0x0101010101010101ULL;
  const uint64_t low7 = x & (kEvery * 0x7F);
  const uint64_t at_least_lo = low7 + kEvery * (0x80 - lo);
  const uint64_t above_hi = low7 + kEvery * (0x7F - hi);
  return at_least_lo & ~above_hi & ~x & (kEvery * 0x80);
}

// The first position in text[i, limit) whose byte is in [lo, hi], or
// `limit`; eight bytes at a time (loaded little-endian: byte k of the text
// is byte k of the integer).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "NextByteIn reads bytes little-endian");
template <unsigned char lo, unsigned char hi>
inline size_t NextByteIn(absl::string_view text, size_t i, size_t limit) {
  while (i + 8 <= limit) {
    uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    if (const uint64_t m = BytesIn8<lo, hi>(x); m != 0) return i + (__builtin_ctzll(m) >> 3);
    i += 8;
  }
  while (i < limit && !(static_cast<unsigned char>(text[i]) >= lo && static_cast<unsigned char>(text[i]) <= hi)) ++i;
  return i;
}

// Whether `needle` (two bytes or more, both of its first two ASCII and
// printable) occurs in `text`. Looks for the first two bytes as a pair,
// eight positions at a time: a search for the first byte alone stops at
// every "w" of Dutch text on its way to "www.".
template <unsigned char first, unsigned char second>
bool ContainsFrom(absl::string_view text, absl::string_view needle) {
  const size_t n = text.size();
  size_t i = 0;
  while (i + 9 <= n) {
    uint64_t x, y;
    std::memcpy(&x, text.data() + i, 8);
    std::memcpy(&y, text.data() + i + 1, 8);
    uint64_t m = BytesIn8<first, first>(x) & BytesIn8<second, second>(y);
    while (m != 0) {
      const size_t at = i + (__builtin_ctzll(m) >> 3);
      if (text.substr(at, needle.size()) == needle) return true;
      m &= m - 1;
    }
    i += 8;
  }
  for (; i + 1 < n; ++i) {
    if (text[i] == static_cast<char>(first) && text.substr(i, needle.size()) == needle) return true;
  }
  return false;
}

// The case-folded ASCII word that ends just before `pos`, skipping spaces,
// periods and colons ("artikel 7.3.11" → "artikel"); empty if none.
absl::string_view PreviousWord(absl::string_view t, size_t pos, size_t* word_start = nullptr);

// Calls f(start, end) for each leftmost non-overlapping match that lies in
// text[from, to) (offsets are into `text`, so callers can check context
// outside the window).
template <typename F>
void ForEachMatch(const RE2& re, absl::string_view text, size_t from, size_t to, F f) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = from;
  while (pos < to && re.Match(input, pos, to, RE2::UNANCHORED, &m, 1)) {
    size_t s = static_cast<size_t>(m.data() - text.data());
    size_t e = s + m.size();
    f(s, e);
    pos = e > s ? e : s + 1;
  }
}

template <typename F>
void ForEachMatch(const RE2& re, absl::string_view text, F f) {
  ForEachMatch(re, text, 0, text.size(), f);
}

// The same matches as ForEachMatch(re, text, from, to, f) when `starts`
// (ascending, in [from, to)) holds every position where a match of `re`
// ending by `to` could begin: RE2's leftmost match from a position is the
// match anchored at the first start after it that has one. Cheaper when the
// starts are few, since the regex then only runs where a match is likely.
template <typename F>
void ForEachMatchAt(const RE2& re, absl::string_view text, const std::vector<uint32_t>& starts, size_t to, F f) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  for (uint32_t s : starts) {
    if (s < pos) continue;
    if (!re.Match(input, s, to, RE2::ANCHOR_START, &m, 1)) continue;
    size_t e = s + m.size();
    f(static_cast<size_t>(s), e);
    pos = e > s ? e : s + 1;
  }
}

// Windows of text around its digits: every identifier the digit-bearing
// patterns look for has a digit, so they only need to search near one.
// Each window reaches `margin` bytes beyond the digits on both sides;
// overlapping windows are merged. Calls f(from, to) per window.
template <typename F>
void ForEachDigitWindow(absl::string_view text, size_t margin, F f) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    i = NextByteIn<'0', '9'>(text, i, n);
    if (i == n) break;
    size_t from = i > margin ? i - margin : 0;
    size_t last = i;
    while (true) {
      const size_t limit = std::min(n, last + 2 * margin + 1);
      const size_t d = NextByteIn<'0', '9'>(text, last + 1, limit);
      if (d == limit) break;
      last = d;
    }
    size_t to = std::min(n, last + 1 + margin);
    f(from, to);
    i = to;
  }
}

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_TEXT_UTIL_H_
