// The refusal of a Create or Update request without the resource message it
// carries, the same in every use case.
#ifndef KOMPAS_DOMAIN_INTERNAL_REQUIRED_H_
#define KOMPAS_DOMAIN_INTERNAL_REQUIRED_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace kompas::domain::internal {

// OK when `present`; otherwise INVALID_ARGUMENT with one field violation,
// `field` `description` ("case" "is required").
[[nodiscard]] inline absl::Status RequireMessage(bool present, absl::string_view field,
                                                 absl::string_view description = "is required") {
  if (present) return absl::OkStatus();
  FieldViolations v;
  v.Add(field, description, v1::REQUIRED);
  return v.ToStatus();
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_REQUIRED_H_
