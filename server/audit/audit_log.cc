#include "audit/audit_log.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "absl/strings/match.h"
#include "store/keys.h"

namespace kompas::audit {
namespace {

using store::Table;
namespace keys = store::keys;

std::string IndexKey(const std::string& community, absl::string_view field,
                     absl::string_view value, uint64_t sequence) {
  return keys::Join({community, field, value, keys::Sequence(sequence)});
}

}  // namespace

std::string AuditLog::HashOf(const v1::AuditEvent& event) {
  // Length-prefixed fields, so no two different events hash the same input.
  std::string input;
  for (const std::string& part :
       {event.previous_hash(), absl::StrCat(event.sequence()), event.name(),
        absl::StrCat(event.time().seconds(), ".", event.time().nanos()), event.member(),
        event.method(), event.resource(), event.outcome()}) {
    absl::StrAppend(&input, part.size(), ":", part, ";");
  }
  return Sha256Hex(input);
}

absl::Status AuditLog::ReadHead(Tip& tip) const {
  tip = Tip();
  // Before the read: after a reopen just before it, the tip is refused as
  // older than the store (one needless retry), never taken as current.
  tip.opening = store_->Opening();
  absl::Status parse = absl::OkStatus();
  RETURN_IF_ERROR(store_->Scan(Table::kAudit, "", {.reverse = true},
                               [&](absl::string_view, absl::string_view value) {
                                 v1::AuditEvent last;
                                 if (!last.ParseFromString(std::string(value))) {
                                   parse = absl::DataLossError("last audit event is unreadable");
                                   return false;
                                 }
                                 tip.sequence = static_cast<uint64_t>(last.sequence());
                                 tip.hash = last.hash();
                                 tip.nanos = last.time().seconds() * 1000000000 +
                                             last.time().nanos();
                                 return false;
                               }));
  return parse;
}

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(store::Store* store) {
  std::unique_ptr<AuditLog> log(new AuditLog(store));
  Tip tip;
  RETURN_IF_ERROR(log->ReadHead(tip));
  absl::MutexLock lock(&log->mu_);
  log->tip_ = std::move(tip);
  return log;
}

absl::Status AuditLog::Append(store::WriteBatch& batch, const std::vector<Entry>& entries,
                              store::Durability durability) {
  Pending me{&batch, &entries, durability};
  mu_.Lock();
  queue_.push_back(&me);
  // Either a leader takes our batch along, or we become the leader.
  // The leader marks its whole group done and gives up the role in one
  // critical section, so a member never mistakes the end of its own
  // group's write for a turn to lead.
  auto ready = [this, &me]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return me.done || !writing_; };
  mu_.Await(absl::Condition(&ready));
  if (me.done) {
    mu_.Unlock();
    return MakeDurable(me);
  }
  writing_ = true;
  std::vector<Pending*> group;
  group.swap(queue_);
  if (TipInDoubt()) {
    // A write or sync failed, or the store reopened after one, so the
    // events after the tip may or may not be on disk: start from what the
    // store holds now. Only the leader changes the tip, and we are it.
    mu_.Unlock();
    Tip stored;
    const absl::Status read = ReadHead(stored);
    mu_.Lock();
    if (read.ok()) {
      tip_ = std::move(stored);
      tip_stale_ = false;
    }
  }
  // Chain every queued event in queue order; the write below commits them
  // all at once, so commit order is chain order.
  uint64_t sequence = tip_.sequence;
  std::string hash = tip_.hash;
  const uint64_t opening = tip_.opening;
  // Never before the previous event: List and retention rely on the trail
  // being in time order.
  const int64_t nanos = std::max(absl::ToUnixNanos(absl::Now()), tip_.nanos);
  mu_.Unlock();

  store::WriteBatch combined;
  std::vector<std::string> index_keys;
  for (Pending* p : group) {
    for (const Entry& entry : *p->entries) {
      v1::AuditEvent event;
      ++sequence;
      event.set_sequence(static_cast<int64_t>(sequence));
      event.set_name(absl::StrCat("communities/", entry.community, "/auditEvents/", sequence));
      event.mutable_time()->set_seconds(nanos / 1000000000);
      event.mutable_time()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
      event.set_member(entry.member);
      event.set_method(entry.method);
      event.set_resource(entry.resource);
      event.set_outcome(entry.outcome);
      event.set_previous_hash(hash);
      event.set_hash(HashOf(event));
      hash = event.hash();
      p->batch->Put(Table::kAudit, keys::Sequence(sequence), event.SerializeAsString());
      index_keys.push_back(IndexKey(entry.community, "all", "", sequence));
      if (!entry.resource.empty()) {
        index_keys.push_back(IndexKey(entry.community, "resource", entry.resource, sequence));
      }
      index_keys.push_back(IndexKey(entry.community, "member", entry.member, sequence));
    }
    combined.Append(*p->batch);
  }
  // The index keys in key order. RocksDB's memtable inserts a key cheaply
  // when it lands right after the key inserted before it; in event order
  // they jump between the "all", "member" and "resource" runs, and that
  // search was a fifth of kompasd's work under ListCases (a page: 20
  // events, 60 index keys).
  // One atomic write either way, so the order changes nothing else.
  std::sort(index_keys.begin(), index_keys.end());
  for (const std::string& key : index_keys) combined.Put(Table::kAuditIndex, key, "");
  // Written unsynced; whoever needs durability then waits for a sync on its
  // own (MakeDurable), while the next leader writes its group: a read's
  // event never waits for a create's fsync, not even in the same group.
  // The WAL keeps write order, so a crash can only cut the chain's tail.
  // Only into the opening the tip is from: after a reopen it may be lost,
  // and an event chained to it would break the chain.
  const absl::Status status = store_->Write(combined, store::Durability::kRelaxed, opening);

  mu_.Lock();
  if (status.ok()) {
    tip_ = {sequence, hash, nanos, opening};
  } else {
    tip_stale_ = true;
  }
  for (Pending* p : group) {
    p->opening = opening;
    p->status = status;
    p->done = true;
  }
  writing_ = false;
  mu_.Unlock();
  return MakeDurable(me);
}

absl::Status AuditLog::MakeDurable(const Pending& me) {
  if (!me.status.ok() || me.durability == store::Durability::kRelaxed) return me.status;
  // Store::Sync shares one WAL sync among everyone waiting at once.
  absl::Status synced = store_->Sync(me.opening);
  if (!synced.ok()) {
    absl::MutexLock lock(&mu_);
    tip_stale_ = true;
  }
  return synced;
}

bool AuditLog::TipInDoubt() const {
  return tip_stale_ || tip_.opening != store_->Opening();
}

AuditLog::ChainHead AuditLog::Head() {
  absl::MutexLock lock(&mu_);
  if (TipInDoubt()) {
    // The tip may be lost: answer from the store (the truth once it has
    // reopened), and leave the tip to the next leader.
    Tip stored;
    if (ReadHead(stored).ok()) return {stored.sequence, stored.hash, stored.opening};
  }
  return {tip_.sequence, tip_.hash, tip_.opening};
}

absl::Status AuditLog::Commit(store::WriteBatch& batch, const Entry& entry) {
  return Append(batch, {entry}, store::Durability::kDefault);
}

absl::Status AuditLog::Record(const Entry& entry) {
  store::WriteBatch batch;
  return Append(batch, {entry}, store::Durability::kRelaxed);
}

absl::Status AuditLog::RecordMany(const std::vector<Entry>& entries) {
  if (entries.empty()) return absl::OkStatus();
  store::WriteBatch batch;
  return Append(batch, entries, store::Durability::kRelaxed);
}

absl::StatusOr<AuditLog::Page> AuditLog::List(const std::string& community,
                                              const Query& query) const {
  // Drive the scan from the narrowest index the query names.
  const std::string prefix = !query.resource.empty()
                                 ? keys::Prefix({community, "resource", query.resource})
                             : !query.member.empty() ? keys::Prefix({community, "member", query.member})
                                                     : keys::Prefix({community, "all", ""});
  store::ScanOptions options{.reverse = true};
  if (query.before_sequence > 0) options.after = prefix + keys::Sequence(query.before_sequence);
  const bool full_method = !query.method.empty() && query.method[0] == '/';
  const std::string method_suffix = full_method ? "" : "/" + query.method;

  Page page;
  uint64_t last = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(
      Table::kAuditIndex, prefix, options, [&](absl::string_view key, absl::string_view) {
        if (key.size() < prefix.size() + 8) return true;
        const std::string seq8(key.substr(key.size() - 8));
        auto raw = store_->Get(Table::kAudit, seq8);
        if (!raw.ok()) {
          inner = raw.status();
          return false;
        }
        if (!raw->has_value()) return true;
        v1::AuditEvent event;
        if (!event.ParseFromString(**raw)) {
          inner = absl::DataLossError("stored audit event cannot be parsed");
          return false;
        }
        const absl::Time time =
            absl::FromUnixSeconds(event.time().seconds()) + absl::Nanoseconds(event.time().nanos());
        // The trail is in time order and the scan goes from the newest:
        // nothing further can be at or after the start.
        if (query.start && time < *query.start) return false;
        // The index only points; the event itself must agree, so a forged
        // index entry cannot plant an event in a query's answer.
        const bool match =
            (query.resource.empty() || event.resource() == query.resource) &&
            absl::StartsWith(event.name(), absl::StrCat("communities/", community, "/")) &&
            (query.member.empty() || event.member() == query.member) &&
            (query.method.empty() || (full_method ? event.method() == query.method
                                                  : absl::EndsWith(event.method(), method_suffix))) &&
            (!query.start || time >= *query.start) && (!query.end || time < *query.end);
        if (match) {
          if (static_cast<int>(page.events.size()) == query.page_size) {
            page.next_before = last;
            return false;
          }
          page.events.push_back(std::move(event));
          last = keys::ParseSequence(seq8);
        }
        return true;
      }));
  RETURN_IF_ERROR(inner);
  return page;
}

absl::StatusOr<VerifyReport> AuditLog::Verify(const store::Store& store) {
  VerifyReport report;
  std::string previous_hash;
  int64_t expected_sequence = 1;
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(Table::kAudit, "", {}, [&](absl::string_view key,
                                                        absl::string_view value) {
    ++report.events;
    const int64_t key_sequence = static_cast<int64_t>(keys::ParseSequence(key));
    v1::AuditEvent event;
    std::string problem;
    if (!event.ParseFromString(std::string(value))) {
      problem = "the stored event cannot be read";
    } else if (event.sequence() != key_sequence || key_sequence != expected_sequence) {
      problem = absl::StrCat("expected event ", expected_sequence, ", found ", event.sequence(),
                             " (an event was removed or moved)");
    } else if (event.previous_hash() != previous_hash) {
      problem = "its link to the previous event does not match";
    } else if (event.expired_by() == 0 && HashOf(event) != event.hash()) {
      problem = "its content does not match its hash (it was altered)";
    }
    if (!problem.empty()) {
      report.first_damaged = key_sequence;
      report.problem = problem;
      return false;
    }
    previous_hash = event.hash();
    ++expected_sequence;
    return true;
  }));
  return report;
}

}  // namespace kompas::audit
