#include "domain/retention.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

absl::Time TimeOf(const v1::AuditEvent& event) {
  return absl::FromUnixSeconds(event.time().seconds()) + absl::Nanoseconds(event.time().nanos());
}

// "noord" of "communities/noord/auditEvents/12"; "" when not of that form.
std::string CommunityOfEvent(const v1::AuditEvent& event) {
  absl::string_view rest = event.name();
  if (!absl::ConsumePrefix(&rest, "communities/")) return "";
  return std::string(rest.substr(0, rest.find('/')));
}

// The number of the last expiry run recorded in the store; 0 for none.
absl::StatusOr<uint64_t> LastRun(const store::Store& store) {
  uint64_t last = 0;
  const std::string prefix = audit::kExpiryKeyPrefix;
  RETURN_IF_ERROR(store.Scan(Table::kMeta, prefix, {.reverse = true},
                             [&](absl::string_view key, absl::string_view) {
                               if (key.size() == prefix.size() + 8) {
                                 last = keys::ParseSequence(key.substr(prefix.size()));
                               }
                               return false;
                             }));
  return last;
}

}  // namespace

absl::Duration AuditRetention(const v1::Community& community) {
  const absl::Duration d = FromProto(community.audit_retention());
  return d > absl::ZeroDuration() ? d : kDefaultAuditRetention;
}

std::optional<absl::Duration> ArchivedCaseRetention(const v1::Community& community) {
  const absl::Duration d = FromProto(community.archived_case_retention());
  if (d <= absl::ZeroDuration()) return std::nullopt;
  return d;
}

v1::Community WithRetentionShown(v1::Community community) {
  if (!community.has_audit_retention() ||
      FromProto(community.audit_retention()) <= absl::ZeroDuration()) {
    community.mutable_audit_retention()->set_seconds(
        absl::ToInt64Seconds(kDefaultAuditRetention));
  }
  return community;
}

absl::StatusOr<int64_t> Retention::ExpireCases(const v1::Community& community, absl::Time now) {
  const std::optional<absl::Duration> period = ArchivedCaseRetention(community);
  if (!period) return 0;
  ASSIGN_OR_RETURN(std::string id, ParseCommunityName(community.name(), "name"));
  std::vector<std::string> archived;
  RETURN_IF_ERROR(store_->Scan(
      Table::kCaseIndex,
      keys::CaseIndexPrefix(id, "status", absl::StrCat(static_cast<int>(v1::CASE_STATUS_ARCHIVED))),
      {}, [&](absl::string_view key, absl::string_view) {
        archived.emplace_back(keys::LastPart(key));
        return true;
      }));
  int64_t removed = 0;
  for (const std::string& case_id : archived) {
    Call call = auditor_.Begin({.member_id = kRetentionMember}, kExpireCaseMethod);
    call.Scope(id, "", /*audited=*/true);
    ASSIGN_OR_RETURN(bool gone, cases_->ExpireArchived(call, id, case_id, now - *period));
    removed += gone ? 1 : 0;
  }
  return removed;
}

absl::Status Retention::WriteRun(const std::vector<v1::AuditEvent>& expired, int64_t cases,
                                 const audit::AuditLog::ChainHead& head, absl::Time now) {
  // The head on disk before a record signs it (see Checkpoints::Current);
  // refused if the store has reopened since, as the head may be lost.
  RETURN_IF_ERROR(store_->Sync(head.opening));
  ASSIGN_OR_RETURN(uint64_t last_run, LastRun(*store_));
  const uint64_t run = last_run + 1;
  store::WriteBatch batch;
  audit::ExpiryDigest digest;
  for (const v1::AuditEvent& event : expired) {
    // What stays: its place, time and hashes, so the chain still links.
    v1::AuditEvent placeholder;
    placeholder.set_sequence(event.sequence());
    *placeholder.mutable_time() = event.time();
    placeholder.set_previous_hash(event.previous_hash());
    placeholder.set_hash(event.hash());
    placeholder.set_expired_by(static_cast<int64_t>(run));
    const std::string seq8 = keys::Sequence(static_cast<uint64_t>(event.sequence()));
    batch.Put(Table::kAudit, seq8, placeholder.SerializeAsString());
    const std::string community = CommunityOfEvent(event);
    batch.Delete(Table::kAuditIndex, keys::Join({community, "all", "", seq8}));
    if (!event.resource().empty()) {
      batch.Delete(Table::kAuditIndex, keys::Join({community, "resource", event.resource(), seq8}));
    }
    batch.Delete(Table::kAuditIndex, keys::Join({community, "member", event.member(), seq8}));
    digest.Add(event.sequence(), event.hash());
  }
  audit::Checkpoint record;
  record.origin = checkpoints_->signer().origin();
  record.size = head.size;
  record.head_hash = head.hash;
  record.time = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  record.extensions.push_back(
      audit::ExpiryLine(run, digest.count(), cases, digest.Hex()));
  ASSIGN_OR_RETURN(std::string note, checkpoints_->signer().Sign(record));
  batch.Put(Table::kMeta, absl::StrCat(audit::kExpiryKeyPrefix, keys::Sequence(run)), note);
  RETURN_IF_ERROR(store_->Write(batch));
  log::Info("retention_expired", {{"run", absl::StrCat(run)},
                                  {"audit_events", absl::StrCat(digest.count())},
                                  {"cases", absl::StrCat(cases)}});
  return absl::OkStatus();
}

absl::StatusOr<SweepResult> Retention::Sweep(absl::Time now) {
  absl::MutexLock lock(&sweep_mu_);
  SweepResult result;
  // The head before anything is removed: what each run's record signs.
  const audit::AuditLog::ChainHead head = audit_->Head();

  std::map<std::string, absl::Duration> audit_periods;
  RETURN_IF_ERROR(communities_->ForEach([&](const v1::Community& community,
                                             const std::string& id) -> absl::Status {
    audit_periods[id] = AuditRetention(community);
    ASSIGN_OR_RETURN(int64_t cases, ExpireCases(community, now));
    result.cases += cases;
    return absl::OkStatus();
  }));
  expired_cases_ += result.cases;

  if (checkpoints_ == nullptr) {
    // Without a key the removal could not be proven: keep every event.
    if (result.cases > 0) {
      log::Info("retention_expired", {{"audit_events", "0"}, {"cases", absl::StrCat(result.cases)}});
    }
    return result;
  }
  // Events of the server's own trail, and of communities that no longer
  // exist, are kept for the default period.
  absl::Duration shortest = kDefaultAuditRetention;
  for (const auto& [id, period] : audit_periods) shortest = std::min(shortest, period);

  int64_t cases_to_record = result.cases;
  std::string after;
  while (true) {
    std::vector<v1::AuditEvent> expired;
    std::string last_key;
    absl::Status inner;
    bool more = false;
    RETURN_IF_ERROR(store_->Scan(
        Table::kAudit, "", {.after = after}, [&](absl::string_view key, absl::string_view value) {
          v1::AuditEvent event;
          if (!event.ParseFromString(std::string(value))) {
            inner = absl::DataLossError("a stored audit event cannot be read");
            return false;
          }
          // The trail is in time order: past the shortest period nothing
          // more can have expired.
          if (TimeOf(event) >= now - shortest) return false;
          last_key = std::string(key);
          if (event.expired_by() != 0) return true;
          auto it = audit_periods.find(CommunityOfEvent(event));
          const absl::Duration period =
              it == audit_periods.end() ? kDefaultAuditRetention : it->second;
          if (TimeOf(event) < now - period) expired.push_back(std::move(event));
          if (static_cast<int>(expired.size()) >= options_.max_events_per_run) {
            more = true;
            return false;
          }
          return true;
        }));
    RETURN_IF_ERROR(inner);
    if (!expired.empty() || cases_to_record > 0) {
      RETURN_IF_ERROR(WriteRun(expired, cases_to_record, head, now));
      result.audit_events += static_cast<int64_t>(expired.size());
      expired_events_ += static_cast<int64_t>(expired.size());
      ++result.runs;
      cases_to_record = 0;
    }
    if (!more) break;
    after = last_key;
  }
  return result;
}

void Retention::Start() {
  if (options_.interval <= absl::ZeroDuration()) return;
  absl::MutexLock lock(&thread_mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] {
    absl::MutexLock lock(&thread_mu_);
    while (!stopping_) {
      thread_mu_.Unlock();
      absl::StatusOr<SweepResult> swept = Sweep(absl::Now());
      if (!swept.ok()) {
        log::Warn("retention_failed", {{"error", std::string(swept.status().message())}});
      }
      thread_mu_.Lock();
      thread_mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval);
    }
  });
}

void Retention::Stop() {
  {
    absl::MutexLock lock(&thread_mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace kompas::domain
