// Listing the trail against a real store: a listing with a start gives what
// the whole trail filtered by time gives (every start, page size and index),
// without walking the events before its start; events are stamped in time
// order even when the newest stored one lies ahead of the clock; a read is
// recorded while a change waits for its sync, and a failed sync leaves no
// gap in the chain.
#include "audit/audit_log.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "kompas/v1/audit.pb.h"
#include "store/fault_fs.h"
#include "store/keys.h"
#include "testing/eventually.h"
#include "testing/opened_store.h"
#include "testing/temp_dir.h"

namespace kompas::audit {
namespace {

using ::kompas::testing::Eventually;
using store::Table;

constexpr char kCommunity[] = "wijkteams";
constexpr char kGet[] = "/kompas.v1.CaseService/GetCase";
constexpr char kUpdate[] = "/kompas.v1.CaseService/UpdateCase";

absl::Time TimeOf(const v1::AuditEvent& e) {
  return absl::FromUnixSeconds(e.time().seconds()) + absl::Nanoseconds(e.time().nanos());
}

std::vector<int64_t> Sequences(const std::vector<v1::AuditEvent>& events) {
  std::vector<int64_t> out;
  for (const v1::AuditEvent& e : events) out.push_back(e.sequence());
  return out;
}

class AuditLogTest : public kompas::testing::OpenedStoreTest {
 protected:
  AuditLogTest() { sync_writes_ = false; }

  void Opened() override { Reopen(); }

  void Reopen() {
    log_.reset();
    auto log = AuditLog::Open(store_.get());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  // Every page of `query`, in order.
  std::vector<v1::AuditEvent> ListAll(AuditLog::Query query) {
    std::vector<v1::AuditEvent> all;
    for (int page = 0; page < 1000; ++page) {
      auto got = log_->List(kCommunity, query);
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok()) break;
      all.insert(all.end(), got->events.begin(), got->events.end());
      if (got->next_before == 0) break;
      query.before_sequence = got->next_before;
    }
    return all;
  }

  v1::AuditEvent Event(uint64_t sequence) {
    auto raw = store_->Get(Table::kAudit, store::keys::Sequence(sequence));
    EXPECT_TRUE(raw.ok() && raw->has_value());
    v1::AuditEvent event;
    if (raw.ok() && raw->has_value()) {
      EXPECT_TRUE(event.ParseFromString(**raw));
    }
    return event;
  }

  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, AListingFromAStartIsTheTrailFilteredByTime) {
  // Bursts of events a few milliseconds apart (a burst may share a time),
  // by two members about three resources, with another community between.
  for (int burst = 0; burst < 12; ++burst) {
    std::vector<Entry> entries;
    for (int i = 0; i < 1 + burst % 4; ++i) {
      entries.push_back({kCommunity, i % 2 ? "anna" : "bram", i % 3 ? kGet : kUpdate,
                         absl::StrCat("communities/wijkteams/cases/c", (burst + i) % 3), "OK"});
    }
    ASSERT_TRUE(log_->RecordMany(entries).ok());
    ASSERT_TRUE(log_->Record({"elders", "cor", kGet, "communities/elders/cases/x", "OK"}).ok());
    absl::SleepFor(absl::Milliseconds(3));
  }
  const std::vector<v1::AuditEvent> trail = ListAll({.page_size = 1000});
  ASSERT_GT(trail.size(), 20u);

  // Every start: each event's own time, a nanosecond either side, and
  // before and after the whole trail.
  std::vector<absl::Time> starts = {TimeOf(trail.back()) - absl::Hours(1),
                                    TimeOf(trail.front()) + absl::Hours(1)};
  for (const v1::AuditEvent& e : trail) {
    for (absl::Duration d : {-absl::Nanoseconds(1), absl::ZeroDuration(), absl::Nanoseconds(1)}) {
      starts.push_back(TimeOf(e) + d);
    }
  }
  int checked = 0;
  for (const absl::Time start : starts) {
    for (const AuditLog::Query& base :
         {AuditLog::Query{}, AuditLog::Query{.member = "anna"},
          AuditLog::Query{.resource = "communities/wijkteams/cases/c1"},
          AuditLog::Query{.method = "UpdateCase"}}) {
      // What the trail filtered in memory gives: the answer as it was.
      std::vector<int64_t> want;
      for (const v1::AuditEvent& e : trail) {
        const bool match = TimeOf(e) >= start &&
                           (base.member.empty() || e.member() == base.member) &&
                           (base.resource.empty() || e.resource() == base.resource) &&
                           (base.method.empty() || e.method() == kUpdate);
        if (match) want.push_back(e.sequence());
      }
      for (int page_size : {1, 3, 1000}) {
        AuditLog::Query query = base;
        query.start = start;
        query.page_size = page_size;
        EXPECT_EQ(Sequences(ListAll(query)), want)
            << "start " << absl::FormatTime(start) << ", member '" << base.member
            << "', resource '" << base.resource << "', method '" << base.method
            << "', page size " << page_size;
        ++checked;
      }
      // With an end too.
      AuditLog::Query bounded = base;
      bounded.start = start;
      bounded.end = TimeOf(trail[trail.size() / 2]);
      std::vector<int64_t> want_bounded;
      for (int64_t s : want) {
        for (const v1::AuditEvent& e : trail) {
          if (e.sequence() == s && TimeOf(e) < *bounded.end) want_bounded.push_back(s);
        }
      }
      EXPECT_EQ(Sequences(ListAll(bounded)), want_bounded);
    }
  }
  EXPECT_GT(checked, 500);
}

TEST_F(AuditLogTest, AListingFromAStartDoesNotWalkTheEventsBeforeIt) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(log_->Record({kCommunity, "anna", kGet, "communities/wijkteams/cases/c1", "OK"})
                    .ok());
  }
  absl::SleepFor(absl::Milliseconds(5));
  const absl::Time start = absl::Now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(log_->Record({kCommunity, "anna", kGet, "communities/wijkteams/cases/c1", "OK"})
                    .ok());
  }
  // An old event made unreadable: a listing that reached it would fail.
  store::WriteBatch batch;
  batch.Put(Table::kAudit, store::keys::Sequence(2), "\xff\xff not an event");
  ASSERT_TRUE(store_->Write(batch).ok());

  auto since = log_->List(kCommunity, {.start = start, .page_size = 100});
  ASSERT_TRUE(since.ok()) << since.status();
  EXPECT_EQ(Sequences(since->events), (std::vector<int64_t>{8, 7, 6}));
  EXPECT_EQ(since->next_before, 0u);
  // Without a start the whole trail is walked, and the damage is said.
  auto all = log_->List(kCommunity, {.page_size = 100});
  EXPECT_EQ(all.status().code(), absl::StatusCode::kDataLoss) << all.status();
}

TEST_F(AuditLogTest, EventsAreStampedInTimeOrderWhenTheClockIsBehindTheTrail) {
  ASSERT_TRUE(log_->Record({kCommunity, "anna", kGet, "communities/wijkteams/cases/c1", "OK"})
                  .ok());
  // The newest stored event lies an hour ahead (the clock was set back
  // since), chained as AuditLog chains.
  const AuditLog::ChainHead head = log_->Head();
  v1::AuditEvent ahead;
  ahead.set_sequence(static_cast<int64_t>(head.size) + 1);
  ahead.set_name(absl::StrCat("communities/wijkteams/auditEvents/", ahead.sequence()));
  const absl::Time later = absl::Now() + absl::Hours(1);
  ahead.mutable_time()->set_seconds(absl::ToUnixSeconds(later));
  ahead.set_member("anna");
  ahead.set_method(kGet);
  ahead.set_resource("communities/wijkteams/cases/c1");
  ahead.set_outcome("OK");
  ahead.set_previous_hash(head.hash);
  ahead.set_hash(AuditLog::HashOf(ahead));
  store::WriteBatch batch;
  batch.Put(Table::kAudit, store::keys::Sequence(static_cast<uint64_t>(ahead.sequence())),
            ahead.SerializeAsString());
  batch.Put(Table::kAuditIndex,
            store::keys::Join({kCommunity, "all", "", store::keys::Sequence(
                                                          static_cast<uint64_t>(ahead.sequence()))}),
            "");
  ASSERT_TRUE(store_->Write(batch).ok());
  Reopen();

  ASSERT_TRUE(log_->Record({kCommunity, "bram", kGet, "communities/wijkteams/cases/c2", "OK"})
                  .ok());
  const v1::AuditEvent next = Event(head.size + 2);
  EXPECT_GE(TimeOf(next), TimeOf(ahead));
  auto verified = AuditLog::Verify(*store_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->first_damaged, 0) << verified->problem;
  // So a listing from the hour ahead finds both.
  auto since = log_->List(kCommunity, {.start = TimeOf(ahead), .page_size = 10});
  ASSERT_TRUE(since.ok()) << since.status();
  EXPECT_EQ(Sequences(since->events),
            (std::vector<int64_t>{next.sequence(), ahead.sequence()}));
}

// The trail on a slow and on a failing disk (store/fault_fs.h).
class AuditLogOnFaultyDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::Store::Open({.data_dir = dir_.path(),
                                     .resume_interval = absl::Milliseconds(50),
                                     .file_system = fs_});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto log = AuditLog::Open(store_.get());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  // A change of a case with its event, as a use case commits it.
  absl::Status CommitChange(const std::string& member) {
    store::WriteBatch batch;
    batch.Put(Table::kCases, "c1", member);
    return log_->Commit(batch, {kCommunity, member, kUpdate, "communities/wijkteams/cases/c1", "OK"});
  }

  void ExpectWholeChain(int64_t at_least) {
    auto verified = AuditLog::Verify(*store_);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_EQ(verified->first_damaged, 0) << verified->problem;
    EXPECT_GE(verified->events, at_least);
  }

  kompas::testing::TempDir dir_;
  std::shared_ptr<store::FaultInjectionFs> fs_ = std::make_shared<store::FaultInjectionFs>();
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuditLog> log_;
};

// A read's event is written while a change's WAL sync is still running:
// reads do not wait for the disk's sync of other people's writes.
TEST_F(AuditLogOnFaultyDiskTest, AReadIsRecordedWhileAChangeWaitsForItsSync) {
  fs_->HoldSyncs(true);
  std::thread change([&] { EXPECT_TRUE(CommitChange("anna").ok()); });
  EXPECT_TRUE(Eventually([&] { return fs_->syncs_waiting() == 1; }));

  absl::Notification read_recorded;
  std::thread read([&] {
    EXPECT_TRUE(
        log_->Record({kCommunity, "bram", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
    read_recorded.Notify();
  });
  EXPECT_TRUE(read_recorded.WaitForNotificationWithTimeout(absl::Seconds(20)))
      << "the read's event waited for the change's sync";
  EXPECT_EQ(log_->Head().size, 2u);

  fs_->HoldSyncs(false);
  change.join();
  read.join();
  ExpectWholeChain(2);
}

// Reads and changes arriving together fall into shared groups; a read's
// event still never waits for the sync that a change in its group needs.
TEST_F(AuditLogOnFaultyDiskTest, ReadsNeverWaitForTheSyncOfAChangeInTheirGroup) {
  fs_->HoldSyncs(true);
  std::vector<std::thread> threads;
  std::atomic<int> reads_recorded{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { EXPECT_TRUE(CommitChange(absl::StrCat("member", i)).ok()); });
    for (int j = 0; j < 2; ++j) {
      threads.emplace_back([&, i, j] {
        EXPECT_TRUE(log_->Record({kCommunity, absl::StrCat("reader", i, j), kGet,
                                  "communities/wijkteams/cases/c1", "OK"})
                        .ok());
        ++reads_recorded;
      });
    }
  }
  EXPECT_TRUE(Eventually([&] { return reads_recorded.load() == 8; }))
      << "a read's event waited for a change's sync";
  fs_->HoldSyncs(false);
  for (std::thread& t : threads) t.join();
  ExpectWholeChain(12);
}

// After a failed sync the store refuses writes until it has reopened
// itself; the next events chain onto what the reopened store holds, so the
// chain has no gap whether or not the refused event reached the disk.
TEST_F(AuditLogOnFaultyDiskTest, TheChainStaysWholeAfterAFailedSync) {
  ASSERT_TRUE(CommitChange("anna").ok());
  fs_->FailSyncs(1);
  EXPECT_FALSE(CommitChange("bram").ok());
  ASSERT_TRUE(Eventually([&] { return store_->WriteHealth().ok(); }));
  ASSERT_TRUE(CommitChange("carla").ok());
  ASSERT_TRUE(
      log_->Record({kCommunity, "dirk", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
  ExpectWholeChain(3);
}

// The trail's unsynced tail (reads' events) is lost when another caller's
// sync fails and takes it along. The log must notice that the store
// reopened and chain the next event to what is on disk, not to a tip that
// is gone.
TEST_F(AuditLogOnFaultyDiskTest, TheChainStaysWholeWhenAFailedSyncLosesItsTail) {
  ASSERT_TRUE(CommitChange("anna").ok());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        log_->Record({kCommunity, "dirk", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
  }
  EXPECT_EQ(log_->Head().size, 3u);

  fs_->FailSyncs(1, /*lose_unsynced=*/true);
  store::WriteBatch other;  // someone else's change, without an event
  other.Put(Table::kMembers, "m1", "x");
  EXPECT_FALSE(store_->Write(other).ok());
  ASSERT_TRUE(Eventually([&] { return store_->WriteHealth().ok(); }));
  EXPECT_EQ(log_->Head().size, 1u) << "the reads' events should have been lost";

  ASSERT_TRUE(
      log_->Record({kCommunity, "erik", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
  ASSERT_TRUE(CommitChange("carla").ok());
  ExpectWholeChain(3);
  EXPECT_EQ(log_->Head().size, 3u);
}

// As above, with the lost events written while the failing sync ran: the
// store accepted them (the sync had not failed yet), and they go with it.
TEST_F(AuditLogOnFaultyDiskTest, EventsWrittenDuringAFailingSyncAreNotChainedOnto) {
  ASSERT_TRUE(CommitChange("anna").ok());
  fs_->FailSyncs(1, /*lose_unsynced=*/true);
  fs_->HoldSyncs(true);
  std::thread other([&] {
    store::WriteBatch batch;
    batch.Put(Table::kMembers, "m1", "x");
    EXPECT_FALSE(store_->Write(batch).ok());
  });
  ASSERT_TRUE(Eventually([&] { return fs_->syncs_waiting() == 1; }));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(
        log_->Record({kCommunity, "dirk", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
  }
  fs_->HoldSyncs(false);
  other.join();
  ASSERT_TRUE(Eventually([&] { return store_->WriteHealth().ok(); }));

  ASSERT_TRUE(
      log_->Record({kCommunity, "erik", kGet, "communities/wijkteams/cases/c1", "OK"}).ok());
  ASSERT_TRUE(CommitChange("carla").ok());
  ExpectWholeChain(3);
  EXPECT_EQ(log_->Head().size, 3u) << "anna, erik and carla; the reads' events were lost";
}

}  // namespace
}  // namespace kompas::audit
