// WatchSession, the one server-streaming call: it goes through the same
// steps as every unary call (unary.h: authenticate, rate-limit, parse,
// authorize, audit, log), then streams the session and its events from a
// SessionFeed subscription. One write is in flight at a time; events wait in
// the subscription's bounded buffer, never in gRPC's, so a slow client costs
// only its own buffer and is told to resume when that overflows.
#ifndef KOMPAS_API_SESSION_WATCH_H_
#define KOMPAS_API_SESSION_WATCH_H_

#include <string>

#include "api/unary.h"
#include "domain/sessions.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

// The reactor of one WatchSession call; it deletes itself when done.
grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeWatchSession(grpc::CallbackServerContext* context,
                                                               const CallEnv& env,
                                                               std::string method,
                                                               const auth::Rule* rule,
                                                               const grpc::ByteBuffer* request,
                                                               const domain::Sessions* sessions);

}  // namespace kompas::api

#endif  // KOMPAS_API_SESSION_WATCH_H_
