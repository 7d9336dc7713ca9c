#include "format.h"

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include <algorithm>
#include <ctime>
#include <iostream>

namespace kompas::cli {
namespace {

// Display width plus padding to `width`.
std::string Pad(absl::string_view text, size_t width) {
  std::string out(text);
  size_t w = DisplayWidth(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

// The prefix of every value name of `type`: its zero value's name without
// UNSPECIFIED ("CASE_STATUS_").
absl::string_view EnumPrefix(const google::protobuf::EnumDescriptor& type) {
  const google::protobuf::EnumValueDescriptor* zero = type.FindValueByNumber(0);
  if (zero == nullptr) return "";
  absl::string_view prefix = zero->name();
  absl::ConsumeSuffix(&prefix, "UNSPECIFIED");
  return prefix;
}

}  // namespace

std::string JoinOrDash(const google::protobuf::RepeatedPtrField<std::string>& items) {
  return items.empty() ? "-" : absl::StrJoin(items, ", ");
}

void Section(absl::string_view heading, absl::string_view text) {
  if (absl::StripAsciiWhitespace(text).empty()) return;
  std::cout << "\n" << heading << "\n" << Wrap(text, kWrapColumns, "  ");
}

std::string EnumWord(const google::protobuf::EnumDescriptor& type, int value) {
  const google::protobuf::EnumValueDescriptor* v = type.FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  absl::string_view word = v->name();
  absl::ConsumePrefix(&word, EnumPrefix(type));
  return absl::AsciiStrToLower(word);
}

std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 absl::string_view word) {
  const std::string upper =
      absl::StrReplaceAll(absl::AsciiStrToUpper(absl::StripAsciiWhitespace(word)), {{"-", "_"}});
  if (upper.empty() || upper == "UNSPECIFIED") return std::nullopt;
  const google::protobuf::EnumValueDescriptor* v =
      type.FindValueByName(absl::StrCat(EnumPrefix(type), upper));
  if (v == nullptr) return std::nullopt;
  return v->number();
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string OneLine(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

void PrintField(absl::string_view label, absl::string_view value) {
  std::cout << "  " << Pad(absl::StrCat(label, ":"), 16) << OneLine(value) << "\n";
}

void PrintItem(absl::string_view marker, absl::string_view text) {
  std::string indent(DisplayWidth(marker), ' ');
  std::string wrapped = Wrap(text, kWrapColumns, indent);
  std::cout << marker << wrapped.substr(std::min(indent.size(), wrapped.size()));
}

size_t DisplayWidth(absl::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(),
                                           [](char c) { return !IsContinuation(c); }));
}

std::string Truncate(absl::string_view text, size_t width) {
  std::string line = OneLine(absl::StripAsciiWhitespace(text));
  if (DisplayWidth(line) <= width) return line;
  if (width == 0) return "";
  // Keep width-1 code points and end on a code point boundary, then "…".
  size_t kept = 0;
  size_t end = 0;
  for (; end < line.size(); ++end) {
    if (!IsContinuation(line[end])) {
      if (kept == width - 1) break;
      ++kept;
    }
  }
  line.resize(end);
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(line), "…");
}

std::string Wrap(absl::string_view text, size_t width, absl::string_view indent) {
  const size_t room = width > DisplayWidth(indent) + 10 ? width - DisplayWidth(indent) : 10;
  std::string out;
  for (absl::string_view raw_line : absl::StrSplit(text, '\n')) {
    std::string line = OneLine(absl::StripTrailingAsciiWhitespace(raw_line));
    std::string current;
    size_t current_width = 0;
    for (absl::string_view word : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      size_t w = DisplayWidth(word);
      if (current_width > 0 && current_width + 1 + w > room) {
        absl::StrAppend(&out, indent, current, "\n");
        current.clear();
        current_width = 0;
      }
      if (current_width > 0) {
        current += ' ';
        ++current_width;
      }
      current.append(word.data(), word.size());
      current_width += w;
    }
    // An empty line stays: it separates paragraphs.
    absl::StrAppend(&out, current.empty() ? "" : indent, current, "\n");
  }
  // Trailing blank lines in the input add nothing to the reader.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  std::time_t seconds = static_cast<std::time_t>(time.seconds());
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) return "-";
  char buffer[32];
  if (std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &local) == 0) return "-";
  return buffer;
}

void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(OneLine(row[i])));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      bool last = i + 1 == row.size() || i + 1 == widths.size();
      absl::StrAppend(&line, last ? OneLine(row[i]) : Pad(OneLine(row[i]), widths[i] + 2));
    }
    std::cout << absl::StripTrailingAsciiWhitespace(line) << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

void PrintCase(const v1::Case& c) {
  std::cout << OneLine(c.title().empty() ? "(untitled)" : c.title()) << "\n\n";
  PrintField("name", c.name());
  PrintField("status", Word(c.status()));
  PrintField("author", c.author().empty() ? "-" : c.author());
  // The server only reveals a hidden origin to the author.
  const std::string& origin = c.origin_municipality();
  if (c.hide_origin()) {
    PrintField("municipality",
               origin.empty() ? "hidden" : absl::StrCat(origin, " (hidden from others)"));
  } else {
    PrintField("municipality", origin.empty() ? "-" : absl::string_view(origin));
  }
  PrintField("visibility", Word(c.visibility()));
  PrintField("laws", JoinOrDash(c.laws()));
  PrintField("themes", JoinOrDash(c.themes()));
  PrintField("reflections", absl::StrCat(c.reflection_count()));
  PrintField("created", FormatTime(c.create_time()));
  PrintField("updated", FormatTime(c.update_time()));
  PrintField("etag", c.etag().empty() ? "-" : c.etag());

  Section("Situatie", c.situation());
  Section("Vraag", c.question());

  const kompas::v1::Framing& f = c.framing();
  const std::pair<absl::string_view, const std::string*> steps[] = {
      {"1. Taak", &f.task()},
      {"2. Doel", &f.purpose()},
      {"3. Noodzakelijke gegevens", &f.necessary_data()},
      {"4. Grondslag en proportionaliteit", &f.legal_basis_and_proportionality()},
  };
  bool any_step = std::any_of(std::begin(steps), std::end(steps), [](const auto& s) {
    return !absl::StripAsciiWhitespace(*s.second).empty();
  });
  if (any_step) {
    std::cout << "\nStappenplan\n";
    for (const auto& [heading, text] : steps) {
      if (absl::StripAsciiWhitespace(*text).empty()) continue;
      std::cout << "  " << heading << "\n" << Wrap(*text, kWrapColumns, "     ");
    }
  }

  if (!c.options().empty()) {
    std::cout << "\nOpties\n";
    for (const std::string& option : c.options()) PrintItem("  - ", option);
  }
  Section("Besluit", c.decision());
  Section("Uitkomst", c.outcome());
}

void PrintCommunity(const kompas::v1::Community& community,
                    const std::vector<kompas::v1::Member>& members) {
  std::cout << OneLine(community.display_name().empty() ? community.name()
                                                        : community.display_name())
            << "\n\n";
  PrintField("name", community.name());
  PrintField("created", FormatTime(community.create_time()));
  PrintField("municipalities", absl::StrCat(community.municipalities_size()));
  if (!community.municipalities().empty()) {
    std::cout << Wrap(absl::StrJoin(community.municipalities(), ", "), kWrapColumns,
                      std::string(18, ' '));
  }
  Section("Description", community.description());

  std::cout << "\nMembers (" << members.size() << ")\n";
  std::vector<std::vector<std::string>> rows;
  for (const kompas::v1::Member& m : members) {
    std::vector<std::string> roles;
    for (int role : m.roles()) roles.push_back(Word(static_cast<v1::Role>(role)));
    rows.push_back({m.name(), m.display_name(), m.municipality(),
                    roles.empty() ? "-" : absl::StrJoin(roles, ", ")});
  }
  if (!rows.empty()) PrintTable({"NAME", "DISPLAY NAME", "MUNICIPALITY", "ROLES"}, rows);
}

std::string ReflectionAuthor(const kompas::v1::Reflection& reflection) {
  return reflection.author().empty() ? "(case owner)" : OneLine(reflection.author());
}

void PrintReflection(const kompas::v1::Reflection& reflection) {
  std::cout << absl::AsciiStrToUpper(Word(reflection.kind())) << "  "
            << ReflectionAuthor(reflection) << "  "
            << FormatTime(reflection.create_time());
  // Posted in an intervisie session: the phase says what was asked for then.
  if (!reflection.phase().empty()) std::cout << "  phase " << OneLine(reflection.phase());
  std::cout << "\n" << Wrap(reflection.text(), kWrapColumns, "    ");
}

}  // namespace kompas::cli
