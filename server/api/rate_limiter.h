// Per-member rate limiting with token buckets: each member may make `rate`
// calls per second on average and `burst` in a row. A call over the limit is
// refused with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo saying when to
// try again, so one runaway script cannot crowd out the professionals.
#ifndef KOMPAS_API_RATE_LIMITER_H_
#define KOMPAS_API_RATE_LIMITER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace kompas::api {

struct RateLimitOptions {
  // Sustained calls per second per member. Default 50: far above a person
  // at a keyboard, low enough to stop a loop.
  double rate = 50;
  // Calls a member may make at once before the rate applies. Default 100.
  double burst = 100;
};

// Thread-safe.
class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options) : options_(options) {}

  // OK, or RESOURCE_EXHAUSTED with a retry hint.
  [[nodiscard]] absl::Status Admit(const std::string& member_id);
  // The same with an explicit clock, for tests.
  [[nodiscard]] absl::Status AdmitAt(const std::string& member_id, absl::Time now);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  const RateLimitOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::api

#endif  // KOMPAS_API_RATE_LIMITER_H_
