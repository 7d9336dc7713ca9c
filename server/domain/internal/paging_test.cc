// The one paged listing: page size, filters, byte budget, scan bound and
// the page token's binding to the request's filters.
#include "domain/internal/paging.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "kompas/v1/standard.pb.h"
#include "store/keys.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace kompas::domain::internal {
namespace {

using store::Table;

class PagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::Store::Open({.data_dir = dir_.Sub("db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  // `n` errata e00..e{n-1} under one standard; odd ones are REJECTED.
  void Put(int n, size_t description_bytes = 10) {
    store::WriteBatch batch;
    for (int i = 0; i < n; ++i) {
      v1::Erratum e;
      e.set_name(absl::StrCat("e", i < 10 ? "0" : "", i));
      e.set_description(std::string(description_bytes, 'x'));
      e.set_state(i % 2 == 1 ? v1::ERRATUM_STATE_REJECTED : v1::ERRATUM_STATE_REPORTED);
      batch.Put(Table::kErrata, store::keys::Join({"c", "s", e.name()}), e.SerializeAsString());
    }
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  absl::StatusOr<v1::ListErrataResponse> List(const PageRequest& request, bool only_reported,
                                              size_t max_bytes = kDefaultMaxPageBytes) {
    v1::ListErrataResponse response;
    PageScan scan{.table = Table::kErrata,
                  .prefix = store::keys::Prefix({"c", "s"}),
                  .max_page_bytes = max_bytes};
    absl::Status s = ListRecords<v1::Erratum>(
        *store_, scan, request,
        [&](const v1::Erratum& e) {
          return !only_reported || e.state() == v1::ERRATUM_STATE_REPORTED;
        },
        [](v1::ListErrataResponse& r, v1::Erratum&& e) { *r.add_errata() = std::move(e); },
        response);
    if (!s.ok()) return s;
    return response;
  }
  static std::vector<std::string> Names(const v1::ListErrataResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errata()) out.push_back(e.name());
    return out;
  }

  kompas::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(PagingTest, PagesFollowEachOtherWithoutGapsOrRepeats) {
  Put(5);
  PageRequest request{.page_size = 2, .page_token = "", .parameters = "all"};
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto r = List(request, false);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const std::string& n : Names(*r)) seen.push_back(n);
    if (r->next_page_token().empty()) break;
    request.page_token = r->next_page_token();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"e00", "e01", "e02", "e03", "e04"}));
}

TEST_F(PagingTest, FiltersApplyBeforeThePageIsCounted) {
  Put(6);
  auto r = List({.page_size = 2, .page_token = "", .parameters = "reported"}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"e00", "e02"}));
  ASSERT_FALSE(r->next_page_token().empty());
  auto rest = List({.page_size = 2, .page_token = r->next_page_token(), .parameters = "reported"},
                   true);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(Names(*rest), (std::vector<std::string>{"e04"}));
  EXPECT_TRUE(rest->next_page_token().empty());
}

TEST_F(PagingTest, ATokenIsRefusedWithOtherFiltersOrWhenForged) {
  Put(3);
  auto r = List({.page_size = 1, .page_token = "", .parameters = "a"}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(List({.page_size = 1, .page_token = r->next_page_token(), .parameters = "b"}, false)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List({.page_size = 1, .page_token = "not-a-token", .parameters = "a"}, false)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List({.page_size = -1, .page_token = "", .parameters = "a"}, false).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PagingTest, TheByteBudgetEndsAPageEarlyButNeverEmpty) {
  Put(4, /*description_bytes=*/1000);
  auto r = List({.page_size = 10, .page_token = "", .parameters = "x"}, false, 2500);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->errata_size(), 2);
  EXPECT_FALSE(r->next_page_token().empty());
  auto one = List({.page_size = 10, .page_token = "", .parameters = "x"}, false, 10);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->errata_size(), 1);  // a single item larger than the budget still comes
}

TEST_F(PagingTest, ASelectiveFilterReturnsAShortPageAfterTheScanBound) {
  Put(1);
  store::WriteBatch batch;
  v1::Erratum rejected;
  rejected.set_state(v1::ERRATUM_STATE_REJECTED);
  for (int i = 0; i < kMaxScannedPerPage + 10; ++i) {
    batch.Put(Table::kErrata, store::keys::Join({"c", "s", absl::StrCat("f", 100000 + i)}),
              rejected.SerializeAsString());
  }
  ASSERT_TRUE(store_->Write(batch).ok());
  auto r = List({.page_size = 10, .page_token = "", .parameters = "r"}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->errata_size(), 1);  // e00; then only rejected ones, up to the bound
  EXPECT_FALSE(r->next_page_token().empty());
  auto rest = List({.page_size = 10, .page_token = r->next_page_token(), .parameters = "r"}, true);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->errata_size(), 0);
  EXPECT_TRUE(rest->next_page_token().empty());
}

}  // namespace
}  // namespace kompas::domain::internal
