#include "domain/case_lifecycle.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace kompas::domain {
namespace {

using v1::CaseStatus;

// Every allowed move. Why the side moves exist:
//   OPEN → CONCLUDED        peers settled it through reflections, no session needed
//   IN_SESSION → OPEN       the session ended without a conclusion
//   DRAFT/OPEN → ARCHIVED   the author withdraws the case
constexpr std::pair<CaseStatus, CaseStatus> kTransitions[] = {
    {v1::CASE_STATUS_DRAFT, v1::CASE_STATUS_OPEN},
    {v1::CASE_STATUS_DRAFT, v1::CASE_STATUS_ARCHIVED},
    {v1::CASE_STATUS_OPEN, v1::CASE_STATUS_IN_SESSION},
    {v1::CASE_STATUS_OPEN, v1::CASE_STATUS_CONCLUDED},
    {v1::CASE_STATUS_OPEN, v1::CASE_STATUS_ARCHIVED},
    {v1::CASE_STATUS_IN_SESSION, v1::CASE_STATUS_CONCLUDED},
    {v1::CASE_STATUS_IN_SESSION, v1::CASE_STATUS_OPEN},
    {v1::CASE_STATUS_CONCLUDED, v1::CASE_STATUS_ARCHIVED},
};

}  // namespace

bool CanTransition(CaseStatus from, CaseStatus to) {
  for (const auto& [f, t] : kTransitions) {
    if (f == from && t == to) return true;
  }
  return false;
}

absl::Status CheckTransition(absl::string_view case_name, CaseStatus from, CaseStatus to) {
  if (CanTransition(from, to)) return absl::OkStatus();
  std::string allowed, targets;
  for (const auto& [f, t] : kTransitions) {
    if (f != from) continue;
    absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", StatusWord(t));
    absl::StrAppend(&targets, targets.empty() ? "" : ",", StatusWord(t));
  }
  return FailedPrecondition(
      v1::CASE_STATUS, case_name,
      absl::StrCat("case ", case_name, " is ", StatusWord(from), " and cannot move to ",
                   StatusWord(to), "; from ", StatusWord(from), " it can move to ",
                   allowed.empty() ? "nothing (final status)" : allowed),
      {{"status", std::string(StatusWord(from))},
       {"target_status", std::string(StatusWord(to))},
       {"allowed_targets", targets}});
}

bool AcceptsReflections(CaseStatus status) {
  return status == v1::CASE_STATUS_OPEN || status == v1::CASE_STATUS_IN_SESSION ||
         status == v1::CASE_STATUS_CONCLUDED;
}

absl::string_view StatusWord(CaseStatus status) {
  switch (status) {
    case v1::CASE_STATUS_DRAFT: return "DRAFT";
    case v1::CASE_STATUS_OPEN: return "OPEN";
    case v1::CASE_STATUS_IN_SESSION: return "IN_SESSION";
    case v1::CASE_STATUS_CONCLUDED: return "CONCLUDED";
    case v1::CASE_STATUS_ARCHIVED: return "ARCHIVED";
    default: return "UNSPECIFIED";
  }
}

}  // namespace kompas::domain
