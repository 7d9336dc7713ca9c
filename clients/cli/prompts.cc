#include "prompts.h"

#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/ascii.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>

#include "client.h"

namespace kompas::cli {
namespace {

// One line from stdin without its line ending; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// A one-line answer; a required one is asked again until it is not blank.
std::optional<std::string> AskLine(absl::string_view label, bool required) {
  while (true) {
    std::cerr << label << ": " << std::flush;
    std::optional<std::string> line = ReadLine();
    if (!line) return std::nullopt;
    std::string answer(absl::StripAsciiWhitespace(*line));
    if (!answer.empty() || !required) return answer;
    std::cerr << "  (verplicht)\n";
  }
}

// Running text over several lines, ended by an empty line; stories and
// reasoning rarely fit one line, and a terminal offers no better editor.
std::optional<std::string> AskText(absl::string_view label, absl::string_view explanation) {
  std::cerr << "\n" << label << "\n  " << explanation << "\n";
  std::vector<std::string> lines;
  while (true) {
    std::cerr << "> " << std::flush;
    std::optional<std::string> line = ReadLine();
    if (!line) return std::nullopt;
    if (absl::StripAsciiWhitespace(*line).empty()) break;
    lines.push_back(*std::move(line));
  }
  return absl::StrJoin(lines, "\n");
}

// Comma-separated answer as a list, blanks dropped.
std::vector<std::string> SplitList(absl::string_view answer) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(answer, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

}  // namespace

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

int PromptCase(kompas::v1::Case* c, const FieldCheck& check) {
  auto ended = [] {
    std::cerr << "\n";
    return Failure("input ended; no case was created");
  };
  std::cerr << "Nieuwe casus. Schrijf geanonimiseerd: geen namen, BSN, adressen, "
               "telefoonnummers of exacte datums.\n"
               "Bij tekstvragen: meerdere regels mogen; sluit af met een lege regel.\n\n";

  // Asks until the answer passes the check: the marked text shows what to
  // rephrase, and nothing of it is kept.
  auto checked = [&check](const std::function<std::optional<std::string>()>& ask) -> std::optional<std::string> {
    while (true) {
      std::optional<std::string> answer = ask();
      if (!answer || !check || answer->empty()) return answer;
      std::optional<std::string> marked = check(*answer);
      if (!marked) return answer;
      std::cerr << "  Hierin staan persoonsgegevens (gemarkeerd):\n"
                << *marked << "\n  Schrijf het opnieuw, zonder deze gegevens.\n";
    }
  };

  std::optional<std::string> title = checked([] { return AskLine("Titel (kort, max. 200 tekens)", true); });
  if (!title) return ended();
  c->set_title(*title);

  struct TextField {
    absl::string_view label;
    absl::string_view explanation;
    std::string* target;
  };
  kompas::v1::Framing* f = c->mutable_framing();
  const TextField fields[] = {
      {"Situatie", "Wat speelt er? Het geanonimiseerde verhaal.", c->mutable_situation()},
      {"Vraag", "Het dilemma zelf, als vraag.", c->mutable_question()},
      {"Stap 1 - Taak",
       "Welke wettelijke taak of welk werk is dit (Wmo, Jeugdwet, Participatiewet, "
       "schuldhulp, leerplicht…)?",
       f->mutable_task()},
      {"Stap 2 - Doel", "Waarvoor is de verwerking van gegevens nodig?", f->mutable_purpose()},
      {"Stap 3 - Noodzakelijke gegevens", "Welke gegevens zijn daarvoor nodig, en niet meer?",
       f->mutable_necessary_data()},
      {"Stap 4 - Grondslag en proportionaliteit",
       "Wat is de grondslag? Is het proportioneel, en kan het met minder gegevens "
       "(subsidiariteit)?",
       f->mutable_legal_basis_and_proportionality()},
  };
  for (const TextField& field : fields) {
    std::optional<std::string> text = checked([&field] { return AskText(field.label, field.explanation); });
    if (!text) return ended();
    *field.target = *std::move(text);
  }

  std::cerr << "\nOpties\n  Welke mogelijkheden heb je overwogen? Eén per regel; "
               "sluit af met een lege regel.\n";
  while (true) {
    std::optional<std::string> line = checked([]() -> std::optional<std::string> {
      std::cerr << "- " << std::flush;
      std::optional<std::string> l = ReadLine();
      if (!l) return std::nullopt;
      return std::string(absl::StripAsciiWhitespace(*l));
    });
    if (!line) return ended();
    std::string option(*line);
    if (option.empty()) break;
    c->add_options(option);
  }

  std::cerr << "\n";
  // Laws and themes are checked too: the write refuses personal data in any
  // field, and a refusal at the very end would cost the whole case.
  std::optional<std::string> laws =
      checked([] { return AskLine("Wetten, gescheiden door komma's (bijv. Jeugdwet, Wmo 2015, AVG)", false); });
  if (!laws) return ended();
  for (std::string& law : SplitList(*laws)) c->add_laws(std::move(law));

  std::optional<std::string> themes =
      checked([] { return AskLine("Thema's, gescheiden door komma's (bijv. toestemming, pettenvraagstuk)", false); });
  if (!themes) return ended();
  // Themes are lowercase words joined by '-'; typing "Melden en routeren"
  // should not cost a rejected case.
  for (std::string& theme : SplitList(*themes)) {
    c->add_themes(absl::StrReplaceAll(absl::AsciiStrToLower(theme), {{" ", "-"}}));
  }
  return kOk;
}

bool Confirm(absl::string_view question, bool default_yes) {
  std::cerr << question << (default_yes ? " [Y/n] " : " [y/N] ") << std::flush;
  std::optional<std::string> line = ReadLine();
  if (!line) {
    std::cerr << "\n";
    return false;
  }
  std::string answer = absl::AsciiStrToLower(absl::StripAsciiWhitespace(*line));
  if (answer.empty()) return default_yes;
  return answer == "y" || answer == "yes" || answer == "j" || answer == "ja";
}

}  // namespace kompas::cli
