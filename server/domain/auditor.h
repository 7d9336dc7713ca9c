// The one place that decides what goes on the audit trail. A call is on the
// trail when its RPC's rule says so (the RPC table's `audited`); then:
//   - a change commits its event in the same atomic batch (Call::Commit),
//   - a read of case material records one event per item handed out
//     (Call::Read),
//   - a refusal inside a use case may name its trail (Call::Refuse),
//   - and any other audited call, served or refused, gets exactly one event
//     of its own when it ends (Finish): never a second one.
//
//   Auditor auditor(&audit_log, &communities);
//   domain::Call call = auditor.Begin(who, "/kompas.v1.CaseService/GetCase");
//   call.Scope(community, resource, rule.audited);
//   call.Admit(membership);
//   absl::Status status = use_case(call, request);
//   status = auditor.Finish(call, status);
#ifndef KOMPAS_DOMAIN_AUDITOR_H_
#define KOMPAS_DOMAIN_AUDITOR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "audit/audit_log.h"
#include "domain/call.h"
#include "domain/communities.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Owns nothing; both must outlive it and every Call it began.
class Auditor {
 public:
  // `log` may be null: nothing is recorded (tools).
  Auditor(audit::AuditLog* log, const Communities* communities)
      : log_(log), communities_(communities) {}

  // The call `who` makes of `method`; the api scopes and admits it.
  Call Begin(Principal who, std::string method) const;

  // After `call` ended with `status`: its own event when it is audited,
  // names a community, and has no event yet: a read of its resource, or a
  // refusal (only on the trail of a community that exists, naming only the
  // server-made parts of what the client wrote). Returns `status`, or, for
  // a served call whose event could not be written, UNAVAILABLE: nothing is
  // served off the trail (a refusal keeps its own reason).
  [[nodiscard]] absl::Status Finish(const Call& call, const absl::Status& status) const;

 private:
  friend class Call;

  // `batch` and `entry`'s event in one atomic write.
  [[nodiscard]] absl::Status Commit(store::WriteBatch& batch, const audit::Entry& entry) const {
    return log_->Commit(batch, entry);
  }
  [[nodiscard]] absl::Status Record(const audit::Entry& entry) const {
    return log_->Record(entry);
  }
  [[nodiscard]] absl::Status RecordMany(const std::vector<audit::Entry>& entries) const {
    return log_->RecordMany(entries);
  }

  audit::AuditLog* log_;
  const Communities* communities_;
};

// A refused call's resource name for the trail, where it stays for good:
// only what cannot be someone's name or number is kept. That is the API's
// collection words ("cases"), the community id (checked to exist before the
// trail), server-made ids made between 2024 and `now` (any 13 letters and
// digits decode to some time; typed text almost never to a recent one), a
// number of up to 6 digits for a numbered collection (revisions, kompas
// versions, audit events) and a CBS municipality code (GM0479). Everything
// else — client text that may hold a name or a number — becomes "-".
// Exposed for tests.
std::string RefusedResourceName(absl::string_view name, absl::Time now = absl::Now());

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_AUDITOR_H_
