// PrivacyService's use case: preview what the PII gate finds in a text,
// without storing or logging it.
#ifndef KOMPAS_DOMAIN_PRIVACY_CHECKS_H_
#define KOMPAS_DOMAIN_PRIVACY_CHECKS_H_

#include "absl/status/statusor.h"
#include "domain/call.h"
#include "domain/communities.h"
#include "domain/text_gate.h"
#include "kompas/v1/privacy.pb.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class PrivacyChecks {
 public:
  PrivacyChecks(const TextGate* gate, const Communities* communities)
      : gate_(gate), communities_(communities) {}

  absl::StatusOr<v1::CheckTextResponse> CheckText(const Call& call,
                                                  const v1::CheckTextRequest& request) const;

 private:
  const TextGate* gate_;
  const Communities* communities_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_PRIVACY_CHECKS_H_
