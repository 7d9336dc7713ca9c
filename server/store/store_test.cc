#include "store/store.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "testing/status_matchers.h"
#include "testing/opened_store.h"
#include "testing/temp_dir.h"

namespace kompas::store {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::ElementsAre;

std::vector<std::string> ScanKeys(const Store& store, Table t, const std::string& prefix,
                                  ScanOptions options = {}) {
  std::vector<std::string> out;
  EXPECT_THAT(store.Scan(t, prefix, options,
                         [&](absl::string_view k, absl::string_view) {
                           out.emplace_back(keys::LastPart(k));
                           return true;
                         }),
              IsOk());
  return out;
}

TEST(StoreTest, WritesAreAtomicAndSurviveReopen) {
  kompas::testing::TempDir dir;
  {
    auto store = Store::Open({.data_dir = dir.path()});
    ASSERT_THAT(store, IsOk());
    WriteBatch batch;
    batch.Put(Table::kCases, keys::Case("demo", "c1"), "record");
    batch.Put(Table::kCaseIndex, keys::CaseIndex("demo", "status", "2", "c1"), "");
    ASSERT_THAT((*store)->Write(batch), IsOk());
    ASSERT_THAT((*store)->Close(), IsOk());
  }
  auto store = Store::Open({.data_dir = dir.path()});
  ASSERT_THAT(store, IsOk());
  auto got = (*store)->Get(Table::kCases, keys::Case("demo", "c1"));
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, "record");
  EXPECT_THAT(ScanKeys(**store, Table::kCaseIndex, keys::CaseIndexPrefix("demo", "status", "2")),
              ElementsAre("c1"));
  // Tables are separate key spaces.
  auto other = (*store)->Get(Table::kReflections, keys::Case("demo", "c1"));
  ASSERT_THAT(other, IsOk());
  EXPECT_FALSE(other->has_value());
}

TEST(StoreTest, ScanHonoursPrefixDirectionAndCursor) {
  kompas::testing::TempDir dir;
  auto store = Store::Open({.data_dir = dir.path(), .sync_writes = false});
  ASSERT_THAT(store, IsOk());
  WriteBatch batch;
  for (const char* id : {"a1", "a2", "a3"}) batch.Put(Table::kCases, keys::Case("demo", id), id);
  batch.Put(Table::kCases, keys::Case("demo-2", "b1"), "other community");
  batch.Put(Table::kCases, keys::Case("dem", "z9"), "shorter community id");
  ASSERT_THAT((*store)->Write(batch), IsOk());

  const std::string prefix = keys::CasesOf("demo");
  EXPECT_THAT(ScanKeys(**store, Table::kCases, prefix), ElementsAre("a1", "a2", "a3"));
  EXPECT_THAT(ScanKeys(**store, Table::kCases, prefix, {.reverse = true}),
              ElementsAre("a3", "a2", "a1"));
  EXPECT_THAT(ScanKeys(**store, Table::kCases, prefix, {.after = keys::Case("demo", "a1")}),
              ElementsAre("a2", "a3"));
  EXPECT_THAT(ScanKeys(**store, Table::kCases, prefix,
                       {.reverse = true, .after = keys::Case("demo", "a3")}),
              ElementsAre("a2", "a1"));
  EXPECT_THAT((*store)->Scan(Table::kCases, prefix, {.after = "elsewhere"},
                             [](absl::string_view, absl::string_view) { return true; }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

using OpenedStoreTest = ::kompas::testing::OpenedStoreTest;

TEST_F(OpenedStoreTest, DeleteRemovesAndClosedStoreRefusesCalls) {
  WriteBatch put;
  put.Put(Table::kMeta, "k", "v");
  ASSERT_THAT(store_->Write(put), IsOk());
  WriteBatch del;
  del.Delete(Table::kMeta, "k");
  ASSERT_THAT(store_->Write(del), IsOk());
  auto got = store_->Get(Table::kMeta, "k");
  ASSERT_THAT(got, IsOk());
  EXPECT_FALSE(got->has_value());
  ASSERT_THAT(store_->Close(), IsOk());
  EXPECT_THAT(store_->Get(Table::kMeta, "k"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OpenedStoreTest, ReadOnlyReadsBesideAWriterAndRefusesWrites) {
  WriteBatch batch;
  batch.Put(Table::kTokens, "abc", "record");
  ASSERT_THAT(store_->Write(batch), IsOk());
  // A second writer is refused (the lock); a reader is not.
  EXPECT_THAT(Store::Open({.data_dir = dir_.path()}), StatusIs(absl::StatusCode::kUnavailable));
  auto reader = Store::Open({.data_dir = dir_.path(), .read_only = true});
  ASSERT_THAT(reader, IsOk());
  auto got = (*reader)->Get(Table::kTokens, "abc");
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, "record");
  EXPECT_THAT((*reader)->Write(batch), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT((*reader)->Close(), IsOk());
  // Read-only never creates a database.
  EXPECT_FALSE(Store::Open({.data_dir = dir_.Sub("missing"), .read_only = true}).ok());
}

}  // namespace
}  // namespace kompas::store
