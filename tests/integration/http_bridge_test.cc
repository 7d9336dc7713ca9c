// kompasd's HTTP listener (server/web) against a real in-process server on a
// loopback port: the Connect protocol (unary JSON and binary, errors with
// details, server streaming), browser sessions, CSRF refusals, security
// headers, bad input and static files.
#include <chrono>
#include <filesystem>
#include <map>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/integration/http_client.h"
#include "tests/integration/server_fixture.h"
#include "web/http_server.h"

namespace kompas::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

google::protobuf::Struct ParseStruct(const std::string& json) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(json, &s);
  EXPECT_TRUE(status.ok()) << json;
  return s;
}

std::string Field(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? "" : it->second.string_value();
}

// The raw bytes of the first detail of `type` in a Connect error body.
std::string DetailBytes(const std::string& body, const std::string& type) {
  google::protobuf::Struct error = ParseStruct(body);
  auto it = error.fields().find("details");
  if (it == error.fields().end()) return "";
  for (const auto& value : it->second.list_value().values()) {
    if (Field(value.struct_value(), "type") != type) continue;
    std::string bytes;
    EXPECT_TRUE(absl::Base64Unescape(Field(value.struct_value(), "value"), &bytes));
    return bytes;
  }
  return "";
}

// The ErrorInfo reason of a Connect error body ("" when none); its facts
// into `facts` when given.
std::string Reason(const std::string& body, std::map<std::string, std::string>* facts = nullptr) {
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(DetailBytes(body, "google.rpc.ErrorInfo"))) return "";
  EXPECT_EQ(info.domain(), "kompas.v1");
  if (facts != nullptr) facts->insert(info.metadata().begin(), info.metadata().end());
  return info.reason();
}

class HttpBridgeTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    CreateDemoCommunity();
    StartHttp();
  }
  void TearDown() override {
    if (http_) http_->Shutdown();
    http_.reset();
    ServerFixture::TearDown();
  }

  void StartHttp() {
    if (http_) http_->Shutdown();
    web::HttpOptions options = http_options_;
    options.address = "127.0.0.1:0";
    auto http = web::HttpServer::Start(options, server_->InProcessChannel());
    ASSERT_TRUE(http.ok()) << http.status();
    http_ = *std::move(http);
  }

  HttpReply Post(const std::string& path, const std::string& body, Headers headers) {
    return HttpRequest(http_->port(), "POST", path, headers, body);
  }
  HttpReply Get(const std::string& path) { return HttpRequest(http_->port(), "GET", path, {}); }

  // WatchSession over Connect server streaming as facilitator-enschede: one
  // enveloped request `message` (short: its length fits the last byte) in
  // `codec` ("json" or "proto"); the stream would run forever, so a deadline
  // of `timeout_ms` ends it.
  HttpReply WatchSession(const std::string& message, const std::string& codec,
                         const std::string& timeout_ms) {
    std::string envelope(5, '\0');
    envelope[4] = static_cast<char>(message.size());
    envelope += message;
    return Post("/kompas.v1.SessionService/WatchSession", envelope,
                {{"Content-Type", "application/connect+" + codec},
                 {"Authorization", "Bearer " + TokenOf("facilitator-enschede")},
                 {"Connect-Timeout-Ms", timeout_ms}});
  }

  Headers Bearer(const std::string& content_type = "application/json") {
    return {{"Content-Type", content_type}, {"Authorization", "Bearer " + TokenOf(kAnna)}};
  }
  std::string Origin() const { return absl::StrCat("http://127.0.0.1:", http_->port()); }
  // What a browser page of ours sends with its session cookie.
  Headers Browser(const std::string& cookie) {
    return {{"Content-Type", "application/json"},
            {"Cookie", cookie},
            {"Connect-Protocol-Version", "1"},
            {"Origin", Origin()}};
  }

  // Signs in; the cookie ("kompas_session=…") to send back.
  std::string SignIn(HttpReply* reply = nullptr) {
    HttpReply r = Post("/auth/signin", absl::StrCat(R"({"token":")", TokenOf(kAnna), R"("})"),
                       {{"Content-Type", "application/json"},
                        {"Connect-Protocol-Version", "1"},
                        {"Origin", Origin()}});
    if (reply != nullptr) *reply = r;
    const std::string set_cookie = r.Header("set-cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }

  static void ExpectSecurityHeaders(const HttpReply& r) {
    EXPECT_THAT(r.Header("content-security-policy"), HasSubstr("default-src 'self'"));
    EXPECT_THAT(r.Header("content-security-policy"), HasSubstr("script-src 'self'"));
    EXPECT_THAT(r.Header("content-security-policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_THAT(r.Header("content-security-policy"), Not(HasSubstr("unsafe-inline")));
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
  }

  v1::Case MustCreate(const std::string& title) {
    v1::Case out;
    grpc::Status s = CreateCase(kAnna, SampleCase(title), &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  web::HttpOptions http_options_;
  std::unique_ptr<web::HttpServer> http_;
};

TEST_F(HttpBridgeTest, UnaryJsonListsAndGetsCases) {
  v1::Case created = MustCreate("School vraagt naar leerling");
  HttpReply r = Post("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/wijkteams"})",
                     Bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("content-type"), HasSubstr("application/json"));
  v1::ListCasesResponse list;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &list).ok()) << r.body;
  ASSERT_EQ(list.cases_size(), 1);
  EXPECT_EQ(list.cases(0).name(), created.name());
  ExpectSecurityHeaders(r);

  HttpReply got = Post("/kompas.v1.CaseService/GetCase",
                       absl::StrCat(R"({"name":")", created.name(), R"("})"), Bearer());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_THAT(got.body, HasSubstr("School vraagt naar leerling"));
}

TEST_F(HttpBridgeTest, UnaryBinaryProto) {
  v1::Case created = MustCreate("Binair");
  v1::GetCaseRequest request;
  request.set_name(created.name());
  HttpReply r = Post("/kompas.v1.CaseService/GetCase", request.SerializeAsString(),
                     Bearer("application/proto"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/proto");
  v1::Case got;
  ASSERT_TRUE(got.ParseFromString(r.body));
  EXPECT_EQ(got.title(), "Binair");
  EXPECT_EQ(got.etag(), created.etag());
}

TEST_F(HttpBridgeTest, ValidationErrorCarriesBadRequestDetails) {
  HttpReply r = Post("/kompas.v1.CaseService/CreateCase",
                     R"({"parent":"communities/wijkteams","case":{"title":""}})", Bearer());
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.Header("content-type"), HasSubstr("application/json"));
  google::protobuf::Struct error = ParseStruct(r.body);
  EXPECT_EQ(Field(error, "code"), "invalid_argument");
  ASSERT_TRUE(error.fields().contains("details")) << r.body;
  // The details' order is not fixed (the ErrorInfo comes first).
  const std::string bytes = DetailBytes(r.body, "google.rpc.BadRequest");
  ASSERT_FALSE(bytes.empty()) << r.body;
  google::rpc::BadRequest bad;
  ASSERT_TRUE(bad.ParseFromString(bytes));
  ASSERT_GT(bad.field_violations_size(), 0);
  EXPECT_EQ(bad.field_violations(0).field(), "case.title");
  EXPECT_EQ(bad.field_violations(0).reason(), "REQUIRED");
  std::map<std::string, std::string> facts;
  EXPECT_EQ(Reason(r.body, &facts), "INVALID_FIELDS");
  EXPECT_THAT(facts["fields"], HasSubstr("case.title"));
  ExpectSecurityHeaders(r);
}

TEST_F(HttpBridgeTest, PersonalDataRefusalHasTheSameDetailsAsGrpc) {
  const std::string text =
      "Mevrouw Bakker (BSN 999912343) van de Kerkstraat 12 belde over haar zoon.";
  v1::CreateCaseRequest request;
  request.set_parent("communities/wijkteams");
  *request.mutable_case_() = SampleCase("Telefoontje");
  request.mutable_case_()->set_situation(text);
  request.set_privacy_mode(v1::PRIVACY_MODE_REJECT);
  v1::Case out;
  grpc::Status native = case_stub_->CreateCase(As(kAnna).get(), request, &out);
  ASSERT_EQ(native.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status native_details;
  ASSERT_TRUE(native_details.ParseFromString(native.error_details()));

  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
  HttpReply r = Post("/kompas.v1.CaseService/CreateCase", json, Bearer());
  EXPECT_EQ(r.status, 400);
  google::protobuf::Struct error = ParseStruct(r.body);
  EXPECT_EQ(Field(error, "code"), "invalid_argument");
  EXPECT_EQ(Field(error, "message"), native.error_message());
  ASSERT_TRUE(error.fields().contains("details")) << r.body;
  const auto& details = error.fields().at("details").list_value();
  ASSERT_EQ(details.values_size(), native_details.details_size());
  // The same details (their order, and that of map entries inside, is not
  // fixed from one call to the next): each type once, equal messages.
  for (int i = 0; i < details.values_size(); ++i) {
    const auto& detail = details.values(i).struct_value();
    const std::string type = Field(detail, "type");
    std::string bytes;
    ASSERT_TRUE(absl::Base64Unescape(Field(detail, "value"), &bytes));
    const auto* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    ASSERT_NE(descriptor, nullptr) << type;
    const auto* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor);
    std::unique_ptr<google::protobuf::Message> got(prototype->New());
    std::unique_ptr<google::protobuf::Message> want(prototype->New());
    ASSERT_TRUE(got->ParseFromString(bytes));
    int matches = 0;
    for (const auto& any : native_details.details()) {
      if (!absl::EndsWith(any.type_url(), "/" + type)) continue;
      ++matches;
      ASSERT_TRUE(want->ParseFromString(any.value()));
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equivalent(*got, *want)) << type;
    }
    EXPECT_EQ(matches, 1) << type;
  }
  for (const char* personal : {"999912343", "Bakker", "Kerkstraat"}) {
    EXPECT_THAT(r.body, Not(HasSubstr(personal)));
  }
}

TEST_F(HttpBridgeTest, ErrorCodesMapToHttpStatus) {
  HttpReply anonymous = Post("/kompas.v1.CaseService/ListCases",
                             R"({"parent":"communities/wijkteams"})",
                             {{"Content-Type", "application/json"}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(Field(ParseStruct(anonymous.body), "code"), "unauthenticated");
  EXPECT_EQ(Reason(anonymous.body), "TOKEN_MISSING");
  HttpReply missing = Post("/kompas.v1.CaseService/GetCase",
                           R"({"name":"communities/wijkteams/cases/1m923hsf40000"})", Bearer());
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Field(ParseStruct(missing.body), "code"), "not_found");
  std::map<std::string, std::string> facts;
  EXPECT_EQ(Reason(missing.body, &facts), "NOT_FOUND");
  EXPECT_EQ(facts["kind"], "cases");
  HttpReply foreign = Post("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/other"})",
                           Bearer());
  EXPECT_THAT(foreign.status, ::testing::AnyOf(403, 404));
}

TEST_F(HttpBridgeTest, BadInputGetsClearErrorsAndTheServerStaysUp) {
  const std::string list = "/kompas.v1.CaseService/ListCases";
  HttpReply malformed = Post(list, R"({"parent": )", Bearer());
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Field(ParseStruct(malformed.body), "code"), "invalid_argument");
  // Refusals of the listener itself carry a reason too.
  EXPECT_EQ(Reason(malformed.body), "INVALID_ARGUMENT");
  HttpReply unknown_field = Post(list, R"({"nosuchfield": 1})", Bearer());
  EXPECT_EQ(unknown_field.status, 400);
  HttpReply wrong_type = Post(list, "parent=communities/wijkteams", Bearer("text/plain"));
  EXPECT_EQ(wrong_type.status, 415);
  HttpReply garbage = Post(list, "\xff\xff\xff\xff", Bearer("application/proto"));
  EXPECT_EQ(garbage.status, 400);
  HttpReply no_method = Post("/kompas.v1.CaseService/DeleteEverything", "{}", Bearer());
  EXPECT_EQ(no_method.status, 404);
  EXPECT_EQ(Field(ParseStruct(no_method.body), "code"), "unimplemented");
  EXPECT_EQ(Reason(no_method.body), "UNIMPLEMENTED");
  HttpReply health = Post("/grpc.health.v1.Health/Check", "{}", Bearer());
  EXPECT_EQ(health.status, 404);  // only kompas.v1 is exposed
  HttpReply oversized =
      Post(list, std::string((4 << 20) + 100, 'x'), Bearer("application/proto"));
  EXPECT_EQ(oversized.status, 413);
  EXPECT_EQ(Field(ParseStruct(oversized.body), "code"), "resource_exhausted");
  std::map<std::string, std::string> facts;
  EXPECT_EQ(Reason(oversized.body, &facts), "REQUEST_TOO_LARGE");
  EXPECT_EQ(facts["max_bytes"], absl::StrCat(4 << 20));
  HttpReply put = HttpRequest(http_->port(), "PUT", list, Bearer(), "{}");
  EXPECT_EQ(put.status, 405);
  // Unharmed.
  HttpReply ok = Post(list, R"({"parent":"communities/wijkteams"})", Bearer());
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(HttpBridgeTest, WatchSessionStreamsEnvelopesThenEndOfStream) {
  // A session on an open case, facilitated by a new member.
  v1::Case draft = SampleCase("Sessiecasus");
  draft.set_status(v1::CASE_STATUS_OPEN);
  v1::Case open;
  ASSERT_TRUE(CreateCase(kAnna, draft, &open).ok());
  v1::AddMemberRequest add;
  add.set_parent("communities/wijkteams");
  add.set_member_id("facilitator-enschede");
  add.mutable_member()->set_display_name("Gespreksleider");
  add.mutable_member()->set_municipality("municipalities/GM0153");
  add.mutable_member()->add_roles(v1::ROLE_FACILITATOR);
  v1::Member member;
  ASSERT_TRUE(community_stub_->AddMember(As("admin-dev").get(), add, &member).ok());
  v1::CreateSessionRequest create;
  create.set_parent("communities/wijkteams");
  create.mutable_session()->set_case_(open.name());
  create.mutable_session()->set_method("incident");
  v1::Session session;
  grpc::Status created =
      session_stub_->CreateSession(As("facilitator-enschede").get(), create, &session);
  ASSERT_TRUE(created.ok()) << created.error_message();

  HttpReply r =
      WatchSession(absl::StrCat(R"({"name":")", session.name(), R"("})"), "json", "1500");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/connect+json");
  ExpectSecurityHeaders(r);
  auto envelopes = Envelopes(r.body);
  ASSERT_GE(envelopes.size(), 2u) << r.body;
  EXPECT_EQ(envelopes[0].first, 0);
  v1::WatchSessionResponse first;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(envelopes[0].second, &first).ok())
      << envelopes[0].second;
  EXPECT_EQ(first.session().name(), session.name());
  EXPECT_EQ(envelopes.back().first, 2);  // end of stream
  google::protobuf::Struct end = ParseStruct(envelopes.back().second);
  ASSERT_TRUE(end.fields().contains("error")) << envelopes.back().second;
  EXPECT_EQ(Field(end.fields().at("error").struct_value(), "code"), "deadline_exceeded");

  // Binary codec: the same messages, binary in the envelopes.
  v1::WatchSessionRequest request;
  request.set_name(session.name());
  HttpReply p = WatchSession(request.SerializeAsString(), "proto", "500");
  ASSERT_EQ(p.status, 200);
  auto proto_envelopes = Envelopes(p.body);
  ASSERT_GE(proto_envelopes.size(), 2u);
  v1::WatchSessionResponse binary_first;
  ASSERT_TRUE(binary_first.ParseFromString(proto_envelopes[0].second));
  EXPECT_EQ(binary_first.session().name(), session.name());
}

TEST_F(HttpBridgeTest, StreamErrorsComeInTheEndOfStreamMessage) {
  auto watch = [&](const std::string& envelope) {
    return Post("/kompas.v1.SessionService/WatchSession", envelope,
                {{"Content-Type", "application/connect+json"},
                 {"Authorization", "Bearer " + TokenOf(kAnna)}});
  };
  const std::string body = R"({"name":"communities/wijkteams/sessions/1m923hsfg0000"})";
  std::string envelope(5, '\0');
  envelope[4] = static_cast<char>(body.size());
  HttpReply missing = watch(envelope + body);
  ASSERT_EQ(missing.status, 200);
  auto envelopes = Envelopes(missing.body);
  ASSERT_EQ(envelopes.size(), 1u);
  EXPECT_EQ(envelopes[0].first, 2);
  EXPECT_EQ(Field(ParseStruct(envelopes[0].second).fields().at("error").struct_value(), "code"),
            "not_found");

  HttpReply truncated = watch(envelope + body.substr(0, 10));
  ASSERT_EQ(truncated.status, 200);
  envelopes = Envelopes(truncated.body);
  ASSERT_EQ(envelopes.size(), 1u);
  const auto error = ParseStruct(envelopes[0].second).fields().at("error").struct_value();
  EXPECT_EQ(Field(error, "code"), "invalid_argument");
  EXPECT_THAT(Field(error, "message"), HasSubstr("truncated"));

  HttpReply unary_type = Post("/kompas.v1.SessionService/WatchSession", body, Bearer());
  EXPECT_EQ(unary_type.status, 415);
}

TEST_F(HttpBridgeTest, CookieSessionIsIssuedUsedAndRevokedAtSignOut) {
  HttpReply signin;
  const std::string cookie = SignIn(&signin);
  ASSERT_EQ(signin.status, 200) << signin.body;
  const std::string set_cookie = signin.Header("set-cookie");
  EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(set_cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(set_cookie, HasSubstr("Path=/"));
  ASSERT_TRUE(absl::StartsWith(cookie, "kompas_session="));
  EXPECT_EQ(cookie.size(), std::string("kompas_session=").size() + 64);  // 256 bits in hex
  EXPECT_EQ(Field(ParseStruct(signin.body), "memberId"), kAnna);
  // The token never comes back, neither in the body nor in the cookie.
  EXPECT_THAT(signin.body, Not(HasSubstr(TokenOf(kAnna))));
  EXPECT_THAT(set_cookie, Not(HasSubstr(TokenOf(kAnna))));
  ExpectSecurityHeaders(signin);

  const std::string list = "/kompas.v1.CaseService/ListCases";
  const std::string parent = R"({"parent":"communities/wijkteams"})";
  HttpReply used = Post(list, parent, Browser(cookie));
  EXPECT_EQ(used.status, 200) << used.body;
  // Sec-Fetch-Site instead of Origin also passes.
  HttpReply fetch_site = Post(list, parent,
                              {{"Content-Type", "application/json"},
                               {"Cookie", cookie},
                               {"Connect-Protocol-Version", "1"},
                               {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(fetch_site.status, 200) << fetch_site.body;

  HttpReply signout = Post("/auth/signout", "", Browser(cookie));
  EXPECT_EQ(signout.status, 200) << signout.body;
  EXPECT_THAT(signout.Header("set-cookie"), HasSubstr("Max-Age=0"));
  HttpReply after = Post(list, parent, Browser(cookie));
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(Field(ParseStruct(after.body), "code"), "unauthenticated");
  EXPECT_EQ(after.Header("content-type"), "application/json");
  EXPECT_EQ(after.Header("location"), "");
}

TEST_F(HttpBridgeTest, WrongTokenGetsNoSession) {
  HttpReply r = Post("/auth/signin", R"({"token":"kompas_not-a-real-token"})",
                     {{"Content-Type", "application/json"},
                      {"Connect-Protocol-Version", "1"},
                      {"Origin", Origin()}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("set-cookie"), "");
  // A Connect error the app can read, not a page or a redirect.
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("location"), "");
  const google::protobuf::Struct error = ParseStruct(r.body);
  EXPECT_EQ(Field(error, "code"), "unauthenticated");
  EXPECT_FALSE(Field(error, "message").empty());
  ExpectSecurityHeaders(r);
  HttpReply malformed = Post("/auth/signin", R"({"tok)",
                             {{"Content-Type", "application/json"},
                              {"Connect-Protocol-Version", "1"},
                              {"Origin", Origin()}});
  EXPECT_EQ(malformed.status, 400);
}

TEST_F(HttpBridgeTest, SessionExpiresWhenIdle) {
  http_options_.session_idle = absl::Milliseconds(800);
  StartHttp();
  const std::string cookie = SignIn();
  ASSERT_FALSE(cookie.empty());
  const std::string list = "/kompas.v1.CaseService/ListCases";
  const std::string parent = R"({"parent":"communities/wijkteams"})";
  EXPECT_EQ(Post(list, parent, Browser(cookie)).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  HttpReply expired = Post(list, parent, Browser(cookie));
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(Field(ParseStruct(expired.body), "message"), HasSubstr("sign in again"));
  EXPECT_EQ(Field(ParseStruct(expired.body), "code"), "unauthenticated");
  EXPECT_EQ(expired.Header("content-type"), "application/json");
  EXPECT_EQ(expired.Header("location"), "");
  // GetCaller, which the app asks first, says the same.
  HttpReply caller = Post("/kompas.v1.CommunityService/GetCaller", "{}", Browser(cookie));
  EXPECT_EQ(caller.status, 401);
  EXPECT_EQ(Field(ParseStruct(caller.body), "code"), "unauthenticated");
  EXPECT_EQ(Reason(expired.body), "WEB_SESSION_ENDED");
}

TEST_F(HttpBridgeTest, CookieCallsNeedTheConnectHeaderAndOurOrigin) {
  const std::string cookie = SignIn();
  ASSERT_FALSE(cookie.empty());
  const std::string list = "/kompas.v1.CaseService/ListCases";
  const std::string parent = R"({"parent":"communities/wijkteams"})";

  // Each refused with 403 as permission_denied and CROSS_SITE_REFUSED;
  // `names` (when set) is in the message and `check` the failed check.
  // Beside the cookie and the JSON content type, the headers:
  struct Refused {
    const char* what;
    Headers headers;
    const char* names;
    const char* check;
  };
  const Refused cases[] = {
      {"no Connect-Protocol-Version", {{"Origin", Origin()}}, "Connect-Protocol-Version",
       "protocol_header"},
      {"a foreign Origin",
       {{"Connect-Protocol-Version", "1"}, {"Origin", "https://evil.example"}},
       "Origin",
       "origin"},
      // Acceptance 2: a foreign Origin, a cookie and no Connect-Protocol-Version.
      {"both", {{"Origin", "https://evil.example"}}, nullptr, nullptr},
      {"a cross-site fetch",
       {{"Connect-Protocol-Version", "1"}, {"Sec-Fetch-Site", "cross-site"}},
       nullptr,
       "same_origin"},
  };
  for (const Refused& c : cases) {
    SCOPED_TRACE(c.what);
    Headers headers = {{"Content-Type", "application/json"}, {"Cookie", cookie}};
    headers.insert(headers.end(), c.headers.begin(), c.headers.end());
    HttpReply reply = Post(list, parent, headers);
    EXPECT_EQ(reply.status, 403);
    const google::protobuf::Struct error = ParseStruct(reply.body);
    EXPECT_EQ(Field(error, "code"), "permission_denied");
    if (c.names != nullptr) {
      EXPECT_THAT(Field(error, "message"), HasSubstr(c.names));
    }
    std::map<std::string, std::string> facts;
    EXPECT_EQ(Reason(reply.body, &facts), "CROSS_SITE_REFUSED");
    if (c.check != nullptr) {
      EXPECT_EQ(facts["check"], c.check);
    }
  }

  // Sign-in and sign-out are held to the same rule (no login CSRF).
  HttpReply signin = Post("/auth/signin", absl::StrCat(R"({"token":")", TokenOf(kAnna), R"("})"),
                          {{"Content-Type", "application/json"}, {"Origin", "https://evil.example"},
                           {"Connect-Protocol-Version", "1"}});
  EXPECT_EQ(signin.status, 403);
  EXPECT_EQ(signin.Header("set-cookie"), "");
  HttpReply signout = Post("/auth/signout", "", {{"Cookie", cookie}, {"Origin", Origin()}});
  EXPECT_EQ(signout.status, 403);
  // The session survived the refused sign-out.
  EXPECT_EQ(Post(list, parent, Browser(cookie)).status, 200);
}

TEST_F(HttpBridgeTest, StaticFilesFromWebRootWithoutTraversal) {
  HttpReply not_built = Get("/");
  EXPECT_EQ(not_built.status, 200);
  EXPECT_THAT(not_built.body, HasSubstr("Kompas web app is not built"));
  ExpectSecurityHeaders(not_built);

  const std::string root = dir_.Sub("web");
  std::filesystem::create_directories(root + "/assets");
  std::ofstream(root + "/index.html") << "<!doctype html><html lang=\"nl\"></html>";
  std::ofstream(root + "/assets/app.js") << "console.log(1);";
  std::ofstream(root + "/assets/app.css") << "body{}";
  std::ofstream(dir_.Sub("secret.txt")) << "geheim";
  http_options_.web_root = root;
  StartHttp();

  HttpReply index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_THAT(index.body, HasSubstr("lang=\"nl\""));
  ExpectSecurityHeaders(index);
  EXPECT_EQ(Get("/assets/app.js").Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/assets/app.css").Header("content-type"), "text/css; charset=utf-8");
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                           "/.hidden", "/nothing-here.js", "/assets/..%2f..%2fsecret.txt"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("geheim"))) << path;
    ExpectSecurityHeaders(r);
  }
}

// The app's own routes (a reload, a bookmarked deep link) get index.html;
// a missing asset stays 404, traversal stays refused; hashed assets may be
// cached, index.html never.
TEST_F(HttpBridgeTest, DeepLinksServeTheAppAndOnlyAssetsAreCached) {
  const std::string root = dir_.Sub("web");
  std::filesystem::create_directories(root + "/assets");
  std::ofstream(root + "/index.html") << "<!doctype html><html lang=\"nl\"></html>";
  std::ofstream(root + "/assets/app-1a2b3c.js") << "console.log(1);";
  std::ofstream(dir_.Sub("secret")) << "geheim";
  http_options_.web_root = root;
  StartHttp();

  for (const char* path : {"/casus/abc123", "/schrijven", "/casus/abc123/", "/casus?x=1"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_THAT(r.body, HasSubstr("lang=\"nl\"")) << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
    ExpectSecurityHeaders(r);
  }
  EXPECT_EQ(Get("/").Header("cache-control"), "no-store");
  EXPECT_EQ(Get("/index.html").Header("cache-control"), "no-store");

  HttpReply asset = Get("/assets/app-1a2b3c.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");
  ExpectSecurityHeaders(asset);

  for (const char* path : {"/assets/x.js", "/assets/missing", "/casus/abc.json", "/favicon.ico",
                           "/../secret", "/casus/../../secret", "/.hidden", "/casus//x"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("geheim"))) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("lang="))) << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
  }

  // A call's path is no page: GET there says calls are POST, as JSON.
  for (const char* path : {"/kompas.v1.CaseService/ListCases", "/auth/signin"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 405) << path;
    EXPECT_EQ(Field(ParseStruct(r.body), "code"), "unimplemented") << path;
  }
  EXPECT_EQ(Get("/auth/session").status, 404);
}

// Calls on the in-process channel (the HTTP listener's) may name the
// browser's address, so the failed sign-in limit counts per browser; a
// network client sending the same metadata, even with a made-up in-process
// marker, is counted by its own address.
TEST_F(HttpBridgeTest, ForwardedBrowserAddressIsTrustedOnlyInProcess) {
  auto in_process = v1::CommunityService::NewStub(server_->InProcessChannel());
  auto attempt = [](v1::CommunityService::Stub& stub, const std::string& forwarded_for,
                    bool forged_marker = false) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer kompas_not-a-real-token");
    ctx.AddMetadata("kompas-forwarded-for", forwarded_for);
    if (forged_marker) ctx.AddMetadata("kompas-in-process", std::string(64, '0'));
    v1::Caller caller;
    return stub.GetCaller(&ctx, v1::GetCallerRequest(), &caller).error_code();
  };
  grpc::StatusCode last = grpc::StatusCode::OK;
  for (int i = 0; i < 200 && last != grpc::StatusCode::RESOURCE_EXHAUSTED; ++i) {
    last = attempt(*in_process, "ipv4:192.0.2.1");
  }
  ASSERT_EQ(last, grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Another browser is not held back by the first one's guesses.
  EXPECT_EQ(attempt(*in_process, "ipv4:192.0.2.2"), grpc::StatusCode::UNAUTHENTICATED);
  // From the network the metadata is only the client's word: 127.0.0.1 has
  // not failed, whatever it claims to be.
  EXPECT_EQ(attempt(*community_stub_, "ipv4:192.0.2.1"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(attempt(*community_stub_, "ipv4:192.0.2.1", /*forged_marker=*/true),
            grpc::StatusCode::UNAUTHENTICATED);

  // The HTTP listener names its client as gRPC names a network peer: when
  // 127.0.0.1 has failed too often, its browser calls are held back as well.
  last = grpc::StatusCode::OK;
  for (int i = 0; i < 200 && last != grpc::StatusCode::RESOURCE_EXHAUSTED; ++i) {
    last = attempt(*in_process, "ipv4:127.0.0.1");
  }
  ASSERT_EQ(last, grpc::StatusCode::RESOURCE_EXHAUSTED);
  HttpReply held = Post("/kompas.v1.CaseService/ListCases", R"({"parent":"communities/wijkteams"})",
                        {{"Content-Type", "application/json"},
                         {"Authorization", "Bearer kompas_not-a-real-token"}});
  EXPECT_EQ(Field(ParseStruct(held.body), "code"), "resource_exhausted") << held.body;
}

// GET /metrics: Prometheus text with the calls per RPC and code, their
// latency, the store, the audit chain and the rate limits' refusals; only
// for this machine, and not through a proxy that forwards for someone else.
TEST_F(HttpBridgeTest, MetricsCountCallsPerRpcAndCodeForThisMachineOnly) {
  http_options_.metrics = [this] {
    std::string text;
    server_->metrics().AppendText(&text);
    return text + core_->MetricsText();
  };
  StartHttp();
  MustCreate("Een vraag over toestemming");
  for (int i = 0; i < 3; ++i) {
    v1::ListCasesRequest list;
    list.set_parent(kCommunity);
    v1::ListCasesResponse cases;
    ASSERT_TRUE(case_stub_->ListCases(As(kAnna).get(), list, &cases).ok());
  }
  v1::GetCaseRequest get;
  get.set_name("communities/wijkteams/cases/0zzzzzzzzzzzz");
  v1::Case missing;
  EXPECT_EQ(case_stub_->GetCase(As(kAnna).get(), get, &missing).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Wrong tokens until this address is held back: a rate-limit refusal.
  grpc::StatusCode last = grpc::StatusCode::OK;
  for (int i = 0; i < 200 && last != grpc::StatusCode::RESOURCE_EXHAUSTED; ++i) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer kompas_not-a-real-token");
    v1::Caller caller;
    last = community_stub_->GetCaller(&ctx, v1::GetCallerRequest(), &caller).error_code();
  }
  ASSERT_EQ(last, grpc::StatusCode::RESOURCE_EXHAUSTED);

  HttpReply r = Get("/metrics");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  const std::string list = R"(method="/kompas.v1.CaseService/ListCases",code="OK")";
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat("kompas_rpc_requests_total{", list, "} 3\n")));
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat("kompas_rpc_duration_seconds_bucket{", list,
                                             ",le=\"+Inf\"} 3\n")));
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat("kompas_rpc_duration_seconds_count{", list, "} 3\n")));
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat("kompas_rpc_duration_seconds_bucket{", list,
                                             ",le=\"0.001\"} ")));
  EXPECT_THAT(r.body, HasSubstr(
      R"(kompas_rpc_requests_total{method="/kompas.v1.CaseService/GetCase",code="NOT_FOUND"} 1)"));
  EXPECT_THAT(r.body, HasSubstr(
      R"(kompas_rpc_requests_total{method="/kompas.v1.CaseService/CreateCase",code="OK"} 1)"));
  EXPECT_THAT(r.body, HasSubstr("# TYPE kompas_rpc_duration_seconds histogram\n"));
  EXPECT_THAT(r.body, ::testing::ContainsRegex(R"(kompas_rate_limited_total\{limit="address"\} [1-9])"));
  EXPECT_THAT(r.body, HasSubstr("kompas_rate_limited_total{limit=\"member\"} 0\n"));
  EXPECT_THAT(r.body, ::testing::ContainsRegex("\nkompas_audit_events [1-9]"));
  EXPECT_THAT(r.body, ::testing::ContainsRegex("\nkompas_store_bytes [0-9]"));
  EXPECT_THAT(r.body, ::testing::ContainsRegex("\nkompas_retention_expired_cases_total 0\n"));
  EXPECT_THAT(r.body,
              ::testing::ContainsRegex("\nkompas_retention_expired_audit_events_total 0\n"));
  EXPECT_THAT(r.body, HasSubstr("\nkompas_store_write_stops_total 0\n"));
  EXPECT_THAT(r.body, HasSubstr("\nkompas_store_writes_stopped 0\n"));
  // No backup was made of this store: no backup age at all.
  EXPECT_THAT(r.body, Not(HasSubstr("kompas_backup_age_seconds")));
  // Nothing a member wrote, nor who they are.
  EXPECT_THAT(r.body, Not(HasSubstr("toestemming")));
  EXPECT_THAT(r.body, Not(HasSubstr(kAnna)));

  // Through a reverse proxy on this machine: refused.
  r = HttpRequest(http_->port(), "GET", "/metrics", {{"X-Forwarded-For", "198.51.100.7"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_THAT(r.body, HasSubstr("--metrics_from_anywhere"));
  http_options_.metrics_from_anywhere = true;
  StartHttp();
  r = HttpRequest(http_->port(), "GET", "/metrics", {{"X-Forwarded-For", "198.51.100.7"}});
  EXPECT_EQ(r.status, 200);
}

TEST(HttpBridgeOptionsTest, RefusesPlaintextOnARemoteAddress) {
  web::HttpOptions options;
  options.address = "0.0.0.0:0";
  auto http = web::HttpServer::Start(options, nullptr);
  EXPECT_EQ(http.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(http.status().message(), HasSubstr("--insecure_remote"));
}

TEST(HttpBridgeOptionsTest, ClientCertificatesNeedTlsAndRequiringThemNeedsACa) {
  web::HttpOptions options;
  options.address = "127.0.0.1:0";
  options.client_ca_pem = "ca";
  EXPECT_THAT(web::ValidateHttpOptions(options).message(), HasSubstr("--tls_cert"));
  options.client_ca_pem.clear();
  options.cert_chain_pem = "cert";
  options.private_key_pem = "key";
  options.require_client_certificate = true;
  EXPECT_THAT(web::ValidateHttpOptions(options).message(), HasSubstr("--tls_client_ca"));
  options.client_ca_pem = "ca";
  EXPECT_TRUE(web::ValidateHttpOptions(options).ok());
}

}  // namespace
}  // namespace kompas::testing
