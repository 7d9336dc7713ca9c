// Many WatchSession streams held open by one client process, without a
// thread per stream: over Connect (HTTP/1.1 streaming POSTs, JSON envelopes,
// one connection per stream, all on one Asio io_context) or over native gRPC
// (callback-API read reactors on gRPC's own small thread pool). Each stream
// stamps every message with the steady clock the moment its bytes are in;
// decoding, matching and statistics happen after the run, so they cannot
// delay the next stream's read.
//
//   std::unique_ptr<WatcherPool> pool = NewConnectWatchers("127.0.0.1:8080", 1);
//   pool->Open(targets);                        // returns at once
//   ... wait for pool->ready() == targets.size(), post events ...
//   pool->Close(absl::Seconds(10));
//   for (const WatcherResult& r : pool->Results()) ...
#ifndef KOMPAS_BENCH_WATCHERS_H_
#define KOMPAS_BENCH_WATCHERS_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "kompas/v1/session.pb.h"

namespace kompas::bench {

using SteadyTime = std::chrono::steady_clock::time_point;

// One stream to open: which session, as whom, from where.
struct WatchTarget {
  std::string session;         // communities/{community}/sessions/{id}
  std::string token;           // the member's bearer token
  int64_t after_sequence = 0;  // WatchSessionRequest.after_sequence
};

// One event message a stream received.
struct Arrival {
  SteadyTime time;
  v1::SessionEvent event;
};

// What one stream saw, in the order of `targets` given to Open.
struct WatcherResult {
  // Its first message (the session) arrived.
  bool opened = false;
  // How it ended before Close: "" (it did not), else the status code name
  // (Connect's, e.g. "resource_exhausted") or a transport error.
  std::string ended;
  // Every event message, in arrival order.
  std::vector<Arrival> arrivals;
  // Messages that did not decode as WatchSessionResponse.
  int undecodable = 0;
};

class WatcherPool {
 public:
  virtual ~WatcherPool() = default;
  // Starts one stream per target and returns; streams open in the
  // background. Call once.
  virtual void Open(const std::vector<WatchTarget>& targets) = 0;
  // Streams whose first message arrived / that ended (thread-safe, cheap).
  virtual int ready() const = 0;
  virtual int ended() const = 0;
  // Event messages received so far over all streams.
  virtual int64_t events() const = 0;
  // Cancels every stream and waits up to `timeout` until all are gone.
  virtual void Close(absl::Duration timeout) = 0;
  // After Close: what each stream saw.
  virtual std::vector<WatcherResult> Results() = 0;
};

// Connect over plaintext HTTP/1.1 to `http_address` (host:port), Content-Type
// application/connect+json as the web app sends it, `io_threads` threads
// running the one io_context.
std::unique_ptr<WatcherPool> NewConnectWatchers(const std::string& http_address, int io_threads);

// Native gRPC to `grpc_address`, over `connections` channels (each its own
// TCP connection; streams spread round robin); 0: one per stream.
std::unique_ptr<WatcherPool> NewGrpcWatchers(const std::string& grpc_address, int connections);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_WATCHERS_H_
