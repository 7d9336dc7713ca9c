#include "api/metrics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace kompas::api {
namespace {

// Bucket bounds as written in kBuckets; sums and gauges to nine digits.
std::string Bound(double v) { return absl::StrFormat("%g", v); }
std::string Number(double v) { return absl::StrFormat("%.12g", v); }

}  // namespace

CallMetrics::CallMetrics(const std::vector<std::string>& methods) {
  methods_.reserve(methods.size());
  for (const std::string& name : methods) {
    if (by_name_.count(name) != 0) continue;
    methods_.push_back(std::make_unique<Method>());
    methods_.back()->name = name;
    by_name_.emplace(name, methods_.back().get());
  }
}

void CallMetrics::RecordCall(const std::string& method, absl::StatusCode code,
                             absl::Duration latency) {
  auto it = by_name_.find(method);
  const int c = static_cast<int>(code);
  if (it == by_name_.end() || c < 0 || c >= kCodes) return;
  Series& s = it->second->codes[c];
  const double seconds = absl::ToDoubleSeconds(latency);
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s.sum_micros.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, absl::ToInt64Microseconds(latency))),
                         std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

void CallMetrics::CountRateLimited(RateLimitKind kind) {
  (kind == RateLimitKind::kMember ? rate_limited_member_ : rate_limited_address_)
      .fetch_add(1, std::memory_order_relaxed);
}

void CallMetrics::AppendText(std::string* out) const {
  std::string requests, durations;
  for (const auto& m : methods_) {
    for (int c = 0; c < kCodes; ++c) {
      const Series& s = m->codes[c];
      const uint64_t count = s.count.load(std::memory_order_relaxed);
      if (count == 0) continue;
      const std::string labels =
          absl::StrCat("method=\"", m->name, "\",code=\"",
                       absl::StatusCodeToString(static_cast<absl::StatusCode>(c)), "\"");
      absl::StrAppend(&requests, "kompas_rpc_requests_total{", labels, "} ", count, "\n");
      // Cumulative, as Prometheus wants; read bucket by bucket, so a scrape
      // during a call may see it in a bucket before it is in the count.
      uint64_t cumulative = 0;
      for (size_t b = 0; b < kBuckets.size(); ++b) {
        cumulative += s.buckets[b].load(std::memory_order_relaxed);
        absl::StrAppend(&durations, "kompas_rpc_duration_seconds_bucket{", labels, ",le=\"",
                        Bound(kBuckets[b]), "\"} ", cumulative, "\n");
      }
      cumulative += s.buckets[kBuckets.size()].load(std::memory_order_relaxed);
      absl::StrAppend(&durations, "kompas_rpc_duration_seconds_bucket{", labels,
                      ",le=\"+Inf\"} ", cumulative, "\n");
      absl::StrAppend(&durations, "kompas_rpc_duration_seconds_sum{", labels, "} ",
                      Number(static_cast<double>(s.sum_micros.load(std::memory_order_relaxed)) / 1e6),
                      "\n");
      absl::StrAppend(&durations, "kompas_rpc_duration_seconds_count{", labels, "} ", cumulative,
                      "\n");
    }
  }
  absl::StrAppend(out,
                  "# HELP kompas_rpc_requests_total Calls finished, per RPC and status code.\n"
                  "# TYPE kompas_rpc_requests_total counter\n",
                  requests,
                  "# HELP kompas_rpc_duration_seconds Time from a call's arrival to its "
                  "answer, per RPC and status code (streams: until they end).\n"
                  "# TYPE kompas_rpc_duration_seconds histogram\n",
                  durations,
                  "# HELP kompas_rate_limited_total Calls refused by a rate limit: a member's "
                  "own, or an address whose credentials keep being refused.\n"
                  "# TYPE kompas_rate_limited_total counter\n",
                  "kompas_rate_limited_total{limit=\"member\"} ",
                  rate_limited_member_.load(std::memory_order_relaxed), "\n",
                  "kompas_rate_limited_total{limit=\"address\"} ",
                  rate_limited_address_.load(std::memory_order_relaxed), "\n");
}

void AppendSample(std::string* out, const std::string& name, const std::string& type,
                  const std::string& help, double value) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name, " ",
                  Number(value), "\n");
}

}  // namespace kompas::api
