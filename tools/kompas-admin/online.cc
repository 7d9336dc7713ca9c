#include "online.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "channel.h"
#include "kompas/v1/admin.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"

namespace kompas::admin::online {
namespace {

std::string MunicipalityName(const std::string& text) {
  return absl::StartsWith(text, "municipalities/") ? text : absl::StrCat("municipalities/", text);
}

std::string MemberName(const std::string& community, const std::string& member_id) {
  return absl::StrCat("communities/", community, "/members/", member_id);
}

// The roles as the proto's enum values, or a usage error naming the bad one.
int ParseRoles(const std::vector<std::string>& texts, google::protobuf::RepeatedField<int>* out) {
  for (const std::string& text : texts) {
    std::optional<v1::Role> role = ParseRole(text);
    if (!role) {
      return cli::UsageError(absl::StrCat(
          "unknown role \"", text,
          "\"; use professional, facilitator, privacy-officer, steward or exporter"));
    }
    out->Add(*role);
  }
  return kOk;
}

// "1826 days", "90 seconds"; `unset` for a zero or missing period.
std::string Period(const google::protobuf::Duration& d, const char* unset) {
  if (d.seconds() <= 0) return unset;
  if (d.seconds() % 86400 == 0) return absl::StrCat(d.seconds() / 86400, " days");
  return absl::StrCat(d.seconds(), " seconds");
}

std::string Roles(const v1::Member& m) {
  std::vector<std::string> roles;
  for (int r : m.roles()) roles.push_back(RoleShortName(r));
  return absl::StrJoin(roles, ",");
}

// One call on AdminService with the client's sign-in and deadline, on a
// channel of its own made like the client's. The client's channel is
// connected first, so that client.Fail tells an unreachable server from a
// server that answered UNAVAILABLE, as it does for the CLI.
template <typename Request, typename Response>
grpc::Status Call(cli::Client& client,
                  grpc::Status (v1::AdminService::Stub::*method)(grpc::ClientContext*,
                                                                 const Request&, Response*),
                  const Request& request, Response* response,
                  std::chrono::seconds deadline = std::chrono::seconds(10)) {
  client.WaitForConnection(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stub = v1::AdminService::NewStub(cli::MakeChannel(client.options()));
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  return ((*stub).*method)(&ctx, request, response);
}

}  // namespace

int TokenIssue(cli::Client& client, const TokenIssueArgs& args) {
  v1::IssueTokenRequest request;
  request.set_member_id(args.member_id);
  request.set_admin(args.admin);
  request.set_note(args.note);
  request.mutable_ttl()->set_seconds(absl::ToInt64Seconds(args.ttl));
  v1::IssueTokenResponse response;
  grpc::Status s = Call(client, &v1::AdminService::Stub::IssueToken, request, &response);
  if (!s.ok()) return client.Fail(s);
  std::cout << response.secret() << std::endl;
  const v1::Token& t = response.token();
  std::cerr << "token " << t.token_id() << " for " << t.member_id() << (t.admin() ? " (admin)" : "")
            << " expires " << TableTime(FromProto(t.expire_time()))
            << "; it is shown only this once\n";
  return kOk;
}

int TokenList(cli::Client& client, const std::string& member_id) {
  v1::ListTokensRequest request;
  request.set_member_id(member_id);
  v1::ListTokensResponse response;
  grpc::Status s = Call(client, &v1::AdminService::Stub::ListTokens, request, &response);
  if (!s.ok()) return client.Fail(s);
  const absl::Time now = absl::Now();
  std::vector<std::vector<std::string>> rows = {
      {"TOKEN ID", "MEMBER", "ADMIN", "CREATED", "EXPIRES", "STATE"}};
  for (const v1::Token& t : response.tokens()) {
    const absl::Time expires = FromProto(t.expire_time());
    rows.push_back({t.token_id(), t.member_id(), t.admin() ? "yes" : "no",
                    TableTime(FromProto(t.create_time())), TableTime(expires),
                    t.revoked() ? "revoked" : now >= expires ? "expired" : "active"});
  }
  PrintTable(rows);
  return kOk;
}

int TokenRevoke(cli::Client& client, const std::string& token_id) {
  v1::RevokeTokenRequest request;
  request.set_token_id(token_id);
  v1::Token response;
  grpc::Status s = Call(client, &v1::AdminService::Stub::RevokeToken, request, &response);
  if (!s.ok()) return client.Fail(s);
  std::cout << "revoked token " << response.token_id() << " of " << response.member_id()
            << "; it is refused from the next call on\n";
  return kOk;
}

int MemberAdd(cli::Client& client, const MemberAddArgs& args) {
  v1::AddMemberRequest request;
  request.set_parent(absl::StrCat("communities/", args.community));
  request.set_member_id(args.member_id);
  v1::Member& m = *request.mutable_member();
  m.set_display_name(args.display_name);
  m.set_municipality(MunicipalityName(args.municipality));
  if (int rc = ParseRoles(args.roles, m.mutable_roles()); rc != kOk) return rc;
  v1::Member added;
  grpc::Status s = Call(client, &v1::AdminService::Stub::AddMember, request, &added);
  if (!s.ok()) return client.Fail(s, &request);
  std::cout << "added " << added.name() << " (" << Roles(added) << ")\n";
  return kOk;
}

int MemberRoles(cli::Client& client, const std::string& community, const std::string& member_id,
                const std::vector<std::string>& roles) {
  v1::UpdateMemberRolesRequest request;
  request.set_name(MemberName(community, member_id));
  if (int rc = ParseRoles(roles, request.mutable_roles()); rc != kOk) return rc;
  v1::Member updated;
  grpc::Status s = Call(client, &v1::AdminService::Stub::UpdateMemberRoles, request, &updated);
  if (!s.ok()) return client.Fail(s);
  std::cout << updated.name() << " now has roles " << Roles(updated) << "\n";
  return kOk;
}

int MemberRemove(cli::Client& client, const std::string& community,
                 const std::string& member_id) {
  v1::RemoveMemberRequest request;
  request.set_name(MemberName(community, member_id));
  v1::RemoveMemberResponse removed;
  grpc::Status s = Call(client, &v1::AdminService::Stub::RemoveMember, request, &removed);
  if (!s.ok()) return client.Fail(s);
  std::cout << "removed " << request.name() << "; " << removed.contributions()
            << " contributions now carry " << removed.pseudonym()
            << ", and the member's tokens are revoked\n";
  return kOk;
}

int CommunityCreate(cli::Client& client, const CommunityCreateArgs& args) {
  v1::CreateCommunityRequest request;
  request.set_community_id(args.community);
  v1::Community& c = *request.mutable_community();
  c.set_display_name(args.display_name);
  c.set_description(args.description);
  for (const std::string& m : args.municipalities) c.add_municipalities(MunicipalityName(m));
  v1::Community created;
  grpc::Status s = Call(client, &v1::AdminService::Stub::CreateCommunity, request, &created);
  if (!s.ok()) return client.Fail(s, &request);
  std::cout << "created " << created.name() << " (" << absl::StrJoin(created.municipalities(), ",")
            << ")\n";
  return kOk;
}

int CommunitySettings(cli::Client& client, const CommunitySettingsArgs& args) {
  v1::UpdateCommunitySettingsRequest request;
  v1::Community& c = *request.mutable_community();
  c.set_name(absl::StrCat("communities/", args.community));
  if (args.adoption_quorum) {
    c.set_adoption_quorum(*args.adoption_quorum);
    request.mutable_update_mask()->add_paths("adoption_quorum");
  }
  if (args.pii_allow_list) {
    for (const std::string& term : *args.pii_allow_list) c.add_pii_allow_list(term);
    request.mutable_update_mask()->add_paths("pii_allow_list");
  }
  if (args.audit_retention) {
    c.mutable_audit_retention()->set_seconds(absl::ToInt64Seconds(*args.audit_retention));
    request.mutable_update_mask()->add_paths("audit_retention");
  }
  if (args.archived_case_retention) {
    c.mutable_archived_case_retention()->set_seconds(
        absl::ToInt64Seconds(*args.archived_case_retention));
    request.mutable_update_mask()->add_paths("archived_case_retention");
  }
  if (request.update_mask().paths().empty()) {
    return cli::UsageError(
        "nothing to change; give --adoption-quorum, --pii-allow, --audit-retention and/or "
        "--archived-case-retention");
  }
  v1::Community updated;
  grpc::Status s =
      Call(client, &v1::AdminService::Stub::UpdateCommunitySettings, request, &updated);
  if (!s.ok()) return client.Fail(s);
  std::cout << updated.name() << ": adoption quorum "
            << (updated.adoption_quorum() == 0 ? std::string("default")
                                               : absl::StrCat(updated.adoption_quorum()))
            << ", PII allow list "
            << (updated.pii_allow_list().empty() ? "empty"
                                                  : absl::StrJoin(updated.pii_allow_list(), ", "))
            << ", audit events kept " << Period(updated.audit_retention(), "the default")
            << ", archived cases kept " << Period(updated.archived_case_retention(), "forever")
            << "\n";
  return kOk;
}

int Backup(cli::Client& client, const std::string& directory) {
  v1::CreateBackupRequest request;
  std::error_code error;
  // kompasd writes it on its own machine: an absolute path says where.
  const std::filesystem::path absolute = std::filesystem::absolute(directory, error);
  request.set_directory(error ? directory : absolute.lexically_normal().string());
  v1::Backup backup;
  // A large store takes longer than a call's usual 10 seconds to describe.
  grpc::Status s = Call(client, &v1::AdminService::Stub::CreateBackup, request, &backup,
                        std::chrono::seconds(1800));
  if (!s.ok()) return client.Fail(s);
  int64_t records = 0;
  for (const auto& [table, count] : backup.record_counts()) records += count;
  std::cout << "backup in " << backup.directory() << ": " << records << " records, "
            << backup.audit_events() << " audit events, audit head " << backup.audit_head()
            << ", store sequence " << backup.store_sequence() << "\n";
  return kOk;
}

int AuditCheckpoint(cli::Client& client, const std::string& out, const std::string& community) {
  v1::GetAuditCheckpointRequest request;
  if (!community.empty()) {
    request.set_parent(absl::StartsWith(community, "communities/")
                           ? community
                           : absl::StrCat("communities/", community));
  }
  v1::AuditCheckpoint checkpoint;
  client.WaitForConnection(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stub = v1::AuditService::NewStub(cli::MakeChannel(client.options()));
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status s = stub->GetAuditCheckpoint(&ctx, request, &checkpoint);
  if (!s.ok()) return client.Fail(s);
  const std::string key_file = out + ".pub";
  for (const auto& [path, text] :
       {std::pair<std::string, std::string>{out, checkpoint.note()},
        {key_file, checkpoint.verifier_key() + "\n"}}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      std::cerr << "error: cannot write " << path << "\n";
      return kFailed;
    }
  }
  std::cout << "checkpoint of " << checkpoint.size() << " audit events (head "
            << (checkpoint.head_hash().empty() ? "-" : checkpoint.head_hash()) << ") in " << out
            << "; its key in " << key_file << "\n";
  return kOk;
}

}  // namespace kompas::admin::online
