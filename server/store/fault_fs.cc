#include "store/fault_fs.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"

namespace kompas::store {

// A file that asks its file system before each append and sync, and tells
// it how much was appended and synced.
class FaultInjectionFs::File final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  File(FaultInjectionFs* fs, std::string fname, std::unique_ptr<rocksdb::FSWritableFile> target)
      : FSWritableFileOwnerWrapper(std::move(target)), fs_(fs), fname_(std::move(fname)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = fs_->IfIntact(fname_);
    if (s.ok()) s = fs_->BeforeAppend();
    if (s.ok()) s = target()->Append(data, options, dbg);
    if (s.ok()) fs_->Appended(fname_, data.size());
    return s;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& /*info*/,
                           rocksdb::IODebugContext* dbg) override {
    return Append(data, options, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = fs_->IfIntact(fname_);
    if (s.ok()) s = fs_->BeforeAppend();
    if (s.ok()) s = target()->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) fs_->Appended(fname_, data.size());
    return s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& /*info*/,
                                     rocksdb::IODebugContext* dbg) override {
    return PositionedAppend(data, offset, options, dbg);
  }
  rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = fs_->IfActive();
    if (s.ok()) s = target()->Truncate(size, options, dbg);
    if (s.ok()) fs_->Track(fname_, size);
    return s;
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    // What was appended before the sync starts; a concurrent append (a
    // WAL sync runs beside writes) is not covered by it.
    const uint64_t size = fs_->SizeOf(fname_);
    bool lose = false;
    rocksdb::IOStatus s = fs_->IfIntact(fname_);
    if (s.ok()) s = fs_->BeforeSync(&lose);
    if (s.ok()) s = target()->Sync(options, dbg);
    if (s.ok()) fs_->Synced(fname_, size);
    if (lose && absl::EndsWith(fname_, ".log")) fs_->LoseUnsynced(fname_);
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    // What was appended before the sync starts; a concurrent append (a
    // WAL sync runs beside writes) is not covered by it.
    const uint64_t size = fs_->SizeOf(fname_);
    bool lose = false;
    rocksdb::IOStatus s = fs_->IfIntact(fname_);
    if (s.ok()) s = fs_->BeforeSync(&lose);
    if (s.ok()) s = target()->Fsync(options, dbg);
    if (s.ok()) fs_->Synced(fname_, size);
    if (lose && absl::EndsWith(fname_, ".log")) fs_->LoseUnsynced(fname_);
    return s;
  }
  rocksdb::IOStatus Close(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = target()->Close(options, dbg);
    closed_ = true;
    fs_->Closed(fname_);
    return s;
  }
  ~File() override {
    // A file destroyed unclosed closes itself: give the cut its chance.
    if (!closed_) (void)Close(rocksdb::IOOptions(), nullptr);
  }
  // sync_file_range promises nothing about durability: not a sync here.
  rocksdb::IOStatus RangeSync(uint64_t, uint64_t, const rocksdb::IOOptions&,
                              rocksdb::IODebugContext*) override {
    return fs_->IfActive();
  }

 private:
  FaultInjectionFs* fs_;
  const std::string fname_;
  bool closed_ = false;
};

FaultInjectionFs::FaultInjectionFs(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

void FaultInjectionFs::FailWrites(int n) {
  absl::MutexLock lock(&mu_);
  fail_writes_ = n;
}

void FaultInjectionFs::FailSyncs(int n, bool lose_unsynced) {
  absl::MutexLock lock(&mu_);
  fail_syncs_ = n;
  failed_syncs_lose_data_ = lose_unsynced;
}

void FaultInjectionFs::HoldSyncs(bool hold) {
  absl::MutexLock lock(&mu_);
  syncs_released_ = !hold;
}

int FaultInjectionFs::syncs_waiting() const {
  absl::MutexLock lock(&mu_);
  return syncs_waiting_;
}

int FaultInjectionFs::log_syncs() const {
  absl::MutexLock lock(&mu_);
  return log_syncs_;
}

void FaultInjectionFs::SetDiskFull(bool full) {
  absl::MutexLock lock(&mu_);
  disk_full_ = full;
}

void FaultInjectionFs::SetActive(bool active) {
  absl::MutexLock lock(&mu_);
  active_ = active;
}

int FaultInjectionFs::faults_injected() const {
  absl::MutexLock lock(&mu_);
  return faults_;
}

uint64_t FaultInjectionFs::DropUnsyncedData() {
  absl::MutexLock lock(&mu_);
  uint64_t dropped = 0;
  for (auto& [fname, sizes] : files_) dropped += CutToSynced(fname, sizes);
  return dropped;
}

void FaultInjectionFs::LoseUnsynced(const std::string& fname) {
  absl::MutexLock lock(&mu_);
  auto it = files_.find(fname);
  if (it == files_.end()) return;
  it->second.lost = true;
  CutToSynced(it->first, it->second);
}

rocksdb::IOStatus FaultInjectionFs::IfIntact(const std::string& fname) {
  absl::MutexLock lock(&mu_);
  auto it = files_.find(fname);
  if (it == files_.end() || !it->second.lost) return rocksdb::IOStatus::OK();
  ++faults_;
  return rocksdb::IOStatus::IOError("injected fault: the file lost data in a failed sync");
}

void FaultInjectionFs::Closed(const std::string& fname) {
  absl::MutexLock lock(&mu_);
  auto it = files_.find(fname);
  if (it == files_.end() || !it->second.lost) return;
  // The POSIX file's Close may have restored the size it counted.
  uint64_t actual = 0;
  if (target()->GetFileSize(fname, rocksdb::IOOptions(), &actual, nullptr).ok()) {
    it->second.size = actual;
  }
  CutToSynced(it->first, it->second);
}

uint64_t FaultInjectionFs::CutToSynced(const std::string& fname, Sizes& sizes) {
  if (sizes.size <= sizes.synced) return 0;
  uint64_t actual = 0;
  if (!target()->GetFileSize(fname, rocksdb::IOOptions(), &actual, nullptr).ok()) return 0;
  if (actual <= sizes.synced) return 0;
  // RocksDB's POSIX file system does not implement Truncate; ours is real.
  if (target()->Truncate(fname, sizes.synced, rocksdb::IOOptions(), nullptr).ok() ||
      ::truncate(fname.c_str(), static_cast<off_t>(sizes.synced)) == 0) {
    sizes.size = sizes.synced;
    return actual - sizes.synced;
  }
  return 0;
}

rocksdb::IOStatus FaultInjectionFs::BeforeAppend() {
  absl::MutexLock lock(&mu_);
  if (!active_) {
    ++faults_;
    return rocksdb::IOStatus::IOError("injected fault: power cut");
  }
  if (disk_full_) {
    ++faults_;
    return rocksdb::IOStatus::NoSpace("injected fault: no space left on device");
  }
  if (fail_writes_ > 0) {
    --fail_writes_;
    ++faults_;
    return rocksdb::IOStatus::IOError("injected fault: write failed");
  }
  return rocksdb::IOStatus::OK();
}

rocksdb::IOStatus FaultInjectionFs::BeforeSync(bool* lose) {
  absl::MutexLock lock(&mu_);
  ++syncs_waiting_;
  mu_.Await(absl::Condition(&syncs_released_));
  --syncs_waiting_;
  if (!active_) {
    ++faults_;
    return rocksdb::IOStatus::IOError("injected fault: power cut");
  }
  if (fail_syncs_ > 0) {
    --fail_syncs_;
    ++faults_;
    *lose = failed_syncs_lose_data_;
    return rocksdb::IOStatus::IOError("injected fault: sync failed");
  }
  return rocksdb::IOStatus::OK();
}

rocksdb::IOStatus FaultInjectionFs::IfActive() {
  absl::MutexLock lock(&mu_);
  if (active_) return rocksdb::IOStatus::OK();
  ++faults_;
  return rocksdb::IOStatus::IOError("injected fault: power cut");
}

void FaultInjectionFs::Appended(const std::string& fname, uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  files_[fname].size += bytes;
}

uint64_t FaultInjectionFs::SizeOf(const std::string& fname) {
  absl::MutexLock lock(&mu_);
  return files_[fname].size;
}

void FaultInjectionFs::Synced(const std::string& fname, uint64_t size) {
  absl::MutexLock lock(&mu_);
  Sizes& sizes = files_[fname];
  sizes.synced = std::max(sizes.synced, size);
  if (absl::EndsWith(fname, ".log")) ++log_syncs_;
}

void FaultInjectionFs::Track(const std::string& fname, uint64_t size) {
  absl::MutexLock lock(&mu_);
  Sizes& sizes = files_[fname];
  sizes.size = size;
  if (sizes.synced > size) sizes.synced = size;
}

rocksdb::IOStatus FaultInjectionFs::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->NewWritableFile(fname, options, &file, dbg);
  if (!s.ok()) return s;
  {
    absl::MutexLock lock(&mu_);
    files_[fname] = Sizes{};  // a new, empty file: nothing of it is synced yet
  }
  *result = std::make_unique<File>(this, fname, std::move(file));
  return s;
}

rocksdb::IOStatus FaultInjectionFs::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (!s.ok()) return s;
  uint64_t existing = 0;
  (void)target()->GetFileSize(fname, rocksdb::IOOptions(), &existing, dbg);
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->ReopenWritableFile(fname, options, &file, dbg);
  if (!s.ok()) return s;
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = files_.try_emplace(fname, Sizes{existing, existing});
    if (!inserted) it->second.size = existing;  // keeps what was known to be synced
  }
  *result = std::make_unique<File>(this, fname, std::move(file));
  return s;
}

rocksdb::IOStatus FaultInjectionFs::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->ReuseWritableFile(fname, old_fname, options, &file, dbg);
  if (!s.ok()) return s;
  {
    absl::MutexLock lock(&mu_);
    files_.erase(old_fname);
    files_[fname] = Sizes{};
  }
  *result = std::make_unique<File>(this, fname, std::move(file));
  return s;
}

rocksdb::IOStatus FaultInjectionFs::DeleteFile(const std::string& fname,
                                               const rocksdb::IOOptions& options,
                                               rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (s.ok()) s = target()->DeleteFile(fname, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(fname);
  }
  return s;
}

rocksdb::IOStatus FaultInjectionFs::RenameFile(const std::string& from, const std::string& to,
                                               const rocksdb::IOOptions& options,
                                               rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (s.ok()) s = target()->RenameFile(from, to, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(to);
    if (auto it = files_.find(from); it != files_.end()) {
      files_[to] = it->second;
      files_.erase(from);
    }
  }
  return s;
}

rocksdb::IOStatus FaultInjectionFs::Truncate(const std::string& fname, size_t size,
                                             const rocksdb::IOOptions& options,
                                             rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = IfActive();
  if (s.ok()) s = target()->Truncate(fname, size, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    if (auto it = files_.find(fname); it != files_.end()) {
      it->second.size = size;
      if (it->second.synced > size) it->second.synced = size;
    }
  }
  return s;
}

}  // namespace kompas::store
