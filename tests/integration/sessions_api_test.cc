// Intervisie sessions over real gRPC: a full incident-method session with
// every phase rule in the allowed and the refused direction, live following
// by many watchers with resume (also across a restart), parked questions and
// evaluations.
#include <algorithm>
#include <fstream>
#include <map>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "store/store.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

constexpr char kFacilitator[] = "fac-enschede";
constexpr const char* kOwner = kAnna;  // the case's author
constexpr const char* kPeer = kBram;   // a participant
constexpr char kOfficer[] = "priv-zaanstad";     // privacy officer

class SessionsApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    // These tests follow one session from many streams as one member; the
    // per-member limit has a test of its own.
    watch_limits_.per_member = 200;
    DemoCommunityFixture::SetUp();  // anna-zaanstad and bram-enschede, professionals
    AddRole(kFacilitator, v1::ROLE_FACILITATOR);
    AddRole(kOfficer, v1::ROLE_PRIVACY_OFFICER);
    AddRole("cor-zaanstad", v1::ROLE_PROFESSIONAL);
    AddRole("dina-enschede", v1::ROLE_PROFESSIONAL);
    v1::Case draft = SampleCase("School vraagt naar leerling");
    draft.set_status(v1::CASE_STATUS_OPEN);
    ASSERT_TRUE(CreateCase(kOwner, draft, &case_).ok());
  }

  void AddRole(const std::string& id, v1::Role role) {
    AddMember(id, "municipalities/GM0153", "wijkteams", {role});
  }

  static std::string Member(const std::string& id) {
    return absl::StrCat(kCommunity, "/members/", id);
  }

  v1::Session MustCreateSession(const std::string& method = "incident") {
    v1::Session s;
    grpc::Status status = CreateSession(kFacilitator, case_.name(), method, &s);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return s;
  }

  grpc::Status Join(const std::string& member, const std::string& session) {
    v1::JoinSessionRequest req;
    req.set_name(session);
    v1::Session out;
    return session_stub_->JoinSession(As(member).get(), req, &out);
  }

  grpc::Status Advance(const std::string& member, const std::string& session,
                       v1::Session* out, const std::string& back_to = "") {
    v1::AdvancePhaseRequest req;
    req.set_name(session);
    req.set_target_phase(back_to);
    return session_stub_->AdvancePhase(As(member).get(), req, out);
  }

  // A reflection on this test's case.
  grpc::Status Reflect(const std::string& member, v1::ReflectionKind kind,
                       const std::string& text, v1::Reflection* out = nullptr) {
    return ServerFixture::Reflect(member, case_.name(), kind, text, out);
  }

  grpc::Status Conclude(const std::string& member, const std::string& session,
                        const std::string& text) {
    v1::AddConclusionRequest req;
    req.set_parent(session);
    req.mutable_conclusion()->set_text(text);
    v1::Conclusion out;
    return session_stub_->AddConclusion(As(member).get(), req, &out);
  }

  // A question parked for the privacy officers.
  grpc::Status Park(const std::string& member, const std::string& session,
                    const std::string& text, v1::ParkedQuestion* out) {
    v1::ParkQuestionRequest req;
    req.set_parent(session);
    req.mutable_question()->set_text(text);
    return session_stub_->ParkQuestion(As(member).get(), req, out);
  }

  grpc::Status Close(const std::string& member, const std::string& session,
                     v1::Session* out = nullptr) {
    v1::CloseSessionRequest req;
    req.set_name(session);
    v1::Session ignored;
    return session_stub_->CloseSession(As(member).get(), req, out ? out : &ignored);
  }

  grpc::Status Evaluate(const std::string& member, const std::string& session, int score,
                        const std::string& remark = "") {
    v1::SubmitEvaluationRequest req;
    req.set_parent(session);
    req.mutable_evaluation()->set_safety(score);
    req.mutable_evaluation()->set_clarity(score);
    req.mutable_evaluation()->set_method_kept(score);
    req.mutable_evaluation()->set_remark(remark);
    v1::SubmitEvaluationResponse out;
    return session_stub_->SubmitEvaluation(As(member).get(), req, &out);
  }

  v1::Case GetCase() {
    v1::GetCaseRequest req;
    req.set_name(case_.name());
    v1::Case out;
    EXPECT_TRUE(case_stub_->GetCase(As(kOwner).get(), req, &out).ok());
    return out;
  }

  // Reads a watch stream until the `closed` event, the stream's end, or
  // `stop_after` events; returns the events and the final status.
  struct Watched {
    bool got_snapshot = false;
    std::vector<v1::SessionEvent> events;
    grpc::Status status;
  };
  // `sequences_only` keeps of each event its number and whether it closed
  // the session (for tests that measure this process's memory).
  Watched WatchUntilClosed(const std::string& session, int64_t after, int stop_after = -1,
                           std::atomic<int>* snapshots = nullptr, bool sequences_only = false) {
    Watched w;
    auto ctx = As(kPeer);
    v1::WatchSessionRequest req;
    req.set_name(session);
    req.set_after_sequence(after);
    auto reader = session_stub_->WatchSession(ctx.get(), req);
    v1::WatchSessionResponse msg;
    while (reader->Read(&msg)) {
      if (msg.has_session()) {
        w.got_snapshot = true;
        if (snapshots != nullptr) ++*snapshots;
        continue;
      }
      if (sequences_only) {
        v1::SessionEvent kept;
        kept.set_sequence(msg.event().sequence());
        if (msg.event().has_closed()) *kept.mutable_closed() = msg.event().closed();
        w.events.push_back(std::move(kept));
      } else {
        w.events.push_back(msg.event());
      }
      if (msg.event().has_closed() ||
          (stop_after >= 0 && static_cast<int>(w.events.size()) == stop_after)) {
        ctx->TryCancel();
        break;
      }
    }
    w.status = reader->Finish();
    return w;
  }

  static void ExpectSameEvents(const std::vector<v1::SessionEvent>& got,
                               const std::vector<v1::SessionEvent>& want, const std::string& who) {
    ASSERT_EQ(got.size(), want.size()) << who;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got[i], want[i]))
          << who << " differs at event " << i + 1;
    }
  }

  static void ExpectNumberedFromOne(const std::vector<v1::SessionEvent>& events,
                                    int64_t first = 1) {
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].sequence(), first + static_cast<int64_t>(i));
    }
  }

  v1::Case case_;
};

TEST_F(SessionsApiTest, MethodTemplatesAreData) {
  v1::ListMethodsRequest req;
  v1::ListMethodsResponse out;
  ASSERT_TRUE(session_stub_->ListMethods(As(kPeer).get(), req, &out).ok());
  std::vector<std::string> ids;
  for (const auto& m : out.methods()) {
    ids.push_back(m.id());
    for (const auto& p : m.phases()) EXPECT_FALSE(p.instruction().empty()) << m.id();
  }
  EXPECT_THAT(ids, ElementsAre("balint", "dilemma", "incident"));
  std::vector<std::string> incident;
  for (const auto& p : out.methods(2).phases()) incident.push_back(p.id());
  EXPECT_THAT(incident, ElementsAre("INTAKE", "CLARIFYING_QUESTIONS", "ANALYSIS", "ADVICE",
                                    "CONCLUSION", "EVALUATION"));
  EXPECT_EQ(out.methods(1).phases_size(), 8);  // moral case deliberation's eight steps
}

TEST_F(SessionsApiTest, IncidentMethodSessionKeepsItsDiscipline) {
  // Only a facilitator starts a session, only on an OPEN case, with a known method.
  v1::Session s;
  grpc::Status bad_method = CreateSession(kFacilitator, case_.name(), "fishbowl", &s);
  EXPECT_EQ(bad_method.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad_method), ElementsAre("session.method"));
  EXPECT_THAT(bad_method.error_message(), HasSubstr("incident"));
  grpc::Status not_facilitator = CreateSession(kPeer, case_.name(), "incident", &s);
  EXPECT_EQ(not_facilitator.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(not_facilitator.error_message(), HasSubstr("FACILITATOR"));

  ASSERT_TRUE(CreateSession(kFacilitator, case_.name(), "incident", &s).ok());
  EXPECT_EQ(s.phase().id(), "INTAKE");
  EXPECT_EQ(s.state(), v1::SESSION_STATE_ACTIVE);
  EXPECT_EQ(s.facilitator(), Member(kFacilitator));
  EXPECT_EQ(s.case_owner(), Member(kOwner));
  EXPECT_EQ(s.title(), case_.title());
  EXPECT_EQ(s.last_sequence(), 1);
  v1::Case in_session = GetCase();
  EXPECT_EQ(in_session.status(), v1::CASE_STATUS_IN_SESSION);
  EXPECT_EQ(in_session.active_session(), s.name());

  // One session per case at a time; the case's status is the session's.
  v1::Session second;
  grpc::Status twice = CreateSession(kFacilitator, case_.name(), "incident", &second);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(twice.error_message(), HasSubstr(s.name()));
  v1::Case ignored;
  grpc::Status by_update = SetCaseStatus(kOwner, case_.name(), v1::CASE_STATUS_OPEN, &ignored);
  EXPECT_EQ(by_update.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteCaseRequest del;
  del.set_name(case_.name());
  google::protobuf::Empty empty;
  EXPECT_EQ(case_stub_->DeleteCase(As(kOwner).get(), del, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Only participants speak.
  grpc::Status outsider = Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, "Mag ik iets vragen?");
  EXPECT_EQ(outsider.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(outsider.error_message(), HasSubstr("Join it first"));
  ASSERT_TRUE(Join(kPeer, s.name()).ok());
  ASSERT_TRUE(Join(kOwner, s.name()).ok());
  ASSERT_TRUE(Join(kPeer, s.name()).ok());  // twice is fine, and no second event

  // INTAKE: the owner tells, the others listen.
  v1::Reflection told;
  ASSERT_TRUE(Reflect(kOwner, v1::REFLECTION_KIND_EXPERIENCE,
                      "De school belde of het kind bij ons bekend is.", &told).ok());
  EXPECT_EQ(told.session(), s.name());
  EXPECT_EQ(told.phase(), "INTAKE");
  grpc::Status listen = Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, "Wie belde er precies?");
  EXPECT_EQ(listen.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(listen.error_message(), HasSubstr("INTAKE"));
  EXPECT_THAT(listen.error_message(), HasSubstr("only the case owner speaks"));

  // Only the session's facilitator moves it; nobody skips past the end.
  v1::Session moved;
  EXPECT_EQ(Advance(kPeer, s.name(), &moved).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  AddRole("fac-two", v1::ROLE_FACILITATOR);
  grpc::Status other_facilitator = Advance("fac-two", s.name(), &moved);
  EXPECT_EQ(other_facilitator.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other_facilitator.error_message(), HasSubstr(Member(kFacilitator)));
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_EQ(moved.phase().id(), "CLARIFYING_QUESTIONS");

  // CLARIFYING_QUESTIONS: questions, no advice; the owner answers.
  grpc::Status advice_too_early =
      Reflect(kPeer, v1::REFLECTION_KIND_ADVICE, "Ik zou het gewoon niet doen.");
  EXPECT_EQ(advice_too_early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(advice_too_early.error_message(), HasSubstr("CLARIFYING_QUESTIONS"));
  EXPECT_THAT(advice_too_early.error_message(), HasSubstr("accepts QUESTION"));
  EXPECT_THAT(advice_too_early.error_message(), HasSubstr("not ADVICE"));
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, "Weten de ouders van de vraag?").ok());
  ASSERT_TRUE(Reflect(kOwner, v1::REFLECTION_KIND_EXPERIENCE, "Nee, nog niet.").ok());
  EXPECT_EQ(Reflect(kOwner, v1::REFLECTION_KIND_ADVICE, "Ik weet het al.").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // ANALYSIS.
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_EQ(moved.phase().id(), "ANALYSIS");
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_CONSIDERATION, "Doel en grondslag ontbreken.").ok());
  EXPECT_EQ(Reflect(kPeer, v1::REFLECTION_KIND_ADVICE, "Bel terug.").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Conclusions wait for their phase.
  grpc::Status early_conclusion = Conclude(kFacilitator, s.name(), "Eerst de ouders.");
  EXPECT_EQ(early_conclusion.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early_conclusion.error_message(), HasSubstr("CONCLUSION"));

  // ADVICE: advice from the others; the owner listens.
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_EQ(moved.phase().id(), "ADVICE");
  EXPECT_TRUE(moved.phase().owner_kinds().empty());
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_ADVICE, "Vraag eerst de ouders om toestemming.").ok());
  grpc::Status owner_speaks =
      Reflect(kOwner, v1::REFLECTION_KIND_CONSIDERATION, "Maar de school wacht.");
  EXPECT_EQ(owner_speaks.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(owner_speaks.error_message(), HasSubstr("the case owner listens"));
  EXPECT_THAT(owner_speaks.error_message(), HasSubstr(moved.phase().instruction()));

  // Going back is the facilitator's call; going "back" forward is not.
  grpc::Status forward = Advance(kFacilitator, s.name(), &moved, "EVALUATION");
  EXPECT_EQ(forward.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  grpc::Status unknown = Advance(kFacilitator, s.name(), &moved, "BRAINSTORM");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(unknown), ElementsAre("target_phase"));
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved, "ANALYSIS").ok());
  EXPECT_EQ(moved.phase().id(), "ANALYSIS");
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());  // ADVICE again
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_EQ(moved.phase().id(), "CONCLUSION");

  // CONCLUSION: only the facilitator records conclusions.
  EXPECT_EQ(Conclude(kPeer, s.name(), "Ouders eerst.").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Conclude(kFacilitator, s.name(),
                       "Bevestig niets aan school zonder toestemming van de ouders.").ok());
  // Evaluations open in the evaluation phase (or after closing), not before.
  EXPECT_EQ(Evaluate(kPeer, s.name(), 4).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_EQ(moved.phase().id(), "EVALUATION");
  grpc::Status past_end = Advance(kFacilitator, s.name(), &moved);
  EXPECT_EQ(past_end.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(past_end.error_message(), HasSubstr("last phase"));
  ASSERT_TRUE(Evaluate(kPeer, s.name(), 4).ok());

  // Closing with conclusions concludes the case.
  EXPECT_EQ(Close(kPeer, s.name()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::Session closed;
  ASSERT_TRUE(Close(kFacilitator, s.name(), &closed).ok());
  EXPECT_EQ(closed.state(), v1::SESSION_STATE_CLOSED);
  ASSERT_EQ(closed.conclusions_size(), 1);
  EXPECT_TRUE(closed.conclusions(0).standard().empty());  // the link slot, unfilled
  v1::Case after = GetCase();
  EXPECT_EQ(after.status(), v1::CASE_STATUS_CONCLUDED);
  EXPECT_TRUE(after.active_session().empty());

  // A closed session takes nothing more; the case takes ordinary reflections.
  EXPECT_EQ(Join("cor-zaanstad", s.name()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Advance(kFacilitator, s.name(), &moved).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Conclude(kFacilitator, s.name(), "Nog een.").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Close(kFacilitator, s.name()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::Reflection later;
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_ADVICE, "Achteraf: goed gedaan.", &later).ok());
  EXPECT_TRUE(later.session().empty());

  // The stored events tell the whole story, numbered without gaps.
  Watched all = WatchUntilClosed(s.name(), 0);
  EXPECT_TRUE(all.got_snapshot);
  ExpectNumberedFromOne(all.events);
  int phases = 0, reflections = 0, joins = 0;
  for (const auto& e : all.events) {
    phases += e.has_phase_changed();
    reflections += e.has_reflection();
    joins += !e.participant_joined().empty();
  }
  EXPECT_EQ(phases, 1 + 7);  // the start, six moves forward and one back
  EXPECT_EQ(reflections, 5);  // the refused ones and the one after closing are not here
  EXPECT_EQ(joins, 2);
  EXPECT_TRUE(all.events.back().has_closed());
  EXPECT_EQ(all.events.back().closed().case_status(), v1::CASE_STATUS_CONCLUDED);
}

TEST_F(SessionsApiTest, ClosingWithoutConclusionsReopensTheCase) {
  v1::Session s = MustCreateSession("balint");
  EXPECT_EQ(s.phase().id(), "PRESENTATION");
  ASSERT_TRUE(Close(kFacilitator, s.name()).ok());
  EXPECT_EQ(GetCase().status(), v1::CASE_STATUS_OPEN);
  // A discussed case keeps its discussion: it is archived, not deleted.
  v1::DeleteCaseRequest del;
  del.set_name(case_.name());
  google::protobuf::Empty empty;
  grpc::Status deleted = case_stub_->DeleteCase(As(kOwner).get(), del, &empty);
  EXPECT_EQ(deleted.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(deleted.error_message(), HasSubstr("archive it"));
  // A reflection cannot claim a session or phase it was not posted in.
  v1::CreateReflectionRequest claim;
  claim.set_parent(case_.name());
  claim.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
  claim.mutable_reflection()->set_text("Is dit opgelost?");
  claim.mutable_reflection()->set_session(s.name());
  claim.mutable_reflection()->set_phase("Jan de Vries");
  v1::Reflection claimed;
  ASSERT_TRUE(case_stub_->CreateReflection(As(kPeer).get(), claim, &claimed).ok());
  EXPECT_TRUE(claimed.session().empty());
  EXPECT_TRUE(claimed.phase().empty());
  // …and a new session can start on it.
  v1::Session again = MustCreateSession("dilemma");
  EXPECT_EQ(again.phase().id(), "CASE");
}

TEST_F(SessionsApiTest, FiftyWatchersSeeEveryEventOnceInOrder) {
  v1::Session s = MustCreateSession();
  constexpr int kWatchers = 50;
  std::atomic<int> snapshots{0};
  std::vector<Watched> watched(kWatchers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWatchers; ++i) {
    threads.emplace_back([&, i] { watched[i] = WatchUntilClosed(s.name(), 0, -1, &snapshots); });
  }
  // One more watcher leaves after 5 events and comes back later.
  Watched first_half;
  std::thread leaver([&] { first_half = WatchUntilClosed(s.name(), 0, 5); });
  // Write while they watch: the live path, not only the stored one.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (snapshots.load() < kWatchers && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(snapshots.load(), kWatchers);

  // EXPECT, not ASSERT, while watcher threads run: they must be joined.
  EXPECT_TRUE(Join(kPeer, s.name()).ok());
  EXPECT_TRUE(Join(kOwner, s.name()).ok());
  EXPECT_TRUE(Reflect(kOwner, v1::REFLECTION_KIND_EXPERIENCE, "Het begon met een telefoontje.").ok());
  v1::Session moved;
  EXPECT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, absl::StrCat("Vraag ", i, "?")).ok());
  }
  leaver.join();
  EXPECT_EQ(first_half.events.size(), 5u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  EXPECT_TRUE(Conclude(kFacilitator, s.name(), "Eerst met de ouders praten.").ok());
  EXPECT_TRUE(Close(kFacilitator, s.name()).ok());
  for (auto& t : threads) t.join();

  // The record: everything stored, read afresh.
  Watched record = WatchUntilClosed(s.name(), 0);
  ExpectNumberedFromOne(record.events);
  ASSERT_EQ(record.events.size(), 1u + 2 + 1 + 1 + 20 + 3 + 1 + 1);
  for (int i = 0; i < kWatchers; ++i) {
    ExpectSameEvents(watched[i].events, record.events, absl::StrCat("watcher ", i));
  }
  // The leaver resumes from its cursor and ends with the identical sequence.
  Watched second_half = WatchUntilClosed(s.name(), first_half.events.back().sequence());
  std::vector<v1::SessionEvent> joined = first_half.events;
  joined.insert(joined.end(), second_half.events.begin(), second_half.events.end());
  ExpectSameEvents(joined, record.events, "the resumed watcher");
  // Every stream let go of its subscription (the server sees the cancels
  // shortly after the clients send them).
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (core_->session_feed().watcher_count() > 0 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(core_->session_feed().watcher_count(), 0u);
}

TEST_F(SessionsApiTest, WatcherResumesAcrossARestart) {
  v1::Session s = MustCreateSession();
  ASSERT_TRUE(Join(kPeer, s.name()).ok());
  ASSERT_TRUE(Join(kOwner, s.name()).ok());
  // A watcher is connected when kompasd stops: it is told where to resume.
  Watched cut;
  std::atomic<int> snapshots{0};
  std::thread watcher([&] { cut = WatchUntilClosed(s.name(), 0, -1, &snapshots); });
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (snapshots.load() < 1 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(5));
  ASSERT_TRUE(Reflect(kOwner, v1::REFLECTION_KIND_EXPERIENCE, "Voor de herstart.").ok());
  StopServer();
  watcher.join();
  EXPECT_EQ(cut.status.error_code(), grpc::StatusCode::UNAVAILABLE) << cut.status.error_message();
  EXPECT_THAT(cut.status.error_message(), HasSubstr("after_sequence="));
  ExpectNumberedFromOne(cut.events);
  const int64_t cursor = cut.events.empty() ? 0 : cut.events.back().sequence();

  StartServer();
  v1::Session moved;
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, "Na de herstart?").ok());
  ASSERT_TRUE(Close(kFacilitator, s.name()).ok());
  Watched rest = WatchUntilClosed(s.name(), cursor);
  std::vector<v1::SessionEvent> joined = cut.events;
  joined.insert(joined.end(), rest.events.begin(), rest.events.end());
  Watched record = WatchUntilClosed(s.name(), 0);
  ExpectNumberedFromOne(record.events);
  ExpectSameEvents(joined, record.events, "the watcher cut by the restart");
  EXPECT_EQ(record.events.size(), 1u + 2 + 1 + 1 + 1 + 1);

  // A cursor beyond the end is a mistake worth saying so.
  auto ctx = As(kPeer);
  v1::WatchSessionRequest beyond;
  beyond.set_name(s.name());
  beyond.set_after_sequence(1000);
  auto reader = session_stub_->WatchSession(ctx.get(), beyond);
  v1::WatchSessionResponse msg;
  EXPECT_FALSE(reader->Read(&msg));
  grpc::Status st = reader->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(st), ElementsAre("after_sequence"));
}

TEST_F(SessionsApiTest, ParkedQuestionsReachThePrivacyOfficersAndTheirAnswersTheSession) {
  v1::Session s = MustCreateSession();
  ASSERT_TRUE(Join(kPeer, s.name()).ok());
  v1::ParkQuestionRequest park;
  park.set_parent(s.name());
  park.mutable_question()->set_text("Mag de leerplichtambtenaar dit dossier inzien?");
  park.set_request_id("park-1");
  v1::ParkedQuestion q;
  // Only participants park; the text passes the PII gate like any other.
  EXPECT_EQ(session_stub_->ParkQuestion(As(kOwner).get(), park, &q).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(session_stub_->ParkQuestion(As(kPeer).get(), park, &q).ok());
  EXPECT_EQ(q.state(), v1::PARKED_QUESTION_STATE_OPEN);
  EXPECT_EQ(q.session(), s.name());
  EXPECT_EQ(q.case_(), case_.name());
  v1::ParkedQuestion retried;
  ASSERT_TRUE(session_stub_->ParkQuestion(As(kPeer).get(), park, &retried).ok());
  EXPECT_EQ(retried.name(), q.name());  // a retry, not a second question
  v1::ParkQuestionRequest personal = park;
  personal.set_request_id("park-2");
  personal.mutable_question()->set_text("Mag Jan de Vries uit de Dorpsstraat 12 dit weten?");
  v1::ParkedQuestion refused;
  grpc::Status pii = session_stub_->ParkQuestion(As(kPeer).get(), personal, &refused);
  EXPECT_EQ(pii.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(pii), "PII_DETECTED");

  // The queue is the privacy officers'.
  v1::ListParkedQuestionsRequest list;
  list.set_parent(kCommunity);
  list.set_state(v1::PARKED_QUESTION_STATE_OPEN);
  v1::ListParkedQuestionsResponse queue;
  EXPECT_EQ(session_stub_->ListParkedQuestions(As(kPeer).get(), list, &queue).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(session_stub_->ListParkedQuestions(As(kOfficer).get(), list, &queue).ok());
  ASSERT_EQ(queue.parked_questions_size(), 1);
  EXPECT_EQ(queue.parked_questions(0).name(), q.name());

  v1::AnswerParkedQuestionRequest answer;
  answer.set_name(q.name());
  answer.set_answer("Alleen met een wettelijke grondslag of toestemming; leg de afweging vast.");
  v1::ParkedQuestion answered;
  EXPECT_EQ(session_stub_->AnswerParkedQuestion(As(kFacilitator).get(), answer, &answered)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The session may close before the answer comes; the answer still lands.
  ASSERT_TRUE(Close(kFacilitator, s.name()).ok());
  ASSERT_TRUE(session_stub_->AnswerParkedQuestion(As(kOfficer).get(), answer, &answered).ok());
  EXPECT_EQ(answered.state(), v1::PARKED_QUESTION_STATE_ANSWERED);
  EXPECT_EQ(answered.answered_by(), Member(kOfficer));
  grpc::Status twice = session_stub_->AnswerParkedQuestion(As(kOfficer).get(), answer, &answered);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(session_stub_->ListParkedQuestions(As(kOfficer).get(), list, &queue).ok());
  EXPECT_EQ(queue.parked_questions_size(), 0);  // nothing open any more
  list.set_state(v1::PARKED_QUESTION_STATE_ANSWERED);
  ASSERT_TRUE(session_stub_->ListParkedQuestions(As(kOfficer).get(), list, &queue).ok());
  ASSERT_EQ(queue.parked_questions_size(), 1);

  // Visible on the session, and through the case's sessions.
  v1::GetSessionRequest get;
  get.set_name(s.name());
  v1::Session seen;
  ASSERT_TRUE(session_stub_->GetSession(As(kOwner).get(), get, &seen).ok());
  ASSERT_EQ(seen.parked_questions_size(), 1);
  EXPECT_EQ(seen.parked_questions(0).answer(), answer.answer());
  v1::ListSessionsRequest of_case;
  of_case.set_parent(kCommunity);
  of_case.set_case_(case_.name());
  v1::ListSessionsResponse sessions;
  ASSERT_TRUE(session_stub_->ListSessions(As(kOwner).get(), of_case, &sessions).ok());
  ASSERT_EQ(sessions.sessions_size(), 1);
  EXPECT_EQ(sessions.sessions(0).parked_questions(0).state(), v1::PARKED_QUESTION_STATE_ANSWERED);
  // Watchers see the answer after the close.
  Watched until_close = WatchUntilClosed(s.name(), 0);
  ASSERT_TRUE(until_close.events.back().has_closed());
  Watched after_close = WatchUntilClosed(s.name(), until_close.events.back().sequence(), 1);
  ASSERT_EQ(after_close.events.size(), 1u);
  EXPECT_EQ(after_close.events[0].question_answered().answer(), answer.answer());
}

TEST_F(SessionsApiTest, EvaluationsAreAggregatedWithoutExposingAnyone) {
  v1::Session s = MustCreateSession();
  for (const char* m : {kPeer, kOwner, "cor-zaanstad", "dina-enschede"}) {
    ASSERT_TRUE(Join(m, s.name()).ok());
  }
  ASSERT_TRUE(Close(kFacilitator, s.name()).ok());  // evaluations open after closing

  v1::SubmitEvaluationRequest bad;
  bad.set_parent(s.name());
  bad.mutable_evaluation()->set_safety(0);
  bad.mutable_evaluation()->set_clarity(6);
  bad.mutable_evaluation()->set_method_kept(3);
  v1::SubmitEvaluationResponse resp;
  grpc::Status invalid = session_stub_->SubmitEvaluation(As(kPeer).get(), bad, &resp);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(invalid),
              ElementsAre("evaluation.safety", "evaluation.clarity"));
  EXPECT_EQ(Evaluate("fac-two-absent", s.name(), 3).error_code(),
            grpc::StatusCode::NOT_FOUND);  // not even a member
  AddRole("eef-zaanstad", v1::ROLE_PROFESSIONAL);
  EXPECT_EQ(Evaluate("eef-zaanstad", s.name(), 3).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // a member, but not a participant

  v1::GetEvaluationSummaryRequest get;
  get.set_name(s.name());
  v1::EvaluationSummary summary;
  ASSERT_TRUE(Evaluate(kPeer, s.name(), 5, "Veilig, en de methode hielp.").ok());
  EXPECT_EQ(Evaluate(kPeer, s.name(), 1).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // One answer: a count, but no average that would be that one answer.
  ASSERT_TRUE(session_stub_->GetEvaluationSummary(As(kOwner).get(), get, &summary).ok());
  EXPECT_EQ(summary.responses(), 1);
  EXPECT_EQ(summary.safety(), 0);
  EXPECT_EQ(summary.remarks_size(), 0);
  ASSERT_TRUE(Evaluate(kOwner, s.name(), 3).ok());
  ASSERT_TRUE(Evaluate("cor-zaanstad", s.name(), 4, "Te kort.").ok());
  ASSERT_TRUE(session_stub_->GetEvaluationSummary(As("dina-enschede").get(), get, &summary).ok());
  EXPECT_EQ(summary.responses(), 3);
  EXPECT_DOUBLE_EQ(summary.safety(), 4.0);
  EXPECT_DOUBLE_EQ(summary.method_kept(), 4.0);
  EXPECT_THAT(summary.remarks(), ElementsAre("Te kort.", "Veilig, en de methode hielp."));
  EXPECT_EQ(summary.minimum_responses(), 3);

  // Per community too.
  get.set_name(kCommunity);
  ASSERT_TRUE(session_stub_->GetEvaluationSummary(As(kOwner).get(), get, &summary).ok());
  EXPECT_EQ(summary.responses(), 3);
  EXPECT_EQ(summary.sessions(), 1);

  // Nothing on disk ties an answer to its author: the evaluation records hold
  // no member name, and their keys hold only a hash of the member id.
  int stored = 0;
  ASSERT_TRUE(store_->Scan(store::Table::kEvaluations, "", {},
                           [&](absl::string_view key, absl::string_view value) {
                             ++stored;
                             for (const char* m : {kPeer, kOwner, "cor-zaanstad"}) {
                               EXPECT_EQ(key.find(m), absl::string_view::npos);
                               EXPECT_EQ(value.find(m), absl::string_view::npos);
                             }
                             return true;
                           }).ok());
  EXPECT_EQ(stored, 3);
}

TEST_F(SessionsApiTest, ADepartingMemberLeavesNoNameInSessionMaterial) {
  v1::Session s = MustCreateSession();
  ASSERT_TRUE(Join(kPeer, s.name()).ok());
  ASSERT_TRUE(Join(kOwner, s.name()).ok());
  v1::Session moved;
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, "Wat weet de school al?").ok());
  v1::ParkedQuestion q;
  ASSERT_TRUE(Park(kPeer, s.name(), "Mag het wijkteam de school terugbellen?", &q).ok());

  v1::RemoveMemberRequest remove;
  remove.set_name(Member(kPeer));
  v1::RemoveMemberResponse removed;
  ASSERT_TRUE(community_stub_->RemoveMember(As("admin-dev").get(), remove, &removed).ok());
  for (store::Table table : {store::Table::kSessions, store::Table::kSessionEvents,
                             store::Table::kParkedQuestions, store::Table::kReflections}) {
    int with_pseudonym = 0;
    ASSERT_TRUE(store_->Scan(table, "", {}, [&](absl::string_view, absl::string_view value) {
                  EXPECT_EQ(value.find(kPeer), absl::string_view::npos)
                      << store::TableName(table);
                  with_pseudonym += value.find(removed.pseudonym()) != absl::string_view::npos;
                  return true;
                }).ok());
    EXPECT_GT(with_pseudonym, 0) << store::TableName(table);
  }
  // The session goes on; its record reads as before, under the pseudonym.
  v1::GetSessionRequest get;
  get.set_name(s.name());
  v1::Session after;
  ASSERT_TRUE(session_stub_->GetSession(As(kOwner).get(), get, &after).ok());
  EXPECT_THAT(after.participants(),
              ElementsAre(Member(kFacilitator), removed.pseudonym(), Member(kOwner)));
}


// An open watch that has read its snapshot (or was refused).
struct OpenWatch {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<v1::WatchSessionResponse>> reader;
  bool got_snapshot = false;
};

TEST_F(SessionsApiTest, WatchesAreLimitedPerMemberAndPerSession) {
  watch_limits_ = {.per_member = 2, .per_session = 3};
  RestartServer();
  const v1::Session s = MustCreateSession();
  auto open = [&](const std::string& member) {
    OpenWatch w;
    w.context = As(member);
    v1::WatchSessionRequest req;
    req.set_name(s.name());
    w.reader = session_stub_->WatchSession(w.context.get(), req);
    v1::WatchSessionResponse msg;
    w.got_snapshot = w.reader->Read(&msg) && msg.has_session();
    return w;
  };
  auto refusal = [](OpenWatch& w) {
    w.context->TryCancel();
    return w.reader->Finish();
  };
  std::vector<OpenWatch> open_watches;
  open_watches.push_back(open(kPeer));
  open_watches.push_back(open(kPeer));
  EXPECT_TRUE(open_watches[0].got_snapshot && open_watches[1].got_snapshot);
  // A third of the same member: refused, saying which limit.
  OpenWatch third = open(kPeer);
  EXPECT_FALSE(third.got_snapshot);
  grpc::Status refused = third.reader->Finish();
  std::map<std::string, std::string> facts;
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_EQ(ErrorReason(refused, &facts), "TOO_MANY_WATCHES");
  EXPECT_EQ(facts["scope"], "member");
  EXPECT_EQ(facts["limit"], "2");
  EXPECT_THAT(refused.error_message(), HasSubstr("close one first"));
  // Another member fills the session; a fourth follower is refused.
  open_watches.push_back(open(kOwner));
  EXPECT_TRUE(open_watches[2].got_snapshot);
  OpenWatch fourth = open("cor-zaanstad");
  EXPECT_FALSE(fourth.got_snapshot);
  refused = fourth.reader->Finish();
  facts.clear();
  EXPECT_EQ(ErrorReason(refused, &facts), "TOO_MANY_WATCHES");
  EXPECT_EQ(facts["scope"], "session");
  // Closing a watch gives its slot back.
  EXPECT_EQ(refusal(open_watches[0]).error_code(), grpc::StatusCode::CANCELLED);
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  bool reopened = false;
  while (!reopened && absl::Now() < deadline) {
    OpenWatch again = open(kPeer);
    reopened = again.got_snapshot;
    if (reopened) {
      open_watches.push_back(std::move(again));
    } else {
      again.reader->Finish();
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  EXPECT_TRUE(reopened);
  for (size_t i = 1; i < open_watches.size(); ++i) refusal(open_watches[i]);
}

// A client that hangs up the moment it has the last event (as kompas-crash's
// verifier does) catches the server taking the next one: the call must still
// end, giving back its subscription and its slot. It once stayed open for
// good, and after `per_member` such hang-ups the member's watches were refused.
TEST_F(SessionsApiTest, AWatchCancelledRightAfterItsLastEventLetsGo) {
  watch_limits_ = {.per_member = 2, .per_session = 3};
  RestartServer();
  const v1::Session s = MustCreateSession();
  ASSERT_TRUE(Join(kPeer, s.name()).ok());
  ASSERT_TRUE(Join(kOwner, s.name()).ok());
  v1::Session moved;
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  const int64_t last = moved.last_sequence();
  ASSERT_GE(last, 3);
  for (int i = 0; i < 200; ++i) {
    Watched w = WatchUntilClosed(s.name(), 0, static_cast<int>(last));
    ASSERT_EQ(w.events.size(), static_cast<size_t>(last))
        << "watch " << i << ": " << w.status.error_code() << " " << w.status.error_message();
    EXPECT_EQ(w.status.error_code(), grpc::StatusCode::CANCELLED);
    // The server sees the cancel shortly after: nothing stays subscribed.
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (core_->session_feed().watcher_count() > 0 && absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    ASSERT_EQ(core_->session_feed().watcher_count(), 0u) << "after watch " << i;
  }
}

TEST_F(SessionsApiTest, OpeningAWatchCostsMoreRateLimitThanACall) {
  rate_limit_ = {.rate = 0.01, .burst = 25};
  RestartServer();
  const v1::Session s = MustCreateSession();  // 1 token of the facilitator's
  auto watch_status = [&] {
    auto ctx = As(kPeer);
    v1::WatchSessionRequest req;
    req.set_name(s.name());
    auto reader = session_stub_->WatchSession(ctx.get(), req);
    v1::WatchSessionResponse msg;
    const bool opened = reader->Read(&msg);
    if (opened) ctx->TryCancel();
    grpc::Status status = reader->Finish();
    return opened ? grpc::Status::OK : status;
  };
  EXPECT_TRUE(watch_status().ok());  // 10 of bram's 25 tokens
  EXPECT_TRUE(watch_status().ok());  // 20
  grpc::Status third = watch_status();
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << third.error_message();
  EXPECT_THAT(third.error_message(), HasSubstr("too many calls"));
  // Ordinary calls still fit in what is left.
  v1::GetSessionRequest get;
  get.set_name(s.name());
  v1::Session out;
  EXPECT_TRUE(session_stub_->GetSession(As(kPeer).get(), get, &out).ok());
}

// Resident memory of this process, in bytes.
int64_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

TEST_F(SessionsApiTest, StalledWatchersStayWithinAMemoryBoundWhileOthersGetEveryEvent) {
  stream_stall_ = absl::Seconds(2);
  RestartServer();
  const v1::Session s = MustCreateSession();
  for (const char* m : {kOwner, kPeer, "cor-zaanstad", "dina-enschede"}) {
    ASSERT_TRUE(Join(m, s.name()).ok());
  }
  v1::Session moved;
  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());  // questions from everyone
  // Warm up allocator and store, so what follows measures the watchers.
  const std::string filler = [] {
    std::string t;
    while (t.size() < 20000 - 64) t += "Weet de school al dat het gezin hulp krijgt van het team? ";
    return t.substr(0, 19900) + "?";
  }();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Reflect(kPeer, v1::REFLECTION_KIND_QUESTION, filler).ok());

  // One reader that keeps up, on a connection of its own; should it fall
  // behind on this busy machine, it resumes from its cursor as clients do.
  Watched reader_result;
  std::thread reader([&] {
    for (int attempt = 0; attempt < 20; ++attempt) {
      const int64_t after =
          reader_result.events.empty() ? 0 : reader_result.events.back().sequence();
      Watched part = WatchUntilClosed(s.name(), after, -1, nullptr, /*sequences_only=*/true);
      reader_result.got_snapshot |= part.got_snapshot;
      reader_result.events.insert(reader_result.events.end(), part.events.begin(),
                                  part.events.end());
      reader_result.status = part.status;
      if (part.status.error_code() != grpc::StatusCode::ABORTED) return;
    }
  });

  // A hundred watchers that never read, on another connection.
  // Their client must not read either: no window growth by bandwidth probes,
  // so what it takes in stays at one HTTP/2 window per stream (this test's
  // process holds the clients too, and only the server should be measured).
  grpc::ChannelArguments args;
  args.SetInt("kompas.test.stalled", 1);  // a channel of its own, not shared
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 * 1024);
  auto stalled_channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                                   grpc::InsecureChannelCredentials(), args);
  auto stalled_stub = v1::SessionService::NewStub(stalled_channel);
  std::vector<OpenWatch> stalled(100);
  for (OpenWatch& w : stalled) {
    w.context = As("cor-zaanstad");
    w.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    v1::WatchSessionRequest req;
    req.set_name(s.name());
    w.reader = stalled_stub->WatchSession(w.context.get(), req);
  }
  const absl::Time opened_deadline = absl::Now() + absl::Seconds(20);
  while (core_->session_feed().watcher_count() < 101 && absl::Now() < opened_deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(core_->session_feed().watcher_count(), 101u);

  const int64_t rss_before = ResidentBytes();
  const int64_t store_before = store_->MemoryBytes();
  constexpr int kEvents = 1000;
  for (int i = 0; i < kEvents; ++i) {
    grpc::Status posted = Reflect(i % 2 ? kPeer : "dina-enschede", v1::REFLECTION_KIND_QUESTION,
                                  filler);
    ASSERT_TRUE(posted.ok()) << posted.error_message();
  }
  const int64_t grown = (ResidentBytes() - rss_before) - (store_->MemoryBytes() - store_before);
  EXPECT_LT(grown, int64_t{64} << 20) << "grew " << (grown >> 20) << " MiB apart from RocksDB";
  // The stalled watchers were cut (they resume from their cursor when they
  // read again); only the reader is still subscribed.
  const absl::Time cut_deadline = absl::Now() + absl::Seconds(20);
  while (core_->session_feed().watcher_count() > 1 && absl::Now() < cut_deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(core_->session_feed().watcher_count(), 1u);

  ASSERT_TRUE(Advance(kFacilitator, s.name(), &moved).ok());
  ASSERT_TRUE(Close(kFacilitator, s.name()).ok());
  reader.join();
  // The reader saw every event once, in order: 5 joins, 1 phase, 20 + 1000
  // questions, 1 phase and the close.
  ASSERT_TRUE(reader_result.got_snapshot);
  int64_t expected = 0;
  for (const v1::SessionEvent& e : reader_result.events) EXPECT_EQ(e.sequence(), ++expected);
  EXPECT_GE(reader_result.events.size(), static_cast<size_t>(kEvents + 20));
  EXPECT_TRUE(reader_result.events.back().has_closed());
  for (OpenWatch& w : stalled) {
    w.context->TryCancel();
    w.reader->Finish();
  }
}

}  // namespace
}  // namespace kompas::testing
