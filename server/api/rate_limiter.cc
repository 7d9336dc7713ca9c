#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/errors.h"
#include "google/rpc/error_details.pb.h"

namespace kompas::api {

absl::Status RateLimiter::Admit(const std::string& member_id, double cost) {
  return AdmitAt(member_id, absl::Now(), cost);
}

absl::Status RateLimiter::AdmitAt(const std::string& member_id, absl::Time now, double cost) {
  cost = std::min(cost, options_.burst);
  double wait_seconds = 0;
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = buckets_.try_emplace(member_id, Bucket{options_.burst, now});
    Bucket& b = it->second;
    b.tokens = TokensAt(b, now);
    b.updated = now;
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return absl::OkStatus();
    }
    wait_seconds = (cost - b.tokens) / options_.rate;
  }
  return TooMany(wait_seconds);
}

absl::Status RateLimiter::Check(const std::string& key) const {
  const absl::Time now = absl::Now();
  double wait_seconds = 0;
  {
    absl::MutexLock lock(&mu_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return absl::OkStatus();
    const double tokens = TokensAt(it->second, now);
    if (tokens >= 1) return absl::OkStatus();
    wait_seconds = (1 - tokens) / options_.rate;
  }
  return TooMany(wait_seconds);
}

double RateLimiter::TokensAt(const Bucket& b, absl::Time now) const {
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - b.updated));
  return std::min(options_.burst, b.tokens + elapsed * options_.rate);
}

absl::Status RateLimiter::TooMany(double wait_seconds) const {
  const int64_t wait_ms = static_cast<int64_t>(std::ceil(wait_seconds * 1000));
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(wait_ms / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>((wait_ms % 1000) * 1000000));
  absl::Status status = domain::WithReason(
      absl::StatusCode::kResourceExhausted, v1::RATE_LIMITED,
      absl::StrCat(refusal_, "; try again in ", wait_ms, " ms"),
      {{"scope", scope_},
       {"retry_after_seconds", absl::StrCat(std::max<int64_t>(1, (wait_ms + 999) / 1000))}});
  status.SetPayload("type.googleapis.com/google.rpc.RetryInfo",
                    absl::Cord(retry.SerializeAsString()));
  return status;
}

}  // namespace kompas::api
