// What kompasd counts for Prometheus: calls per RPC and outcome with their
// latency, and calls refused by the rate limits. Counting is a few relaxed
// atomic additions per call, on memory laid out when the server starts: no
// lock and no allocation on the call's path. The text format is rendered
// only when someone scrapes (GET /metrics on the HTTP listener).
//
//   CallMetrics metrics(paths);                 // every method the server serves
//   metrics.RecordCall(path, code, latency);    // once per call, in LogCall
//   std::string text;
//   metrics.AppendText(&text);                  // Prometheus text format 0.0.4
//
// Labels hold method names and status codes only, never anything a client
// sent, like the per-call log line.
#ifndef KOMPAS_API_METRICS_H_
#define KOMPAS_API_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace kompas::api {

// Which limit refused a call (rate_limiter.h).
enum class RateLimitKind {
  kMember,   // the member's own budget (--rate_limit_per_second)
  kAddress,  // an address whose credentials keep being refused
};

// Thread-safe.
class CallMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};

  // `methods`: the full gRPC method of every RPC served
  // ("/kompas.v1.CaseService/GetCase"); calls of any other are not counted.
  explicit CallMetrics(const std::vector<std::string>& methods);

  void RecordCall(const std::string& method, absl::StatusCode code, absl::Duration latency);
  void CountRateLimited(RateLimitKind kind);

  // kompas_rpc_requests_total{method,code}, the histogram
  // kompas_rpc_duration_seconds{method,code} (only series that have counted
  // a call) and kompas_rate_limited_total{limit}.
  void AppendText(std::string* out) const;

 private:
  static constexpr int kCodes = 17;  // OK .. UNAUTHENTICATED
  struct Series {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: above all bounds
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_micros{0};
  };
  struct Method {
    std::string name;
    std::array<Series, kCodes> codes;
  };

  std::vector<std::unique_ptr<Method>> methods_;
  // Built in the constructor, only read afterwards.
  std::unordered_map<std::string, Method*> by_name_;
  std::atomic<uint64_t> rate_limited_member_{0};
  std::atomic<uint64_t> rate_limited_address_{0};
};

// One gauge or counter in the text format: its HELP and TYPE lines and one
// sample without labels, e.g. AppendSample(&out, "kompas_store_bytes",
// "gauge", "Bytes of the store's files.", 1234).
void AppendSample(std::string* out, const std::string& name, const std::string& type,
                  const std::string& help, double value);

}  // namespace kompas::api

#endif  // KOMPAS_API_METRICS_H_
