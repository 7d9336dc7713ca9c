#include "domain/validation.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace kompas::domain {

bool IsValidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or > F4
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;  // UTF-16 surrogates
    i += len;
  }
  return true;
}

size_t CountCodePoints(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

namespace {

// Control characters (C0 except tab/newline/CR, DEL). C1 and other
// invisible characters are the PII gate's concern (it normalizes them).
bool HasForbiddenControl(absl::string_view text, bool allow_newlines) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\t') continue;
    if ((c == '\n' || c == '\r') && allow_newlines) continue;
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

// The first checks of a one-line text: not blank (else `blank`, REQUIRED)
// and valid UTF-8. False when it added a violation; the caller stops there.
bool CheckPresentUtf8(FieldViolations& v, absl::string_view field, absl::string_view text,
                      absl::string_view blank) {
  if (text.empty() || absl::StripAsciiWhitespace(text).empty()) {
    v.Add(field, blank, v1::REQUIRED);
    return false;
  }
  if (!IsValidUtf8(text)) {
    v.Add(field, "is not valid UTF-8", v1::NOT_UTF8);
    return false;
  }
  return true;
}

}  // namespace

void CheckText(FieldViolations& v, absl::string_view field, absl::string_view text,
               bool required, size_t max_bytes) {
  if (text.empty()) {
    if (required) v.Add(field, "is required", v1::REQUIRED);
    return;
  }
  if (!IsValidUtf8(text)) {
    v.Add(field, "is not valid UTF-8", v1::NOT_UTF8);
    return;
  }
  if (text.size() > max_bytes) {
    v.Add(field, absl::StrCat("is ", text.size(), " bytes long; the limit is ", max_bytes,
                              " bytes"),
          v1::TOO_MANY_BYTES, max_bytes);
  }
  if (HasForbiddenControl(text, /*allow_newlines=*/true)) {
    v.Add(field, "contains control characters; only tab and newline are allowed",
          v1::CONTROL_CHARACTERS);
  }
}

void CheckTitle(FieldViolations& v, absl::string_view field, absl::string_view text) {
  if (!CheckPresentUtf8(v, field, text, "is required")) return;
  size_t chars = CountCodePoints(text);
  if (chars > kMaxTitleChars) {
    v.Add(field, absl::StrCat("is ", chars, " characters long; the limit is ", kMaxTitleChars,
                              " characters"),
          v1::TOO_MANY_CHARACTERS, kMaxTitleChars);
  }
  if (HasForbiddenControl(text, /*allow_newlines=*/false)) {
    v.Add(field, "must be a single line without control characters", v1::CONTROL_CHARACTERS);
  }
}

void CheckLabel(FieldViolations& v, absl::string_view field, absl::string_view text) {
  if (!CheckPresentUtf8(v, field, text, "must not be empty")) return;
  if (text.size() > kMaxLabelBytes) {
    v.Add(field, absl::StrCat("is longer than ", kMaxLabelBytes, " bytes"), v1::TOO_MANY_BYTES,
          kMaxLabelBytes);
  }
  if (HasForbiddenControl(text, /*allow_newlines=*/false)) {
    v.Add(field, "must be a single line without control characters", v1::CONTROL_CHARACTERS);
  }
}

void CheckTheme(FieldViolations& v, absl::string_view field, absl::string_view theme) {
  bool ok = !theme.empty() && theme.size() <= kMaxThemeChars;
  for (char c : theme) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (!ok) {
    v.Add(field, "must be 1-64 characters of lowercase letters, digits and '-', "
                 "e.g. \"pettenvraagstuk\"",
          v1::BAD_FORMAT);
  }
}

void CheckRequestId(FieldViolations& v, absl::string_view field, absl::string_view id) {
  if (id.empty()) return;
  bool ok = id.size() <= 128;
  for (char c : id) ok = ok && c > 0x20 && c < 0x7F;
  if (!ok) {
    v.Add(field, "must be 1-128 printable ASCII characters without spaces, e.g. a UUID",
          v1::BAD_FORMAT);
  }
}

int CheckPageSize(FieldViolations& v, int page_size, int default_size, int max_size) {
  if (page_size < 0) {
    v.Add("page_size", "must not be negative");
    return default_size;
  }
  if (page_size == 0) return default_size;
  return page_size > max_size ? max_size : page_size;
}

void CheckRepeated(FieldViolations& v, const std::string& field,
                   const google::protobuf::RepeatedPtrField<std::string>& list,
                   void (*check)(FieldViolations&, absl::string_view, absl::string_view)) {
  if (list.size() > kMaxRepeated) {
    v.Add(field, absl::StrCat("has ", list.size(), " entries; the limit is ", kMaxRepeated),
          v1::TOO_MANY_ENTRIES, kMaxRepeated);
  }
  std::set<std::string> seen;
  for (int i = 0; i < list.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    check(v, f, list[i]);
    if (!seen.insert(list[i]).second) v.Add(f, "is listed twice", v1::DUPLICATE);
  }
}

}  // namespace kompas::domain
