// Issue 13 over real gRPC: a draft's words stay out of annotation lists, a
// hidden origin stays hidden in sessions, a full session refuses more but
// keeps working, existence is not leaked by writes, and a removed member's
// tokens stay dead when the id comes back.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "domain/ids.h"
#include "gtest/gtest.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

constexpr char kFacilitator[] = "fenna-zaanstad";

class HardeningApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();
    AddMember(kFacilitator, "municipalities/GM0479", "wijkteams",
              {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR});
  }

  v1::Session StartSession(const v1::Case& c) {
    v1::Session out;
    grpc::Status s = CreateSession(kFacilitator, c.name(), "incident", &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static std::string Metadata(const grpc::Status& s, const std::string& key) {
    google::rpc::Status details;
    if (!details.ParseFromString(s.error_details())) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) {
        auto it = info.metadata().find(key);
        return it == info.metadata().end() ? "" : it->second;
      }
    }
    return "";
  }

};

// Item 4.
TEST_F(HardeningApiTest, ListAnnotationsKeepsADraftsWordsToItsAuthor) {
  v1::Case draft = SampleCase("Concept");
  draft.set_situation("Alleen ik weet van de geheime afspraak met de school.");
  draft = MustCreate(kAnna, draft);
  ASSERT_EQ(draft.status(), v1::CASE_STATUS_DRAFT);
  v1::CreateAnnotationRequest req;
  req.set_parent(kCommunity);
  req.mutable_annotation()->set_target(draft.name());
  req.mutable_annotation()->set_field("situation");
  req.mutable_annotation()->mutable_quote()->set_exact("geheime afspraak");
  v1::Annotation a;
  grpc::Status made = annotation_stub_->CreateAnnotation(As(kAnna).get(), req, &a);
  ASSERT_TRUE(made.ok()) << made.error_message();

  for (const char* author : {"", "communities/wijkteams/members/anna-zaanstad"}) {
    v1::ListAnnotationsRequest list;
    list.set_parent(kCommunity);
    list.set_author(author);
    v1::ListAnnotationsResponse bram, anna;
    ASSERT_TRUE(annotation_stub_->ListAnnotations(As(kBram).get(), list, &bram).ok());
    EXPECT_THAT(bram.annotations(), IsEmpty()) << "author=" << author;
    ASSERT_TRUE(annotation_stub_->ListAnnotations(As(kAnna).get(), list, &anna).ok());
    ASSERT_EQ(anna.annotations_size(), 1) << "author=" << author;
    EXPECT_EQ(anna.annotations(0).quote().exact(), "geheime afspraak");
  }
}

// Item 5.
TEST_F(HardeningApiTest, SessionsDoNotNameTheOwnerOfAHiddenOrigin) {
  v1::Case c = SampleCase("Verborgen herkomst");
  c.set_status(v1::CASE_STATUS_OPEN);
  c.set_hide_origin(true);
  c = MustCreate(kAnna, c);
  const v1::Session s = StartSession(c);
  const std::string anna = "communities/wijkteams/members/anna-zaanstad";
  EXPECT_EQ(s.case_owner(), anna);  // the facilitator's own view

  v1::GetSessionRequest get;
  get.set_name(s.name());
  v1::Session seen;
  ASSERT_TRUE(session_stub_->GetSession(As(kBram).get(), get, &seen).ok());
  EXPECT_EQ(seen.case_owner(), "");
  ASSERT_TRUE(session_stub_->GetSession(As(kAnna).get(), get, &seen).ok());
  EXPECT_EQ(seen.case_owner(), anna);
  ASSERT_TRUE(session_stub_->GetSession(As(kFacilitator).get(), get, &seen).ok());
  EXPECT_EQ(seen.case_owner(), anna);

  v1::ListSessionsRequest list;
  list.set_parent(kCommunity);
  v1::ListSessionsResponse listed;
  ASSERT_TRUE(session_stub_->ListSessions(As(kBram).get(), list, &listed).ok());
  ASSERT_EQ(listed.sessions_size(), 1);
  EXPECT_EQ(listed.sessions(0).case_owner(), "");

  auto ctx = As(kBram);
  v1::WatchSessionRequest watch;
  watch.set_name(s.name());
  auto reader = session_stub_->WatchSession(ctx.get(), watch);
  v1::WatchSessionResponse first;
  ASSERT_TRUE(reader->Read(&first));
  ASSERT_TRUE(first.has_session());
  EXPECT_EQ(first.session().case_owner(), "");

  // Her own words in the session would name her all the same: others get
  // them without an author, live and when they list the case's reflections.
  v1::JoinSessionRequest join;
  join.set_name(s.name());
  v1::Session joined;
  ASSERT_TRUE(session_stub_->JoinSession(As(kAnna).get(), join, &joined).ok());
  v1::Reflection posted;
  ASSERT_TRUE(Reflect(kAnna, c.name(), v1::REFLECTION_KIND_EXPERIENCE,
                      "Ik heb het gezin al twee jaar in begeleiding.", &posted)
                  .ok());
  EXPECT_EQ(posted.author(), anna);  // her own answer
  v1::WatchSessionResponse next;
  bool seen_reflection = false;
  while (!seen_reflection && reader->Read(&next)) {
    if (!next.has_event() || !next.event().has_reflection()) continue;
    seen_reflection = true;
    EXPECT_EQ(next.event().reflection().text(), "Ik heb het gezin al twee jaar in begeleiding.");
    EXPECT_EQ(next.event().reflection().author(), "");
    EXPECT_EQ(next.event().actor(), "");  // who posted it names her as well
  }
  EXPECT_TRUE(seen_reflection);
  ctx->TryCancel();

  v1::ListReflectionsRequest reflections;
  reflections.set_parent(c.name());
  v1::ListReflectionsResponse by_other, by_her;
  ASSERT_TRUE(case_stub_->ListReflections(As(kBram).get(), reflections, &by_other).ok());
  ASSERT_EQ(by_other.reflections_size(), 1);
  EXPECT_EQ(by_other.reflections(0).author(), "");
  ASSERT_TRUE(case_stub_->ListReflections(As(kAnna).get(), reflections, &by_her).ok());
  ASSERT_EQ(by_her.reflections_size(), 1);
  EXPECT_EQ(by_her.reflections(0).author(), anna);
  // Nothing is hidden on a case whose origin is not.
  v1::Case open = SampleCase("Open herkomst");
  open.set_status(v1::CASE_STATUS_OPEN);
  open = MustCreate(kAnna, open);
  ASSERT_TRUE(Reflect(kAnna, open.name(), v1::REFLECTION_KIND_EXPERIENCE, "Een aanvulling.").ok());
  reflections.set_parent(open.name());
  ASSERT_TRUE(case_stub_->ListReflections(As(kBram).get(), reflections, &by_other).ok());
  ASSERT_EQ(by_other.reflections_size(), 1);
  EXPECT_EQ(by_other.reflections(0).author(), anna);
}

// An annotation quotes the words it is about, so it may only be about free
// text: never a case's author or origin, nor the author of a reflection,
// which on a hidden origin would quote her name to every reader.
TEST_F(HardeningApiTest, AnnotationsQuoteOnlyFreeTextNeverWhoOrWhere) {
  v1::Case shown = SampleCase("Zichtbare herkomst");
  shown.set_status(v1::CASE_STATUS_OPEN);
  shown.set_origin_municipality("municipalities/GM0479");
  shown = MustCreate(kAnna, shown);
  v1::Case hidden = SampleCase("Verborgen herkomst");
  hidden.set_status(v1::CASE_STATUS_OPEN);
  hidden.set_hide_origin(true);
  hidden = MustCreate(kAnna, hidden);
  v1::Reflection hers;
  ASSERT_TRUE(Reflect(kAnna, hidden.name(), v1::REFLECTION_KIND_EXPERIENCE,
                      "Ik ken dit gezin al lang.", &hers)
                  .ok());

  auto annotate = [&](const std::string& target, const std::string& field, int end) {
    v1::CreateAnnotationRequest req;
    req.set_parent(kCommunity);
    req.mutable_annotation()->set_target(target);
    req.mutable_annotation()->set_field(field);
    req.mutable_annotation()->set_body("Waarom?");
    req.mutable_annotation()->mutable_position()->set_start(0);
    req.mutable_annotation()->mutable_position()->set_end(end);
    v1::Annotation a;
    return annotation_stub_->CreateAnnotation(As(kBram).get(), req, &a);
  };
  const std::string anna = "communities/wijkteams/members/anna-zaanstad";
  for (const auto& [target, field] :
       std::vector<std::pair<std::string, std::string>>{{hers.name(), "author"},
                                                        {shown.name(), "author"},
                                                        {shown.name(), "origin_municipality"},
                                                        {shown.name(), "name"}}) {
    const grpc::Status refused = annotate(target, field, static_cast<int>(anna.size()));
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << target << " " << field;
    EXPECT_THAT(ViolatedFields(refused), ::testing::ElementsAre("annotation.field")) << field;
    EXPECT_THAT(refused.error_message(), ::testing::Not(HasSubstr("anna"))) << field;
  }
  // Her words themselves may be annotated, as any text.
  const grpc::Status made = annotate(hers.name(), "text", 5);
  EXPECT_TRUE(made.ok()) << made.error_message();
}

// She may hide the origin after the session: the events stored before then
// are read back without her name too, as ListReflections does.
TEST_F(HardeningApiTest, HidingTheOriginLaterHidesHerInTheSessionsStoredEvents) {
  v1::Case c = SampleCase("Later verborgen");
  c.set_status(v1::CASE_STATUS_OPEN);
  c = MustCreate(kAnna, c);
  const v1::Session s = StartSession(c);
  const std::string anna = "communities/wijkteams/members/anna-zaanstad";
  v1::JoinSessionRequest join;
  join.set_name(s.name());
  v1::Session joined;
  ASSERT_TRUE(session_stub_->JoinSession(As(kAnna).get(), join, &joined).ok());
  ASSERT_TRUE(
      Reflect(kAnna, c.name(), v1::REFLECTION_KIND_EXPERIENCE, "Ik ken het gezin al lang.").ok());

  // Read the whole feed from its start as Bram; returns her reflection's
  // event once it arrives.
  auto her_event = [&]() -> std::optional<v1::SessionEvent> {
    auto ctx = As(kBram);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::WatchSessionRequest watch;
    watch.set_name(s.name());
    auto reader = session_stub_->WatchSession(ctx.get(), watch);
    v1::WatchSessionResponse next;
    while (reader->Read(&next)) {
      if (next.has_event() && next.event().has_reflection()) {
        ctx->TryCancel();
        return next.event();
      }
    }
    return std::nullopt;
  };
  std::optional<v1::SessionEvent> before = her_event();
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->reflection().author(), anna);  // her origin was not hidden then
  EXPECT_EQ(before->actor(), anna);

  v1::GetCaseRequest get;
  get.set_name(c.name());
  v1::Case now;  // the session and her reflection changed its etag
  ASSERT_TRUE(case_stub_->GetCase(As(kAnna).get(), get, &now).ok());
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(c.name());
  update.mutable_case_()->set_etag(now.etag());
  update.mutable_case_()->set_hide_origin(true);
  update.mutable_update_mask()->add_paths("hide_origin");
  v1::Case hidden;
  grpc::Status changed = case_stub_->UpdateCase(As(kAnna).get(), update, &hidden);
  ASSERT_TRUE(changed.ok()) << changed.error_message();

  std::optional<v1::SessionEvent> after = her_event();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->reflection().text(), "Ik ken het gezin al lang.");
  EXPECT_EQ(after->reflection().author(), "");
  EXPECT_EQ(after->actor(), "");
}

// Item 7: filled to the cap, the next write is refused before it commits,
// and reading, watching and closing the session still work.
TEST_F(HardeningApiTest, AFullSessionRefusesTheNextWriteAndStillWorks) {
  v1::Case c = SampleCase("Vol");
  c.set_status(v1::CASE_STATUS_OPEN);
  const v1::Session s = StartSession(MustCreate(kAnna, c));
  std::string text;
  while (text.size() + 12 < 20000) text += "vraag over ";
  grpc::Status refused;
  int parked = 0;
  for (; parked < 100; ++parked) {
    v1::ParkQuestionRequest park;
    park.set_parent(s.name());
    park.mutable_question()->set_text(text);
    v1::ParkedQuestion q;
    refused = session_stub_->ParkQuestion(As(kFacilitator).get(), park, &q);
    if (!refused.ok()) break;
  }
  ASSERT_FALSE(refused.ok()) << "never refused";
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << refused.error_message();
  EXPECT_EQ(ErrorReason(refused), "SESSION_FULL");
  EXPECT_EQ(Metadata(refused, "max_session_bytes"), "1048576");
  EXPECT_THAT(refused.error_message(), HasSubstr("nothing was written"));

  v1::GetSessionRequest get;
  get.set_name(s.name());
  v1::Session full;
  grpc::Status got = session_stub_->GetSession(As(kBram).get(), get, &full);
  ASSERT_TRUE(got.ok()) << got.error_message();
  EXPECT_EQ(full.parked_questions_size(), parked);
  EXPECT_EQ(full.last_sequence(), 1 + parked);

  {
    auto ctx = As(kBram);
    v1::WatchSessionRequest watch;
    watch.set_name(s.name());
    auto reader = session_stub_->WatchSession(ctx.get(), watch);
    v1::WatchSessionResponse msg;
    int events = 0;
    bool snapshot = false;
    while (reader->Read(&msg)) {
      if (msg.has_session()) {
        snapshot = true;
        continue;
      }
      if (++events == 1 + parked) break;
    }
    EXPECT_TRUE(snapshot);
    EXPECT_EQ(events, 1 + parked);
    ctx->TryCancel();
  }

  v1::CloseSessionRequest close;
  close.set_name(s.name());
  v1::Session closed;
  grpc::Status closing = session_stub_->CloseSession(As(kFacilitator).get(), close, &closed);
  ASSERT_TRUE(closing.ok()) << closing.error_message();
  EXPECT_EQ(closed.state(), v1::SESSION_STATE_CLOSED);
  ASSERT_TRUE(session_stub_->GetSession(As(kBram).get(), get, &full).ok());
  EXPECT_EQ(full.state(), v1::SESSION_STATE_CLOSED);
}

// Low: someone else's draft answers like a case that does not exist.
TEST_F(HardeningApiTest, WritesToOthersDraftsAreNotFound) {
  const v1::Case draft = MustCreate(kAnna, SampleCase("Concept"));
  const std::string missing = "communities/wijkteams/cases/" + domain::NewServerId();
  for (const std::string& name : {draft.name(), missing}) {
    v1::CreateReflectionRequest reflect;
    reflect.set_parent(name);
    reflect.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
    reflect.mutable_reflection()->set_text("Weten de ouders ervan?");
    v1::Reflection r;
    EXPECT_EQ(case_stub_->CreateReflection(As(kBram).get(), reflect, &r).error_code(),
              grpc::StatusCode::NOT_FOUND);
    v1::UpdateCaseRequest update;
    update.mutable_case_()->set_name(name);
    update.mutable_case_()->set_title("Anders");
    update.mutable_update_mask()->add_paths("title");
    v1::Case out;
    EXPECT_EQ(case_stub_->UpdateCase(As(kBram).get(), update, &out).error_code(),
              grpc::StatusCode::NOT_FOUND);
    v1::DeleteCaseRequest del;
    del.set_name(name);
    google::protobuf::Empty empty;
    EXPECT_EQ(case_stub_->DeleteCase(As(kBram).get(), del, &empty).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
}

// Low: an unknown privacy_mode is refused.
TEST_F(HardeningApiTest, AnUnknownPrivacyModeIsRefused) {
  v1::CreateCaseRequest req;
  req.set_parent(kCommunity);
  *req.mutable_case_() = SampleCase("Onbekende modus");
  req.set_privacy_mode(static_cast<v1::PrivacyMode>(42));
  v1::Case out;
  grpc::Status s = case_stub_->CreateCase(As(kAnna).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::Contains("privacy_mode"));
}

// Low: AddMember refuses repeated roles and a list longer than the roles.
TEST_F(HardeningApiTest, AddMemberRefusesRepeatedRoles) {
  v1::AddMemberRequest req;
  req.set_parent(kCommunity);
  req.set_member_id("dirk-enschede");
  req.mutable_member()->set_display_name("Wijkcoach");
  req.mutable_member()->set_municipality("municipalities/GM0153");
  for (int i = 0; i < 10000; ++i) req.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  v1::Member out;
  grpc::Status many = community_stub_->AddMember(As("admin-dev").get(), req, &out);
  EXPECT_EQ(many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(many), ::testing::ElementsAre("member.roles"));
  req.mutable_member()->clear_roles();
  req.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  req.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  grpc::Status twice = community_stub_->AddMember(As("admin-dev").get(), req, &out);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(twice), ::testing::ElementsAre("member.roles[1]"));
}

// Low: a request_id repeated with another request is refused.
TEST_F(HardeningApiTest, ARequestIdReusedForAnotherRequestIsAlreadyExists) {
  v1::Case first, again, other;
  ASSERT_TRUE(CreateCase(kAnna, SampleCase("Eerste"), &first, "mijn-id-1").ok());
  ASSERT_TRUE(CreateCase(kAnna, SampleCase("Eerste"), &again, "mijn-id-1").ok());
  EXPECT_EQ(again.name(), first.name());
  grpc::Status s = CreateCase(kAnna, SampleCase("Tweede"), &other, "mijn-id-1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr("mijn-id-1"));
}

// Low: an annotation links only to an existing standard of its community.
TEST_F(HardeningApiTest, ALinkedStandardMustExistInTheCommunity) {
  v1::Case c = SampleCase("Koppeling");
  c.set_status(v1::CASE_STATUS_OPEN);
  c = MustCreate(kAnna, c);
  v1::CreateAnnotationRequest req;
  req.set_parent(kCommunity);
  req.mutable_annotation()->set_target(c.name());
  req.mutable_annotation()->set_field("situation");
  req.mutable_annotation()->mutable_quote()->set_exact("basisschool");
  req.mutable_annotation()->set_motivation(v1::MOTIVATION_LINKING);
  for (const std::string& linked :
       {"communities/wijkteams/standards/" + domain::NewServerId(),
        "communities/elders/standards/" + domain::NewServerId()}) {
    req.mutable_annotation()->set_linked_standard(linked);
    v1::Annotation a;
    grpc::Status s = annotation_stub_->CreateAnnotation(As(kAnna).get(), req, &a);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << linked;
    EXPECT_THAT(ViolatedFields(s), ::testing::Contains("annotation.linked_standard")) << linked;
  }
}

// Low: RemoveMember revokes the member's tokens; re-adding the id does not
// bring them back.
TEST_F(HardeningApiTest, ARemovedMembersTokensStayRevoked) {
  AddMember("carla-zaanstad", "municipalities/GM0479");
  v1::ListCasesRequest list;
  list.set_parent(kCommunity);
  v1::ListCasesResponse cases;
  ASSERT_TRUE(case_stub_->ListCases(As("carla-zaanstad").get(), list, &cases).ok());
  v1::RemoveMemberRequest remove;
  remove.set_name("communities/wijkteams/members/carla-zaanstad");
  v1::RemoveMemberResponse removed;
  grpc::Status s = community_stub_->RemoveMember(As("admin-dev").get(), remove, &removed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  AddMember("carla-zaanstad", "municipalities/GM0479");
  grpc::Status old = case_stub_->ListCases(As("carla-zaanstad").get(), list, &cases);
  EXPECT_EQ(old.error_code(), grpc::StatusCode::UNAUTHENTICATED) << old.error_message();
}

}  // namespace
}  // namespace kompas::testing
