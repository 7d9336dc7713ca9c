// The one fixture of the end-to-end tests: kompasd as a real server process
// on a free loopback port with a fresh temp-dir store and the demo community,
// the demo members' tokens, and the kompas CLI (and kompas-export,
// kompas-admin) as subprocesses whose stdout, stderr and exit code a test
// checks. Every wait is bounded, so a hung child fails the test instead of
// hanging CI.
//
// Usage:
//
//   class CaseCliTest : public KompasdTest {};
//
//   TEST_F(CaseCliTest, ListsTheDemoCases) {
//     StartServer();  // demo community, demo tokens, --drain_ms=100
//     CommandResult r = Cli("anna-zaanstad", {"--json", "case", "list"});
//     ASSERT_EQ(r.exit_code, 0) << r.err;
//     EXPECT_GE(ParseJson<v1::ListCasesResponse>(r.out).cases_size(), 6);
//     StopServer();           // SIGTERM; fails unless kompasd exits 0
//     StartServerAgain();     // same store and flags, a new port
//   }  // TearDown stops a kompasd still running and expects exit code 0
//
// Other flags: StartServer({.flags = {"--rate_limit_per_second=1000"}});
// without the demo data or tokens: StartServer({.demo_seed = false,
// .demo_tokens = false}). A crash: KillServer(). The CLI without a token:
// Cli(kNoMember, args, /*input=*/"", {{"KOMPAS_COMMUNITY", "wijkteams"}}).
// The members of the demo community (data/demo_community.json):
// anna-zaanstad and eva-amsterdam (professionals), bram-enschede
// (facilitator), chris-utrecht (privacy officer), dewi-westland (steward),
// export-bot (exporter), beheerder (administrator).
//
// A new test file is registered in tests/e2e/CMakeLists.txt with
// kompas_e2e_test(NAME SOURCES file.cc [DEPS libraries...]), which links
// this fixture and builds the four binaries first.
//
// The binaries' paths (KOMPASD_BIN, KOMPAS_CLI_BIN, KOMPAS_ADMIN_BIN,
// KOMPAS_EXPORT_BIN) and KOMPAS_SOURCE_DIR are compiled in by CMake
// (tests/e2e/CMakeLists.txt, kompas_e2e_test), for the odd test that runs a
// binary in a way the fixture does not offer.
#ifndef KOMPAS_TESTS_E2E_KOMPASD_FIXTURE_H_
#define KOMPAS_TESTS_E2E_KOMPASD_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/standard.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/e2e/process.h"
#include "tests/fixture_names.h"

namespace kompas::e2e {

// Environment variables of a subprocess, name to value.
using Env = std::map<std::string, std::string>;

// The matchers and the demo community's names, shared with the integration
// tests (tests/fixture_names.h).
using namespace ::kompas::testing;  // NOLINT(build/namespaces)

// For Cli's `member`: run without a token or community in the environment.
inline constexpr char kNoMember[] = "";

// What a test's kompasd starts with, besides --address=127.0.0.1:0,
// --data_dir and --port_file (which the fixture always passes).
struct KompasdConfig {
  // --municipalities and --seed with the demo community from data/.
  bool demo_seed = true;
  // --demo_tokens_file in the test's directory: Token(member) and Cli(member, ...)
  // need it. kompasd issues these tokens only with the demo seed.
  bool demo_tokens = true;
  // --drain_ms: how long a stopping kompasd lets calls finish; short, so
  // StopServer is quick.
  int drain_ms = 100;
  // More flags, after the ones above; for a flag given twice the last one
  // counts (e.g. "--address=127.0.0.1:PORT" pins the port).
  std::vector<std::string> flags;
  // The program run instead of this build's kompasd, with kompasd's
  // arguments: a script that runs KOMPASD_BIN in a special place (e.g. on a
  // file system of its own). Empty: KOMPASD_BIN.
  std::string binary;
};

// A proto message from its JSON form (the CLI's --json output); unknown
// fields are refused unless `ignore_unknown_fields`. A parse error is a test
// failure (and an empty message).
template <typename Message>
Message ParseJson(const std::string& json, bool ignore_unknown_fields = false) {
  Message m;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = ignore_unknown_fields;
  auto status = google::protobuf::util::JsonStringToMessage(json, &m, options);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return m;
}

// Base fixture of every end-to-end test. Each test gets its own temp
// directory (path()), in which the store (data_dir()), kompasd's port file and
// log, the demo tokens and HOME of the CLI live.
class KompasdTest : public ::testing::Test {
 protected:
  KompasdTest();
  ~KompasdTest() override;

  // A kompasd still running is stopped with SIGTERM; it must exit 0.
  void TearDown() override;

  // --- The server ----------------------------------------------------------

  // Starts kompasd with `config` on this test's store and waits (at most
  // 60 s) until it serves; a fatal failure (with its log) when it does not.
  // The previous kompasd, if any, must have been stopped or killed (a fatal
  // failure otherwise).
  void StartServer(const KompasdConfig& config = {});
  // Starts kompasd again with the config of the last StartServer, on the same
  // store (a new port unless the config pins one).
  void StartServerAgain();
  // SIGTERM; a fatal failure (with the log) unless it exits 0 within 60 s.
  void StopServer();
  // SIGKILL: a crash.
  void KillServer();

  // The running (or last) kompasd: address(), Terminate(), Log(), ...
  Kompasd& server();
  // host:port of the running kompasd.
  std::string address();
  // A plaintext channel to the running kompasd.
  std::shared_ptr<grpc::Channel> Channel();

  // --- Members -------------------------------------------------------------

  // The demo token kompasd issued for `member` (from its --demo_tokens_file);
  // a test failure and "" when there is none.
  std::string Token(const std::string& member);
  // Adds "authorization: Bearer <member's demo token>" to `ctx`.
  void Authorize(grpc::ClientContext& ctx, const std::string& member);
  // The environment of a CLI run as `member`: KOMPAS_TOKEN (their demo
  // token), KOMPAS_COMMUNITY=wijkteams and HOME=path(). For kNoMember only
  // HOME.
  Env MemberEnv(const std::string& member);

  // --- Subprocesses ----------------------------------------------------------

  // `kompas --server ADDRESS ARGS...` as `member` (see MemberEnv; `env`
  // adds to or overrides it), `input` on stdin; stdout and stderr are pipes,
  // so never coloured. Killed after `timeout_seconds`.
  CommandResult Cli(const std::string& member, const std::vector<std::string>& args,
                    const std::string& input = "", const Env& env = {},
                    int timeout_seconds = 60);
  // `kompas --json case new` as `member`: a case titled `title` with a
  // situation, question and framing free of personal data; the CLI's result
  // (stdout: the case's JSON).
  CommandResult NewCase(const std::string& member, const std::string& title);
  // The first OPEN demo case `member` sees (`kompas --json case list
  // --status open --limit 1`); a test failure and an empty case when the
  // command fails or lists none.
  v1::Case OpenCase(const std::string& member);
  // The first adopted demo standard, the same way (`kompas --json standard
  // list --status adopted --limit 1`), as the demo steward unless told.
  v1::Standard AdoptedStandard(const std::string& member = "dewi-westland");
  // The argv of that CLI run, e.g. for a BackgroundCommand.
  std::vector<std::string> CliArgv(const std::vector<std::string>& args);
  // `kompas-export --server ADDRESS ARGS...` as `member`.
  CommandResult Export(const std::string& member, const std::vector<std::string>& args);
  // `kompas-admin --data_dir DATA_DIR ARGS...` on this test's store (no
  // server needed; the tool refuses writes while kompasd runs).
  CommandResult Admin(const std::vector<std::string>& args);
  // `kompas-admin ARGS...` against the running kompasd (KOMPAS_SERVER,
  // KOMPAS_TOKEN of `member`, HOME=path(); no --data_dir), as the demo
  // administrator unless told otherwise.
  CommandResult OnlineAdmin(const std::vector<std::string>& args,
                            const std::string& member = "beheerder", int timeout_seconds = 120);

  // --- Files -----------------------------------------------------------------

  // This test's directory, removed with everything in it after the test.
  const std::string& path() const { return dir_.path(); }
  // `name` inside it.
  std::string Path(const std::string& name) const { return dir_.Sub(name); }
  // kompasd's store.
  std::string data_dir() const { return dir_.Sub("db"); }
  // Writes `content` to `name` inside the test's directory; its path.
  std::string WriteFile(const std::string& name, const std::string& content);

 private:
  kompas::testing::TempDir dir_;
  KompasdConfig config_;
  std::unique_ptr<Kompasd> server_;
};

}  // namespace kompas::e2e

#endif  // KOMPAS_TESTS_E2E_KOMPASD_FIXTURE_H_
