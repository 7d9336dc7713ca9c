// Standards and the kompas over real gRPC: the whole lifecycle from draft to
// published version with every refusal, positions and the register,
// traceability both ways, and exports that never change.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

constexpr char kParent[] = "communities/kompas";
constexpr char kSteward[] = "stew-zaanstad";          // GM0479
constexpr char kZaanstad[] = "prof-zaanstad";         // GM0479
constexpr char kEnschede[] = "prof-enschede";         // GM0153
constexpr char kUtrecht[] = "prof-utrecht";           // GM0344
constexpr char kOfficerUtrecht[] = "priv-utrecht";    // GM0344

class StandardsApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();  // registers the municipalities
    v1::CreateCommunityRequest create;
    create.set_community_id("kompas");
    create.mutable_community()->set_display_name("Kompasgemeenschap");
    for (const char* m : {"municipalities/GM0479", "municipalities/GM0153", "municipalities/GM0344"}) {
      create.mutable_community()->add_municipalities(m);
    }
    create.mutable_community()->set_adoption_quorum(3);
    v1::Community made;
    ASSERT_TRUE(community_stub_->CreateCommunity(As("admin-dev").get(), create, &made).ok());
    Add(kSteward, "GM0479", {v1::ROLE_STEWARD, v1::ROLE_PROFESSIONAL});
    Add(kZaanstad, "GM0479", {v1::ROLE_PROFESSIONAL});
    Add(kEnschede, "GM0153", {v1::ROLE_PROFESSIONAL});
    Add(kUtrecht, "GM0344", {v1::ROLE_PROFESSIONAL});
    Add(kOfficerUtrecht, "GM0344", {v1::ROLE_PRIVACY_OFFICER});

    v1::CreateCaseRequest c;
    c.set_parent(kParent);
    *c.mutable_case_() = SampleCase("E-mails in het dossier");
    c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    ASSERT_TRUE(case_stub_->CreateCase(As(kZaanstad).get(), c, &case_).ok());
  }

  void Add(const std::string& id, const std::string& cbs, const std::vector<v1::Role>& roles) {
    AddMember(id, absl::StrCat("municipalities/", cbs), "kompas", roles);
  }

  static v1::StandardContent Content(const std::string& title, const std::string& statement) {
    v1::StandardContent c;
    c.set_title(title);
    c.set_kind(v1::STANDARD_KIND_MUST_DO);
    c.set_modality(v1::MODALITY_MUST);
    c.set_statement(statement);
    c.set_rationale("Een volledig e-mailbericht bevat vaak meer dan nodig is voor het doel.");
    c.add_laws("AVG");
    c.add_themes("dossiervorming");
    c.add_audiences(v1::AUDIENCE_D);
    return c;
  }

  v1::Standard MustCreate(const std::string& title, const std::string& statement) {
    v1::CreateStandardRequest req;
    req.set_parent(kParent);
    *req.mutable_standard()->mutable_content() = Content(title, statement);
    v1::Standard s;
    grpc::Status st = standard_stub_->CreateStandard(As(kSteward).get(), req, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }

  template <typename Request>
  grpc::Status Call(grpc::Status (v1::StandardService::Stub::*method)(grpc::ClientContext*,
                                                                      const Request&,
                                                                      v1::Standard*),
                    const std::string& member, const std::string& name, v1::Standard* out) {
    Request req;
    req.set_name(name);
    return (standard_stub_.get()->*method)(As(member).get(), req, out);
  }

  // Proposes `s` and has members from `municipalities` of the three endorse
  // it, then adopts it.
  v1::Standard MustAdopt(const v1::Standard& s) {
    v1::Standard out;
    EXPECT_TRUE(Call(&v1::StandardService::Stub::ProposeStandard, kSteward, s.name(), &out).ok());
    for (const char* m : {kZaanstad, kEnschede, kUtrecht}) {
      EXPECT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, m, s.name(), &out).ok());
    }
    grpc::Status st = Call(&v1::StandardService::Stub::AdoptStandard, kSteward, s.name(), &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  }

  grpc::Status Publish(const std::string& notes, v1::Kompas* out) {
    v1::PublishKompasRequest req;
    req.set_parent(kParent);
    req.set_release_notes(notes);
    return kompas_stub_->PublishKompas(As(kSteward).get(), req, out);
  }

  // The bytes of an ExportKompas stream, message after message.
  std::string ExportBytes(const std::string& version, const std::string& member = kSteward) {
    v1::ExportKompasRequest req;
    req.set_name(version);
    auto ctx = As(member);
    auto reader = kompas_stub_->ExportKompas(ctx.get(), req);
    std::string bytes;
    v1::ExportKompasResponse msg;
    while (reader->Read(&msg)) {
      std::string one;
      EXPECT_TRUE(msg.SerializeToString(&one));
      absl::StrAppend(&bytes, one.size(), ":", one);
    }
    grpc::Status st = reader->Finish();
    EXPECT_TRUE(st.ok()) << st.error_message();
    return bytes;
  }

  v1::Case case_;
};

TEST_F(StandardsApiTest, DraftEndorseAdoptWithEveryRefusal) {
  // Only stewards draft, and a draft must be complete.
  v1::CreateStandardRequest create;
  create.set_parent(kParent);
  *create.mutable_standard()->mutable_content() =
      Content("Kern, geen e-mails", "Deel geen volledige e-mails in een dossier; leg alleen de kern vast");
  create.mutable_standard()->add_source_cases(case_.name());
  v1::Standard s;
  EXPECT_EQ(standard_stub_->CreateStandard(As(kZaanstad).get(), create, &s).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CreateStandardRequest incomplete = create;
  incomplete.mutable_standard()->mutable_content()->clear_kind();
  incomplete.mutable_standard()->mutable_content()->clear_statement();
  incomplete.mutable_standard()->add_source_cases("communities/kompas/cases/0000000000000");
  grpc::Status bad = standard_stub_->CreateStandard(As(kSteward).get(), incomplete, &s);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad),
              ElementsAre("standard.content.kind", "standard.content.statement",
                          "standard.source_cases[1]"));
  ASSERT_TRUE(standard_stub_->CreateStandard(As(kSteward).get(), create, &s).ok());
  EXPECT_EQ(s.status(), v1::STANDARD_STATUS_DRAFT);
  EXPECT_EQ(s.revision(), 1);
  EXPECT_EQ(s.quorum(), 3);

  // Traceability both ways.
  v1::GetCaseRequest get_case;
  get_case.set_name(case_.name());
  v1::Case traced;
  ASSERT_TRUE(case_stub_->GetCase(As(kEnschede).get(), get_case, &traced).ok());
  EXPECT_THAT(traced.derived_standards(), ElementsAre(s.name()));

  // Each edit is a revision; any two can be compared.
  v1::UpdateStandardRequest edit;
  edit.mutable_standard()->set_name(s.name());
  edit.mutable_standard()->set_etag(s.etag());
  edit.mutable_standard()->mutable_content()->set_statement(
      "Deel geen hele e-mails in een dossier; leg alleen de kern vast");
  edit.mutable_update_mask()->add_paths("content.statement");
  edit.set_change_note("Eenvoudiger woord");
  v1::Standard edited;
  ASSERT_TRUE(standard_stub_->UpdateStandard(As(kSteward).get(), edit, &edited).ok());
  EXPECT_EQ(edited.revision(), 2);
  EXPECT_EQ(standard_stub_->UpdateStandard(As(kSteward).get(), edit, &edited).error_code(),
            grpc::StatusCode::ABORTED);  // the etag is stale now
  v1::DiffRevisionsRequest diff;
  diff.set_name(s.name());
  diff.set_from_revision(1);
  v1::DiffRevisionsResponse changes;
  ASSERT_TRUE(standard_stub_->DiffRevisions(As(kUtrecht).get(), diff, &changes).ok());
  ASSERT_EQ(changes.fields_size(), 1);
  EXPECT_EQ(changes.fields(0).field(), "statement");
  EXPECT_THAT(changes.fields(0).readable(), HasSubstr("[-volledige-]{+hele+}"));
  v1::GetStandardRequest old_revision;
  old_revision.set_name(s.name());
  old_revision.set_revision(1);
  v1::Standard first;
  ASSERT_TRUE(standard_stub_->GetStandard(As(kUtrecht).get(), old_revision, &first).ok());
  EXPECT_THAT(first.content().statement(), HasSubstr("volledige"));

  // Endorsing needs a proposal; adopting needs the quorum.
  v1::Standard out;
  EXPECT_EQ(Call(&v1::StandardService::Stub::EndorseStandard, kZaanstad, s.name(), &out)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Call(&v1::StandardService::Stub::ProposeStandard, kSteward, s.name(), &out).ok());
  ASSERT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, kZaanstad, s.name(), &out).ok());
  ASSERT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, kSteward, s.name(), &out).ok());
  EXPECT_EQ(out.endorsing_municipalities(), 1);  // two members, one municipality
  EXPECT_EQ(Call(&v1::StandardService::Stub::EndorseStandard, kZaanstad, s.name(), &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  grpc::Status below = Call(&v1::StandardService::Stub::AdoptStandard, kSteward, s.name(), &out);
  EXPECT_EQ(below.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(below.error_message(), HasSubstr("2 more municipalities needed"));
  ASSERT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, kEnschede, s.name(), &out).ok());
  ASSERT_TRUE(
      Call(&v1::StandardService::Stub::WithdrawEndorsement, kEnschede, s.name(), &out).ok());
  EXPECT_EQ(out.endorsing_municipalities(), 1);
  ASSERT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, kEnschede, s.name(), &out).ok());
  below = Call(&v1::StandardService::Stub::AdoptStandard, kSteward, s.name(), &out);
  EXPECT_THAT(below.error_message(), HasSubstr("1 more municipality needed"));
  ASSERT_TRUE(Call(&v1::StandardService::Stub::EndorseStandard, kUtrecht, s.name(), &out).ok());
  EXPECT_EQ(Call(&v1::StandardService::Stub::AdoptStandard, kZaanstad, s.name(), &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // stewards adopt
  ASSERT_TRUE(Call(&v1::StandardService::Stub::AdoptStandard, kSteward, s.name(), &out).ok());
  EXPECT_EQ(out.status(), v1::STANDARD_STATUS_ADOPTED);

  // An adopted standard's revisions are fixed: it changes by erratum only.
  edit.mutable_standard()->set_etag(out.etag());
  grpc::Status fixed = standard_stub_->UpdateStandard(As(kSteward).get(), edit, &edited);
  EXPECT_EQ(fixed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(fixed.error_message(), HasSubstr("erratum"));

  // Rejecting a draft needs a reason; rejecting an adopted standard is not a thing.
  v1::Standard other = MustCreate("Twijfel", "Vraag altijd eerst toestemming");
  v1::RejectStandardRequest reject;
  reject.set_name(other.name());
  EXPECT_EQ(standard_stub_->RejectStandard(As(kSteward).get(), reject, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  reject.set_reason("Te algemeen; toestemming is niet altijd de grondslag.");
  ASSERT_TRUE(standard_stub_->RejectStandard(As(kSteward).get(), reject, &out).ok());
  EXPECT_EQ(out.status(), v1::STANDARD_STATUS_REJECTED);
  reject.set_name(s.name());
  EXPECT_EQ(standard_stub_->RejectStandard(As(kSteward).get(), reject, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Filters.
  v1::ListStandardsRequest list;
  list.set_parent(kParent);
  list.set_status(v1::STANDARD_STATUS_ADOPTED);
  list.set_source_case(case_.name());
  v1::ListStandardsResponse listed;
  ASSERT_TRUE(standard_stub_->ListStandards(As(kUtrecht).get(), list, &listed).ok());
  ASSERT_EQ(listed.standards_size(), 1);
  EXPECT_EQ(listed.standards(0).name(), s.name());
}

TEST_F(StandardsApiTest, PositionsFormTheComplyOrExplainRegister) {
  v1::Standard s = MustAdopt(MustCreate("Kern", "Leg alleen de kern vast"));
  v1::Standard draft = MustCreate("Concept", "Nog niet aangenomen");
  auto position = [&](const std::string& standard, const std::string& cbs, v1::Stance stance,
                      const std::string& explanation) {
    v1::SetPositionRequest req;
    req.mutable_position()->set_name(absl::StrCat(standard, "/positions/", cbs));
    req.mutable_position()->set_stance(stance);
    req.mutable_position()->set_explanation(explanation);
    req.mutable_position()->mutable_review_on()->set_year(2027);
    req.mutable_position()->mutable_review_on()->set_month(6);
    req.mutable_position()->mutable_review_on()->set_day(1);
    return req;
  };
  v1::Position p;
  grpc::Status unexplained = standard_stub_->SetPosition(
      As(kOfficerUtrecht).get(), position(s.name(), "GM0344", v1::STANCE_DEVIATES, ""), &p);
  EXPECT_EQ(unexplained.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(unexplained), ElementsAre("position.explanation"));
  // A missing explanation is a missing field, as every client words it.
  ASSERT_EQ(FieldViolationsOf(unexplained).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(unexplained)[0].reason(), "REQUIRED");
  EXPECT_EQ(standard_stub_->SetPosition(As(kOfficerUtrecht).get(),
                                        position(s.name(), "GM0479", v1::STANCE_FOLLOWS, ""), &p)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // not Utrecht's to say
  EXPECT_EQ(standard_stub_->SetPosition(As(kOfficerUtrecht).get(),
                                        position(draft.name(), "GM0344", v1::STANCE_FOLLOWS, ""),
                                        &p)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // only adopted standards
  ASSERT_TRUE(standard_stub_
                  ->SetPosition(As(kOfficerUtrecht).get(),
                                position(s.name(), "GM0344", v1::STANCE_DEVIATES,
                                         "Ons zaaksysteem kan nog geen samenvattingen opslaan; "
                                         "in 2027 vervangen."),
                                &p)
                  .ok());
  EXPECT_EQ(p.set_by(), absl::StrCat(kParent, "/members/", kOfficerUtrecht));
  ASSERT_TRUE(standard_stub_
                  ->SetPosition(As(kSteward).get(),
                                position(s.name(), "GM0479", v1::STANCE_FOLLOWS, ""), &p)
                  .ok());

  v1::ListPositionsRequest by_municipality;
  by_municipality.set_parent(kParent);
  by_municipality.set_municipality("municipalities/GM0344");
  v1::ListPositionsResponse positions;
  ASSERT_TRUE(standard_stub_->ListPositions(As(kEnschede).get(), by_municipality, &positions).ok());
  ASSERT_EQ(positions.positions_size(), 1);
  EXPECT_EQ(positions.positions(0).stance(), v1::STANCE_DEVIATES);

  v1::GetRegisterSummaryRequest reg;
  reg.set_parent(kParent);
  reg.mutable_today()->set_year(2027);
  reg.mutable_today()->set_month(7);
  reg.mutable_today()->set_day(1);
  v1::RegisterSummary summary;
  ASSERT_TRUE(standard_stub_->GetRegisterSummary(As(kEnschede).get(), reg, &summary).ok());
  EXPECT_EQ(summary.adopted_standards(), 1);
  ASSERT_EQ(summary.municipalities_size(), 3);
  // By CBS code: GM0153 Enschede, GM0344 Utrecht, GM0479 Zaanstad.
  EXPECT_THAT(summary.municipalities(0).without_position(), ElementsAre(s.name()));
  EXPECT_EQ(summary.municipalities(1).deviates(), 1);
  EXPECT_EQ(summary.municipalities(1).reviews_overdue_size(), 1);  // due 2027-06-01
  EXPECT_EQ(summary.municipalities(2).follows(), 1);
}

TEST_F(StandardsApiTest, PublishedVersionsAreImmutableDiffableAndExportTheSameBytes) {
  v1::Kompas v1k;
  grpc::Status empty = Publish("Niets", &v1k);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(empty.error_message(), HasSubstr("nothing is adopted"));

  v1::Standard kern = MustAdopt(MustCreate("Kern", "Leg alleen de kern vast"));
  v1::Standard weten = MustAdopt(MustCreate("Weten", "Vertel de inwoner wat er met zijn gegevens gebeurt"));
  v1::Kompas published;
  EXPECT_EQ(Publish("", &published).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::PublishKompasRequest by_professional;
  by_professional.set_parent(kParent);
  by_professional.set_release_notes("x");
  EXPECT_EQ(kompas_stub_->PublishKompas(As(kZaanstad).get(), by_professional, &published)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Publish("Eerste kompas: twee standaarden.", &v1k).ok());
  EXPECT_EQ(v1k.version(), 1);
  EXPECT_EQ(v1k.name(), "communities/kompas/kompasVersions/1");
  ASSERT_EQ(v1k.standards_size(), 2);
  const std::string export_v1 = ExportBytes(v1k.name());

  // An erratum corrects the adopted standard: a new revision.
  v1::ReportErratumRequest report;
  report.set_parent(kern.name());
  report.mutable_erratum()->set_description("'kern' is onduidelijk: bedoeld is doel en afspraken.");
  v1::Erratum erratum;
  ASSERT_TRUE(standard_stub_->ReportErratum(As(kEnschede).get(), report, &erratum).ok());
  v1::ResolveErratumRequest resolve;
  resolve.set_name(erratum.name());
  resolve.set_resolution(v1::ERRATUM_STATE_ACCEPTED);
  EXPECT_EQ(standard_stub_->ResolveErratum(As(kSteward).get(), resolve, &erratum).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // accepting needs the corrected text
  *resolve.mutable_corrected_content() = Content("Kern", "Leg alleen de kern vast");
  EXPECT_EQ(standard_stub_->ResolveErratum(As(kSteward).get(), resolve, &erratum).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // the same text is no correction
  *resolve.mutable_corrected_content() =
      Content("Kern", "Leg alleen het doel en de afspraken vast");
  ASSERT_TRUE(standard_stub_->ResolveErratum(As(kSteward).get(), resolve, &erratum).ok());
  EXPECT_EQ(erratum.state(), v1::ERRATUM_STATE_ACCEPTED);
  EXPECT_EQ(erratum.corrected_revision(), 2);
  EXPECT_EQ(standard_stub_->ResolveErratum(As(kSteward).get(), resolve, &erratum).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // resolved once

  // A successor replaces the other standard.
  v1::Standard opvolger = MustAdopt(MustCreate("Weten en kiezen", "Vertel wat er gebeurt en wat de inwoner kan kiezen"));
  v1::SupersedeStandardRequest supersede;
  supersede.set_name(weten.name());
  supersede.set_successor(opvolger.name());
  v1::Standard superseded;
  ASSERT_TRUE(standard_stub_->SupersedeStandard(As(kSteward).get(), supersede, &superseded).ok());
  EXPECT_EQ(superseded.status(), v1::STANDARD_STATUS_SUPERSEDED);
  EXPECT_EQ(superseded.superseded_by(), opvolger.name());

  v1::Kompas v2k;
  ASSERT_TRUE(Publish("Erratum verwerkt; 'Weten' vervangen.", &v2k).ok());
  EXPECT_EQ(v2k.version(), 2);
  v1::Kompas unchanged;
  grpc::Status again_same = Publish("Niets nieuws.", &unchanged);
  EXPECT_EQ(again_same.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again_same.error_message(), HasSubstr("nothing changed since v2"));

  v1::DiffKompasRequest diff;
  diff.set_name(v1k.name());
  diff.set_other("communities/kompas/kompasVersions/latest");
  v1::DiffKompasResponse changes;
  ASSERT_TRUE(kompas_stub_->DiffKompas(As(kUtrecht).get(), diff, &changes).ok());
  EXPECT_EQ(changes.from_version(), 1);
  EXPECT_EQ(changes.to_version(), 2);
  ASSERT_EQ(changes.added_size(), 1);
  EXPECT_EQ(changes.added(0).name(), opvolger.name());
  ASSERT_EQ(changes.removed_size(), 1);
  EXPECT_EQ(changes.removed(0).name(), weten.name());
  ASSERT_EQ(changes.changed_size(), 1);
  EXPECT_EQ(changes.changed(0).from_revision(), 1);
  EXPECT_EQ(changes.changed(0).to_revision(), 2);
  EXPECT_THAT(changes.changed(0).fields(0).readable(), HasSubstr("Leg alleen {+het doel en +}de [-kern-]{+afspraken+} vast"));

  // v1 is as it was: same standards, same revisions, same export bytes, for
  // every reader (the exporter too).
  v1::GetKompasRequest get;
  get.set_name(v1k.name());
  v1::Kompas again;
  ASSERT_TRUE(kompas_stub_->GetKompas(As(kUtrecht).get(), get, &again).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(again, v1k));
  EXPECT_EQ(ExportBytes(v1k.name()), export_v1);
  EXPECT_EQ(ExportBytes(v1k.name(), kUtrecht), export_v1);
  EXPECT_NE(ExportBytes(v2k.name()), export_v1);

  v1::ListKompasVersionsRequest versions;
  versions.set_parent(kParent);
  v1::ListKompasVersionsResponse listed;
  ASSERT_TRUE(kompas_stub_->ListKompasVersions(As(kUtrecht).get(), versions, &listed).ok());
  ASSERT_EQ(listed.versions_size(), 2);
  EXPECT_EQ(listed.versions(0).version(), 2);
  EXPECT_EQ(listed.versions(0).standards_size(), 0);

  get.set_name("communities/kompas/kompasVersions/9");
  EXPECT_EQ(kompas_stub_->GetKompas(As(kUtrecht).get(), get, &again).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_name("communities/kompas/kompasVersions/negen");
  grpc::Status malformed = kompas_stub_->GetKompas(As(kUtrecht).get(), get, &again);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(malformed), ElementsAre("name"));
}

TEST_F(StandardsApiTest, AConclusionBecomesADraftStandardAndKeepsTheLink) {
  Add("fac-enschede", "GM0153", {v1::ROLE_FACILITATOR});
  v1::CreateSessionRequest create;
  create.set_parent(kParent);
  create.mutable_session()->set_case_(case_.name());
  create.mutable_session()->set_method("incident");
  v1::Session s;
  ASSERT_TRUE(session_stub_->CreateSession(As("fac-enschede").get(), create, &s).ok());
  for (int i = 0; i < 4; ++i) {
    v1::AdvancePhaseRequest next;
    next.set_name(s.name());
    ASSERT_TRUE(session_stub_->AdvancePhase(As("fac-enschede").get(), next, &s).ok());
  }
  ASSERT_EQ(s.phase().id(), "CONCLUSION");
  v1::AddConclusionRequest conclude;
  conclude.set_parent(s.name());
  conclude.mutable_conclusion()->set_text("Leg in het dossier alleen de kern van een e-mail vast.");
  v1::Conclusion conclusion;
  ASSERT_TRUE(session_stub_->AddConclusion(As("fac-enschede").get(), conclude, &conclusion).ok());

  v1::CreateStandardRequest req;
  req.set_parent(kParent);
  *req.mutable_standard()->mutable_content() = Content("Kern", "Leg alleen de kern vast");
  const std::string link = absl::StrCat(s.name(), "/conclusions/", conclusion.id());
  req.mutable_standard()->add_source_conclusions(link);
  req.mutable_standard()->add_source_sessions(s.name());
  v1::Standard standard;
  ASSERT_TRUE(standard_stub_->CreateStandard(As(kSteward).get(), req, &standard).ok());
  v1::GetSessionRequest get;
  get.set_name(s.name());
  ASSERT_TRUE(session_stub_->GetSession(As(kUtrecht).get(), get, &s).ok());
  EXPECT_EQ(s.conclusions(0).standard(), standard.name());
  // A conclusion grows into one standard.
  v1::Standard second;
  grpc::Status taken = standard_stub_->CreateStandard(As(kSteward).get(), req, &second);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // One conclusion per standard (each link takes its session's lock).
  req.mutable_standard()->add_source_conclusions(link);
  grpc::Status two = standard_stub_->CreateStandard(As(kSteward).get(), req, &second);
  EXPECT_EQ(two.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(two), ElementsAre("standard.source_conclusions"));
  req.mutable_standard()->mutable_source_conclusions()->RemoveLast();
  req.mutable_standard()->set_source_conclusions(0, absl::StrCat(s.name(), "/conclusions/7"));
  EXPECT_EQ(standard_stub_->CreateStandard(As(kSteward).get(), req, &second).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace kompas::testing
