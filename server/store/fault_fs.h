// A RocksDB file system for tests that fails on command: the next N writes
// or syncs, a full disk, and a power cut that loses what was never synced.
// It wraps the real file system (the way RocksDB's FaultInjectionTestFS and
// LevelDB's FaultInjectionTestEnv do), so the database still lives in an
// ordinary directory. Never used by kompasd itself: tests hand it to
// Store::Open through StoreOptions::file_system.
//
//   auto fs = std::make_shared<FaultInjectionFs>();
//   auto store = Store::Open({.data_dir = dir, .file_system = fs});
//   fs->FailSyncs(1);                 // the next write's WAL sync fails
//   fs->FailSyncs(1, /*lose_unsynced=*/true);  // ... and its data is gone
//   fs->HoldSyncs(true);              // syncs wait until HoldSyncs(false)
//   fs->SetDiskFull(true);            // every append fails with ENOSPC
//   fs->SetActive(false);             // power cut: nothing reaches the disk
//   (void)(*store)->Close();
//   fs->DropUnsyncedData();           // ... and what was not synced is gone
//
// Thread-safe. What a power cut loses here: every byte appended to a file
// after its last Sync/Fsync. Not modelled: a new file's directory entry that
// was never synced (it survives here), reordering of unsynced writes, torn
// sectors.
#ifndef KOMPAS_STORE_FAULT_FS_H_
#define KOMPAS_STORE_FAULT_FS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace kompas::store {

class FaultInjectionFs final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultInjectionFs(
      std::shared_ptr<rocksdb::FileSystem> base = rocksdb::FileSystem::Default());

  const char* Name() const override { return "KompasFaultInjectionFs"; }

  // The next n appends to any file fail with an I/O error and write nothing.
  void FailWrites(int n);
  // The next n syncs (Sync or Fsync) of any file fail with an I/O error.
  // The data appended since the file's last sync stays unsynced; with
  // lose_unsynced, a write-ahead log (*.log) loses it instead, as Linux may
  // drop the dirty pages of a failed fsync, and every later append to or
  // sync of that file fails too (nothing lands behind the hole), until it
  // is closed, when it is cut back to what was synced.
  void FailSyncs(int n, bool lose_unsynced = false);
  // While held, every sync waits (a very slow disk) until released.
  void HoldSyncs(bool hold);
  // How many syncs are waiting because they are held.
  int syncs_waiting() const;
  // How many syncs of a write-ahead log (*.log) succeeded so far.
  int log_syncs() const;
  // While full, every append fails with ENOSPC (IOStatus::NoSpace) and
  // writes nothing, as on a disk without free blocks.
  void SetDiskFull(bool full);
  // While inactive (a simulated power cut), every change to the file system
  // (append, sync, create, rename, delete, truncate) fails and does nothing,
  // so closing the database cannot rescue unsynced data.
  void SetActive(bool active);
  // Truncates every file written through this file system to its size at
  // its last sync: what a power cut leaves. Call after the database closed.
  // Returns the number of bytes dropped.
  uint64_t DropUnsyncedData();
  // How many operations failed on purpose so far.
  int faults_injected() const;

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname,
                                       const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;

 private:
  class File;
  friend class File;

  // The bytes of one file: appended so far, and as of its last sync.
  struct Sizes {
    uint64_t size = 0;
    uint64_t synced = 0;
    bool lost = false;  // a failed sync took its unsynced data
  };

  // OK, or the fault to report instead of appending.
  rocksdb::IOStatus BeforeAppend();
  // `lose`: set when the fault also takes the file's unsynced data.
  rocksdb::IOStatus BeforeSync(bool* lose);
  // Marks the file as having lost its unsynced data, and cuts it back to
  // its size at its last sync.
  void LoseUnsynced(const std::string& fname);
  // An I/O error for a file that lost data (FailSyncs), else OK.
  rocksdb::IOStatus IfIntact(const std::string& fname);
  // Cuts a file that lost data back to its synced size once closed: the
  // POSIX file's Close restores the size it counted (with zeros).
  void Closed(const std::string& fname);
  rocksdb::IOStatus IfActive();
  void Appended(const std::string& fname, uint64_t bytes);
  uint64_t SizeOf(const std::string& fname);
  // `size`: the file's size when its sync began.
  void Synced(const std::string& fname, uint64_t size);
  void Track(const std::string& fname, uint64_t size);
  // Truncates the file to sizes.synced; returns the bytes dropped.
  uint64_t CutToSynced(const std::string& fname, Sizes& sizes) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  int fail_writes_ ABSL_GUARDED_BY(mu_) = 0;
  int fail_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  bool failed_syncs_lose_data_ ABSL_GUARDED_BY(mu_) = false;
  bool disk_full_ ABSL_GUARDED_BY(mu_) = false;
  bool active_ ABSL_GUARDED_BY(mu_) = true;
  int faults_ ABSL_GUARDED_BY(mu_) = 0;
  bool syncs_released_ ABSL_GUARDED_BY(mu_) = true;
  int syncs_waiting_ ABSL_GUARDED_BY(mu_) = 0;
  int log_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, Sizes> files_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::store

#endif  // KOMPAS_STORE_FAULT_FS_H_
