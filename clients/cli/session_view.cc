#include "session_view.h"

#include <algorithm>

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>

#include "format.h"
#include "session_format.h"

namespace kompas::cli {
namespace {

using kompas::v1::ParkedQuestion;
using kompas::v1::Session;
using kompas::v1::SessionEvent;

// The member id, the last part of `communities/{c}/members/{id}`: on a
// screen full of names the community adds nothing.
std::string MemberId(const std::string& member) {
  const size_t slash = member.rfind('/');
  return OneLine(slash == std::string::npos ? member : member.substr(slash + 1));
}

std::string KindUpper(kompas::v1::ReflectionKind kind) {
  return absl::AsciiStrToUpper(Word(kind));
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The member list of the screen: ids with their part in the session.
std::string Participants(const Session& s) {
  std::vector<std::string> names;
  for (const std::string& p : s.participants()) {
    std::string name = MemberId(p);
    if (p == s.facilitator()) absl::StrAppend(&name, " (facilitator)");
    if (p == s.case_owner()) absl::StrAppend(&name, " (case owner)");
    names.push_back(std::move(name));
  }
  return absl::StrCat("Participants: ", names.empty() ? "-" : absl::StrJoin(names, ", "));
}

std::string ParkedSummary(const ParkedQuestion& q, size_t width) {
  std::string out = absl::StrCat("  - ", Truncate(q.text(), width > 6 ? width - 4 : width), "\n");
  if (q.state() == kompas::v1::PARKED_QUESTION_STATE_ANSWERED) {
    absl::StrAppend(&out, "    ",
                    Truncate(absl::StrCat("answer (", MemberId(q.answered_by()), "): ", q.answer()),
                             width > 6 ? width - 4 : width),
                    "\n");
  } else {
    absl::StrAppend(&out, "    waiting for a privacy officer\n");
  }
  return out;
}

// "`what` `name` by `who`: `text`", the line of something said in a session.
void AppendSaid(std::string* line, absl::string_view what, absl::string_view name,
                absl::string_view who, absl::string_view text) {
  absl::StrAppend(line, what, " ", name, " by ", who, ": ", text);
}

}  // namespace

std::optional<int64_t> ResumeSequence(absl::string_view message) {
  constexpr absl::string_view kKey = "after_sequence=";
  const size_t at = message.find(kKey);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view digits = message.substr(at + kKey.size());
  size_t n = 0;
  while (n < digits.size() && absl::ascii_isdigit(digits[n])) ++n;
  int64_t sequence = 0;
  if (n == 0 || !absl::SimpleAtoi(digits.substr(0, n), &sequence)) return std::nullopt;
  return sequence;
}

std::string EventLine(const SessionEvent& e) {
  std::string line = absl::StrCat("#", e.sequence(), " ");
  switch (e.change_case()) {
    case SessionEvent::kPhaseChanged:
      absl::StrAppend(&line, "phase ", PhaseLabel(e.phase_changed().to()), ": ",
                      e.phase_changed().to().instruction());
      break;
    case SessionEvent::kParticipantJoined:
      absl::StrAppend(&line, "joined ", e.participant_joined());
      break;
    case SessionEvent::kReflection: {
      const kompas::v1::Reflection& r = e.reflection();
      absl::StrAppend(&line, "reflection ", KindUpper(r.kind()), " ", ReflectionAuthor(r), ": ",
                      r.text());
      break;
    }
    case SessionEvent::kQuestionParked: {
      const kompas::v1::ParkedQuestion& q = e.question_parked();
      AppendSaid(&line, "parked", q.name(), q.asked_by(), q.text());
      break;
    }
    case SessionEvent::kQuestionAnswered: {
      const kompas::v1::ParkedQuestion& q = e.question_answered();
      AppendSaid(&line, "answered", q.name(), q.answered_by(), q.answer());
      break;
    }
    case SessionEvent::kConclusionAdded: {
      const kompas::v1::Conclusion& c = e.conclusion_added();
      AppendSaid(&line, "conclusion", c.id(), c.author(), c.text());
      break;
    }
    case SessionEvent::kClosed:
      absl::StrAppend(&line,
                      "closed case=", absl::AsciiStrToUpper(Word(e.closed().case_status())));
      break;
    case SessionEvent::CHANGE_NOT_SET:
      // A kind of event this build does not know (a newer server).
      absl::StrAppend(&line, "other (this kompas does not know the event; update it to see it)");
      break;
  }
  return OneLine(line);
}

std::string SnapshotLine(const Session& s) {
  return OneLine(absl::StrCat("session ", s.name(), " \"", s.title(),
                              "\": ", Word(s.state()), ", method ", s.method(),
                              ", phase ", PhaseLabel(s.phase()), ", ", s.participants_size(),
                              s.participants_size() == 1 ? " participant" : " participants", ", ",
                              s.last_sequence(),
                              s.last_sequence() == 1 ? " event so far" : " events so far"));
}

void SessionView::SetSnapshot(const Session& session) { session_ = session; }

void SessionView::Apply(const SessionEvent& e) {
  if (e.has_reflection()) {
    const bool seen = std::any_of(reflections_.begin(), reflections_.end(),
                                  [&](const Posted& p) { return p.sequence == e.sequence(); });
    if (!seen) reflections_.push_back({e.sequence(), e.reflection()});
  }
  // The snapshot already holds everything up to its last event.
  if (e.sequence() <= session_.last_sequence()) return;
  session_.set_last_sequence(e.sequence());
  switch (e.change_case()) {
    case SessionEvent::kPhaseChanged:
      *session_.mutable_phase() = e.phase_changed().to();
      break;
    case SessionEvent::kParticipantJoined: {
      const auto& all = session_.participants();
      if (std::find(all.begin(), all.end(), e.participant_joined()) == all.end()) {
        session_.add_participants(e.participant_joined());
      }
      break;
    }
    case SessionEvent::kQuestionParked:
      *session_.add_parked_questions() = e.question_parked();
      break;
    case SessionEvent::kQuestionAnswered:
      for (ParkedQuestion& q : *session_.mutable_parked_questions()) {
        if (q.name() == e.question_answered().name()) q = e.question_answered();
      }
      break;
    case SessionEvent::kConclusionAdded:
      *session_.add_conclusions() = e.conclusion_added();
      break;
    case SessionEvent::kClosed:
      session_.set_state(kompas::v1::SESSION_STATE_CLOSED);
      break;
    case SessionEvent::kReflection:
    case SessionEvent::CHANGE_NOT_SET:
      break;
  }
}

std::string SessionView::Render(size_t rows, size_t columns) const {
  const size_t width = columns == 0 ? kWrapColumns : std::min(columns, kWrapColumns);
  const Session& s = session_;
  const bool closed = s.state() == kompas::v1::SESSION_STATE_CLOSED;

  std::string top = absl::StrCat(Truncate(s.title().empty() ? s.name() : s.title(), width), "\n",
                                 Truncate(s.name(), width), "\n\n");
  absl::StrAppend(
      &top, closed ? "Closed in phase " : "Phase ", Truncate(PhaseLabel(s.phase()), width), "\n",
      Wrap(s.phase().instruction(), width, "  "), Wrap(PhaseRules(s.phase()), width, "  "), "\n",
      Truncate(Participants(s), width), "\n");

  std::string bottom;
  if (!s.parked_questions().empty()) {
    absl::StrAppend(&bottom, "\nParked questions (", s.parked_questions_size(), ")\n");
    for (const ParkedQuestion& q : s.parked_questions()) {
      absl::StrAppend(&bottom, ParkedSummary(q, width));
    }
  }
  if (!s.conclusions().empty()) {
    absl::StrAppend(&bottom, "\nConclusions (", s.conclusions_size(), ")\n");
    for (const kompas::v1::Conclusion& c : s.conclusions()) {
      std::string marker = absl::StrCat("  ", c.id(), ". ");
      std::string wrapped = Wrap(c.text(), width, std::string(DisplayWidth(marker), ' '));
      absl::StrAppend(&bottom, marker, wrapped.substr(std::min(marker.size(), wrapped.size())));
    }
  }
  absl::StrAppend(&bottom, "\n",
                  closed
                      ? "The session is closed."
                      : absl::StrCat("Last event #", s.last_sequence(), ". Ctrl-C stops watching."),
                  "\n");

  // The newest reflections that fit between the two; older ones give way.
  std::vector<std::string> shown;
  // Besides the blocks: a blank line, the heading and the "earlier" note.
  size_t used = CountLines(top) + CountLines(bottom) + 3;
  for (auto it = reflections_.rbegin(); it != reflections_.rend(); ++it) {
    const kompas::v1::Reflection& r = it->reflection;
    std::string block =
        absl::StrCat("  ",
                     Truncate(absl::StrCat("#", it->sequence, " ", KindUpper(r.kind()), "  ",
                                           r.author().empty() ? ReflectionAuthor(r)
                                                              : MemberId(r.author()),
                                           "  ", r.phase()),
                              width > 2 ? width - 2 : width),
                     "\n", Wrap(r.text(), width, "     "));
    if (rows != 0 && used + CountLines(block) > rows) break;
    used += CountLines(block);
    shown.push_back(std::move(block));
  }
  std::string middle = absl::StrCat("\nReflections (", reflections_.size(), ")\n");
  if (shown.size() < reflections_.size()) {
    absl::StrAppend(&middle, "  (", reflections_.size() - shown.size(),
                    " earlier not shown; kompas reflections lists them all)\n");
  }
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) absl::StrAppend(&middle, *it);
  if (reflections_.empty()) absl::StrAppend(&middle, "  none yet\n");
  return absl::StrCat(top, middle, bottom);
}

}  // namespace kompas::cli
