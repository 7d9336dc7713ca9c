// End to end: kompas-admin administers a running kompasd through
// AdminService, signed in with an administrator's token, and kompasd is
// never restarted: a token issued for a new member works on their next
// call, a role change and a revocation take effect on the very next call.
// The recovery commands refuse to run while kompasd holds the store.
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.grpc.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

class AdminOnlineTest : public KompasdTest {
 protected:
  grpc::Status ListCases(const std::string& token) {
    auto stub = v1::CaseService::NewStub(Channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::ListCasesRequest req;
    req.set_parent(kCommunity);
    v1::ListCasesResponse resp;
    return stub->ListCases(&ctx, req, &resp);
  }
};

TEST_F(AdminOnlineTest, ATokenIssuedWhileServingWorksAndIsRefusedRightAfterItsRevocation) {
  StartServer();
  CommandResult r = OnlineAdmin({"token", "issue", "femke-zaanstad", "--expires-in", "30d",
                                 "--note", "laptop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n');
  ASSERT_EQ(lines.size(), 2u) << r.out;
  const std::string token = lines[0];
  EXPECT_THAT(token, ::testing::StartsWith("kmp_"));
  std::vector<std::string> words = absl::StrSplit(r.err, ' ');
  ASSERT_GE(words.size(), 2u) << r.err;
  const std::string id = words[1];

  r = OnlineAdmin({"member", "add", "wijkteams", "femke-zaanstad", "--municipality", "GM0479",
                   "--role", "professional", "--display-name", "Wijkcoach Zaandam"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("communities/wijkteams/members/femke-zaanstad"));
  grpc::Status s = ListCases(token);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // A role change is effective on the very next call.
  r = OnlineAdmin({"member", "roles", "wijkteams", "femke-zaanstad", "--role", "exporter"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("EXPORTER"));
  EXPECT_EQ(ListCases(token).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  r = OnlineAdmin({"member", "roles", "wijkteams", "femke-zaanstad", "--role", "professional"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(ListCases(token).ok());

  r = OnlineAdmin({"token", "list", "femke-zaanstad"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(id));
  EXPECT_THAT(r.out, HasSubstr("active"));
  EXPECT_THAT(r.out, Not(HasSubstr("kmp_")));

  r = OnlineAdmin({"token", "revoke", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  s = ListCases(token);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("revoked"));

  // Only administrators administer.
  r = OnlineAdmin({"token", "list"}, "anna-zaanstad");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));

  // Communities, too, while serving.
  r = OnlineAdmin({"community", "create", "jeugdzorg", "--display-name", "Jeugdzorg",
                   "--municipality", "GM0479,GM0153"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = OnlineAdmin({"community", "settings", "jeugdzorg", "--adoption-quorum", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("adoption quorum 2"));
  r = OnlineAdmin({"member", "remove", "wijkteams", "femke-zaanstad"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("tokens are revoked"));
  StopServer();
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(AdminOnlineTest, RecoveryCommandsRefuseToRunWhileKompasdHoldsTheStore) {
  StartServer();
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"audit", "verify"}, {"check-index"}, {"reindex"}, {"compact"}}) {
    CommandResult r = Admin(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_THAT(r.err, HasSubstr("kompasd is running on this data directory")) << args[0];
    EXPECT_THAT(r.err, HasSubstr("stop it first")) << args[0];
  }
  StopServer();
  CommandResult compacted = Admin({"compact"});
  EXPECT_EQ(compacted.exit_code, 0) << compacted.out << compacted.err;
  EXPECT_THAT(compacted.out, HasSubstr("store compacted"));
  CommandResult r = Admin({"check-index"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("search index consistent"));
}

}  // namespace
}  // namespace kompas::e2e
