// What the adversarial review of issue 13 found, as domain rules: drafts do
// not leak through annotation lists, a hidden origin stays hidden in
// sessions, and a session record never grows past what can be sent.
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/names.h"
#include "domain/test_world.h"
#include "domain/validation.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "testing/status_matchers.h"

namespace kompas::domain {
namespace {

using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;

// Sessions::kMaxSessionBytes, spelled out so this test also builds (and
// fails) on the code from before the cap.
constexpr size_t kMaxSessionBytes = 1u << 20;

class HardeningTest : public ::testing::Test {
 protected:
  v1::Case CreateCase(const std::string& author, v1::CaseStatus status, bool hide_origin) {
    v1::CreateCaseRequest r = testing::CaseRequest("Een casus");
    r.mutable_case_()->set_situation("Een situatie met geheime woorden erin.");
    r.mutable_case_()->set_status(status);
    r.mutable_case_()->set_hide_origin(hide_origin);
    return testing::ValueOrFail(w_.cases().Create(w_.As(author), r));
  }
  absl::StatusOr<v1::ParkedQuestion> Park(const v1::Session& s, const std::string& text) {
    v1::ParkQuestionRequest r;
    r.set_parent(s.name());
    r.mutable_question()->set_text(text);
    return w_.sessions().ParkQuestion(w_.As("ann"), r);
  }
  v1::ListAnnotationsResponse ListAnnotations(const std::string& as, const std::string& author) {
    v1::ListAnnotationsRequest r;
    r.set_parent(testing::kCommunity);
    r.set_author(author);
    return testing::ValueOrFail(w_.annotations().List(w_.As(as), r));
  }

  testing::TestWorld w_;
};

// Item 4: an annotation quotes its target, so it is listed only to those
// who may read the target.
TEST_F(HardeningTest, AnnotationsOnADraftAreListedToItsAuthorOnly) {
  const v1::Case draft = CreateCase("ann", v1::CASE_STATUS_DRAFT, false);
  const v1::Case open = CreateCase("ann", v1::CASE_STATUS_OPEN, false);
  for (const v1::Case* c : {&draft, &open}) {
    v1::CreateAnnotationRequest r;
    r.set_parent(testing::kCommunity);
    r.mutable_annotation()->set_target(c->name());
    r.mutable_annotation()->set_field("situation");
    r.mutable_annotation()->mutable_quote()->set_exact("geheime woorden");
    ASSERT_TRUE(w_.annotations().Create(w_.As("ann"), r).ok());
  }
  const std::string ann = MemberName("noord", "ann");
  for (const std::string& author : {std::string(), ann}) {
    const v1::ListAnnotationsResponse bobs = ListAnnotations("bob", author);
    ASSERT_EQ(bobs.annotations_size(), 1) << "author=" << author;
    EXPECT_EQ(bobs.annotations(0).target(), open.name());
    EXPECT_EQ(ListAnnotations("ann", author).annotations_size(), 2);
  }
}

// Item 5: the owner of a case with a hidden origin is known to the
// facilitator and herself only.
TEST_F(HardeningTest, SessionsHideTheOwnerOfAHiddenOrigin) {
  const v1::Case hidden = CreateCase("bob", v1::CASE_STATUS_OPEN, true);
  const v1::Case shown = CreateCase("bob", v1::CASE_STATUS_OPEN, false);
  const v1::Session s = w_.StartSession(hidden);
  const v1::Session t = w_.StartSession(shown);
  const std::string bob = MemberName("noord", "bob");
  v1::GetSessionRequest get;
  get.set_name(s.name());
  EXPECT_EQ(w_.sessions().Get(w_.As("ann"), get)->case_owner(), bob);  // facilitator
  EXPECT_EQ(w_.sessions().Get(w_.As("bob"), get)->case_owner(), bob);  // the owner
  EXPECT_EQ(w_.sessions().Get(w_.As("pia"), get)->case_owner(), "");
  get.set_name(t.name());
  EXPECT_EQ(w_.sessions().Get(w_.As("pia"), get)->case_owner(), bob);  // not hidden

  v1::ListSessionsRequest list;
  list.set_parent(testing::kCommunity);
  auto listed = w_.sessions().List(w_.As("pia"), list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->sessions_size(), 2);
  for (const v1::Session& x : listed->sessions()) {
    EXPECT_EQ(x.case_owner(), x.name() == s.name() ? "" : bob);
  }
  v1::JoinSessionRequest join;
  join.set_name(s.name());
  auto joined = w_.sessions().Join(w_.As("pia"), join);
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_EQ(joined->case_owner(), "");
  v1::WatchSessionRequest watch;
  watch.set_name(s.name());
  auto watching = w_.sessions().StartWatch(w_.As("pia"), watch, [] {});
  ASSERT_TRUE(watching.ok()) << watching.status();
  EXPECT_EQ(watching->session.case_owner(), "");
}

// Item 7: a session is refused growth past kMaxSessionBytes before anything
// is written, and stays readable, watchable and closable.
TEST_F(HardeningTest, AFullSessionRefusesMoreAndStillWorks) {
  const v1::Session s = w_.StartSession(CreateCase("ann", v1::CASE_STATUS_OPEN, false));
  std::string text;
  while (text.size() + 12 < kMaxTextBytes) text += "vraag over ";
  absl::Status refused;
  int parked = 0;
  for (; parked < Sessions::kMaxParkedQuestions; ++parked) {
    auto q = Park(s, text);
    if (!q.ok()) {
      refused = q.status();
      break;
    }
  }
  ASSERT_LT(parked, Sessions::kMaxParkedQuestions) << "the byte cap binds before the count";
  EXPECT_THAT(refused,
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("nothing was written")));
  google::rpc::ErrorInfo info;
  auto payload = refused.GetPayload(kErrorInfoUrl);
  ASSERT_TRUE(payload.has_value());
  ASSERT_TRUE(info.ParseFromString(std::string(*payload)));
  EXPECT_EQ(info.reason(), "SESSION_FULL");
  EXPECT_EQ(info.metadata().at("max_session_bytes"), absl::StrCat(kMaxSessionBytes));

  v1::GetSessionRequest get;
  get.set_name(s.name());
  auto full = w_.sessions().Get(w_.As("ann"), get);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->parked_questions_size(), parked);  // the refused one left no trace
  EXPECT_EQ(full->last_sequence(), 1 + parked);
  EXPECT_LE(full->ByteSizeLong(), kMaxSessionBytes);
  v1::ListParkedQuestionsRequest list;
  list.set_parent(testing::kCommunity);
  list.set_page_size(200);
  auto stored = w_.sessions().ListParkedQuestions(w_.As("pia"), list);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->parked_questions_size(), parked);

  v1::WatchSessionRequest watch;
  watch.set_name(s.name());
  EXPECT_TRUE(w_.sessions().StartWatch(w_.As("ann"), watch, [] {}).ok());
  v1::JoinSessionRequest join;
  join.set_name(s.name());
  EXPECT_TRUE(w_.sessions().Join(w_.As("bob"), join).ok());
  v1::AdvancePhaseRequest advance;
  advance.set_name(s.name());
  EXPECT_TRUE(w_.sessions().AdvancePhase(w_.As("ann"), advance).ok());
  v1::CloseSessionRequest close;
  close.set_name(s.name());
  auto closed = w_.sessions().Close(w_.As("ann"), close);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->state(), v1::SESSION_STATE_CLOSED);
}

// Item 7: a ListSessions page stays within the paging helper's 2 MiB budget
// even when each session is near the most a session may hold.
TEST_F(HardeningTest, ListSessionsKeepsItsPageWithinTheByteBudget) {
  store::WriteBatch batch;
  for (int i = 0; i < 3; ++i) {
    v1::Session big;
    const std::string id = NewServerId();
    big.set_name(FormatChild("noord", kSessions, id));
    big.set_case_("communities/noord/cases/x");
    big.set_state(v1::SESSION_STATE_CLOSED);
    for (int q = 0; q < 45; ++q) big.add_parked_questions()->set_text(std::string(20000, 'v'));
    batch.Put(store::Table::kSessions, store::keys::Session("noord", id), big.SerializeAsString());
  }
  ASSERT_TRUE(w_.store().Write(batch).ok());
  v1::ListSessionsRequest list;
  list.set_parent(testing::kCommunity);
  int seen = 0;
  do {
    auto page = w_.sessions().List(w_.As("pia"), list);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->ByteSizeLong(), size_t{2} << 20);
    EXPECT_GE(page->sessions_size(), 1);
    seen += page->sessions_size();
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(seen, 3);
}

// Low: a draft is NOT_FOUND to everyone but its author, for every write,
// exactly as a case that does not exist.
TEST_F(HardeningTest, OthersDraftsAreNotFoundForWritesToo) {
  const v1::Case draft = CreateCase("ann", v1::CASE_STATUS_DRAFT, false);
  const std::string missing = CaseName{"noord", NewServerId()}.Format();
  for (const std::string& name : {draft.name(), missing}) {
    v1::CreateReflectionRequest reflect;
    reflect.set_parent(name);
    reflect.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
    reflect.mutable_reflection()->set_text("Een vraag.");
    EXPECT_THAT(w_.cases().CreateReflection(w_.As("bob"), reflect).status(),
                StatusIs(absl::StatusCode::kNotFound, HasSubstr(name)));
    v1::UpdateCaseRequest update;
    update.mutable_case_()->set_name(name);
    update.mutable_case_()->set_title("Anders");
    update.mutable_update_mask()->add_paths("title");
    EXPECT_THAT(w_.cases().Update(w_.As("bob"), update).status(),
                StatusIs(absl::StatusCode::kNotFound, HasSubstr(name)));
    v1::DeleteCaseRequest del;
    del.set_name(name);
    EXPECT_THAT(w_.cases().Delete(w_.As("bob"), del), StatusIs(absl::StatusCode::kNotFound));
  }
  // The author is still told what is wrong.
  v1::CreateReflectionRequest own;
  own.set_parent(draft.name());
  own.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
  own.mutable_reflection()->set_text("Een vraag.");
  EXPECT_THAT(w_.cases().CreateReflection(w_.As("ann"), own).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is DRAFT")));
}

// Low: a kompas version of another community is NOT_FOUND whether or not it
// exists.
TEST_F(HardeningTest, DiffKompasAcrossCommunitiesIsNotFoundAlike) {
  store::WriteBatch batch;
  for (const std::string community : {"noord", "zuid"}) {
    v1::Kompas k;
    k.set_name(KompasVersionName(community, 1));
    k.set_version(1);
    batch.Put(store::Table::kKompasVersions,
              store::keys::Join({community, store::keys::Sequence(1)}), k.SerializeAsString());
  }
  ASSERT_TRUE(w_.store().Write(batch).ok());
  v1::DiffKompasRequest diff;
  diff.set_name(KompasVersionName("noord", 1));
  for (int version : {1, 9}) {
    diff.set_other(KompasVersionName("zuid", version));
    EXPECT_THAT(w_.kompas_versions().Diff(w_.As("ann"), diff).status(),
                StatusIs(absl::StatusCode::kNotFound, HasSubstr(diff.other())))
        << version;
  }
}

// Low: an unknown privacy_mode is refused, not treated as REDACT.
TEST_F(HardeningTest, AnUnknownPrivacyModeIsRefused) {
  v1::CreateCaseRequest r = testing::CaseRequest("Een casus");
  r.set_privacy_mode(static_cast<v1::PrivacyMode>(7));
  EXPECT_THAT(w_.cases().Create(w_.As("ann"), r).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("privacy_mode")));
}

// Low: each role once, and no more roles than there are.
TEST_F(HardeningTest, AddMemberRefusesRepeatedRoles) {
  v1::AddMemberRequest r;
  r.set_parent(testing::kCommunity);
  r.set_member_id("dirk");
  r.mutable_member()->set_display_name("dirk");
  r.mutable_member()->set_municipality("municipalities/GM0001");
  r.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  r.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  EXPECT_THAT(w_.communities().AddMember(r).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  for (int i = 0; i < 10000; ++i) r.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  EXPECT_THAT(w_.communities().AddMember(r).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most")));
  r.mutable_member()->clear_roles();
  r.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  r.mutable_member()->add_roles(v1::ROLE_FACILITATOR);
  EXPECT_TRUE(w_.communities().AddMember(r).ok());
}

// Low: a repeated request_id replays the same request only.
TEST_F(HardeningTest, ARequestIdReusedForAnotherRequestIsRefused) {
  v1::CreateCaseRequest r = testing::CaseRequest("Een casus", "poging-1");
  auto first = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->name(), first->name());
  r.mutable_case_()->set_title("Een andere casus");
  EXPECT_THAT(w_.cases().Create(w_.As("ann"), r).status(),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("poging-1")));

  const v1::Session s = w_.StartSession(w_.NewCase());
  v1::ParkQuestionRequest park;
  park.set_parent(s.name());
  park.set_request_id("vraag-1");
  park.mutable_question()->set_text("Mag dat?");
  auto q = w_.sessions().ParkQuestion(w_.As("ann"), park);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(w_.sessions().ParkQuestion(w_.As("ann"), park)->name(), q->name());
  park.mutable_question()->set_text("Mag dit wel?");
  EXPECT_THAT(w_.sessions().ParkQuestion(w_.As("ann"), park).status(),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("vraag-1")));
}

// Low: linked_standard names an existing standard of the same community.
TEST_F(HardeningTest, ALinkedStandardMustExistInTheCommunity) {
  const v1::Case c = w_.NewCase();
  v1::CreateAnnotationRequest r;
  r.set_parent(testing::kCommunity);
  r.mutable_annotation()->set_target(c.name());
  r.mutable_annotation()->set_field("situation");
  r.mutable_annotation()->mutable_quote()->set_exact("situatie");
  r.mutable_annotation()->set_motivation(v1::MOTIVATION_LINKING);
  for (const std::string& linked :
       {FormatChild("noord", kStandards, NewServerId()),
        FormatChild("zuid", kStandards, NewServerId())}) {
    r.mutable_annotation()->set_linked_standard(linked);
    EXPECT_THAT(w_.annotations().Create(w_.As("ann"), r).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("existing standard")))
        << linked;
  }
}

}  // namespace
}  // namespace kompas::domain
