#include "store/store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "store/checkpoint.h"
#include "store/repair.h"
#include "store/merge.h"
#include "store/internal/wal_scan.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/listener.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"

namespace kompas::store {
namespace {

constexpr Table kAllTables[kTableCount] = {
    Table::kMeta,  Table::kMunicipalities, Table::kCommunities, Table::kMembers,
    Table::kCases, Table::kCaseIndex,      Table::kReflections, Table::kRequestIds,
    Table::kTokens, Table::kAudit,         Table::kAuditIndex,  Table::kSessions,
    Table::kSessionEvents, Table::kParkedQuestions, Table::kEvaluations, Table::kStandards,
    Table::kStandardRevisions, Table::kStandardSources, Table::kErrata, Table::kPositions,
    Table::kKompasVersions, Table::kSearchDocs, Table::kSearchPostings, Table::kAnnotations,
    Table::kAnnotationTargets, Table::kSearchNumbers, Table::kSearchCounts, Table::kCaseCounts,
};

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  // The message names the operation and RocksDB's reason; it never holds a
  // key or value, which could carry client text.
  std::string msg = absl::StrCat("storage ", what, " failed: ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsBusy() || s.IsTryAgain()) return absl::UnavailableError(msg);
  if (s.IsCorruption()) {
    return absl::DataLossError(absl::StrCat(
        msg, " (the Kompas store is damaged: stop kompasd, then restore the latest backup or run "
             "kompas-admin repair --accept-loss)"));
  }
  if (s.IsIOError()) return absl::UnavailableError(msg);
  return absl::InternalError(msg);
}

// Why a write failed, for the operator: a full disk is RESOURCE_EXHAUSTED,
// any other failure of the disk UNAVAILABLE; both say that reads go on.
absl::Status WriteRefusal(const rocksdb::Status& s) {
  if (s.IsNoSpace() || s.subcode() == rocksdb::Status::kNoSpace) {
    absl::Status full = absl::ResourceExhaustedError(absl::StrCat(
        "the disk of the Kompas store is full: changes are refused until space is freed on it "
        "(reads keep working; the store resumes writing by itself once there is room). ",
        "RocksDB said: ", s.ToString()));
    full.SetPayload(kStorageFaultPayload, absl::Cord("full"));
    return full;
  }
  if (s.IsIOError()) {
    absl::Status failed = absl::UnavailableError(absl::StrCat(
        "the Kompas store cannot write to its disk: changes are refused until a retry succeeds "
        "(reads keep working; the store retries by itself). RocksDB said: ",
        s.ToString()));
    failed.SetPayload(kStorageFaultPayload, absl::Cord("failed"));
    return failed;
  }
  return FromRocks(s, "write");
}

// Left in the store while RocksDB's RepairDB runs: a RepairDB that fails
// half way can leave a store that opens but lacks whole tables, so Open
// refuses a store with this file in it.
constexpr char kRepairMarker[] = "KOMPAS_REPAIR_UNFINISHED";

// What to do about a store that RocksDB found damaged at open.
absl::Status DamagedStore(const std::string& dir, const rocksdb::Status& s) {
  std::string where;
  internal::WalScan wal = internal::ScanWals(dir);
  if (wal.damage) {
    where = absl::StrCat(" The write-ahead log ", wal.damage->file, " is damaged at byte ",
                         wal.damage->offset, " (", wal.damage->reason, "); ",
                         wal.batches_after, " intact write(s) follow the damage.");
  }
  return absl::DataLossError(absl::StrCat(
      "the store in ", dir, " is damaged, so Kompas does not start on it (starting would "
      "silently lose acknowledged changes): ", s.ToString(), ".", where,
      " Restore the latest backup (kompas-admin restore --from BACKUP --data_dir NEW_DIR), or, "
      "to accept losing what the damage took, run kompas-admin repair --data_dir ", dir,
      " --accept-loss, which reports what it dropped."));
}

// The entry-set rule of store/merge.h for RocksDB: operands applied in order
// on top of the existing value.
class EntrySetOperator final : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<absl::string_view> operands;
    operands.reserve(in.operand_list.size());
    for (const rocksdb::Slice& op : in.operand_list) operands.emplace_back(op.data(), op.size());
    absl::string_view existing;
    if (in.existing_value != nullptr) {
      existing = absl::string_view(in.existing_value->data(), in.existing_value->size());
    }
    return ApplyEntryOperands(existing, operands, &out->new_value);
  }
  // Changes in order, one after the other: flushes fold a value's pending
  // changes into one operand instead of keeping one entry each.
  bool PartialMergeMulti(const rocksdb::Slice&, const std::deque<rocksdb::Slice>& operands,
                         std::string* merged, rocksdb::Logger*) const override {
    merged->clear();
    for (const rocksdb::Slice& op : operands) merged->append(op.data(), op.size());
    return true;
  }
  const char* Name() const override { return "kompas.EntrySet"; }
};

// The counters rule: field-wise sums, associative.
class CountersOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* merged, rocksdb::Logger*) const override {
    if (value.size() % 8 != 0 || (existing != nullptr && existing->size() % 8 != 0)) return false;
    *merged = AddCounts(existing == nullptr ? absl::string_view()
                                            : absl::string_view(existing->data(), existing->size()),
                        absl::string_view(value.data(), value.size()));
    return true;
  }
  const char* Name() const override { return "kompas.Counters"; }
};

// RocksDB's info log, the LOG file in the data directory (RocksDB's own
// messages: no keys or values), written by the store instead of by
// RocksDB's file logger. That logger asserts on the line after a write of
// it failed, and Debian's RocksDB 7.8 keeps its assertions, so a full disk
// aborted kompasd instead of refusing changes. This one drops a line it
// cannot write. It keeps the file under `max_bytes`, rolling it to LOG.old
// (one old file: at most twice `max_bytes` on disk). Thread-safe.
class InfoLog final : public rocksdb::Logger {
 public:
  InfoLog(std::string path, off_t max_bytes)
      : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL),
        path_(std::move(path)),
        max_bytes_(max_bytes) {
    absl::MutexLock lock(&mu_);
    OpenLocked();
  }
  ~InfoLog() override {
    absl::MutexLock lock(&mu_);
    if (fd_ >= 0) ::close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    const absl::Time now = absl::Now();
    std::string line = absl::FormatTime("%Y/%m/%d-%H:%M:%E6S ", now, absl::LocalTimeZone());
    va_list copy;
    va_copy(copy, ap);
    const int n = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    if (n < 0) return;
    const size_t prefix = line.size();
    line.resize(prefix + static_cast<size_t>(n) + 1);
    std::vsnprintf(line.data() + prefix, static_cast<size_t>(n) + 1, format, ap);
    line.resize(prefix + static_cast<size_t>(n));
    if (line.empty() || line.back() != '\n') line.push_back('\n');
    absl::MutexLock lock(&mu_);
    if (fd_ < 0) OpenLocked();  // the directory did not exist yet at first
    if (fd_ >= 0 && size_ + static_cast<off_t>(line.size()) > max_bytes_) {
      ::close(fd_);
      (void)std::rename(path_.c_str(), (path_ + ".old").c_str());
      OpenLocked();
    }
    if (fd_ < 0) return;
    const ssize_t written = ::write(fd_, line.data(), line.size());
    if (written > 0) size_ += written;  // a failed or short write is dropped
  }

 private:
  void OpenLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    size_ = fd_ >= 0 ? ::lseek(fd_, 0, SEEK_END) : 0;
  }

  const std::string path_;
  const off_t max_bytes_;
  absl::Mutex mu_;
  int fd_ ABSL_GUARDED_BY(mu_) = -1;
  off_t size_ ABSL_GUARDED_BY(mu_) = 0;
};

// What DB::Open needs, kept to open the database again after a failure.
struct OpenParams {
  std::string dir;
  std::unique_ptr<rocksdb::Env> env;  // over StoreOptions::file_system, or null
  rocksdb::Options db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
};

rocksdb::Status OpenDb(const OpenParams& p, bool read_only, std::unique_ptr<rocksdb::DB>* db,
                       std::vector<rocksdb::ColumnFamilyHandle*>* handles) {
  rocksdb::DB* raw = nullptr;
  handles->clear();
  // Read-only takes no lock and creates nothing (not even an info log).
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(p.db_options, p.dir, p.descriptors, handles, &raw)
                : rocksdb::DB::Open(p.db_options, p.dir, p.descriptors, handles, &raw);
  db->reset(s.ok() ? raw : nullptr);
  return s;
}

// The store's write health (Store::WriteHealth), shared by the store, the
// RocksDB listener that reports background errors and the thread that
// tries to resume. Thread-safe.
class HealthState {
 public:
  absl::Status Get() const {
    absl::MutexLock lock(&mu_);
    return health_;
  }
  // Writes are refused from now on, for `why`.
  void Fail(const absl::Status& why) {
    {
      absl::MutexLock lock(&mu_);
      if (!health_.ok()) return;
      health_ = why;
    }
    log::Warn("store_writes_refused", {{"error", std::string(why.message())}});
    Notify();
  }
  void Recovered() {
    {
      absl::MutexLock lock(&mu_);
      if (health_.ok()) return;
      health_ = absl::OkStatus();
    }
    log::Info("store_writes_resumed");
    Notify();
  }
  void SetWatcher(WriteHealthWatcher watcher) {
    absl::MutexLock lock(&watcher_mu_);
    watcher_ = std::move(watcher);
  }
  // Blocks until writes are refused (true) or Stop was called (false).
  bool WaitForFailure() {
    absl::MutexLock lock(&mu_);
    auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !health_.ok(); };
    mu_.Await(absl::Condition(&woken));
    return !stopping_;
  }
  // Waits `d` unless Stop comes first (then false).
  bool Sleep(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    return !mu_.AwaitWithTimeout(absl::Condition(&stopping), d);
  }
  void Stop() {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }

 private:
  // Tells the watcher the current health. Under watcher_mu_, so calls never
  // overlap and the last one always carries the latest state.
  void Notify() {
    absl::MutexLock lock(&watcher_mu_);
    if (watcher_) watcher_(Get());
  }

  mutable absl::Mutex mu_;
  absl::Status health_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex watcher_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  WriteHealthWatcher watcher_ ABSL_GUARDED_BY(watcher_mu_);
};

// RocksDB's error handler reports here when a background job (a flush, a
// compaction, a WAL write) failed and writes stop, and when it recovered.
class HealthListener final : public rocksdb::EventListener {
 public:
  explicit HealthListener(std::shared_ptr<HealthState> state) : state_(std::move(state)) {}
  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* bg_error) override {
    if (bg_error != nullptr && !bg_error->ok()) state_->Fail(WriteRefusal(*bg_error));
  }
  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (info.new_bg_error.ok()) state_->Recovered();
  }

 private:
  std::shared_ptr<HealthState> state_;
};

#define RETURN_IF_ROCKS_ERROR(expr, what)              \
  do {                                                 \
    if (rocksdb::Status rocks = (expr); !rocks.ok()) { \
      return FromRocks(rocks, what);                   \
    }                                                  \
  } while (false)

class RocksStore final : public Store {
 public:
  RocksStore(std::unique_ptr<OpenParams> params, std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles, const StoreOptions& options,
             std::shared_ptr<HealthState> health)
      : params_(std::move(params)),
        db_(std::move(db)),
        handles_(std::move(handles)),
        sync_writes_(options.sync_writes),
        read_only_(options.read_only),
        health_(std::move(health)) {
    if (!read_only_) {
      resumer_ = std::thread([this, interval = options.resume_interval] { ResumeLoop(interval); });
    }
  }

  ~RocksStore() override { (void)Close(); }

  absl::StatusOr<std::optional<std::string>> Get(Table table,
                                                 absl::string_view key) const override {
    Operation op(this);
    if (!op.ok()) return op.status();
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Handle(table),
                                 rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, "read");
    return std::optional<std::string>(std::move(value));
  }

  uint64_t Opening() const override { return opening_.load(); }

  absl::Status Write(const WriteBatch& batch, Durability durability, uint64_t opening) override {
    Operation op(this);
    if (!op.ok()) return op.status();
    if (read_only_) return absl::FailedPreconditionError("store is opened read-only");
    if (absl::Status refused = RefuseWrites(opening); !refused.ok()) return refused;
    rocksdb::WriteBatch rb;
    for (const WriteBatch::Op& op : batch.ops()) {
      rocksdb::Status s;
      switch (op.kind) {
        case WriteBatch::Kind::kPut: s = rb.Put(Handle(op.table), op.key, op.value); break;
        case WriteBatch::Kind::kDelete: s = rb.Delete(Handle(op.table), op.key); break;
        case WriteBatch::Kind::kMerge:
          if (MergeRuleOf(op.table) == MergeRule::kNone) {
            return absl::InvalidArgumentError(
                absl::StrCat("table ", TableName(op.table), " has no merge rule"));
          }
          if (!ValidOperand(MergeRuleOf(op.table), op.value)) {
            return absl::InvalidArgumentError(
                absl::StrCat("a malformed merge operand for table ", TableName(op.table)));
          }
          s = rb.Merge(Handle(op.table), op.key, op.value);
          break;
      }
      if (!s.ok()) return FromRocks(s, "batch");
    }
    // Asked again now the batch is built: a sync may have failed meanwhile.
    if (absl::Status refused = RefuseWrites(opening); !refused.ok()) return refused;
    // Never a synced RocksDB write: its fsync would hold up every write
    // queued behind it, also the unsynced audit events of reads. Sync runs
    // the fsync beside them instead.
    rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &rb);
    if (!s.ok()) {
      absl::Status refusal = WriteRefusal(s);
      // Any failure of the disk stops RocksDB's writes (paranoid_checks)
      // until the store resumes; also when RocksDB's listener has not said
      // so yet.
      if (s.IsIOError()) health_->Fail(refusal);
      return refusal;
    }
    if (durability == Durability::kRelaxed) return absl::OkStatus();
    // No reopen can come between the write and its sync: `op` holds it off.
    return Sync(opening_.load());
  }

  absl::Status Sync(uint64_t opening) override {
    if (!sync_writes_ || read_only_) return absl::OkStatus();
    Operation op(this);
    if (!op.ok()) return op.status();
    if (absl::Status refused = RefuseWrites(opening); !refused.ok()) return refused;
    // Every write applied so far has its WAL record handed to the OS (no
    // manual_wal_flush), so one SyncWAL makes all of them durable.
    const rocksdb::SequenceNumber target = db_->GetLatestSequenceNumber();
    absl::Status failed;
    {
      absl::MutexLock lock(&sync_mu_);
      auto not_syncing = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(sync_mu_) { return !syncing_; };
      while (synced_through_ < target) {
        if (!sync_error_.ok()) return sync_error_;
        if (syncing_) {  // its sync may not cover us: look again when it ends
          sync_mu_.Await(absl::Condition(&not_syncing));
          continue;
        }
        syncing_ = true;
        const rocksdb::SequenceNumber through = db_->GetLatestSequenceNumber();
        sync_mu_.Unlock();
        const rocksdb::Status s = db_->SyncWAL();
        sync_mu_.Lock();
        syncing_ = false;
        if (s.ok()) {
          synced_through_ = std::max(synced_through_, through);
          continue;
        }
        // As after any failed fsync, the pages may be gone while a retry
        // reports success: refuse writes until Reopen has read back what
        // really is on disk.
        sync_error_ = WriteRefusal(s);
        wal_sync_failed_.store(true);
        failed = sync_error_;
        break;
      }
    }
    if (!failed.ok()) health_->Fail(failed);
    return failed;
  }

  absl::Status WriteHealth() const override { return health_->Get(); }

  void SetWriteHealthWatcher(WriteHealthWatcher watcher) override {
    health_->SetWatcher(std::move(watcher));
  }

  absl::Status Scan(Table table, absl::string_view prefix, const ScanOptions& options,
                    const ScanVisitor& visit) const override {
    Operation op(this);
    if (!op.ok()) return op.status();
    if (!options.after.empty() && !absl::StartsWith(options.after, prefix)) {
      return absl::InvalidArgumentError("scan cursor outside the scanned prefix");
    }
    rocksdb::ReadOptions ro;
    // Bounds let RocksDB skip files and tombstones outside the prefix.
    std::string upper = PrefixSuccessor(prefix);
    rocksdb::Slice lower_slice(prefix.data(), prefix.size());
    rocksdb::Slice upper_slice(upper);
    ro.iterate_lower_bound = &lower_slice;
    if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, Handle(table)));
    if (!options.reverse) {
      if (options.after.empty()) {
        it->Seek(rocksdb::Slice(prefix.data(), prefix.size()));
      } else {
        it->Seek(options.after);
        if (it->Valid() && it->key() == rocksdb::Slice(options.after)) it->Next();
      }
    } else {
      if (options.after.empty()) {
        if (upper.empty()) it->SeekToLast(); else it->SeekForPrev(upper);
        if (it->Valid() && !upper.empty() && it->key() == rocksdb::Slice(upper)) it->Prev();
      } else {
        it->SeekForPrev(options.after);
        if (it->Valid() && it->key() == rocksdb::Slice(options.after)) it->Prev();
      }
    }
    for (; it->Valid(); options.reverse ? it->Prev() : it->Next()) {
      rocksdb::Slice k = it->key();
      if (!k.starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) break;
      rocksdb::Slice v = it->value();
      if (!visit(absl::string_view(k.data(), k.size()), absl::string_view(v.data(), v.size()))) {
        break;
      }
    }
    return FromRocks(it->status(), "scan");
  }

  absl::Status Compact() override {
    Operation op(this);
    if (!op.ok()) return op.status();
    if (read_only_) return absl::FailedPreconditionError("store is opened read-only");
    RETURN_IF_ROCKS_ERROR(db_->Flush(rocksdb::FlushOptions(), handles_), "flush");
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      RETURN_IF_ROCKS_ERROR(db_->CompactRange(compact, h, nullptr, nullptr), "compaction");
    }
    return absl::OkStatus();
  }

  int64_t TableBytes(Table table) const override {
    Operation op(this);
    if (!op.ok()) return 0;
    rocksdb::ColumnFamilyMetaData meta;
    db_->GetColumnFamilyMetaData(Handle(table), &meta);
    return static_cast<int64_t>(meta.size);
  }

  WriteStalls Stalls() const override {
    WriteStalls stalls;
    Operation op(this);
    if (!op.ok()) return stalls;
    std::map<std::string, std::string> stats;
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      stats.clear();
      if (!db_->GetMapProperty(h, "rocksdb.cfstats", &stats)) continue;
      auto add = [&](const char* key, int64_t* total) {
        auto it = stats.find(key);
        double value = 0;
        if (it != stats.end() && absl::SimpleAtod(it->second, &value)) {
          *total += static_cast<int64_t>(value);
        }
      };
      add("io_stalls.total_slowdown", &stalls.slowdowns);
      add("io_stalls.total_stop", &stalls.stops);
    }
    uint64_t stopped = 0;
    if (!handles_.empty() && db_->GetIntProperty(handles_[0], "rocksdb.is-write-stopped", &stopped)) {
      stalls.stopped_now = stopped != 0;
    }
    return stalls;
  }

  int64_t MemoryBytes() const override {
    Operation op(this);
    if (!op.ok()) return 0;
    uint64_t total = 0, value = 0;
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      if (db_->GetIntProperty(h, "rocksdb.cur-size-all-mem-tables", &value)) total += value;
    }
    // One block cache for every table.
    if (!handles_.empty() && db_->GetIntProperty(handles_[0], "rocksdb.block-cache-usage", &value)) {
      total += value;
    }
    return static_cast<int64_t>(total);
  }

  // checkpoint.h. Counted as an operation, so Close waits for it.
  absl::StatusOr<uint64_t> Checkpoint(const std::string& dir) {
    Operation op(this);
    if (!op.ok()) return op.status();
    if (read_only_) return absl::FailedPreconditionError("a read-only store takes no checkpoint");
    rocksdb::Checkpoint* raw = nullptr;
    RETURN_IF_ROCKS_ERROR(rocksdb::Checkpoint::Create(db_.get(), &raw), "checkpoint");
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    uint64_t sequence = 0;
    // log_size_for_flush 0: always flush first, so the copy is all SST
    // files plus the WAL written since, at one sequence number.
    RETURN_IF_ROCKS_ERROR(checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0, &sequence),
                          "checkpoint");
    return sequence;
  }

  absl::Status Close() override {
    {
      absl::MutexLock lock(&mu_);
      if (closed_) return absl::OkStatus();
      closed_ = true;  // new operations fail from here on
      auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
      mu_.Await(absl::Condition(&idle));
    }
    // Joined without mu_: a Reopen under way takes mu_ to finish, so holding
    // it here would wait forever (kompasd stopping while its disk failed).
    // Once joined, nothing but this call touches db_.
    health_->Stop();
    if (resumer_.joinable()) resumer_.join();
    // Memtables go to table files, so the next open replays no write-ahead
    // log (start-up time). A read-only instance has nothing to flush.
    rocksdb::Status s = rocksdb::Status::OK();
    if (db_ == nullptr) return absl::OkStatus();  // a Reopen that failed left nothing open
    if (!read_only_ && writable_) {
      s = db_->Flush(rocksdb::FlushOptions(), handles_);
      if (s.ok()) s = db_->FlushWAL(/*sync=*/true);
    }
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      rocksdb::Status d = db_->DestroyColumnFamilyHandle(h);
      if (s.ok()) s = d;
    }
    handles_.clear();
    rocksdb::Status c = db_->Close();
    if (s.ok()) s = c;
    db_.reset();
    log::Info("store_closed", {{"ok", s.ok() ? "true" : "false"}});
    return FromRocks(s, "close");
  }

 private:
  // The smallest key greater than every key with this prefix; empty when
  // there is none (prefix of all 0xff bytes, or the empty prefix).
  static std::string PrefixSuccessor(absl::string_view prefix) {
    std::string s(prefix);
    while (!s.empty()) {
      unsigned char c = static_cast<unsigned char>(s.back());
      if (c != 0xff) {
        s.back() = static_cast<char>(c + 1);
        return s;
      }
      s.pop_back();
    }
    return s;
  }

  rocksdb::ColumnFamilyHandle* Handle(Table t) const { return handles_[static_cast<int>(t)]; }

  // Why a write or sync cannot go ahead now, or OK. Call inside an
  // Operation, so no reopen comes between this and the write.
  absl::Status RefuseWrites(uint64_t opening) const {
    if (!writable_) {
      const absl::Status health = health_->Get();
      return health.ok() ? absl::UnavailableError("the Kompas store is open for reading only")
                         : health;
    }
    if (wal_sync_failed_.load()) {
      // Never OK here: the health may not say so yet (Sync fails it just
      // after), or may already say recovered for another error.
      const absl::Status health = health_->Get();
      return health.ok() ? absl::UnavailableError(
                               "the Kompas store cannot write to its disk: a sync failed; it "
                               "reopens the store and resumes writes by itself")
                         : health;
    }
    if (opening != kAnyOpening && opening != opening_.load()) {
      return absl::UnavailableError(
          "the Kompas store reopened after a disk failure; try again");
    }
    return absl::OkStatus();
  }

  // Closes the database and opens it again (read-only when a read-write
  // open fails), with every operation waiting meanwhile. OK when it is
  // writable again.
  rocksdb::Status Reopen() {
    {
      absl::MutexLock lock(&mu_);
      // Waits for a moment without operations, then holds new ones off.
      // Not the other way round: a Scan visitor may call Get, and that
      // nested operation must not wait for a reopen that waits for it.
      auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0 || closed_; };
      mu_.Await(absl::Condition(&idle));
      if (closed_) return rocksdb::Status::Aborted("store is closed");
      reopening_ = true;
    }
    if (db_ != nullptr) {
      for (rocksdb::ColumnFamilyHandle* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
      handles_.clear();
      (void)db_->Close();
      db_.reset();
    }
    // Unsynced writes of the old opening may be gone now (see Opening).
    opening_.fetch_add(1);
    rocksdb::Status s = OpenDb(*params_, /*read_only=*/false, &db_, &handles_);
    writable_ = s.ok();
    if (s.ok()) {
      // The database now holds what was on disk; nothing is owed a sync.
      absl::MutexLock lock(&sync_mu_);
      synced_through_ = 0;
      sync_error_ = absl::OkStatus();
      wal_sync_failed_.store(false);
    }
    if (!s.ok()) {
      log::Warn("store_reopen_failed", {{"error", s.ToString()}});
      if (!OpenDb(*params_, /*read_only=*/true, &db_, &handles_).ok()) db_.reset();
    } else {
      log::Info("store_reopened");
    }
    absl::MutexLock lock(&mu_);
    reopening_ = false;
    return s;
  }

  // While writes are refused, tries DB::Resume every `interval`: RocksDB
  // then flushes the memtables to new files and starts a fresh WAL, so a
  // partly written WAL record is never appended to. RocksDB resumes some
  // errors by itself (a retryable I/O error); Resume covers the rest (a
  // failed WAL write or sync, a full disk), which it leaves to the caller.
  //
  // A failed WAL write or sync is fatal to RocksDB (the log may end in a
  // partial record): Resume refuses it, so the store closes the database
  // and opens it again, which replays the WAL (dropping a torn last record)
  // and starts a new one. A failed Sync (RocksDB's SyncWAL, which RocksDB
  // does not count as its own error) takes that path too. Until that works it keeps the database open
  // read-only, so reads go on.
  //
  // A write refused because its WAL sync failed has an unknown outcome, as
  // after any failed fsync: the record may still reach the disk and then
  // reappears at the reopen. Clients retry with the same request id.
  void ResumeLoop(absl::Duration interval) {
    std::string last_error;
    while (health_->WaitForFailure()) {
      if (!health_->Sleep(interval)) return;
      rocksdb::Status s = writable_ && !wal_sync_failed_.load() ? db_->Resume()
                                                                : rocksdb::Status::NotSupported();
      if (!s.ok() && (!writable_ || s.severity() >= rocksdb::Status::Severity::kFatalError ||
                      s.IsNotSupported())) {
        s = Reopen();
      }
      // Resume succeeds on an empty memtable even when the disk still
      // fails, so a synced probe write decides: health turns OK only when
      // a write reached the disk. (A delete of a key no one uses.)
      if (s.ok()) {
        rocksdb::WriteBatch probe;
        s = probe.Delete(handles_[0], "write_probe");
        rocksdb::WriteOptions synced;
        synced.sync = true;
        if (s.ok()) s = db_->Write(synced, &probe);
      }
      if (s.ok()) {
        health_->Recovered();
      } else if (s.ToString() != last_error) {  // once per distinct error, not per try
        last_error = s.ToString();
        log::Warn("store_resume_failed", {{"error", last_error}});
      }
    }
  }

  // Counts a running Get/Write/Scan so Close can wait for them. A counter,
  // not a held reader lock, because a Scan visitor may call Get (nested
  // operations), and absl::Mutex reader locks are not reentrant.
  class Operation {
   public:
    // Waits while the database is being reopened (Reopen).
    explicit Operation(const RocksStore* store) : store_(store) {
      absl::MutexLock lock(&store_->mu_);
      auto settled = [store]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(store->mu_) {
        return !store->reopening_ || store->closed_;
      };
      store_->mu_.Await(absl::Condition(&settled));
      ok_ = !store_->closed_ && store_->db_ != nullptr;
      if (ok_) ++store_->active_;
      closed_ = store_->closed_;
    }
    absl::Status status() const {
      if (ok_) return absl::OkStatus();
      if (closed_) return absl::FailedPreconditionError("store is closed");
      return absl::UnavailableError(
          "the Kompas store could not be opened again after its disk failed; it keeps trying");
    }
    ~Operation() {
      if (!ok_) return;
      absl::MutexLock lock(&store_->mu_);
      --store_->active_;
    }
    bool ok() const { return ok_; }

   private:
    const RocksStore* store_;
    bool ok_;
    bool closed_;
  };

  // How the database was opened, to open it again (Reopen); outlives db_.
  std::unique_ptr<OpenParams> params_;
  mutable absl::Mutex mu_;
  mutable int active_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  // While true, Reopen swaps db_ and new operations wait.
  bool reopening_ ABSL_GUARDED_BY(mu_) = false;
  // False while Reopen could only open the database read-only.
  bool writable_ = true;
  // Set until Close; read without mu_ by operations, which Close and Reopen
  // wait out.
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  const bool sync_writes_;
  const bool read_only_;
  // Sync's group commit: one SyncWAL at a time; writes up to
  // synced_through_ are on disk. sync_error_ sticks until Reopen.
  absl::Mutex sync_mu_;
  bool syncing_ ABSL_GUARDED_BY(sync_mu_) = false;
  rocksdb::SequenceNumber synced_through_ ABSL_GUARDED_BY(sync_mu_) = 0;
  absl::Status sync_error_ ABSL_GUARDED_BY(sync_mu_);
  std::atomic<bool> wal_sync_failed_{false};
  // Store::Opening; changed only by Reopen, while no operation runs.
  std::atomic<uint64_t> opening_{1};
  std::shared_ptr<HealthState> health_;
  std::thread resumer_;  // ResumeLoop; none when read-only
};

}  // namespace

const char* TableName(Table table) {
  switch (table) {
    case Table::kMeta: return "meta";
    case Table::kMunicipalities: return "municipalities";
    case Table::kCommunities: return "communities";
    case Table::kMembers: return "members";
    case Table::kCases: return "cases";
    case Table::kCaseIndex: return "case_index";
    case Table::kReflections: return "reflections";
    case Table::kRequestIds: return "request_ids";
    case Table::kTokens: return "tokens";
    case Table::kAudit: return "audit";
    case Table::kAuditIndex: return "audit_index";
    case Table::kSessions: return "sessions";
    case Table::kSessionEvents: return "session_events";
    case Table::kParkedQuestions: return "parked_questions";
    case Table::kEvaluations: return "evaluations";
    case Table::kStandards: return "standards";
    case Table::kStandardRevisions: return "standard_revisions";
    case Table::kStandardSources: return "standard_sources";
    case Table::kErrata: return "errata";
    case Table::kPositions: return "positions";
    case Table::kKompasVersions: return "kompas_versions";
    case Table::kSearchDocs: return "search_docs";
    case Table::kSearchPostings: return "search_postings";
    case Table::kAnnotations: return "annotations";
    case Table::kAnnotationTargets: return "annotation_targets";
    case Table::kSearchNumbers: return "search_numbers";
    case Table::kSearchCounts: return "search_counts";
    case Table::kCaseCounts: return "case_counts";
  }
  return "unknown";
}

void WriteBatch::Put(Table table, absl::string_view key, absl::string_view value) {
  ops_.push_back({table, Kind::kPut, std::string(key), std::string(value)});
}

void WriteBatch::Merge(Table table, absl::string_view key, absl::string_view operand) {
  ops_.push_back({table, Kind::kMerge, std::string(key), std::string(operand)});
}

void WriteBatch::Delete(Table table, absl::string_view key) {
  ops_.push_back({table, Kind::kDelete, std::string(key), std::string()});
}

namespace {

// Where RocksDB's memtable starts looking when it inserts a key: after the
// key inserted last with the same prefix, instead of from the top of its
// skip list. In a table whose keys are a list's name and a number (a term's
// posting block, a member's next audit event), the entries of one list
// land together, so a hint per list spares most of that search: on creates
// the search index's merges were a fifth of kompasd's CPU, most of it
// finding where each goes. Speed only: where a key goes does not change.
// Each list's hint (a skip-list splice, about 250 bytes) lives in the
// memtable and counts against its budget until the next flush, so only
// tables whose lists are written again and again get one.
class ListPrefix final : public rocksdb::SliceTransform {
 public:
  // `number_bytes`: how many bytes at a key's end are its number in the
  // list; 0 makes each key its own list (a counter merged again and again).
  explicit ListPrefix(size_t number_bytes)
      : number_bytes_(number_bytes), name_(absl::StrCat("kompas.ListPrefix.", number_bytes)) {}
  const char* Name() const override { return name_.c_str(); }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), key.size() - number_bytes_);
  }
  bool InDomain(const rocksdb::Slice& key) const override { return key.size() >= number_bytes_; }

 private:
  const size_t number_bytes_;
  const std::string name_;
};

// The tables written as lists, and the width of the number that ends their
// keys (a wrong width costs only speed).
std::shared_ptr<const rocksdb::SliceTransform> InsertHintOf(Table table) {
  switch (table) {
    // search/index.cc's PostingKey ends in a 4-byte block number.
    case Table::kSearchPostings: return std::make_shared<ListPrefix>(4);
    // audit/audit_log.cc's index keys end in keys::Sequence (8 bytes).
    case Table::kAuditIndex: return std::make_shared<ListPrefix>(8);
    // A term's count, merged at every document that has the term.
    case Table::kSearchCounts: return std::make_shared<ListPrefix>(0);
    default: return nullptr;
  }
}

// The database and column family options of a store.
std::unique_ptr<OpenParams> MakeParams(const StoreOptions& options,
                                       std::shared_ptr<HealthState> health) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  // RocksDB's own info log: small, and never fatal (InfoLog); it never
  // sees values. A read-only open writes none.
  if (!options.read_only) {
    db_options.info_log = std::make_shared<InfoLog>(
        (std::filesystem::path(options.data_dir) / "LOG").string(), off_t{4} << 20);
  }
  // A table written rarely would otherwise keep every write-ahead log since
  // its last flush alive; past this size RocksDB flushes it.
  db_options.max_total_wal_size = 64u << 20;
  // Every failed write stops further writes until the store resumes, and
  // files are checked as they are opened (RocksDB's default, set on purpose).
  db_options.paranoid_checks = true;
  // How far a replay of the write-ahead log may go after a crash. RocksDB's
  // default, kPointInTimeRecovery, stops at the first damaged record and
  // starts anyway, silently dropping every later write, acknowledged ones
  // included (a flipped byte halfway lost half the writes since the last
  // flush). kTolerateCorruptedTailRecords drops only an incomplete record at
  // the very end of a log (a write torn by the crash, never acknowledged,
  // since a synced write's record is whole on disk) and refuses to open on
  // any other damage (a checksum mismatch, a bad length inside the log), so
  // Open reports it (DamagedStore) and kompas-admin repair --accept-loss is
  // the explicit way past it. kAbsoluteConsistency would refuse even the torn
  // tail, so kompasd could not start after an ordinary power cut.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  // Tables go to table files together: when one table's memory fills up,
  // every table is flushed, so no table ever holds writes that come after
  // a point of the log that other tables still need. Without it, a damaged
  // older log sat behind a table already flushed past the damage, and no
  // recovery could bring the store back to one point in time. Costs a few
  // small table files per flush.
  db_options.atomic_flush = true;
  // One budget for the memtables of all tables together. Each of the 28
  // tables has its own (16 MiB, up to two while one flushes) and under a
  // steady stream of creates most hold a few MiB at once; the budget flushes
  // them all (atomic_flush) once their sum reaches it, instead of when one
  // table alone fills 16 MiB.
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  db_options.listeners.push_back(std::make_shared<HealthListener>(health));
  auto params = std::make_unique<OpenParams>();
  params->dir = options.data_dir;
  if (options.file_system != nullptr) {
    params->env = rocksdb::NewCompositeEnv(options.file_system);
    db_options.env = params->env.get();
  }

  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Partitioned index and filter blocks in the block cache, only their top
  // level pinned: memory no longer grows with the store (it did by about
  // 25 MiB per GB of table files when every file's index and filter stayed
  // in memory), and a search reads only the index partitions it needs.
  // Index and filter blocks go into the high-priority part of the cache, so
  // a stream of posting blocks does not evict them.
  rocksdb::LRUCacheOptions cache;
  cache.capacity = options.block_cache_bytes;
  cache.high_pri_pool_ratio = 0.5;
  table_options.block_cache = rocksdb::NewLRUCache(cache);
  table_options.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table_options.partition_filters = true;
  table_options.metadata_block_size = 4096;
  table_options.cache_index_and_filter_blocks = true;
  table_options.cache_index_and_filter_blocks_with_high_priority = true;
  table_options.pin_top_level_index_and_filter = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  // (Whole, unpartitioned index blocks in the cache, tried on 5 December,
  // were evicted by posting blocks and read again and again: Search under
  // mixed load on the 100,000-case store went from 62 to 11 per second.)
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  cf_options.write_buffer_size = 16u << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (Table t : kAllTables) {
    // RocksDB requires the "default" family; kMeta uses it.
    std::string name = t == Table::kMeta ? rocksdb::kDefaultColumnFamilyName : TableName(t);
    rocksdb::ColumnFamilyOptions table_cf = cf_options;
    table_cf.memtable_insert_with_hint_prefix_extractor = InsertHintOf(t);
    switch (MergeRuleOf(t)) {
      case MergeRule::kNone: break;
      case MergeRule::kEntrySet:
        table_cf.merge_operator = std::make_shared<EntrySetOperator>();
        // Entry sets are read whole by every search: decompressing them
        // cost more than reading the larger files from the page cache.
        table_cf.compression = rocksdb::kNoCompression;
        break;
      case MergeRule::kCounters: table_cf.merge_operator = std::make_shared<CountersOperator>(); break;
    }
    params->descriptors.emplace_back(name, table_cf);
  }
  params->db_options = db_options;
  return params;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("store data_dir is empty");
  if (std::filesystem::exists(std::filesystem::path(options.data_dir) / kRepairMarker)) {
    return absl::DataLossError(absl::StrCat(
        "a repair of the store in ", options.data_dir, " did not finish (", kRepairMarker,
        " is there), so parts of it may be missing: restore the latest backup "
        "(kompas-admin restore --from BACKUP --data_dir NEW_DIR), or run kompas-admin repair --data_dir ",
        options.data_dir, " --accept-loss again"));
  }
  auto health = std::make_shared<HealthState>();
  std::unique_ptr<OpenParams> params = MakeParams(options, health);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::Status s = OpenDb(*params, options.read_only, &db, &handles);
  if (s.IsCorruption()) return DamagedStore(options.data_dir, s);
  if (!s.ok()) return FromRocks(s, "open");
  if (options.verify_checksums_on_open) {
    s = db->VerifyChecksum();
    if (!s.ok()) {
      for (rocksdb::ColumnFamilyHandle* h : handles) (void)db->DestroyColumnFamilyHandle(h);
      (void)db->Close();
      return s.IsCorruption() ? DamagedStore(options.data_dir, s) : FromRocks(s, "verify");
    }
  }
  log::Info("store_opened", {{"dir", options.data_dir},
                             {"sync_writes", options.sync_writes ? "true" : "false"},
                             {"read_only", options.read_only ? "true" : "false"}});
  return std::unique_ptr<Store>(
      new RocksStore(std::move(params), std::move(db), std::move(handles), options, health));
}

absl::StatusOr<uint64_t> CreateCheckpoint(Store& store, const std::string& dir) {
  auto* rocks = dynamic_cast<RocksStore*>(&store);
  if (rocks == nullptr) return absl::UnimplementedError("this store takes no checkpoints");
  return rocks->Checkpoint(dir);
}

namespace {

// Records per table of an open database; -1 for a table that cannot be read
// to its end.
std::vector<int64_t> CountRecords(rocksdb::DB& db,
                                  const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  std::vector<int64_t> counts;
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), h));
    int64_t n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    counts.push_back(it->status().ok() ? n : -1);
  }
  return counts;
}

void CloseDb(std::unique_ptr<rocksdb::DB>& db, std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  if (db == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* h : handles) (void)db->DestroyColumnFamilyHandle(h);
  handles.clear();
  (void)db->Close();
  db.reset();
}

// Opens read-write, checks every table file, and closes again (flushing
// what the log replay recovered). OK when the store is sound afterwards.
// `ahead`, when given, gets the tables that hold a write with a sequence
// number above `last_sequence`.
rocksdb::Status OpenAndCheck(const OpenParams& params, uint64_t last_sequence = 0,
                             std::vector<std::string>* ahead = nullptr) {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = OpenDb(params, /*read_only=*/false, &db, &handles);
  if (s.ok() && ahead != nullptr) {
    for (rocksdb::ColumnFamilyHandle* h : handles) {
      rocksdb::ColumnFamilyMetaData meta;
      db->GetColumnFamilyMetaData(h, &meta);
      bool later = false;
      for (const rocksdb::LevelMetaData& level : meta.levels) {
        for (const rocksdb::SstFileMetaData& file : level.files) {
          later = later || file.largest_seqno > last_sequence;
        }
      }
      if (later) ahead->push_back(h->GetName() == rocksdb::kDefaultColumnFamilyName ? "meta" : h->GetName());
    }
  }
  if (s.ok()) s = db->VerifyChecksum();
  if (s.ok()) s = db->Flush(rocksdb::FlushOptions(), handles);
  CloseDb(db, handles);
  return s;
}

// `path` moved (or copied, when `copy`) into dir/lost/, under a name not
// yet taken there; the new path.
absl::StatusOr<std::string> SetAside(const std::string& dir, const std::string& path, bool copy) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path lost = fs::path(dir) / "lost";
  fs::create_directories(lost, ec);
  fs::path to = lost / fs::path(path).filename();
  for (int i = 1; fs::exists(to, ec); ++i) {
    to = lost / absl::StrCat(fs::path(path).filename().string(), ".", i);
  }
  if (copy) {
    fs::copy_file(path, to, ec);
  } else {
    fs::rename(path, to, ec);
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot set ", path, " aside in ", lost.string(), ": ", ec.message()));
  }
  return to.string();
}

// Brings a store whose write-ahead log is damaged back to the last write
// before the damage: the damaged log is copied to lost/ and cut where the
// damaged write begins, every later log is moved to lost/. Nothing is
// deleted, so what was dropped can still be examined.
absl::Status CutLogsAtDamage(const std::string& data_dir, const internal::WalScan& wal) {
  ASSIGN_OR_RETURN(const std::string copy, SetAside(data_dir, wal.damage->file, /*copy=*/true));
  (void)copy;
  std::error_code ec;
  std::filesystem::resize_file(wal.damage->file, wal.damage->batch_offset, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot cut ", wal.damage->file, " at byte ", wal.damage->batch_offset, ": ",
                     ec.message()));
  }
  for (const std::string& later : wal.logs_after) {
    RETURN_IF_ERROR(SetAside(data_dir, later, /*copy=*/false).status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RepairReport> RepairStore(const std::string& data_dir) {
  if (data_dir.empty()) return absl::InvalidArgumentError("store data_dir is empty");
  const std::string marker = (std::filesystem::path(data_dir) / kRepairMarker).string();
  const bool unfinished = std::filesystem::exists(marker);
  // Nothing to repair in a store that opens and checks clean.
  if (!unfinished) {
    auto health = std::make_shared<HealthState>();
    std::unique_ptr<OpenParams> params = MakeParams({.data_dir = data_dir}, health);
    params->db_options.create_if_missing = false;
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::Status s = OpenDb(*params, /*read_only=*/true, &db, &handles);
    if (s.ok()) s = db->VerifyChecksum();
    CloseDb(db, handles);
    if (s.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the store in ", data_dir, " is not damaged: nothing to repair, nothing changed"));
    }
    if (!s.IsCorruption()) return FromRocks(s, "open");
  }
  RepairReport report;
  internal::WalScan wal = internal::ScanWals(data_dir);
  auto health = std::make_shared<HealthState>();
  std::unique_ptr<OpenParams> params = MakeParams({.data_dir = data_dir}, health);
  params->db_options.create_if_missing = false;
  std::vector<int64_t> before;
  std::map<uint32_t, int> table_of_cf;
  {
    // What a recovery to the damage would read, counted before anything
    // changes (read-only: nothing is written).
    params->db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    if (OpenDb(*params, /*read_only=*/true, &db, &handles).ok()) {
      before = CountRecords(*db, handles);
      for (size_t i = 0; i < handles.size(); ++i) table_of_cf[handles[i]->GetID()] = static_cast<int>(i);
    }
    CloseDb(db, handles);
    params->db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  }
  rocksdb::Status s = rocksdb::Status::OK();
  if (wal.damage && !unfinished) {
    report.wal_damage = absl::StrCat(wal.damage->file, " at byte ", wal.damage->offset, " (",
                                     wal.damage->reason, ")");
    report.wal_batches_dropped = wal.batches_after;
    report.wal_file = wal.damage->file;
    report.wal_offset = wal.damage->offset;
    report.wal_cut_at = wal.damage->batch_offset;
    // Recovery to the point before the damage, done by hand: RocksDB's own
    // point-in-time recovery refuses a store in which a table was flushed
    // after the damage, and its RepairDB would then replay the damaged log
    // into tables that already hold it (it failed half way on such a store
    // and left one that opened without the flushed tables).
    RETURN_IF_ERROR(CutLogsAtDamage(data_dir, wal));
    s = OpenAndCheck(*params, wal.last_sequence_before, &report.tables_ahead);
  } else if (!unfinished) {
    s = OpenAndCheck(*params);  // names the damaged table file or manifest
    if (s.ok()) s = rocksdb::Status::Corruption("the store did not read cleanly");
  } else {
    s = rocksdb::Status::Corruption("an earlier repair did not finish");
  }
  if (!s.ok()) {
    // A damaged table file or manifest: rebuild the table of files from the
    // files themselves; RepairDB sets a damaged file aside in lost/.
    report.rebuilt_because = s.ToString();
    {
      std::ofstream(marker) << "kompas-admin repair did not finish; restore a backup\n";
    }
    rocksdb::Status repaired = rocksdb::RepairDB(data_dir, params->db_options, params->descriptors);
    if (!repaired.ok()) {
      return absl::DataLossError(absl::StrCat(
          "the repair of the store in ", data_dir, " failed: ", repaired.ToString(),
          "; the store is left refusing to open; restore the latest backup instead"));
    }
    s = OpenAndCheck(*params);
    if (!s.ok()) {
      return absl::DataLossError(absl::StrCat("the store in ", data_dir,
                                              " is still damaged after the repair: ", s.ToString(),
                                              "; restore the latest backup instead"));
    }
    std::filesystem::remove(marker);
  }
  // Counted as kompasd will see it.
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  RETURN_IF_ROCKS_ERROR(OpenDb(*params, /*read_only=*/true, &db, &handles), "open after repair");
  const std::vector<int64_t> after = CountRecords(*db, handles);
  if (table_of_cf.empty()) {
    for (size_t i = 0; i < handles.size(); ++i) table_of_cf[handles[i]->GetID()] = static_cast<int>(i);
  }
  CloseDb(db, handles);
  for (int i = 0; i < kTableCount; ++i) {
    RepairReport::Table t;
    t.name = TableName(kAllTables[i]);
    t.before = before.empty() ? -1 : before[i];
    t.after = after[i];
    report.tables.push_back(t);
  }
  for (const auto& [cf, changes] : wal.changes_after) {
    if (auto it = table_of_cf.find(cf); it != table_of_cf.end()) {
      report.tables[it->second].wal_changes_dropped += changes;
    }
  }
  log::Warn("store_repaired", {{"dir", data_dir},
                               {"wal_batches_dropped", absl::StrCat(report.wal_batches_dropped)},
                               {"tables_ahead", absl::StrCat(report.tables_ahead.size())},
                               {"rebuilt", report.rebuilt_because.empty() ? "false" : "true"}});
  return report;
}

}  // namespace kompas::store
