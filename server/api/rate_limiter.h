// Per-member rate limiting with token buckets: each member may make `rate`
// calls per second on average and `burst` in a row. A call over the limit is
// refused with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo saying when to
// try again, so one runaway script cannot crowd out the professionals.
#ifndef KOMPAS_API_RATE_LIMITER_H_
#define KOMPAS_API_RATE_LIMITER_H_

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "api/limit_options.h"
#include "absl/time/time.h"

namespace kompas::api {

// Thread-safe.
class RateLimiter {
 public:
  // `refusal` starts the message of a refused call; `scope` is the
  // RATE_LIMITED refusal's `scope` fact ("calls", "sign_in").
  explicit RateLimiter(RateLimitOptions options, std::string refusal = "too many calls",
                       std::string scope = "calls")
      : options_(options), refusal_(std::move(refusal)), scope_(std::move(scope)) {}

  // OK, or RESOURCE_EXHAUSTED (reason RATE_LIMITED) with a retry hint. A call costs `cost`
  // tokens (at most `burst`): opening a watch costs more than a read.
  [[nodiscard]] absl::Status Admit(const std::string& member_id, double cost = 1);
  // The same with an explicit clock, for tests.
  [[nodiscard]] absl::Status AdmitAt(const std::string& member_id, absl::Time now,
                                     double cost = 1);
  // Whether `key` has a token left, without taking one: OK, or the same
  // RESOURCE_EXHAUSTED as Admit. For limits on failures, which are counted
  // (Admit) only once a call has failed but checked before it is tried.
  [[nodiscard]] absl::Status Check(const std::string& key) const;

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  // A bucket's tokens at `now`, refilled at the rate up to the burst.
  double TokensAt(const Bucket& b, absl::Time now) const;
  absl::Status TooMany(double wait_seconds) const;

  const RateLimitOptions options_;
  const std::string refusal_;
  const std::string scope_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::api

#endif  // KOMPAS_API_RATE_LIMITER_H_
