#include "domain/auditor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/names.h"

namespace kompas::domain {

std::string RefusedResourceName(absl::string_view name) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  std::vector<absl::string_view> kept;
  for (size_t i = 0; i < parts.size(); ++i) {
    const absl::string_view part = parts[i];
    bool keep;
    if (i % 2 == 0) {  // a collection: "cases"
      keep = !part.empty() && part.size() <= 24 &&
             std::all_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    } else if (parts[i - 1] == "communities") {
      // Checked to be a community the caller is in, or the call was
      // refused before the trail.
      keep = IsValidUserId(part);
    } else {
      keep = IsValidServerId(part) ||
             (!part.empty() && part.size() <= 6 &&
              std::all_of(part.begin(), part.end(), [](char c) { return absl::ascii_isdigit(c); }));
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
