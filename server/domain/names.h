// Resource names: the one place that parses and formats them.
//
//   communities/{community}
//   communities/{community}/members/{member}
//   communities/{community}/cases/{case}
//   communities/{community}/cases/{case}/reflections/{reflection}
//   communities/{community}/sessions/{session}
//   communities/{community}/parkedQuestions/{parked_question}
//   communities/{community}/standards/{standard}
//   communities/{community}/standards/{standard}/revisions/{revision}
//   communities/{community}/standards/{standard}/errata/{erratum}
//   communities/{community}/standards/{standard}/positions/{cbs_code}
//   communities/{community}/kompasVersions/{version}   (a number, or "latest")
//   communities/{community}/annotations/{annotation}
//   municipalities/{cbs_code}
//
// Community and member ids are chosen by people: 3-63 characters of
// lowercase letters, digits and '-', starting with a letter, not ending in
// '-'. Case and reflection ids are made by the server (domain/ids.h).
#ifndef KOMPAS_DOMAIN_NAMES_H_
#define KOMPAS_DOMAIN_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas::domain {

struct CaseName {
  std::string community;
  std::string case_id;
  std::string Format() const;
};

struct ReflectionName {
  std::string community;
  std::string case_id;
  std::string reflection_id;
  std::string Format() const;
};

// A child resource of a community with a server-made id: a session
// ("sessions") or a parked question ("parkedQuestions").
struct CommunityChild {
  std::string community;
  std::string id;
};
inline constexpr char kSessions[] = "sessions";
inline constexpr char kParkedQuestions[] = "parkedQuestions";
inline constexpr char kStandards[] = "standards";
inline constexpr char kAnnotations[] = "annotations";
inline constexpr char kKompasVersions[] = "kompasVersions";
// Collections below a standard.
inline constexpr char kRevisions[] = "revisions";
inline constexpr char kErrata[] = "errata";
inline constexpr char kPositions[] = "positions";
std::string FormatChild(absl::string_view community, absl::string_view collection,
                        absl::string_view id);
absl::StatusOr<CommunityChild> ParseChildName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field);

// A resource below a standard: communities/c/standards/s/{collection}/{id}.
struct ChildOfStandard {
  std::string standard;  // the standard's resource name
  std::string community;
  std::string standard_id;
  std::string id;
};
// `id_shape` names the id in the error, e.g. "{erratum}" or "{cbs_code}".
absl::StatusOr<ChildOfStandard> ParseChildOfStandard(absl::string_view name,
                                                     absl::string_view collection,
                                                     absl::string_view field,
                                                     absl::string_view id_shape);
std::string FormatChildOfStandard(absl::string_view standard_name, absl::string_view collection,
                                  absl::string_view id);

// A kompas version: its number, 0 for "latest". Accepts "v3" for 3.
struct KompasVersionRef {
  std::string community;
  int version = 0;
};
absl::StatusOr<KompasVersionRef> ParseKompasVersionName(absl::string_view name,
                                                        absl::string_view field);
std::string KompasVersionName(absl::string_view community, int version);

absl::StatusOr<ReflectionName> ParseReflectionName(absl::string_view name,
                                                   absl::string_view field);

// What a name looks like by its collection words alone (no id is checked):
// for dispatching on a name that may be one of several kinds; the parser of
// that kind then validates it.
enum class NameKind { kUnknown, kCase, kReflection, kStandard };
NameKind KindOfName(absl::string_view name);
// The community a name lies in ("communities/{community}/..."), or "".
absl::string_view CommunityOfName(absl::string_view name);
// The last segment of a name: the id of the resource it names.
absl::string_view IdOfName(absl::string_view name);

// True for a valid community or member id (see above).
bool IsValidUserId(absl::string_view id);
// True for a municipality CBS code: "GM" and four digits.
bool IsValidCbsCode(absl::string_view code);

// Each parser returns INVALID_ARGUMENT with a BadRequest naming `field` and
// the expected shape when the name is malformed.
absl::StatusOr<std::string> ParseCommunityName(absl::string_view name, absl::string_view field);
absl::StatusOr<CaseName> ParseCaseName(absl::string_view name, absl::string_view field);
struct MemberRef {
  std::string community;
  std::string member;
};
absl::StatusOr<MemberRef> ParseMemberName(absl::string_view name, absl::string_view field);
absl::StatusOr<std::string> ParseMunicipalityName(absl::string_view name,
                                                  absl::string_view field);

std::string CommunityName(absl::string_view community);
std::string MemberName(absl::string_view community, absl::string_view member);
std::string MunicipalityName(absl::string_view cbs_code);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_NAMES_H_
