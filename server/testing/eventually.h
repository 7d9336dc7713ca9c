// Waiting in a test for something another thread brings about, bounded so
// that a regression fails the test instead of hanging it:
//
//   EXPECT_TRUE(Eventually([&] { return store->WriteHealth().ok(); }));
#ifndef KOMPAS_TESTING_EVENTUALLY_H_
#define KOMPAS_TESTING_EVENTUALLY_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace kompas::testing {

// Whether `done` holds within `limit`, asked every 25 ms.
inline bool Eventually(const std::function<bool()>& done,
                       absl::Duration limit = absl::Seconds(20)) {
  const absl::Time deadline = absl::Now() + limit;
  while (!done()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(25));
  }
  return true;
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_EVENTUALLY_H_
