// Brings a generated store to the shape a long-running server settles into:
// every memtable flushed (so no write-ahead log is left to replay) and every
// table compacted to its last level (so a prefix scan merges one sorted run,
// not a pile of level-0 files that bulk loading leaves behind).
//
// The one place in Kompas outside server/store that opens RocksDB itself:
// the store layer has no compaction call, and a benchmark must not wait on
// background compactions it cannot see. It reopens the database with the
// options RocksDB persisted (OPTIONS-*), so the tables it writes keep the
// store's bloom filters and block settings.
#ifndef KOMPAS_BENCH_COMPACT_H_
#define KOMPAS_BENCH_COMPACT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace kompas::bench {

struct TableShape {
  std::string name;             // the column family (store table)
  int64_t level0_files = 0;
  int64_t files = 0;
  int64_t sst_bytes = 0;
};

struct CompactReport {
  std::vector<TableShape> before, after;
  int64_t wal_bytes_before = 0, wal_bytes_after = 0;
};

// Flushes and fully compacts every table of the RocksDB database in
// `data_dir`. Needs the directory to itself (no kompasd).
absl::StatusOr<CompactReport> CompactStore(const std::string& data_dir);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_COMPACT_H_
