// The store under storage faults (store/fault_fs.h): a failed write or sync
// and a full disk are refused with a message for the operator while reads go
// on, the store resumes by itself, a power cut loses only writes that were
// never acknowledged as durable, and a damaged write-ahead log stops the
// open instead of silently dropping acknowledged writes.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/fault_fs.h"
#include "store/repair.h"
#include "store/store.h"
#include "testing/eventually.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace kompas::store {
namespace {

using ::kompas::testing::Eventually;
using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

absl::Status Put(Store& store, const std::string& key, Durability d = Durability::kDefault) {
  WriteBatch batch;
  batch.Put(Table::kCases, key, absl::StrCat("value of ", key));
  return store.Write(batch, d);
}

std::optional<std::string> Value(Store& store, const std::string& key) {
  auto got = store.Get(Table::kCases, key);
  EXPECT_THAT(got, IsOk());
  return got.ok() ? *got : std::nullopt;
}

// Waits (bounded) until the store's write health has `code`.
bool HealthBecomes(Store& store, absl::StatusCode code) {
  return Eventually([&] { return store.WriteHealth().code() == code; });
}

class StoreFaultTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open() {
    auto store = Store::Open({.data_dir = dir_.path(),
                              .resume_interval = absl::Milliseconds(50),
                              .file_system = fs_});
    EXPECT_THAT(store, IsOk());
    return store.ok() ? *std::move(store) : nullptr;
  }
  // Stops the store the way a crash would: nothing more reaches the disk.
  void Crash(std::unique_ptr<Store> store) {
    fs_->SetActive(false);
    (void)store->Close();
    store.reset();
    fs_->SetActive(true);
  }
  std::string NewestLog() const {
    std::string newest;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      if (e.path().extension() == ".log" && e.path().string() > newest) newest = e.path().string();
    }
    return newest;
  }

  kompas::testing::TempDir dir_;
  std::shared_ptr<FaultInjectionFs> fs_ = std::make_shared<FaultInjectionFs>();
};

TEST_F(StoreFaultTest, FailedSyncRefusesWritesUntilTheStoreResumes) {
  auto store = Open();
  ASSERT_THAT(Put(*store, "before"), IsOk());
  EXPECT_THAT(store->WriteHealth(), IsOk());

  fs_->FailSyncs(1);
  EXPECT_THAT(Put(*store, "refused"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot write to its disk")));
  EXPECT_THAT(store->WriteHealth(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(Value(*store, "before"), Optional(std::string("value of before")));  // reads go on

  ASSERT_TRUE(HealthBecomes(*store, absl::StatusCode::kOk));
  EXPECT_THAT(Put(*store, "after"), IsOk());
  EXPECT_THAT(Value(*store, "before"), Optional(std::string("value of before")));
  // As after any failed fsync, the refused write's outcome is unknown: its
  // record was handed to the OS, and the reopen replays it. Whole if there.
  const std::optional<std::string> refused = Value(*store, "refused");
  if (refused) {
    EXPECT_EQ(*refused, "value of refused");
  }
  EXPECT_GE(fs_->faults_injected(), 1);
}

// A failed sync may take the writes not yet synced with it, and the reopen
// then reads back only what reached the disk. A caller that builds on its
// own unsynced writes names the opening it made them in, and is refused
// once the store has reopened since, instead of syncing or writing on top
// of what may be gone.
TEST_F(StoreFaultTest, AfterAReopenWritesAndSyncsOfTheEarlierOpeningAreRefused) {
  auto store = Open();
  const uint64_t first = store->Opening();
  ASSERT_THAT(Put(*store, "synced"), IsOk());
  WriteBatch unsynced;
  unsynced.Put(Table::kCases, "unsynced", "a read's event, say");
  ASSERT_THAT(store->Write(unsynced, Durability::kRelaxed, first), IsOk());

  fs_->FailSyncs(1, /*lose_unsynced=*/true);
  EXPECT_THAT(Put(*store, "refused"), StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_TRUE(HealthBecomes(*store, absl::StatusCode::kOk));
  EXPECT_GT(store->Opening(), first);
  EXPECT_THAT(Value(*store, "synced"), Optional(std::string("value of synced")));
  EXPECT_EQ(Value(*store, "unsynced"), std::nullopt) << "the failed sync should have lost it";

  EXPECT_THAT(store->Sync(first), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("reopened")));
  WriteBatch on_top;
  on_top.Put(Table::kCases, "on top", "built on the lost write");
  EXPECT_THAT(store->Write(on_top, Durability::kRelaxed, first),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("reopened")));
  EXPECT_EQ(Value(*store, "on top"), std::nullopt);

  const uint64_t now = store->Opening();
  EXPECT_THAT(store->Write(on_top, Durability::kRelaxed, now), IsOk());
  EXPECT_THAT(store->Sync(now), IsOk());
  EXPECT_THAT(Put(*store, "after"), IsOk());  // kAnyOpening
}

// A synced write's WAL sync runs beside later writes instead of holding
// them up: a read's audit event must not wait for a create's fsync. Synced
// writes that arrive during a sync share the next one.
TEST_F(StoreFaultTest, ASyncInFlightHoldsUpNoWriteAndIsShared) {
  auto store = Open();
  fs_->HoldSyncs(true);  // a very slow disk
  std::thread first([&] { EXPECT_THAT(Put(*store, "first"), IsOk()); });
  EXPECT_TRUE(Eventually([&] { return fs_->syncs_waiting() == 1; }));
  const int syncs_before = fs_->log_syncs();

  // Not synced: returns while the sync is held (in a thread, so a
  // regression fails here instead of hanging the test).
  absl::Notification relaxed_done;
  std::thread relaxed([&] {
    EXPECT_THAT(Put(*store, "relaxed", Durability::kRelaxed), IsOk());
    relaxed_done.Notify();
  });
  const bool relaxed_returned = relaxed_done.WaitForNotificationWithTimeout(absl::Seconds(20));
  EXPECT_TRUE(relaxed_returned) << "a relaxed write waited for another write's sync";

  // Six synced writes meanwhile: applied (readable) at once, acknowledged
  // only after a sync that covers them.
  std::vector<std::thread> more;
  std::atomic<int> acknowledged{0};
  for (int i = 0; i < 6; ++i) {
    more.emplace_back([&, i] {
      EXPECT_THAT(Put(*store, absl::StrCat("more", i)), IsOk());
      ++acknowledged;
    });
  }
  EXPECT_TRUE(Eventually([&] {
    for (int i = 0; i < 6; ++i) {
      if (!Value(*store, absl::StrCat("more", i))) return false;
    }
    return true;
  }));
  EXPECT_EQ(acknowledged.load(), 0);

  fs_->HoldSyncs(false);
  first.join();
  relaxed.join();
  for (std::thread& t : more) t.join();
  EXPECT_EQ(acknowledged.load(), 6);
  // The held sync covered only "first"; one more sync covered all six.
  EXPECT_EQ(fs_->log_syncs() - syncs_before, 2);
}

// Closing (kompasd stopping) while the disk still fails and the store keeps
// reopening itself returns. It used to wait forever: Close held the lock
// that the reopen needed to finish, while it waited for the reopen.
TEST_F(StoreFaultTest, CloseReturnsWhileTheStoreKeepsReopening) {
  auto store = Store::Open({.data_dir = dir_.path(),
                            .resume_interval = absl::Milliseconds(1),
                            .file_system = fs_});
  ASSERT_THAT(store, IsOk());
  fs_->FailSyncs(1 << 20);  // every sync fails: each reopen fails, and is retried
  EXPECT_THAT(Put(**store, "refused"), StatusIs(absl::StatusCode::kUnavailable));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_THAT((*store)->Close(), IsOk());
  fs_->FailSyncs(0);
}

TEST_F(StoreFaultTest, FailedWriteRefusesWritesUntilTheStoreResumes) {
  auto store = Open();
  fs_->FailWrites(1);
  EXPECT_THAT(Put(*store, "refused"), StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_TRUE(HealthBecomes(*store, absl::StatusCode::kOk));
  EXPECT_THAT(Put(*store, "after"), IsOk());
  EXPECT_EQ(Value(*store, "refused"), std::nullopt);
}

TEST_F(StoreFaultTest, FullDiskIsResourceExhaustedUntilSpaceIsFreed) {
  auto store = Open();
  ASSERT_THAT(Put(*store, "before"), IsOk());
  fs_->SetDiskFull(true);
  EXPECT_THAT(Put(*store, "refused"),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("disk of the Kompas store is full")));
  EXPECT_THAT(store->WriteHealth(), StatusIs(absl::StatusCode::kResourceExhausted));
  // Still full after several resume attempts: still refused, reads go on.
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_THAT(store->WriteHealth(), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(Put(*store, "refused too"), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(Value(*store, "before"), Optional(std::string("value of before")));

  fs_->SetDiskFull(false);
  ASSERT_TRUE(HealthBecomes(*store, absl::StatusCode::kOk));
  EXPECT_THAT(Put(*store, "after"), IsOk());
  EXPECT_THAT(Value(*store, "after"), Optional(std::string("value of after")));
}

TEST_F(StoreFaultTest, WatcherHearsRefusalAndRecovery) {
  auto store = Open();
  absl::Mutex mu;
  std::vector<absl::StatusCode> heard;
  store->SetWriteHealthWatcher([&](const absl::Status& s) {
    absl::MutexLock lock(&mu);
    heard.push_back(s.code());
  });
  fs_->FailSyncs(1);
  EXPECT_FALSE(Put(*store, "refused").ok());
  ASSERT_TRUE(HealthBecomes(*store, absl::StatusCode::kOk));
  store->SetWriteHealthWatcher(nullptr);
  absl::MutexLock lock(&mu);
  ASSERT_GE(heard.size(), 2u);
  EXPECT_EQ(heard.front(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(heard.back(), absl::StatusCode::kOk);
}

TEST_F(StoreFaultTest, PowerCutLosesOnlyWritesNeverSynced) {
  auto store = Open();
  for (int i = 0; i < 20; ++i) ASSERT_THAT(Put(*store, absl::StrCat("synced", i)), IsOk());
  ASSERT_THAT(Put(*store, "relaxed", Durability::kRelaxed), IsOk());
  Crash(std::move(store));
  EXPECT_GT(fs_->DropUnsyncedData(), 0u);

  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(Value(*reopened, absl::StrCat("synced", i)),
                Optional(absl::StrCat("value of synced", i)));
  }
  EXPECT_EQ(Value(*reopened, "relaxed"), std::nullopt);
}

TEST_F(StoreFaultTest, PowerCutAfterAFailedSyncKeepsEveryAcknowledgedWrite) {
  auto store = Open();
  ASSERT_THAT(Put(*store, "acknowledged"), IsOk());
  fs_->FailSyncs(1);
  ASSERT_FALSE(Put(*store, "refused").ok());
  Crash(std::move(store));
  fs_->DropUnsyncedData();
  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(Value(*reopened, "acknowledged"), Optional(std::string("value of acknowledged")));
  EXPECT_EQ(Value(*reopened, "refused"), std::nullopt);
}

TEST_F(StoreFaultTest, FlippedByteInTheWriteAheadLogStopsTheOpen) {
  auto store = Open();
  for (int i = 0; i < 50; ++i) ASSERT_THAT(Put(*store, absl::StrCat("key", i)), IsOk());
  Crash(std::move(store));
  const std::string log = NewestLog();
  ASSERT_FALSE(log.empty());
  const auto size = std::filesystem::file_size(log);
  {
    std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(size / 2);
    char c = 0;
    f.read(&c, 1);
    c ^= 0x40;
    f.seekp(size / 2);
    f.write(&c, 1);
  }
  auto reopened = Store::Open({.data_dir = dir_.path()});
  EXPECT_THAT(reopened, StatusIs(absl::StatusCode::kDataLoss,
                                 ::testing::AllOf(HasSubstr(log), HasSubstr("damaged at byte"),
                                                  HasSubstr("kompas-admin repair"))));
}

TEST_F(StoreFaultTest, RepairAcceptsTheLossAndReportsIt) {
  auto store = Open();
  for (int i = 0; i < 50; ++i) ASSERT_THAT(Put(*store, absl::StrCat("key", i)), IsOk());
  Crash(std::move(store));
  const std::string log = NewestLog();
  {
    std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::filesystem::file_size(log) / 2);
    f.put('\x7f');
  }
  ASSERT_THAT(Store::Open({.data_dir = dir_.path()}), StatusIs(absl::StatusCode::kDataLoss));

  auto report = RepairStore(dir_.path());
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->wal_damage, HasSubstr(log));
  EXPECT_GT(report->wal_batches_dropped, 0);
  EXPECT_TRUE(report->rebuilt_because.empty());
  const RepairReport::Table* cases = nullptr;
  for (const auto& t : report->tables) {
    if (t.name == "cases") cases = &t;
  }
  ASSERT_NE(cases, nullptr);
  // Every write is either kept or counted as dropped, but the damaged one.
  EXPECT_EQ(cases->after + cases->wal_changes_dropped, 49);
  EXPECT_LT(cases->after, 50);

  auto reopened = Store::Open({.data_dir = dir_.path(), .verify_checksums_on_open = true});
  ASSERT_THAT(reopened, IsOk());
  EXPECT_THAT(Value(**reopened, "key0"), Optional(std::string("value of key0")));
  ASSERT_THAT((*reopened)->Close(), IsOk());
  // A sound store is left alone.
  EXPECT_THAT(RepairStore(dir_.path()), StatusIs(absl::StatusCode::kFailedPrecondition));
}

// One table's memory fills up and goes to a table file while other tables'
// writes wait in the log; then a flipped byte in the log. The repair keeps
// every write before the damage in every table, whole, and drops every
// write after it. (Before tables were flushed together, RocksDB's recovery
// refused such a store, and the RepairDB the repair fell back on failed
// half way and left a store that opened without the flushed table.)
TEST_F(StoreFaultTest, RepairKeepsEveryWriteBeforeTheDamageAfterATableFilledUp) {
  auto store = Open();
  const std::string big(100 << 10, 'x');
  constexpr int kWrites = 220;
  for (int i = 0; i < kWrites; ++i) {
    // 200 × 100 KiB fill the cases table's 16 MiB memory table; then small ones.
    WriteBatch batch;
    batch.Put(Table::kCases, absl::StrCat("key", 1000 + i), i < 200 ? big : "small");
    batch.Put(Table::kMeta, absl::StrCat("meta", 1000 + i), "m");
    ASSERT_THAT(store->Write(batch), IsOk());
  }
  Crash(std::move(store));
  // The oldest log: the one a table flushed on its own would have left
  // behind, holding the other tables' writes from before the flush.
  std::string log = NewestLog();
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    if (e.path().extension() == ".log" && e.path().string() < log) log = e.path().string();
  }
  const auto size = std::filesystem::file_size(log);
  ASSERT_GT(size, 32u << 10);
  {
    std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(size / 2);
    f.put('\x7f');
  }
  ASSERT_THAT(Store::Open({.data_dir = dir_.path()}), StatusIs(absl::StatusCode::kDataLoss));
  auto report = RepairStore(dir_.path());
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->wal_file, log);
  EXPECT_LE(report->wal_cut_at, report->wal_offset);
  EXPECT_LE(report->wal_offset, size / 2);
  EXPECT_TRUE(report->tables_ahead.empty());
  EXPECT_TRUE(report->rebuilt_because.empty()) << report->rebuilt_because;
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir_.path()) / "lost" /
                                      std::filesystem::path(log).filename()));

  auto reopened = Store::Open({.data_dir = dir_.path(), .verify_checksums_on_open = true});
  ASSERT_THAT(reopened, IsOk());
  // The writes kept are the first `kept`, each whole in both tables.
  int kept = 0;
  while (kept < kWrites && Value(**reopened, absl::StrCat("key", 1000 + kept)).has_value()) ++kept;
  for (int i = 0; i < kWrites; ++i) {
    auto meta = (*reopened)->Get(Table::kMeta, absl::StrCat("meta", 1000 + i));
    ASSERT_THAT(meta, IsOk());
    EXPECT_EQ(meta->has_value(), i < kept) << "meta" << 1000 + i;
    EXPECT_EQ(Value(**reopened, absl::StrCat("key", 1000 + i)).has_value(), i < kept) << i;
  }
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, kWrites);
  // The damaged write and the intact ones after it.
  EXPECT_EQ(report->wal_batches_dropped, kWrites - kept - 1);
  ASSERT_THAT((*reopened)->Close(), IsOk());
}

// A repair that stopped half way (RocksDB's RepairDB can leave a store that
// opens without whole tables) leaves its marker: the store is refused until
// a repair finishes.
TEST_F(StoreFaultTest, AnUnfinishedRepairIsRefusedUntilARepairFinishes) {
  auto store = Open();
  ASSERT_THAT(Put(*store, "kept"), IsOk());
  ASSERT_THAT(store->Close(), IsOk());
  std::ofstream(std::filesystem::path(dir_.path()) / "KOMPAS_REPAIR_UNFINISHED") << "x\n";
  EXPECT_THAT(Store::Open({.data_dir = dir_.path()}),
              StatusIs(absl::StatusCode::kDataLoss,
                       ::testing::AllOf(HasSubstr("did not finish"), HasSubstr("restore"))));
  auto report = RepairStore(dir_.path());
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->rebuilt_because.empty());
  auto reopened = Store::Open({.data_dir = dir_.path()});
  ASSERT_THAT(reopened, IsOk());
  EXPECT_THAT(Value(**reopened, "kept"), Optional(std::string("value of kept")));
}

TEST_F(StoreFaultTest, TornTailOfTheWriteAheadLogStillOpens) {
  auto store = Open();
  for (int i = 0; i < 50; ++i) ASSERT_THAT(Put(*store, absl::StrCat("key", i)), IsOk());
  Crash(std::move(store));
  const std::string log = NewestLog();
  std::filesystem::resize_file(log, std::filesystem::file_size(log) - 5);
  auto reopened = Store::Open({.data_dir = dir_.path()});
  ASSERT_THAT(reopened, IsOk());
  EXPECT_THAT(Value(**reopened, "key48"), Optional(std::string("value of key48")));
  EXPECT_EQ(Value(**reopened, "key49"), std::nullopt);  // the torn record
}

}  // namespace
}  // namespace kompas::store
