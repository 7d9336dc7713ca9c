// SessionFeed on a real RocksDB store: catch-up from stored events, the
// switch to live events without gaps or duplicates, and a slow watcher being
// told to resume rather than slowing anyone down.
#include "domain/session_feed.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "store/keys.h"
#include "testing/temp_dir.h"

namespace kompas::domain {
namespace {

class SessionFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open({.data_dir = dir_.Sub("db"), .sync_writes = false});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  static v1::SessionEvent Event(int64_t sequence) {
    v1::SessionEvent e;
    e.set_sequence(sequence);
    e.set_participant_joined("communities/c/members/m");
    return e;
  }
  // Buffer room for `n` of this test's events (all the same size below 128).
  static size_t RoomFor(size_t n) { return n * Event(1).ByteSizeLong(); }

  // Stores event `sequence` (as Sessions does: before publishing it) and
  // publishes it.
  void Commit(SessionFeed& feed, int64_t sequence) {
    v1::SessionEvent e = Event(sequence);
    store::WriteBatch batch;
    batch.Put(store::Table::kSessionEvents, store::keys::SessionEvent("c", "s", sequence),
              e.SerializeAsString());
    ASSERT_TRUE(store_->Write(batch).ok());
    feed.Publish("c", "s", e);
  }

  static std::vector<int64_t> Sequences(const std::vector<v1::SessionEvent>& events) {
    std::vector<int64_t> out;
    for (const auto& e : events) out.push_back(e.sequence());
    return out;
  }

  // Takes until nothing more comes, `max` at a time.
  static std::vector<int64_t> Drain(SessionFeed::Subscription& sub, size_t max) {
    std::vector<int64_t> all;
    while (true) {
      auto got = sub.Take(max);
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok() || got->empty()) return all;
      for (int64_t s : Sequences(*got)) all.push_back(s);
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(SessionFeedTest, CatchesUpFromTheStoreThenFollowsLive) {
  SessionFeed feed(store_.get());
  for (int64_t i = 1; i <= 10; ++i) Commit(feed, i);
  int wakes = 0;
  auto sub = feed.Subscribe("c", "s", 3, [&] { ++wakes; });
  Commit(feed, 11);  // published while the watcher has not read anything yet
  EXPECT_EQ(Drain(*sub, 4), (std::vector<int64_t>{4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(wakes, 1);
  Commit(feed, 12);
  Commit(feed, 13);
  EXPECT_EQ(wakes, 3);
  EXPECT_EQ(Drain(*sub, 10), (std::vector<int64_t>{12, 13}));
  EXPECT_EQ(sub->cursor(), 13);
  // Another session's events are not this watcher's.
  v1::SessionEvent other;
  other.set_sequence(14);
  feed.Publish("c", "other", other);
  EXPECT_EQ(wakes, 3);
}

TEST_F(SessionFeedTest, ASlowWatcherIsToldToResumeAndWritersNeverWait) {
  SessionFeed feed(store_.get(), {.watcher_buffer_bytes = RoomFor(4)});
  auto slow = feed.Subscribe("c", "s", 0, [] {});
  ASSERT_TRUE(slow->Take(10).ok());  // caught up (nothing stored): now live
  for (int64_t i = 1; i <= 3; ++i) Commit(feed, i);
  EXPECT_EQ(Sequences(*slow->Take(2)), (std::vector<int64_t>{1, 2}));
  for (int64_t i = 4; i <= 9; ++i) Commit(feed, i);  // overflows its buffer of 4
  auto behind = slow->Take(10);
  ASSERT_EQ(behind.status().code(), absl::StatusCode::kAborted);
  EXPECT_NE(behind.status().message().find("after_sequence=2"), std::string::npos)
      << behind.status();
  // Resuming from the cursor yields exactly what it missed, from the store.
  auto resumed = feed.Subscribe("c", "s", slow->cursor(), [] {});
  EXPECT_EQ(Drain(*resumed, 3), (std::vector<int64_t>{3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(SessionFeedTest, OverflowWhileCatchingUpOnlyMeansReadingTheStoreAgain) {
  SessionFeed feed(store_.get(), {.watcher_buffer_bytes = RoomFor(2)});
  for (int64_t i = 1; i <= 5; ++i) Commit(feed, i);
  auto sub = feed.Subscribe("c", "s", 0, [] {});
  EXPECT_EQ(Sequences(*sub->Take(2)), (std::vector<int64_t>{1, 2}));
  for (int64_t i = 6; i <= 10; ++i) Commit(feed, i);  // overflows while catching up
  EXPECT_EQ(Drain(*sub, 2), (std::vector<int64_t>{3, 4, 5, 6, 7, 8, 9, 10}));
  // Caught up and live: that earlier overflow does not count against it.
  Commit(feed, 11);
  auto next = sub->Take(2);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(Sequences(*next), (std::vector<int64_t>{11}));
}

TEST_F(SessionFeedTest, ShutdownTellsEveryWatcherWhereToResume) {
  SessionFeed feed(store_.get());
  Commit(feed, 1);
  auto sub = feed.Subscribe("c", "s", 0, [] {});
  EXPECT_EQ(Drain(*sub, 10), (std::vector<int64_t>{1}));
  EXPECT_EQ(feed.watcher_count(), 1u);
  feed.Shutdown();
  auto stopped = sub->Take(10);
  EXPECT_EQ(stopped.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(stopped.status().message().find("after_sequence=1"), std::string::npos);
  sub.reset();
  EXPECT_EQ(feed.watcher_count(), 0u);
}

}  // namespace
}  // namespace kompas::domain
