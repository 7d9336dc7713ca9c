// The one way a use case writes a change: the change and the call's audit
// event go into RocksDB as one atomic batch, so the trail never misses a
// write and never records one that did not happen.
#ifndef KOMPAS_DOMAIN_INTERNAL_AUDITED_WRITE_H_
#define KOMPAS_DOMAIN_INTERNAL_AUDITED_WRITE_H_

#include <string>

#include "absl/status/status.h"
#include "audit/audit_log.h"
#include "common/status_macros.h"
#include "domain/principal.h"
#include "store/store.h"

namespace kompas::domain::internal {

// Writes `batch`; for a call (caller.method set) with an audit log, with the
// call's audit event in the same write, and marks the call audited so the
// api layer does not add a second event. Without an audit log (tools) it is
// a plain write.
[[nodiscard]] inline absl::Status WriteAudited(store::Store& store, audit::AuditLog* audit,
                                               const Principal& caller,
                                               const std::string& community,
                                               const std::string& resource,
                                               store::WriteBatch& batch) {
  if (audit == nullptr || caller.method.empty()) return store.Write(batch);
  RETURN_IF_ERROR(
      audit->Commit(batch, {community, caller.member_id, caller.method, resource, "OK"}));
  if (caller.audited != nullptr) *caller.audited = true;
  return absl::OkStatus();
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_AUDITED_WRITE_H_
