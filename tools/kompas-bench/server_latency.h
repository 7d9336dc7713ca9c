// kompasd's own latency per RPC, read from its Prometheus histogram
// (kompas_rpc_duration_seconds, GET /metrics on the HTTP listener): the time
// from a handler's start to its answer. Beside the client's figures it tells
// how much of a call's latency the server spent and how much the client, the
// loopback and the scheduling of both processes on the same cores added.
//
//   // kompasd runs with --http_address=127.0.0.1:<port>
//   auto before = ScrapeLatency(port);
//   ... the load ...
//   auto after = ScrapeLatency(port);
//   ServerLatency run = after->Since(*before);
//   run.Row("GetCase");                    // calls, share within 1/2.5/5/10 ms, p99 bound
#ifndef KOMPAS_BENCH_SERVER_LATENCY_H_
#define KOMPAS_BENCH_SERVER_LATENCY_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace kompas::bench {

class ServerLatency {
 public:
  // The histogram's bucket bounds in seconds, as kompasd counts them
  // (server/api/metrics.h), +Inf last.
  static constexpr std::array<double, 13> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  10,   1e300};

  // Reads the successful calls' histograms out of Prometheus text.
  static ServerLatency Parse(const std::string& text);
  // The calls counted after `earlier` was read.
  ServerLatency Since(const ServerLatency& earlier) const;

  // "| calls | ≤1 | ≤2.5 | ≤5 | ≤10 ms | p99 ≤ |" cells for the RPC whose
  // method ends in "/<rpc>", as Markdown.
  std::string Row(const std::string& rpc) const;
  static std::string Header();

 private:
  // Per full method: cumulative counts per bound.
  std::map<std::string, std::array<uint64_t, kBounds.size()>> cumulative_;
};

// GET /metrics from kompasd's HTTP listener on 127.0.0.1:port.
absl::StatusOr<ServerLatency> ScrapeLatency(int port);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_SERVER_LATENCY_H_
