#include "store/checkpoint.h"

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/opened_store.h"
#include "testing/status_matchers.h"

namespace kompas::store {
namespace {

using ::kompas::testing::IsOk;

class CheckpointTest : public kompas::testing::OpenedStoreTest {};

TEST_F(CheckpointTest, ACheckpointTakenWhileWritersRunHoldsEveryAcknowledgedWrite) {
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string key = absl::StrCat("w", w, "-", i);
        WriteBatch batch;
        // Two tables in one batch: the copy has both or neither.
        batch.Put(Table::kCases, key, "case");
        batch.Put(Table::kCaseIndex, key, "");
        if (!store_->Write(batch).ok()) return;
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.push_back(key);
      }
    });
  }
  while (true) {
    std::lock_guard<std::mutex> lock(mu);
    if (acknowledged.size() >= 200) break;
  }
  std::vector<std::string> before;
  {
    std::lock_guard<std::mutex> lock(mu);
    before = acknowledged;
  }
  const std::string copy_dir = dir_.Sub("copy");
  auto sequence = CreateCheckpoint(*store_, copy_dir);
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_THAT(sequence, IsOk());
  EXPECT_GT(*sequence, 0u);

  auto copy = Store::Open({.data_dir = copy_dir, .read_only = true});
  ASSERT_THAT(copy, IsOk());
  for (const std::string& key : before) {
    auto got = (*copy)->Get(Table::kCases, key);
    ASSERT_THAT(got, IsOk());
    ASSERT_TRUE(got->has_value()) << "acknowledged before the checkpoint, missing: " << key;
  }
  int cases = 0, index = 0;
  ASSERT_THAT((*copy)->Scan(Table::kCases, "", {}, [&](absl::string_view, absl::string_view) {
    ++cases;
    return true;
  }), IsOk());
  ASSERT_THAT((*copy)->Scan(Table::kCaseIndex, "", {}, [&](absl::string_view, absl::string_view) {
    ++index;
    return true;
  }), IsOk());
  EXPECT_EQ(cases, index) << "a batch is in the copy whole or not at all";
  EXPECT_GE(cases, static_cast<int>(before.size()));
  ASSERT_THAT((*copy)->Close(), IsOk());

  // Every checkpoint goes into a new directory.
  EXPECT_FALSE(CreateCheckpoint(*store_, copy_dir).ok());
}

}  // namespace
}  // namespace kompas::store
