// End to end: the kompasd binary as a server process, the kompas binary as a
// subprocess, the demo data from data/. Paths come from CMake.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// curl's path, or "" when it is not installed (RunCommand takes a path).
std::string CurlPath() {
  for (const char* path : {"/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}
bool HasCurl() { return !CurlPath().empty(); }

// kompasd with the demo community; the crash test reads back hundreds of
// cases as one member, so no rate limit gets in the way.
KompasdConfig E2eConfig() {
  return {.flags = {"--rate_limit_per_second=100000", "--rate_limit_burst=100000"}};
}

class E2eTest : public KompasdTest {
 protected:
  std::unique_ptr<v1::CaseService::Stub> CaseStub() { return v1::CaseService::NewStub(Channel()); }

  int CountCases() {
    auto stub = CaseStub();
    v1::ListCasesRequest req;
    req.set_parent("communities/wijkteams");
    req.set_page_size(200);
    v1::ListCasesResponse resp;
    grpc::ClientContext ctx;
    Authorize(ctx, kAnna);
    EXPECT_TRUE(stub->ListCases(&ctx, req, &resp).ok());
    return resp.cases_size();
  }

  // The HTTP listener's port (Connect protocol), kept across restarts.
  const int http_port_ = FreeLoopbackPort();

  // E2eConfig with the HTTP listener on http_port_.
  KompasdConfig HttpConfig() {
    KompasdConfig config = E2eConfig();
    config.flags.push_back(absl::StrCat("--http_address=127.0.0.1:", http_port_));
    return config;
  }

  // curl against the HTTP listener: status line and headers (-i), then the
  // body.
  CommandResult Curl(const std::string& path, const std::string& body,
                     const std::vector<std::string>& headers) {
    std::vector<std::string> argv = {CurlPath(), "-s", "-i", "-X", "POST",
                                     absl::StrCat("http://127.0.0.1:", http_port_, path)};
    for (const std::string& h : headers) {
      argv.push_back("-H");
      argv.push_back(h);
    }
    argv.push_back("--data-binary");
    argv.push_back(body);
    return RunCommand(argv);
  }
};

TEST_F(E2eTest, CliTourThenCrashLosesNoAcknowledgedWrite) {
  StartServer(E2eConfig());
  CommandResult r = Cli(kAnna, {"community", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("communities/wijkteams"));

  r = Cli(kAnna, {"--json", "case", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(ParseJson<v1::ListCasesResponse>(r.out).cases_size(), 6) << "demo cases missing";

  const std::string file = WriteFile("case.json", R"({
    "title": "Buurtsportcoach vraagt om deelnemerslijst",
    "situation": "Een buurtsportcoach vraagt het wijkteam welke jongeren uit de wijk hulp krijgen.",
    "question": "Mag het wijkteam die lijst delen?",
    "framing": {"task": "Jeugdwet", "purpose": "Sportaanbod afstemmen"},
    "laws": ["Jeugdwet", "AVG"],
    "themes": ["sportaanbod"]
  })");
  r = Cli(kAnna, {"--json", "case", "new", "--file", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Case created = ParseJson<v1::Case>(r.out);
  ASSERT_FALSE(created.name().empty());
  EXPECT_EQ(created.status(), v1::CASE_STATUS_DRAFT);

  r = Cli(kAnna, {"case", "show", created.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Buurtsportcoach vraagt om deelnemerslijst"));

  r = Cli(kAnna, {"case", "update", created.name(), "--title", "Sportcoach vraagt om deelnemerslijst",
           "--purpose", "Aanbod afstemmen zonder namen"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli(kAnna, {"case", "status", created.name(), "open"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede",
          {"reflect", created.name(), "--kind", "question", "Is een geaggregeerd overzicht genoeg?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli(kAnna, {"--json", "reflections", created.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto reflections = ParseJson<v1::ListReflectionsResponse>(r.out);
  ASSERT_EQ(reflections.reflections_size(), 1);
  EXPECT_EQ(reflections.reflections(0).kind(), v1::REFLECTION_KIND_QUESTION);

  r = Cli(kAnna, {"--json", "case", "list", "--status", "open", "--theme", "sportaanbod"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto open = ParseJson<v1::ListCasesResponse>(r.out);
  ASSERT_EQ(open.cases_size(), 1);
  EXPECT_EQ(open.cases(0).name(), created.name());

  // Bad input: a clear error, a non-zero exit, nothing lost.
  r = Cli(kAnna, {"case", "new", "--file", WriteFile("bad.json", R"({"title": ""})")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("case.title"));
  r = Cli(kAnna, {"case", "status", created.name(), "draft"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(r.err, HasSubstr("is OPEN"));

  // Writers keep creating cases; the server is killed in the middle.
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  const std::string anna_token = Token(kAnna);
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto stub = CaseStub();
      for (int i = 0; !stop.load(); ++i) {
        v1::CreateCaseRequest req;
        req.set_parent("communities/wijkteams");
        req.mutable_case_()->set_title(absl::StrCat("Schrijver ", w, " casus ", i));
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", "Bearer " + anna_token);
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::Case out;
        if (stub->CreateCase(&ctx, req, &out).ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(out.name());
        } else {
          return;  // the server is gone
        }
      }
    });
  }
  // Kill once a good number of writes were acknowledged (bounded wait).
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (acknowledged.size() >= 100) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  KillServer();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_FALSE(acknowledged.empty());
  std::cout << "acknowledged before SIGKILL: " << acknowledged.size() << "\n";

  StartServerAgain();
  auto stub = CaseStub();
  for (const std::string& name : acknowledged) {
    v1::GetCaseRequest get;
    get.set_name(name);
    v1::Case out;
    grpc::ClientContext ctx;
    Authorize(ctx, kAnna);
    grpc::Status s = stub->GetCase(&ctx, get, &out);
    ASSERT_TRUE(s.ok()) << "acknowledged write lost: " << name << ": " << s.error_message();
  }
  r = Cli(kAnna, {"--json", "case", "show", created.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto after = ParseJson<v1::Case>(r.out);
  EXPECT_EQ(after.title(), "Sportcoach vraagt om deelnemerslijst");
  EXPECT_EQ(after.framing().purpose(), "Aanbod afstemmen zonder namen");
  EXPECT_EQ(after.status(), v1::CASE_STATUS_OPEN);
  r = Cli(kAnna, {"reflections", created.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Is een geaggregeerd overzicht genoeg?"));
  EXPECT_EQ(server().Terminate(), 0);
}

TEST_F(E2eTest, SigtermShutsDownCleanlyAndSeedingTwiceAddsNothing) {
  StartServer(E2eConfig());
  const int cases = CountCases();
  EXPECT_GE(cases, 6);
  EXPECT_EQ(server().Terminate(), 0);
  EXPECT_THAT(server().Log(), HasSubstr("event=store_closed ok=true"));
  EXPECT_THAT(server().Log(), HasSubstr("event=kompasd_exit code=0"));
  StartServerAgain();
  EXPECT_EQ(CountCases(), cases);
  EXPECT_THAT(server().Log(), HasSubstr("already_loaded=true"));
  EXPECT_EQ(server().Terminate(), 0);
}

// The seed writes reflections through the same use case as a client, so
// every demo case's reflection_count is what ListReflections finds.
TEST_F(E2eTest, DemoCasesCountTheirReflections) {
  StartServer(E2eConfig());
  CommandResult r = Cli(kAnna, {"--json", "case", "list", "--all"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto cases = ParseJson<v1::ListCasesResponse>(r.out);
  int total = 0;
  for (const v1::Case& c : cases.cases()) {
    r = Cli(kAnna, {"--json", "reflections", c.name(), "--all"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(c.reflection_count(), ParseJson<v1::ListReflectionsResponse>(r.out).reflections_size())
        << c.name();
    total += c.reflection_count();
  }
  EXPECT_GE(total, 19) << "the demo cases' reflections (3+3+4+3+3+3) are not counted";
  EXPECT_EQ(server().Terminate(), 0);
}

TEST_F(E2eTest, UsersEditsOfDemoDataSurviveARestart) {
  StartServer(E2eConfig());
  CommandResult r = Cli(kAnna, {"--json", "case", "list", "--status", "open"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto open = ParseJson<v1::ListCasesResponse>(r.out);
  // Delete one of anna's demo cases; the next start must neither fail nor
  // bring it back.
  std::string deleted;
  for (const auto& c : open.cases()) {
    if (c.author() == "communities/wijkteams/members/anna-zaanstad") deleted = c.name();
  }
  ASSERT_FALSE(deleted.empty());
  r = Cli(kAnna, {"case", "delete", deleted, "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const int before = CountCases();
  EXPECT_EQ(server().Terminate(), 0);
  StartServerAgain();
  EXPECT_EQ(CountCases(), before);
  r = Cli(kAnna, {"case", "show", deleted});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  EXPECT_EQ(server().Terminate(), 0);
}

TEST_F(E2eTest, PersonalDataNeverReachesDiskOrLog) {
  StartServer(HttpConfig());
  const std::vector<std::string> personal = {"999912343", "06-12345678", "Bakker", "Kerkstraat",
                                             "0031612345678", "kerkstraat"};
  const std::string text =
      "Mevrouw Bakker (BSN 999912343) van de Kerkstraat 12 belde met 06-12345678 over haar "
      "zoon Daan. Controlezin-kompas-e2e.";
  auto stub = CaseStub();
  auto create = [&](v1::PrivacyMode mode, v1::Case* out) {
    v1::CreateCaseRequest req;
    req.set_parent("communities/wijkteams");
    req.mutable_case_()->set_title("Telefoontje van een moeder");
    req.mutable_case_()->set_situation(text);
    req.set_privacy_mode(mode);
    grpc::ClientContext ctx;
    Authorize(ctx, kAnna);
    return stub->CreateCase(&ctx, req, out);
  };
  v1::Case out;
  EXPECT_EQ(create(v1::PRIVACY_MODE_REJECT, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(create(v1::PRIVACY_MODE_REDACT, &out).ok());
  EXPECT_THAT(out.situation(), HasSubstr("Controlezin-kompas-e2e"));
  // The CLI's preview stores nothing either.
  CommandResult r = Cli(kAnna, {"check", "-"}, text);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // findings → non-zero, like a linter
  // Nor does a refused write through the HTTP listener (Connect, JSON),
  // in either privacy mode the browser may send.
  if (HasCurl()) {
    for (const char* mode : {"", R"(,"privacyMode":"PRIVACY_MODE_REJECT")"}) {
      CommandResult http = Curl(
          "/kompas.v1.CaseService/CreateCase",
          absl::StrCat(R"({"parent":"communities/wijkteams","case":{"title":"Via de browser",)",
                       R"("situation":")", text, R"("})", mode, "}"),
          {"Content-Type: application/json", "Authorization: Bearer " + Token(kAnna)});
      EXPECT_THAT(http.out, HasSubstr("HTTP/1.1 400")) << http.out;
      EXPECT_THAT(http.out, HasSubstr(R"("code":"invalid_argument")"));
      for (const std::string& p : personal) EXPECT_THAT(http.out, Not(HasSubstr(p)));
    }
    const std::string bearer = "Authorization: Bearer " + Token(kAnna);
    // An annotation in REDACT mode: its tags are screened with its body.
    CommandResult annotated = Curl(
        "/kompas.v1.AnnotationService/CreateAnnotation",
        absl::StrCat(R"({"parent":"communities/wijkteams","annotation":{"target":")", out.name(),
                     R"(","field":"situation","quote":{"exact":"Controlezin-kompas-e2e"},)",
                     R"("body":"Bel haar op 06-12345678","tags":["06-12345678","terugbellen"]},)",
                     R"("privacyMode":"PRIVACY_MODE_REDACT"})"),
        {"Content-Type: application/json", bearer});
    EXPECT_THAT(annotated.out, HasSubstr("HTTP/1.1 200")) << annotated.out;
    EXPECT_THAT(annotated.out, HasSubstr(R"("tags":["terugbellen"])")) << annotated.out;
    // Refused reads of names made of someone's words and numbers: the
    // audit trail keeps a refusal's name, but never the client's text.
    for (const char* name : {"communities/wijkteams/bakker/1/kerkstraat/12",
                             "communities/wijkteams/cases/0031612345678"}) {
      CommandResult read = Curl("/kompas.v1.CaseService/GetCase",
                                absl::StrCat(R"({"name":")", name, R"("})"),
                                {"Content-Type: application/json", bearer});
      EXPECT_THAT(read.out, Not(HasSubstr("HTTP/1.1 200"))) << read.out;
    }
    // A request method nobody knows is whatever the client typed there.
    CommandResult odd = RunCommand({CurlPath(), "-s", "-i", "-X", "BAKKER-999912343",
                                    absl::StrCat("http://127.0.0.1:", http_port_, "/")});
    EXPECT_THAT(odd.out, Not(HasSubstr("HTTP/1.1 200"))) << odd.out;
  }
  EXPECT_EQ(server().Terminate(), 0);

  const std::string disk = AllBytesUnder(data_dir());
  const std::string log = server().Log();
  // Positive control: the accepted, redacted text is on disk, so the scan
  // does see stored text.
  ASSERT_NE(disk.find("Controlezin-kompas-e2e"), std::string::npos);
  for (const std::string& p : personal) {
    EXPECT_EQ(disk.find(p), std::string::npos) << p << " is in the store";
    EXPECT_EQ(log.find(p), std::string::npos) << p << " is in the log";
  }
}

// Acceptance: the demo cases with curl over the HTTP listener (Connect,
// JSON), and the same call refused from a foreign Origin with a cookie and
// without Connect-Protocol-Version.
TEST_F(E2eTest, CurlListsDemoCasesOverHttp) {
  if (!HasCurl()) GTEST_SKIP() << "curl is not installed";
  StartServer(HttpConfig());
  const std::string token = Token(kAnna);
  CommandResult list =
      Curl("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/wijkteams"})",
           {"Content-Type: application/json", "Authorization: Bearer " + token});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(list.out, HasSubstr(R"("cases":[{"name":"communities/wijkteams/cases/)"));
  EXPECT_THAT(list.out, HasSubstr("Content-Security-Policy: default-src 'self'"));
  EXPECT_THAT(server().Log(), HasSubstr("event=http_request method=POST "
                                        "path=/kompas.v1.CaseService/ListCases status=200"));

  const std::string origin = absl::StrCat("Origin: http://127.0.0.1:", http_port_);
  CommandResult signin = Curl("/auth/signin", absl::StrCat(R"({"token":")", token, R"("})"),
                              {"Content-Type: application/json", "Connect-Protocol-Version: 1",
                               origin});
  EXPECT_THAT(signin.out, HasSubstr("HTTP/1.1 200"));
  const size_t at = signin.out.find("kompas_session=");
  ASSERT_NE(at, std::string::npos) << signin.out;
  const std::string cookie = signin.out.substr(at, signin.out.find(';', at) - at);
  CommandResult refused =
      Curl("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/wijkteams"})",
           {"Content-Type: application/json", "Cookie: " + cookie, "Origin: https://evil.example"});
  EXPECT_THAT(refused.out, HasSubstr("HTTP/1.1 403"));
  EXPECT_THAT(refused.out, HasSubstr(R"("code":"permission_denied")"));
  CommandResult browser =
      Curl("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/wijkteams"})",
           {"Content-Type: application/json", "Cookie: " + cookie, "Connect-Protocol-Version: 1",
            origin});
  EXPECT_THAT(browser.out, HasSubstr("HTTP/1.1 200"));
  // Neither the token nor the session id is ever logged.
  EXPECT_THAT(server().Log(), Not(HasSubstr(token)));
  EXPECT_THAT(server().Log(), Not(HasSubstr(cookie.substr(15))));
}

TEST_F(E2eTest, ReflectionListsTheKompasServices) {
  StartServer(E2eConfig());
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(Channel());
  grpc::ClientContext ctx;
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> names;
  for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
  EXPECT_THAT(names, IsSupersetOf({"kompas.v1.CaseService", "kompas.v1.CommunityService",
                                   "grpc.health.v1.Health"}));
  grpc::reflection::v1alpha::ServerReflectionRequest file_req;
  file_req.set_file_containing_symbol("kompas.v1.CaseService");
  ASSERT_TRUE(stream->Write(file_req));
  grpc::reflection::v1alpha::ServerReflectionResponse file_resp;
  ASSERT_TRUE(stream->Read(&file_resp));
  EXPECT_GT(file_resp.file_descriptor_response().file_descriptor_proto_size(), 0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(E2eTest, LoginKeepsTheTokenReadableOnlyByTheUser) {
  StartServer(E2eConfig());
  const std::string token = Token("bram-enschede");
  // Without a token the server says how to sign in.
  CommandResult r = Cli(kNoMember, {"case", "list"}, "", {{"KOMPAS_COMMUNITY", "wijkteams"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(r.err, HasSubstr("kompas login"));
  r = RunCommand({KOMPAS_CLI_BIN, "login", "-"}, token + "\n", {{"HOME", path()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string token_file = Path(".config/kompas/token");
  auto perms = std::filesystem::status(token_file).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  r = Cli(kNoMember, {"--json", "case", "list"}, "", {{"KOMPAS_COMMUNITY", "wijkteams"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(ParseJson<v1::ListCasesResponse>(r.out).cases_size(), 6);
  EXPECT_EQ(server().Terminate(), 0);
}

TEST(E2eCliTest, UnreachableServerIsNamed) {
  CommandResult r = RunCommand({KOMPAS_CLI_BIN, "--server", "127.0.0.1:1", "community", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1:1"));
}

}  // namespace
}  // namespace kompas::e2e
