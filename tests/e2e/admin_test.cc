// End to end: kompas-admin on a real store beside a real kompasd. Tokens it
// issues work against the server, revoked and expired ones are refused, the
// audit trail verifies untouched and names the event someone altered or
// removed, and a privacy officer sees exactly who read a case.
#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/audit.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "store/keys.h"
#include "store/store.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

class AdminTest : public KompasdTest {
 protected:
  // kompasd with the demo community but no demo tokens: the only tokens are
  // the ones kompas-admin issues.
  static KompasdConfig WithoutDemoTokens() { return {.demo_tokens = false}; }

  // Issues a token with kompas-admin; returns the token and its id.
  std::pair<std::string, std::string> Issue(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"token", "issue"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = Admin(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> lines = absl::StrSplit(r.out, '\n');
    // The token alone on the first line; its id on stderr.
    EXPECT_EQ(lines.size(), 2u) << r.out;
    EXPECT_THAT(lines[0], ::testing::StartsWith("kmp_"));
    std::vector<std::string> words = absl::StrSplit(r.err, ' ');
    EXPECT_GE(words.size(), 2u) << r.err;
    return {lines[0], words.size() >= 2 ? words[1] : ""};
  }

  static void AuthorizeWithToken(grpc::ClientContext& ctx, const std::string& token) {
    ctx.AddMetadata("authorization", "Bearer " + token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  }

  grpc::Status ListCommunities(const std::string& token) {
    auto stub = v1::CommunityService::NewStub(Channel());
    grpc::ClientContext ctx;
    AuthorizeWithToken(ctx, token);
    v1::ListCommunitiesResponse resp;
    grpc::Status s = stub->ListCommunities(&ctx, v1::ListCommunitiesRequest(), &resp);
    if (s.ok()) {
      EXPECT_EQ(resp.communities_size(), 1);
      if (resp.communities_size() == 1) {
        EXPECT_EQ(resp.communities(0).name(), kCommunity);
      }
    }
    return s;
  }

  // An OPEN demo case every member may read.
  std::string OpenCaseName(const std::string& token) {
    auto stub = v1::CaseService::NewStub(Channel());
    grpc::ClientContext ctx;
    AuthorizeWithToken(ctx, token);
    v1::ListCasesRequest req;
    req.set_parent(kCommunity);
    req.set_page_size(200);
    v1::ListCasesResponse resp;
    grpc::Status s = stub->ListCases(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const v1::Case& c : resp.cases()) {
      if (c.status() == v1::CASE_STATUS_OPEN) return c.name();
    }
    ADD_FAILURE() << "no open demo case";
    return "";
  }

  grpc::Status GetCase(const std::string& token, const std::string& name) {
    auto stub = v1::CaseService::NewStub(Channel());
    grpc::ClientContext ctx;
    AuthorizeWithToken(ctx, token);
    v1::GetCaseRequest req;
    req.set_name(name);
    v1::Case out;
    return stub->GetCase(&ctx, req, &out);
  }

  // Starts kompasd with the demo data, makes audited reads, stops it.
  void MakeAuditTrail() {
    StartServer();  // with the demo tokens
    const std::string anna = Token("anna-zaanstad");
    const std::string name = OpenCaseName(anna);
    for (int round = 0; round < 2; ++round) {
      for (const char* member : {"anna-zaanstad", "bram-enschede", "eva-amsterdam"}) {
        grpc::Status s = GetCase(Token(member), name);
        ASSERT_TRUE(s.ok()) << member << ": " << s.error_message();
      }
    }
    OpenCaseName(Token("bram-enschede"));
    StopServer();
  }

  // The key and sequence number of an audit event in the middle of the trail
  // in `store` (which must hold at least 4 events).
  void MiddleAuditEvent(store::Store& store, std::string* key, int64_t* sequence) {
    std::vector<std::string> keys = AuditKeys(store);
    ASSERT_GE(keys.size(), 4u);
    *key = keys[keys.size() / 2];
    *sequence = static_cast<int64_t>(store::keys::ParseSequence(*key));
  }

  // Every stored audit event's key, in sequence order.
  std::vector<std::string> AuditKeys(store::Store& store) {
    std::vector<std::string> keys;
    EXPECT_TRUE(store
                    .Scan(store::Table::kAudit, "", {},
                          [&](absl::string_view key, absl::string_view) {
                            keys.emplace_back(key);
                            return true;
                          })
                    .ok());
    return keys;
  }
};

TEST_F(AdminTest, IssuedTokenWorksUntilRevokedOrExpired) {
  // A first start creates the store and the community; no token exists yet.
  StartServer(WithoutDemoTokens());
  // Writes need the server stopped, and say so.
  CommandResult r = Admin({"token", "issue", "anna-zaanstad"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("kompasd is running on this data directory; stop it first"));
  EXPECT_THAT(r.out, Not(HasSubstr("kmp_")));
  StopServer();

  const auto [token, id] = Issue({"anna-zaanstad", "--note", "laptop"});
  const auto [short_lived, short_id] = Issue({"bram-enschede", "--ttl_seconds", "1"});
  const auto [admin_token, admin_id] = Issue({"beheerder", "--admin", "--days", "1"});
  // A lifetime of zero days is a usage error; nothing is issued.
  r = Admin({"token", "issue", "eva-amsterdam", "--days", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, Not(HasSubstr("kmp_")));
  r = Admin({"token", "issue", "Not A Member"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));

  StartServerAgain();
  grpc::Status s = ListCommunities(token);
  EXPECT_TRUE(s.ok()) << s.error_message();
  s = ListCommunities(admin_token);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // The list is read-only and works while kompasd runs; it never shows secrets.
  r = Admin({"token", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("TOKEN ID"));
  EXPECT_THAT(r.out, HasSubstr("STATE"));
  EXPECT_THAT(r.out, HasSubstr(id));
  EXPECT_THAT(r.out, HasSubstr(admin_id));
  EXPECT_THAT(r.out, Not(HasSubstr("kmp_")));
  EXPECT_THAT(r.out, Not(HasSubstr("eva-amsterdam")));
  r = Admin({"token", "list", "anna-zaanstad"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(id));
  EXPECT_THAT(r.out, HasSubstr("active"));
  EXPECT_THAT(r.out, Not(HasSubstr(short_id)));

  // The short-lived token dies.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  s = ListCommunities(short_lived);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("expired"));
  r = Admin({"token", "list", "bram-enschede"});
  EXPECT_THAT(r.out, HasSubstr("expired"));

  // Revoking needs the server stopped, then takes effect.
  r = Admin({"token", "revoke", id});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("kompasd is running"));
  StopServer();
  r = Admin({"token", "revoke", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Admin({"token", "revoke", "0123456789ab"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  StartServerAgain();
  s = ListCommunities(token);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("revoked"));
  EXPECT_TRUE(ListCommunities(admin_token).ok());
  r = Admin({"token", "list", "anna-zaanstad"});
  EXPECT_THAT(r.out, HasSubstr("revoked"));
  StopServer();
}

TEST_F(AdminTest, MembersAreAddedOfflineAndListed) {
  StartServer(WithoutDemoTokens());
  StopServer();
  CommandResult r = Admin({"member", "add", "wijkteams", "femke-zaanstad", "--municipality",
                           "GM0479", "--role", "professional", "--role", "steward",
                           "--display-name", "Wijkcoach Zaandam"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("communities/wijkteams/members/femke-zaanstad"));

  // The PII gate screens the display name; the refusal does not echo it.
  r = Admin({"member", "add", "wijkteams", "gijs-zaanstad", "--municipality", "GM0479", "--role",
             "professional", "--display-name", "jan.jansen@example.nl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, Not(HasSubstr("jan.jansen")));
  // Usage errors.
  r = Admin({"member", "add", "wijkteams", "gijs-zaanstad", "--municipality", "GM0479", "--role",
             "chief", "--display-name", "Wijkcoach"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown role"));
  r = Admin({"member", "add", "wijkteams", "gijs-zaanstad", "--role", "professional"});
  EXPECT_EQ(r.exit_code, 2);
  r = Admin({"member", "list", "nergens"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));

  StartServerAgain();  // the list works beside a running server
  r = Admin({"member", "list", "wijkteams"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("DISPLAY NAME"));
  EXPECT_THAT(r.out, HasSubstr("chris-utrecht"));
  EXPECT_THAT(r.out, HasSubstr("PRIVACY_OFFICER"));
  EXPECT_THAT(r.out, HasSubstr("femke-zaanstad"));
  EXPECT_THAT(r.out, HasSubstr("PROFESSIONAL,STEWARD"));
  EXPECT_THAT(r.out, Not(HasSubstr("gijs-zaanstad")));
  StopServer();
}

TEST_F(AdminTest, CommandsNeedAnExistingStore) {
  CommandResult r = Admin({"token", "issue", "anna-zaanstad"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no Kompas store"));
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no Kompas store"));
  r = Admin({"token"});
  EXPECT_EQ(r.exit_code, 2);
  r = Admin({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(AdminTest, AuditVerifyNamesTheAlteredEvent) {
  MakeAuditTrail();
  CommandResult r = Admin({"audit", "verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit trail intact: "));

  // Alter one byte of an event in the middle, through RocksDB directly.
  int64_t sequence = 0;
  {
    auto store = store::Store::Open({.data_dir = data_dir()});
    ASSERT_TRUE(store.ok()) << store.status();
    std::string key;
    ASSERT_NO_FATAL_FAILURE(MiddleAuditEvent(**store, &key, &sequence));
    auto value = (*store)->Get(store::Table::kAudit, key);
    ASSERT_TRUE(value.ok() && value->has_value());
    v1::AuditEvent event;
    ASSERT_TRUE(event.ParseFromString(**value));
    ASSERT_EQ(event.sequence(), sequence);
    ASSERT_GE(event.member().size(), 2u);
    std::string bytes = **value;
    const size_t at = bytes.find(event.member());
    ASSERT_NE(at, std::string::npos);
    bytes[at + 1] = static_cast<char>(bytes[at + 1] ^ 0x01);  // 'n' -> 'o': still ASCII
    store::WriteBatch batch;
    batch.Put(store::Table::kAudit, key, bytes);
    ASSERT_TRUE((*store)->Write(batch).ok());
    ASSERT_TRUE((*store)->Close().ok());
  }
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("audit trail DAMAGED at event ", sequence)));
  EXPECT_THAT(r.out,
              HasSubstr(absl::StrCat("communities/wijkteams/auditEvents/", sequence, ")")));
  EXPECT_THAT(r.out, HasSubstr("altered"));
}

TEST_F(AdminTest, AuditVerifyDetectsARemovedEvent) {
  MakeAuditTrail();
  int64_t sequence = 0;
  {
    auto store = store::Store::Open({.data_dir = data_dir()});
    ASSERT_TRUE(store.ok()) << store.status();
    std::string key;
    ASSERT_NO_FATAL_FAILURE(MiddleAuditEvent(**store, &key, &sequence));
    store::WriteBatch batch;
    batch.Delete(store::Table::kAudit, key);
    ASSERT_TRUE((*store)->Write(batch).ok());
    ASSERT_TRUE((*store)->Close().ok());
  }
  CommandResult r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // The chain breaks at the event after the gap, which says which one is missing.
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("audit trail DAMAGED at event ", sequence + 1)));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("expected event ", sequence)));
  EXPECT_THAT(r.out, HasSubstr("removed"));
}

TEST_F(AdminTest, PrivacyOfficerSeesWhoReadACase) {
  StartServer();  // with the demo tokens
  const std::string name = OpenCaseName(Token("anna-zaanstad"));
  ASSERT_FALSE(name.empty());
  for (const char* member : {"anna-zaanstad", "bram-enschede", "eva-amsterdam"}) {
    grpc::Status s = GetCase(Token(member), name);
    ASSERT_TRUE(s.ok()) << member << ": " << s.error_message();
  }

  auto stub = v1::AuditService::NewStub(Channel());
  v1::ListAuditEventsRequest req;
  req.set_parent(kCommunity);
  req.set_resource(name);
  req.set_method("GetCase");
  req.set_page_size(50);
  {
    grpc::ClientContext ctx;
    AuthorizeWithToken(ctx, Token("chris-utrecht"));
    v1::ListAuditEventsResponse resp;
    grpc::Status s = stub->ListAuditEvents(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> readers;
    for (const v1::AuditEvent& e : resp.audit_events()) {
      readers.push_back(e.member());
      EXPECT_EQ(e.resource(), name);
      EXPECT_EQ(e.method(), "/kompas.v1.CaseService/GetCase");
      EXPECT_EQ(e.outcome(), "OK");
    }
    EXPECT_THAT(readers, UnorderedElementsAre("anna-zaanstad", "bram-enschede", "eva-amsterdam"));
    EXPECT_TRUE(resp.next_page_token().empty());
  }
  {
    grpc::ClientContext ctx;
    AuthorizeWithToken(ctx, Token("anna-zaanstad"));
    v1::ListAuditEventsResponse resp;
    grpc::Status s = stub->ListAuditEvents(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(s.error_message(), HasSubstr("PRIVACY_OFFICER"));
  }
  StopServer();
  // Reads on the trail keep the chain intact.
  CommandResult r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace kompas::e2e
