// Digit runs ("999912343", "9999.12.343", "06-1234 5678", "+31 6 5182 0467",
// "(06) 4455 9012"): nine digits are a BSN when they pass the 11-proef and an
// ID_NUMBER otherwise; Dutch and international phone numbers are checked
// with libphonenumber. Also identifiers announced by a cue word
// ("clientnr. 88107", "Ons kenmerk: LP/2024/0388").
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "privacy/internal/checksums.h"
#include "privacy/internal/scan_context.h"
#include "privacy/internal/text_util.h"

namespace kompas::privacy::internal {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')'; }

// Whether `digits` (with a leading '+' for international form) is a phone
// number; *valid tells whether it is also assigned (not just possible).
bool IsPhone(const std::string& number, bool* valid) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  if (util.Parse(number, "NL", &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  *valid = util.IsValidNumber(parsed);
  if (*valid) {
    PhoneNumberUtil::PhoneNumberType type = util.GetNumberType(parsed);
    if (type == PhoneNumberUtil::TOLL_FREE || type == PhoneNumberUtil::PREMIUM_RATE ||
        type == PhoneNumberUtil::SHARED_COST) {
      return false;  // 0800 / 0900 hotlines are not personal
    }
  }
  return *valid || util.IsPossibleNumber(parsed);
}

bool PrecededByAmount(absl::string_view t, size_t s) {
  size_t k = s;
  while (k > 0 && t[k - 1] == ' ') --k;
  if (k >= 3 && static_cast<unsigned char>(t[k - 1]) == 0xAC && static_cast<unsigned char>(t[k - 2]) == 0x82 &&
      static_cast<unsigned char>(t[k - 3]) == 0xE2) {
    return true;  // €
  }
  absl::string_view w = PreviousWord(t, s);
  return absl::EqualsIgnoreCase(w, "eur") || absl::EqualsIgnoreCase(w, "euro");
}

}  // namespace

void DetectNumbers(ScanContext* ctx) {
  absl::string_view t = ctx->text();
  std::string compact;
  size_t i = 0;
  while (i < t.size()) {
    i = NextByteIn<'0', '9'>(t, i, t.size());
    if (i == t.size()) break;
    if (i > 0 && (IsWordByte(t[i - 1]) || ((t[i - 1] == '.' || t[i - 1] == ',') && i > 1 && IsDigit(t[i - 2])))) {
      ++i;
      continue;
    }
    const size_t run_start = i;
    compact.clear();
    size_t end = i;
    size_t k = i;
    while (true) {
      while (k < t.size() && IsDigit(t[k])) compact.push_back(t[k++]);
      end = k;
      // One or two separator characters, at most one of them a space, then
      // a digit continues the run.
      size_t sep = k;
      int spaces = 0;
      while (sep < t.size() && sep - k < 3 && IsSeparator(t[sep])) spaces += t[sep++] == ' ';
      if (sep == k || sep >= t.size() || !IsDigit(t[sep])) break;
      if (sep - k == 3 ? !(t[k] == ' ' && t[k + 2] == ' ' && (t[k + 1] == '-' || t[k + 1] == '/'))
                       : spaces > 1) {
        break;  // one space at most, or " - " / " / "
      }
      if (sep - k == 2 && t[k] == t[k + 1]) break;  // "..", "--"
      if (compact.size() > 16) break;
      k = sep;
    }
    i = end;
    // "12345678ab", "3.400,50": not a standalone number.
    if (end < t.size() && (absl::ascii_isalpha(t[end]) ||
                           (t[end] == ',' && end + 1 < t.size() && IsDigit(t[end + 1])))) {
      continue;
    }
    size_t start = run_start;
    bool plus = start > 0 && t[start - 1] == '+';
    if (start > 0 && t[start - 1] == '(' && t.substr(start, end - start).find(')') != absl::string_view::npos) {
      --start;
    }
    if (plus) --start;
    const size_t n = compact.size();
    bool international = plus || (n > 11 && compact[0] == '0' && compact[1] == '0');
    if (!international && n == 10 && compact[0] == '0' && compact[1] >= '1' && compact[1] <= '7') {
      // 01x-05x, 07x geographic and 06 mobile: the numbering plan's shape is
      // the check (no libphonenumber call on the hot path).
      ctx->Add(Kind::kPhone, start, end, 0.9f, kPriorityPhone);
      continue;
    }
    if (international || (n == 10 && compact[0] == '0')) {
      // International, and 08x/09x where toll-free and premium-rate
      // hotlines (0800, 0900) must pass: libphonenumber decides.
      std::string number = international ? "+" + compact.substr(plus ? 0 : 2) : compact;
      bool valid = false;
      if (IsPhone(number, &valid)) {
        ctx->Add(Kind::kPhone, start, end, valid ? 0.95f : 0.7f, kPriorityPhone);
      }
      continue;
    }
    if (n == 9 && !PrecededByAmount(t, run_start)) {
      if (IsValidBsn(compact)) {
        ctx->Add(Kind::kBsn, run_start, end, 0.95f, kPriorityBsn);
      } else {
        ctx->Add(Kind::kIdNumber, run_start, end, 0.6f, kPriorityId);
      }
    }
  }
}

void DetectIdCues(ScanContext* ctx) {
  const auto& tokens = ctx->tokens();
  absl::string_view t = ctx->text();
  // A number of five digits or more with its cue after it: "778812 patnr".
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].type != TokenType::kNumber || tokens[i].end - tokens[i].start < 5) continue;
    if (i > 0 && ctx->Adjacent(i) && tokens[i - 1].type == TokenType::kPunct) continue;  // part of a longer run
    size_t j = i + 1;
    if (!(tokens[j].shape & kSpaceBefore) || (tokens[j].shape & kNewlineBefore)) continue;
    if (tokens[j].type != TokenType::kWord || !(ctx->Flags(j) & kIdCue)) continue;
    absl::string_view cue = ctx->TokenText(j);
    if (absl::EqualsIgnoreCase(cue, "bsn") || absl::EqualsIgnoreCase(cue, "nr") ||
        absl::EqualsIgnoreCase(cue, "nummer") || absl::EqualsIgnoreCase(cue, "zaak") ||
        absl::EqualsIgnoreCase(cue, "case")) {
      continue;
    }
    ctx->Add(Kind::kIdNumber, tokens[i].start, tokens[i].end, 0.8f, kPriorityId);
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].type != TokenType::kWord || !(ctx->Flags(i) & kIdCue)) continue;
    bool is_bsn = absl::EqualsIgnoreCase(ctx->TokenText(i), "bsn");
    size_t j = i + 1;
    for (int skipped = 0; j < tokens.size() && skipped < 4; ++j, ++skipped) {
      if (tokens[j].shape & kNewlineBefore) break;
      if (tokens[j].type == TokenType::kPunct) {
        char c = t[tokens[j].start];
        if (c == ':' || c == '.' || c == '(' || c == '#' || c == '=') continue;
        break;
      }
      if (tokens[j].type != TokenType::kWord) break;
      size_t len = tokens[j].end - tokens[j].start;
      absl::string_view w = ctx->TokenText(j);
      if (absl::EqualsIgnoreCase(w, "is") || absl::EqualsIgnoreCase(w, "was") ||
          absl::EqualsIgnoreCase(w, "nr") || absl::EqualsIgnoreCase(w, "nummer")) {
        continue;
      }
      if (len <= 4 && (tokens[j].shape & (kCap | kAllCaps)) && j + 1 < tokens.size() &&
          !(tokens[j + 1].type == TokenType::kPunct && (t[tokens[j + 1].start] == '-' || t[tokens[j + 1].start] == '/') &&
            ctx->Adjacent(j + 1))) {
        continue;  // "zaaknummer Wmo Z/24/…", "Zaaknummer VT: VT-2023-…"
      }
      break;
    }
    if (j >= tokens.size() || tokens[j].type == TokenType::kPunct) continue;
    if (tokens[j].type == TokenType::kWord && !(tokens[j].shape & kAllCaps) &&
        tokens[j].end - tokens[j].start > 1) {
      continue;
    }
    // The id: adjacent alphanumerics joined by - / . (a trailing one is not part).
    size_t s = tokens[j].start, e = tokens[j].end;
    size_t m = j + 1;
    while (m + 1 < tokens.size() && ctx->Adjacent(m) && ctx->Adjacent(m + 1) &&
           tokens[m].type == TokenType::kPunct &&
           (t[tokens[m].start] == '-' || t[tokens[m].start] == '/' || t[tokens[m].start] == '.') &&
           tokens[m + 1].type != TokenType::kPunct) {
      e = tokens[m + 1].end;
      m += 2;
    }
    int digits = 0, letters = 0;
    for (size_t k = s; k < e; ++k) {
      digits += IsDigit(t[k]);
      letters += absl::ascii_isalpha(t[k]) != 0;
    }
    if (digits < 4 && !(digits >= 2 && letters >= 2)) continue;
    if (digits == 4 && letters == 0 && e - s == 4) {
      int year = (t[s] - '0') * 1000 + (t[s + 1] - '0') * 100;
      if (year == 1900 || year == 2000) continue;  // "dossier 2023"
    }
    if (is_bsn && digits == 9 && e - s == 9) continue;  // the digit-run rule decides
    ctx->Add(Kind::kIdNumber, s, e, 0.85f, kPriorityId);
  }
}

}  // namespace kompas::privacy::internal
