// kompas-bench report: the speed targets of issue 19 in one run, as ratios
// against baselines measured in the same run, with absolute figures, the
// machine's core count and load; printed and written as Markdown.
// kompas-bench load: readers, writers, searchers and session watchers
// together against one kompasd for a while: latency per RPC, errors, peak
// memory.
//
// Both serve a generated corpus (community "bench", corpus.h) from a kompasd
// child on 127.0.0.1 in a temp directory (rpc_load.h), or an existing corpus
// given with --data_dir.
#ifndef KOMPAS_BENCH_REPORT_H_
#define KOMPAS_BENCH_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rpc_load.h"

namespace kompas::bench {

struct ReportArgs {
  PrepareOptions prepare;
  // Seconds per measurement in a round; each round measures everything once.
  double seconds = 2;
  // Rounds: ratios are taken per round (baseline and measure close in
  // time), then their median and spread over the rounds are shown.
  int rounds = 3;
  // Client threads of the concurrent measurements.
  int threads = 8;
  // Markdown copy of the table; empty: none.
  std::string out;
  // The source tree, for the commit in the header (git); may be empty.
  std::string source_dir;
  std::vector<std::string> kompasd_flags;
};
// 0 when every measurement ran without errors (targets missed do not fail
// it), 1 otherwise.
int Report(const ReportArgs& args);

struct LoadArgs {
  PrepareOptions prepare;
  double duration_seconds = 30;
  int readers = 4;     // GetCase
  int listers = 1;     // ListCases
  int writers = 2;     // CreateCase
  int searchers = 1;   // Search
  int watchers = 50;   // WatchSession streams (native gRPC)
  int sessions = 2;    // sessions they follow
  double post_rate = 5;  // reflections posted per second over all sessions
  // Calls per second of each reader, lister, writer and searcher thread
  // (open loop, see CallUntil); 0: each calls as fast as it is answered,
  // which keeps the machine saturated.
  double call_rate = 0;
  std::string seed;            // demo community (kompasd --seed)
  std::string municipalities;  // kompasd --municipalities
  std::vector<std::string> kompasd_flags;
};
// 0 when no call failed, every stream stayed open and got every post; 1
// otherwise.
int Load(const LoadArgs& args);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_REPORT_H_
