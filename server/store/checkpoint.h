// A consistent copy of a live store, for online backups: RocksDB's
// Checkpoint, taken while the store serves reads and writes. The copy holds
// every write acknowledged before the call, across all tables at one
// point in time; files are hard-linked when the directory is on the same
// file system (then the copy takes seconds and little space until the live
// store compacts), copied otherwise.
//
//   ASSIGN_OR_RETURN(uint64_t sequence, store::CreateCheckpoint(*store, "/backup/2026-12-05"));
//   // Store::Open({.data_dir = "/backup/2026-12-05"}) opens the copy.
#ifndef KOMPAS_STORE_CHECKPOINT_H_
#define KOMPAS_STORE_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace kompas::store {

// Writes the copy into `dir`, which must not exist (its parent must).
// Returns RocksDB's last sequence number as of the copy. Blocks on a flush
// of the memtables; writers are not stopped. FAILED_PRECONDITION for a
// read-only store.
absl::StatusOr<uint64_t> CreateCheckpoint(Store& store, const std::string& dir);

}  // namespace kompas::store

#endif  // KOMPAS_STORE_CHECKPOINT_H_
