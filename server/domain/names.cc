#include "domain/names.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/ids.h"

namespace kompas::domain {
namespace {

absl::Status Malformed(absl::string_view field, absl::string_view expected) {
  FieldViolations v;
  v.Add(field, absl::StrCat("must be a resource name of the form ", expected));
  return v.ToStatus();
}

// The community id and the id of `communities/{community}/{collection}/{id}`
// when `valid_id` accepts the id; nullopt when the name has another shape.
std::optional<std::pair<std::string, std::string>> SplitChild(
    absl::string_view name, absl::string_view collection, bool (*valid_id)(absl::string_view)) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "communities" || !IsValidUserId(parts[1]) ||
      parts[2] != collection || !valid_id(parts[3])) {
    return std::nullopt;
  }
  return std::make_pair(std::string(parts[1]), std::string(parts[3]));
}

}  // namespace

bool IsValidUserId(absl::string_view id) {
  if (id.size() < 3 || id.size() > 63) return false;
  if (!absl::ascii_islower(id.front()) || id.back() == '-') return false;
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') return false;
  }
  return true;
}

bool IsValidCbsCode(absl::string_view code) {
  if (code.size() != 6 || code.substr(0, 2) != "GM") return false;
  for (char c : code.substr(2)) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

std::string CaseName::Format() const {
  return absl::StrCat("communities/", community, "/cases/", case_id);
}

std::string ReflectionName::Format() const {
  return absl::StrCat("communities/", community, "/cases/", case_id, "/reflections/",
                      reflection_id);
}

absl::StatusOr<std::string> ParseCommunityName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "communities" || !IsValidUserId(parts[1])) {
    return Malformed(field, "communities/{community}");
  }
  return std::string(parts[1]);
}

absl::StatusOr<CaseName> ParseCaseName(absl::string_view name, absl::string_view field) {
  auto child = SplitChild(name, "cases", &IsValidServerId);
  if (!child.has_value()) return Malformed(field, "communities/{community}/cases/{case}");
  return CaseName{std::move(child->first), std::move(child->second)};
}

std::string FormatChild(absl::string_view community, absl::string_view collection,
                        absl::string_view id) {
  return absl::StrCat("communities/", community, "/", collection, "/", id);
}

absl::StatusOr<CommunityChild> ParseChildName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  auto child = SplitChild(name, collection, &IsValidServerId);
  if (!child.has_value()) {
    return Malformed(field, absl::StrCat("communities/{community}/", collection, "/{id}"));
  }
  return CommunityChild{std::move(child->first), std::move(child->second)};
}

absl::StatusOr<MemberRef> ParseMemberName(absl::string_view name, absl::string_view field) {
  auto child = SplitChild(name, "members", &IsValidUserId);
  if (!child.has_value()) return Malformed(field, "communities/{community}/members/{member}");
  return MemberRef{std::move(child->first), std::move(child->second)};
}

absl::StatusOr<std::string> ParseMunicipalityName(absl::string_view name,
                                                  absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "municipalities" || !IsValidCbsCode(parts[1])) {
    return Malformed(field, "municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  return std::string(parts[1]);
}

absl::StatusOr<ChildOfStandard> ParseChildOfStandard(absl::string_view name,
                                                     absl::string_view collection,
                                                     absl::string_view field,
                                                     absl::string_view id_shape) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() == 6 && parts[4] == collection) {
    const std::string parent = absl::StrJoin(parts.begin(), parts.begin() + 4, "/");
    auto standard = ParseChildName(parent, kStandards, field);
    if (standard.ok() && !parts[5].empty()) {
      return ChildOfStandard{parent, standard->community, standard->id, std::string(parts[5])};
    }
  }
  FieldViolations v;
  v.Add(field, absl::StrCat("must be communities/{community}/standards/{standard}/", collection,
                            "/", id_shape));
  return v.ToStatus();
}

std::string FormatChildOfStandard(absl::string_view standard_name, absl::string_view collection,
                                  absl::string_view id) {
  return absl::StrCat(standard_name, "/", collection, "/", id);
}

absl::StatusOr<KompasVersionRef> ParseKompasVersionName(absl::string_view name,
                                                        absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  KompasVersionRef ref;
  if (parts.size() == 4 && parts[0] == "communities" && IsValidUserId(parts[1]) &&
      parts[2] == kKompasVersions) {
    ref.community = std::string(parts[1]);
    if (parts[3] == "latest") return ref;
    absl::string_view number = parts[3];
    if (!number.empty() && (number[0] == 'v' || number[0] == 'V')) number.remove_prefix(1);
    if (absl::SimpleAtoi(number, &ref.version) && ref.version > 0) return ref;
  }
  FieldViolations v;
  v.Add(field,
        "must be communities/{community}/kompasVersions/{version}, e.g. .../kompasVersions/3, "
        "or .../kompasVersions/latest");
  return v.ToStatus();
}

std::string KompasVersionName(absl::string_view community, int version) {
  return absl::StrCat("communities/", community, "/", kKompasVersions, "/", version);
}

absl::StatusOr<ReflectionName> ParseReflectionName(absl::string_view name,
                                                   absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 6 || parts[0] != "communities" || !IsValidUserId(parts[1]) ||
      parts[2] != "cases" || !IsValidServerId(parts[3]) || parts[4] != "reflections" ||
      !IsValidServerId(parts[5])) {
    return Malformed(field, "communities/{community}/cases/{case}/reflections/{reflection}");
  }
  return ReflectionName{std::string(parts[1]), std::string(parts[3]), std::string(parts[5])};
}

NameKind KindOfName(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() == 4 && parts[2] == "cases") return NameKind::kCase;
  if (parts.size() == 6 && parts[2] == "cases" && parts[4] == "reflections") {
    return NameKind::kReflection;
  }
  if (parts.size() == 4 && parts[2] == kStandards) return NameKind::kStandard;
  return NameKind::kUnknown;
}

absl::string_view CommunityOfName(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() >= 2 && parts[0] == "communities") return parts[1];
  return absl::string_view();
}

absl::string_view IdOfName(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::string CommunityName(absl::string_view community) {
  return absl::StrCat("communities/", community);
}
std::string MemberName(absl::string_view community, absl::string_view member) {
  return absl::StrCat("communities/", community, "/members/", member);
}
std::string MunicipalityName(absl::string_view cbs_code) {
  return absl::StrCat("municipalities/", cbs_code);
}

}  // namespace kompas::domain
