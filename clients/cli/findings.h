// Personal data the server's PII gate found, shown where it is: the text with
// each finding marked inline, the list of findings, the text a refused write
// sent (found again by the finding's field path), and the short note after a
// write the gate changed.
//
// Offsets are UTF-8 byte offsets into the exact text that was checked or
// sent; marks are widened to whole code points, never splitting one.
//
//   std::cout << MarkFindings(text, response.findings(), UseColor(STDOUT_FILENO));
//   std::optional<std::string> sent = ResolveFieldPath(request, "case.options[1]");
#ifndef KOMPAS_CLIENTS_CLI_FINDINGS_H_
#define KOMPAS_CLIENTS_CLI_FINDINGS_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include "kompas/v1/privacy.pb.h"

namespace kompas::cli {

using Findings = google::protobuf::RepeatedPtrField<kompas::v1::TextFinding>;

// True when output to `fd` may use ANSI colours: a terminal, NO_COLOR unset
// and TERM not "dumb".
bool UseColor(int fd);

// PERSON, BSN, … (the proto name without its prefix); unknown numbers as numbers.
std::string PiiKindWord(kompas::v1::PiiKind kind);
// BLOCK or WARN.
std::string SeverityWord(kompas::v1::PiiSeverity severity);
// The word REDACT mode puts in place of a kind, as the user sees it in the
// stored text: NAAM, BSN, TELEFOON, ADRES, INSTELLING, …
std::string PlaceholderWord(kompas::v1::PiiKind kind);

// [start, end) of a finding in `text`, widened to whole code points; nullopt
// when the span is empty or not inside the text (a server bug, or a text
// that differs from the one checked).
std::optional<std::pair<size_t, size_t>> SnapSpan(absl::string_view text, int64_t start,
                                                  int64_t end);

// `text` with every finding marked: `⟦Mevrouw Bakker|NAAM⟧`, or with `ansi`
// the span in reverse video (red for BLOCK, yellow for WARN) followed by the
// kind. Overlapping findings share one mark. Control characters other than
// newline and tab are shown as spaces (byte for byte, so offsets still hold).
std::string MarkFindings(absl::string_view text, const Findings& findings, bool ansi);

// One line per finding: `  BLOCK PERSON  bytes 0-14  "Mevrouw Bakker"`, kinds
// aligned. With `text` null the quote is left out.
std::string FindingList(const Findings& findings, const absl::string_view* text);

// The string at a request field path such as `case.situation`,
// `case.framing.task`, `case.options[1]` or `reflection.text` in `root`, by
// protobuf reflection; nullopt when the path does not name a string there.
std::optional<std::string> ResolveFieldPath(const google::protobuf::Message& root,
                                            absl::string_view path);

// For a write the gate refused: per field, the path and the text as `sent`
// (null: unknown) with the findings marked, then a hint what to do. `ansi`
// colours the marks.
void PrintFindingsInContext(const kompas::v1::PrivacyFindings& findings,
                            const google::protobuf::Message* sent, bool ansi, std::ostream& out);

// What the gate did on a successful write, e.g.
// "redacted: 2 NAAM, 1 BSN (gate 2026.11-1)\nacknowledged 1 warning (1 INSTELLING)\n";
// empty when it did nothing. `before` (may be null) is the record's report
// before this write: counts accumulate over the writes of a case, and only
// this write's share is reported.
std::string AnonymizationNote(const kompas::v1::AnonymizationReport& report,
                              const kompas::v1::AnonymizationReport* before);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_FINDINGS_H_
