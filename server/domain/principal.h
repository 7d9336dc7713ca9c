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
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_PRINCIPAL_H_
