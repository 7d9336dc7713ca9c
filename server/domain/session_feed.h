// Live following of sessions: every committed session event is handed to
// the feed, which fans it out to the session's watchers. Each watcher reads
// stored events first (everything after its cursor) and then live ones, so
// a watcher that (re)connects with its last sequence number gets exactly the
// events it missed — no gaps, no duplicates — also across a restart, since
// the events are stored with the change they describe.
//
// Writers never wait for watchers: publishing only appends to each watcher's
// bounded buffer. The buffers share one copy of each event and are bounded
// by the bytes they hold, so a hundred stalled watchers cost about as much
// as one. A watcher whose buffer overflows is told to resume from its cursor
// (ABORTED, reason WATCHER_BEHIND) and then catches up from the store like
// any reconnecting client.
//
//   auto watch = feed.Subscribe(community, session_id, after, [&] { wake(); });
//   ASSIGN_OR_RETURN(std::vector<v1::SessionEvent> events, watch->Take(64));
#ifndef KOMPAS_DOMAIN_SESSION_FEED_H_
#define KOMPAS_DOMAIN_SESSION_FEED_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "kompas/v1/session.pb.h"
#include "store/store.h"

namespace kompas::domain {

struct SessionFeedOptions {
  // Bytes of live events a watcher may have waiting before it is told to
  // resume. Default 1 MiB: dozens of the largest events, far more than any
  // session produces between two network writes, unless that watcher has
  // stopped reading. The events are shared, so this bounds what one stalled
  // watcher keeps alive, not a copy per watcher.
  size_t watcher_buffer_bytes = 1 << 20;
};

class SessionFeed {
  struct Watcher;

 public:
  // One watcher's view. Take is called by one thread at a time; the feed
  // calls `wake` (from a writer's thread; it must not block) when new events
  // may be ready.
  class Subscription {
   public:
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    // Up to `max` events after the cursor, in order; empty when there are
    // none yet (wake comes when there are). ABORTED (WATCHER_BEHIND) when
    // the live buffer overflowed; UNAVAILABLE when the server is stopping.
    // Both say which after_sequence to resume with.
    absl::StatusOr<std::vector<v1::SessionEvent>> Take(size_t max);
    // The sequence of the last event Take returned (or the start cursor).
    int64_t cursor() const;

   private:
    friend class SessionFeed;
    Subscription(SessionFeed* feed, std::shared_ptr<Watcher> watcher)
        : feed_(feed), watcher_(std::move(watcher)) {}
    SessionFeed* feed_;
    std::shared_ptr<Watcher> watcher_;
  };

  // `store` is not owned and must outlive the feed.
  explicit SessionFeed(const store::Store* store, SessionFeedOptions options = {})
      : store_(store), options_(options) {}

  // Starts watching a session from `after_sequence` (0: from the start).
  std::unique_ptr<Subscription> Subscribe(const std::string& community,
                                          const std::string& session_id, int64_t after_sequence,
                                          std::function<void()> wake);
  // Hands a committed event to the session's watchers. Call in sequence
  // order per session (Sessions does, under the case's lock).
  void Publish(const std::string& community, const std::string& session_id,
               const v1::SessionEvent& event);
  // Every subscription, now and later, reports UNAVAILABLE from Take.
  void Shutdown();
  // Watchers currently subscribed (for tests and metrics).
  size_t watcher_count() const;

 private:
  void Unsubscribe(const std::shared_ptr<Watcher>& watcher);
  // Stored `events` of a session as a watcher may see them now: its case's
  // origin may have been hidden since they were posted (internal::EventFor).
  absl::Status AsSeenNow(const std::string& community, const std::string& session_id,
                         std::vector<v1::SessionEvent>& events) const;

  const store::Store* store_;
  const SessionFeedOptions options_;
  mutable absl::Mutex mu_;
  // (community, session id) → its watchers.
  std::map<std::pair<std::string, std::string>, std::set<std::shared_ptr<Watcher>>> watchers_
      ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SESSION_FEED_H_
