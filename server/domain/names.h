// Resource names: the one place that parses and formats them.
//
//   communities/{community}
//   communities/{community}/members/{member}
//   communities/{community}/cases/{case}
//   communities/{community}/cases/{case}/reflections/{reflection}
//   communities/{community}/sessions/{session}
//   communities/{community}/parkedQuestions/{parked_question}
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
std::string FormatChild(absl::string_view community, absl::string_view collection,
                        absl::string_view id);
absl::StatusOr<CommunityChild> ParseChildName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field);

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
