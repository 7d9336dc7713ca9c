// What `kompas session watch` shows of a session while it runs. Two forms:
//
//  - EventLine: one line per event, for a pipe or a file, numbered with the
//    event's sequence so that a reader sees nothing is missing or doubled:
//      #5 reflection QUESTION communities/wijkteams/members/eva-amsterdam: Weet de moeder het?
//      #6 phase ANALYSIS (Analyse): Wat speelt er? ...
//      #9 closed case=CONCLUDED
//  - SessionView: the session as it is now, kept up to date event by event,
//    rendered as one screen for a terminal that is redrawn in place.
//
//   SessionView view;
//   view.SetSnapshot(first_message.session());
//   view.Apply(event);
//   std::cout << kClearScreen << view.Render(rows, columns);
#ifndef KOMPAS_CLIENTS_CLI_SESSION_VIEW_H_
#define KOMPAS_CLIENTS_CLI_SESSION_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/string_view.h>

#include "kompas/v1/session.pb.h"

namespace kompas::cli {

// One event as one line, without a newline: `#SEQ WHAT details`. Text is
// kept whole, control characters (line breaks) shown as spaces.
std::string EventLine(const kompas::v1::SessionEvent& event);

// The line that opens a watch in line mode, before the events. It does not
// start with '#': it is the session's state, not an event.
std::string SnapshotLine(const kompas::v1::Session& session);

// N from a WatchSession status message that says "... after_sequence=N ...":
// the server asks to be watched again from there (it is stopping, or the
// watcher fell behind). nullopt when the message says no such thing.
std::optional<int64_t> ResumeSequence(absl::string_view message);

// Not thread-safe.
class SessionView {
 public:
  // The session as WatchSession's first message has it, at the start and
  // after every reconnect. Reflections shown so far are kept: the session
  // itself does not carry them.
  void SetSnapshot(const kompas::v1::Session& session);

  // Applies one event. An event the snapshot already includes (sequence up
  // to its last_sequence, replayed by a watch from the start) only adds its
  // reflection; later ones also change phase, participants, parked
  // questions, conclusions and state. Applying an event twice is harmless.
  void Apply(const kompas::v1::SessionEvent& event);

  const kompas::v1::Session& session() const { return session_; }

  // The whole screen as text: phase and instruction, who may post what,
  // participants, reflections, parked questions, conclusions. At most `rows`
  // lines (0: no limit), the oldest reflections giving way first; lines are
  // wrapped or cut to `columns` (0: the usual wrap width).
  std::string Render(size_t rows, size_t columns) const;

 private:
  struct Posted {
    int64_t sequence;
    kompas::v1::Reflection reflection;
  };
  kompas::v1::Session session_;
  std::vector<Posted> reflections_;  // in sequence order, each once
};

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SESSION_VIEW_H_
