// The three documents kompas-export writes for one kompas version: Markdown
// to read, JSON (the proto JSON mapping) for programs, CSV for spreadsheets.
// Pure functions of the messages ExportKompas streams: no clock, no locale,
// no I/O, so the same version always gives the same bytes.
//
//   v1::Kompas header = ...;                  // the stream's first message
//   std::vector<v1::Standard> standards = ...; // the rest, in stream order
//   std::string doc = ToMarkdown(header, standards);
//
// `header.standards()` is ignored: the standards are the streamed ones.
#ifndef KOMPAS_TOOLS_KOMPAS_EXPORT_EXPORT_FORMAT_H_
#define KOMPAS_TOOLS_KOMPAS_EXPORT_EXPORT_FORMAT_H_

#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"

namespace kompas::exporter {

// A Dutch document: a title line ("# Kompas wijkteams — v3"), publish date
// (UTC) and publisher, the release notes, then one section per kind in enum
// order (No-go's, Must-do's, Vuistregels, Goede praktijken) holding each
// standard in stream order: title, statement, modality, rationale, scope,
// sources, revision and status. User text is escaped only where it could
// change the document's structure (a line starting with '#', '>', "- ",
// "1. ", a fence, '<' anywhere), and line breaks in it are kept.
std::string ToMarkdown(const kompas::v1::Kompas& header,
                       const std::vector<kompas::v1::Standard>& standards);

// The proto JSON mapping of `header` with `standards` as its standards:
// original field names, enums by name, unset fields left out, indented
// (protobuf's one space per level), ending in a newline. Fails only if the printer cannot map a
// message, which these types (no Any, no maps) never give it.
[[nodiscard]] absl::StatusOr<std::string> ToJson(
    const kompas::v1::Kompas& header, const std::vector<kompas::v1::Standard>& standards);

// RFC 4180 CSV: the header line
//   name,revision,status,kind,modality,title,statement,rationale,laws,themes,
//   audiences,source_cases,source_sessions,source_conclusions
// then one row per standard; CRLF after every line. The version's own
// metadata (release notes, publisher) is not in it: a CSV is one table. Enums by their proto
// names (as in JSON), repeated values joined with "; ". A field is quoted
// when it holds a comma, a quote, CR or LF, with quotes doubled; text is
// otherwise written as is (no BOM, no spreadsheet-formula defusing).
std::string ToCsv(const kompas::v1::Kompas& header,
                  const std::vector<kompas::v1::Standard>& standards);

}  // namespace kompas::exporter

#endif  // KOMPAS_TOOLS_KOMPAS_EXPORT_EXPORT_FORMAT_H_
