#include "store/store.h"

#include <deque>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "store/checkpoint.h"
#include "store/merge.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
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
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsIOError()) return absl::UnavailableError(msg);
  return absl::InternalError(msg);
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

#define RETURN_IF_ROCKS_ERROR(expr, what)              \
  do {                                                 \
    if (rocksdb::Status rocks = (expr); !rocks.ok()) { \
      return FromRocks(rocks, what);                   \
    }                                                  \
  } while (false)

class RocksStore final : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
             bool sync, bool read_only)
      : db_(std::move(db)), handles_(std::move(handles)), read_only_(read_only) {
    write_options_.sync = sync;
  }

  ~RocksStore() override { (void)Close(); }

  absl::StatusOr<std::optional<std::string>> Get(Table table,
                                                 absl::string_view key) const override {
    Operation op(this);
    if (!op.ok()) return absl::FailedPreconditionError("store is closed");
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Handle(table),
                                 rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, "read");
    return std::optional<std::string>(std::move(value));
  }

  absl::Status Write(const WriteBatch& batch, Durability durability) override {
    Operation op(this);
    if (!op.ok()) return absl::FailedPreconditionError("store is closed");
    if (read_only_) return absl::FailedPreconditionError("store is opened read-only");
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
    rocksdb::WriteOptions options = write_options_;
    if (durability == Durability::kRelaxed) options.sync = false;
    return FromRocks(db_->Write(options, &rb), "write");
  }

  absl::Status Scan(Table table, absl::string_view prefix, const ScanOptions& options,
                    const ScanVisitor& visit) const override {
    Operation op(this);
    if (!op.ok()) return absl::FailedPreconditionError("store is closed");
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
    if (!op.ok()) return absl::FailedPreconditionError("store is closed");
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
    if (!op.ok()) return absl::FailedPreconditionError("store is closed");
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
    absl::MutexLock lock(&mu_);
    if (closed_) return absl::OkStatus();
    closed_ = true;  // new operations fail from here on
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
    mu_.Await(absl::Condition(&idle));
    // Memtables go to table files, so the next open replays no write-ahead
    // log (start-up time). A read-only instance has nothing to flush.
    rocksdb::Status s = rocksdb::Status::OK();
    if (!read_only_) {
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

  // Counts a running Get/Write/Scan so Close can wait for them. A counter,
  // not a held reader lock, because a Scan visitor may call Get (nested
  // operations), and absl::Mutex reader locks are not reentrant.
  class Operation {
   public:
    explicit Operation(const RocksStore* store) : store_(store) {
      absl::MutexLock lock(&store_->mu_);
      ok_ = !store_->closed_;
      if (ok_) ++store_->active_;
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
  };

  mutable absl::Mutex mu_;
  mutable int active_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  // Set until Close; read without mu_ by operations, which Close waits out.
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::WriteOptions write_options_;
  const bool read_only_;
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

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("store data_dir is empty");
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  // Keep RocksDB's own info log small; it never sees values.
  db_options.keep_log_file_num = 3;
  db_options.max_log_file_size = 4u << 20;
  // A table written rarely would otherwise keep every write-ahead log since
  // its last flush alive; past this size RocksDB flushes it.
  db_options.max_total_wal_size = 64u << 20;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  cf_options.write_buffer_size = 16u << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (Table t : kAllTables) {
    // RocksDB requires the "default" family; kMeta uses it.
    std::string name = t == Table::kMeta ? rocksdb::kDefaultColumnFamilyName : TableName(t);
    rocksdb::ColumnFamilyOptions table_cf = cf_options;
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
    descriptors.emplace_back(name, table_cf);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  // Read-only takes no lock and creates nothing (not even an info log).
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.data_dir, descriptors, &handles, &raw)
          : rocksdb::DB::Open(db_options, options.data_dir, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "open");
  log::Info("store_opened", {{"dir", options.data_dir},
                             {"sync_writes", options.sync_writes ? "true" : "false"},
                             {"read_only", options.read_only ? "true" : "false"}});
  return std::unique_ptr<Store>(new RocksStore(std::unique_ptr<rocksdb::DB>(raw),
                                               std::move(handles), options.sync_writes,
                                               options.read_only));
}

absl::StatusOr<uint64_t> CreateCheckpoint(Store& store, const std::string& dir) {
  auto* rocks = dynamic_cast<RocksStore*>(&store);
  if (rocks == nullptr) return absl::UnimplementedError("this store takes no checkpoints");
  return rocks->Checkpoint(dir);
}

}  // namespace kompas::store
