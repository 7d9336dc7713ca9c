#include "domain/ids.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "domain/internal/page_token.h"
#include "testing/status_matchers.h"

namespace kompas::domain {
namespace {

using ::kompas::testing::StatusIs;

TEST(IdsTest, IdsAreValidUniqueAndIncreasingAcrossThreads) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 2000; ++i) ids.push_back(NewServerId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : per_thread) {
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_TRUE(IsValidServerId(ids[i])) << ids[i];
      if (i > 0) {
        EXPECT_LT(ids[i - 1], ids[i]);  // each thread sees increasing ids
      }
      all.insert(ids[i]);
    }
  }
  EXPECT_EQ(all.size(), 8000u);
}

TEST(IdsTest, EncodingIsFixedWidthAndOrderPreserving) {
  EXPECT_EQ(EncodeServerId(0), "0000000000000");
  EXPECT_LT(EncodeServerId(31), EncodeServerId(32));
  EXPECT_LT(EncodeServerId(1ull << 40), EncodeServerId((1ull << 40) + 1));
  EXPECT_TRUE(IsValidServerId(EncodeServerId(~0ull)));
  EXPECT_FALSE(IsValidServerId("g000000000000"));  // first char holds 4 bits only
  EXPECT_FALSE(IsValidServerId("000000000000u"));  // 'u' is not Crockford
}

TEST(PageTokenTest, RoundTripsAndRefusesOtherFiltersOrGarbage) {
  using internal::DecodePageToken;
  using internal::EncodePageToken;
  using internal::Fingerprint;
  uint64_t fp = Fingerprint("communities/demo|2|toestemming||");
  std::string token = EncodePageToken(fp, "01jc0v5ad4b1r");
  auto cursor = DecodePageToken(token, fp);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(*cursor, "01jc0v5ad4b1r");
  EXPECT_THAT(DecodePageToken(token, Fingerprint("communities/demo|0|||")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodePageToken("not a token!", fp), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(*DecodePageToken("", fp), "");
}

}  // namespace
}  // namespace kompas::domain

namespace kompas::domain {
namespace {

TEST(IdsTest, FloorMakesLaterIdsGreaterThanAStoredOne) {
  // An id far in the future, as if the clock had stepped back since.
  const std::string stored = EncodeServerId(~0ull >> 2);
  RaiseServerIdFloor(stored);
  EXPECT_GT(NewServerId(), stored);
  RaiseServerIdFloor("not an id");  // ignored
  EXPECT_GT(NewServerId(), stored);
}

}  // namespace
}  // namespace kompas::domain
