// CaseService and CommunityService over gRPC against a real store.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class CasesApiTest : public DemoCommunityFixture {
 protected:
};

TEST_F(CasesApiTest, CreateGetUpdateDeleteRoundTrip) {
  v1::Case created = MustCreate("anna-zaanstad", SampleCase("School vraagt naar bekendheid"));
  EXPECT_THAT(created.name(), HasSubstr("communities/wijkteams/cases/"));
  EXPECT_EQ(created.author(), "communities/wijkteams/members/anna-zaanstad");
  EXPECT_EQ(created.status(), v1::CASE_STATUS_DRAFT);
  EXPECT_EQ(created.visibility(), v1::VISIBILITY_COMMUNITY);
  // The origin defaults to the author's municipality.
  EXPECT_EQ(created.origin_municipality(), "municipalities/GM0479");
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);

  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case fetched;
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
  // A draft is its author's own: to others it does not exist yet.
  EXPECT_EQ(case_stub_->GetCase(As("bram-enschede").get(), get, &fetched).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(created.name());
  update.mutable_case_()->set_etag(created.etag());
  update.mutable_case_()->set_title("Nieuwe titel");
  update.mutable_case_()->mutable_framing()->set_purpose("Alleen weten of er hulp loopt.");
  update.mutable_case_()->set_situation("this must not be applied: not in the mask");
  update.mutable_update_mask()->add_paths("title");
  update.mutable_update_mask()->add_paths("framing.purpose");
  v1::Case updated;
  grpc::Status s = case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.title(), "Nieuwe titel");
  EXPECT_EQ(updated.framing().purpose(), "Alleen weten of er hulp loopt.");
  EXPECT_EQ(updated.framing().task(), created.framing().task());  // sibling kept
  EXPECT_EQ(updated.situation(), created.situation());
  EXPECT_NE(updated.etag(), created.etag());

  v1::DeleteCaseRequest del;
  del.set_name(created.name());
  del.set_etag(updated.etag());
  google::protobuf::Empty empty;
  ASSERT_TRUE(case_stub_->DeleteCase(As("anna-zaanstad").get(), del, &empty).ok());
  grpc::Status gone = case_stub_->GetCase(As("anna-zaanstad").get(), get, &fetched);
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(gone.error_message(), HasSubstr(created.name()));
}

TEST_F(CasesApiTest, StaleEtagIsAbortedAndChangesNothing) {
  v1::Case c = MustCreate("anna-zaanstad", SampleCase("Etag"));
  v1::UpdateCaseRequest first;
  first.mutable_case_()->set_name(c.name());
  first.mutable_case_()->set_etag(c.etag());
  first.mutable_case_()->set_title("Eerste wijziging");
  first.mutable_update_mask()->add_paths("title");
  v1::Case after_first;
  ASSERT_TRUE(case_stub_->UpdateCase(As("anna-zaanstad").get(), first, &after_first).ok());

  v1::UpdateCaseRequest stale = first;
  stale.mutable_case_()->set_title("Tweede wijziging op oude versie");
  v1::Case out;
  grpc::Status s = case_stub_->UpdateCase(As("anna-zaanstad").get(), stale, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(s.error_message(), HasSubstr("changed by someone else"));

  v1::GetCaseRequest get;
  get.set_name(c.name());
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &out).ok());
  EXPECT_EQ(out.title(), "Eerste wijziging");

  v1::DeleteCaseRequest del;
  del.set_name(c.name());
  del.set_etag(c.etag());
  google::protobuf::Empty empty;
  EXPECT_EQ(case_stub_->DeleteCase(As("anna-zaanstad").get(), del, &empty).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(CasesApiTest, RetriedCreateWithRequestIdReturnsTheSameCase) {
  v1::Case a, b;
  ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase("Idempotent"), &a, "req-123").ok());
  ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase("Idempotent"), &b, "req-123").ok());
  EXPECT_EQ(a.name(), b.name());
  // Another member's identical request id is their own create.
  v1::Case c;
  ASSERT_TRUE(CreateCase("bram-enschede", SampleCase("Idempotent"), &c, "req-123").ok());
  EXPECT_NE(c.name(), a.name());

  v1::ListCasesRequest list;
  list.set_parent("communities/wijkteams");
  v1::ListCasesResponse resp;
  ASSERT_TRUE(case_stub_->ListCases(As("anna-zaanstad").get(), list, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 1);  // anna's one case; bram's is his own draft
  ASSERT_TRUE(case_stub_->ListCases(As("bram-enschede").get(), list, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 1);
}

TEST_F(CasesApiTest, StatusFollowsTheLifecycleOnly) {
  v1::Case c = MustCreate("anna-zaanstad", SampleCase("Lifecycle"));
  v1::Case out;
  grpc::Status skip = SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_CONCLUDED, &out);
  EXPECT_EQ(skip.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(skip.error_message(), HasSubstr("is DRAFT and cannot move to CONCLUDED"));
  ASSERT_TRUE(SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_OPEN, &out).ok());
  // IN_SESSION belongs to sessions (sessions_api_test.cc), not to updates.
  grpc::Status in_session = SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_IN_SESSION, &out);
  EXPECT_EQ(in_session.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(in_session.error_message(), HasSubstr("CreateSession"));
  ASSERT_TRUE(SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_CONCLUDED, &out).ok());
  ASSERT_TRUE(SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_ARCHIVED, &out).ok());
  grpc::Status back = SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_OPEN, &out);
  EXPECT_EQ(back.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(back.error_message(), HasSubstr("is ARCHIVED and cannot move to OPEN"));
  // Only the author edits.
  grpc::Status other = SetCaseStatus("bram-enschede", c.name(), v1::CASE_STATUS_OPEN, &out);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CasesApiTest, ReflectionsNeedAnOpenCaseAndListOldestFirst) {
  v1::Case c = MustCreate("anna-zaanstad", SampleCase("Reflecties"));
  const std::string question = "Weten de ouders dat de school dit vraagt?";
  v1::Reflection r;
  // The author is told her draft is a draft; to anyone else it does not exist.
  grpc::Status on_draft = Reflect(kAnna, c.name(), v1::REFLECTION_KIND_QUESTION, question, &r);
  EXPECT_EQ(on_draft.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(on_draft.error_message(), HasSubstr("is DRAFT"));
  grpc::Status on_others_draft = Reflect(kBram, c.name(), v1::REFLECTION_KIND_QUESTION, question, &r);
  EXPECT_EQ(on_others_draft.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::Case opened;
  ASSERT_TRUE(SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_OPEN, &opened).ok());
  v1::CreateReflectionRequest req;
  req.set_parent(c.name());
  req.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    req.mutable_reflection()->set_text(absl::StrCat("Reflectie ", i));
    req.set_request_id(absl::StrCat("refl-", i));
    ASSERT_TRUE(case_stub_->CreateReflection(As("bram-enschede").get(), req, &r).ok());
    EXPECT_EQ(r.author(), "communities/wijkteams/members/bram-enschede");
    names.push_back(r.name());
  }
  // A retry of the last one returns it instead of a fourth.
  v1::Reflection again;
  ASSERT_TRUE(case_stub_->CreateReflection(As("bram-enschede").get(), req, &again).ok());
  EXPECT_EQ(again.name(), names.back());

  v1::ListReflectionsRequest list;
  list.set_parent(c.name());
  list.set_page_size(2);
  v1::ListReflectionsResponse page1, page2;
  ASSERT_TRUE(case_stub_->ListReflections(As("anna-zaanstad").get(), list, &page1).ok());
  ASSERT_EQ(page1.reflections_size(), 2);
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(case_stub_->ListReflections(As("anna-zaanstad").get(), list, &page2).ok());
  ASSERT_EQ(page2.reflections_size(), 1);
  EXPECT_TRUE(page2.next_page_token().empty());
  EXPECT_THAT((std::vector<std::string>{page1.reflections(0).name(), page1.reflections(1).name(),
                                        page2.reflections(0).name()}),
              ::testing::ElementsAreArray(names));
}

TEST_F(CasesApiTest, FiltersByStatusThemeLawAndMunicipality) {
  v1::Case a = SampleCase("A");  // Zaanstad, Jeugdwet, gegevensdeling-school
  a.set_status(v1::CASE_STATUS_OPEN);
  v1::Case b = SampleCase("B");
  b.set_status(v1::CASE_STATUS_OPEN);
  b.clear_laws();
  b.add_laws("Wmo 2015");
  b.clear_themes();
  b.add_themes("pettenvraagstuk");
  v1::Case created_a = MustCreate("anna-zaanstad", a);
  v1::Case created_b = MustCreate("bram-enschede", b);  // Enschede
  v1::Case hidden = a;
  hidden.set_title("Verborgen herkomst");
  hidden.set_hide_origin(true);
  v1::Case created_hidden = MustCreate("anna-zaanstad", hidden);
  v1::Case concluded;
  ASSERT_TRUE(
      SetCaseStatus("bram-enschede", created_b.name(), v1::CASE_STATUS_CONCLUDED, &concluded).ok());

  auto titles = [&](v1::ListCasesRequest req, const std::string& member = "bram-enschede") {
    req.set_parent("communities/wijkteams");
    v1::ListCasesResponse resp;
    grpc::Status s = case_stub_->ListCases(As(member).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> out;
    for (const auto& c : resp.cases()) out.push_back(c.title());
    return out;
  };
  v1::ListCasesRequest by_status;
  by_status.set_status(v1::CASE_STATUS_CONCLUDED);
  EXPECT_THAT(titles(by_status), ElementsAre("B"));
  v1::ListCasesRequest by_theme;
  by_theme.set_theme("gegevensdeling-school");
  EXPECT_THAT(titles(by_theme), ElementsAre("Verborgen herkomst", "A"));  // newest first
  v1::ListCasesRequest by_law;
  by_law.set_law("Wmo 2015");
  EXPECT_THAT(titles(by_law), ElementsAre("B"));
  v1::ListCasesRequest by_law_prefix;
  by_law_prefix.set_law("Wmo");
  EXPECT_THAT(titles(by_law_prefix), ElementsAre());
  // A hidden origin is neither shown to others nor found by municipality.
  v1::ListCasesRequest by_municipality;
  by_municipality.set_municipality("municipalities/GM0479");
  EXPECT_THAT(titles(by_municipality), ElementsAre("A"));
  v1::ListCasesRequest combined;
  combined.set_theme("gegevensdeling-school");
  combined.set_status(v1::CASE_STATUS_OPEN);
  combined.set_municipality("municipalities/GM0479");
  EXPECT_THAT(titles(combined), ElementsAre("A"));

  v1::GetCaseRequest get;
  get.set_name(created_hidden.name());
  v1::Case seen_by_other, seen_by_author;
  ASSERT_TRUE(case_stub_->GetCase(As("bram-enschede").get(), get, &seen_by_other).ok());
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &seen_by_author).ok());
  EXPECT_EQ(seen_by_other.origin_municipality(), "");
  EXPECT_EQ(seen_by_author.origin_municipality(), "municipalities/GM0479");
}

TEST_F(CasesApiTest, PaginationHasNoDuplicatesOrGapsWhileCasesAreAdded) {
  constexpr int kCases = 500;
  std::set<std::string> original;
  for (int i = 0; i < kCases; ++i) {
    v1::Case out;
    ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase(absl::StrCat("Casus ", i)), &out).ok());
    original.insert(out.name());
  }
  // A writer keeps adding cases while we page.
  std::atomic<bool> stop{false};
  std::atomic<int> added{0};
  std::thread writer([&] {
    while (!stop.load()) {
      v1::Case out;
      if (CreateCase("bram-enschede", SampleCase("Nieuw tijdens bladeren"), &out).ok()) ++added;
    }
  });
  std::vector<std::string> listed;
  v1::ListCasesRequest req;
  req.set_parent("communities/wijkteams");
  req.set_page_size(37);
  int pages = 0;
  bool first = true;
  std::string previous;
  while (first || !req.page_token().empty()) {
    v1::ListCasesResponse resp;
    grpc::Status s = case_stub_->ListCases(As("anna-zaanstad").get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const auto& c : resp.cases()) {
      if (!previous.empty()) {
        EXPECT_LT(c.name(), previous) << "not newest first";
      }
      previous = c.name();
      if (first && original.count(c.name()) == 0) continue;  // added before our first page
      listed.push_back(c.name());
    }
    first = false;
    req.set_page_token(resp.next_page_token());
    // Besides the background writer, deterministically add cases between
    // every two pages, so the test never depends on thread scheduling.
    for (int i = 0; i < 3; ++i) {
      v1::Case out;
      ASSERT_TRUE(CreateCase("bram-enschede", SampleCase("Tussen twee pagina's"), &out).ok());
    }
    ++pages;
    ASSERT_LT(pages, 100);
  }
  stop = true;
  writer.join();
  std::set<std::string> unique(listed.begin(), listed.end());
  EXPECT_EQ(unique.size(), listed.size()) << "duplicates across pages";
  EXPECT_EQ(unique, original) << "gaps or extras across pages";
}

TEST_F(CasesApiTest, DataSurvivesARestart) {
  v1::Case c = MustCreate("anna-zaanstad", SampleCase("Blijft bewaard"));
  RestartServer();
  v1::GetCaseRequest get;
  get.set_name(c.name());
  v1::Case out;
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &out).ok());
  EXPECT_EQ(out.title(), "Blijft bewaard");
  v1::ListMembersRequest members;
  members.set_parent("communities/wijkteams");
  v1::ListMembersResponse resp;
  ASSERT_TRUE(community_stub_->ListMembers(As("anna-zaanstad").get(), members, &resp).ok());
  EXPECT_EQ(resp.members_size(), 2);
}

TEST_F(CasesApiTest, CommunitiesMembersAndMunicipalities) {
  v1::ListCommunitiesResponse communities;
  ASSERT_TRUE(community_stub_
                  ->ListCommunities(As("anna-zaanstad").get(), v1::ListCommunitiesRequest(),
                                    &communities)
                  .ok());
  ASSERT_EQ(communities.communities_size(), 1);
  EXPECT_EQ(communities.communities(0).name(), "communities/wijkteams");

  v1::CreateCommunityRequest dup;
  dup.set_community_id("wijkteams");
  dup.mutable_community()->set_display_name("Dubbel");
  v1::Community out;
  EXPECT_EQ(community_stub_->CreateCommunity(As("admin-dev").get(), dup, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::CreateCommunityRequest unknown_municipality;
  unknown_municipality.set_community_id("elders");
  unknown_municipality.mutable_community()->set_display_name("Elders");
  unknown_municipality.mutable_community()->add_municipalities("municipalities/GM9999");
  grpc::Status s =
      community_stub_->CreateCommunity(As("admin-dev").get(), unknown_municipality, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("community.municipalities[0]"));

  v1::ListMunicipalitiesRequest m;
  m.set_page_size(2);
  v1::ListMunicipalitiesResponse page;
  ASSERT_TRUE(community_stub_->ListMunicipalities(As("anna-zaanstad").get(), m, &page).ok());
  ASSERT_EQ(page.municipalities_size(), 2);
  EXPECT_EQ(page.municipalities(0).name(), "municipalities/GM0153");  // CBS-code order
  EXPECT_FALSE(page.next_page_token().empty());

  v1::AddMemberRequest outsider;
  outsider.set_parent("communities/wijkteams");
  outsider.set_member_id("iemand-utrecht");
  outsider.mutable_member()->set_display_name("Wijkcoach");
  outsider.mutable_member()->set_municipality("municipalities/GM0344");
  outsider.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  v1::Member member;
  s = community_stub_->AddMember(As("admin-dev").get(), outsider, &member);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("member.municipality"));
}

TEST_F(CasesApiTest, OnlyMembersWriteAndUnknownFieldsAreNotStored) {
  v1::Case out;
  grpc::Status s = CreateCase("iemand-anders", SampleCase("Van buiten"), &out);
  // Not a member: the community does not exist as far as they can tell.
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("communities/wijkteams not found"));

  // A field this server does not know (number 99) must not be stored.
  v1::Case with_unknown = SampleCase("Met onbekend veld");
  with_unknown.GetReflection()->MutableUnknownFields(&with_unknown)->AddLengthDelimited(
      99, "niet opslaan");
  v1::Case created;
  ASSERT_TRUE(CreateCase("anna-zaanstad", with_unknown, &created).ok());
  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case fetched;
  ASSERT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &fetched).ok());
  EXPECT_EQ(fetched.GetReflection()->GetUnknownFields(fetched).field_count(), 0);
  EXPECT_EQ(fetched.SerializeAsString().find("niet opslaan"), std::string::npos);
}

TEST_F(CasesApiTest, ReflectionRequestIdsAreScopedToTheirCase) {
  v1::Case one = MustCreate("anna-zaanstad", SampleCase("Een"));
  v1::Case two = MustCreate("anna-zaanstad", SampleCase("Twee"));
  for (const v1::Case& c : {one, two}) {
    v1::Case opened;
    ASSERT_TRUE(SetCaseStatus("anna-zaanstad", c.name(), v1::CASE_STATUS_OPEN, &opened).ok());
  }
  v1::CreateReflectionRequest req;
  req.set_request_id("same-id");
  req.mutable_reflection()->set_kind(v1::REFLECTION_KIND_ADVICE);
  req.mutable_reflection()->set_text("Vraag eerst toestemming.");
  v1::Reflection on_one, on_two;
  req.set_parent(one.name());
  ASSERT_TRUE(case_stub_->CreateReflection(As("bram-enschede").get(), req, &on_one).ok());
  req.set_parent(two.name());
  grpc::Status s = case_stub_->CreateReflection(As("bram-enschede").get(), req, &on_two);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(on_two.name(), HasSubstr(two.name()));
}

}  // namespace
}  // namespace kompas::testing
