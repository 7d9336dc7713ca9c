#include "web/internal/connect.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "api/rpc_table.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/session.pb.h"
#include "web/http_server.h"

namespace kompas::web {
namespace {

using ::testing::HasSubstr;
using internal::Codec;

// The bridge has no per-RPC code: every method of every kompas.v1 service
// kompasd serves is routed by the descriptor pool alone, with its own types.
TEST(ConnectRouteTest, EveryKompasRpcIsRoutedWithoutPerMethodCode) {
  int routed = 0;
  for (const api::Rpc& rpc : api::Rpcs()) {
    if (!absl::StartsWith(rpc.method->service()->full_name(), "kompas.v1.")) continue;
    const google::protobuf::MethodDescriptor* method = ConnectRoute(rpc.path);
    ASSERT_EQ(method, rpc.method) << rpc.path;
    // And its messages go through JSON both ways.
    absl::StatusOr<std::string> binary = internal::RequestToBinary(*method, "{}", Codec::kJson);
    EXPECT_TRUE(binary.ok()) << rpc.path << ": " << binary.status();
    EXPECT_TRUE(internal::ResponseToWire(*method, "", Codec::kJson).ok()) << rpc.path;
    ++routed;
  }
  EXPECT_GT(routed, 20);
  // Every method of those services, not only the table's (a new RPC in the
  // proto is routed before anyone touches the bridge).
  for (const auto* service : api::RpcServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      EXPECT_EQ(ConnectRoute("/" + service->full_name() + "/" + method->name()), method);
    }
  }
}

TEST(ConnectRouteTest, OnlyKompasV1IsExposed) {
  EXPECT_EQ(ConnectRoute("/grpc.health.v1.Health/Check"), nullptr);
  EXPECT_EQ(ConnectRoute("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"),
            nullptr);
  EXPECT_EQ(ConnectRoute("/kompas.v1.CaseService/NoSuchMethod"), nullptr);
  EXPECT_EQ(ConnectRoute("/kompas.v1.NoService/GetCase"), nullptr);
  EXPECT_EQ(ConnectRoute("kompas.v1.CaseService/GetCase"), nullptr);
  EXPECT_EQ(ConnectRoute("/kompas.v1.CaseService/"), nullptr);
  EXPECT_NE(ConnectRoute("/kompas.v1.CaseService/GetCase"), nullptr);
}

TEST(ConnectCodecTest, JsonAndBinaryRoundTrip) {
  const auto* method = ConnectRoute("/kompas.v1.CaseService/GetCase");
  ASSERT_NE(method, nullptr);
  absl::StatusOr<std::string> binary = internal::RequestToBinary(
      *method, R"({"name":"communities/wijkteams/cases/7"})", Codec::kJson);
  ASSERT_TRUE(binary.ok()) << binary.status();
  v1::GetCaseRequest request;
  ASSERT_TRUE(request.ParseFromString(*binary));
  EXPECT_EQ(request.name(), "communities/wijkteams/cases/7");
  EXPECT_EQ(*internal::RequestToBinary(*method, *binary, Codec::kProto), *binary);

  v1::Case c;
  c.set_title("Een titel");
  absl::StatusOr<std::string> json =
      internal::ResponseToWire(*method, c.SerializeAsString(), Codec::kJson);
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, HasSubstr(R"("title":"Een titel")"));
}

TEST(ConnectCodecTest, BadBodiesAreInvalidArgumentWithoutEchoingThem) {
  const auto* method = ConnectRoute("/kompas.v1.CaseService/GetCase");
  ASSERT_NE(method, nullptr);
  for (const char* body : {"{\"name\": ", "[1,2]", "{\"nosuchfield-Bakker\": 1}", "not json"}) {
    absl::StatusOr<std::string> binary = internal::RequestToBinary(*method, body, Codec::kJson);
    EXPECT_EQ(binary.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_THAT(binary.status().message(), ::testing::Not(HasSubstr("Bakker")));
  }
  EXPECT_EQ(internal::RequestToBinary(*method, "\xff\xff\xff", Codec::kProto).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConnectErrorTest, CodesAndHttpStatusFollowTheSpec) {
  EXPECT_EQ(internal::CodeName(grpc::StatusCode::INVALID_ARGUMENT), "invalid_argument");
  EXPECT_EQ(internal::CodeName(grpc::StatusCode::CANCELLED), "canceled");
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::ABORTED), 409);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::UNIMPLEMENTED), 501);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(internal::HttpStatusOf(grpc::StatusCode::INTERNAL), 500);
}

TEST(ConnectErrorTest, DetailsArePassedIntactWithDebugJson) {
  google::rpc::BadRequest bad;
  auto* v = bad.add_field_violations();
  v->set_field("case.title");
  v->set_description("title is required");
  google::rpc::Status details;
  details.set_code(3);
  details.set_message("invalid case");
  details.add_details()->PackFrom(bad);
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "invalid case \"x\"",
                      details.SerializeAsString());
  const std::string json = internal::ErrorJson(status);
  google::protobuf::Struct error;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &error).ok()) << json;
  EXPECT_EQ(error.fields().at("code").string_value(), "invalid_argument");
  EXPECT_EQ(error.fields().at("message").string_value(), "invalid case \"x\"");
  const auto& detail = error.fields().at("details").list_value().values(0).struct_value();
  EXPECT_EQ(detail.fields().at("type").string_value(), "google.rpc.BadRequest");
  std::string value = detail.fields().at("value").string_value();
  EXPECT_FALSE(absl::EndsWith(value, "="));  // unpadded, as Connect writes it
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(value, &bytes));
  EXPECT_EQ(bytes, bad.SerializeAsString());
  EXPECT_THAT(json, HasSubstr("case.title"));  // the debug rendering
}

TEST(ConnectEnvelopeTest, RoundTripAndTruncation) {
  const std::string envelope = internal::Envelope(0, "hello");
  ASSERT_EQ(envelope.size(), 10u);
  EXPECT_EQ(*internal::SingleEnvelope(envelope), "hello");
  EXPECT_EQ(internal::SingleEnvelope(envelope.substr(0, 7)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::SingleEnvelope("\0\0").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::SingleEnvelope(envelope + envelope).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string compressed = envelope;
  compressed[0] = 1;
  EXPECT_EQ(internal::SingleEnvelope(compressed).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(static_cast<uint8_t>(internal::Envelope(internal::kEndStreamFlag, "{}")[0]), 2);
}

TEST(ConnectWireCacheTest, AnswersExactlyAsResponseToWire) {
  const auto* watch = ConnectRoute("/kompas.v1.SessionService/WatchSession");
  const auto* get_case = ConnectRoute("/kompas.v1.CaseService/GetCase");
  ASSERT_NE(watch, nullptr);
  ASSERT_NE(get_case, nullptr);
  internal::WireCache cache(/*capacity=*/2);
  const auto event = [](int sequence, const std::string& text) {
    v1::WatchSessionResponse m;
    m.mutable_event()->set_sequence(sequence);
    m.mutable_event()->mutable_reflection()->set_text(text);
    return m.SerializeAsString();
  };
  const std::string one = event(1, "Wat weet de school al?");
  const std::string two = event(2, "Wie belt de moeder?");
  for (int round = 0; round < 3; ++round) {  // converted, then remembered
    for (const std::string* binary : {&one, &two}) {
      EXPECT_EQ(*cache.ToWire(*watch, *binary, Codec::kJson),
                *internal::ResponseToWire(*watch, *binary, Codec::kJson));
    }
  }
  EXPECT_EQ(cache.size(), 2u);
  // The same bytes as another method's message are that method's JSON.
  v1::Case c;
  c.set_title("Twee");
  const std::string case_bytes = c.SerializeAsString();
  EXPECT_EQ(*cache.ToWire(*get_case, case_bytes, Codec::kJson),
            *internal::ResponseToWire(*get_case, case_bytes, Codec::kJson));
  EXPECT_EQ(*cache.ToWire(*watch, one, Codec::kJson),
            *internal::ResponseToWire(*watch, one, Codec::kJson));
  EXPECT_EQ(cache.size(), 2u);  // bounded: the oldest went
  // Binary passes through untouched and is not kept; garbage is still INTERNAL.
  EXPECT_EQ(*cache.ToWire(*watch, two, Codec::kProto), two);
  EXPECT_EQ(cache.ToWire(*watch, "\xff\xff", Codec::kJson).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(cache.size(), 2u);
  // A message too large to keep is converted every time.
  const std::string big = event(3, std::string(internal::WireCache::kMaxBinaryBytes, 'a'));
  EXPECT_EQ(*cache.ToWire(*watch, big, Codec::kJson),
            *internal::ResponseToWire(*watch, big, Codec::kJson));
  EXPECT_EQ(cache.size(), 2u);
}

TEST(HttpOptionsTest, PlaintextOnlyOnLoopbackUnlessInsecureRemote) {
  HttpOptions options;
  options.address = "127.0.0.1:8080";
  EXPECT_TRUE(ValidateHttpOptions(options).ok());
  options.address = "0.0.0.0:8080";
  EXPECT_EQ(ValidateHttpOptions(options).code(), absl::StatusCode::kFailedPrecondition);
  options.allow_insecure_remote = true;
  EXPECT_TRUE(ValidateHttpOptions(options).ok());
}

}  // namespace
}  // namespace kompas::web
