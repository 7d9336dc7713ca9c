// The case lifecycle: DRAFT → OPEN → IN_SESSION → CONCLUDED → ARCHIVED, plus
// the few side moves listed in kTransitions (case_lifecycle.cc). One table,
// used by every path that changes a case's status.
#ifndef KOMPAS_DOMAIN_CASE_LIFECYCLE_H_
#define KOMPAS_DOMAIN_CASE_LIFECYCLE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "kompas/v1/case.pb.h"

namespace kompas::domain {

// True when a case may move from `from` to `to` (a move to itself is not a move).
bool CanTransition(v1::CaseStatus from, v1::CaseStatus to);
// OK, or FAILED_PRECONDITION naming the case, the current and the requested
// status and the moves that are allowed from the current one.
[[nodiscard]] absl::Status CheckTransition(absl::string_view case_name, v1::CaseStatus from,
                                           v1::CaseStatus to);
// True while peers may add reflections: OPEN, IN_SESSION, CONCLUDED.
bool AcceptsReflections(v1::CaseStatus status);
// "OPEN" for CASE_STATUS_OPEN: the word users and the CLI use.
absl::string_view StatusWord(v1::CaseStatus status);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_CASE_LIFECYCLE_H_
