// A real full disk under a real kompasd: the store on a 40 MiB tmpfs of its
// own, filled up while kompasd serves. A change is refused with
// RESOURCE_EXHAUSTED (reason STORAGE_FULL) and a message that says what to
// do, reads that need no audit event go on, health service kompas.v1.writes
// is NOT_SERVING, and once space is freed the store resumes writing by
// itself (RocksDB's recovery from a full disk, which waits for 16 MiB free
// and looks every 5 s).
//
// The tmpfs is mounted in a private mount namespace of an unprivileged user
// namespace (`unshare -rm`), so no root is needed and the mount dies with
// kompasd: nothing is left mounted. Where the kernel or a container does
// not allow that, the test is skipped and says why.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "kompas/v1/case.pb.h"
#include "testing/health.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

using ::kompas::testing::HealthStatus;

// Waits (at most `seconds`) until `path` exists.
bool AppearsWithin(const std::string& path, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

class FullDiskTest : public KompasdTest {
 protected:
  // "" when a tmpfs can be mounted here without privileges; else why not.
  std::string WhyNoTmpfs() {
    const std::string probe = Path("probe");
    std::filesystem::create_directories(probe);
    CommandResult r = RunCommand(
        {"/bin/sh", "-c", "exec unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs \"$0\"' \"$0\"",
         probe},
        "", {}, 20);
    if (r.exit_code == 0) return "";
    return absl::StrCat("cannot mount a tmpfs in an unprivileged mount namespace here (`unshare -rm "
                        "mount -t tmpfs` exited ",
                        r.exit_code, ": ", r.err, "), so the full-disk test does not run");
  }

  // A script that runs kompasd with its arguments on a 40 MiB tmpfs mounted
  // on the data directory, 36 MB of it taken by a filler file. Its helper
  // loop (it ends with kompasd) fills the tmpfs up when the file `fill`
  // appears in the test's directory, answering with `filled`, and deletes
  // the filler on `free`, answering with `freed`. Starting with under
  // 17.6 MB free also keeps RocksDB from reserving its log's space in
  // advance (it tries 1.1 × the 16 MiB write buffer), so a full disk meets
  // the log's next write.
  std::string WriteScript() {
    const std::string ctl = path();
    const std::string script = WriteFile("kompasd-on-tmpfs.sh", absl::StrCat(
        "#!/bin/sh\n"
        "exec unshare -rm sh -c '\n"
        "  mount -t tmpfs -o size=40m tmpfs \"$0\" || exit 97\n"
        "  head -c 36000000 /dev/zero > \"$0/filler\"\n"
        "  ( while kill -0 $$ 2>/dev/null; do\n"
        "      if [ -e \"", ctl, "/fill\" ]; then\n"
        "        rm -f \"", ctl, "/fill\"; cat /dev/zero >> \"$0/filler\" 2>/dev/null\n"
        "        touch \"", ctl, "/filled\"\n"
        "      fi\n"
        "      if [ -e \"", ctl, "/free\" ]; then\n"
        "        rm -f \"", ctl, "/free\" \"$0/filler\"; touch \"", ctl, "/freed\"\n"
        "      fi\n"
        "      sleep 0.05\n"
        "    done ) &\n"
        "  exec \"", KOMPASD_BIN, "\" \"$@\"' '", data_dir(), "' \"$@\"\n"));
    chmod(script.c_str(), 0755);
    std::filesystem::create_directories(data_dir());
    return script;
  }

  HealthStatus Health(const std::string& service) {
    return ::kompas::testing::CheckHealth(Channel(), service);
  }
};

TEST_F(FullDiskTest, RefusesChangesWhileFullAndResumesOnceSpaceIsFreed) {
  if (const std::string why = WhyNoTmpfs(); !why.empty()) GTEST_SKIP() << why;
  StartServer({.binary = WriteScript()});
  CommandResult r = NewCase(kAnna, absl::StrCat("Vraag over gegevensdeling ", 0));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string before = ParseJson<v1::Case>(r.out).name();
  EXPECT_EQ(Health("kompas.v1.writes"), grpc::health::v1::HealthCheckResponse::SERVING);

  std::filesystem::remove(Path("filled"));
  WriteFile("fill", "");
  ASSERT_TRUE(AppearsWithin(Path("filled"), 20)) << "the tmpfs was not filled";
  // The last bytes of a page of the log may still take a write or two.
  CommandResult refused;
  for (int i = 1; i <= 20; ++i) {
    refused = NewCase(kAnna, absl::StrCat("Vraag over gegevensdeling ", i));
    if (refused.exit_code != 0) break;
  }
  ASSERT_NE(refused.exit_code, 0) << "20 cases written to a full disk";
  EXPECT_THAT(refused.err, HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_THAT(refused.err, HasSubstr("STORAGE_FULL"));
  EXPECT_THAT(refused.err, HasSubstr("the disk of the Kompas store is full"));
  EXPECT_THAT(refused.err, HasSubstr("changes are refused until space is freed"));
  EXPECT_THAT(refused.err, HasSubstr("No space left on device"));

  // Reads that need no audit event go on; health says writes are refused.
  r = Cli(kAnna, {"community", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("communities/wijkteams"));
  EXPECT_EQ(Health("kompas.v1.writes"), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(""), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_THAT(server().Log(), HasSubstr("event=store_writes_refused"));

  WriteFile("free", "");
  ASSERT_TRUE(AppearsWithin(Path("freed"), 20)) << "the filler was not deleted";
  // RocksDB looks at the free space every 5 s.
  HealthStatus writes = grpc::health::v1::HealthCheckResponse::NOT_SERVING;
  for (int i = 0; i < 300 && writes != grpc::health::v1::HealthCheckResponse::SERVING; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    writes = Health("kompas.v1.writes");
  }
  ASSERT_EQ(writes, grpc::health::v1::HealthCheckResponse::SERVING) << server().Log();
  r = NewCase(kAnna, absl::StrCat("Vraag over gegevensdeling ", 100));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string after = ParseJson<v1::Case>(r.out).name();
  for (const std::string& name : {before, after}) {
    r = Cli(kAnna, {"case", "show", name});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
  }
  StopServer();  // exits 0; the tmpfs goes with it
}

}  // namespace
}  // namespace kompas::e2e
