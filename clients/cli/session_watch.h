// `kompas session watch`: follows a session live through WatchSession.
//
// On a terminal the screen is redrawn in place after every event (see
// SessionView); into a pipe or a file, every event is one line, flushed at
// once, numbered with its sequence (see EventLine); under --json, every
// message is one line of proto JSON. A dropped stream whose status says
// "after_sequence=N" (kompasd stopping, a watcher that fell behind) is
// resumed after the last event shown, so nothing is shown twice or missed;
// the watch keeps trying for up to a minute (a kompasd restart).
// Ends with exit code 0 once the session's `closed` event is shown, or on
// Ctrl-C (SIGINT) or SIGTERM.
#ifndef KOMPAS_CLIENTS_CLI_SESSION_WATCH_H_
#define KOMPAS_CLIENTS_CLI_SESSION_WATCH_H_

#include <cstdint>
#include <string>

#include "client.h"

namespace kompas::cli {

struct SessionWatchArgs {
  std::string name;   // full name or 13-character id
  int64_t after = 0;  // show events after this sequence; 0: from the start
};

[[nodiscard]] int RunSessionWatch(Client& client, const SessionWatchArgs& args);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SESSION_WATCH_H_
