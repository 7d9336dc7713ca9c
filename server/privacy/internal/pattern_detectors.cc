// RE2-shaped identifiers: e-mail, social profiles and handles, IBAN, dates,
// postcodes, licence plates and code-shaped id numbers.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "privacy/internal/checksums.h"
#include "privacy/internal/gazetteer.h"
#include "privacy/internal/patterns.h"
#include "privacy/internal/scan_context.h"
#include "privacy/internal/text_util.h"

namespace kompas::privacy::internal {

absl::string_view PreviousWord(absl::string_view t, size_t pos, size_t* word_start) {
  size_t e = pos;
  while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '.' || t[e - 1] == ':')) --e;
  size_t s = e;
  while (s > 0 && absl::ascii_isalpha(static_cast<unsigned char>(t[s - 1]))) --s;
  if (word_start) *word_start = s;
  return t.substr(s, e - s);
}

namespace {

bool PrevWordIs(absl::string_view t, size_t pos, std::initializer_list<absl::string_view> words) {
  absl::string_view w = PreviousWord(t, pos);
  for (absl::string_view x : words) {
    if (absl::EqualsIgnoreCase(w, x)) return true;
  }
  return false;
}

int ParseInt(absl::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// IBAN lengths of the countries whose accounts show up in Dutch casework.
int IbanLength(absl::string_view cc) {
  static constexpr struct { char cc[3]; int len; } kLengths[] = {
      {"NL", 18}, {"BE", 16}, {"DE", 22}, {"FR", 27}, {"GB", 22}, {"ES", 24}, {"IT", 27},
      {"LU", 20}, {"PL", 28}, {"TR", 26}, {"PT", 25}, {"AT", 20}, {"CH", 21}, {"IE", 22},
      {"DK", 18}, {"SE", 24}, {"NO", 15}, {"FI", 18}, {"RO", 24}, {"BG", 22}, {"GR", 27},
      {"HU", 28}, {"CZ", 24}, {"SK", 24}, {"LT", 20}, {"LV", 21}, {"EE", 20}, {"HR", 21},
      {"SI", 19}, {"MA", 28}, {"SR", 0}, {"UA", 29}, {"CY", 28}, {"MT", 31},
  };
  for (const auto& l : kLengths) {
    if (cc == l.cc) return l.len;
  }
  return 0;
}

void DetectIbans(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.iban, t, starts, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s)) return;
    std::string cc = absl::AsciiStrToUpper(t.substr(s, 2));
    int len = IbanLength(cc);
    if (len == 0) return;
    std::string compact;
    size_t end = s;
    for (size_t k = s; k < e && static_cast<int>(compact.size()) < len; ++k) {
      if (t[k] != ' ') compact.push_back(t[k]);
      end = k + 1;
    }
    if (static_cast<int>(compact.size()) != len || !WordBoundaryAfter(t, end)) return;
    bool valid = IsValidIban(compact);
    bool nl_shape = cc == "NL" && std::all_of(compact.begin() + 4, compact.begin() + 8,
                                              [](char c) { return absl::ascii_isalpha(c); }) &&
                    std::all_of(compact.begin() + 8, compact.end(),
                                [](char c) { return absl::ascii_isdigit(c); });
    if (valid || nl_shape) ctx->Add(Kind::kIban, s, end, valid ? 0.99f : 0.7f, kPriorityIban);
  });
}

void DetectNumericDates(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.numeric_date, t, starts, to, [&](size_t s, size_t e) {
    if (s > 0 && (IsWordByte(t[s - 1]) ||
                  (s > 1 && (t[s - 1] == '.' || t[s - 1] == '-' || t[s - 1] == '/') &&
                   IsDigit(t[s - 2])))) {
      return;
    }
    if (e < t.size() && (IsWordByte(t[e]) || ((t[e] == '.' || t[e] == '-' || t[e] == '/') &&
                                              e + 1 < t.size() && IsDigit(t[e + 1])))) {
      return;
    }
    absl::string_view m = t.substr(s, e - s);
    size_t a = m.find_first_of("-./");
    size_t b = m.find_first_of("-./", a + 1);
    if (m[a] != m[b]) return;
    absl::string_view p1 = m.substr(0, a), p2 = m.substr(a + 1, b - a - 1), p3 = m.substr(b + 1);
    const bool apostrophe = !p3.empty() && (p3[0] == '\'' || p3[0] == '`');  // 03-04-'19
    if (apostrophe) {
      p3.remove_prefix(1);
      if (p3.size() != 2 || p1.size() > 2) return;
    }
    int day, month, year;
    size_t year_digits;
    if (p1.size() == 4) {  // 2024-03-07
      if (p3.size() > 2) return;
      year = ParseInt(p1), month = ParseInt(p2), day = ParseInt(p3), year_digits = 4;
    } else {
      if (p1.size() > 2 || (p3.size() != 2 && p3.size() != 4)) return;
      day = ParseInt(p1), month = ParseInt(p2), year = ParseInt(p3), year_digits = p3.size();
    }
    if (day < 1 || day > 31 || month < 1 || month > 12) return;
    if (year_digits == 4 && (year < 1900 || year > 2100)) return;
    if (m[a] == '.' && year_digits == 2 && (p1.size() != 2 || p2.size() != 2)) return;
    if (PrevWordIs(t, s, {"artikel", "art", "lid", "hoofdstuk", "versie", "programma",
                          "paragraaf", "par", "nr", "punt", "sub", "bijlage"})) {
      return;
    }
    ctx->Add(Kind::kDate, s, e, year_digits == 4 ? 0.95f : 0.8f, kPriorityDate);
  });
}

namespace {

// A date match [s, e) that starts with its day and ends with its year
// ("12 maart 2019", "3.feb.'87"): where the year's digits start, or nothing
// when the day is not 1-31 or the year has three digits.
std::optional<size_t> YearStartOfDate(absl::string_view t, size_t s, size_t e) {
  int day = 0;
  for (size_t k = s; k < e && IsDigit(t[k]); ++k) day = day * 10 + (t[k] - '0');
  if (day < 1 || day > 31) return std::nullopt;
  size_t y = e;
  while (y > s && IsDigit(t[y - 1])) --y;
  if (e - y == 3) return std::nullopt;
  return y;
}

}  // namespace

void DetectWrittenDates(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.written_date, t, starts, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s) || !WordBoundaryAfter(t, e)) return;
    const std::optional<size_t> y = YearStartOfDate(t, s, e);
    if (!y.has_value()) return;
    const size_t digits = e - *y;
    if (digits == 2 && t[*y - 1] != '\'') return;  // "3 mei 12 kinderen"
    if (digits == 4) {
      int year = ParseInt(t.substr(*y, 4));
      if (year < 1900 || year > 2100) return;
    }
    ctx->Add(Kind::kDate, s, e, 0.95f, kPriorityDate);
  });
}

void DetectMonthNameDates(const Patterns& p, ScanContext* ctx, size_t from, size_t to);
void DetectSpacedDates(const Patterns& p, ScanContext* ctx, size_t from, size_t to);

// "12-dec-2019", "3.feb.1987", "7-mrt-'11": a month name between separators;
// "3 4 2019": a date with spaces. Both shapes are rare: a byte test
// (WindowStarts) spares most windows the regex.
void DetectMonthDates(const Patterns& p, ScanContext* ctx, size_t from, size_t to, bool month_shape,
                      bool spaced_shape) {
  if (month_shape) DetectMonthNameDates(p, ctx, from, to);
  if (spaced_shape) DetectSpacedDates(p, ctx, from, to);
}

void DetectMonthNameDates(const Patterns& p, ScanContext* ctx, size_t from, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatch(p.month_date, t, from, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s) || !WordBoundaryAfter(t, e)) return;
    if (s > 1 && (t[s - 1] == '.' || t[s - 1] == '-' || t[s - 1] == '/') && IsDigit(t[s - 2])) return;
    const std::optional<size_t> y = YearStartOfDate(t, s, e);
    if (!y.has_value()) return;
    const size_t digits = e - *y;
    if (digits == 4) {
      int year = ParseInt(t.substr(*y, 4));
      if (year < 1900 || year > 2100) return;
    }
    ctx->Add(Kind::kDate, s, e, 0.9f, kPriorityDate);
  });
}

// "3 4 2019", "17 9 2014": day, month and year apart by single spaces.
void DetectSpacedDates(const Patterns& p, ScanContext* ctx, size_t from, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatch(p.spaced_date, t, from, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s) || !WordBoundaryAfter(t, e)) return;
    if (s > 1 && (t[s - 1] == ' ' || t[s - 1] == '-' || t[s - 1] == '.') && IsDigit(t[s - 2])) return;
    if (e + 1 < t.size() && (t[e] == ' ' || t[e] == '-' || t[e] == '.') && IsDigit(t[e + 1])) return;
    size_t a = t.find(' ', s), b = t.find(' ', a + 1);
    int day = ParseInt(t.substr(s, a - s)), month = ParseInt(t.substr(a + 1, b - a - 1));
    int year = ParseInt(t.substr(b + 1, e - b - 1));
    if (day < 1 || day > 31 || month < 1 || month > 12 || year < 1900 || year > 2100) return;
    ctx->Add(Kind::kDate, s, e, 0.75f, kPriorityDate);
  });
}

// Units a number with two letters may carry: "2500 MG" is a dose, not a
// postcode, unless a place follows or a cue precedes.
bool IsUnitLetters(char a, char b) {
  a = absl::ascii_toupper(a), b = absl::ascii_toupper(b);
  static constexpr const char* kUnits[] = {"MG", "ML", "KG", "CM", "MM", "KM", "GR", "IE", "DD", "UG", "CC",
                                           "KB", "MB", "GB", "TB", "HZ", "KW", "MW", "PK", "EU", "UR", "ST"};
  for (const char* u : kUnits) {
    if (a == u[0] && b == u[1]) return true;
  }
  return false;
}

void DetectPostcodes(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.postcode, t, starts, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s) || !WordBoundaryAfter(t, e)) return;
    char l1 = t[e - 2], l2 = t[e - 1];
    bool upper = absl::ascii_isupper(l1) && absl::ascii_isupper(l2);
    bool lower = absl::ascii_islower(l1) && absl::ascii_islower(l2);
    const bool cued = PrevWordIs(t, s, {"postcode", "pc"});
    // Lower case only written together ("9712ab") and never a unit ("500mg").
    const bool compact_lower = lower && e - s == 6 && !IsUnitLetters(l1, l2);
    if (!upper && !(lower && cued) && !compact_lower) return;
    char u1 = absl::ascii_toupper(l1), u2 = absl::ascii_toupper(l2);
    if (u1 == 'S' && (u2 == 'A' || u2 == 'D' || u2 == 'S')) return;
    int num = ParseInt(t.substr(s, 4));
    bool year_like = num >= 1900 && num <= 2100;
    // A place name, a comma or the end of a line after the letters is what a
    // postcode looks like; "in 2023 OM en politie" is not.
    size_t k = e;
    while (k < t.size() && t[k] == ' ') ++k;
    bool place_follows = k < t.size() && absl::ascii_isupper(t[k]) && k > e;
    if (place_follows && IsUnitLetters(l1, l2)) {
      // "2500 ML NaCl": a dose; only a known place after it makes a postcode.
      size_t we = k;
      while (we < t.size() && IsWordByte(t[we])) ++we;
      std::string folded;
      FoldCase(t.substr(k, we - k), &folded);
      place_follows = ctx->gazetteer().Flags(folded) & kPlace;
    }
    if (!place_follows && k < t.size() && (t.substr(k, 3) == "in " || t.substr(k, 3) == "te ")) {
      // "op 9712ab in Groningen"
      size_t n = k + 3;
      place_follows = n < t.size() && absl::ascii_isupper(t[n]) && !upper;
    }
    bool line_end = k >= t.size() || t[k] == '\n' || t[k] == ',' || t[k] == ')';
    bool cue = PrevWordIs(t, s, {"postcode", "pc", "adres"}) ||
               (s >= 2 && t[s - 2] == ',');
    if (year_like && !place_follows && !cue) return;
    if (!place_follows && !line_end && !cue) return;
    if (IsUnitLetters(l1, l2) && !place_follows && !PrevWordIs(t, s, {"postcode", "pc", "adres"})) return;
    if (compact_lower && !cued && !place_follows && !(s >= 2 && t[s - 2] == ',')) return;
    ctx->Add(Kind::kPostcode, s, e, place_follows ? 0.95f : 0.75f, kPriorityPostcode);
  });
}

// Whether t[s, e) is a code on its own: no word, hyphen or slash glued
// before it, and no word or slash after it (a hyphen after it only when no
// word follows the hyphen).
bool StandsAlone(absl::string_view t, size_t s, size_t e) {
  if (s > 0 && (IsWordByte(t[s - 1]) || t[s - 1] == '-' || t[s - 1] == '/')) return false;
  return !(e < t.size() && (IsWordByte(t[e]) || t[e] == '/' ||
                            (t[e] == '-' && e + 1 < t.size() && IsWordByte(t[e + 1]))));
}

void DetectPlates(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.plate, t, starts, to, [&](size_t s, size_t e) {
    if (!StandsAlone(t, s, e)) return;
    ctx->Add(Kind::kLicensePlate, s, e, 0.9f, kPriorityPlate);
  });
}

void DetectCodeIds(const Patterns& p, ScanContext* ctx, const std::vector<uint32_t>& code_starts,
                   const std::vector<uint32_t>& document_starts, size_t to) {
  absl::string_view t = ctx->text();
  ForEachMatchAt(p.code_id, t, code_starts, to, [&](size_t s, size_t e) {
    if (!StandsAlone(t, s, e)) return;
    int digits = 0;
    for (size_t k = s; k < e; ++k) digits += IsDigit(t[k]);
    if (digits < 5) return;
    ctx->Add(Kind::kIdNumber, s, e, 0.8f, kPriorityId);
  });
  ForEachMatchAt(p.document_id, t, document_starts, to, [&](size_t s, size_t e) {
    if (!WordBoundaryBefore(t, s) || !WordBoundaryAfter(t, e)) return;
    int digits = 0;
    for (size_t k = s; k < e; ++k) digits += IsDigit(t[k]);
    if (digits < 2 || digits > 6) return;
    ctx->Add(Kind::kIdNumber, s, e, 0.75f, kPriorityId);
  });
}

// A website named after a person or family: "www.jansenfamilie.nl",
// "www.familiedevries.nl", "www.pietersenbouw-jan.nl". The domain (or a
// hyphenated part of it) says "familie"/"fam" or begins or ends with a
// listed surname or first name of five letters or more that is no ordinary
// word — "www.veiligthuis.nl" and "www.rijksoverheid.nl" pass.
bool PersonalDomain(const ScanContext& ctx, absl::string_view url) {
  size_t www = url.find("www.");
  if (www == absl::string_view::npos) www = url.find("WWW.");
  absl::string_view host = url.substr(www + 4);
  host = host.substr(0, host.find('.'));
  std::string folded;
  FoldCase(host, &folded);
  if (folded.find("familie") != std::string::npos || absl::StartsWith(folded, "fam")) return true;
  auto personal = [&](absl::string_view w) {
    uint16_t f = ctx.gazetteer().Flags(w);
    return (f & (kSurname | kFirstName)) && !(f & (kDictWord | kPlace | kNotName | kFunctionWord | kMonth));
  };
  absl::string_view rest = folded;
  while (!rest.empty()) {
    size_t dash = rest.find('-');
    absl::string_view part = rest.substr(0, dash);
    rest = dash == absl::string_view::npos ? absl::string_view() : rest.substr(dash + 1);
    if (part.size() >= 5 && personal(part)) return true;
    for (size_t n = 5; n < part.size(); ++n) {
      if (personal(part.substr(0, n)) || personal(part.substr(part.size() - n))) return true;
    }
  }
  return false;
}

void DetectEmailAndSocial(const Patterns& p, ScanContext* ctx) {
  absl::string_view t = ctx->text();
  if (t.find('@') != absl::string_view::npos) {
    ForEachMatch(p.email, t, [&](size_t s, size_t e) {
      ctx->Add(Kind::kEmail, s, e, 0.99f, kPriorityEmail);
    });
    ForEachMatch(p.handle, t, [&](size_t s, size_t e) {
      if (s > 0 && (IsWordByte(t[s - 1]) || t[s - 1] == '.' || t[s - 1] == '_' ||
                    t[s - 1] == '/' || t[s - 1] == '-')) {
        return;
      }
      if (e < t.size() && (t[e] == '@' || (t[e] == '.' && e + 1 < t.size() && IsWordByte(t[e + 1])))) {
        return;  // an e-mail address
      }
      if (e - s < 3) return;
      bool letter = false;
      for (size_t k = s + 1; k < e; ++k) letter |= absl::ascii_isalpha(t[k]) != 0;
      if (!letter) return;
      ctx->Add(Kind::kSocial, s, e, 0.85f, kPriorityHandle);
    });
  }
  if (ContainsFrom<'w', 'w'>(t, "www.")) {
    ForEachMatch(p.website, t, [&](size_t s, size_t e) {
      if (s > 0 && (IsWordByte(t[s - 1]) || t[s - 1] == '.' || t[s - 1] == '@')) return;
      if (PersonalDomain(*ctx, t.substr(s, e - s))) ctx->Add(Kind::kSocial, s, e, 0.8f, kPrioritySocialUrl);
    });
  }
  if (ContainsFrom<'.', 'c'>(t, ".com/")) {
    ForEachMatch(p.social_url, t, [&](size_t s, size_t e) {
      if (s > 0 && (IsWordByte(t[s - 1]) || t[s - 1] == '.')) return;
      absl::string_view m = t.substr(s, e - s);
      size_t slash = m.find(".com/");
      if (slash == absl::string_view::npos || slash + 5 >= m.size()) return;
      ctx->Add(Kind::kSocial, s, e, 0.95f, kPrioritySocialUrl);
    });
  }
}

// Where in a window each digit-bearing pattern could match, found in one
// pass over its bytes: every position where that pattern's match could
// begin (a superset, tested on the few bytes each pattern must start with),
// so the regexes run anchored there instead of scanning every window.
struct WindowStarts {
  std::vector<uint32_t> iban, numeric_date, written_date, postcode, plate, code_id, document_id;
  bool month_shape = false;   // a digit, a separator and a letter: "12-dec"
  bool spaced_shape = false;  // a digit, a space and a digit: "3 4"

  void Find(absl::string_view t, size_t from, size_t to);
};

inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiAlpha(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }
inline bool IsDateSeparator(char c) { return c == '-' || c == '.' || c == '/'; }
inline bool IsPlateByte(char c) { return IsAsciiUpper(c) || IsDigit(c) || c == '-'; }
inline bool IsDocumentLetter(char c) { return IsAsciiUpper(c) && c != 'O'; }

// A month name or abbreviation (any case) begins at t[k]: its first three
// letters, which every alternative of the date patterns has.
bool MonthPrefixAt(absl::string_view t, size_t k) {
  if (k + 3 > t.size()) return false;
  const char a = absl::ascii_tolower(static_cast<unsigned char>(t[k]));
  const char b = absl::ascii_tolower(static_cast<unsigned char>(t[k + 1]));
  const char c = absl::ascii_tolower(static_cast<unsigned char>(t[k + 2]));
  static constexpr char kPrefixes[][4] = {"jan", "feb", "maa", "mrt", "mar", "apr", "mei", "jun",
                                          "jul", "aug", "sep", "okt", "oct", "nov", "dec"};
  for (const char* m : kPrefixes) {
    if (a == m[0] && b == m[1] && c == m[2]) return true;
  }
  return false;
}

// Length of the run of bytes satisfying `pred` at t[k], counting at most `cap`.
template <typename Pred>
size_t RunLength(absl::string_view t, size_t k, size_t cap, Pred pred) {
  size_t n = 0;
  while (k + n < t.size() && n < cap && pred(t[k + n])) ++n;
  return n;
}

inline bool At(absl::string_view t, size_t k, bool (*pred)(char)) { return k < t.size() && pred(t[k]); }

// numeric_date: \d{1,4}[-./]\d{1,2}[-./]['`]?\d — each run of digits
// whole, since a separator must follow it (so a mobile number — two digits,
// a hyphen, eight digits — starts no date).
bool NumericDateStart(absl::string_view t, size_t k) {
  const size_t r = RunLength(t, k, 5, IsDigit);
  if (r > 4 || !At(t, k + r, IsDateSeparator)) return false;
  const size_t m = k + r + 1;
  const size_t r2 = RunLength(t, m, 3, IsDigit);
  if (r2 == 0 || r2 > 2 || !At(t, m + r2, IsDateSeparator)) return false;
  size_t y = m + r2 + 1;
  if (y < t.size() && (t[y] == '\'' || t[y] == '`')) ++y;
  return At(t, y, IsDigit);
}

// written_date: \d{1,2} (e|ste|de)? " " and a month (case-insensitive).
bool WrittenDateStart(absl::string_view t, size_t k) {
  const size_t r = RunLength(t, k, 3, IsDigit);
  if (r > 2) return false;
  const size_t q = k + r;
  if (q >= t.size()) return false;
  auto lower_at = [&](size_t j) {
    return j < t.size() ? absl::ascii_tolower(static_cast<unsigned char>(t[j])) : '\0';
  };
  size_t month = q;  // after "", "e", "ste" or "de"
  switch (lower_at(q)) {
    case ' ': break;
    case 'e': month = q + 1; break;
    case 'd': month = lower_at(q + 1) == 'e' ? q + 2 : q; break;
    case 's': month = lower_at(q + 1) == 't' && lower_at(q + 2) == 'e' ? q + 3 : q; break;
    default: return false;
  }
  return lower_at(month) == ' ' && MonthPrefixAt(t, month + 1);
}

// postcode: [1-9]\d{3} ?[A-Za-z]{2}, exactly.
bool PostcodeStart(absl::string_view t, size_t k) {
  if (t[k] == '0' || RunLength(t, k, 4, IsDigit) != 4) return false;
  const size_t q = k + 4 + (k + 4 < t.size() && t[k + 4] == ' ' ? 1 : 0);
  return At(t, q, IsAsciiAlpha) && At(t, q + 1, IsAsciiAlpha);
}

// plate: every alternative is eight bytes of capitals, digits and dashes.
bool PlateStart(absl::string_view t, size_t k) {
  // The first dash comes after one, two or three characters.
  if (k + 8 > t.size() || (t[k + 1] != '-' && t[k + 2] != '-' && t[k + 3] != '-')) return false;
  if (RunLength(t, k, 8, IsPlateByte) != 8) return false;
  // Every alternative has a letter ("12-03-19" is no plate).
  for (size_t j = k; j < k + 8; ++j) {
    if (IsAsciiUpper(t[j])) return true;
  }
  return false;
}

// code_id: [A-Z]{1,5}[-/][A-Z0-9] (a whole run of capitals), or
// (19|20)\d\d[-/]\d{5}.
bool CodeIdStart(absl::string_view t, size_t k) {
  auto slash_or_dash = [](char c) { return c == '-' || c == '/'; };
  auto code_byte = [](char c) { return IsAsciiUpper(c) || IsDigit(c); };
  if (IsAsciiUpper(t[k])) {
    const size_t r = RunLength(t, k, 6, IsAsciiUpper);
    return r <= 5 && k + r + 1 < t.size() && slash_or_dash(t[k + r]) && code_byte(t[k + r + 1]);
  }
  return k + 10 <= t.size() && ((t[k] == '1' && t[k + 1] == '9') || (t[k] == '2' && t[k + 1] == '0')) &&
         IsDigit(t[k + 2]) && IsDigit(t[k + 3]) && slash_or_dash(t[k + 4]) && RunLength(t, k + 5, 5, IsDigit) == 5;
}

// document_id: [A-NP-Z]{2}[A-NP-Z0-9]{6}\d, exactly.
bool DocumentIdStart(absl::string_view t, size_t k) {
  if (k + 9 > t.size() || !IsDocumentLetter(t[k]) || !IsDocumentLetter(t[k + 1]) || !IsDigit(t[k + 8])) return false;
  for (size_t j = k + 2; j < k + 8; ++j) {
    if (!IsDocumentLetter(t[j]) && !IsDigit(t[j])) return false;
  }
  return true;
}

// iban: [A-Za-z]{2}\d{2}.
bool IbanStart(absl::string_view t, size_t k) {
  return At(t, k + 1, IsAsciiAlpha) && At(t, k + 2, IsDigit) && At(t, k + 3, IsDigit);
}

void WindowStarts::Find(absl::string_view t, size_t from, size_t to) {
  for (std::vector<uint32_t>* v : {&iban, &numeric_date, &written_date, &postcode, &plate, &code_id, &document_id}) {
    v->clear();
  }
  month_shape = spaced_shape = false;
  // Every pattern starts at a digit or a capital, except an IBAN's country
  // code ("nl91"), which is found from its first digit.
  for (size_t k = from; k < to; ++k) {
    while (k + 8 <= to) {
      uint64_t x;
      std::memcpy(&x, t.data() + k, 8);
      if (const uint64_t m = BytesIn8<'0', '9'>(x) | BytesIn8<'A', 'Z'>(x); m != 0) {
        k += __builtin_ctzll(m) >> 3;
        break;
      }
      k += 8;
    }
    if (k >= to) break;
    const char c = t[k];
    if (!IsDigit(c) && !IsAsciiUpper(c)) continue;
    const auto at = static_cast<uint32_t>(k);
    if (IsDigit(c)) {
      if (k + 2 < to) {
        const char sep = t[k + 1];
        if (IsDateSeparator(sep) && IsAsciiAlpha(t[k + 2])) {
          month_shape = true;
        } else if (sep == ' ' && IsDigit(t[k + 2])) {
          spaced_shape = true;
        }
      }
      if (k >= from + 2 && IsAsciiAlpha(t[k - 2]) && IbanStart(t, k - 2)) iban.push_back(at - 2);
      if (NumericDateStart(t, k)) numeric_date.push_back(at);
      if (WrittenDateStart(t, k)) written_date.push_back(at);
      if (PostcodeStart(t, k)) postcode.push_back(at);
      if (PlateStart(t, k)) plate.push_back(at);
      if (CodeIdStart(t, k)) code_id.push_back(at);
    } else if (k + 1 < t.size() && !(t[k + 1] >= 'a' && t[k + 1] <= 'z')) {
      // A capital followed by a lowercase letter ("Casus") starts none of
      // these: each needs a capital, digit, dash or slash next.
      if (PlateStart(t, k)) plate.push_back(at);
      if (CodeIdStart(t, k)) code_id.push_back(at);
      if (DocumentIdStart(t, k)) document_id.push_back(at);
    }
  }
}

}  // namespace

void DetectPatterns(const Patterns& p, ScanContext* ctx) {
  DetectEmailAndSocial(p, ctx);
  // Margin: the longest stretch of letters and separators a digit-bearing
  // pattern may span next to its nearest digit ("NL91 INGB 1231", "17 september 2009").
  WindowStarts w;
  ForEachDigitWindow(ctx->text(), 24, [&](size_t from, size_t to) {
    w.Find(ctx->text(), from, to);
    DetectIbans(p, ctx, w.iban, to);
    DetectNumericDates(p, ctx, w.numeric_date, to);
    DetectWrittenDates(p, ctx, w.written_date, to);
    DetectMonthDates(p, ctx, from, to, w.month_shape, w.spaced_shape);
    DetectPostcodes(p, ctx, w.postcode, to);
    DetectPlates(p, ctx, w.plate, to);
    DetectCodeIds(p, ctx, w.code_id, w.document_id, to);
  });
}

}  // namespace kompas::privacy::internal
