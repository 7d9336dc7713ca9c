// Damage under a real kompasd: a flipped byte in the write-ahead log of a
// killed store stops the start with a message naming the file, the offset
// and what to do, and kompas-admin repair --accept-loss keeps every write
// before the damage; a flipped byte in a table file is refused, never
// served; a torn log tail still starts.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iostream>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "kompas/v1/case.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// The newest (or largest, for table files) file ending in `ext` in `dir`.
std::string NewestFile(const std::string& dir, const std::string& ext, bool largest = false) {
  std::string best;
  uintmax_t best_size = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ext) continue;
    const uintmax_t size = e.file_size();
    if (largest ? size > best_size : e.path().string() > best) {
      best = e.path().string();
      best_size = size;
    }
  }
  return best;
}

void FlipByte(const std::string& file, uintmax_t offset) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5a);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

// One acknowledged case: its name, and the newest log file and its size
// right after kompasd acknowledged it (the log is synced before that).
struct Written {
  std::string name;
  std::string log;
  uintmax_t log_size = 0;
};

class StorageTest : public KompasdTest {
 protected:
  // A few acknowledged cases, so the log holds more than the demo data.
  std::vector<Written> WriteCases(int n) {
    std::vector<Written> written;
    for (int i = 0; i < n; ++i) {
      CommandResult r = NewCase(kAnna, absl::StrCat("Vraag over gegevensdeling ", i));
      EXPECT_EQ(r.exit_code, 0) << r.err;
      if (r.exit_code != 0) return written;
      Written w{.name = ParseJson<v1::Case>(r.out).name(), .log = NewestFile(data_dir(), ".log")};
      w.log_size = std::filesystem::file_size(w.log);
      written.push_back(w);
    }
    return written;
  }
  // kompasd on this test's store, expected to refuse to start.
  CommandResult StartRefused() {
    return RunCommand({KOMPASD_BIN, "--address=127.0.0.1:0", "--data_dir=" + data_dir()}, "", {},
                      120);
  }
};

TEST_F(StorageTest, FlippedLogByteRefusesStartAndRepairKeepsWhatCameBefore) {
  StartServer();
  const std::vector<Written> cases = WriteCases(10);
  ASSERT_EQ(cases.size(), 10u);
  KillServer();
  const std::string log = NewestFile(data_dir(), ".log");
  ASSERT_FALSE(log.empty());
  // One byte in the middle of the sixth case's write: the five before it
  // were acknowledged with the log whole up to there.
  ASSERT_EQ(cases[4].log, log);
  ASSERT_EQ(cases[5].log, log);
  const uintmax_t flipped = (cases[4].log_size + cases[5].log_size) / 2;
  FlipByte(log, flipped);

  CommandResult refused = StartRefused();
  EXPECT_EQ(refused.exit_code, 1);
  const std::string said = refused.out + refused.err;
  EXPECT_THAT(said, HasSubstr("is damaged"));
  EXPECT_THAT(said, HasSubstr(log));
  EXPECT_THAT(said, HasSubstr("damaged at byte"));
  EXPECT_THAT(said, HasSubstr("kompas-admin repair"));
  EXPECT_THAT(said, HasSubstr("restore"));

  // Without --accept-loss, repair explains and changes nothing.
  CommandResult r = Admin({"repair"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("--accept-loss"));
  EXPECT_EQ(StartRefused().exit_code, 1);

  r = Admin({"repair", "--accept-loss"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // What it dropped: the file, the offset of the damage (at or before the
  // flipped byte, after the fifth case), and how many writes.
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("write-ahead log damaged: ", log, " at byte ")));
  const size_t at = r.out.find(" at byte ");
  ASSERT_NE(at, std::string::npos);
  const uintmax_t damage = std::stoull(r.out.substr(at + 9));
  EXPECT_GE(damage, cases[4].log_size) << r.out;
  EXPECT_LE(damage, flipped) << r.out;
  // The sixth case's write is the damaged one; the four after it are intact
  // writes dropped with it (each case also wrote its audit event).
  const size_t dropped = r.out.find("; dropped ");
  ASSERT_NE(dropped, std::string::npos) << r.out;
  EXPECT_GE(std::stoll(r.out.substr(dropped + 10)), 4) << r.out;
  EXPECT_THAT(r.out, HasSubstr("audit chain: "));

  // kompasd starts on the repaired store; every case acknowledged before
  // the damage is there, as written, and those after it are not.
  StartServerAgain();
  for (int i = 0; i < 5; ++i) {
    r = Cli(kAnna, {"case", "show", cases[i].name});
    EXPECT_EQ(r.exit_code, 0) << cases[i].name << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("Vraag over gegevensdeling ", i)));
  }
  for (int i = 5; i < 10; ++i) {
    r = Cli(kAnna, {"case", "show", cases[i].name});
    EXPECT_NE(r.exit_code, 0) << cases[i].name << " outlived the damage before it";
    EXPECT_THAT(r.err, HasSubstr("NOT_FOUND")) << cases[i].name;
  }
  r = Cli(kAnna, {"--json", "case", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = ParseJson<v1::ListCasesResponse>(r.out);
  int listed = 0;
  for (const v1::Case& c : list.cases()) {
    for (const Written& w : cases) listed += c.name() == w.name ? 1 : 0;
  }
  EXPECT_EQ(listed, 5);
  // New writes after the repair are kept.
  ASSERT_EQ(WriteCases(1).size(), 1u);
  StopServer();

  r = Admin({"check-index"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("consistent"));
  // The chain was cut where the log was: what is left verifies, with the
  // events written since the repair.
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit trail intact: "));
}

// A flipped byte in a table file of a stopped store: kompasd refuses to
// start and names the file, with or without --verify_on_start; it never
// serves a case from the damaged block.
TEST_F(StorageTest, FlippedTableFileByteIsNeverServed) {
  StartServer();
  ASSERT_EQ(WriteCases(3).size(), 3u);
  // A word found nowhere else, so the compressed table file holds it as
  // written.
  const std::string title = "Zwaluwstaartverbinding kwikstaartnest";
  CommandResult created = NewCase(kAnna, title);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string marked = ParseJson<v1::Case>(created.out).name();
  StopServer();  // flushes every table to table files
  // Damage the stored title in every table file that holds it.
  std::vector<std::string> damaged;
  for (const auto& e : std::filesystem::directory_iterator(data_dir())) {
    if (e.path().extension() != ".sst") continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = bytes.find("Zwaluw");
    if (at == std::string::npos) continue;
    FlipByte(e.path().string(), at + 2);
    damaged.push_back(e.path().string());
  }
  if (damaged.empty()) {
    for (const auto& e : std::filesystem::directory_iterator(data_dir())) {
      std::cerr << e.path() << " " << e.file_size() << "\n";
    }
  }
  ASSERT_FALSE(damaged.empty()) << "no table file holds the title as written";

  CommandResult refused = StartRefused();
  EXPECT_EQ(refused.exit_code, 1);
  std::string said = refused.out + refused.err;
  EXPECT_THAT(said, HasSubstr("is damaged"));
  EXPECT_THAT(said, HasSubstr("checksum mismatch"));
  EXPECT_THAT(said, HasSubstr("restore"));
  bool named = false;
  for (const std::string& file : damaged) named = named || said.find(file) != std::string::npos;
  EXPECT_TRUE(named) << said;

  // Without the check at start: kompasd's own start-up reads find it, or,
  // if it starts, reading the case is refused; never the damaged title.
  Kompasd unchecked(KOMPASD_BIN, data_dir(), path(), {"--verify_on_start=false", "--drain_ms=100"});
  if (!unchecked.Start()) {
    said = unchecked.Log();
    EXPECT_THAT(said, HasSubstr("checksum mismatch"));
  } else {
    Env env = MemberEnv(kAnna);
    CommandResult r = RunCommand(
        {KOMPAS_CLI_BIN, "--server", unchecked.address(), "case", "show", marked}, "", env);
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("Zwaluw")));
    EXPECT_THAT(r.err, HasSubstr("DATA_LOSS"));
    unchecked.Terminate();
    said = unchecked.Log();
  }
  named = false;
  for (const std::string& file : damaged) named = named || said.find(file) != std::string::npos;
  EXPECT_TRUE(named) << said;

  // The repair sets the damaged file aside (whole: RocksDB's RepairDB keeps
  // nothing of a table file it cannot read), says which, and kompasd starts.
  CommandResult r = Admin({"repair", "--accept-loss"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("table files rebuilt (damaged files set aside in "));
  EXPECT_THAT(r.out, HasSubstr("checksum mismatch"));
  named = false;
  for (const std::string& file : damaged) named = named || r.out.find(file) != std::string::npos;
  EXPECT_TRUE(named) << r.out;
  StartServerAgain();
  r = Cli(kAnna, {"community", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Cli(kAnna, {"case", "show", marked});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.out, Not(HasSubstr("Zwaluw")));
  StopServer();
}

TEST_F(StorageTest, TornLogTailStillStarts) {
  StartServer();
  WriteCases(3);
  KillServer();
  const std::string log = NewestFile(data_dir(), ".log");
  ASSERT_FALSE(log.empty());
  std::filesystem::resize_file(log, std::filesystem::file_size(log) - 3);
  StartServerAgain();
  CommandResult r = Cli(kAnna, {"community", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace kompas::e2e
