#include "tests/e2e/kompasd_fixture.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace kompas::e2e {
namespace {

// The flags of a kompasd under test, after --address, --data_dir and --port_file.
std::vector<std::string> FlagsOf(const KompasdConfig& config, const std::string& tokens_file) {
  std::vector<std::string> flags;
  if (config.demo_seed) {
    flags.push_back(absl::StrCat("--municipalities=", KOMPAS_SOURCE_DIR, "/data/municipalities.tsv"));
    flags.push_back(absl::StrCat("--seed=", KOMPAS_SOURCE_DIR, "/data/demo_community.json"));
  }
  if (config.demo_tokens) flags.push_back("--demo_tokens_file=" + tokens_file);
  flags.push_back(absl::StrCat("--drain_ms=", config.drain_ms));
  flags.insert(flags.end(), config.flags.begin(), config.flags.end());
  return flags;
}

std::vector<std::string> Concat(std::vector<std::string> head,
                                const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

// The one item of a `--limit 1` list the CLI printed as proto JSON
// (`items(response)` is its repeated field); a test failure and an empty
// item when the command failed or listed none.
template <typename Response, typename Items>
auto OnlyItem(const CommandResult& r, Items items) {
  using Item = std::decay_t<decltype(items(Response())[0])>;
  if (r.exit_code != 0) {
    ADD_FAILURE() << "exit code " << r.exit_code << ": " << r.err;
    return Item();
  }
  const auto list = ParseJson<Response>(r.out, /*ignore_unknown_fields=*/true);
  if (items(list).size() != 1) {
    ADD_FAILURE() << "expected one item:\n" << r.out;
    return Item();
  }
  return items(list)[0];
}

}  // namespace

KompasdTest::KompasdTest() = default;
KompasdTest::~KompasdTest() = default;  // ~Kompasd SIGKILLs a server still running

void KompasdTest::TearDown() {
  if (server_ && server_->running()) {
    EXPECT_EQ(server_->Terminate(), 0) << server_->Log();
  }
}

void KompasdTest::StartServer(const KompasdConfig& config) {
  ASSERT_FALSE(server_ && server_->running()) << "StartServer while kompasd runs: stop it first";
  config_ = config;
  server_ = std::make_unique<Kompasd>(config_.binary.empty() ? KOMPASD_BIN : config_.binary,
                                      data_dir(), path(),
                                      FlagsOf(config_, Path("demo-tokens")));
  ASSERT_TRUE(server_->Start()) << "kompasd did not start:\n" << server_->Log();
}

void KompasdTest::StartServerAgain() { StartServer(KompasdConfig(config_)); }

void KompasdTest::StopServer() {
  ASSERT_TRUE(server_ != nullptr) << "no kompasd was started";
  ASSERT_EQ(server_->Terminate(), 0) << server_->Log();
}

void KompasdTest::KillServer() {
  if (server_) server_->Kill();
}

Kompasd& KompasdTest::server() {
  if (!server_) {
    // A test bug: fail loudly rather than dereference null.
    std::fprintf(stderr, "kompasd_fixture: server() before StartServer()\n");
    std::abort();
  }
  return *server_;
}

std::string KompasdTest::address() { return server().address(); }

std::shared_ptr<grpc::Channel> KompasdTest::Channel() {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::string KompasdTest::Token(const std::string& member) {
  std::string token = DemoTokenIn(Path("demo-tokens"), member);
  if (token.empty()) ADD_FAILURE() << "no demo token for " << member;
  return token;
}

void KompasdTest::Authorize(grpc::ClientContext& ctx, const std::string& member) {
  ctx.AddMetadata("authorization", "Bearer " + Token(member));
}

Env KompasdTest::MemberEnv(const std::string& member) {
  Env env = {{"HOME", path()}};
  if (member != kNoMember) {
    env["KOMPAS_TOKEN"] = Token(member);
    env["KOMPAS_COMMUNITY"] = kDemoCommunity;
  }
  return env;
}

std::vector<std::string> KompasdTest::CliArgv(const std::vector<std::string>& args) {
  return Concat({KOMPAS_CLI_BIN, "--server", address()}, args);
}

CommandResult KompasdTest::Cli(const std::string& member, const std::vector<std::string>& args,
                               const std::string& input, const Env& env, int timeout_seconds) {
  Env all = MemberEnv(member);
  for (const auto& [name, value] : env) all[name] = value;
  return RunCommand(CliArgv(args), input, all, timeout_seconds);
}

CommandResult KompasdTest::NewCase(const std::string& member, const std::string& title) {
  static std::atomic<int> files{0};
  const std::string file = WriteFile(absl::StrCat("new-case-", files++, ".json"),
                                     absl::StrCat(R"({"title": ")", title, R"(",
      "situation": "Een school vraagt het wijkteam of een leerling hulp krijgt.",
      "question": "Mag het wijkteam dat bevestigen?",
      "framing": {"task": "Jeugdwet", "purpose": "Afstemmen"}})"));
  return Cli(member, {"--json", "case", "new", "--file", file});
}

v1::Case KompasdTest::OpenCase(const std::string& member) {
  return OnlyItem<v1::ListCasesResponse>(
      Cli(member, {"--json", "case", "list", "--status", "open", "--limit", "1"}),
      [](const v1::ListCasesResponse& list) -> const auto& { return list.cases(); });
}

v1::Standard KompasdTest::AdoptedStandard(const std::string& member) {
  return OnlyItem<v1::ListStandardsResponse>(
      Cli(member, {"--json", "standard", "list", "--status", "adopted", "--limit", "1"}),
      [](const v1::ListStandardsResponse& list) -> const auto& { return list.standards(); });
}

CommandResult KompasdTest::Export(const std::string& member,
                                  const std::vector<std::string>& args) {
  return RunCommand(Concat({KOMPAS_EXPORT_BIN, "--server", address()}, args), "",
                    MemberEnv(member));
}

CommandResult KompasdTest::Admin(const std::vector<std::string>& args) {
  return RunCommand(Concat({KOMPAS_ADMIN_BIN, "--data_dir", data_dir()}, args), "", {}, 60);
}

CommandResult KompasdTest::OnlineAdmin(const std::vector<std::string>& args,
                                       const std::string& member, int timeout_seconds) {
  return RunCommand(Concat({KOMPAS_ADMIN_BIN}, args), "",
                    {{"KOMPAS_SERVER", address()}, {"KOMPAS_TOKEN", Token(member)},
                     {"HOME", path()}},
                    timeout_seconds);
}

std::string KompasdTest::WriteFile(const std::string& name, const std::string& content) {
  const std::string file = Path(name);
  std::ofstream(file) << content;
  return file;
}

}  // namespace kompas::e2e
