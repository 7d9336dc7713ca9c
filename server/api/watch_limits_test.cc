#include "api/watch_limits.h"

#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "api/rate_limiter.h"
#include "gtest/gtest.h"

namespace kompas::api {
namespace {

TEST(WatchLimitsTest, SlotsAreCountedPerMemberAndPerSessionAndGivenBack) {
  WatchLimits limits({.per_member = 2, .per_session = 3});
  std::vector<WatchLimits::Slot> held;
  for (int i = 0; i < 2; ++i) {
    auto slot = limits.Acquire("anna", "communities/c/sessions/s");
    ASSERT_TRUE(slot.ok()) << slot.status();
    held.push_back(*std::move(slot));
  }
  EXPECT_EQ(limits.Acquire("anna", "communities/c/sessions/t").status().code(),
            absl::StatusCode::kResourceExhausted);
  auto bram = limits.Acquire("bram", "communities/c/sessions/s");
  ASSERT_TRUE(bram.ok());
  // The session is full now, for anyone.
  EXPECT_EQ(limits.Acquire("cor", "communities/c/sessions/s").status().code(),
            absl::StatusCode::kResourceExhausted);
  // A refused attempt holds nothing: cor may follow another session.
  EXPECT_TRUE(limits.Acquire("cor", "communities/c/sessions/t").ok());
  held.pop_back();  // anna closes one: a slot for her and for the session
  auto again = limits.Acquire("anna", "communities/c/sessions/s");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(limits.Acquire("dina", "communities/c/sessions/s").status().code(),
            absl::StatusCode::kResourceExhausted);
  // A moved slot is given back once, by its new owner.
  WatchLimits::Slot moved = *std::move(again);
  EXPECT_EQ(limits.Acquire("dina", "communities/c/sessions/s").status().code(),
            absl::StatusCode::kResourceExhausted);
  moved = WatchLimits::Slot();
  EXPECT_TRUE(limits.Acquire("dina", "communities/c/sessions/s").ok());
}

TEST(RateLimiterTest, ACallCanCostMoreThanOneToken) {
  RateLimiter limiter({.rate = 1, .burst = 25});
  const absl::Time now = absl::Now();
  EXPECT_TRUE(limiter.AdmitAt("anna", now, 10).ok());
  EXPECT_TRUE(limiter.AdmitAt("anna", now, 10).ok());
  absl::Status refused = limiter.AdmitAt("anna", now, 10);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  // 5 tokens are left: enough for ordinary calls, and 5 seconds buy the rest.
  EXPECT_TRUE(limiter.AdmitAt("anna", now, 1).ok());
  EXPECT_TRUE(limiter.AdmitAt("anna", now + absl::Seconds(6), 10).ok());
}

}  // namespace
}  // namespace kompas::api
