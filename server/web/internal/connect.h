// The Connect protocol's pieces, free of any HTTP library: routing a path to
// a kompas.v1 method through the descriptor pool, JSON ⇄ binary for that
// method's messages, envelopes, and gRPC status → Connect error. Pure
// functions; thread-safe.
//
//   const auto* method = RouteMethod("/kompas.v1.CaseService/GetCase");
//   auto binary = RequestToBinary(*method, body, Codec::kJson);
#ifndef KOMPAS_WEB_INTERNAL_CONNECT_H_
#define KOMPAS_WEB_INTERNAL_CONNECT_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "absl/base/thread_annotations.h"

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"

namespace kompas::web::internal {

enum class Codec { kJson, kProto };

// The method a Connect path names ("/kompas.v1.CaseService/GetCase"), found
// in the generated descriptor pool; nullptr when there is none or it is not
// in a kompas.v1 service (nothing else is exposed over HTTP).
const google::protobuf::MethodDescriptor* RouteMethod(absl::string_view path);

// A request body in `codec` as the binary protobuf gRPC carries.
// INVALID_ARGUMENT saying what is wrong (without echoing the body).
absl::StatusOr<std::string> RequestToBinary(const google::protobuf::MethodDescriptor& method,
                                            absl::string_view body, Codec codec);
// A binary response message in `codec`. INTERNAL when it does not parse.
absl::StatusOr<std::string> ResponseToWire(const google::protobuf::MethodDescriptor& method,
                                           const std::string& binary, Codec codec);

// ResponseToWire for stream messages, remembering its last few JSON
// conversions: a session's event reaches every watcher of the session as
// the same bytes, so one conversion serves them all (with 1,000 watchers the
// conversions were a good part of a delivery's cost). The binary codec
// needs none and is not kept, nor is a message over kMaxBinaryBytes (a
// large session snapshot goes to one watcher). Thread-safe.
class WireCache {
 public:
  static constexpr size_t kMaxBinaryBytes = 64 * 1024;

  // Keeps the last `capacity` conversions (a few per busy session): at most
  // capacity x (64 KiB and its JSON).
  explicit WireCache(size_t capacity = 32) : capacity_(capacity) {}

  // Exactly ResponseToWire(method, binary, codec).
  absl::StatusOr<std::string> ToWire(const google::protobuf::MethodDescriptor& method,
                                     const std::string& binary, Codec codec);
  // Conversions held now (for tests).
  size_t size() const;

 private:
  struct Entry {
    const google::protobuf::MethodDescriptor* method;
    std::string binary;
    std::string wire;
  };
  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::deque<Entry> entries_ ABSL_GUARDED_BY(mu_);  // newest last
};

// Connect's name of a gRPC code ("invalid_argument") and its HTTP status.
std::string CodeName(grpc::StatusCode code);
int HttpStatusOf(grpc::StatusCode code);

// The Connect error JSON of a failed call:
//   {"code":"invalid_argument","message":"…","details":[{"type":
//    "google.rpc.BadRequest","value":"<base64>","debug":{…}}]}
// The details come from the google.rpc.Status in `status.error_details()`
// (gRPC's grpc-status-details-bin), each Any intact.
std::string ErrorJson(const grpc::Status& status);

// A streaming envelope: one flags byte, a 4-byte big-endian length, payload.
inline constexpr uint8_t kEndStreamFlag = 0x02;
std::string Envelope(uint8_t flags, absl::string_view payload);
// The payload of a body that holds exactly one uncompressed envelope (a
// server-streaming request). INVALID_ARGUMENT when truncated, compressed,
// or followed by more bytes.
absl::StatusOr<std::string> SingleEnvelope(absl::string_view body);

}  // namespace kompas::web::internal

#endif  // KOMPAS_WEB_INTERNAL_CONNECT_H_
