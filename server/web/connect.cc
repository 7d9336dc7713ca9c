#include "web/internal/connect.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "api/status.h"
#include "domain/errors.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "kompas/v1/errors.pb.h"

namespace kompas::web::internal {
namespace {

namespace pb = google::protobuf;

std::unique_ptr<pb::Message> NewMessage(const pb::Descriptor& type) {
  const pb::Message* prototype = pb::MessageFactory::generated_factory()->GetPrototype(&type);
  if (prototype == nullptr) return nullptr;
  return std::unique_ptr<pb::Message>(prototype->New());
}

std::string Unpadded(std::string base64) {
  while (!base64.empty() && base64.back() == '=') base64.pop_back();
  return base64;
}

// One google.rpc.Status detail as Connect shows it; `debug` only when the
// type is one this binary knows (google.rpc.* are).
pb::Value DetailValue(const pb::Any& any) {
  absl::string_view type = any.type_url();
  if (const size_t slash = type.rfind('/'); slash != absl::string_view::npos) {
    type.remove_prefix(slash + 1);
  }
  pb::Value detail;
  pb::Struct* fields = detail.mutable_struct_value();
  (*fields->mutable_fields())["type"].set_string_value(std::string(type));
  std::string value;
  absl::Base64Escape(any.value(), &value);
  (*fields->mutable_fields())["value"].set_string_value(Unpadded(std::move(value)));
  const pb::Descriptor* descriptor =
      pb::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(type));
  if (descriptor == nullptr) return detail;
  std::unique_ptr<pb::Message> message = NewMessage(*descriptor);
  std::string json;
  pb::Value debug;
  if (message != nullptr && message->ParseFromString(any.value()) &&
      pb::util::MessageToJsonString(*message, &json).ok() &&
      pb::util::JsonStringToMessage(json, debug.mutable_struct_value()).ok()) {
    (*fields->mutable_fields())["debug"] = std::move(debug);
  }
  return detail;
}

}  // namespace

const pb::MethodDescriptor* RouteMethod(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, "/")) return nullptr;
  const size_t slash = path.find('/');
  if (slash == absl::string_view::npos) return nullptr;
  const absl::string_view service_name = path.substr(0, slash);
  const absl::string_view method_name = path.substr(slash + 1);
  // Only the public API: not grpc.health, reflection or kompas.internal.
  if (!absl::StartsWith(service_name, "kompas.v1.") || method_name.empty()) return nullptr;
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(std::string(service_name));
  if (service == nullptr) return nullptr;
  return service->FindMethodByName(std::string(method_name));
}

absl::StatusOr<std::string> RequestToBinary(const pb::MethodDescriptor& method,
                                            absl::string_view body, Codec codec) {
  std::unique_ptr<pb::Message> request = NewMessage(*method.input_type());
  if (request == nullptr) return absl::InternalError("request type is not linked in");
  if (codec == Codec::kProto) {
    // Parsed only to refuse garbage here with a clear error; the bytes
    // forwarded are the client's own.
    if (!request->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat("the body is not a valid binary ", method.input_type()->full_name()));
    }
    return std::string(body);
  }
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  if (auto parsed = pb::util::JsonStringToMessage(
          pb::StringPiece(body.data(), body.size()), request.get(), options);
      !parsed.ok()) {
    // The parser's message may quote the body: say only what it expected.
    return absl::InvalidArgumentError(absl::StrCat(
        "the body is not valid JSON for ", method.input_type()->full_name(),
        " (proto3 JSON mapping: lowerCamelCase or original field names, enums as names)"));
  }
  return request->SerializeAsString();
}

absl::StatusOr<std::string> ResponseToWire(const pb::MethodDescriptor& method,
                                           const std::string& binary, Codec codec) {
  if (codec == Codec::kProto) return binary;
  std::unique_ptr<pb::Message> response = NewMessage(*method.output_type());
  if (response == nullptr || !response->ParseFromString(binary)) {
    return absl::InternalError("the server's response did not parse");
  }
  std::string json;
  if (!pb::util::MessageToJsonString(*response, &json).ok()) {
    return absl::InternalError("the server's response cannot be written as JSON");
  }
  return json;
}

absl::StatusOr<std::string> WireCache::ToWire(const pb::MethodDescriptor& method,
                                              const std::string& binary, Codec codec) {
  if (codec == Codec::kProto) return binary;
  if (binary.size() > kMaxBinaryBytes) return ResponseToWire(method, binary, codec);
  {
    absl::MutexLock lock(&mu_);
    // Newest first: the watchers of one event ask one after the other.
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->method == &method && it->binary == binary) return it->wire;
    }
  }
  // Converted outside the lock; two threads may both convert a new message,
  // which costs a conversion, never a wrong answer.
  absl::StatusOr<std::string> wire = ResponseToWire(method, binary, codec);
  if (!wire.ok() || capacity_ == 0) return wire;
  absl::MutexLock lock(&mu_);
  entries_.push_back(Entry{&method, binary, *wire});
  while (entries_.size() > capacity_) entries_.pop_front();
  return wire;
}

size_t WireCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "ok";
    case grpc::StatusCode::CANCELLED: return "canceled";
    case grpc::StatusCode::UNKNOWN: return "unknown";
    case grpc::StatusCode::INVALID_ARGUMENT: return "invalid_argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "deadline_exceeded";
    case grpc::StatusCode::NOT_FOUND: return "not_found";
    case grpc::StatusCode::ALREADY_EXISTS: return "already_exists";
    case grpc::StatusCode::PERMISSION_DENIED: return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "resource_exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION: return "failed_precondition";
    case grpc::StatusCode::ABORTED: return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE: return "out_of_range";
    case grpc::StatusCode::UNIMPLEMENTED: return "unimplemented";
    case grpc::StatusCode::INTERNAL: return "internal";
    case grpc::StatusCode::UNAVAILABLE: return "unavailable";
    case grpc::StatusCode::DATA_LOSS: return "data_loss";
    case grpc::StatusCode::UNAUTHENTICATED: return "unauthenticated";
    default: return "unknown";
  }
}

// connectrpc's protocol.md, "Error Codes".
int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::CANCELLED: return 499;
    case grpc::StatusCode::INVALID_ARGUMENT: return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::ALREADY_EXISTS: return 409;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::FAILED_PRECONDITION: return 400;
    case grpc::StatusCode::ABORTED: return 409;
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::UNIMPLEMENTED: return 501;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    default: return 500;  // unknown, internal, data_loss
  }
}

std::string ErrorJson(const grpc::Status& status) {
  pb::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(CodeName(status.error_code()));
  if (!status.error_message().empty()) fields["message"].set_string_value(status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty()) {
    if (!details.ParseFromString(status.error_details())) details.Clear();
  }
  // Every refusal carries an ErrorInfo (api/status.h); those this listener
  // makes itself, or gRPC made without one, get the generic reason of
  // their code.
  const bool has_reason = std::any_of(details.details().begin(), details.details().end(),
                                      [](const pb::Any& any) {
                                        return any.Is<google::rpc::ErrorInfo>();
                                      });
  if (!has_reason && !status.ok()) {
    google::rpc::ErrorInfo info;
    info.set_reason(v1::ErrorReason_Name(
        api::GenericReason(static_cast<absl::StatusCode>(status.error_code()))));
    info.set_domain(domain::kErrorDomain);
    details.add_details()->PackFrom(info);
  }
  if (details.details_size() > 0) {
    pb::ListValue* list = fields["details"].mutable_list_value();
    for (const pb::Any& any : details.details()) *list->add_values() = DetailValue(any);
  }
  std::string json;
  if (!pb::util::MessageToJsonString(error, &json).ok()) return R"({"code":"internal"})";
  return json;
}

std::string Envelope(uint8_t flags, absl::string_view payload) {
  std::string out;
  out.reserve(5 + payload.size());
  const uint32_t size = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>((size >> 24) & 0xff));
  out.push_back(static_cast<char>((size >> 16) & 0xff));
  out.push_back(static_cast<char>((size >> 8) & 0xff));
  out.push_back(static_cast<char>(size & 0xff));
  out.append(payload.data(), payload.size());
  return out;
}

absl::StatusOr<std::string> SingleEnvelope(absl::string_view body) {
  if (body.size() < 5) {
    return absl::InvalidArgumentError("the request envelope is truncated (under 5 bytes)");
  }
  const auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(body[i])); };
  if ((byte(0) & 0x01) != 0) {
    return absl::InvalidArgumentError("compressed request envelopes are not supported");
  }
  const uint32_t size = (byte(1) << 24) | (byte(2) << 16) | (byte(3) << 8) | byte(4);
  if (body.size() - 5 < size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the request envelope is truncated: it announces ", size, " bytes, the body has ",
        body.size() - 5));
  }
  if (body.size() - 5 > size) {
    return absl::InvalidArgumentError("a server-streaming call takes exactly one request message");
  }
  return std::string(body.substr(5));
}

}  // namespace kompas::web::internal
