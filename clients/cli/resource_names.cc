#include "resource_names.h"

#include <absl/algorithm/container.h>
#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>

#include <vector>

namespace kompas::cli {
namespace {

// Per kind: its noun and the collections of its name below the community,
// outermost first (a reflection lives in a case).
struct Grammar {
  NameKind kind;
  absl::string_view noun;
  std::vector<absl::string_view> collections;
  // The last id is a number (1, 2, ...) instead of a server id.
  bool numbered = false;
};

const std::vector<Grammar>& Grammars() {
  static const auto* grammars = new std::vector<Grammar>{
      {NameKind::kCase, "case", {"cases"}},
      {NameKind::kReflection, "reflection", {"cases", "reflections"}},
      {NameKind::kSession, "session", {"sessions"}},
      {NameKind::kParkedQuestion, "parked question", {"parkedQuestions"}},
      {NameKind::kConclusion, "conclusion", {"sessions", "conclusions"}, /*numbered=*/true},
      {NameKind::kStandard, "standard", {"standards"}},
      {NameKind::kErratum, "erratum", {"standards", "errata"}},
      {NameKind::kAnnotation, "annotation", {"annotations"}},
  };
  return *grammars;
}

const Grammar& GrammarOf(NameKind kind) {
  for (const Grammar& g : Grammars()) {
    if (g.kind == kind) return g;
  }
  return Grammars().front();  // unreachable: every kind has a row
}

// A positive number in decimal digits.
bool IsNumber(absl::string_view id) {
  return !id.empty() && id[0] != '0' && absl::c_all_of(id, absl::ascii_isdigit);
}

// The ids of a short form of `g`, when every part is a server id (the last
// a number when `g` is numbered).
std::optional<std::vector<absl::string_view>> ShortIds(const Grammar& g, absl::string_view arg) {
  std::vector<absl::string_view> ids = absl::StrSplit(arg, '/');
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool number = g.numbered && i + 1 == ids.size() && ids.size() > 1;
    if (number ? !IsNumber(ids[i]) : !LooksLikeServerId(ids[i])) return std::nullopt;
  }
  return ids;
}

// `communities/{community}/cases/{id}/reflections/{id}`.
std::string FullPattern(const Grammar& g) {
  std::string full = "communities/{community}";
  for (size_t i = 0; i < g.collections.size(); ++i) {
    const bool number = g.numbered && i + 1 == g.collections.size();
    absl::StrAppend(&full, "/", g.collections[i], number ? "/{n}" : "/{id}");
  }
  return full;
}

// The noun of the resource a nested one lives in: a reflection's case.
absl::string_view OuterNoun(const Grammar& g) {
  for (const Grammar& outer : Grammars()) {
    if (outer.collections.size() == 1 && outer.collections[0] == g.collections[0]) {
      return outer.noun;
    }
  }
  return "parent";
}

}  // namespace

absl::string_view NounOf(NameKind kind) { return GrammarOf(kind).noun; }

bool LooksLikeServerId(absl::string_view id) {
  if (id.size() != 13) return false;
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c)) return false;
  }
  return true;
}

bool IsFullName(NameKind kind, absl::string_view arg) {
  const Grammar& g = GrammarOf(kind);
  std::vector<absl::string_view> parts = absl::StrSplit(arg, '/');
  if (parts.size() != 2 + 2 * g.collections.size() || parts[0] != "communities") return false;
  for (size_t i = 0; i < g.collections.size(); ++i) {
    if (parts[2 + 2 * i] != g.collections[i]) return false;
  }
  for (size_t i = 1; i < parts.size(); i += 2) {
    if (parts[i].empty()) return false;
  }
  return true;
}

std::optional<std::string> ExpandShortName(NameKind kind, absl::string_view community,
                                           absl::string_view arg) {
  const Grammar& g = GrammarOf(kind);
  std::optional<std::vector<absl::string_view>> ids = ShortIds(g, arg);
  if (!ids || ids->size() != g.collections.size()) return std::nullopt;
  std::string name(community);
  for (size_t i = 0; i < ids->size(); ++i)
    absl::StrAppend(&name, "/", g.collections[i], "/", (*ids)[i]);
  return name;
}

bool IsShortName(NameKind kind, absl::string_view arg) {
  std::optional<std::vector<absl::string_view>> ids = ShortIds(GrammarOf(kind), arg);
  if (!ids) return false;
  const size_t levels = GrammarOf(kind).collections.size();
  return ids->size() == levels || (kind == NameKind::kErratum && ids->size() == 1);
}

std::string NameHelp(NameKind kind) {
  const Grammar& g = GrammarOf(kind);
  if (g.collections.size() == 1) {
    return absl::StrCat("the ", g.noun, ": ", FullPattern(g), ", or just the 13-character id");
  }
  return absl::StrCat("the ", g.noun, ": ", FullPattern(g), ", or {", OuterNoun(g), " id}/",
                      g.numbered ? "{n}" : "{id}",
                      kind == NameKind::kErratum ? ", or just the 13-character id" : "");
}

std::string NameError(NameKind kind, absl::string_view arg) {
  const Grammar& g = GrammarOf(kind);
  const absl::string_view article = g.noun[0] == 'e' || g.noun[0] == 'a' ? "an" : "a";
  const std::string start =
      absl::StrCat("not ", article, " ", g.noun, " name: '", arg, "' (expected ", FullPattern(g));
  if (g.collections.size() == 1) {
    return absl::StrCat(start, " or a 13-character ", g.noun, " id)");
  }
  return absl::StrCat(start, ", {", OuterNoun(g), " id}/",
                      g.numbered ? "{n}" : absl::StrCat("{", g.noun, " id}"),
                      kind == NameKind::kErratum ? " or the 13-character erratum id" : "", ")");
}

}  // namespace kompas::cli
