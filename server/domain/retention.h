// Retention: how long each community keeps its audit events and archived
// cases (Community.audit_retention, .archived_case_retention), and the sweep
// that removes what has expired — only that.
//
// An expired audit event is not cut out of the chain: it is replaced by a
// placeholder holding only its sequence, time and the two hashes (and the
// run that expired it), so the events after it still link, and its index
// entries go. Each run writes, in the same batch, a signed expiry record in
// the store: a checkpoint of the chain's head before the removal with a
// `kompas-expiry` line (run, events and cases removed, a digest over the
// removed events' sequences and hashes). `kompas-admin audit verify` accepts
// a placeholder only when such a record, signed by the server's key, names
// it, so a checkpoint taken before the expiry still verifies after it, and
// an event removed by someone else is still caught. An expired case goes as
// DeleteCase removes one, with an audit event of its own.
//
//   Retention retention(store, audit, checkpoints, communities, cases, {});
//   retention.Start();                    // sweeps every options.interval
//   ASSIGN_OR_RETURN(SweepResult r, retention.Sweep(absl::Now()));   // or now
#ifndef KOMPAS_DOMAIN_RETENTION_H_
#define KOMPAS_DOMAIN_RETENTION_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "audit/audit_log.h"
#include "audit/checkpoint.h"
#include "domain/auditor.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "kompas/v1/community.pb.h"
#include "store/store.h"

namespace kompas::domain {

// Audit events are kept 5 years unless a community says otherwise.
inline constexpr absl::Duration kDefaultAuditRetention = absl::Hours(24 * 1826);

// The periods in force for a community: its audit retention (the default
// when unset), and its archived-case retention (nullopt: forever).
absl::Duration AuditRetention(const v1::Community& community);
std::optional<absl::Duration> ArchivedCaseRetention(const v1::Community& community);
// The community as GetCommunity shows it: audit_retention filled in with
// the period in force.
v1::Community WithRetentionShown(v1::Community community);

struct RetentionOptions {
  // Time between two background sweeps. Default 1 hour: expiry is a matter
  // of days, and a sweep reads the old part of the audit trail. Zero: no
  // background sweep (Sweep can still be called).
  absl::Duration interval = absl::Hours(1);
  // Most audit events one run turns into placeholders (one atomic write and
  // one signed record each). Default 10,000: a batch of a few MiB. A sweep
  // does as many runs as it needs.
  int max_events_per_run = 10000;
};

struct SweepResult {
  int64_t audit_events = 0;  // expired audit events (now placeholders)
  int64_t cases = 0;         // expired archived cases
  int64_t runs = 0;          // signed expiry records written
};

// Thread-safe: one sweep at a time. Owns nothing; `checkpoints` may be null
// (no signing key: audit events are then kept, since their removal could
// not be proven, and only cases expire).
class Retention {
 public:
  Retention(store::Store* store, audit::AuditLog* audit, audit::Checkpoints* checkpoints,
            const Communities* communities, Cases* cases, RetentionOptions options = {})
      : store_(store),
        audit_(audit),
        checkpoints_(checkpoints),
        communities_(communities),
        cases_(cases),
        auditor_(audit, communities),
        options_(options) {}
  ~Retention() { Stop(); }

  // Removes what has expired as of `now`. Blocks while it reads the
  // expired part of the audit trail and writes the runs.
  absl::StatusOr<SweepResult> Sweep(absl::Time now);

  // Starts the background sweeper (when options.interval > 0); Stop ends
  // it, waiting for a sweep in progress. Both idempotent.
  void Start();
  void Stop();

  // Totals since this object was made, for metrics.
  int64_t expired_audit_events() const { return expired_events_.load(); }
  int64_t expired_cases() const { return expired_cases_.load(); }

 private:
  absl::StatusOr<int64_t> ExpireCases(const v1::Community& community, absl::Time now);
  // Writes one run: placeholders for `expired` and the signed record.
  absl::Status WriteRun(const std::vector<v1::AuditEvent>& expired, int64_t cases,
                        const audit::AuditLog::ChainHead& head, absl::Time now);

  store::Store* store_;
  audit::AuditLog* audit_;
  audit::Checkpoints* checkpoints_;
  const Communities* communities_;
  Cases* cases_;
  // Puts each expired case on its community's trail, as kRetentionMember.
  const Auditor auditor_;
  const RetentionOptions options_;

  absl::Mutex sweep_mu_;  // one sweep at a time
  std::atomic<int64_t> expired_events_{0};
  std::atomic<int64_t> expired_cases_{0};

  absl::Mutex thread_mu_;
  bool stopping_ ABSL_GUARDED_BY(thread_mu_) = false;
  std::thread thread_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_RETENTION_H_
