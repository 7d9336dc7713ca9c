// The commands of kompas-bench, each on a data directory that no kompasd
// holds: `gen` fills it with a synthetic corpus (corpus.h), `compact`
// settles its LSM tree (compact.h), `search` measures SearchService.Search's
// domain use case on it. Each returns the
// process exit code and prints its own report.
#ifndef KOMPAS_BENCH_COMMANDS_H_
#define KOMPAS_BENCH_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "corpus.h"

namespace kompas::bench {

struct GenArgs {
  std::string data_dir;
  CorpusOptions corpus;
  // Run Compact afterwards.
  bool compact = false;
};
int Gen(const GenArgs& args);

// Flushes and fully compacts the store (compact.h) and prints its shape
// before and after.
int Compact(const std::string& data_dir);

struct SearchArgs {
  std::string data_dir;
  std::string community = "bench";
  // Measured queries, and unmeasured ones run first (a different seed).
  int queries = 1000;
  int warmup = 100;
  uint64_t seed = 1;
  // Results per page, as SearchRequest.page_size (0: the server default).
  int page_size = 0;
  // Open the store read-only (no lock, no writes, no compaction).
  bool read_only = true;
  // RocksDB block cache; 0: the store's default (as kompasd runs).
  int block_cache_mb = 0;
  // Slowest queries to list with their terms' document frequencies.
  int show_slowest = 5;
  // Filters of every request (SearchRequest.kinds and .status): "case",
  // "reflection", "standard"; "draft", "open", "in_session", "concluded",
  // "archived". Empty: none.
  std::vector<std::string> kinds;
  std::string status;
};
int Search(const SearchArgs& args);

// Prints `cases` generated cases, each with `reflections` reflections, and
// `queries` queries of the search mix, for seed `seed`: what the corpus
// reads like. Needs no data directory.
int Sample(uint64_t seed, int cases, int reflections, int queries);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_COMMANDS_H_
