// The PII gate on the write path, over gRPC: REJECT refuses with findings,
// REDACT stores placeholders, warnings need acknowledgement, every text
// field is screened, and CheckText previews without storing.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/admin.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

constexpr char kPersonal[] =
    "Mevrouw Bakker (BSN 999912343) van de Kerkstraat 12 belde met 06-12345678 over haar zoon "
    "Daan";
// Two persons: numbered, so the redacted text still tells them apart
// (issue 15); one BSN, address and phone keep their bare placeholders.
constexpr char kRedacted[] =
    "[NAAM 1] (BSN [BSN]) van de [ADRES] belde met [TELEFOON] over haar zoon [NAAM 2]";
constexpr char kClean[] =
    "In Zaanstad vroeg Veilig Thuis op grond van artikel 7.3.11 Jeugdwet of een jongen van 14 "
    "bekend was";

v1::PrivacyFindings FindingsOf(const grpc::Status& s) {
  v1::PrivacyFindings out;
  google::rpc::Status details;
  if (!details.ParseFromString(s.error_details())) return out;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&out)) return out;
  }
  return out;
}

class PrivacyApiTest : public DemoCommunityFixture {
 protected:
  grpc::Status Create(const v1::Case& c, v1::PrivacyMode mode, bool ack, v1::Case* out) {
    v1::CreateCaseRequest req;
    req.set_parent("communities/wijkteams");
    *req.mutable_case_() = c;
    req.set_privacy_mode(mode);
    req.set_acknowledge_warnings(ack);
    return case_stub_->CreateCase(As("anna-zaanstad").get(), req, out);
  }

  // Creates the sample case titled `title` with `situation` in `mode`, which
  // must succeed; the case as created.
  v1::Case MustCreateWith(const std::string& title, const std::string& situation,
                          v1::PrivacyMode mode) {
    v1::Case c = SampleCase(title);
    c.set_situation(situation);
    v1::Case out;
    grpc::Status s = Create(c, mode, false, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  int CountCases() {
    v1::ListCasesRequest req;
    req.set_parent("communities/wijkteams");
    v1::ListCasesResponse resp;
    EXPECT_TRUE(case_stub_->ListCases(As("anna-zaanstad").get(), req, &resp).ok());
    return resp.cases_size();
  }
};

TEST_F(PrivacyApiTest, RejectModeRefusesWithEveryFindingAndStoresNothing) {
  v1::Case c = SampleCase("Telefoontje");
  c.set_situation(kPersonal);
  v1::Case out;
  grpc::Status s = Create(c, v1::PRIVACY_MODE_UNSPECIFIED, false, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(s), "PII_DETECTED");
  EXPECT_THAT(s.error_message(), Not(HasSubstr("Bakker")));
  EXPECT_THAT(s.error_message(), Not(HasSubstr("999912343")));
  const v1::PrivacyFindings findings = FindingsOf(s);
  std::vector<std::string> kinds;
  for (const auto& f : findings.findings()) {
    EXPECT_EQ(f.field(), "case.situation");
    EXPECT_LT(f.start(), f.end());
    EXPECT_LE(f.end(), static_cast<int>(std::string(kPersonal).size()));
    kinds.push_back(v1::PiiKind_Name(f.kind()));
  }
  EXPECT_THAT(kinds, ::testing::IsSupersetOf({"PII_KIND_PERSON", "PII_KIND_BSN",
                                              "PII_KIND_ADDRESS", "PII_KIND_PHONE"}));
  // The BSN's span points at the number itself.
  for (const auto& f : findings.findings()) {
    if (f.kind() == v1::PII_KIND_BSN) {
      EXPECT_EQ(std::string(kPersonal).substr(f.start(), f.end() - f.start()), "999912343");
    }
  }
  EXPECT_THAT(ViolatedFields(s), Contains("case.situation"));
  EXPECT_EQ(CountCases(), 0);
}

TEST_F(PrivacyApiTest, RedactModeStoresPlaceholdersAndCounts) {
  const v1::Case out = MustCreateWith("Telefoontje", kPersonal, v1::PRIVACY_MODE_REDACT);
  ASSERT_FALSE(out.name().empty());
  EXPECT_EQ(out.situation(), kRedacted);
  EXPECT_EQ(out.anonymization().mode(), v1::PRIVACY_MODE_REDACT);
  EXPECT_EQ(out.anonymization().counts().at("PERSON"), 2);
  EXPECT_EQ(out.anonymization().counts().at("BSN"), 1);
  EXPECT_FALSE(out.anonymization().gate_version().empty());
  v1::GetCaseRequest get;
  get.set_name(out.name());
  v1::Case fetched;
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &fetched).ok());
  EXPECT_EQ(fetched.situation(), kRedacted);
}

TEST_F(PrivacyApiTest, CleanTextPassesUntouched) {
  const v1::Case out = MustCreateWith("Veilig Thuis vraagt", kClean, v1::PRIVACY_MODE_REJECT);
  ASSERT_FALSE(out.name().empty());
  EXPECT_EQ(out.situation(), kClean);
  EXPECT_TRUE(out.anonymization().counts().empty());
}

TEST_F(PrivacyApiTest, NamedSchoolNeedsAcknowledgementAndThenStaysEditable) {
  v1::Case c = SampleCase("School");
  c.set_situation("De intern begeleider van basisschool De Regenboog belde het wijkteam.");
  v1::Case out;
  {
    grpc::Status s = Create(c, v1::PRIVACY_MODE_REJECT, false, &out);
    ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    const v1::PrivacyFindings findings = FindingsOf(s);
    ASSERT_GT(findings.findings_size(), 0);
    EXPECT_EQ(findings.findings(0).severity(), v1::PII_SEVERITY_WARN);
    EXPECT_EQ(findings.findings(0).kind(), v1::PII_KIND_INSTITUTION);
  }
  {
    // REDACT replaces the unacknowledged school by its type instead of
    // refusing the write (issue 15).
    v1::Case redacted;
    grpc::Status s = Create(c, v1::PRIVACY_MODE_REDACT, false, &redacted);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(redacted.situation(), "De intern begeleider van [SCHOOL] belde het wijkteam.");
    EXPECT_EQ(redacted.anonymization().acknowledged_warnings(), 0);
  }
  grpc::Status s = Create(c, v1::PRIVACY_MODE_REJECT, true, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.situation(), c.situation());
  EXPECT_EQ(out.anonymization().acknowledged_warnings(), 1);
  // A later status change does not re-litigate the acknowledged text.
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(out.name());
  update.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  update.mutable_update_mask()->add_paths("status");
  v1::Case opened;
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &opened);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(PrivacyApiTest, EveryTextFieldOfEveryWriteIsScreened) {
  const std::string phone = "Bel haar op 06-12345678.";
  auto refused_field = [](const grpc::Status& s) {
    std::vector<std::string> fields;
    const v1::PrivacyFindings findings = FindingsOf(s);
    for (const auto& f : findings.findings()) fields.push_back(f.field());
    return fields;
  };
  v1::Case out;
  v1::Case c = SampleCase("Velden");
  c.mutable_framing()->set_necessary_data(phone);
  c.add_options("Niets doen");
  c.add_options(phone);
  c.set_decision(phone);
  grpc::Status s = Create(c, v1::PRIVACY_MODE_REJECT, false, &out);
  EXPECT_THAT(refused_field(s), ::testing::UnorderedElementsAre(
                                    "case.framing.necessary_data", "case.options[1]",
                                    "case.decision"));

  v1::Case clean;
  ASSERT_TRUE(Create(SampleCase("Open"), v1::PRIVACY_MODE_REJECT, false, &clean).ok());
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(clean.name());
  update.mutable_case_()->set_outcome(phone);
  update.mutable_update_mask()->add_paths("outcome");
  s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out);
  EXPECT_THAT(refused_field(s), ::testing::ElementsAre("case.outcome"));

  update.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("status");
  ASSERT_TRUE(case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out).ok());
  v1::CreateReflectionRequest reflect;
  reflect.set_parent(clean.name());
  reflect.mutable_reflection()->set_kind(v1::REFLECTION_KIND_ADVICE);
  reflect.mutable_reflection()->set_text(phone);
  v1::Reflection r;
  s = case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r);
  EXPECT_THAT(refused_field(s), ::testing::ElementsAre("reflection.text"));
  reflect.set_privacy_mode(v1::PRIVACY_MODE_REDACT);
  ASSERT_TRUE(case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r).ok());
  EXPECT_EQ(r.text(), "Bel haar op [TELEFOON].");

  v1::AddMemberRequest member;
  member.set_parent("communities/wijkteams");
  member.set_member_id("nieuw-lid");
  member.mutable_member()->set_display_name("Jan Jansen");
  member.mutable_member()->set_municipality("municipalities/GM0479");
  member.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  v1::Member m;
  s = community_stub_->AddMember(As("admin-dev").get(), member, &m);
  EXPECT_THAT(refused_field(s), ::testing::ElementsAre("member.display_name"));

  v1::CreateCommunityRequest community;
  community.set_community_id("andere");
  community.mutable_community()->set_display_name("Andere gemeenschap");
  community.mutable_community()->set_description(phone);
  v1::Community made;
  s = community_stub_->CreateCommunity(As("admin-dev").get(), community, &made);
  EXPECT_THAT(refused_field(s), ::testing::ElementsAre("community.description"));
}

TEST_F(PrivacyApiTest, CheckTextPreviewsAndAllowListsApply) {
  v1::CheckTextRequest req;
  req.set_text(kPersonal);
  v1::CheckTextResponse resp;
  ASSERT_TRUE(privacy_stub_->CheckText(As("anna-zaanstad").get(), req, &resp).ok());
  EXPECT_EQ(resp.redacted_text(), kRedacted);
  ASSERT_GE(resp.findings_size(), 5);
  EXPECT_EQ(CountCases(), 0);

  // A community may declare a finding not personal.
  req.set_text("Het overleg met Bakker en Zonen ging over de aanpak.");
  ASSERT_TRUE(privacy_stub_->CheckText(As("anna-zaanstad").get(), req, &resp).ok());
  if (resp.findings_size() > 0) {
    const auto& f = resp.findings(0);
    const std::string flagged = req.text().substr(f.start(), f.end() - f.start());
    v1::CreateCommunityRequest create;
    create.set_community_id("met-lijst");
    create.mutable_community()->set_display_name("Met toegestane termen");
    create.mutable_community()->add_pii_allow_list(flagged);
    v1::Community made;
    grpc::Status s = community_stub_->CreateCommunity(As("admin-dev").get(), create, &made);
    ASSERT_TRUE(s.ok()) << s.error_message();
    req.set_community("communities/met-lijst");
    ASSERT_TRUE(privacy_stub_->CheckText(As("anna-zaanstad").get(), req, &resp).ok());
    for (const auto& g : resp.findings()) {
      EXPECT_NE(req.text().substr(g.start(), g.end() - g.start()), flagged);
    }
  }
}

// An allow-list term is stored and shown to every member, and it can only
// allow a name: a number in it is refused, naming the term, not its text.
TEST_F(PrivacyApiTest, AnAllowListHoldsNamesNeverNumbers) {
  auto admin = v1::AdminService::NewStub(channel_);
  v1::CreateCommunityRequest create;
  create.set_community_id("met-nummer");
  create.mutable_community()->set_display_name("Met een nummer");
  create.mutable_community()->add_pii_allow_list("Bakker en Zonen");
  create.mutable_community()->add_pii_allow_list("123456782");
  v1::Community made;
  grpc::Status s = community_stub_->CreateCommunity(As("admin-dev").get(), create, &made);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::ElementsAre("community.pii_allow_list[1]"));
  EXPECT_THAT(s.error_message(), ::testing::Not(::testing::HasSubstr("123456782")));

  v1::UpdateCommunitySettingsRequest update;
  update.mutable_community()->set_name("communities/wijkteams");
  update.mutable_community()->add_pii_allow_list("Jan de Vries");
  update.mutable_community()->add_pii_allow_list("jan@example.nl");
  update.mutable_update_mask()->add_paths("pii_allow_list");
  v1::Community updated;
  s = admin->UpdateCommunitySettings(As("admin-dev").get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::ElementsAre("community.pii_allow_list[1]"));

  // A name alone is the community's to allow; the number beside it is still found.
  update.mutable_community()->clear_pii_allow_list();
  update.mutable_community()->add_pii_allow_list("Jan de Vries");
  s = admin->UpdateCommunitySettings(As("admin-dev").get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::CheckTextRequest check;
  check.set_text("BSN 123456782 van Jan de Vries.");
  check.set_community("communities/wijkteams");
  v1::CheckTextResponse found;
  ASSERT_TRUE(privacy_stub_->CheckText(As("anna-zaanstad").get(), check, &found).ok());
  EXPECT_EQ(found.redacted_text(), "BSN [BSN] van Jan de Vries.");

  // Nor may a token's note say whose it is.
  v1::IssueTokenRequest issue;
  issue.set_member_id("anna-zaanstad");
  issue.set_note("voor Jan de Vries, BSN 123456782");
  v1::IssueTokenResponse issued;
  s = admin->IssueToken(As("admin-dev").get(), issue, &issued);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::Contains("note"));
  issue.set_note("laptop");
  EXPECT_TRUE(admin->IssueToken(As("admin-dev").get(), issue, &issued).ok());
}

}  // namespace
}  // namespace kompas::testing
