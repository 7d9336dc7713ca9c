// Every refusal names its reason: each family of refusals, provoked over real
// gRPC, carries a google.rpc.ErrorInfo (domain kompas.v1) whose reason is a
// kompas.v1.ErrorReason and whose metadata holds the facts a client needs to
// say it in its own words (the browser says it in Dutch).
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/errors.pb.h"
#include "kompas/v1/standard.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

using ::testing::Key;
using Facts = std::map<std::string, std::string>;

constexpr char kOwner[] = "anna-zaanstad";
constexpr char kPeer[] = "bram-enschede";
constexpr char kFacilitator[] = "fac-enschede";

class ErrorsApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();
    AddMember(kFacilitator, "municipalities/GM0153", "wijkteams", {v1::ROLE_FACILITATOR});
    v1::Case c = SampleCase("School vraagt naar leerling");
    c.set_status(v1::CASE_STATUS_OPEN);
    ASSERT_TRUE(CreateCase(kOwner, c, &case_).ok());
  }

  // The reason of `s` (which must be a refusal), with its facts in facts_;
  // the reason must be declared in the proto.
  std::string Reason(const grpc::Status& s) {
    EXPECT_FALSE(s.ok());
    facts_.clear();
    const std::string reason = ErrorReason(s, &facts_);
    v1::ErrorReason parsed;
    EXPECT_TRUE(v1::ErrorReason_Parse(reason, &parsed)) << "undeclared reason '" << reason << "'";
    return reason;
  }

  // The reasons of the BadRequest field violations, in order.
  static std::vector<std::string> FieldReasons(const grpc::Status& s) {
    std::vector<std::string> reasons;
    google::rpc::Status details;
    if (!details.ParseFromString(s.error_details())) return reasons;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest br;
      if (!any.UnpackTo(&br)) continue;
      for (const auto& v : br.field_violations()) reasons.push_back(v.reason());
    }
    return reasons;
  }

  grpc::Status Reflect(const std::string& member, v1::ReflectionKind kind,
                       const std::string& parent = "") {
    v1::CreateReflectionRequest req;
    req.set_parent(parent.empty() ? case_.name() : parent);
    req.mutable_reflection()->set_kind(kind);
    req.mutable_reflection()->set_text("Weten de ouders van de vraag van de school?");
    v1::Reflection out;
    return case_stub_->CreateReflection(As(member).get(), req, &out);
  }

  v1::Case case_;
  Facts facts_;
};

TEST_F(ErrorsApiTest, InvalidFieldsNameEachFieldItsProblemAndLimit) {
  v1::Case c = SampleCase("");
  c.set_situation(std::string(20001, 'x'));
  v1::Case out;
  grpc::Status s = CreateCase(kOwner, c, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(s), "INVALID_FIELDS");
  EXPECT_EQ(facts_["fields"], "case.title,case.situation");
  EXPECT_EQ(facts_["limits"], ",20000");
  EXPECT_THAT(ViolatedFields(s), ElementsAre("case.title", "case.situation"));
  EXPECT_THAT(FieldReasons(s), ElementsAre("REQUIRED", "TOO_MANY_BYTES"));
}

TEST_F(ErrorsApiTest, NotFoundNamesTheKindAlikeForMissingAndHidden) {
  v1::GetCaseRequest get;
  get.set_name(absl::StrCat(kCommunity, "/cases/0zzzzzzzzzzzz"));
  v1::Case out;
  grpc::Status missing = case_stub_->GetCase(As(kOwner).get(), get, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(missing), "NOT_FOUND");
  EXPECT_EQ(facts_, (Facts{{"kind", "cases"}}));

  // A community one is not a member of looks exactly like a missing case.
  CreateCommunity("elders", "municipalities/GM0344");
  get.set_name("communities/elders/cases/0zzzzzzzzzzzz");
  grpc::Status hidden = case_stub_->GetCase(As(kOwner).get(), get, &out);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(hidden), "NOT_FOUND");
  EXPECT_EQ(facts_, (Facts{{"kind", "cases"}}));
}

TEST_F(ErrorsApiTest, WhoIsCallingAndWhatTheyMayDo) {
  v1::GetCaseRequest get;
  get.set_name(case_.name());
  v1::Case out;
  EXPECT_EQ(Reason(case_stub_->GetCase(As("").get(), get, &out)), "TOKEN_MISSING");

  auto with_header = [&](const std::string& value) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", value);
    return case_stub_->GetCase(&ctx, get, &out);
  };
  EXPECT_EQ(Reason(with_header("Basic abc")), "TOKEN_MALFORMED");
  EXPECT_EQ(Reason(with_header("Bearer not-a-kompas-token")), "TOKEN_MALFORMED");
  EXPECT_EQ(Reason(with_header("Bearer kmp_0000000000000000000000000000")), "TOKEN_UNKNOWN");

  // Revoked and expired tokens say which token.
  auto expired = tokens_->Issue("cor-zaanstad", {.ttl = absl::Seconds(1)});
  ASSERT_TRUE(expired.ok()) << expired.status();
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_EQ(Reason(with_header("Bearer " + expired->token)), "TOKEN_EXPIRED");
  EXPECT_THAT(facts_, Contains(Key("token_id")));
  EXPECT_THAT(facts_, Contains(Key("expire_date")));

  v1::CreateSessionRequest create;
  create.set_parent(kCommunity);
  create.mutable_session()->set_case_(case_.name());
  create.mutable_session()->set_method("incident");
  v1::Session session;
  grpc::Status role = session_stub_->CreateSession(As(kOwner).get(), create, &session);
  EXPECT_EQ(role.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(role), "ROLE_REQUIRED");
  EXPECT_EQ(facts_["community"], kCommunity);
  EXPECT_THAT(facts_["roles"], ::testing::HasSubstr("FACILITATOR"));

  v1::CreateCommunityRequest community;
  community.set_community_id("nieuw");
  community.mutable_community()->set_display_name("Nieuw");
  community.mutable_community()->add_municipalities("municipalities/GM0479");
  v1::Community made;
  EXPECT_EQ(Reason(community_stub_->CreateCommunity(As(kOwner).get(), community, &made)),
            "ADMIN_REQUIRED");

  // Only the author changes a case.
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(case_.name());
  update.mutable_case_()->set_title("Een andere titel");
  update.mutable_update_mask()->add_paths("title");
  grpc::Status author = case_stub_->UpdateCase(As(kPeer).get(), update, &out);
  EXPECT_EQ(author.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(author), "AUTHOR_ONLY");
  EXPECT_EQ(facts_, (Facts{{"action", "change"}, {"kind", "cases"}}));
}

TEST_F(ErrorsApiTest, SomeoneElseWasFirst) {
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(case_.name());
  update.mutable_case_()->set_title("Een andere titel");
  update.mutable_case_()->set_etag("stale");
  update.mutable_update_mask()->add_paths("title");
  v1::Case out;
  grpc::Status s = case_stub_->UpdateCase(As(kOwner).get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(s), "ETAG_MISMATCH");
  EXPECT_EQ(facts_, (Facts{{"kind", "cases"}}));
}

TEST_F(ErrorsApiTest, PersonalDataSaysHowManyOfWhichKind) {
  v1::Case c = SampleCase("Vraag over Jan de Vries");
  c.set_situation("Jan de Vries (BSN 111222333) woont in de wijk.");
  v1::Case out;
  grpc::Status s = CreateCase(kOwner, c, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(s), "PII_DETECTED");
  EXPECT_THAT(facts_, Contains(Key("findings")));
  EXPECT_THAT(facts_["kinds"], ::testing::HasSubstr("BSN"));
  EXPECT_THAT(FieldReasons(s), Contains("PERSONAL_DATA"));
}

TEST_F(ErrorsApiTest, CaseStatusSaysTheStatusAndWhatWouldDo) {
  v1::Case draft;
  ASSERT_TRUE(CreateCase(kOwner, SampleCase("Nog een concept"), &draft).ok());
  grpc::Status s = Reflect(kOwner, v1::REFLECTION_KIND_QUESTION, draft.name());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "CASE_STATUS");
  EXPECT_EQ(facts_["status"], "DRAFT");
  EXPECT_EQ(facts_["allowed"], "OPEN,IN_SESSION,CONCLUDED");

  // A status change that is not a possible move says where it can go.
  v1::Case out;
  grpc::Status back = SetCaseStatus(kOwner, case_.name(), v1::CASE_STATUS_DRAFT, &out);
  EXPECT_EQ(Reason(back), "CASE_STATUS");
  EXPECT_EQ(facts_["status"], "OPEN");
  EXPECT_EQ(facts_["target_status"], "DRAFT");
  EXPECT_THAT(facts_, Contains(Key("allowed_targets")));
}

TEST_F(ErrorsApiTest, PhaseSaysThePhaseAndTheKindsItAccepts) {
  v1::CreateSessionRequest create;
  create.set_parent(kCommunity);
  create.mutable_session()->set_case_(case_.name());
  create.mutable_session()->set_method("incident");
  v1::Session s;
  ASSERT_TRUE(session_stub_->CreateSession(As(kFacilitator).get(), create, &s).ok());

  // Not joined yet.
  EXPECT_EQ(Reason(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION)), "SESSION_PARTICIPANT");
  EXPECT_EQ(facts_, (Facts{{"session", s.name()}}));
  v1::JoinSessionRequest join;
  join.set_name(s.name());
  v1::Session joined;
  ASSERT_TRUE(session_stub_->JoinSession(As(kPeer).get(), join, &joined).ok());

  v1::AdvancePhaseRequest advance;
  advance.set_name(s.name());
  v1::Session moved;
  ASSERT_TRUE(session_stub_->AdvancePhase(As(kFacilitator).get(), advance, &moved).ok());
  ASSERT_EQ(moved.phase().id(), "CLARIFYING_QUESTIONS");
  grpc::Status advice = Reflect(kPeer, v1::REFLECTION_KIND_ADVICE);
  EXPECT_EQ(advice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(advice), "PHASE");
  EXPECT_EQ(facts_["phase"], "CLARIFYING_QUESTIONS");
  EXPECT_EQ(facts_["accepted_kinds"], "QUESTION");
  EXPECT_EQ(facts_["kind"], "ADVICE");
  EXPECT_EQ(facts_["speaker"], "participant");
  EXPECT_THAT(facts_, Contains(Key("phase_title")));

  // Someone moved it meanwhile; only the facilitator moves it.
  advance.set_current_phase("INTAKE");
  grpc::Status moved_on = session_stub_->AdvancePhase(As(kFacilitator).get(), advance, &moved);
  EXPECT_EQ(moved_on.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(moved_on), "PHASE_MOVED");
  EXPECT_EQ(facts_["phase"], "CLARIFYING_QUESTIONS");
  EXPECT_EQ(Reason(session_stub_->AdvancePhase(As(kPeer).get(), advance, &moved)),
            "ROLE_REQUIRED");
}

TEST_F(ErrorsApiTest, QuorumSaysHowManyMunicipalitiesAreStillNeeded) {
  AddMember("stew-zaanstad", "municipalities/GM0479", "wijkteams",
            {v1::ROLE_STEWARD, v1::ROLE_PROFESSIONAL});
  auto standards = v1::StandardService::NewStub(channel_);
  v1::CreateStandardRequest create;
  create.set_parent(kCommunity);
  auto* content = create.mutable_standard()->mutable_content();
  content->set_title("Alleen het doel delen");
  content->set_kind(v1::STANDARD_KIND_MUST_DO);
  content->set_modality(v1::MODALITY_MUST);
  content->set_statement("Deel met de school alleen wat nodig is voor het doel.");
  content->set_rationale("Minder gegevens, minder risico.");
  content->add_laws("AVG");
  content->add_themes("gegevensdeling-school");
  content->add_audiences(v1::AUDIENCE_D);
  v1::Standard standard;
  grpc::Status made = standards->CreateStandard(As("stew-zaanstad").get(), create, &standard);
  ASSERT_TRUE(made.ok()) << made.error_message();

  v1::AdoptStandardRequest adopt;
  adopt.set_name(standard.name());
  v1::Standard out;
  grpc::Status early = standards->AdoptStandard(As("stew-zaanstad").get(), adopt, &out);
  EXPECT_EQ(Reason(early), "STANDARD_STATUS");
  EXPECT_EQ(facts_["status"], "DRAFT");
  EXPECT_EQ(facts_["allowed"], "PROPOSED");

  v1::ProposeStandardRequest propose;
  propose.set_name(standard.name());
  ASSERT_TRUE(standards->ProposeStandard(As("stew-zaanstad").get(), propose, &out).ok());
  v1::EndorseStandardRequest endorse;
  endorse.set_name(standard.name());
  ASSERT_TRUE(standards->EndorseStandard(As(kOwner).get(), endorse, &out).ok());
  EXPECT_EQ(Reason(standards->EndorseStandard(As(kOwner).get(), endorse, &out)),
            "ALREADY_ENDORSED");
  grpc::Status quorum = standards->AdoptStandard(As("stew-zaanstad").get(), adopt, &out);
  EXPECT_EQ(quorum.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(quorum), "QUORUM");
  EXPECT_EQ(facts_["municipalities_endorsing"], "1");
  EXPECT_EQ(facts_["municipalities_required"], "2");
  EXPECT_EQ(facts_["municipalities_needed"], "1");
}

TEST_F(ErrorsApiTest, RateLimitSaysHowLongToWait) {
  rate_limit_ = {.rate = 0.001, .burst = 1};
  RestartServer();
  v1::Case out;
  ASSERT_TRUE(GetCase(kOwner, case_.name(), &out).ok());
  grpc::Status s = GetCase(kOwner, case_.name(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Reason(s), "RATE_LIMITED");
  EXPECT_EQ(facts_["scope"], "calls");
  int seconds = 0;
  EXPECT_TRUE(absl::SimpleAtoi(facts_["retry_after_seconds"], &seconds));
  EXPECT_GE(seconds, 1);
}

}  // namespace
}  // namespace kompas::testing
