// The limits the api layer puts on each member's use of the server, as
// ServerOptions carries them: calls per second (RateLimiter) and open
// session watches (WatchLimits). Each field gives its default and why.
#ifndef KOMPAS_API_LIMIT_OPTIONS_H_
#define KOMPAS_API_LIMIT_OPTIONS_H_

namespace kompas::api {

// Per-member call limits, or (as `failed_auth`) per-address limits on calls
// whose credentials were refused.
struct RateLimitOptions {
  // Sustained calls per second per member. Default 50: far above a person
  // at a keyboard, low enough to stop a loop.
  double rate = 50;
  // Calls a member may make at once before the rate applies. Default 100.
  double burst = 100;
};

// Open WatchSession streams.
struct WatchLimitOptions {
  // Open watches per member. Default 8: a person follows a session on a
  // laptop and a projector, perhaps in a few tabs; not on dozens.
  int per_member = 8;
  // Open watches of one session. Default 300: a large intervisie room with
  // every participant on their own device, with room to spare.
  int per_session = 300;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_LIMIT_OPTIONS_H_
