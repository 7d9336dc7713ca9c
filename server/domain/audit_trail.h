// AuditService's use case: a privacy officer asks who read or changed what.
#ifndef KOMPAS_DOMAIN_AUDIT_TRAIL_H_
#define KOMPAS_DOMAIN_AUDIT_TRAIL_H_

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "domain/call.h"
#include "kompas/v1/audit.pb.h"

namespace kompas::domain {

// Thread-safe. Does not own the log.
class AuditTrail {
 public:
  explicit AuditTrail(const audit::AuditLog* log) : log_(log) {}

  absl::StatusOr<v1::ListAuditEventsResponse> List(const Call& call,
                                                    const v1::ListAuditEventsRequest& request) const;

 private:
  const audit::AuditLog* log_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_AUDIT_TRAIL_H_
