// The audit trail: an append-only, hash-chained log of every call that read
// or changed case material. Each event holds the SHA-256 of the event before
// it, so changing or removing a stored event breaks the chain at that point
// (Verify finds it).
//
//   // A write: the event goes into the same atomic batch as the change.
//   RETURN_IF_ERROR(audit.Commit(batch, event));
//   // A read or a refused call: an event of its own.
//   RETURN_IF_ERROR(audit.Record(event));
#ifndef KOMPAS_AUDIT_AUDIT_LOG_H_
#define KOMPAS_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "kompas/v1/audit.pb.h"
#include "store/store.h"

namespace kompas::audit {

// The fields a caller fills in; sequence, name, time and hashes are the log's.
struct Entry {
  std::string community;  // community id the resource belongs to
  std::string member;     // member id of the caller
  std::string method;     // full gRPC method
  std::string resource;   // resource name the call was about
  std::string outcome;    // canonical code name, "OK" on success
};

struct VerifyReport {
  int64_t events = 0;
  // Sequence of the first event whose hash or link does not match; 0 when
  // the chain is intact.
  int64_t first_damaged = 0;
  std::string problem;  // what is wrong with it, for people
};

// Thread-safe. Does not own the store.
class AuditLog {
 public:
  // Reads the chain's last sequence and hash from the store.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(store::Store* store);

  // Adds the event to `batch` and writes the batch with the store's default
  // durability. Concurrent callers are group-committed: one of them writes
  // everyone's batches, chained in queue order, as one RocksDB write, so the
  // chain's order is the commit order and a crash can only cut the chain's
  // tail. The group's WAL sync (store::Store::Sync) runs while the next
  // group is written.
  [[nodiscard]] absl::Status Commit(store::WriteBatch& batch, const Entry& entry);
  // An event on its own, written without waiting for a WAL sync (reads must
  // stay fast); a crash may lose the newest such events, never reorder them.
  [[nodiscard]] absl::Status Record(const Entry& entry);
  // Several events in one write (e.g. one per case a list call returned).
  [[nodiscard]] absl::Status RecordMany(const std::vector<Entry>& entries);

  struct Query {
    std::string resource;  // exact resource name; empty: any
    std::string member;    // member id; empty: any
    std::string method;    // full method, or a short name matched as "/<name>" suffix
    std::optional<absl::Time> start, end;  // [start, end)
    int page_size = 20;
    uint64_t before_sequence = 0;  // continue below this sequence; 0: from the newest
  };
  struct Page {
    std::vector<v1::AuditEvent> events;
    uint64_t next_before = 0;  // 0 when there is nothing more
  };
  // A community's events, newest first. The trail is in time order (see
  // Append), so a listing with a start stops at the first older event
  // instead of walking the rest of the trail.
  absl::StatusOr<Page> List(const std::string& community, const Query& query) const;

  // The chain's head: its highest sequence and that event's hash (hex;
  // empty for an empty chain), as of the last committed write.
  struct ChainHead {
    uint64_t size = 0;
    std::string hash;
    // The store's opening (Store::Opening) the head was seen in.
    uint64_t opening = store::Store::kAnyOpening;
  };
  // Includes events written but not yet synced: call
  // store->Sync(head.opening) before promising anything about it.
  ChainHead Head();

  // Walks the whole chain from the first event (works on a read-only store).
  // A placeholder left by retention (expired_by set) is checked for its
  // place and link only; audit/checkpoint.h's VerifyPrefix also checks it
  // against its signed expiry record.
  static absl::StatusOr<VerifyReport> Verify(const store::Store& store);

  // The hash an event must carry, from its previous_hash and other fields.
  static std::string HashOf(const v1::AuditEvent& event);

 private:
  explicit AuditLog(store::Store* store) : store_(store) {}
  absl::Status Append(store::WriteBatch& batch, const std::vector<Entry>& entries,
                      store::Durability durability);

  // One caller's part of a group commit; lives on that caller's stack.
  struct Pending {
    store::WriteBatch* batch;
    const std::vector<Entry>* entries;
    store::Durability durability;
    uint64_t opening = store::Store::kAnyOpening;  // the group's write went to
    absl::Status status;  // of the group's write
    bool done = false;    // the group is written (not yet synced)
  };
  // Waits for the sync a kDefault caller's written event needs.
  absl::Status MakeDurable(const Pending& me);
  // The chain's newest event.
  struct Tip {
    uint64_t sequence = 0;
    std::string hash;
    // Its time (Unix nanoseconds): no event is stamped earlier, even when
    // the wall clock steps back, so sequence order is time order.
    int64_t nanos = 0;
    // The store's opening it was written or read in. Once the store has
    // reopened, the tip may have been lost with the unsynced writes.
    uint64_t opening = store::Store::kAnyOpening;
  };
  absl::Status ReadHead(Tip& tip) const;
  // Whether the tip may not be what the store holds: read it again.
  bool TipInDoubt() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::Store* store_;
  absl::Mutex mu_;
  Tip tip_ ABSL_GUARDED_BY(mu_);
  // After a failed write or sync: the tip may not be on disk, so the next
  // leader reads it from the store again (as after a reopen of the store).
  bool tip_stale_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<Pending*> queue_ ABSL_GUARDED_BY(mu_);
  // A leader is chaining and writing a group. It clears this once the group
  // is written, before anyone's sync, so groups are written one at a time,
  // in chain order, while the syncs overlap.
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace kompas::audit

#endif  // KOMPAS_AUDIT_AUDIT_LOG_H_
