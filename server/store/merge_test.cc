#include "store/merge.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/opened_store.h"
#include "testing/temp_dir.h"

namespace kompas::store {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;

std::vector<std::pair<uint32_t, uint32_t>> Entries(absl::string_view value) {
  std::vector<Entry> entries;
  EXPECT_TRUE(DecodeEntries(value, &entries));
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const Entry& e : entries) out.emplace_back(e.id, e.payload);
  return out;
}

TEST(EntrySetTest, SetsReplacesAndErasesInOrder) {
  std::string merged;
  ASSERT_TRUE(ApplyEntryOperands(
      "", {SetEntry({7, 70}), SetEntry({3, 30}), SetEntry({7, 71}), EraseEntry(5), SetEntry({5, 50})},
      &merged));
  EXPECT_EQ(Entries(merged), (std::vector<std::pair<uint32_t, uint32_t>>{{3, 30}, {5, 50}, {7, 71}}));
  std::string after;
  // Erasing, then setting again, then erasing: the last change wins.
  ASSERT_TRUE(ApplyEntryOperands(merged, {EraseEntry(3), SetEntry({3, 31}), EraseEntry(3)}, &after));
  EXPECT_EQ(Entries(after), (std::vector<std::pair<uint32_t, uint32_t>>{{5, 50}, {7, 71}}));
  // Folded changes (a partial merge concatenates them) apply the same way.
  std::string folded;
  ASSERT_TRUE(ApplyEntryOperands(merged, {EraseEntry(3) + SetEntry({3, 31}) + EraseEntry(3)}, &folded));
  EXPECT_EQ(folded, after);
}

TEST(EntrySetTest, MalformedInputIsRefused) {
  std::string merged;
  EXPECT_FALSE(ApplyEntryOperands("abc", {}, &merged));
  EXPECT_FALSE(ApplyEntryOperands("", {"x12345678"}, &merged));
  EXPECT_FALSE(ApplyEntryOperands("", {SetEntry({1, 1}).substr(0, 5)}, &merged));
}

TEST(CountersTest, AddFieldByField) {
  EXPECT_EQ(DecodeCounts(AddCounts(Increments({1, 100}), Increments({-1, -40})), 2),
            (std::vector<int64_t>{0, 60}));
  EXPECT_EQ(DecodeCounts(AddCounts(Increments({5}), Increments({1, 2})), 2),
            (std::vector<int64_t>{6, 2}));
  EXPECT_EQ(DecodeCounts("", 2), (std::vector<int64_t>{0, 0}));
}

// Through RocksDB: many writers merge into the same values at once, with
// flushes in between, and every change is kept.
TEST(StoreMergeTest, ConcurrentWritersNeverLoseAChange) {
  kompas::testing::TempDir dir;
  auto store = Store::Open({.data_dir = dir.path(), .sync_writes = false});
  ASSERT_THAT(store, IsOk());
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const uint32_t id = static_cast<uint32_t>(t * kPerThread + i);
        WriteBatch batch;
        batch.Merge(Table::kSearchPostings, "block", SetEntry({id, id * 2}));
        batch.Merge(Table::kSearchCounts, "counts", Increments({1, id}));
        if (i % 2 == 1) batch.Merge(Table::kSearchPostings, "block", EraseEntry(id - 1));
        ASSERT_THAT((*store)->Write(batch), IsOk());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_THAT((*store)->Close(), IsOk());
  store = Store::Open({.data_dir = dir.path()});  // read back after a reopen
  ASSERT_THAT(store, IsOk());
  auto block = (*store)->Get(Table::kSearchPostings, "block");
  ASSERT_THAT(block, IsOk());
  ASSERT_TRUE(block->has_value());
  const auto entries = Entries(**block);
  ASSERT_EQ(entries.size(), static_cast<size_t>(kThreads * kPerThread / 2));
  for (const auto& [id, payload] : entries) {
    EXPECT_EQ(id % 2, 1u);
    EXPECT_EQ(payload, id * 2);
  }
  auto counts = (*store)->Get(Table::kSearchCounts, "counts");
  ASSERT_THAT(counts, IsOk());
  const int64_t n = kThreads * kPerThread;
  EXPECT_EQ(DecodeCounts(counts->value_or(""), 2), (std::vector<int64_t>{n, n * (n - 1) / 2}));
}

class StoreMergeRefusalTest : public ::kompas::testing::OpenedStoreTest {};

TEST_F(StoreMergeRefusalTest, ATableWithoutARuleRefusesMerges) {
  WriteBatch batch;
  batch.Put(Table::kCases, "c", "kept");
  batch.Merge(Table::kCases, "c", "x");
  EXPECT_THAT(store_->Write(batch), StatusIs(absl::StatusCode::kInvalidArgument));
  auto c = store_->Get(Table::kCases, "c");
  ASSERT_THAT(c, IsOk());
  EXPECT_FALSE(c->has_value());  // nothing of the refused batch was written
}

TEST_F(StoreMergeRefusalTest, AMalformedOperandIsRefusedAndTheValueStaysReadable) {
  WriteBatch good;
  good.Merge(Table::kSearchPostings, "block", SetEntry({1, 10}));
  ASSERT_THAT(store_->Write(good), IsOk());
  for (const std::string& bad : {std::string("x12345678"), SetEntry({2, 20}).substr(0, 5), std::string()}) {
    WriteBatch batch;
    batch.Merge(Table::kSearchPostings, "block", bad);
    EXPECT_THAT(store_->Write(batch), StatusIs(absl::StatusCode::kInvalidArgument));
  }
  WriteBatch odd_counts;
  odd_counts.Merge(Table::kSearchCounts, "counts", "123");
  EXPECT_THAT(store_->Write(odd_counts), StatusIs(absl::StatusCode::kInvalidArgument));
  auto block = store_->Get(Table::kSearchPostings, "block");
  ASSERT_THAT(block, IsOk());
  EXPECT_EQ(Entries(block->value_or("")), (std::vector<std::pair<uint32_t, uint32_t>>{{1, 10}}));
}

}  // namespace
}  // namespace kompas::store
