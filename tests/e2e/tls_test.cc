// TLS and mutual TLS, end to end: kompasd serving TLS with certificates made
// by the `openssl` tool at test time (a throwaway CA, EC P-256 keys), the
// kompas CLI and C++ gRPC clients talking to it, and kompasd's refusal to
// serve plaintext on a non-loopback address. Paths come from CMake.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "api/server.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "testing/temp_dir.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// The openssl binary on $PATH, or "" when there is none.
std::string FindOpenssl() {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path != nullptr ? path : "/usr/bin", ':')) {
    const std::filesystem::path candidate = std::filesystem::path(std::string(dir)) / "openssl";
    std::error_code ec;
    if (!dir.empty() && std::filesystem::exists(candidate, ec)) return candidate.string();
  }
  return "";
}

// curl's path, or "" when it is not installed.
std::string CurlPath() {
  for (const char* path : {"/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

// The value of the first `name:` header in curl -i output (case-insensitive
// name), or "".
std::string HeaderOf(const std::string& curl_output, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(curl_output, "\r\n")) {
    if (line.empty()) break;  // the end of the headers
    const size_t colon = line.find(':');
    if (colon != absl::string_view::npos && absl::EqualsIgnoreCase(line.substr(0, colon), name)) {
      return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
  }
  return "";
}

// A throwaway PKI in one directory: `<name>.pem` and `<name>.key` for each
// certificate. Every openssl run is bounded.
class Pki {
 public:
  explicit Pki(std::string dir) : dir_(std::move(dir)), openssl_(FindOpenssl()) {}

  std::string Pem(const std::string& name) const { return dir_ + "/" + name + ".pem"; }
  std::string Key(const std::string& name) const { return dir_ + "/" + name + ".key"; }

  // A self-signed CA certificate.
  ::testing::AssertionResult MakeCa(const std::string& name) {
    if (auto r = MakeKey(name); !r) return r;
    return Run({"req", "-x509", "-new", "-key", Key(name), "-subj", "/CN=" + name, "-days", "2",
                "-out", Pem(name)});
  }

  // A leaf certificate signed by `ca`, with the given X.509v3 extensions.
  ::testing::AssertionResult MakeLeaf(const std::string& name, const std::string& ca,
                                      const std::string& cn, const std::string& extensions) {
    if (auto r = MakeKey(name); !r) return r;
    const std::string csr = dir_ + "/" + name + ".csr";
    const std::string ext = dir_ + "/" + name + ".ext";
    std::ofstream(ext) << extensions << "basicConstraints=CA:FALSE\n";
    if (auto r = Run({"req", "-new", "-key", Key(name), "-subj", "/CN=" + cn, "-out", csr}); !r) {
      return r;
    }
    return Run({"x509", "-req", "-in", csr, "-CA", Pem(ca), "-CAkey", Key(ca), "-set_serial",
                absl::StrCat(++serial_), "-days", "2", "-extfile", ext, "-out", Pem(name)});
  }

 private:
  ::testing::AssertionResult MakeKey(const std::string& name) {
    return Run({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                Key(name)});
  }

  ::testing::AssertionResult Run(std::vector<std::string> args) {
    if (openssl_.empty()) {
      return ::testing::AssertionFailure() << "openssl not found on PATH (apt-get install openssl)";
    }
    args.insert(args.begin(), openssl_);
    CommandResult r = RunCommand(args, "", {}, /*timeout_seconds=*/30);
    if (r.exit_code == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "openssl " << args[1] << " failed (" << r.exit_code << "): " << r.err;
  }

  std::string dir_;
  std::string openssl_;
  int serial_ = 1;
};

class TlsTest : public KompasdTest {
 protected:
  // One PKI for every test in this process: a trusted CA with a server
  // certificate and two client certificates (a member, and someone who is
  // not one), and a rogue CA whose certificate names a member.
  static void SetUpTestSuite() {
    pki_dir_ = new kompas::testing::TempDir();
    pki_ = new Pki(pki_dir_->path());
    const char* kServer = "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n";
    const char* kClient = "extendedKeyUsage=clientAuth\n";
    pki_ok_ = pki_->MakeCa("ca") &&
              pki_->MakeLeaf("server", "ca", "localhost", kServer) &&
              pki_->MakeLeaf("anna", "ca", "anna-zaanstad", kClient) &&
              pki_->MakeLeaf("stranger", "ca", "zed-nobody", kClient) &&
              pki_->MakeLeaf("bad-cn", "ca", "Anna Zaanstad", kClient) &&
              pki_->MakeCa("rogue-ca") &&
              pki_->MakeLeaf("rogue", "rogue-ca", "anna-zaanstad", kClient);
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete pki_dir_;
  }

  void SetUp() override { ASSERT_TRUE(pki_ok_) << "could not make the test certificates"; }

  // kompasd with the demo community, serving TLS with the test PKI's server
  // certificate and client certificates of its CA; `extra` flags after those.
  void StartTlsServer(const std::vector<std::string>& extra = {}) {
    KompasdConfig config;
    config.flags = {"--tls_cert=" + pki_->Pem("server"), "--tls_key=" + pki_->Key("server"),
                    "--tls_client_ca=" + pki_->Pem("ca")};
    config.flags.insert(config.flags.end(), extra.begin(), extra.end());
    StartServer(config);
  }

  // `kompas ARGS...` with only HOME and `env` in its environment (no member's
  // token unless `env` has one).
  CommandResult TlsCli(const std::vector<std::string>& args, const Env& env = {}) {
    return Cli(kNoMember, args, /*input=*/"", env, /*timeout_seconds=*/30);
  }

  // A TLS channel trusting the test CA, with the client certificate `client`
  // (by its PKI name) or none.
  std::shared_ptr<grpc::Channel> TlsChannel(const std::string& client = "") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(pki_->Pem("ca"));
    if (!client.empty()) {
      ssl.pem_cert_chain = ReadFile(pki_->Pem(client));
      ssl.pem_private_key = ReadFile(pki_->Key(client));
    }
    return grpc::CreateChannel(address(), grpc::SslCredentials(ssl));
  }

  // A call's context: a 10 s deadline, and the token when there is one.
  static void WithDeadline(grpc::ClientContext& ctx, const std::string& token = "") {
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  }

  // GetCommunity for the demo community over `channel`, optionally with a token.
  grpc::Status GetCommunity(std::shared_ptr<grpc::Channel> channel, const std::string& token = "",
                            v1::Community* community = nullptr) {
    auto stub = v1::CommunityService::NewStub(channel);
    v1::GetCommunityRequest request;
    request.set_name(kCommunity);
    v1::Community response;
    grpc::ClientContext ctx;
    WithDeadline(ctx, token);
    grpc::Status s = stub->GetCommunity(&ctx, request, &response);
    if (community != nullptr) *community = response;
    return s;
  }

  // StartTlsServer with the HTTP listener on a free loopback port; its base
  // URL (https://127.0.0.1:PORT).
  std::string StartTlsHttpServer(std::vector<std::string> extra = {}) {
    const int port = FreeLoopbackPort();
    extra.push_back(absl::StrCat("--http_address=127.0.0.1:", port));
    StartTlsServer(extra);
    return absl::StrCat("https://127.0.0.1:", port);
  }

  // curl -s -i POST `base + path` trusting the test CA, with the client
  // certificate `client` (by its PKI name) or none, `headers` and `body`.
  CommandResult HttpsPost(const std::string& base, const std::string& path,
                          const std::string& client, const std::vector<std::string>& headers,
                          const std::string& body) {
    std::vector<std::string> argv = {CurlPath(), "-s", "-i", "--max-time", "10", "--cacert",
                                     pki_->Pem("ca"), "-X", "POST", base + path};
    if (!client.empty()) {
      argv.insert(argv.end(), {"--cert", pki_->Pem(client), "--key", pki_->Key(client)});
    }
    for (const std::string& h : headers) argv.insert(argv.end(), {"-H", h});
    argv.insert(argv.end(), {"--data-binary", body});
    return RunCommand(argv, "", {}, /*timeout_seconds=*/30);
  }

  // A sign-in at `base` as our own web page makes it, with the client
  // certificate `client` (by its PKI name) or none.
  CommandResult SignIn(const std::string& base, const std::string& client,
                       const std::string& body = "{}") {
    return HttpsPost(base, "/auth/signin", client, Browser(base), body);
  }

  // The headers of a call our own web page makes at `base`.
  static std::vector<std::string> Browser(const std::string& base, const std::string& cookie = "") {
    std::vector<std::string> headers = {"Content-Type: application/json",
                                        "Connect-Protocol-Version: 1", "Origin: " + base};
    if (!cookie.empty()) headers.push_back("Cookie: " + cookie);
    return headers;
  }

  static kompas::testing::TempDir* pki_dir_;
  static Pki* pki_;
  static bool pki_ok_;
};

kompas::testing::TempDir* TlsTest::pki_dir_ = nullptr;
Pki* TlsTest::pki_ = nullptr;
bool TlsTest::pki_ok_ = false;

// The tests of the HTTPS listener, which talk to it with curl: skipped
// where curl is not installed.
class TlsHttpsTest : public TlsTest {
 protected:
  void SetUp() override {
    TlsTest::SetUp();
    if (HasFatalFailure()) return;
    if (CurlPath().empty()) GTEST_SKIP() << "curl is not installed";
  }
};

TEST_F(TlsTest, CliWithTlsAndTokenListsCommunities) {
  StartTlsServer();
  CommandResult r = TlsCli({"--tls", "--ca", pki_->Pem("ca"), "community", "list"},
                        {{"KOMPAS_TOKEN", Token("anna-zaanstad")}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(kCommunity));

  // The same from the environment; --ca alone implies TLS.
  r = TlsCli({"community", "list"},
          {{"KOMPAS_TOKEN", Token("anna-zaanstad")}, {"KOMPAS_CA", pki_->Pem("ca")}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(kCommunity));
}

TEST_F(TlsTest, CliSaysWhenTlsDoesNotMatch) {
  StartTlsServer();
  // Plaintext to a TLS port.
  CommandResult r = TlsCli({"community", "list"}, {{"KOMPAS_TOKEN", Token("anna-zaanstad")}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot reach kompasd"));
  EXPECT_THAT(r.err, HasSubstr("--tls"));
  // TLS (KOMPAS_TLS=1) with the system's roots, which do not know our CA.
  r = TlsCli({"community", "list"},
          {{"KOMPAS_TOKEN", Token("anna-zaanstad")}, {"KOMPAS_TLS", "1"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("TLS handshake failed"));
  EXPECT_THAT(r.err, HasSubstr("--ca"));
  // --cert without --key is a usage error.
  r = TlsCli({"--cert", pki_->Pem("anna"), "community", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--cert and --key"));
}

TEST_F(TlsTest, ClientCertificateIsTheMemberIdentity) {
  StartTlsServer();
  auto channel = TlsChannel("anna");
  v1::Community community;
  grpc::Status s = GetCommunity(channel, /*token=*/"", &community);
  ASSERT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  EXPECT_EQ(community.name(), kCommunity);

  auto cases = v1::CaseService::NewStub(channel);
  v1::ListCasesRequest request;
  request.set_parent(kCommunity);
  v1::ListCasesResponse response;
  grpc::ClientContext ctx;
  WithDeadline(ctx);
  s = cases->ListCases(&ctx, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  EXPECT_GT(response.cases_size(), 0);

  // The CLI with the same certificate and no token.
  CommandResult r = TlsCli({"--ca", pki_->Pem("ca"), "--cert", pki_->Pem("anna"), "--key",
                         pki_->Key("anna"), "community", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(kCommunity));
}

TEST_F(TlsTest, CertificateOfNonMemberSeesNoCommunity) {
  StartTlsServer();
  grpc::Status s = GetCommunity(TlsChannel("stranger"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  // A token, when present, wins over the certificate.
  s = GetCommunity(TlsChannel("stranger"), Token("anna-zaanstad"));
  EXPECT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
}

TEST_F(TlsTest, CertificateWhoseCnIsNoMemberIdIsUnauthenticated) {
  StartTlsServer();
  grpc::Status s = GetCommunity(TlsChannel("bad-cn"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("subject CN"));
}

TEST_F(TlsTest, CertificateFromAnotherCaIsRefusedInTheHandshake) {
  StartTlsServer();
  grpc::Status s = GetCommunity(TlsChannel("rogue"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, TlsWithoutCertificateOrTokenIsUnauthenticated) {
  StartTlsServer();
  grpc::Status s = GetCommunity(TlsChannel());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  s = GetCommunity(TlsChannel(), Token("anna-zaanstad"));
  EXPECT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
}

TEST_F(TlsTest, RequiredClientCertificateKeepsOthersOffThePort) {
  StartTlsServer({"--tls_require_client_cert"});
  grpc::Status s = GetCommunity(TlsChannel(), Token("anna-zaanstad"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  s = GetCommunity(TlsChannel("anna"));
  EXPECT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  CommandResult r = TlsCli({"--ca", pki_->Pem("ca"), "community", "list"},
                        {{"KOMPAS_TOKEN", Token("anna-zaanstad")}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("client certificate (--cert and --key)"));
}

TEST_F(TlsTest, PlaintextClientCannotTalkToTheTlsPort) {
  StartTlsServer();
  grpc::Status s =
      GetCommunity(Channel(), Token("anna-zaanstad"));
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, RefusesRemotePlaintextUnlessInsecureRemote) {
  const auto start = std::chrono::steady_clock::now();
  CommandResult r = RunCommand({KOMPASD_BIN, "--address=0.0.0.0:0", "--data_dir=" + data_dir()},
                               "", {}, /*timeout_seconds=*/30);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("refusing to listen on 0.0.0.0:0 without TLS"));
  EXPECT_THAT(r.err, HasSubstr("--insecure_remote"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_FALSE(std::filesystem::exists(data_dir())) << "refused before opening the store";

  // Explicitly allowed: it starts (and warns); stopped right away, nothing
  // connects to it.
  StartServer({.demo_seed = false,
               .demo_tokens = false,
               .drain_ms = 0,
               .flags = {"--address=0.0.0.0:0", "--insecure_remote"}});
  EXPECT_THAT(server().Log(), HasSubstr("event=insecure_remote"));
  EXPECT_EQ(server().Terminate(), 0) << server().Log();
}

TEST_F(TlsTest, MissingTlsFileNamesTheFlag) {
  CommandResult r = RunCommand({KOMPASD_BIN, "--data_dir=" + data_dir(),
                                "--tls_cert=" + pki_->Pem("server"),
                                "--tls_key=" + Path("no-such.key")},
                               "", {}, /*timeout_seconds=*/30);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("flag=--tls_key"));
  r = RunCommand({KOMPASD_BIN, "--data_dir=" + data_dir(), "--tls_cert=" + pki_->Pem("server")},
                 "", {}, /*timeout_seconds=*/30);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--tls_key"));
}

TEST(ValidateServerOptionsTest, PlaintextOnlyOnLoopback) {
  for (const char* local : {"127.0.0.1:0", "127.1.2.3:50051", "localhost:50051", "LOCALHOST:1",
                            "[::1]:0", "[::ffff:127.0.0.1]:1", "unix:/tmp/kompas.sock"}) {
    api::ServerOptions options;
    options.address = local;
    EXPECT_TRUE(api::ValidateServerOptions(options).ok()) << local;
  }
  for (const char* remote : {"0.0.0.0:0", "[::]:0", ":50051", "10.0.0.1:50051",
                             "127.0.0.1.example.org:1", "[::ffff:10.0.0.1]:1", "kompas.example:443",
                             "[::1:1"}) {
    api::ServerOptions options;
    options.address = remote;
    absl::Status s = api::ValidateServerOptions(options);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << remote;
    options.allow_insecure_remote = true;
    EXPECT_TRUE(api::ValidateServerOptions(options).ok()) << remote;
    options.allow_insecure_remote = false;
    options.tls.cert_chain_pem = "cert";
    options.tls.private_key_pem = "key";
    EXPECT_TRUE(api::ValidateServerOptions(options).ok()) << remote;
  }
}

TEST(ValidateServerOptionsTest, TlsSettingsComeTogether) {
  api::ServerOptions options;
  options.tls.cert_chain_pem = "cert";
  EXPECT_THAT(api::ValidateServerOptions(options).message(), HasSubstr("--tls_key"));
  options.tls = {};
  options.tls.client_ca_pem = "ca";
  EXPECT_THAT(api::ValidateServerOptions(options).message(), HasSubstr("--tls_cert"));
  options.tls = {};
  options.tls.require_client_certificate = true;
  EXPECT_THAT(api::ValidateServerOptions(options).message(), HasSubstr("--tls_client_ca"));
}

// The HTTP listener serves HTTPS with the gRPC port's certificate: curl with
// the test CA lists cases, the session cookie is Secure, and plaintext HTTP
// gets no answer. A remote plaintext --http_address is refused.
TEST_F(TlsHttpsTest, HttpListenerServesHttpsWithTheSameCertificate) {
  const std::string curl = CurlPath();
  const int port = FreeLoopbackPort();
  StartTlsServer({absl::StrCat("--http_address=127.0.0.1:", port)});
  const std::string token = Token("anna-zaanstad");
  const std::string base = absl::StrCat("https://127.0.0.1:", port);
  CommandResult list = RunCommand(
      {curl, "-s", "-i", "--cacert", pki_->Pem("ca"), "-X", "POST",
       base + "/kompas.v1.CaseService/ListCases", "-H", "Content-Type: application/json", "-H",
       "Authorization: Bearer " + token, "--data-binary", R"({"parent":"communities/wijkteams"})"},
      "", {}, /*timeout_seconds=*/30);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(list.out, HasSubstr(R"("cases":[)"));

  CommandResult signin = RunCommand(
      {curl, "-s", "-i", "--cacert", pki_->Pem("ca"), "-X", "POST", base + "/auth/signin", "-H",
       "Content-Type: application/json", "-H", "Connect-Protocol-Version: 1", "-H",
       "Origin: " + base, "--data-binary", absl::StrCat(R"({"token":")", token, R"("})")},
      "", {}, /*timeout_seconds=*/30);
  EXPECT_THAT(signin.out, HasSubstr("HttpOnly; SameSite=Strict; Path=/; Secure"));

  CommandResult plaintext = RunCommand(
      {curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
       absl::StrCat("http://127.0.0.1:", port, "/")},
      "", {}, /*timeout_seconds=*/30);
  EXPECT_EQ(plaintext.out, "000");

  CommandResult remote = RunCommand({KOMPASD_BIN, "--data_dir=" + Path("db2"),
                                     "--http_address=0.0.0.0:0"},
                                    "", {}, /*timeout_seconds=*/30);
  EXPECT_EQ(remote.exit_code, 1) << remote.err;
  EXPECT_THAT(remote.err, HasSubstr("refusing to serve HTTP on 0.0.0.0:0 without TLS"));
}

// A browser signs in on the HTTPS listener with a client certificate of the
// gRPC port's client CA: no token, and the cookie session then acts as the
// certificate's member, by the same rule as the gRPC port (subject CN =
// member id, a token wins).
TEST_F(TlsHttpsTest, HttpsSignInWithAClientCertificate) {
  const std::string base = StartTlsHttpServer();
  CommandResult signin = SignIn(base, "anna");
  ASSERT_EQ(signin.exit_code, 0) << signin.err;
  ASSERT_THAT(signin.out, HasSubstr("HTTP/1.1 200")) << signin.out;
  EXPECT_THAT(signin.out, HasSubstr(R"("memberId":"anna-zaanstad")"));
  const std::string set_cookie = HeaderOf(signin.out, "set-cookie");
  EXPECT_THAT(set_cookie, HasSubstr("HttpOnly; SameSite=Strict; Path=/; Secure"));
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  ASSERT_TRUE(absl::StartsWith(cookie, "kompas_session=")) << signin.out;

  // The cookie alone (no certificate on this connection) is anna.
  CommandResult list = HttpsPost(base, "/kompas.v1.CaseService/ListCases", "",
                                 Browser(base, cookie), R"({"parent":"communities/wijkteams"})");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(list.out, HasSubstr(R"("cases":[)"));
  CommandResult caller = HttpsPost(base, "/kompas.v1.CommunityService/GetCaller", "",
                                   Browser(base, cookie), "{}");
  EXPECT_THAT(caller.out, HasSubstr(R"("memberId":"anna-zaanstad")"));

  // An empty body does as well as {}.
  CommandResult empty = HttpsPost(base, "/auth/signin", "anna",
                                  {"Connect-Protocol-Version: 1", "Origin: " + base}, "");
  EXPECT_THAT(empty.out, HasSubstr("HTTP/1.1 200")) << empty.out;
  EXPECT_THAT(empty.out, HasSubstr(R"("memberId":"anna-zaanstad")"));

  // A token wins over the certificate, as on the gRPC port.
  CommandResult token = SignIn(base, "stranger",
                               absl::StrCat(R"({"token":")", Token("anna-zaanstad"), R"("})"));
  EXPECT_THAT(token.out, HasSubstr(R"("memberId":"anna-zaanstad")"));
  // A non-member's certificate signs in as who it names, who sees no community.
  CommandResult stranger = SignIn(base, "stranger");
  EXPECT_THAT(stranger.out, HasSubstr(R"("memberId":"zed-nobody")"));
  const std::string stranger_cookie = HeaderOf(stranger.out, "set-cookie");
  CommandResult refused = HttpsPost(
      base, "/kompas.v1.CaseService/ListCases", "",
      Browser(base, stranger_cookie.substr(0, stranger_cookie.find(';'))),
      R"({"parent":"communities/wijkteams"})");
  EXPECT_THAT(refused.out, HasSubstr(R"("code":"not_found")"));

  // A CN that is no member id: refused with the gRPC port's message.
  CommandResult bad_cn = SignIn(base, "bad-cn");
  EXPECT_THAT(bad_cn.out, HasSubstr("HTTP/1.1 401"));
  EXPECT_THAT(bad_cn.out, HasSubstr(R"("code":"unauthenticated")"));
  EXPECT_THAT(bad_cn.out, HasSubstr("subject CN"));
  EXPECT_EQ(HeaderOf(bad_cn.out, "set-cookie"), "");

  // Neither a token nor a certificate: a Connect error saying both ways.
  CommandResult neither = SignIn(base, "");
  EXPECT_THAT(neither.out, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(neither.out, HasSubstr(R"("code":"invalid_argument")"));
  EXPECT_THAT(neither.out, HasSubstr("client certificate"));
  EXPECT_EQ(HeaderOf(neither.out, "set-cookie"), "");

  // The certificate is no way around the CSRF rule of sign-in.
  CommandResult foreign = HttpsPost(base, "/auth/signin", "anna",
                                    {"Content-Type: application/json",
                                     "Connect-Protocol-Version: 1", "Origin: https://evil.example"},
                                    "{}");
  EXPECT_THAT(foreign.out, HasSubstr("HTTP/1.1 403"));
  EXPECT_EQ(HeaderOf(foreign.out, "set-cookie"), "");
  // Nor does it sign in a call by itself: only /auth/signin reads it.
  CommandResult direct = HttpsPost(base, "/kompas.v1.CaseService/ListCases", "anna",
                                   {"Content-Type: application/json"},
                                   R"({"parent":"communities/wijkteams"})");
  EXPECT_THAT(direct.out, HasSubstr("HTTP/1.1 401"));
}

TEST_F(TlsHttpsTest, HttpsCertificateFromAnotherCaIsRefusedInTheHandshake) {
  const std::string base = StartTlsHttpServer();
  CommandResult rogue = SignIn(base, "rogue");
  EXPECT_NE(rogue.exit_code, 0) << rogue.out;
  EXPECT_THAT(rogue.out, Not(HasSubstr("HTTP/1.1")));
  EXPECT_THAT(rogue.out, Not(HasSubstr("kompas_session")));
  // The listener is unharmed.
  CommandResult ok = SignIn(base, "anna");
  EXPECT_THAT(ok.out, HasSubstr("HTTP/1.1 200")) << ok.err;
}

TEST_F(TlsHttpsTest, HttpsRequiredClientCertificateKeepsOthersOff) {
  const std::string base = StartTlsHttpServer({"--tls_require_client_cert"});
  CommandResult none = SignIn(base, "",
                              absl::StrCat(R"({"token":")", Token("anna-zaanstad"), R"("})"));
  EXPECT_NE(none.exit_code, 0) << none.out;
  EXPECT_THAT(none.out, Not(HasSubstr("HTTP/1.1")));
  CommandResult anna = SignIn(base, "anna");
  EXPECT_THAT(anna.out, HasSubstr(R"("memberId":"anna-zaanstad")")) << anna.err;
}

// The metadata by which the HTTP listener names a certificate's member is
// honoured only on its in-process calls: sent by a network client, over
// gRPC or as an HTTP header, it signs no one in.
TEST_F(TlsTest, ForgedCertificateMetadataFromTheNetworkIsIgnored) {
  const std::string base = StartTlsHttpServer();
  auto communities = v1::CommunityService::NewStub(TlsChannel());
  v1::GetCommunityRequest request;
  request.set_name(kCommunity);
  v1::Community community;
  {
    grpc::ClientContext ctx;
    WithDeadline(ctx);
    ctx.AddMetadata("kompas-forwarded-certificate", "anna-zaanstad");
    grpc::Status s = communities->GetCommunity(&ctx, request, &community);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  }
  {
    // A made-up in-process marker does not help.
    grpc::ClientContext ctx;
    WithDeadline(ctx);
    ctx.AddMetadata("kompas-forwarded-certificate", "anna-zaanstad");
    ctx.AddMetadata("kompas-in-process", std::string(64, '0'));
    grpc::Status s = communities->GetCommunity(&ctx, request, &community);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  }
  {
    // With a real certificate, that certificate counts, not the forged name.
    auto as_stranger = v1::CommunityService::NewStub(TlsChannel("stranger"));
    grpc::ClientContext ctx;
    WithDeadline(ctx);
    ctx.AddMetadata("kompas-forwarded-certificate", "anna-zaanstad");
    grpc::Status s = as_stranger->GetCommunity(&ctx, request, &community);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  }
  if (CurlPath().empty()) GTEST_SKIP() << "curl is not installed";
  const std::string forged = "kompas-forwarded-certificate: anna-zaanstad";
  CommandResult call = HttpsPost(base, "/kompas.v1.CaseService/ListCases", "",
                                 {"Content-Type: application/json", forged,
                                  "kompas-in-process: " + std::string(64, '0')},
                                 R"({"parent":"communities/wijkteams"})");
  EXPECT_THAT(call.out, HasSubstr("HTTP/1.1 401"));
  EXPECT_THAT(call.out, HasSubstr(R"("code":"unauthenticated")"));
  std::vector<std::string> headers = Browser(base);
  headers.push_back(forged);
  CommandResult signin = HttpsPost(base, "/auth/signin", "", headers, "{}");
  EXPECT_THAT(signin.out, HasSubstr("HTTP/1.1 400"));
  EXPECT_EQ(HeaderOf(signin.out, "set-cookie"), "");
}

}  // namespace
}  // namespace kompas::e2e
