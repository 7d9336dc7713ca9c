// Human output of the `kompas` CLI: tables, wrapped paragraphs, local times,
// the words users read and type for enum values, and the readable documents
// for a case, a community and a reflection.
//
// Widths count Unicode code points, which is right for the Latin text the
// users write; invalid UTF-8 from anywhere is tolerated, never fatal.
//
//   PrintTable({"NAME", "TITLE"}, {{c.name(), Truncate(c.title(), 60)}});
//   std::cout << Wrap(c.situation(), 100, "  ");
#ifndef KOMPAS_CLIENTS_CLI_FORMAT_H_
#define KOMPAS_CLIENTS_CLI_FORMAT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/str_replace.h>
#include <absl/strings/string_view.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>
#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>

#include "kompas/v1/case.pb.h"
#include "kompas/v1/community.pb.h"

namespace kompas::cli {

// A UTF-8 continuation byte (10xxxxxx) does not start a code point; cuts
// and marks move past them so no code point is ever split.
bool IsContinuation(char c);

// Paragraphs are wrapped to this many columns, the indent included.
inline constexpr size_t kWrapColumns = 100;

// Number of code points in `text`.
size_t DisplayWidth(absl::string_view text);

// `text` on one line (control characters become spaces), cut to at most
// `width` code points with a trailing "…" when it was longer.
std::string Truncate(absl::string_view text, size_t width);

// `text` word-wrapped to `width` columns, every line starting with `indent`
// and ending in '\n'. Line breaks in `text` are kept; words longer than a
// line stand on a line of their own.
std::string Wrap(absl::string_view text, size_t width, absl::string_view indent);

// `text` with tabs, newlines and other control characters as spaces, so it
// cannot break a table row or move the cursor.
std::string OneLine(absl::string_view text);

// Who wrote a reflection, as every view shows it: its author's member name,
// or "(case owner)" when the server left the author out (the owner's own
// words on a case whose origin is hidden; only she sees her name there).
std::string ReflectionAuthor(const kompas::v1::Reflection& reflection);

// One line of a readable document, `  label:          value`, with the labels
// of a document aligned; `value` is shown on one line.
void PrintField(absl::string_view label, absl::string_view value);

// `text` wrapped under a marker such as "  - " or "  1. ", continuation lines
// indented to the marker's width.
void PrintItem(absl::string_view marker, absl::string_view text);

// A titled section of running text, the text wrapped under the heading
// after an empty line; nothing at all when the text is empty, so a
// half-written record reads without empty headings.
void Section(absl::string_view heading, absl::string_view text);

// The items joined with ", ", or "-" when there are none.
std::string JoinOrDash(const google::protobuf::RepeatedPtrField<std::string>& items);

// Local time as `yyyy-mm-dd HH:MM`, or "-" when the timestamp is unset.
std::string FormatTime(const google::protobuf::Timestamp& time);

// Columns separated by two spaces and padded to their widest cell; the last
// column is not padded.
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// Enum values as users read and type them, one rule for every enum of the
// API. A value's word is its name without the enum's prefix (the name of its
// zero value, X_UNSPECIFIED, without UNSPECIFIED), lowercased:
// CASE_STATUS_IN_SESSION → in_session, ROLE_PRIVACY_OFFICER →
// privacy_officer. A number this build does not know (a newer server) is
// shown as the number.
//
//   std::cout << Word(c.status());                    // in_session
//   std::cout << HyphenWord(s.content().kind());      // no-go
//   std::optional<v1::Stance> s = ParseWord<v1::Stance>("not-applicable");
std::string EnumWord(const google::protobuf::EnumDescriptor& type, int value);
template <typename Enum>
std::string Word(Enum value) {
  return EnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), value);
}
// The word with '-' between its parts, as the standards' words are written:
// no-go, must-not, not-applicable.
template <typename Enum>
std::string HyphenWord(Enum value) {
  return absl::StrReplaceAll(Word(value), {{"_", "-"}});
}

// The value a user typed: its word, case-insensitive, '-' read as '_'
// (`no-go`, `in-session`); nullopt for a word the enum does not know and for
// `unspecified`, which is not a choice.
std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 absl::string_view word);
template <typename Enum>
std::optional<Enum> ParseWord(absl::string_view word) {
  std::optional<int> number = ParseEnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), word);
  if (!number.has_value()) return std::nullopt;
  return static_cast<Enum>(*number);
}

// The readable documents, on stdout. A reflection posted in a session shows
// the phase it was posted in. (Sessions: session_format.h.)
void PrintCase(const kompas::v1::Case& c);
void PrintCommunity(const kompas::v1::Community& community,
                    const std::vector<kompas::v1::Member>& members);
void PrintReflection(const kompas::v1::Reflection& reflection);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_FORMAT_H_
