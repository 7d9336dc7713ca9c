#include "domain/session_feed.h"

#include <algorithm>
#include <deque>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/case_rules.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "store/keys.h"

namespace kompas::domain {

struct SessionFeed::Watcher {
  const std::string community;
  const std::string session_id;
  const std::function<void()> wake;

  absl::Mutex mu;
  // The last sequence handed out by Take.
  int64_t cursor ABSL_GUARDED_BY(mu) = 0;
  // False while the watcher still reads stored events: the live buffer then
  // only bridges the moment it catches up.
  bool live ABSL_GUARDED_BY(mu) = false;
  // Live events, shared with the session's other watchers, and their size.
  std::deque<std::shared_ptr<const v1::SessionEvent>> buffer ABSL_GUARDED_BY(mu);
  size_t buffer_bytes ABSL_GUARDED_BY(mu) = 0;
  // Times the buffer overflowed; a catch-up read that saw this change
  // cannot trust the buffer and reads the store once more.
  uint64_t overflows ABSL_GUARDED_BY(mu) = 0;
  bool behind ABSL_GUARDED_BY(mu) = false;
  bool stopped ABSL_GUARDED_BY(mu) = false;

  Watcher(std::string c, std::string s, std::function<void()> w)
      : community(std::move(c)), session_id(std::move(s)), wake(std::move(w)) {}

  // Drops the buffer's first event, `front`, from the count.
  void PopFront(const v1::SessionEvent& front) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    buffer_bytes -= std::min(buffer_bytes, front.ByteSizeLong());
    buffer.pop_front();
  }
  void ClearBuffer() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    buffer.clear();
    buffer_bytes = 0;
  }
};

namespace {

absl::Status ResumeFrom(absl::StatusCode code, v1::ErrorReason reason, absl::string_view why,
                        int64_t cursor) {
  return WithReason(code, reason,
                    absl::StrCat(why, "; watch again with after_sequence=", cursor,
                                 " to continue where you were"),
                    {{"after_sequence", absl::StrCat(cursor)}});
}

}  // namespace

std::unique_ptr<SessionFeed::Subscription> SessionFeed::Subscribe(
    const std::string& community, const std::string& session_id, int64_t after_sequence,
    std::function<void()> wake) {
  auto watcher = std::make_shared<Watcher>(community, session_id, std::move(wake));
  {
    absl::MutexLock w(&watcher->mu);
    watcher->cursor = after_sequence;
  }
  absl::MutexLock lock(&mu_);
  if (shut_down_) {
    absl::MutexLock w(&watcher->mu);
    watcher->stopped = true;
  }
  // Registered before the first store read, so an event committed after
  // that read began is in the buffer: nothing falls between the two.
  watchers_[{community, session_id}].insert(watcher);
  return std::unique_ptr<Subscription>(new Subscription(this, std::move(watcher)));
}

void SessionFeed::Unsubscribe(const std::shared_ptr<Watcher>& watcher) {
  absl::MutexLock lock(&mu_);
  auto it = watchers_.find({watcher->community, watcher->session_id});
  if (it == watchers_.end()) return;
  it->second.erase(watcher);
  if (it->second.empty()) watchers_.erase(it);
}

void SessionFeed::Publish(const std::string& community, const std::string& session_id,
                          const v1::SessionEvent& event) {
  std::vector<std::shared_ptr<Watcher>> to_wake;
  {
    absl::MutexLock lock(&mu_);
    auto it = watchers_.find({community, session_id});
    if (it == watchers_.end()) return;
    // One copy for every watcher of the session.
    auto shared = std::make_shared<const v1::SessionEvent>(event);
    const size_t bytes = shared->ByteSizeLong();
    for (const std::shared_ptr<Watcher>& w : it->second) {
      absl::MutexLock wl(&w->mu);
      if (w->buffer_bytes + bytes > options_.watcher_buffer_bytes) {
        // Never wait for a slow reader: drop its buffer and let it catch up
        // from the store (or resume) instead.
        w->buffer.clear();
        w->buffer_bytes = 0;
        ++w->overflows;
        w->behind = true;
      } else {
        w->buffer.push_back(shared);
        w->buffer_bytes += bytes;
      }
      to_wake.push_back(w);
    }
  }
  for (const auto& w : to_wake) w->wake();
}

void SessionFeed::Shutdown() {
  std::vector<std::shared_ptr<Watcher>> to_wake;
  {
    absl::MutexLock lock(&mu_);
    shut_down_ = true;
    for (auto& [key, set] : watchers_) {
      for (const auto& w : set) {
        absl::MutexLock wl(&w->mu);
        w->stopped = true;
        to_wake.push_back(w);
      }
    }
  }
  for (const auto& w : to_wake) w->wake();
}

size_t SessionFeed::watcher_count() const {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [key, set] : watchers_) n += set.size();
  return n;
}

SessionFeed::Subscription::~Subscription() { feed_->Unsubscribe(watcher_); }

int64_t SessionFeed::Subscription::cursor() const {
  absl::MutexLock lock(&watcher_->mu);
  return watcher_->cursor;
}

absl::StatusOr<std::vector<v1::SessionEvent>> SessionFeed::Subscription::Take(size_t max) {
  Watcher& w = *watcher_;
  std::vector<v1::SessionEvent> out;
  int64_t cursor;
  uint64_t overflows_before;
  {
    absl::MutexLock lock(&w.mu);
    if (w.stopped) {
      return ResumeFrom(absl::StatusCode::kUnavailable, v1::SERVER_STOPPING,
                        "kompasd is stopping", w.cursor);
    }
    if (w.live) {
      if (w.behind) {
        return ResumeFrom(absl::StatusCode::kAborted, v1::WATCHER_BEHIND,
                          "this watcher fell too far behind the session", w.cursor);
      }
      while (!w.buffer.empty() && out.size() < max) {
        std::shared_ptr<const v1::SessionEvent> e = std::move(w.buffer.front());
        w.PopFront(*e);
        if (e->sequence() <= w.cursor) continue;  // also read from the store
        if (e->sequence() != w.cursor + 1) {
          // A hole can only mean the buffer missed something: read the store.
          w.live = false;
          w.ClearBuffer();
          break;
        }
        w.cursor = e->sequence();
        out.push_back(*e);
      }
      if (w.live || !out.empty()) return out;
    }
    cursor = w.cursor;
    overflows_before = w.overflows;
  }

  // Catching up: stored events after the cursor, outside the lock so
  // publishers never wait on a store read.
  const std::string prefix = store::keys::SessionEventsOf(w.community, w.session_id);
  store::ScanOptions options;
  options.after = store::keys::SessionEvent(w.community, w.session_id, cursor);
  absl::Status parsed;
  RETURN_IF_ERROR(feed_->store_->Scan(
      store::Table::kSessionEvents, prefix, options,
      [&](absl::string_view, absl::string_view value) {
        if (out.size() == max) return false;
        v1::SessionEvent e;
        if (!e.ParseFromString(std::string(value))) {
          parsed = absl::DataLossError("a stored session event cannot be parsed");
          return false;
        }
        out.push_back(std::move(e));
        return true;
      }));
  RETURN_IF_ERROR(parsed);
  RETURN_IF_ERROR(feed_->AsSeenNow(w.community, w.session_id, out));

  bool waiting_in_buffer;
  {
    absl::MutexLock lock(&w.mu);
    if (!out.empty()) w.cursor = out.back().sequence();
    // Reading the store is catching up: an overflow before this read cost
    // nothing, so it does not count against the watcher.
    w.behind = false;
    if (w.overflows != overflows_before) {
      // Events may have been dropped while we read: stay in catch-up mode.
      w.ClearBuffer();
    } else if (out.size() < max) {
      // Caught up: everything later is in the buffer (or will be).
      w.live = true;
      while (!w.buffer.empty() && w.buffer.front()->sequence() <= w.cursor) {
        w.PopFront(*w.buffer.front());
      }
    }
    waiting_in_buffer = out.empty() && w.live && !w.buffer.empty();
  }
  // Just went live with events waiting: hand them out now.
  if (waiting_in_buffer) return Take(max);
  return out;
}

absl::Status SessionFeed::AsSeenNow(const std::string& community, const std::string& session_id,
                                    std::vector<v1::SessionEvent>& events) const {
  const bool has_reflection = std::any_of(events.begin(), events.end(), [](const auto& e) {
    return e.has_reflection();
  });
  if (!has_reflection) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<v1::Session> session,
                   internal::LoadRecord<v1::Session>(*store_, store::Table::kSessions,
                                                     store::keys::Session(community, session_id)));
  if (!session.has_value()) return absl::OkStatus();  // removed meanwhile: nothing to show
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(session->case_(), "session.case"));
  ASSIGN_OR_RETURN(std::optional<v1::Case> c,
                   internal::LoadRecord<v1::Case>(*store_, store::Table::kCases,
                                                  store::keys::Case(case_name.community,
                                                                    case_name.case_id)));
  if (!c.has_value()) return absl::OkStatus();
  for (v1::SessionEvent& e : events) e = internal::EventFor(*c, std::move(e));
  return absl::OkStatus();
}

}  // namespace kompas::domain
