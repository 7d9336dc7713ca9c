#include "standard_format.h"

#include <iostream>
#include <utility>

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_format.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/strip.h>

#include "format.h"

namespace kompas::cli {
namespace {

using kompas::v1::Standard;
using kompas::v1::StandardContent;

constexpr char kRed[] = "\033[31m";
constexpr char kGreen[] = "\033[32m";
constexpr char kReset[] = "\033[0m";

// The section headings of a kompas, one per kind, in the kinds' enum order
// (the order of every export).
constexpr std::pair<kompas::v1::StandardKind, const char*> kKindHeadings[] = {
    {kompas::v1::STANDARD_KIND_NO_GO, "No-go"},
    {kompas::v1::STANDARD_KIND_MUST_DO, "Must-do"},
    {kompas::v1::STANDARD_KIND_RULE_OF_THUMB, "Rule of thumb"},
    {kompas::v1::STANDARD_KIND_GOOD_PRACTICE, "Good practice"},
};

bool IsKnownKind(kompas::v1::StandardKind kind) {
  for (const auto& [known, heading] : kKindHeadings) {
    if (known == kind) return true;
  }
  return false;
}

std::string Audiences(const StandardContent& c) {
  std::vector<std::string> letters;
  for (int a : c.audiences()) letters.push_back(absl::AsciiStrToUpper(Word(static_cast<kompas::v1::Audience>(a))));
  return letters.empty() ? "-" : absl::StrJoin(letters, ", ");
}

// `text` for a diff: control characters as spaces, a line break continuing
// at `indent`.
std::string DiffPart(absl::string_view text, absl::string_view indent) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      absl::StrAppend(&out, "\n", indent);
    } else {
      out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
    }
  }
  return out;
}

// One standard of a kompas version: title and modality, statement, and
// where to read the rest.
void PrintKompasEntry(const Standard& s) {
  std::cout << "  - " << OneLine(s.content().title()) << "  ("
            << HyphenWord(s.content().modality()) << ")\n"
            << Wrap(s.content().statement(), kWrapColumns, "    ") << "    " << s.name()
            << ", revision " << s.revision() << "\n";
}

}  // namespace

std::string DateWord(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string EndorsementCount(const Standard& s) {
  return absl::StrCat(s.endorsing_municipalities(), " of ", s.quorum(), " municipalit",
                      s.quorum() == 1 ? "y" : "ies");
}

std::string DiffText(const kompas::v1::FieldDiff& diff, bool ansi, absl::string_view indent) {
  if (diff.segments().empty()) return DiffPart(diff.readable(), indent);
  std::string out;
  for (const kompas::v1::DiffSegment& segment : diff.segments()) {
    const std::string text = DiffPart(segment.text(), indent);
    switch (segment.op()) {
      case kompas::v1::DiffSegment::OP_DELETE:
        absl::StrAppend(&out, ansi ? kRed : "", "[-", text, "-]", ansi ? kReset : "");
        break;
      case kompas::v1::DiffSegment::OP_INSERT:
        absl::StrAppend(&out, ansi ? kGreen : "", "{+", text, "+}", ansi ? kReset : "");
        break;
      default:
        absl::StrAppend(&out, text);
        break;
    }
  }
  return out;
}

void PrintFieldDiffs(const google::protobuf::RepeatedPtrField<kompas::v1::FieldDiff>& fields,
                     bool ansi, absl::string_view indent) {
  const std::string deeper = absl::StrCat(indent, "  ");
  for (const kompas::v1::FieldDiff& field : fields) {
    std::cout << indent << OneLine(field.field()) << ":\n"
              << deeper << DiffText(field, ansi, deeper) << "\n";
  }
}

void PrintStandard(const Standard& s) {
  const StandardContent& c = s.content();
  std::cout << OneLine(c.title().empty() ? "(untitled standard)" : c.title()) << "\n\n";
  PrintField("name", s.name());
  PrintField("status", HyphenWord(s.status()));
  if (!s.status_reason().empty()) PrintField("reason", s.status_reason());
  PrintField("kind", HyphenWord(c.kind()));
  PrintField("modality", HyphenWord(c.modality()));
  PrintField("revision", absl::StrCat(s.revision()));
  PrintField("endorsements", EndorsementCount(s));
  PrintField("audiences", Audiences(c));
  PrintField("laws", JoinOrDash(c.laws()));
  PrintField("themes", JoinOrDash(c.themes()));
  PrintField("author", s.author().empty() ? "-" : s.author());
  if (!s.supersedes().empty()) PrintField("supersedes", s.supersedes());
  if (!s.superseded_by().empty()) PrintField("superseded by", s.superseded_by());
  PrintField("created", FormatTime(s.create_time()));
  PrintField("updated", FormatTime(s.update_time()));
  PrintField("etag", s.etag().empty() ? "-" : s.etag());

  Section("Statement", c.statement());
  Section("Rationale", c.rationale());
  if (!s.endorsements().empty()) {
    std::cout << "\nEndorsed by\n";
    for (const std::string& member : s.endorsements()) std::cout << "  - " << OneLine(member) << "\n";
  }
  const std::pair<const char*, const google::protobuf::RepeatedPtrField<std::string>*> sources[] = {
      {"case", &s.source_cases()},
      {"session", &s.source_sessions()},
      {"conclusion", &s.source_conclusions()},
  };
  if (!s.source_cases().empty() || !s.source_sessions().empty() ||
      !s.source_conclusions().empty()) {
    std::cout << "\nSources\n";
    for (const auto& [kind, names] : sources) {
      for (const std::string& name : *names) {
        std::cout << absl::StrFormat("  %-12s%s\n", kind, OneLine(name));
      }
    }
  }
}

void PrintRevisions(const std::vector<kompas::v1::StandardRevision>& revisions) {
  std::vector<std::vector<std::string>> rows;
  for (const kompas::v1::StandardRevision& r : revisions) {
    rows.push_back({absl::StrCat(r.revision()), FormatTime(r.create_time()),
                    r.author().empty() ? "-" : r.author(), Truncate(r.change_note(), 60)});
  }
  PrintTable({"REVISION", "CREATED", "AUTHOR", "NOTE"}, rows);
}

void PrintErratum(const kompas::v1::Erratum& e) {
  std::cout << OneLine(e.name()) << "  " << HyphenWord(e.state()) << "\n"
            << "  reported by " << OneLine(e.reporter().empty() ? "-" : e.reporter())
            << " on revision " << e.revision() << ", " << FormatTime(e.create_time()) << "\n"
            << Wrap(e.description(), kWrapColumns, "    ");
  if (e.state() == kompas::v1::ERRATUM_STATE_ACCEPTED) {
    std::cout << "  corrected in revision " << e.corrected_revision() << "\n";
  }
  if (!e.resolution().empty()) PrintItem("  resolution: ", e.resolution());
}

void PrintRegister(const kompas::v1::RegisterSummary& summary,
                   const std::map<std::string, std::string>& names) {
  std::cout << "Comply-or-explain register of " << OneLine(summary.community()) << ": "
            << summary.adopted_standards() << " adopted standard"
            << (summary.adopted_standards() == 1 ? "" : "s") << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const kompas::v1::MunicipalityRegister& m : summary.municipalities()) {
    const std::string code(absl::StripPrefix(m.municipality(), "municipalities/"));
    auto it = names.find(m.municipality());
    rows.push_back({it == names.end() ? code : absl::StrCat(it->second, " (", code, ")"),
                    absl::StrCat(m.follows()), absl::StrCat(m.deviates()),
                    absl::StrCat(m.not_applicable()), absl::StrCat(m.without_position_size()),
                    absl::StrCat(m.reviews_overdue_size())});
  }
  PrintTable({"MUNICIPALITY", "FOLLOWS", "DEVIATES", "NOT-APPLICABLE", "NO-POSITION", "OVERDUE"},
             rows);
  for (const kompas::v1::MunicipalityRegister& m : summary.municipalities()) {
    for (const std::string& position : m.reviews_overdue()) {
      std::cout << "review overdue: " << OneLine(position) << "\n";
    }
  }
}

void PrintKompas(const kompas::v1::Kompas& k) {
  std::cout << "Kompas v" << k.version() << "\n\n";
  PrintField("name", k.name());
  PrintField("published", FormatTime(k.publish_time()));
  PrintField("publisher", k.publisher().empty() ? "-" : k.publisher());
  PrintField("standards", absl::StrCat(k.standards_size()));
  Section("Release notes", k.release_notes());
  for (const auto& [kind, heading] : kKindHeadings) {
    std::vector<const Standard*> of_kind;
    for (const Standard& s : k.standards()) {
      if (s.content().kind() == kind) of_kind.push_back(&s);
    }
    if (of_kind.empty()) continue;
    std::cout << "\n" << heading << " (" << of_kind.size() << ")\n";
    for (const Standard* s : of_kind) PrintKompasEntry(*s);
  }
  // A kind this build does not know (a newer server) still shows.
  bool other_heading = false;
  for (const Standard& s : k.standards()) {
    if (IsKnownKind(s.content().kind())) continue;
    if (!other_heading) std::cout << "\nOther\n";
    other_heading = true;
    PrintKompasEntry(s);
  }
}

void PrintKompasDiff(const kompas::v1::DiffKompasResponse& diff, bool ansi) {
  std::cout << "v" << diff.from_version() << " → v" << diff.to_version() << "\n";
  if (diff.added().empty() && diff.changed().empty() && diff.removed().empty()) {
    std::cout << "no differences\n";
    return;
  }
  if (!diff.added().empty()) {
    std::cout << "\nAdded (" << diff.added_size() << ")\n";
    for (const Standard& s : diff.added()) {
      std::cout << "  + " << OneLine(s.content().title()) << "  (" << s.name() << ", revision "
                << s.revision() << ")\n";
    }
  }
  if (!diff.changed().empty()) {
    std::cout << "\nChanged (" << diff.changed_size() << ")\n";
    for (const kompas::v1::ChangedStandard& c : diff.changed()) {
      std::cout << "  ~ " << OneLine(c.title()) << "  (" << c.standard() << ", revision "
                << c.from_revision() << " → " << c.to_revision() << ")\n";
      if (c.fields().empty()) {
        std::cout << "    (a new revision with the same text)\n";
      } else {
        PrintFieldDiffs(c.fields(), ansi, "    ");
      }
    }
  }
  if (!diff.removed().empty()) {
    std::cout << "\nRemoved (" << diff.removed_size() << ")\n";
    for (const Standard& s : diff.removed()) {
      std::cout << "  - " << OneLine(s.content().title()) << "  (" << s.name() << ", revision "
                << s.revision() << ")\n";
    }
  }
}

}  // namespace kompas::cli
