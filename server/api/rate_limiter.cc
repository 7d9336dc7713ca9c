#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"

namespace kompas::api {

absl::Status RateLimiter::Admit(const std::string& member_id) {
  return AdmitAt(member_id, absl::Now());
}

absl::Status RateLimiter::AdmitAt(const std::string& member_id, absl::Time now) {
  double wait_seconds = 0;
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = buckets_.try_emplace(member_id, Bucket{options_.burst, now});
    Bucket& b = it->second;
    if (!inserted) {
      const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - b.updated));
      b.tokens = std::min(options_.burst, b.tokens + elapsed * options_.rate);
      b.updated = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return absl::OkStatus();
    }
    wait_seconds = (1 - b.tokens) / options_.rate;
  }
  const int64_t wait_ms = static_cast<int64_t>(std::ceil(wait_seconds * 1000));
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(wait_ms / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>((wait_ms % 1000) * 1000000));
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("too many calls; try again in ", wait_ms, " ms"));
  status.SetPayload("type.googleapis.com/google.rpc.RetryInfo",
                    absl::Cord(retry.SerializeAsString()));
  return status;
}

}  // namespace kompas::api
