// Cases, reflections and sessions against a real store.
#include "domain/cases.h"

#include <string>

#include "domain/test_world.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

using ::testing::HasSubstr;

class CasesTest : public ::testing::Test {
 protected:
  v1::Case Reload(const v1::Case& c) { return testing::ValueOrFail(w_.GetCase(c.name())); }

  testing::TestWorld w_;
};

TEST_F(CasesTest, CreateWithARequestIdIsIdempotent) {
  const v1::CreateCaseRequest r = testing::CaseRequest("Een casus", "eerste-poging");
  auto first = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->status(), v1::CASE_STATUS_DRAFT);
  EXPECT_EQ(first->etag(), "1");
  EXPECT_EQ(first->origin_municipality(), "municipalities/GM0001");  // the author's
  auto again = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->name(), first->name());
}

TEST_F(CasesTest, ADraftIsItsAuthorsOwn) {
  const v1::CreateCaseRequest r = testing::CaseRequest("Nog een concept");
  auto draft = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(draft.ok());
  EXPECT_TRUE(w_.GetCase(draft->name(), "ann").ok());
  EXPECT_EQ(w_.GetCase(draft->name(), "bob").status().code(), absl::StatusCode::kNotFound);
  v1::ListCasesRequest list;
  list.set_parent(testing::kCommunity);
  auto bobs = w_.cases().List(w_.As("bob"), list);
  ASSERT_TRUE(bobs.ok());
  EXPECT_EQ(bobs->cases_size(), 0);
}

TEST_F(CasesTest, UpdateMovesTheEtagAndRefusesAStaleOne) {
  const v1::Case c = w_.NewCase();
  v1::UpdateCaseRequest r;
  *r.mutable_case_() = c;
  r.mutable_case_()->set_title("Een betere titel");
  r.mutable_update_mask()->add_paths("title");
  auto updated = w_.cases().Update(w_.As("ann"), r);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->etag(), "2");
  auto stale = w_.cases().Update(w_.As("ann"), r);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("changed by someone else"));
  // Only the author edits.
  r.mutable_case_()->set_etag("2");
  EXPECT_EQ(w_.cases().Update(w_.As("bob"), r).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(CasesTest, ListIsNewestFirstAndPaged) {
  const v1::Case a = w_.NewCase("Eerste");
  const v1::Case b = w_.NewCase("Tweede");
  const v1::Case c = w_.NewCase("Derde");
  v1::ListCasesRequest list;
  list.set_parent(testing::kCommunity);
  v1::ListCasesResponse first, second;
  ASSERT_NO_FATAL_FAILURE(testing::ExpectTwoPages(
      list, {2, 1},
      [&](const v1::ListCasesRequest& req) { return w_.cases().List(w_.As("bob"), req); },
      [](const v1::ListCasesResponse& page) { return page.cases_size(); }, &first, &second));
  EXPECT_EQ(first.cases(0).name(), c.name());
  EXPECT_EQ(first.cases(1).name(), b.name());
  EXPECT_EQ(second.cases(0).name(), a.name());
}

TEST_F(CasesTest, ReflectionsAreListedAndDeletedWithTheirCase) {
  const v1::Case c = w_.NewCase();
  for (const char* text : {"Wat maakte het lastig?", "Ik herken dit."}) {
    v1::CreateReflectionRequest r;
    r.set_parent(c.name());
    r.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
    r.mutable_reflection()->set_text(text);
    auto made = w_.cases().CreateReflection(w_.As("bob"), r);
    ASSERT_TRUE(made.ok()) << made.status();
    EXPECT_EQ(made->author(), "communities/noord/members/bob");
  }
  v1::ListReflectionsRequest list;
  list.set_parent(c.name());
  auto listed = w_.cases().ListReflections(w_.As("ann"), list);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->reflections_size(), 2);

  v1::DeleteCaseRequest del;
  del.set_name(c.name());
  del.set_etag("7");
  EXPECT_EQ(w_.cases().Delete(w_.As("ann"), del).code(), absl::StatusCode::kAborted);
  del.set_etag(c.etag());
  ASSERT_TRUE(w_.cases().Delete(w_.As("ann"), del).ok());
  EXPECT_EQ(w_.cases().ListReflections(w_.As("ann"), list).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CasesTest, ASessionMovesItsCaseInAndOutOfSession) {
  const v1::Case c = w_.NewCase();
  const v1::Session s = w_.StartSession(c);
  EXPECT_EQ(s.state(), v1::SESSION_STATE_ACTIVE);
  v1::Case during = Reload(c);
  EXPECT_EQ(during.status(), v1::CASE_STATUS_IN_SESSION);
  EXPECT_EQ(during.active_session(), s.name());

  // An update cannot take the case out of its session, nor delete it.
  v1::UpdateCaseRequest r;
  *r.mutable_case_() = during;
  r.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  r.mutable_update_mask()->add_paths("status");
  EXPECT_EQ(w_.cases().Update(w_.As("ann"), r).status().code(),
            absl::StatusCode::kFailedPrecondition);

  v1::ListSessionsRequest list;
  list.set_parent(testing::kCommunity);
  list.set_case_(c.name());
  auto sessions = w_.sessions().List(w_.As("bob"), list);
  ASSERT_TRUE(sessions.ok()) << sessions.status();
  ASSERT_EQ(sessions->sessions_size(), 1);

  v1::CloseSessionRequest close;
  close.set_name(s.name());
  auto closed = w_.sessions().Close(w_.As("ann"), close);
  ASSERT_TRUE(closed.ok()) << closed.status();
  const v1::Case after = Reload(c);
  EXPECT_EQ(after.status(), v1::CASE_STATUS_OPEN);
  EXPECT_TRUE(after.active_session().empty());

  // Discussed once: archived, not deleted.
  v1::DeleteCaseRequest del;
  del.set_name(c.name());
  EXPECT_EQ(w_.cases().Delete(w_.As("ann"), del).code(),
            absl::StatusCode::kFailedPrecondition);
}

// REDACT (issue 15): one placeholder per person, address and number across
// every field of one write, so the stored case still tells its story; a
// named school is replaced too instead of refusing the write.
TEST_F(CasesTest, RedactNumbersPlaceholdersConsistentlyAcrossTheFieldsOfACase) {
  v1::CreateCaseRequest r;
  r.set_parent(testing::kCommunity);
  r.set_privacy_mode(v1::PRIVACY_MODE_REDACT);
  v1::Case& c = *r.mutable_case_();
  c.set_title("Zorgen over Daan");
  c.set_situation("Anouk Visser belde over haar zoon Daan. Juf Marloes van basisschool De Klimop maakt zich zorgen.");
  c.set_question("Mag ik mevrouw Visser vragen of Daan thuis hulp krijgt? Zij woont op de Lindenlaan 17.");
  c.mutable_framing()->set_task("Daan en zijn moeder ondersteunen; Lindenlaan 17 is het adres.");
  auto made = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(made.ok()) << made.status();
  const v1::Case stored = Reload(*made);
  // Numbered in field order: the title comes first.
  EXPECT_EQ(stored.title(), "Zorgen over [NAAM 1]");
  EXPECT_EQ(stored.situation(), "[NAAM 2] belde over haar zoon [NAAM 1]. [NAAM 3] van [SCHOOL] maakt zich zorgen.");
  EXPECT_EQ(stored.question(), "Mag ik [NAAM 2] vragen of [NAAM 1] thuis hulp krijgt? Zij woont op de [ADRES].");
  EXPECT_EQ(stored.framing().task(), "[NAAM 1] en zijn moeder ondersteunen; [ADRES] is het adres.");
  EXPECT_EQ(stored.anonymization().counts().at("INSTITUTION"), 1);
  EXPECT_EQ(stored.anonymization().acknowledged_warnings(), 0);

  // Acknowledged, the school stays as written; REJECT still refuses it unacknowledged.
  r.mutable_case_()->set_title("Een school");
  r.mutable_case_()->set_situation("Basisschool De Klimop belde over een leerling.");
  r.mutable_case_()->clear_question();
  r.mutable_case_()->clear_framing();
  r.set_acknowledge_warnings(true);
  auto kept = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(Reload(*kept).situation(), "Basisschool De Klimop belde over een leerling.");
  r.set_acknowledge_warnings(false);
  r.set_privacy_mode(v1::PRIVACY_MODE_REJECT);
  EXPECT_EQ(w_.cases().Create(w_.As("ann"), r).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kompas::domain
