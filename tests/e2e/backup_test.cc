// End to end: an online backup while four writers run, restored into a new
// directory, served by a second kompasd: every write acknowledged before
// the backup began is there, the audit trail verifies against the backup's
// manifest and the search index is consistent. kompasd's first start on a
// restored store checks it against the manifest (and refuses a store that
// does not match); scheduled backups keep the newest N.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.grpc.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

class BackupTest : public KompasdTest {};

TEST_F(BackupTest, ABackupTakenWhileWritersRunRestoresEveryAcknowledgedWrite) {
  StartServer();
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  const std::string anna_token = Token("anna-zaanstad");
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto stub = v1::CaseService::NewStub(Channel());
      for (int i = 0; !stop.load(); ++i) {
        v1::CreateCaseRequest req;
        req.set_parent(kCommunity);
        req.mutable_case_()->set_title(absl::StrCat("Schrijver ", w, " casus ", i));
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", "Bearer " + anna_token);
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::Case out;
        if (!stub->CreateCase(&ctx, req, &out).ok()) return;
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.push_back(out.name());
      }
    });
  }
  // Let the writers get going.
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (acknowledged.size() >= 50) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::vector<std::string> before;
  {
    std::lock_guard<std::mutex> lock(mu);
    before = acknowledged;
  }
  const std::string backup = Path("backup-1");
  CommandResult r = OnlineAdmin({"backup", "--out", backup});
  std::size_t during;
  {
    std::lock_guard<std::mutex> lock(mu);
    during = acknowledged.size() - before.size();
  }
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit head"));
  ASSERT_FALSE(before.empty());
  std::cout << "acknowledged before the backup: " << before.size()
            << ", while it ran: " << during << "\n";
  // A second backup into the same directory is refused.
  r = OnlineAdmin({"backup", "--out", backup});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("must not exist yet"));
  StopServer();

  const std::string restored = Path("restored");
  r = RunCommand({KOMPAS_ADMIN_BIN, "restore", "--from", backup, "--data_dir", restored});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit trail verified"));
  // Not over an existing store.
  r = RunCommand({KOMPAS_ADMIN_BIN, "restore", "--from", backup, "--data_dir", restored});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not empty"));

  // A second kompasd on the restored store. Its first start checks the
  // store against the manifest restore left beside it, then removes it.
  const std::string marker = restored + "/kompas-restored.json";
  ASSERT_TRUE(std::filesystem::exists(marker));
  // The server secret is not in the backup: without it kompasd refuses the
  // store, saying what to copy.
  r = RunCommand({KOMPASD_BIN, "--address=127.0.0.1:0", "--data_dir=" + restored});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("restored_store_verified"));
  EXPECT_THAT(r.err, HasSubstr(restored + ".secret is missing"));
  EXPECT_FALSE(std::filesystem::exists(marker));
  StartServer({.flags = {"--data_dir=" + restored, "--secret_file=" + data_dir() + ".secret"}});
  auto stub = v1::CaseService::NewStub(Channel());
  for (const std::string& name : before) {
    v1::GetCaseRequest get;
    get.set_name(name);
    v1::Case out;
    grpc::ClientContext ctx;
    Authorize(ctx, "anna-zaanstad");
    grpc::Status s = stub->GetCase(&ctx, get, &out);
    ASSERT_TRUE(s.ok()) << "write acknowledged before the backup is missing: " << name << ": "
                        << s.error_message();
  }
  StopServer();
  r = RunCommand({KOMPAS_ADMIN_BIN, "--data_dir", restored, "audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = RunCommand({KOMPAS_ADMIN_BIN, "--data_dir", restored, "check-index"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

// A restored store that does not match its backup's manifest (here: the
// manifest claims one audit event more) is refused on its first start, with
// a message that says so; the marker stays, so every start checks again.
TEST_F(BackupTest, KompasdRefusesARestoredStoreThatDoesNotMatchItsManifest) {
  StartServer();
  const std::string backup = Path("backup");
  CommandResult r = OnlineAdmin({"backup", "--out", backup});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  StopServer();
  const std::string restored = Path("restored");
  r = RunCommand({KOMPAS_ADMIN_BIN, "restore", "--from", backup, "--data_dir", restored});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string marker = restored + "/kompas-restored.json";
  const std::string manifest = ReadFile(marker);
  const size_t at = manifest.find("\"auditEvents\": \"");
  ASSERT_NE(at, std::string::npos) << manifest;
  const size_t start = at + std::string("\"auditEvents\": \"").size();
  const size_t end = manifest.find('"', start);
  const int64_t events = std::stoll(manifest.substr(start, end - start));
  std::ofstream(marker) << manifest.substr(0, start) << events + 1 << manifest.substr(end);

  r = RunCommand({KOMPASD_BIN, "--address=127.0.0.1:0", "--data_dir=" + restored,
                  "--secret_file=" + data_dir() + ".secret"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("restored from a backup and does not pass its first-start check"));
  EXPECT_THAT(r.err, HasSubstr(absl::StrCat("the manifest says ", events + 1, " events")));
  EXPECT_TRUE(std::filesystem::exists(marker));
}

// kompasd --backup_dir --backup_every --backups_to_keep: a backup each
// period, each with its manifest, and only the newest N kept.
TEST_F(BackupTest, ScheduledBackupsKeepTheNewestOnes) {
  const std::string dir = Path("backups");
  std::filesystem::create_directory(dir);
  std::filesystem::create_directory(dir + "/not-a-backup");  // never touched
  StartServer({.flags = {"--backup_dir=" + dir, "--backup_every=1s", "--backups_to_keep=2"}});
  auto made = [&] {
    const std::string log = server().Log();
    int n = 0;
    for (size_t at = log.find("scheduled_backup_made"); at != std::string::npos;
         at = log.find("scheduled_backup_made", at + 1)) {
      ++n;
    }
    return n;
  };
  for (int i = 0; i < 600 && made() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GE(made(), 3) << server().Log();
  StopServer();  // waits for a backup under way, and its clean-up
  std::vector<std::string> kept;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "not-a-backup") continue;
    kept.push_back(name);
    EXPECT_TRUE(std::filesystem::exists(entry.path() / "kompas-backup.json")) << name;
    EXPECT_THAT(name, ::testing::MatchesRegex("kompas-[0-9]{8}T[0-9]{6}Z(-[0-9]+)?"));
  }
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/not-a-backup"));
  EXPECT_THAT(server().Log(), HasSubstr("old_backup_removed"));
}

}  // namespace
}  // namespace kompas::e2e
