#include "resource_names.h"

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
};

const std::vector<Grammar>& Grammars() {
  static const auto* grammars = new std::vector<Grammar>{
      {NameKind::kCase, "case", {"cases"}},
      {NameKind::kReflection, "reflection", {"cases", "reflections"}},
      {NameKind::kSession, "session", {"sessions"}},
      {NameKind::kParkedQuestion, "parked question", {"parkedQuestions"}},
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

// The ids of a short form, when every part is a server id.
std::optional<std::vector<absl::string_view>> ShortIds(absl::string_view arg) {
  std::vector<absl::string_view> ids = absl::StrSplit(arg, '/');
  for (absl::string_view id : ids) {
    if (!LooksLikeServerId(id)) return std::nullopt;
  }
  return ids;
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
  std::optional<std::vector<absl::string_view>> ids = ShortIds(arg);
  if (!ids || ids->size() != g.collections.size()) return std::nullopt;
  std::string name(community);
  for (size_t i = 0; i < ids->size(); ++i)
    absl::StrAppend(&name, "/", g.collections[i], "/", (*ids)[i]);
  return name;
}

bool IsShortName(NameKind kind, absl::string_view arg) {
  std::optional<std::vector<absl::string_view>> ids = ShortIds(arg);
  if (!ids) return false;
  const size_t levels = GrammarOf(kind).collections.size();
  return ids->size() == levels || (kind == NameKind::kErratum && ids->size() == 1);
}

std::string NameHelp(NameKind kind) {
  const Grammar& g = GrammarOf(kind);
  std::string full = "communities/{community}";
  for (absl::string_view c : g.collections) absl::StrAppend(&full, "/", c, "/{id}");
  switch (g.collections.size()) {
    case 1:
      return absl::StrCat("the ", g.noun, ": ", full, ", or just the 13-character id");
    default:
      return absl::StrCat("the ", g.noun, ": ", full, ", or {",
                          kind == NameKind::kErratum ? "standard" : "case", " id}/{id}",
                          kind == NameKind::kErratum ? ", or just the 13-character id" : "");
  }
}

std::string NameError(NameKind kind, absl::string_view arg) {
  const Grammar& g = GrammarOf(kind);
  const absl::string_view article = g.noun[0] == 'e' || g.noun[0] == 'a' ? "an" : "a";
  std::string full = "communities/{community}";
  for (absl::string_view c : g.collections) absl::StrAppend(&full, "/", c, "/{id}");
  if (g.collections.size() == 1) {
    return absl::StrCat("not ", article, " ", g.noun, " name: '", arg, "' (expected ", full,
                        " or a 13-character ", g.noun, " id)");
  }
  const std::string outer(
      GrammarOf(kind == NameKind::kErratum ? NameKind::kStandard : NameKind::kCase).noun);
  return absl::StrCat("not ", article, " ", g.noun, " name: '", arg, "' (expected ", full, ", {",
                      outer, " id}/{", g.noun, " id}",
                      kind == NameKind::kErratum ? " or the 13-character erratum id" : "", ")");
}

}  // namespace kompas::cli
