// The explicit way past a damaged store (kompas-admin repair --accept-loss):
// brings a damaged write-ahead log back to the last write before the damage
// (the log is cut there; the whole log and every later one are set aside in
// DATA_DIR/lost/), rebuilds the table of files with RocksDB's RepairDB when
// a table file or the manifest is damaged, and reports what was lost. Store::Open refuses such a store (DATA_LOSS) so
// that nothing is dropped without someone deciding to.
//
//   ASSIGN_OR_RETURN(RepairReport report, RepairStore("/var/kompas"));
#ifndef KOMPAS_STORE_REPAIR_H_
#define KOMPAS_STORE_REPAIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace kompas::store {

struct RepairReport {
  // "FILE at byte N (reason)" of the first damage in the write-ahead log;
  // empty when the log was intact.
  std::string wal_damage;
  // Intact write batches after that damage, dropped with it.
  int64_t wal_batches_dropped = 0;
  // The damaged log file, the byte offset of the damage, and where the log
  // was cut (the start of the damaged write). The whole log as it was, and
  // every later log, are kept in DATA_DIR/lost/.
  std::string wal_file;
  uint64_t wal_offset = 0;
  uint64_t wal_cut_at = 0;
  // Tables that already held writes from after the damage in their table
  // files (flushed before the crash, by a store opened without atomic
  // flushes): they keep them, so they may disagree with the other tables
  // about those writes. Empty on a store kept by this version.
  std::vector<std::string> tables_ahead;
  // Why RocksDB's RepairDB had to rebuild the files' table (a damaged table
  // file or manifest); empty when it did not run.
  std::string rebuilt_because;
  struct Table {
    std::string name;
    // Records readable before the repair (-1: the store could not be read
    // at all), changes to this table among the dropped log batches, and
    // records after the repair.
    int64_t before = -1;
    int64_t wal_changes_dropped = 0;
    int64_t after = 0;
  };
  std::vector<Table> tables;
};

// Needs the store closed (kompasd stopped). FAILED_PRECONDITION when the
// store is not damaged (nothing to repair: nothing is changed then);
// DATA_LOSS when even the repair cannot make it open.
absl::StatusOr<RepairReport> RepairStore(const std::string& data_dir);

}  // namespace kompas::store

#endif  // KOMPAS_STORE_REPAIR_H_
