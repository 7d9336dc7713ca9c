// Closed-loop unary calls against a running kompasd, the measuring part of
// `kompas-bench report` and `kompas-bench load`: each client thread has its
// own connection and makes one call after the other until the deadline,
// noting each call's latency. Also the bare synced RocksDB write that
// CreateCase is compared with, and the preparation both commands share: a
// corpus in a temp directory, a token for its member, a kompasd child.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Prepared> p, Prepare(options, flags));
//   Calls get = RunClosedLoop(p->target, Rpc::kGetCase, 8, absl::Seconds(2));
//   std::printf("%.0f calls/s, p99 %.2f ms\n", get.Rate(), get.Quantile(0.99));
#ifndef KOMPAS_BENCH_RPC_LOAD_H_
#define KOMPAS_BENCH_RPC_LOAD_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "child.h"

namespace kompas::bench {

// The RPCs a load thread makes, each on the generated corpus's community.
enum class Rpc {
  kHealthCheck,  // grpc.health.v1.Health/Check: the floor of any call
  kGetCase,      // one case, round robin over Target::cases
  kListCases,    // the first page of 20 cases
  kCreateCase,   // a new OPEN case (BenchCase), synced write
  kSearch,       // one of Target::queries, round robin
};
const char* RpcName(Rpc rpc);

// What the calls go to.
struct Target {
  std::string address;                 // host:port of kompasd's gRPC
  std::string bearer;                  // "Bearer <token>" of the corpus member
  std::string community;               // "communities/bench"
  std::vector<std::string> cases;      // names GetCase reads
  std::vector<std::string> queries;    // what Search looks for
};

// The calls of one run: latencies in milliseconds, errors, wall time.
struct Calls {
  std::vector<double> ms;  // successful calls
  int64_t errors = 0;
  std::string first_error;
  double seconds = 0;  // wall time of the run
  void Merge(Calls other);
  double Rate() const;                // successful calls per second
  double Quantile(double q) const;    // of `ms`, nearest rank; 0 when empty
};

// `threads` threads, each on its own connection, call `rpc` one call after
// the other for `duration`.
Calls RunClosedLoop(const Target& target, Rpc rpc, int threads, absl::Duration duration);

// One thread's loop until `stop` says so (for mixed runs); thread `index`
// picks its starting case and query. With `per_second` > 0 the calls are
// paced instead (open loop): call k is due at start + k / per_second, and its
// latency counts from when it was due, so a slow call also charges the calls
// it held up (no coordinated omission). 0: one call right after the other.
Calls CallUntil(const Target& target, Rpc rpc, int index, const std::atomic<bool>& stop,
                double per_second = 0);

// Call k of a loop paced at `per_second` from `start` is due at
// start + k / per_second.
std::chrono::steady_clock::time_point DueAt(std::chrono::steady_clock::time_point start, int64_t k,
                                            double per_second);
// Sleeps until `t`, in steps so that `stop` ends the wait (then false).
bool SleepUntil(std::chrono::steady_clock::time_point t, const std::atomic<bool>& stop);

// `threads` threads writing one record of `value_bytes` per synced batch
// into `store_dir` (created; same filesystem as kompasd's store) for
// `duration`: the baseline of CreateCase.
absl::StatusOr<Calls> RunBareWrites(const std::string& store_dir, int threads,
                                    absl::Duration duration, size_t value_bytes);

struct PrepareOptions {
  std::string kompasd;       // the binary
  std::string temp_root = "/tmp";
  // An existing corpus (kompas-bench gen) to serve; kompasd writes to it.
  // Empty: generate `cases` x `reflections_per_case` in the temp directory.
  std::string data_dir;
  int64_t cases = 1000;
  int reflections_per_case = 10;
  // Cases GetCase reads (the newest ones, by ListCases).
  int read_set = 500;
  int queries = 500;
};

// A kompasd child serving a corpus, with everything the calls need. Its
// temp directory goes when it is destroyed.
struct Prepared {
  std::string dir;  // temp directory: kompasd.log, port, db/ (or a link to data_dir)
  std::unique_ptr<KompasdChild> kompasd;
  Target target;
  double startup_seconds = 0;  // exec to port file (kompasd serves)
  int64_t cases = 0;           // in the corpus when kompasd started
  ~Prepared();
};
// "{dir}" in a flag stands for the temp directory.
absl::StatusOr<std::unique_ptr<Prepared>> Prepare(const PrepareOptions& options,
                                                  const std::vector<std::string>& kompasd_flags);

// The machine, for a report's header: cores, 1-minute load average.
int Cores();
double LoadAverage1();

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_RPC_LOAD_H_
