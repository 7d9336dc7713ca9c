#include "export_format.h"

#include <cstddef>
#include <utility>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <absl/strings/string_view.h>
#include <absl/strings/strip.h>
#include <absl/time/time.h>
#include <google/protobuf/util/json_util.h>

namespace kompas::exporter {
namespace {

// Section headings, in the order the sections appear.
struct KindSection {
  v1::StandardKind kind;
  const char* heading;
};
constexpr KindSection kKindSections[] = {
    {v1::STANDARD_KIND_NO_GO, "No-go's"},
    {v1::STANDARD_KIND_MUST_DO, "Must-do's"},
    {v1::STANDARD_KIND_RULE_OF_THUMB, "Vuistregels"},
    {v1::STANDARD_KIND_GOOD_PRACTICE, "Goede praktijken"},
};
// Standards of a kind this build does not know (a newer server) still show.
constexpr char kOtherKindsHeading[] = "Overige";

// "Must not" is "mag niet" in Dutch: "moet niet" would read as "need not".
std::string ModalityWords(v1::Modality modality) {
  switch (modality) {
    case v1::MODALITY_MUST: return "moet";
    case v1::MODALITY_MUST_NOT: return "mag niet";
    case v1::MODALITY_SHOULD: return "zou moeten";
    case v1::MODALITY_MAY: return "mag";
    default: return absl::StrCat("onbekend (", static_cast<int>(modality), ")");
  }
}

std::string StatusWords(v1::StandardStatus status) {
  switch (status) {
    case v1::STANDARD_STATUS_DRAFT: return "concept";
    case v1::STANDARD_STATUS_PROPOSED: return "voorgesteld";
    case v1::STANDARD_STATUS_ADOPTED: return "vastgesteld";
    case v1::STANDARD_STATUS_REJECTED: return "afgewezen";
    case v1::STANDARD_STATUS_RETIRED: return "ingetrokken";
    case v1::STANDARD_STATUS_SUPERSEDED: return "vervangen";
    default: return absl::StrCat("onbekend (", static_cast<int>(status), ")");
  }
}

// The four levels: richten, inrichten, sturen, uitvoeren.
std::string AudienceWords(int audience) {
  switch (audience) {
    case v1::AUDIENCE_A: return "A (richten)";
    case v1::AUDIENCE_B: return "B (inrichten)";
    case v1::AUDIENCE_C: return "C (sturen)";
    case v1::AUDIENCE_D: return "D (uitvoeren)";
    default: return absl::StrCat("onbekend (", audience, ")");
  }
}

// `wijkteams` from `communities/wijkteams/kompasVersions/3`; the whole name
// when it is not of that shape.
std::string CommunityId(absl::string_view version_name) {
  std::vector<absl::string_view> parts = absl::StrSplit(version_name, '/');
  if (parts.size() >= 2 && parts[0] == "communities" && !parts[1].empty()) {
    return std::string(parts[1]);
  }
  return std::string(version_name);
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// '<' starts inline HTML, which a renderer passes through: an unclosed
// <details> or <!-- would swallow the rest of the document.
std::string EscapeHtml(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"<", "\\<"}});
}

// `text` on one line for a heading or a list item: control characters
// (newlines included) become spaces, runs of blanks one space.
std::string InlineText(absl::string_view text) {
  std::string out;
  for (char c : text) {
    const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    if (control || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  absl::StripTrailingAsciiWhitespace(&out);
  return EscapeHtml(out);
}

// A heading's text. A trailing run of '#' after a blank would be taken for
// the optional closing sequence and dropped ("Regel #" → "Regel").
std::string HeadingText(absl::string_view text) {
  std::string out = InlineText(text);
  if (out.empty()) return "(zonder titel)";
  size_t run = out.size();
  while (run > 0 && out[run - 1] == '#') --run;
  if (run == out.size() || (run > 0 && !IsBlank(out[run - 1]))) return out;
  const absl::string_view text_part = absl::string_view(out).substr(0, run);
  return absl::StrCat(text_part, "\\", absl::string_view(out).substr(run));
}

// Whether `line` (no leading blanks) consists of nothing but the characters
// of a thematic break (---, ***, ___), a setext underline (===, ---) or a
// table delimiter row (|---|:--|): such a line changes the line before it.
bool IsMarkerOnlyLine(absl::string_view line) {
  bool has_marker = false;
  for (char c : line) {
    if (c == '-' || c == '*' || c == '_' || c == '=') {
      has_marker = true;
    } else if (c != '|' && c != ':' && !IsBlank(c)) {
      return false;
    }
  }
  return has_marker;
}

// True when the line from `pos` on is at its end or continues with a blank:
// what makes "-", "#" or "1." a block marker rather than text ("-5 graden").
bool EndsMarker(absl::string_view line, size_t pos) {
  return pos >= line.size() || IsBlank(line[pos]);
}

// `line` (no leading blanks, not empty) with a backslash before the character
// that would make it a block of its own: heading, quote, list item, fence,
// thematic break, setext underline, table delimiter or link definition.
// Text that is not such a marker is left alone.
std::string EscapeLineStart(absl::string_view line) {
  const char first = line[0];
  bool escape_first = false;
  if (IsMarkerOnlyLine(line) || first == '>') {
    escape_first = true;
  } else if ((first == '-' || first == '+' || first == '*') && EndsMarker(line, 1)) {
    escape_first = true;
  } else if (first == '#') {
    size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    escape_first = hashes <= 6 && EndsMarker(line, hashes);
  } else if (absl::StartsWith(line, "```") || absl::StartsWith(line, "~~~")) {
    escape_first = true;
  } else if (first == '[' && absl::StrContains(line, "]:")) {
    escape_first = true;
  } else if (absl::ascii_isdigit(static_cast<unsigned char>(first))) {
    // An ordered list item: up to nine digits, then '.' or ')' and a blank.
    size_t digits = 0;
    while (digits < line.size() && absl::ascii_isdigit(static_cast<unsigned char>(line[digits]))) {
      ++digits;
    }
    if (digits <= 9 && digits < line.size() && (line[digits] == '.' || line[digits] == ')') &&
        EndsMarker(line, digits + 1)) {
      return absl::StrCat(line.substr(0, digits), "\\", line.substr(digits));
    }
  }
  return escape_first ? absl::StrCat("\\", line) : std::string(line);
}

// Multi-line user text as Markdown paragraphs. Each line is trimmed (leading
// blanks would make an indented code block; trailing ones are invisible) and
// escaped at its start; a line break within a paragraph stays a line break
// (a backslash at the end of the line), blank lines separate paragraphs.
std::string MarkdownBlock(absl::string_view text) {
  std::string normalized = absl::StrReplaceAll(text, {{"\r\n", "\n"}, {"\r", "\n"}});
  std::vector<std::vector<std::string>> paragraphs(1);
  for (absl::string_view raw : absl::StrSplit(normalized, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty()) {
      if (!paragraphs.back().empty()) paragraphs.emplace_back();
      continue;
    }
    paragraphs.back().push_back(EscapeHtml(EscapeLineStart(line)));
  }
  if (paragraphs.back().empty()) paragraphs.pop_back();
  std::vector<std::string> out;
  for (std::vector<std::string>& lines : paragraphs) {
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      // A backslash of the user's own at the end would eat the break.
      if (absl::EndsWith(lines[i], "\\")) lines[i] += '\\';
      lines[i] += '\\';
    }
    out.push_back(absl::StrJoin(lines, "\n"));
  }
  return absl::StrJoin(out, "\n\n");
}

// "2026-11-20", from the timestamp's seconds in UTC; empty when unset.
std::string UtcDate(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string JoinedInline(const google::protobuf::RepeatedPtrField<std::string>& values) {
  std::vector<std::string> escaped;
  for (const std::string& v : values) escaped.push_back(InlineText(v));
  return absl::StrJoin(escaped, ", ");
}

void AppendStandard(const v1::Standard& s, std::string& out) {
  const v1::StandardContent& c = s.content();
  absl::StrAppend(&out, "### ", HeadingText(c.title()), "\n\n");
  if (std::string statement = MarkdownBlock(c.statement()); !statement.empty()) {
    absl::StrAppend(&out, statement, "\n\n");
  }
  absl::StrAppend(&out, "**Modaliteit:** ", ModalityWords(c.modality()), "\n\n");
  if (std::string rationale = MarkdownBlock(c.rationale()); !rationale.empty()) {
    absl::StrAppend(&out, "**Waarom:**\n\n", rationale, "\n\n");
  }

  std::vector<std::string> scope;
  if (c.laws_size() > 0) scope.push_back(absl::StrCat("- Wetten: ", JoinedInline(c.laws())));
  if (c.themes_size() > 0) scope.push_back(absl::StrCat("- Thema's: ", JoinedInline(c.themes())));
  if (c.audiences_size() > 0) {
    std::vector<std::string> audiences;
    for (int a : c.audiences()) audiences.push_back(AudienceWords(a));
    scope.push_back(absl::StrCat("- Doelgroepen: ", absl::StrJoin(audiences, ", ")));
  }
  if (!scope.empty()) {
    absl::StrAppend(&out, "**Reikwijdte:**\n\n", absl::StrJoin(scope, "\n"), "\n\n");
  }

  std::vector<std::string> sources;
  for (const std::string& name : s.source_cases()) {
    sources.push_back(absl::StrCat("- Casus: ", InlineText(name)));
  }
  for (const std::string& name : s.source_sessions()) {
    sources.push_back(absl::StrCat("- Sessie: ", InlineText(name)));
  }
  for (const std::string& name : s.source_conclusions()) {
    sources.push_back(absl::StrCat("- Conclusie: ", InlineText(name)));
  }
  if (!sources.empty()) {
    absl::StrAppend(&out, "**Bronnen:**\n\n", absl::StrJoin(sources, "\n"), "\n\n");
  }

  // Starts with a word, so an empty name cannot make it a list item.
  absl::StrAppend(&out, "*Revisie ", s.revision(), ", ", StatusWords(s.status()),
                  s.name().empty() ? "" : absl::StrCat(" — ", InlineText(s.name())), "*\n\n");
}

// RFC 4180: quoted only when it has to be, with quotes doubled.
std::string CsvField(absl::string_view value) {
  if (value.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(value);
  return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\"", "\"\""}}), "\"");
}

template <typename Values>
std::string CsvList(const Values& values) {
  return CsvField(absl::StrJoin(values, "; "));
}

}  // namespace

std::string ToMarkdown(const v1::Kompas& header, const std::vector<v1::Standard>& standards) {
  std::string out = absl::StrCat("# Kompas ", InlineText(CommunityId(header.name())), " — v",
                                 header.version(), "\n\n");
  const std::string date = UtcDate(header.publish_time());
  const std::string publisher = InlineText(header.publisher());
  if (!date.empty() || !publisher.empty()) {
    absl::StrAppend(&out, "Gepubliceerd", date.empty() ? "" : absl::StrCat(" op ", date),
                    publisher.empty() ? "" : absl::StrCat(" door ", publisher), ".\n\n");
  }
  if (std::string notes = MarkdownBlock(header.release_notes()); !notes.empty()) {
    absl::StrAppend(&out, "## Toelichting bij deze versie\n\n", notes, "\n\n");
  }
  if (standards.empty()) absl::StrAppend(&out, "Deze versie bevat geen standaarden.\n\n");

  auto known_kind = [](int kind) {
    for (const KindSection& section : kKindSections) {
      if (section.kind == kind) return true;
    }
    return false;
  };
  std::vector<std::pair<std::string, std::vector<const v1::Standard*>>> sections;
  for (const KindSection& section : kKindSections) {
    sections.push_back({section.heading, {}});
    for (const v1::Standard& s : standards) {
      if (s.content().kind() == section.kind) sections.back().second.push_back(&s);
    }
  }
  sections.push_back({kOtherKindsHeading, {}});
  for (const v1::Standard& s : standards) {
    if (!known_kind(s.content().kind())) sections.back().second.push_back(&s);
  }
  for (const auto& [heading, members] : sections) {
    if (members.empty()) continue;
    absl::StrAppend(&out, "## ", heading, "\n\n");
    for (const v1::Standard* s : members) AppendStandard(*s, out);
  }
  // Exactly one newline at the end of the file.
  while (absl::EndsWith(out, "\n\n")) out.pop_back();
  return out;
}

absl::StatusOr<std::string> ToJson(const v1::Kompas& header,
                                   const std::vector<v1::Standard>& standards) {
  v1::Kompas kompas = header;
  kompas.clear_standards();
  for (const v1::Standard& s : standards) *kompas.add_standards() = s;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string out;
  if (auto status = google::protobuf::util::MessageToJsonString(kompas, &out, options);
      !status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the kompas as JSON: ", status.ToString()));
  }
  absl::StripTrailingAsciiWhitespace(&out);
  out += '\n';
  return out;
}

std::string ToCsv(const v1::Kompas& header, const std::vector<v1::Standard>& standards) {
  constexpr char kEol[] = "\r\n";
  std::string out = absl::StrCat(
      "name,revision,status,kind,modality,title,statement,rationale,laws,themes,audiences,"
      "source_cases,source_sessions,source_conclusions",
      kEol);
  for (const v1::Standard& s : standards) {
    const v1::StandardContent& c = s.content();
    std::vector<std::string> audiences;
    for (int a : c.audiences()) {
      const std::string& name = v1::Audience_Name(a);
      audiences.push_back(name.empty() ? absl::StrCat(a) : name);
    }
    auto enum_name = [](const std::string& name, int value) {
      return name.empty() ? absl::StrCat(value) : name;
    };
    const std::string fields[] = {
        CsvField(s.name()),
        absl::StrCat(s.revision()),
        CsvField(enum_name(v1::StandardStatus_Name(s.status()), s.status())),
        CsvField(enum_name(v1::StandardKind_Name(c.kind()), c.kind())),
        CsvField(enum_name(v1::Modality_Name(c.modality()), c.modality())),
        CsvField(c.title()),
        CsvField(c.statement()),
        CsvField(c.rationale()),
        CsvList(c.laws()),
        CsvList(c.themes()),
        CsvList(audiences),
        CsvList(s.source_cases()),
        CsvList(s.source_sessions()),
        CsvList(s.source_conclusions()),
    };
    absl::StrAppend(&out, absl::StrJoin(fields, ","), kEol);
  }
  return out;
}

}  // namespace kompas::exporter
