// AuditService's use cases: a privacy officer asks who read or changed what,
// and takes a signed checkpoint of the chain to keep (audit/checkpoint.h).
#ifndef KOMPAS_DOMAIN_AUDIT_TRAIL_H_
#define KOMPAS_DOMAIN_AUDIT_TRAIL_H_

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "audit/checkpoint.h"
#include "domain/call.h"
#include "kompas/v1/audit.pb.h"

namespace kompas::domain {

// Thread-safe. Does not own the log.
class AuditTrail {
 public:
  explicit AuditTrail(const audit::AuditLog* log) : log_(log) {}

  absl::StatusOr<v1::ListAuditEventsResponse> List(const Call& call,
                                                    const v1::ListAuditEventsRequest& request) const;
  // The chain's head, signed. Administrators may leave `parent` empty (the
  // call is then on the server's own trail); the RPC table lets only them
  // and the privacy officers of `parent` call.
  absl::StatusOr<v1::AuditCheckpoint> Checkpoint(const Call& call,
                                                 const v1::GetAuditCheckpointRequest& request);

  // Plugs in the checkpoint signer (not owned). Without it Checkpoint is
  // FAILED_PRECONDITION (a server without a signing key).
  void set_checkpoints(audit::Checkpoints* checkpoints) { checkpoints_ = checkpoints; }

 private:
  const audit::AuditLog* log_;
  audit::Checkpoints* checkpoints_ = nullptr;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_AUDIT_TRAIL_H_
