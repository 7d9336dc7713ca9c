// Every validation rule answers INVALID_ARGUMENT with a BadRequest naming the
// field, the server keeps serving, and earlier data stays intact.
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class ValidationApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();
    ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase("Bestaande casus"), &existing_).ok());
  }

  void ExpectStillIntact() {
    v1::GetCaseRequest get;
    get.set_name(existing_.name());
    v1::Case out;
    grpc::Status s = case_stub_->GetCase(As("anna-zaanstad").get(), get, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.SerializeAsString(), existing_.SerializeAsString());
  }

  v1::Case existing_;
};

struct CreateCaseRule {
  const char* what;
  std::function<void(v1::CreateCaseRequest&)> mutate;
  const char* field;
};

TEST_F(ValidationApiTest, CreateCaseRulesNameTheField) {
  const std::vector<CreateCaseRule> rules = {
      {"missing title", [](auto& r) { r.mutable_case_()->clear_title(); }, "case.title"},
      {"title of 201 characters",
       [](auto& r) { r.mutable_case_()->set_title(std::string(201, 't')); }, "case.title"},
      {"situation over 20,000 bytes",
       [](auto& r) { r.mutable_case_()->set_situation(std::string(20001, 's')); },
       "case.situation"},
      {"control character in question",
       [](auto& r) { r.mutable_case_()->set_question("vraag \x01"); }, "case.question"},
      {"framing step too long",
       [](auto& r) {
         r.mutable_case_()->mutable_framing()->set_legal_basis_and_proportionality(
             std::string(20001, 'g'));
       },
       "case.framing.legal_basis_and_proportionality"},
      {"bad theme", [](auto& r) { r.mutable_case_()->add_themes("Geen Thema"); },
       "case.themes[1]"},
      {"duplicate law", [](auto& r) { r.mutable_case_()->add_laws("Jeugdwet"); }, "case.laws[1]"},
      {"too many options",
       [](auto& r) {
         for (int i = 0; i < 21; ++i) r.mutable_case_()->add_options(absl::StrCat("optie ", i));
       },
       "case.options"},
      {"empty option", [](auto& r) { r.mutable_case_()->add_options(""); }, "case.options[0]"},
      {"unknown visibility",
       [](auto& r) { r.mutable_case_()->set_visibility(static_cast<v1::Visibility>(7)); },
       "case.visibility"},
      {"unknown status",
       [](auto& r) { r.mutable_case_()->set_status(static_cast<v1::CaseStatus>(42)); },
       "case.status"},
      {"created as concluded",
       [](auto& r) { r.mutable_case_()->set_status(v1::CASE_STATUS_CONCLUDED); }, "case.status"},
      {"malformed origin",
       [](auto& r) { r.mutable_case_()->set_origin_municipality("Zaanstad"); },
       "case.origin_municipality"},
      {"origin outside the community",
       [](auto& r) { r.mutable_case_()->set_origin_municipality("municipalities/GM0344"); },
       "case.origin_municipality"},
      {"malformed parent", [](auto& r) { r.set_parent("wijkteams"); }, "parent"},
      {"bad request id", [](auto& r) { r.set_request_id("met spatie"); }, "request_id"},
      {"missing case", [](auto& r) { r.clear_case_(); }, "case"},
  };
  for (const CreateCaseRule& rule : rules) {
    v1::CreateCaseRequest req;
    req.set_parent("communities/wijkteams");
    *req.mutable_case_() = SampleCase("Geldig");
    rule.mutate(req);
    v1::Case out;
    grpc::Status s = case_stub_->CreateCase(As("anna-zaanstad").get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << rule.what;
    EXPECT_THAT(ViolatedFields(s), Contains(rule.field)) << rule.what;
    EXPECT_THAT(s.error_message(), HasSubstr(rule.field)) << rule.what;
  }
  // Several problems are reported together.
  v1::CreateCaseRequest many;
  many.set_parent("communities/wijkteams");
  many.mutable_case_()->add_themes("X");
  v1::Case out;
  grpc::Status s = case_stub_->CreateCase(As("anna-zaanstad").get(), many, &out);
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre("case.title", "case.themes[0]"));

  v1::ListCasesRequest list;
  list.set_parent("communities/wijkteams");
  v1::ListCasesResponse resp;
  ASSERT_TRUE(case_stub_->ListCases(As("anna-zaanstad").get(), list, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 1) << "a refused create stored something";
  ExpectStillIntact();
}

TEST_F(ValidationApiTest, ListRules) {
  auto list_error = [&](std::function<void(v1::ListCasesRequest&)> mutate) {
    v1::ListCasesRequest req;
    req.set_parent("communities/wijkteams");
    mutate(req);
    v1::ListCasesResponse resp;
    return case_stub_->ListCases(As("anna-zaanstad").get(), req, &resp);
  };
  grpc::Status s = list_error([](auto& r) { r.set_page_size(-1); });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), Contains("page_size"));
  s = list_error([](auto& r) { r.set_page_token("bm9wZQ"); });
  EXPECT_THAT(ViolatedFields(s), Contains("page_token"));
  s = list_error([](auto& r) { r.set_theme("Geen Thema"); });
  EXPECT_THAT(ViolatedFields(s), Contains("theme"));
  s = list_error([](auto& r) { r.set_municipality("GM0479"); });
  EXPECT_THAT(ViolatedFields(s), Contains("municipality"));
  s = list_error([](auto& r) { r.set_status(static_cast<v1::CaseStatus>(9)); });
  EXPECT_THAT(ViolatedFields(s), Contains("status"));
  s = list_error([](auto& r) { r.set_parent("communities/Hoofdletters"); });
  EXPECT_THAT(ViolatedFields(s), Contains("parent"));
  s = list_error([](auto& r) { r.set_parent("communities/bestaat-niet"); });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("communities/bestaat-niet not found"));
  // A page token only fits the filters it was made for.
  v1::ListCasesRequest first;
  first.set_parent("communities/wijkteams");
  first.set_page_size(1);
  v1::Case second;
  ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase("Tweede"), &second).ok());
  v1::ListCasesResponse page;
  ASSERT_TRUE(case_stub_->ListCases(As("anna-zaanstad").get(), first, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  s = list_error([&](auto& r) {
    r.set_page_token(page.next_page_token());
    r.set_theme("pettenvraagstuk");
  });
  EXPECT_THAT(ViolatedFields(s), Contains("page_token"));
  // page_size above the maximum is lowered, not refused.
  s = list_error([](auto& r) { r.set_page_size(100000); });
  EXPECT_TRUE(s.ok()) << s.error_message();
  ExpectStillIntact();
}

TEST_F(ValidationApiTest, UpdateAndReflectionRules) {
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(existing_.name());
  update.mutable_case_()->set_title("x");
  v1::Case out;
  grpc::Status s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_THAT(ViolatedFields(s), Contains("update_mask"));

  update.mutable_update_mask()->add_paths("author");
  update.mutable_update_mask()->add_paths("no_such_field");
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre("update_mask.paths[0]",
                                                                 "update_mask.paths[1]"));
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("title");
  update.mutable_case_()->set_title(std::string(300, 'x'));
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_THAT(ViolatedFields(s), Contains("case.title"));
  update.mutable_case_()->set_name("communities/wijkteams/cases/nope");
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_THAT(ViolatedFields(s), Contains("case.name"));
  update.mutable_case_()->set_name("communities/wijkteams/cases/0000000000000");
  update.mutable_case_()->set_title("ok");
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("communities/wijkteams/cases/0000000000000"));

  v1::CreateReflectionRequest reflect;
  reflect.set_parent(existing_.name());
  v1::Reflection r;
  s = case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r);
  EXPECT_THAT(ViolatedFields(s), Contains("reflection"));
  reflect.mutable_reflection()->set_text("");
  s = case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r);
  EXPECT_THAT(ViolatedFields(s),
              ::testing::UnorderedElementsAre("reflection.kind", "reflection.text"));
  ExpectStillIntact();
}

TEST_F(ValidationApiTest, CallsWithoutIdentityAreUnauthenticated) {
  v1::Case out;
  grpc::Status s = GetCase(/*member=*/"", existing_.name(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("kompas login"));
  v1::GetCaseRequest get;
  get.set_name(existing_.name());
  grpc::ClientContext forged;
  forged.AddMetadata("authorization", "Bearer kmp_made-up");
  s = case_stub_->GetCase(&forged, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ExpectStillIntact();
}

TEST_F(ValidationApiTest, InvalidUtf8IsAFieldViolationNotAParseFailure) {
  // A C++ client refuses to send invalid UTF-8, so build the bytes by hand:
  // serialize with placeholders, then swap in invalid sequences of equal length.
  v1::CreateCaseRequest req;
  req.set_parent("communities/wijkteams");
  *req.mutable_case_() = SampleCase("XXXX");
  req.mutable_case_()->mutable_framing()->set_task("YYYY");
  req.mutable_case_()->add_options("ok");
  req.mutable_case_()->add_options("ZZZZ");
  std::string bytes = req.SerializeAsString();
  for (auto [from, to] : {std::pair<std::string, std::string>{"XXXX", "\xC3\x28\xA0\xA1"},
                          {"YYYY", "\xFF\xFE\xFD\xFC"},
                          {"ZZZZ", "\xED\xA0\x80!"}}) {
    size_t at = bytes.find(from);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, from.size(), to);
  }
  grpc::Slice slice(bytes);
  grpc::ByteBuffer in(&slice, 1), out;
  grpc::GenericStub stub(channel_);
  auto ctx = As("anna-zaanstad");
  std::promise<grpc::Status> done;
  stub.UnaryCall(ctx.get(), "/kompas.v1.CaseService/CreateCase", grpc::StubOptions(), &in, &out,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre(
                                     "case.title", "case.framing.task", "case.options[1]"));
  EXPECT_THAT(s.error_message(), HasSubstr("is not valid UTF-8"));

  // Bytes that are no protobuf message at all.
  grpc::Slice junk(std::string("\xFF\xFF\xFF\xFF"));
  grpc::ByteBuffer junk_in(&junk, 1);
  auto ctx2 = As("anna-zaanstad");
  std::promise<grpc::Status> done2;
  stub.UnaryCall(ctx2.get(), "/kompas.v1.CaseService/CreateCase", grpc::StubOptions(), &junk_in,
                 &out, [&](grpc::Status st) { done2.set_value(st); });
  s = done2.get_future().get();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("not a valid kompas.v1.CreateCaseRequest"));
  ExpectStillIntact();
}

TEST_F(ValidationApiTest, MoreRulesOverTheWire) {
  v1::Case opened;
  v1::UpdateCaseRequest open;
  open.mutable_case_()->set_name(existing_.name());
  open.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  open.mutable_update_mask()->add_paths("status");
  ASSERT_TRUE(case_stub_->UpdateCase(As("anna-zaanstad").get(), open, &opened).ok());
  existing_ = opened;

  v1::CreateReflectionRequest reflect;
  reflect.set_parent(existing_.name());
  reflect.mutable_reflection()->set_kind(static_cast<v1::ReflectionKind>(17));
  reflect.mutable_reflection()->set_text(std::string(20001, 'r'));
  v1::Reflection r;
  grpc::Status s = case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r);
  EXPECT_THAT(ViolatedFields(s),
              ::testing::UnorderedElementsAre("reflection.kind", "reflection.text"));

  v1::ListReflectionsRequest list;
  list.set_parent(existing_.name());
  list.set_page_size(-5);
  list.set_page_token("garbage");
  v1::ListReflectionsResponse page;
  s = case_stub_->ListReflections(As("anna-zaanstad").get(), list, &page);
  EXPECT_THAT(ViolatedFields(s), Contains("page_size"));
  list.set_page_size(0);
  s = case_stub_->ListReflections(As("anna-zaanstad").get(), list, &page);
  EXPECT_THAT(ViolatedFields(s), Contains("page_token"));

  v1::CreateCommunityRequest community;
  community.set_community_id("X");
  community.mutable_community()->set_display_name(std::string(201, 'n'));
  v1::Community c;
  s = community_stub_->CreateCommunity(As("admin-dev").get(), community, &c);
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre("community_id",
                                                                 "community.display_name"));

  v1::AddMemberRequest member;
  member.set_parent("communities/wijkteams");
  member.set_member_id("-bad");
  member.mutable_member()->set_municipality("Zaanstad");
  member.mutable_member()->add_roles(v1::ROLE_UNSPECIFIED);
  v1::Member m;
  s = community_stub_->AddMember(As("admin-dev").get(), member, &m);
  EXPECT_THAT(ViolatedFields(s),
              ::testing::UnorderedElementsAre("member_id", "member.display_name",
                                              "member.roles[0]", "member.municipality"));
  ExpectStillIntact();
}

// Errors ride in trailers, which clients refuse above 8 KiB: however many
// problems a request has, its refusal must arrive readable.
TEST_F(ValidationApiTest, ErrorsWithManyProblemsStayReadable) {
  auto expect_readable = [](const grpc::Status& s, const std::string& what) {
    EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("metadata"))) << what;
    EXPECT_LE(s.error_message().size(), 1024u) << what;
    google::rpc::Status details;
    EXPECT_TRUE(details.ParseFromString(s.error_details())) << what;
    EXPECT_LE(s.error_details().size(), 4096u) << what;
  };
  // Sixty telephone numbers in one text: the count is in the message, the
  // first findings in the details, and a last line says more were left out.
  std::string situation = "Het gezin belde vaak.";
  for (int i = 0; i < 60; ++i) situation += absl::StrCat(" Bel 06-123456", 10 + i, ".");
  v1::Case phones = SampleCase("Veel nummers");
  phones.set_situation(situation);
  v1::Case out;
  grpc::Status s = CreateCase("anna-zaanstad", phones, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  expect_readable(s, "phones");
  EXPECT_THAT(s.error_message(), HasSubstr("60 finding(s)"));
  const std::vector<std::string> fields = ViolatedFields(s);
  EXPECT_GE(fields.size(), 10u);
  EXPECT_LT(fields.size(), 60u);
  EXPECT_THAT(fields, Contains("case.situation"));

  // Ten thousand bad themes.
  v1::Case themes = SampleCase("Veel thema's");
  for (int i = 0; i < 10000; ++i) themes.add_themes(absl::StrCat("Thema Met Hoofdletters ", i));
  s = CreateCase("anna-zaanstad", themes, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  expect_readable(s, "themes");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  bool summarized = false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest br;
    if (!any.UnpackTo(&br) || br.field_violations_size() == 0) continue;
    summarized = absl::StrContains(br.field_violations().rbegin()->description(), "not listed");
  }
  EXPECT_TRUE(summarized);

  // A 100 KB etag is not quoted back whole.
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(existing_.name());
  update.mutable_case_()->set_title("Nieuwe titel");
  update.mutable_case_()->set_etag(std::string(100000, 'e'));
  update.mutable_update_mask()->add_paths("title");
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_FALSE(s.ok());
  expect_readable(s, "etag");
  ExpectStillIntact();
}

}  // namespace
}  // namespace kompas::testing
