// Requests arrive as raw bytes and are parsed here rather than by gRPC, so a
// request that protobuf refuses (most often a text field that is not valid
// UTF-8) gets INVALID_ARGUMENT with a BadRequest naming the field, instead of
// gRPC's bare parse failure. Responses are serialized here too.
#ifndef KOMPAS_API_RAW_REQUEST_H_
#define KOMPAS_API_RAW_REQUEST_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"

namespace kompas::api {

// Parses `raw` into `message`; on failure INVALID_ARGUMENT whose BadRequest
// lists every string field (by path, e.g. "case.framing.task") that is not
// valid UTF-8, or says the request is not a valid message of its type.
// Fields the server does not know, and OUTPUT_ONLY fields (AIP-203), are
// dropped: no use case ever sees them.
[[nodiscard]] absl::Status ParseRequest(const grpc::ByteBuffer& raw,
                                        google::protobuf::Message* message);
// Same, from bytes already in memory (exposed for tests).
[[nodiscard]] absl::Status ParseRequestBytes(const std::string& bytes,
                                             google::protobuf::Message* message);

// Serializes `message` into `raw`.
void SerializeResponse(const google::protobuf::Message& message, grpc::ByteBuffer* raw);

}  // namespace kompas::api

#endif  // KOMPAS_API_RAW_REQUEST_H_
