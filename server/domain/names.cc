#include "domain/names.h"

#include <vector>

#include "absl/strings/ascii.h"
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
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "communities" || !IsValidUserId(parts[1]) ||
      parts[2] != "cases" || !IsValidServerId(parts[3])) {
    return Malformed(field, "communities/{community}/cases/{case}");
  }
  return CaseName{std::string(parts[1]), std::string(parts[3])};
}

std::string FormatChild(absl::string_view community, absl::string_view collection,
                        absl::string_view id) {
  return absl::StrCat("communities/", community, "/", collection, "/", id);
}

absl::StatusOr<CommunityChild> ParseChildName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "communities" || !IsValidUserId(parts[1]) ||
      parts[2] != collection || !IsValidServerId(parts[3])) {
    return Malformed(field, absl::StrCat("communities/{community}/", collection, "/{id}"));
  }
  return CommunityChild{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<MemberRef> ParseMemberName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "communities" || !IsValidUserId(parts[1]) ||
      parts[2] != "members" || !IsValidUserId(parts[3])) {
    return Malformed(field, "communities/{community}/members/{member}");
  }
  return MemberRef{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<std::string> ParseMunicipalityName(absl::string_view name,
                                                  absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "municipalities" || !IsValidCbsCode(parts[1])) {
    return Malformed(field, "municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  return std::string(parts[1]);
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
