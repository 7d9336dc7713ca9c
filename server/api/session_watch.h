// WatchSession: a StreamSource (server_stream.h) that sends the session and
// then its events as they happen, from a SessionFeed subscription. Events
// wait in the subscription's byte-bounded buffer (shared between watchers),
// never in the reactor, so a slow client costs little and is told to resume
// when it falls behind. Each watch holds a slot of WatchLimits for as long
// as it is open, and opening one costs kWatchCost rate-limit tokens.
#ifndef KOMPAS_API_SESSION_WATCH_H_
#define KOMPAS_API_SESSION_WATCH_H_

#include <memory>

#include "api/server_stream.h"
#include "api/watch_limits.h"
#include "domain/sessions.h"

namespace kompas::api {

// Rate-limit tokens a watch costs to open: with the default rate of 50 a
// member opens at most 5 watches a second, sustained.
inline constexpr double kWatchCost = 10;

// The source of one WatchSession call. `limits` may be null (no limit);
// neither pointer is owned.
std::unique_ptr<StreamSource> MakeWatchSource(const domain::Sessions* sessions,
                                              WatchLimits* limits);

}  // namespace kompas::api

#endif  // KOMPAS_API_SESSION_WATCH_H_
