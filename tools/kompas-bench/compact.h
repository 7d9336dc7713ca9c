// Brings a generated store to the shape a long-running server settles into:
// every memtable flushed (so no write-ahead log is left to replay) and every
// table compacted to its last level (so a prefix scan merges one sorted run,
// and each posting block is one value instead of a pile of merge operands
// that bulk loading leaves behind). Uses Store::Compact.
#ifndef KOMPAS_BENCH_COMPACT_H_
#define KOMPAS_BENCH_COMPACT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace kompas::bench {

struct TableSize {
  std::string name;  // the store table
  int64_t before = 0, after = 0;  // bytes on disk
};

struct CompactReport {
  std::vector<TableSize> tables;
  int64_t wal_bytes_before = 0, wal_bytes_after = 0;
};

// Flushes and fully compacts every table of the store in `data_dir`. Needs
// the directory to itself (no kompasd).
absl::StatusOr<CompactReport> CompactStore(const std::string& data_dir);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_COMPACT_H_
