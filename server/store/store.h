// The storage layer: an ordered key-value store with tables, atomic batches
// and prefix scans, on RocksDB. It is the only module that touches RocksDB;
// everything above sees tables, byte-string keys and serialized records.
//
//   ASSIGN_OR_RETURN(auto store, Store::Open({.data_dir = "/var/kompas"}));
//   WriteBatch batch;
//   batch.Put(Table::kCases, key, record);
//   batch.Put(Table::kCaseIndex, index_key, "");
//   RETURN_IF_ERROR(store->Write(batch));   // all or nothing, synced WAL
//
// Key layouts per table are in keys.h.
#ifndef KOMPAS_STORE_STORE_H_
#define KOMPAS_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rocksdb {
class FileSystem;
}  // namespace rocksdb

namespace kompas::store {

// One RocksDB column family each, so every kind of record has its own
// key space, compaction and statistics.
enum class Table {
  kMeta,            // store-wide facts (schema version, seed markers)
  kMunicipalities,  // reference data
  kCommunities,
  kMembers,
  kCases,
  kCaseIndex,       // secondary indexes of cases; values are empty
  kReflections,
  kRequestIds,      // idempotency keys of creates → resource name
  kTokens,          // sha256(token) → kompas.internal.v1.TokenRecord
  kAudit,           // the hash-chained audit trail, by sequence
  kAuditIndex,      // audit events by community, resource and member; values empty
  kSessions,        // intervisie sessions
  kSessionEvents,   // each session's numbered events, by sequence
  kParkedQuestions, // questions parked for privacy officers
  kEvaluations,     // session evaluations, keyed so nobody's answers are listed by name
  kStandards,       // standards as of their latest revision
  kStandardRevisions,  // every revision of every standard
  kStandardSources, // cases → standards derived from them; values empty
  kErrata,          // errata reported on adopted standards
  kPositions,       // municipality positions on adopted standards
  kKompasVersions,  // published kompas versions, immutable
  kSearchDocs,      // what the search index knows of each indexed record
  kSearchPostings,  // term → blocks of indexed documents holding it (merged, store/merge.h)
  kAnnotations,     // anchored annotations
  kAnnotationTargets,  // target → its annotations; values empty
  kSearchNumbers,   // a search document's number → its key
  kSearchCounts,    // corpus and term counts of the search index (merged, store/merge.h)
  kCaseCounts,      // per case, how many reflections it has (merged, store/merge.h)
};
inline constexpr int kTableCount = 28;

// How durable one write must be before Write returns.
enum class Durability {
  kDefault,  // as StoreOptions::sync_writes says
  kRelaxed,  // never waits for a WAL sync: for records whose loss in a power
             // cut is acceptable (audit events of reads). Order is kept:
             // a later synced write makes this one durable too.
};
const char* TableName(Table table);

struct StoreOptions {
  // Directory of the RocksDB database; created when missing. Required.
  std::string data_dir;
  // When true (the default), a write returns only after RocksDB has synced
  // its write-ahead log to disk, so an acknowledged write survives a crash or
  // power loss. When false, writes are faster but the last few seconds of
  // acknowledged writes may be lost on a machine crash (not on a process
  // crash: the OS still holds the WAL pages).
  bool sync_writes = true;
  // Memory for RocksDB's block cache, in bytes: data blocks and the tables'
  // index and filter partitions (half of it kept for those). Default 64 MiB:
  // enough for the hot index and recent cases within the server's RSS target,
  // whatever the size of the store.
  size_t block_cache_bytes = 64u << 20;
  // Memory all tables' memtables may hold together before they are flushed.
  size_t memtable_budget_bytes = 32u << 20;
  // When true, opens an existing database for reading only: nothing is
  // created, Write fails with FAILED_PRECONDITION, and no file lock is taken,
  // so tools (kompas-admin token list, audit verify) can read while kompasd
  // holds the store. Default false. The reader sees the data as of its open
  // and should close soon: RocksDB does not promise a long-lived read-only
  // view beside a live writer.
  bool read_only = false;
  // When true, Open reads every table file whole and checks its checksums
  // before returning, so a damaged file stops the start instead of failing
  // the first read that reaches it (or, worse, a background compaction).
  // Costs one sequential read of the database at open (about a second per
  // GB). Default false; kompasd turns it on (--verify_on_start).
  bool verify_checksums_on_open = false;
  // While a write failure keeps the store from writing (WriteHealth not OK),
  // how often it tries to resume: flush what is in memory to new files and
  // write a fresh write-ahead log. Default 1 s: a freed disk is noticed at
  // once, and a failing disk is not hammered.
  absl::Duration resume_interval = absl::Seconds(1);
  // The file system under the database. Null (the default): the real one.
  // Tests pass a FaultInjectionFs (store/fault_fs.h) to inject faults.
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

// Payload (absl::Status::GetPayload) on a write refused because the disk
// failed: "full" (RESOURCE_EXHAUSTED) or "failed" (UNAVAILABLE), so the api
// layer can name the reason without parsing the message.
inline constexpr char kStorageFaultPayload[] = "kompas.store/fault";

// Called with the new write health each time it changes (see
// Store::WriteHealth).
using WriteHealthWatcher = std::function<void(const absl::Status& health)>;

// An ordered list of changes applied atomically by Store::Write: either every
// change is visible afterwards or none is (also across a crash).
class WriteBatch {
 public:
  void Put(Table table, absl::string_view key, absl::string_view value);
  void Delete(Table table, absl::string_view key);
  // Adds an operand to the value under key, by the table's merge rule
  // (store/merge.h). Write fails with INVALID_ARGUMENT on a table without one.
  void Merge(Table table, absl::string_view key, absl::string_view operand);
  // Appends another batch's changes (group commit of several callers).
  void Append(const WriteBatch& other) { ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end()); }
  bool empty() const { return ops_.empty(); }

  enum class Kind { kPut, kDelete, kMerge };
  struct Op {
    Table table;
    Kind kind;
    std::string key;
    std::string value;
  };
  const std::vector<Op>& ops() const { return ops_; }

 private:
  std::vector<Op> ops_;
};

struct ScanOptions {
  // Visit keys in descending order instead of ascending.
  bool reverse = false;
  // When non-empty, start strictly after this key in the scan direction
  // (a continuation cursor). Must start with the scanned prefix.
  std::string after;
};

// Called per entry; return false to stop the scan.
using ScanVisitor = std::function<bool(absl::string_view key, absl::string_view value)>;

// Thread-safe: any number of threads may read and write concurrently.
// Reads see the latest committed writes.
class Store {
 public:
  // Opens (creating when missing, unless read_only) the database in
  // options.data_dir.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);

  virtual ~Store() = default;

  // The value under key, or nullopt when there is none.
  virtual absl::StatusOr<std::optional<std::string>> Get(Table table,
                                                         absl::string_view key) const = 0;
  // Which opening of the database writes go to now: 1 at Open, one more
  // each time the store closes and opens its database again to recover
  // from a failure (WriteHealth). Writes not yet synced may be lost at a
  // reopen, so a caller that builds on its own unsynced writes (the audit
  // log chains each event to the one before) passes the opening it saw
  // them in to Write and Sync, which refuse with UNAVAILABLE once it has
  // passed.
  virtual uint64_t Opening() const = 0;
  // Means "whichever opening is current" to Write and Sync.
  static constexpr uint64_t kAnyOpening = 0;
  // Applies the batch atomically; with sync_writes (and kDefault), durably:
  // it returns once the batch is on disk (Sync). Reads may see the batch a
  // moment before that; a crash in that moment loses it together with every
  // later write, never an earlier one. FAILED_PRECONDITION on a read-only
  // store; UNAVAILABLE when `opening` is not kAnyOpening and has passed.
  virtual absl::Status Write(const WriteBatch& batch,
                             Durability durability = Durability::kDefault,
                             uint64_t opening = kAnyOpening) = 0;
  // Returns once every write applied before the call is on disk: one WAL
  // sync, shared by every caller waiting at the same time, that runs beside
  // new writes instead of holding them up. `opening`: Opening() as of the
  // writes to make durable; UNAVAILABLE when the store has reopened since,
  // as they may have been lost. Without sync_writes OK at once, whatever
  // the opening: nothing is promised durable then. After a failed
  // sync the store refuses writes until it has reopened itself
  // (WriteHealth), since a retried fsync cannot be trusted.
  [[nodiscard]] virtual absl::Status Sync(uint64_t opening) = 0;
  // Visits the entries whose key starts with prefix, in key order.
  virtual absl::Status Scan(Table table, absl::string_view prefix, const ScanOptions& options,
                            const ScanVisitor& visit) const = 0;
  // Flushes every table to disk and compacts it to its last level, so no
  // write-ahead log is left to replay and a prefix scan reads one sorted
  // run. For tools after a bulk load or an upgrade (kompas-bench gen and
  // compact, kompas-admin compact); a running server leaves this to
  // background compaction.
  // FAILED_PRECONDITION on a read-only store.
  virtual absl::Status Compact() = 0;
  // Bytes of a table's files on disk (not counting unflushed writes).
  virtual int64_t TableBytes(Table table) const = 0;
  // Bytes of memory RocksDB holds for its memtables and block cache: the
  // part of the process's memory that grows with the data, not with load.
  virtual int64_t MemoryBytes() const = 0;
  // OK while the store accepts writes. After a write failed because the
  // disk did (an I/O error, a failed sync, a full disk), RocksDB refuses
  // every further write until the store has recovered, and this says why:
  // RESOURCE_EXHAUSTED for a full disk, UNAVAILABLE otherwise, with a
  // message for the operator. Reads keep working meanwhile. The store tries
  // to recover every StoreOptions::resume_interval on its own.
  virtual absl::Status WriteHealth() const = 0;
  // Sets the one watcher told of every change of WriteHealth (from a store
  // thread, never while a store lock is held); nullptr removes it. When
  // this returns, the previous watcher is not running and will not run.
  virtual void SetWriteHealthWatcher(WriteHealthWatcher watcher) = 0;
  // Write stalls since the store was opened, over every table: how often
  // RocksDB slowed writes down or stopped them because flushes or
  // compactions fell behind (its cfstats io_stalls.total_slowdown and
  // total_stop), and whether writes are stopped right now.
  struct WriteStalls {
    int64_t slowdowns = 0;
    int64_t stops = 0;
    bool stopped_now = false;
  };
  virtual WriteStalls Stalls() const = 0;
  // Flushes and closes the database; later calls fail. Idempotent.
  virtual absl::Status Close() = 0;
};

}  // namespace kompas::store

#endif  // KOMPAS_STORE_STORE_H_
