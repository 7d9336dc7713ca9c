#include "account_commands.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/strip.h>

#include <iostream>
#include <vector>

#include "command_util.h"
#include "credentials.h"
#include "format.h"

namespace kompas::cli {
namespace {

using kompas::v1::Caller;
using kompas::v1::Membership;

[[nodiscard]] int GetCaller(Client& client, Caller* caller) {
  return Call(client, client.communities(), &kompas::v1::CommunityService::Stub::GetCaller,
              kompas::v1::GetCallerRequest(), caller);
}

// `Zaanstad (GM0479)`, or the code alone when the server has no name for it.
std::string MunicipalityWords(const Membership& m) {
  const absl::string_view code = absl::StripPrefix(m.municipality(), "municipalities/");
  if (code.empty()) return "-";
  if (m.municipality_display_name().empty()) return std::string(code);
  return absl::StrCat(m.municipality_display_name(), " (", code, ")");
}

// `professional, privacy officer`.
std::string RoleWords(const Membership& m) {
  std::vector<std::string> words;
  for (int role : m.roles()) {
    words.push_back(
        absl::StrReplaceAll(Word(static_cast<kompas::v1::Role>(role)), {{"_", " "}}));
  }
  return words.empty() ? "-" : absl::StrJoin(words, ", ");
}

}  // namespace

int RunWhoami(Client& client) {
  Caller caller;
  if (int rc = GetCaller(client, &caller); rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(caller);
  std::cout << "you are " << caller.member_id()
            << (caller.admin() ? ", a server administrator" : "") << "\n";
  if (caller.memberships().empty()) {
    std::cout << "not a member of any community\n";
    return kOk;
  }
  for (const Membership& m : caller.memberships()) {
    const absl::string_view community = absl::StripPrefix(m.community(), "communities/");
    std::cout << "\nin " << community;
    if (!m.community_display_name().empty()) std::cout << " (" << m.community_display_name() << ")";
    std::cout << (m.display_name().empty() ? "" : absl::StrCat(" as ", m.display_name())) << "\n";
    PrintField("municipality", MunicipalityWords(m));
    PrintField("roles", RoleWords(m));
  }
  return kOk;
}

int RunLogin(Client& client) {
  Caller caller;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  const grpc::Status s =
      client.communities().GetCaller(&ctx, kompas::v1::GetCallerRequest(), &caller);
  if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    std::cerr << "error: the server at " << client.options().server
              << " does not know this token, so it was not saved; copy it whole, or ask an "
                 "administrator for a new one\n";
    return kServerError;
  }
  if (s.ok()) {
    std::cout << "signed in as " << caller.member_id() << "\n";
  } else {
    std::cerr << "warning: the token could not be checked (the server at "
              << client.options().server << " answered: " << s.error_message()
              << "); saving it unchecked\n";
  }
  return SaveToken(client.options().token);
}

int CallerMunicipality(Client& client, absl::string_view flag, std::string* municipality) {
  std::string community;
  if (int rc = client.CommunityName(&community); rc != kOk) return rc;
  Caller caller;
  if (int rc = GetCaller(client, &caller); rc != kOk) return rc;
  for (const Membership& m : caller.memberships()) {
    if (m.community() == community && !m.municipality().empty()) {
      *municipality = m.municipality();
      return kOk;
    }
  }
  return UsageError(absl::StrCat(
      flag, " is required: you have no municipality in ", community,
      "; give its CBS code, e.g. GM0344 (or set KOMPAS_MUNICIPALITY); see the codes with: "
      "kompas community show"));
}

}  // namespace kompas::cli
