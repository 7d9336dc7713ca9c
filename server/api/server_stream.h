// Every server-streaming call (ExportKompas, WatchSession) is served by one
// reactor over a StreamSource: the same steps as a unary call (unary.h:
// authenticate, rate-limit, parse, authorize, run, audit, log), then the
// source's messages, one write in flight at a time, honouring flow control.
// A source is either finite (all messages known when the use case ran) or a
// subscription (messages arrive later; the source calls `wake`).
//
// Memory per call is bounded by the source plus the one message being
// written: the reactor never queues messages of its own. A client that stops
// reading while a subscription has more for it is cut (its call cancelled)
// once its write has been stuck for `StreamOptions::stall`; it resumes from
// the last message it did read, like after any disconnect.
//
//   return ServeStream(context, env, {rpc.path, &rpc.rule}, request,
//                      std::make_unique<MySource>(...));
#ifndef KOMPAS_API_SERVER_STREAM_H_
#define KOMPAS_API_SERVER_STREAM_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "api/unary.h"
#include "auth/policy.h"
#include "domain/call.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

// Where a stream's messages come from. The reactor calls Parse, then (once
// the call is admitted) Start, then Take until it returns kEnd or an error;
// never two of them at once, and always on the work pool (they may block on
// the store). The source is destroyed when the call ends.
class StreamSource {
 public:
  enum class Next {
    kMessage,  // `out` holds the next message
    kWait,     // nothing yet; `wake` will be called when there may be
    kEnd,      // the stream is complete
  };

  virtual ~StreamSource() = default;
  // Parses the call's raw request with our parser (raw_request.h).
  [[nodiscard]] virtual absl::Status Parse(const grpc::ByteBuffer& raw) = 0;
  // The parsed request, for admission (its community and resource name).
  virtual const google::protobuf::Message& request() const = 0;
  // Rate-limit tokens the call costs; opening a watch costs more than a call.
  virtual double cost() const { return 1; }
  // Runs the use case. `wake` may be called from any thread at any time
  // (it never blocks) to say Take may have more.
  [[nodiscard]] virtual absl::Status Start(const domain::Call& call,
                                           std::function<void()> wake) = 0;
  // The next message, or what to do instead. An error ends the call with it.
  virtual absl::StatusOr<Next> Take(grpc::ByteBuffer* out) = 0;
};

// The method served, as the RPC table declares it (rpc_table.h).
struct StreamMethod {
  std::string path;
  const auth::Rule* rule;
};

// The reactor of one server-streaming call; it deletes itself when done.
grpc::ServerWriteReactor<grpc::ByteBuffer>* ServeStream(grpc::CallbackServerContext* context,
                                                        const CallEnv& env, StreamMethod method,
                                                        const grpc::ByteBuffer* request,
                                                        std::unique_ptr<StreamSource> source);

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVER_STREAM_H_
