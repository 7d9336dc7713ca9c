// Search over real gRPC and a real RocksDB index: Dutch matching, community
// boundaries, the index following every write, reindexing and the index
// check, similar cases and applicable standards.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/search_documents.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"
#include "search/tokenizer.h"
#include "store/keys.h"
#include "store/merge.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class SearchApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();  // wijkteams: anna-zaanstad, bram-enschede
    school_ = MustCreateOpen("anna-zaanstad", "De school vraagt naar een leerling",
                             "De basisschool wil weten of het kind bekend is bij ons wijkteam.");
    petten_ = MustCreateOpen("bram-enschede", "Twee petten",
                             "Ik ben wijkcoach en ook penningmeester van de sportvereniging.");
  }

  v1::Case MustCreateOpen(const std::string& member, const std::string& title,
                          const std::string& situation, const std::string& community = "wijkteams") {
    v1::CreateCaseRequest req;
    req.set_parent(absl::StrCat("communities/", community));
    req.mutable_case_()->set_title(title);
    req.mutable_case_()->set_situation(situation);
    req.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    req.mutable_case_()->add_laws("Jeugdwet");
    v1::Case out;
    grpc::Status s = case_stub_->CreateCase(As(member).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // Searches for `query` as `member`, in wijkteams unless `req` names another
  // parent, with the other fields of `req`.
  grpc::Status Search(const std::string& query, v1::SearchResponse* resp,
                      const std::string& member = "bram-enschede", v1::SearchRequest req = {}) {
    if (req.parent().empty()) req.set_parent("communities/wijkteams");
    req.set_query(query);
    return search_stub_->Search(As(member).get(), req, resp);
  }

  // The names Search finds; a failed search fails the test.
  std::vector<std::string> Names(const std::string& query, const std::string& member = "bram-enschede",
                                 v1::SearchRequest req = {}) {
    v1::SearchResponse resp;
    grpc::Status s = Search(query, &resp, member, std::move(req));
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> names;
    for (const auto& r : resp.results()) names.push_back(r.name());
    return names;
  }

  v1::Case school_, petten_;
};

TEST_F(SearchApiTest, FindsDutchInflectionsWithHighlightedSnippets) {
  // "scholen", "wijkteams" and "bekende" find the case about "school",
  // "wijkteam" and "bekend"; accents and case do not matter.
  EXPECT_THAT(Names("scholen wijkteams bekende"), ElementsAre(school_.name()));
  EXPECT_THAT(Names("PENNINGMEESTER"), ElementsAre(petten_.name()));
  EXPECT_THAT(Names("pénningmeester"), ElementsAre(petten_.name()));
  v1::SearchResponse resp;
  ASSERT_TRUE(Search("school wil weten of kind bekend is bij wijkteam", &resp).ok());
  ASSERT_EQ(resp.results_size(), 1);
  const v1::SearchResult& r = resp.results(0);
  EXPECT_EQ(r.kind(), v1::SEARCH_KIND_CASE);
  EXPECT_EQ(r.title(), school_.title());
  std::vector<std::string> marked;
  for (const auto& h : r.highlights()) {
    marked.push_back(r.snippet().substr(h.start(), h.end() - h.start()));
  }
  EXPECT_THAT(marked, ::testing::IsSupersetOf({"weten", "kind", "bekend", "wijkteam"}));
  // The snippet is the text below the title, not the title again ("school"
  // matched in the title, shown above it).
  EXPECT_THAT(r.snippet(), ::testing::Not(HasSubstr(school_.title())));
  EXPECT_THAT(r.snippet(), ::testing::StartsWith(school_.situation().substr(0, 20)));
  // Only common words: said plainly.
  grpc::Status stop = Search("de het een", &resp);
  EXPECT_EQ(stop.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(stop), ElementsAre("query"));
}

TEST_F(SearchApiTest, NeverReturnsMaterialFromACommunityTheCallerCannotSee) {
  ASSERT_NO_FATAL_FAILURE(CreateCommunity("elders", "municipalities/GM0344"));
  ASSERT_NO_FATAL_FAILURE(AddMember("els-utrecht", "municipalities/GM0344", "elders"));
  v1::Case elders = MustCreateOpen("els-utrecht", "School in Utrecht",
                                   "Ook hier vraagt een school naar een leerling.", "elders");
  // Each community finds its own; a non-member is told the other does not exist.
  EXPECT_THAT(Names("school"), ElementsAre(school_.name()));
  v1::SearchRequest there;
  there.set_parent("communities/elders");
  v1::SearchResponse resp;
  EXPECT_EQ(Search("school", &resp, "bram-enschede", there).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(Names("school", "els-utrecht", there), ElementsAre(elders.name()));
  // A draft is nobody's find, not even with the right words.
  v1::CreateCaseRequest draft;
  draft.set_parent("communities/wijkteams");
  draft.mutable_case_()->set_title("Geheime schoolvraag");
  draft.mutable_case_()->set_situation("Een school belt over een leerling.");
  v1::Case d;
  ASSERT_TRUE(case_stub_->CreateCase(As("anna-zaanstad").get(), draft, &d).ok());
  EXPECT_THAT(Names("school belt"), ElementsAre(school_.name()));
}

TEST_F(SearchApiTest, AReflectionsSnippetKeepsItsOwnOpening) {
  // A reflection's result carries its case's title, but its text is only
  // its own: words it starts with are not the title shown above it.
  v1::Reflection r;
  ASSERT_TRUE(Reflect(kAnna, school_.name(), v1::REFLECTION_KIND_EXPERIENCE,
                      school_.title() + "\n\nNog een gedachte over het leerplichtbeleid.", &r)
                  .ok());
  v1::SearchResponse resp;
  ASSERT_TRUE(Search("leerplichtbeleid", &resp).ok());
  ASSERT_EQ(resp.results_size(), 1);
  EXPECT_EQ(resp.results(0).kind(), v1::SEARCH_KIND_REFLECTION);
  EXPECT_EQ(resp.results(0).title(), school_.title());
  EXPECT_THAT(resp.results(0).snippet(), ::testing::StartsWith(school_.title()));
}

TEST_F(SearchApiTest, UpdatesAndDeletesAreReflectedInTheNextSearch) {
  v1::Reflection r;
  ASSERT_TRUE(Reflect(kAnna, petten_.name(), v1::REFLECTION_KIND_EXPERIENCE,
                      "Bij ons meldt de coach een belangenverstrengeling.", &r)
                  .ok());
  EXPECT_THAT(Names("belangenverstrengeling"), ElementsAre(r.name()));
  v1::SearchRequest only_cases;
  only_cases.add_kinds(v1::SEARCH_KIND_CASE);
  EXPECT_THAT(Names("belangenverstrengeling", "bram-enschede", only_cases), IsEmpty());

  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(petten_.name());
  update.mutable_case_()->set_situation("Ik ben wijkcoach en ook voorzitter van de voetbalclub.");
  update.mutable_update_mask()->add_paths("situation");
  v1::Case updated;
  ASSERT_TRUE(case_stub_->UpdateCase(As("bram-enschede").get(), update, &updated).ok());
  EXPECT_THAT(Names("penningmeester"), IsEmpty());
  EXPECT_THAT(Names("voetbalclub"), ElementsAre(petten_.name()));

  // Filters follow the case: concluding it moves it out of an OPEN filter.
  v1::SearchRequest open;
  open.set_status(v1::CASE_STATUS_OPEN);
  EXPECT_THAT(Names("voetbalclub", "bram-enschede", open), ElementsAre(petten_.name()));
  v1::UpdateCaseRequest conclude;
  conclude.mutable_case_()->set_name(petten_.name());
  conclude.mutable_case_()->set_status(v1::CASE_STATUS_CONCLUDED);
  conclude.mutable_update_mask()->add_paths("status");
  ASSERT_TRUE(case_stub_->UpdateCase(As("bram-enschede").get(), conclude, &updated).ok());
  EXPECT_THAT(Names("voetbalclub", "bram-enschede", open), IsEmpty());
  // Its reflection follows: a reflection is filtered by its case.
  EXPECT_THAT(Names("belangenverstrengeling", "bram-enschede", open), IsEmpty());
  v1::SearchRequest concluded;
  concluded.set_status(v1::CASE_STATUS_CONCLUDED);
  EXPECT_THAT(Names("belangenverstrengeling", "bram-enschede", concluded), ElementsAre(r.name()));

  v1::DeleteCaseRequest del;
  del.set_name(petten_.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(case_stub_->DeleteCase(As("bram-enschede").get(), del, &empty).ok());
  EXPECT_THAT(Names("voetbalclub"), IsEmpty());
  EXPECT_THAT(Names("belangenverstrengeling"), IsEmpty());  // its reflections went too
  auto problems = core_->search_index().Check();
  ASSERT_TRUE(problems.ok());
  EXPECT_THAT(*problems, IsEmpty());
}

// A reflection carries its case's title and facets: it is filtered by the
// case's law and theme, follows a change of them, and is not found while
// its case is a draft.
TEST_F(SearchApiTest, ReflectionsAreFoundByTheirCasesFilters) {
  v1::CreateCaseRequest create;
  create.set_parent("communities/wijkteams");
  create.mutable_case_()->set_title("Concept over huisbezoek");
  create.mutable_case_()->set_situation("Nog niet af.");
  create.mutable_case_()->add_themes("huisbezoek");
  v1::Case draft;
  ASSERT_TRUE(case_stub_->CreateCase(As("bram-enschede").get(), create, &draft).ok());
  const std::string note = "Een aantekening over een sleuteloverdracht.";
  v1::Reflection r;
  grpc::Status added = Reflect(kBram, draft.name(), v1::REFLECTION_KIND_EXPERIENCE, note, &r);
  if (added.ok()) {  // a draft's own notes are its author's alone
    EXPECT_THAT(Names("sleuteloverdracht", "anna-zaanstad"), IsEmpty());
  }
  v1::Case opened;
  ASSERT_TRUE(SetCaseStatus(kBram, draft.name(), v1::CASE_STATUS_OPEN, &opened).ok());
  if (!added.ok()) {
    ASSERT_TRUE(Reflect(kBram, draft.name(), v1::REFLECTION_KIND_EXPERIENCE, note, &r).ok());
  }
  v1::SearchRequest by_theme;
  by_theme.set_theme("huisbezoek");
  EXPECT_THAT(Names("sleuteloverdracht", "anna-zaanstad", by_theme), ElementsAre(r.name()));

  v1::UpdateCaseRequest retheme;
  retheme.mutable_case_()->set_name(draft.name());
  retheme.mutable_case_()->add_themes("sleutelbeheer");
  retheme.mutable_case_()->set_title("Over sleutelbeheer");
  retheme.mutable_update_mask()->add_paths("themes");
  retheme.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(case_stub_->UpdateCase(As("bram-enschede").get(), retheme, &opened).ok());
  EXPECT_THAT(Names("sleuteloverdracht", "anna-zaanstad", by_theme), IsEmpty());
  v1::SearchRequest by_new_theme;
  by_new_theme.set_theme("sleutelbeheer");
  v1::SearchResponse resp;
  ASSERT_TRUE(Search("sleuteloverdracht", &resp, "anna-zaanstad", by_new_theme).ok());
  ASSERT_EQ(resp.results_size(), 1);
  EXPECT_EQ(resp.results(0).name(), r.name());
  EXPECT_EQ(resp.results(0).title(), "Over sleutelbeheer");  // the case's new title
  auto problems = core_->search_index().Check();
  ASSERT_TRUE(problems.ok());
  EXPECT_THAT(*problems, IsEmpty());
}

// The date filter: the months of the range narrow the search, the exact
// bounds decide; a range that ends before it starts is refused by field.
TEST_F(SearchApiTest, FiltersByCreationTime) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  v1::SearchRequest recent;
  recent.mutable_start_time()->set_seconds(now - 3600);
  EXPECT_THAT(Names("basisschool", "bram-enschede", recent), ElementsAre(school_.name()));
  v1::SearchRequest last_year = recent;
  last_year.mutable_start_time()->set_seconds(now - 400 * 86400);
  last_year.mutable_end_time()->set_seconds(now - 370 * 86400);
  EXPECT_THAT(Names("basisschool", "bram-enschede", last_year), IsEmpty());
  v1::SearchRequest later;
  later.mutable_start_time()->set_seconds(now + 3600);
  EXPECT_THAT(Names("basisschool", "bram-enschede", later), IsEmpty());
  v1::SearchRequest until_now;
  until_now.mutable_end_time()->set_seconds(now + 60);
  EXPECT_THAT(Names("basisschool", "bram-enschede", until_now), ElementsAre(school_.name()));

  v1::SearchRequest backwards;
  backwards.mutable_start_time()->set_seconds(now);
  backwards.mutable_end_time()->set_seconds(now - 60);
  v1::SearchResponse resp;
  grpc::Status s = Search("basisschool", &resp, "bram-enschede", backwards);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("end_time"));
}

TEST_F(SearchApiTest, ReindexEqualsIncrementalAndTheCheckFindsABrokenPosting) {
  for (int i = 0; i < 12; ++i) {
    MustCreateOpen(i % 2 ? "anna-zaanstad" : "bram-enschede", absl::StrCat("Casus ", i),
                   absl::StrCat("De school en het wijkteam overleggen ", i,
                                i % 3 ? " over de ouders." : " over toestemming en de leerplicht."));
  }
  auto results = [&](const std::string& q) {
    v1::SearchRequest req;
    req.set_page_size(50);
    v1::SearchResponse resp;
    EXPECT_TRUE(Search(q, &resp, "bram-enschede", req).ok());
    std::vector<std::string> out;
    for (const auto& r : resp.results()) out.push_back(absl::StrCat(r.name(), " ", r.score()));
    return out;
  };
  const auto before_school = results("school ouders");
  const auto before_toestemming = results("toestemming leerplicht");
  ASSERT_EQ(before_school.size(), 13u);
  auto rebuilt = domain::Reindex(*store_, core_->search_index());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*rebuilt, 14);
  EXPECT_EQ(results("school ouders"), before_school);
  EXPECT_EQ(results("toestemming leerplicht"), before_toestemming);
  auto clean = core_->search_index().Check();
  ASSERT_TRUE(clean.ok());
  EXPECT_THAT(*clean, IsEmpty());

  // Break one posting behind the index's back.
  const std::string case_id = school_.name().substr(school_.name().rfind('/') + 1);
  auto doc = core_->search_index().Find("wijkteams", domain::CaseDocKey(case_id));
  ASSERT_TRUE(doc.ok() && doc->has_value());
  const uint32_t number = (*doc)->number();
  const uint32_t block = number >> search::SearchIndex::kBlockBits;
  std::string block_key = store::keys::Prefix({"wijkteams", "1", search::Tokenizer::Stem("school")});
  for (int shift : {24, 16, 8, 0}) block_key.push_back(static_cast<char>(block >> shift));
  store::WriteBatch broken;
  broken.Merge(store::Table::kSearchPostings, block_key, store::EraseEntry(number));
  ASSERT_TRUE(store_->Write(broken).ok());
  auto problems = core_->search_index().Check();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_THAT((*problems)[0], HasSubstr(school_.name()));
}

TEST_F(SearchApiTest, SimilarCasesAndApplicableStandards) {
  v1::Case another = MustCreateOpen("bram-enschede", "Weer een school",
                                    "Een andere basisschool vraagt of een leerling bekend is.");
  v1::SimilarCasesRequest similar;
  similar.set_name(school_.name());
  v1::SimilarCasesResponse like;
  ASSERT_TRUE(search_stub_->SimilarCases(As("bram-enschede").get(), similar, &like).ok());
  ASSERT_GE(like.results_size(), 1);
  EXPECT_EQ(like.results(0).name(), another.name());
  for (const auto& r : like.results()) EXPECT_NE(r.name(), school_.name());

  AddMember("stew-zaanstad", "municipalities/GM0479");
  ASSERT_NO_FATAL_FAILURE(
      AddMember("stew-enschede", "municipalities/GM0153", "wijkteams", {v1::ROLE_STEWARD}));
  auto adopt = [&](const std::string& title, const std::string& statement, const std::string& law) {
    v1::CreateStandardRequest create;
    create.set_parent("communities/wijkteams");
    v1::StandardContent* c = create.mutable_standard()->mutable_content();
    c->set_title(title);
    c->set_kind(v1::STANDARD_KIND_RULE_OF_THUMB);
    c->set_modality(v1::MODALITY_SHOULD);
    c->set_statement(statement);
    c->add_laws(law);
    v1::Standard s;
    EXPECT_TRUE(standard_stub_->CreateStandard(As("stew-enschede").get(), create, &s).ok());
    v1::ProposeStandardRequest propose;
    propose.set_name(s.name());
    EXPECT_TRUE(standard_stub_->ProposeStandard(As("stew-enschede").get(), propose, &s).ok());
    for (const char* who : {"anna-zaanstad", "bram-enschede"}) {
      v1::EndorseStandardRequest e;
      e.set_name(s.name());
      EXPECT_TRUE(standard_stub_->EndorseStandard(As(who).get(), e, &s).ok());
    }
    v1::AdoptStandardRequest a;
    a.set_name(s.name());
    grpc::Status st = standard_stub_->AdoptStandard(As("stew-enschede").get(), a, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  };
  v1::Standard about_school = adopt("Eerst de ouders", "Als een school vraagt of een leerling bekend is, bespreek het eerst met de ouders.", "AVG");
  v1::Standard same_law = adopt("Jeugdwet-dossier", "Leg alleen vast wat nodig is.", "Jeugdwet");
  v1::Standard unrelated = adopt("Petten", "Meld een dubbele rol aan je leidinggevende.", "Wmo 2015");
  v1::ApplicableStandardsRequest applicable;
  applicable.set_name(school_.name());
  v1::ApplicableStandardsResponse apply;
  ASSERT_TRUE(search_stub_->ApplicableStandards(As("anna-zaanstad").get(), applicable, &apply).ok());
  std::vector<std::string> names;
  for (const auto& r : apply.results()) names.push_back(r.name());
  // The standard about the same situation first, then the one sharing the
  // case's law; the unrelated one not at all.
  EXPECT_THAT(names, ElementsAre(about_school.name(), same_law.name()));
  (void)unrelated;
}

}  // namespace
}  // namespace kompas::testing
