// Human output for professional standards and the kompas: the words users
// read and type for kinds, modalities, audiences, statuses and stances, word
// diffs (coloured on a terminal), and the readable documents for a standard,
// its revisions and errata, the comply-or-explain register and a published
// kompas version (on stdout, like format.h's documents).
//
//   std::optional<v1::StandardKind> kind = ParseWord<v1::StandardKind>("no-go");
//   std::cout << HyphenWord(standard.content().kind());   // no-go
//   PrintStandard(standard);
//   std::cout << DiffText(field_diff, UseColor(STDOUT_FILENO), "    ");
#ifndef KOMPAS_CLIENTS_CLI_STANDARD_FORMAT_H_
#define KOMPAS_CLIENTS_CLI_STANDARD_FORMAT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/string_view.h>
#include <google/protobuf/repeated_ptr_field.h>

#include "google/type/date.pb.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"

namespace kompas::cli {

// A date as YYYY-MM-DD.
std::string DateWord(const google::type::Date& date);

// "2 of 3 municipalities": how far a standard is from its quorum.
std::string EndorsementCount(const kompas::v1::Standard& standard);

// A field's word diff as text: equal words as they are, deleted ones in
// [-…-] and inserted ones in {+…+} (the server's `readable` form), with
// `ansi` the deleted ones red and the inserted ones green as well. Line
// breaks in the text continue at `indent`; other control characters show as
// spaces. Without segments (an older server) the server's `readable` text.
std::string DiffText(const kompas::v1::FieldDiff& diff, bool ansi, absl::string_view indent);

// Each changed field as "`indent`field:" and its DiffText one level deeper.
void PrintFieldDiffs(const google::protobuf::RepeatedPtrField<kompas::v1::FieldDiff>& fields,
                     bool ansi, absl::string_view indent);

// The readable documents, on stdout.
void PrintStandard(const kompas::v1::Standard& standard);
void PrintRevisions(const std::vector<kompas::v1::StandardRevision>& revisions);
void PrintErratum(const kompas::v1::Erratum& erratum);

// One row per municipality: follows, deviates, not applicable, without a
// position, reviews overdue. `names` maps `municipalities/{code}` to the
// name people say ("Utrecht"); a code missing from it is shown as the code.
void PrintRegister(const kompas::v1::RegisterSummary& summary,
                   const std::map<std::string, std::string>& names);

// A published version: header, release notes, then its standards grouped by
// kind (no-go, must-do, rule of thumb, good practice) in the version's order.
void PrintKompas(const kompas::v1::Kompas& kompas);
// What was added, changed (each with its field diffs) and removed.
void PrintKompasDiff(const kompas::v1::DiffKompasResponse& diff, bool ansi);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_STANDARD_FORMAT_H_
