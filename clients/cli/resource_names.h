// The CLI's one name grammar: how a name a user typed becomes the full
// resource name the server wants, for every kind of resource that has a
// server-made id. One table (in resource_names.cc) says, per kind, its
// collections; from it follow the full form, the short form and the
// wording of the error.
//
//   kind         full name                                      short form
//   case         communities/{c}/cases/{id}                     {id}
//   reflection   communities/{c}/cases/{id}/reflections/{id}    {case id}/{id}
//   session      communities/{c}/sessions/{id}                  {id}
//   parked q.    communities/{c}/parkedQuestions/{id}           {id}
//   conclusion   communities/{c}/sessions/{id}/conclusions/{n}  {session id}/{n}
//   standard     communities/{c}/standards/{id}                 {id}
//   erratum      communities/{c}/standards/{id}/errata/{id}     {standard id}/{id}, or {id}
//   annotation   communities/{c}/annotations/{id}               {id}
//
// Ids are the server's 13-character ids; a conclusion is numbered within
// its session. An erratum's short form may leave
// out its standard; Client::Name then looks it up.
//
//   std::optional<std::string> name =
//       ExpandShortName(NameKind::kCase, "communities/wijkteams", "0abcdefghijkm");
#ifndef KOMPAS_CLIENTS_CLI_RESOURCE_NAMES_H_
#define KOMPAS_CLIENTS_CLI_RESOURCE_NAMES_H_

#include <absl/strings/string_view.h>

#include <optional>
#include <string>

namespace kompas::cli {

enum class NameKind {
  kCase,
  kReflection,
  kSession,
  kParkedQuestion,
  kConclusion,
  kStandard,
  kErratum,
  kAnnotation
};

// The noun users read: "case", "parked question", ...
absl::string_view NounOf(NameKind kind);

// True for a server-made id: 13 lowercase letters and digits (the server
// has the last word on the exact alphabet).
bool LooksLikeServerId(absl::string_view id);

// True when `arg` is a full name of `kind`, e.g. communities/x/cases/y.
bool IsFullName(NameKind kind, absl::string_view arg);

// The full name of the short form `arg` in `community` (`communities/{c}`),
// or nullopt when `arg` is not a short form of `kind`. An erratum's bare id
// (without its standard) is a short form, but it needs a lookup: nullopt.
std::optional<std::string> ExpandShortName(NameKind kind, absl::string_view community,
                                           absl::string_view arg);

// True when `arg` is any short form of `kind`, the bare erratum id included.
bool IsShortName(NameKind kind, absl::string_view arg);

// The help of a NAME argument of `kind`: "the case: communities/{community}/
// cases/{id}, or just the 13-character id".
std::string NameHelp(NameKind kind);

// The usage error for an `arg` that is no name of `kind`: says what is
// expected, e.g. "not a case name: 'x' (expected communities/{community}/
// cases/{id} or a 13-character case id)".
std::string NameError(NameKind kind, absl::string_view arg);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_RESOURCE_NAMES_H_
