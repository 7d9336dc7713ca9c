// Who is calling. The api layer fills it from the request (auth/caller.h);
// the domain uses it to record authorship and apply resource-level rules.
#ifndef KOMPAS_DOMAIN_PRINCIPAL_H_
#define KOMPAS_DOMAIN_PRINCIPAL_H_

#include <string>

namespace kompas::domain {

struct Principal {
  // The member id, the same in every community the member belongs to
  // (validated like a community id).
  std::string member_id;
  // Server-wide administrator (may manage communities and members).
  bool admin = false;
  // The full gRPC method being served, for the audit trail.
  std::string method;
  // Set by the domain when it wrote this call's audit event itself (in the
  // same batch as the change), so the api layer does not write another.
  // Owned by the call; null outside a call.
  bool* audited = nullptr;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_PRINCIPAL_H_
