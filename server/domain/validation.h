// Field-level checks shared by every request: text length and encoding,
// labels, page sizes. Each adds a violation to a FieldViolations instead of
// returning early, so a client learns about every problem in one round trip.
#ifndef KOMPAS_DOMAIN_VALIDATION_H_
#define KOMPAS_DOMAIN_VALIDATION_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace kompas::domain {

// Limits, as promised in the API's field comments.
inline constexpr size_t kMaxTitleChars = 200;         // code points
inline constexpr size_t kMaxTextBytes = 20000;        // UTF-8 bytes
inline constexpr size_t kMaxLabelBytes = 100;         // a law, a request id
inline constexpr size_t kMaxThemeChars = 64;
inline constexpr int kMaxRepeated = 20;               // options, laws, themes
inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 200;

// Valid UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(absl::string_view text);
// Number of code points in valid UTF-8.
size_t CountCodePoints(absl::string_view text);

// Free text: valid UTF-8, at most max_bytes, no control characters other
// than tab, newline and carriage return. Empty is fine unless required.
void CheckText(FieldViolations& v, absl::string_view field, absl::string_view text,
               bool required, size_t max_bytes = kMaxTextBytes);
// A title or display name: required, 1-200 code points, one line.
void CheckTitle(FieldViolations& v, absl::string_view field, absl::string_view text);
// A short label such as a law name: 1-100 bytes, printable, one line.
void CheckLabel(FieldViolations& v, absl::string_view field, absl::string_view text);
// A theme: 1-64 characters of lowercase letters, digits and '-'.
void CheckTheme(FieldViolations& v, absl::string_view field, absl::string_view theme);
// A list field: at most kMaxRepeated entries, each passing `check` (as
// `field[i]`), none listed twice.
void CheckRepeated(FieldViolations& v, const std::string& field,
                   const google::protobuf::RepeatedPtrField<std::string>& list,
                   void (*check)(FieldViolations&, absl::string_view, absl::string_view));
// request_id: empty, or 1-128 printable ASCII characters.
void CheckRequestId(FieldViolations& v, absl::string_view field, absl::string_view id);

// The effective page size: 0 → default, above max → max; negative is a
// violation (returns the default so the caller can keep validating). The one
// page-size rule of every List and Search.
int CheckPageSize(FieldViolations& v, int page_size, int default_size = kDefaultPageSize,
                  int max_size = kMaxPageSize);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_VALIDATION_H_
