#include "findings.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <google/protobuf/descriptor.h>

#include "format.h"

namespace kompas::cli {
namespace {

namespace pb = google::protobuf;

using kompas::v1::TextFinding;

// ANSI: reverse video in red (BLOCK) or yellow (WARN); the kind after it in
// bold of the same colour.
constexpr char kBlockSpan[] = "\x1b[7;31m";
constexpr char kBlockLabel[] = "\x1b[1;31m";
constexpr char kWarnSpan[] = "\x1b[7;33m";
constexpr char kWarnLabel[] = "\x1b[1;33m";
constexpr char kReset[] = "\x1b[0m";

// Quotes in the finding list are cut here.
constexpr size_t kQuoteColumns = 60;

// A copy of `text` that is safe to put on a terminal, byte for byte the same
// length so that offsets still apply: C0 controls but newline and tab, DEL,
// and the C1 controls (U+0080..U+009F, two bytes) become spaces.
std::string Printable(absl::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(out[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out[i] = ' ';
    } else if (c == 0xC2 && i + 1 < out.size() &&
               static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(out[i + 1]) <= 0x9F) {
      out[i] = ' ';
      out[i + 1] = ' ';
      ++i;
    }
  }
  return out;
}

// A severity the client does not know is treated as the stricter one.
bool IsWarn(v1::PiiSeverity severity) { return severity == kompas::v1::PII_SEVERITY_WARN; }

// Counts keys are the gate's kind names (PERSON, BSN, …); shown as the
// placeholder word the user sees in the stored text. Unknown keys as they are.
std::string CountKeyWord(const std::string& key) {
  v1::PiiKind kind;
  if (kompas::v1::PiiKind_Parse(absl::StrCat("PII_KIND_", key), &kind)) {
    return PlaceholderWord(kind);
  }
  return key;
}

// "2 NAAM, 1 BSN": most frequent first, then by kind name.
std::string JoinCounts(const std::map<std::string, int64_t>& counts) {
  std::vector<std::pair<int64_t, std::string>> sorted;
  for (const auto& [key, n] : counts) {
    if (n > 0) sorted.emplace_back(-n, key);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> parts;
  for (const auto& [negative, key] : sorted) {
    parts.push_back(absl::StrCat(-negative, " ", CountKeyWord(key)));
  }
  return absl::StrJoin(parts, ", ");
}

// One marked span; overlapping findings merge into one.
struct Mark {
  size_t start;
  size_t end;
  bool warn;  // true only when every merged finding is a WARN
  std::vector<std::string> labels;
};

}  // namespace

bool UseColor(int fd) {
  if (isatty(fd) != 1) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || absl::string_view(term) != "dumb";
}

std::string PiiKindWord(v1::PiiKind kind) {
  const std::string& name = kompas::v1::PiiKind_Name(kind);
  if (name.empty()) return absl::StrCat(static_cast<int>(kind));
  return std::string(absl::StripPrefix(name, "PII_KIND_"));
}

std::string SeverityWord(v1::PiiSeverity severity) {
  return IsWarn(severity) ? "WARN" : "BLOCK";
}

std::string PlaceholderWord(v1::PiiKind kind) {
  switch (kind) {
    case kompas::v1::PII_KIND_PERSON: return "NAAM";
    case kompas::v1::PII_KIND_BSN: return "BSN";
    case kompas::v1::PII_KIND_ID_NUMBER: return "ID";
    case kompas::v1::PII_KIND_PHONE: return "TELEFOON";
    case kompas::v1::PII_KIND_EMAIL: return "EMAIL";
    case kompas::v1::PII_KIND_IBAN: return "IBAN";
    case kompas::v1::PII_KIND_POSTCODE: return "POSTCODE";
    case kompas::v1::PII_KIND_ADDRESS: return "ADRES";
    case kompas::v1::PII_KIND_DATE: return "DATUM";
    case kompas::v1::PII_KIND_LICENSE_PLATE: return "KENTEKEN";
    case kompas::v1::PII_KIND_SOCIAL: return "ACCOUNT";
    case kompas::v1::PII_KIND_INSTITUTION: return "INSTELLING";
    default: return PiiKindWord(kind);
  }
}

std::optional<std::pair<size_t, size_t>> SnapSpan(absl::string_view text, int64_t start,
                                                  int64_t end) {
  if (start < 0 || end > static_cast<int64_t>(text.size()) || start >= end) return std::nullopt;
  size_t s = static_cast<size_t>(start);
  size_t e = static_cast<size_t>(end);
  while (s > 0 && IsContinuation(text[s])) --s;
  while (e < text.size() && IsContinuation(text[e])) ++e;
  return std::make_pair(s, e);
}

std::string MarkFindings(absl::string_view text, const Findings& findings, bool ansi) {
  std::vector<Mark> marks;
  for (const TextFinding& f : findings) {
    auto span = SnapSpan(text, f.start(), f.end());
    if (!span) continue;
    marks.push_back({span->first, span->second, IsWarn(f.severity()), {PlaceholderWord(f.kind())}});
  }
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<Mark> merged;
  for (Mark& m : marks) {
    if (!merged.empty() && m.start < merged.back().end) {
      Mark& last = merged.back();
      last.end = std::max(last.end, m.end);
      last.warn = last.warn && m.warn;
      for (std::string& label : m.labels) {
        if (std::find(last.labels.begin(), last.labels.end(), label) == last.labels.end()) {
          last.labels.push_back(std::move(label));
        }
      }
    } else {
      merged.push_back(std::move(m));
    }
  }

  const std::string shown = Printable(text);
  const absl::string_view view = shown;
  std::string out;
  size_t at = 0;
  for (const Mark& m : merged) {
    absl::StrAppend(&out, view.substr(at, m.start - at));
    const absl::string_view span = view.substr(m.start, m.end - m.start);
    const std::string label = absl::StrJoin(m.labels, "+");
    if (ansi) {
      absl::StrAppend(&out, m.warn ? kWarnSpan : kBlockSpan, span, kReset,
                      m.warn ? kWarnLabel : kBlockLabel, "‹", label, "›", kReset);
    } else {
      absl::StrAppend(&out, "⟦", span, "|", label, "⟧");
    }
    at = m.end;
  }
  absl::StrAppend(&out, view.substr(at));
  return out;
}

std::string FindingList(const Findings& findings, const absl::string_view* text) {
  size_t kind_width = 0;
  size_t bytes_width = 0;
  for (const TextFinding& f : findings) {
    kind_width = std::max(kind_width, PiiKindWord(f.kind()).size());
    bytes_width =
        std::max(bytes_width, absl::StrCat("bytes ", f.start(), "-", f.end()).size());
  }
  std::string out;
  for (const TextFinding& f : findings) {
    std::string severity = SeverityWord(f.severity());
    std::string kind = PiiKindWord(f.kind());
    std::string bytes = absl::StrCat("bytes ", f.start(), "-", f.end());
    std::string line = absl::StrCat("  ", severity, std::string(5 - std::min<size_t>(5, severity.size()), ' '),
                                    " ", kind, std::string(kind_width - kind.size(), ' '), "  ",
                                    bytes);
    if (text != nullptr) {
      line.append(bytes_width - bytes.size(), ' ');
      if (auto span = SnapSpan(*text, f.start(), f.end())) {
        absl::StrAppend(&line, "  \"",
                        Truncate(Printable(text->substr(span->first, span->second - span->first)),
                                 kQuoteColumns),
                        "\"");
      } else {
        absl::StrAppend(&line, "  (outside the text)");
      }
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
  }
  return out;
}

std::optional<std::string> ResolveFieldPath(const pb::Message& root, absl::string_view path) {
  const pb::Message* message = &root;
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  for (size_t i = 0; i < segments.size(); ++i) {
    absl::string_view name = segments[i];
    std::optional<int> index;
    if (size_t open = name.find('['); open != absl::string_view::npos) {
      if (name.back() != ']') return std::nullopt;
      int k = 0;
      if (!absl::SimpleAtoi(name.substr(open + 1, name.size() - open - 2), &k) || k < 0) {
        return std::nullopt;
      }
      index = k;
      name = name.substr(0, open);
    }
    const google::protobuf::Descriptor* descriptor = message->GetDescriptor();
    const google::protobuf::Reflection* reflection = message->GetReflection();
    const pb::FieldDescriptor* field = descriptor->FindFieldByName(std::string(name));
    if (field == nullptr || field->is_map() || field->is_repeated() != index.has_value()) {
      return std::nullopt;
    }
    if (index && *index >= reflection->FieldSize(*message, field)) return std::nullopt;
    const bool last = i + 1 == segments.size();
    if (last) {
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) return std::nullopt;
      return index ? reflection->GetRepeatedString(*message, field, *index)
                   : reflection->GetString(*message, field);
    }
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) return std::nullopt;
    if (index) {
      message = &reflection->GetRepeatedMessage(*message, field, *index);
    } else {
      if (!reflection->HasField(*message, field)) return std::nullopt;
      message = &reflection->GetMessage(*message, field);
    }
  }
  return std::nullopt;
}

void PrintFindingsInContext(const kompas::v1::PrivacyFindings& findings, const pb::Message* sent,
                            bool ansi, std::ostream& out) {
  // Fields in the order the server listed them, each with its findings.
  std::vector<std::pair<std::string, Findings>> fields;
  bool any_block = false;
  bool any_warn = false;
  for (const TextFinding& f : findings.findings()) {
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const auto& entry) { return entry.first == f.field(); });
    if (it == fields.end()) {
      fields.emplace_back(f.field(), Findings());
      it = std::prev(fields.end());
    }
    *it->second.Add() = f;
    (IsWarn(f.severity()) ? any_warn : any_block) = true;
  }
  if (fields.empty()) return;

  for (const auto& [field, field_findings] : fields) {
    out << "\n  " << (field.empty() ? "(unnamed field)" : field) << ":\n";
    std::optional<std::string> text;
    if (sent != nullptr) text = ResolveFieldPath(*sent, field);
    const bool markable =
        text && std::any_of(field_findings.begin(), field_findings.end(),
                            [&](const TextFinding& f) { return SnapSpan(*text, f.start(), f.end()); });
    if (!markable) {
      // Nothing to mark in (a field this command did not send, or spans
      // that do not fit it): at least say what and where.
      for (absl::string_view line :
           absl::StrSplit(FindingList(field_findings, nullptr), '\n', absl::SkipEmpty())) {
        out << "  " << line << "\n";
      }
      continue;
    }
    for (absl::string_view line : absl::StrSplit(MarkFindings(*text, field_findings, ansi), '\n')) {
      out << "    " << line << "\n";
    }
    // Spans the text does not contain cannot be marked; list them instead.
    Findings unmarked;
    for (const TextFinding& f : field_findings) {
      if (!SnapSpan(*text, f.start(), f.end())) *unmarked.Add() = f;
    }
    if (!unmarked.empty()) {
      const absl::string_view view = *text;
      for (absl::string_view line :
           absl::StrSplit(FindingList(unmarked, &view), '\n', absl::SkipEmpty())) {
        out << "  " << line << "\n";
      }
    }
  }
  out << "\n";
  if (any_block && any_warn) {
    out << "fix the marked text, or send again with --redact to replace it with placeholders "
           "(and --accept-warnings if naming the WARN-marked text is necessary)\n";
  } else if (any_block) {
    out << "fix the marked text, or send again with --redact to replace it with placeholders\n";
  } else {
    out << "fix the marked text, or send again with --accept-warnings if naming it is "
           "necessary\n";
  }
}

std::string AnonymizationNote(const kompas::v1::AnonymizationReport& report,
                              const kompas::v1::AnonymizationReport* before) {
  std::map<std::string, int64_t> counts;
  for (const auto& [key, n] : report.counts()) counts[key] += n;
  int64_t acknowledged = report.acknowledged_warnings();
  if (before != nullptr) {
    for (const auto& [key, n] : before->counts()) counts[key] -= n;
    acknowledged -= before->acknowledged_warnings();
  }
  int64_t total = 0;
  for (const auto& [key, n] : counts) total += std::max<int64_t>(n, 0);
  if (total == 0 && acknowledged <= 0) return "";

  const std::string gate =
      report.gate_version().empty() ? "" : absl::StrCat(" (gate ", report.gate_version(), ")");
  const bool redacted = report.mode() == kompas::v1::PRIVACY_MODE_REDACT;
  std::string out;
  if (acknowledged <= 0) {
    // Every count is a redaction (REJECT mode stores no finding but an
    // acknowledged warning).
    absl::StrAppend(&out, redacted ? "redacted: " : "passed the gate: ", JoinCounts(counts), gate,
                    "\n");
    return out;
  }
  if (!redacted) {
    // Nothing was redacted, so every count is an acknowledged warning.
    absl::StrAppend(&out, "acknowledged ", acknowledged,
                    acknowledged == 1 ? " warning" : " warnings", " (", JoinCounts(counts),
                    "), kept as written", gate, "\n");
    return out;
  }
  // Both: the counts do not say which is which. Named institutions are the
  // kind that warns; use that split only when it adds up.
  std::map<std::string, int64_t> warned;
  if (auto it = counts.find("INSTITUTION"); it != counts.end() && it->second == acknowledged) {
    warned.insert(*it);
    counts.erase(it);
    const std::string redactions = JoinCounts(counts);
    if (!redactions.empty()) absl::StrAppend(&out, "redacted: ", redactions, gate, "\n");
    absl::StrAppend(&out, "acknowledged ", acknowledged,
                    acknowledged == 1 ? " warning" : " warnings", " (", JoinCounts(warned),
                    "), kept as written", redactions.empty() ? gate : "", "\n");
    return out;
  }
  absl::StrAppend(&out, "redacted or acknowledged: ", JoinCounts(counts), gate, "\n");
  absl::StrAppend(&out, "acknowledged ", acknowledged,
                  acknowledged == 1 ? " warning" : " warnings", ", kept as written\n");
  return out;
}

}  // namespace kompas::cli
