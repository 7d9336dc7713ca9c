#include "session_view.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kEva[] = "communities/wijkteams/members/eva-amsterdam";

v1::Phase Phase(const std::string& id, const std::string& title) {
  v1::Phase p;
  p.set_id(id);
  p.set_title(title);
  p.set_instruction("Doe nu dit.");
  p.add_participant_kinds(v1::REFLECTION_KIND_QUESTION);
  return p;
}

v1::SessionEvent PhaseEvent(int64_t sequence, const std::string& id, const std::string& title) {
  v1::SessionEvent e;
  e.set_sequence(sequence);
  *e.mutable_phase_changed()->mutable_to() = Phase(id, title);
  return e;
}

v1::SessionEvent ReflectionEvent(int64_t sequence, const std::string& text) {
  v1::SessionEvent e;
  e.set_sequence(sequence);
  e.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
  e.mutable_reflection()->set_author(kEva);
  e.mutable_reflection()->set_text(text);
  e.mutable_reflection()->set_phase("CLARIFYING_QUESTIONS");
  return e;
}

v1::SessionEvent ConclusionEvent(int64_t sequence, const std::string& text) {
  v1::SessionEvent e;
  e.set_sequence(sequence);
  e.mutable_conclusion_added()->set_id("1");
  e.mutable_conclusion_added()->set_text(text);
  return e;
}

TEST(EventLineTest, OneNumberedLinePerEvent) {
  EXPECT_EQ(EventLine(PhaseEvent(6, "ANALYSIS", "Analyse")),
            "#6 phase ANALYSIS (Analyse): Doe nu dit.");
  EXPECT_EQ(EventLine(ReflectionEvent(5, "Weet de moeder het?\nEn de school?")),
            "#5 reflection QUESTION communities/wijkteams/members/eva-amsterdam: "
            "Weet de moeder het? En de school?");
  v1::SessionEvent closed;
  closed.set_sequence(9);
  closed.mutable_closed()->set_case_status(v1::CASE_STATUS_CONCLUDED);
  EXPECT_EQ(EventLine(closed), "#9 closed case=CONCLUDED");
  v1::SessionEvent joined;
  joined.set_sequence(2);
  joined.set_participant_joined(kEva);
  EXPECT_EQ(EventLine(joined), std::string("#2 joined ") + kEva);
}

TEST(ResumeSequenceTest, ReadsTheNumberAfterTheKey) {
  EXPECT_EQ(ResumeSequence("kompasd is stopping; watch again with after_sequence=17 to continue"),
            17);
  EXPECT_EQ(ResumeSequence("after_sequence=0"), 0);
  EXPECT_EQ(ResumeSequence("session not found"), std::nullopt);
  EXPECT_EQ(ResumeSequence("after_sequence=x"), std::nullopt);
}

// On a hidden origin the server sends the owner's words without an author:
// every view says whose they are without naming her.
TEST(SessionViewTest, AReflectionWithoutAnAuthorIsTheCaseOwners) {
  v1::SessionEvent hers = ReflectionEvent(3, "Ik ken het gezin al lang.");
  hers.mutable_reflection()->clear_author();
  EXPECT_THAT(EventLine(hers), HasSubstr("reflection QUESTION (case owner): Ik ken"));
  SessionView view;
  view.Apply(hers);
  EXPECT_THAT(view.Render(0, 0), HasSubstr("#3 QUESTION  (case owner)  CLARIFYING_QUESTIONS"));
}

TEST(SessionViewTest, ReplayedEventsAddReflectionsButDoNotUndoTheSnapshot) {
  v1::Session snapshot;
  snapshot.set_name("communities/wijkteams/sessions/0abcdefghijkm");
  *snapshot.mutable_phase() = Phase("ANALYSIS", "Analyse");
  snapshot.set_last_sequence(4);
  v1::Conclusion* c = snapshot.add_conclusions();
  c->set_id("1");
  c->set_text("Eerst toestemming vragen.");

  SessionView view;
  view.SetSnapshot(snapshot);
  // A watch from the start replays what the snapshot already holds.
  view.Apply(PhaseEvent(1, "INTAKE", "Inbreng"));
  view.Apply(ReflectionEvent(2, "Weet de moeder het?"));
  view.Apply(ConclusionEvent(3, "Eerst toestemming vragen."));
  view.Apply(PhaseEvent(4, "ANALYSIS", "Analyse"));
  view.Apply(ReflectionEvent(2, "Weet de moeder het?"));  // twice: shown once
  EXPECT_EQ(view.session().phase().id(), "ANALYSIS");
  EXPECT_EQ(view.session().conclusions_size(), 1);

  // Live events change the session.
  view.Apply(PhaseEvent(5, "ADVICE", "Advies"));
  EXPECT_EQ(view.session().phase().id(), "ADVICE");
  EXPECT_EQ(view.session().last_sequence(), 5);

  const std::string screen = view.Render(0, 0);
  EXPECT_THAT(screen, HasSubstr("Phase ADVICE (Advies)"));
  EXPECT_THAT(screen, HasSubstr("Reflections (1)"));
  EXPECT_THAT(screen, HasSubstr("#2 QUESTION  eva-amsterdam  CLARIFYING_QUESTIONS"));
  EXPECT_THAT(screen, HasSubstr("Eerst toestemming vragen."));
}

TEST(SessionViewTest, OldestReflectionsGiveWayOnASmallScreen) {
  v1::Session snapshot;
  *snapshot.mutable_phase() = Phase("ANALYSIS", "Analyse");
  SessionView view;
  view.SetSnapshot(snapshot);
  for (int i = 1; i <= 30; ++i) {
    view.Apply(ReflectionEvent(i, "vraag nummer " + std::to_string(i)));
  }
  const std::string screen = view.Render(24, 80);
  EXPECT_LE(std::count(screen.begin(), screen.end(), '\n'), 24);
  EXPECT_THAT(screen, HasSubstr("vraag nummer 30"));
  EXPECT_THAT(screen, Not(HasSubstr("vraag nummer 1\n")));
  EXPECT_THAT(screen, HasSubstr("earlier not shown"));
}

}  // namespace
}  // namespace kompas::cli
