// Who is calling, nothing more. The api layer fills it from the request
// (auth/caller.h); the domain uses it to record authorship and apply
// resource-level rules. What the call is about and what it did is the
// Call's (call.h).
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
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_PRINCIPAL_H_
