#include "domain/auditor.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "common/log.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/names.h"

namespace kompas::domain {

namespace {

// Every collection of the API's resource names (the patterns in
// proto/kompas/v1).
constexpr absl::string_view kCollections[] = {
    "communities", "cases",      "reflections", "members",     "sessions",
    "parkedQuestions", "standards", "revisions", "errata",     "positions",
    "annotations", "kompasVersions", "auditEvents", "municipalities"};
// Collections whose ids are small numbers (an id above 6 digits, such as a
// late audit event's, is not kept: a BSN has 9).
constexpr absl::string_view kNumbered[] = {"revisions", "kompasVersions", "auditEvents"};

bool OneOf(absl::string_view word, absl::Span<const absl::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

}  // namespace

std::string RefusedResourceName(absl::string_view name, absl::Time now) {
  static const absl::Time kFirstIds = absl::FromCivil(absl::CivilDay(2024, 1, 1), absl::UTCTimeZone());
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  std::vector<absl::string_view> kept;
  for (size_t i = 0; i < parts.size(); ++i) {
    const absl::string_view part = parts[i];
    bool keep;
    if (i % 2 == 0) {  // a collection: "cases"
      keep = OneOf(part, kCollections);
    } else if (i == 1 && parts[0] == "communities") {
      // Checked to be a community the caller is in, or the call was
      // refused before the trail.
      keep = IsValidUserId(part);
    } else if (OneOf(parts[i - 1], kNumbered)) {
      keep = AllDigits(part) && part.size() <= 6;
    } else if (parts[i - 1] == "positions" || parts[i - 1] == "municipalities") {
      keep = IsValidCbsCode(part);
    } else {
      const std::optional<absl::Time> made = ServerIdTime(part);
      keep = made.has_value() && *made >= kFirstIds && *made <= now + absl::Hours(24);
    }
    kept.push_back(keep ? part : absl::string_view("-"));
  }
  return absl::StrJoin(kept, "/");
}

Call Auditor::Begin(Principal who, std::string method) const {
  return Call(std::move(who), std::move(method), log_ != nullptr ? this : nullptr, communities_);
}

absl::Status Auditor::Finish(const Call& call, const absl::Status& status) const {
  // Reads, and refusals, get an event here; a change, a list of case
  // material or a refusal the use case recorded already has its own.
  if (!call.audited() || call.recorded() || call.community().empty()) return status;
  // A community id the client made up is client text too: a refusal is on
  // the trail of a community that exists, or nowhere.
  if (!status.ok() && !communities_->Load(call.community()).ok()) return status;
  // A served call names a resource that exists. A refused one names what
  // the client wrote, which stays on the immutable trail forever: only the
  // parts that are server-made ids or known words are kept.
  const std::string resource =
      status.ok() ? call.resource() : RefusedResourceName(call.resource());
  absl::Status recorded = Record({call.community(), call.member_id(), call.method(), resource,
                                  absl::StatusCodeToString(status.code())});
  call.recorded_ = true;
  if (recorded.ok()) return status;
  log::Error("audit_failed", {{"method", call.method()}});
  // An unrecorded read must not be served: the privacy officer has to be
  // able to trust the trail. A refusal stays what it was: nothing was
  // handed out, and its own reason (a full disk, say) tells more.
  if (status.ok()) {
    return WithReason(absl::StatusCode::kUnavailable, v1::AUDIT_UNAVAILABLE,
                      "the audit trail could not be written; try again");
  }
  return status;
}

}  // namespace kompas::domain
