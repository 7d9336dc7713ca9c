// End to end: signed audit checkpoints. kompas-admin fetches one from a
// serving kompasd (an administrator, or a community's privacy officer), and
// with kompasd stopped `audit verify --checkpoint` proves the store still
// holds that prefix, reports the newest events cut off, and refuses a
// checkpoint signed by another key.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "audit/checkpoint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/store.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

class AuditCheckpointTest : public KompasdTest {
 protected:
  void Reads(int n) {
    for (int i = 0; i < n; ++i) {
      CommandResult r = Cli("anna-zaanstad", {"case", "list"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
};

TEST_F(AuditCheckpointTest, ACheckpointFromTheServerProvesThePrefixAndCatchesTruncation) {
  StartServer();
  ASSERT_NO_FATAL_FAILURE(Reads(3));
  const std::string checkpoint = Path("checkpoint.txt");
  CommandResult r = OnlineAdmin({"audit", "checkpoint", "--out", checkpoint});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("checkpoint of "));
  const std::string note = ReadFile(checkpoint);
  const std::vector<std::string> lines = absl::StrSplit(note, '\n');
  ASSERT_GE(lines.size(), 5u) << note;
  EXPECT_EQ(lines[0], "kompas/audit");
  uint64_t size = 0;
  ASSERT_TRUE(absl::SimpleAtoi(lines[1], &size)) << note;
  ASSERT_GE(size, 3u);
  EXPECT_THAT(ReadFile(checkpoint + ".pub"), ::testing::StartsWith("kompas/audit+"));

  // A privacy officer of the community may take one too; a professional not.
  r = OnlineAdmin({"audit", "checkpoint", "--out", Path("officer.txt"), "--community",
                   "wijkteams"},
                  "chris-utrecht");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = OnlineAdmin({"audit", "checkpoint", "--out", Path("anna.txt"), "--community", "wijkteams"},
                  "anna-zaanstad");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("PRIVACY_OFFICER"));

  ASSERT_NO_FATAL_FAILURE(Reads(2));
  // Recovery verbs need kompasd stopped.
  r = Admin({"audit", "verify", "--checkpoint", checkpoint});
  EXPECT_NE(r.exit_code, 0);
  StopServer();

  r = Admin({"audit", "verify", "--checkpoint", checkpoint});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("holds the checkpoint: events 1..", size)));

  // A checkpoint signed by another key (same origin, same numbers) is refused.
  {
    auto other = audit::CheckpointSigner::LoadOrCreate(Path("other.key"), "kompas/audit");
    ASSERT_TRUE(other.ok()) << other.status();
    auto honest = audit::OpenCheckpoint(note, ReadFile(checkpoint + ".pub"));
    ASSERT_TRUE(honest.ok()) << honest.status();
    auto forged = (*other)->Sign(*honest);
    ASSERT_TRUE(forged.ok());
    WriteFile("forged.txt", *forged);
  }
  r = Admin({"audit", "verify", "--checkpoint", Path("forged.txt"), "--public_key",
             checkpoint + ".pub"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("REFUSED"));
  EXPECT_THAT(r.out, HasSubstr("not signed by the key"));

  // Cut the chain's newest events, down into the checkpoint's prefix.
  {
    auto store = store::Store::Open({.data_dir = data_dir()});
    ASSERT_TRUE(store.ok()) << store.status();
    store::WriteBatch batch;
    ASSERT_TRUE((*store)
                    ->Scan(store::Table::kAudit, "", {},
                           [&](absl::string_view key, absl::string_view) {
                             if (store::keys::ParseSequence(key) >= size - 1) {
                               batch.Delete(store::Table::kAudit, key);
                             }
                             return true;
                           })
                    .ok());
    ASSERT_TRUE((*store)->Write(batch).ok());
    ASSERT_TRUE((*store)->Close().ok());
  }
  // The chain alone looks intact; against the checkpoint it is truncated.
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Admin({"audit", "verify", "--checkpoint", checkpoint});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("DAMAGED at event ", size - 1)));
  EXPECT_THAT(r.out, HasSubstr("truncated"));
}

TEST_F(AuditCheckpointTest, RetentionExpiresOldEventsAndAnEarlierCheckpointStillVerifies) {
  StartServer({.flags = {"--retention_sweep_seconds=1"}});
  ASSERT_NO_FATAL_FAILURE(Reads(3));
  const std::string checkpoint = Path("before.txt");
  CommandResult r = OnlineAdmin({"audit", "checkpoint", "--out", checkpoint});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = OnlineAdmin({"community", "settings", "wijkteams", "--audit-retention", "1s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit events kept 1 seconds"));
  EXPECT_THAT(r.out, HasSubstr("archived cases kept forever"));
  // The sweeper (every second) expires wijkteams' events older than a second.
  bool expired = false;
  for (int i = 0; i < 300 && !expired; ++i) {
    expired = server().Log().find("event=retention_expired") != std::string::npos;
    if (!expired) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(expired) << server().Log();
  StopServer();

  r = Admin({"audit", "verify", "--checkpoint", checkpoint});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("expired by retention"));
  r = Admin({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace kompas::e2e
