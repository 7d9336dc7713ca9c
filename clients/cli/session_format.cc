#include "session_format.h"

#include <iostream>
#include <vector>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_format.h>
#include <absl/strings/str_join.h>
#include <absl/strings/strip.h>

#include "format.h"

namespace kompas::cli {
namespace {

using kompas::v1::ParkedQuestion;
using kompas::v1::Phase;
using kompas::v1::Session;

// "QUESTION, EXPERIENCE", or "listen" when nobody may post: the server's
// own words for kinds, so they match its error messages.
std::string Kinds(const google::protobuf::RepeatedField<int>& kinds) {
  if (kinds.empty()) return "listen";
  std::vector<std::string> words;
  for (int k : kinds) {
    words.push_back(absl::AsciiStrToUpper(Word(static_cast<kompas::v1::ReflectionKind>(k))));
  }
  return absl::StrJoin(words, ", ");
}

// What a member is in the session, after their name.
std::string ParticipantNote(const Session& s, const std::string& member) {
  std::vector<std::string> notes;
  if (member == s.facilitator()) notes.push_back("facilitator");
  if (member == s.case_owner()) notes.push_back("case owner");
  return notes.empty() ? "" : absl::StrCat(" (", absl::StrJoin(notes, ", "), ")");
}

// "4.3 / 5", the one decimal an average of 1-5 scores deserves.
std::string Score(double average) { return absl::StrFormat("%.1f / 5", average); }

}  // namespace

std::string PhaseLabel(const Phase& phase) {
  if (phase.title().empty()) return OneLine(phase.id());
  return OneLine(absl::StrCat(phase.id(), " (", phase.title(), ")"));
}

std::string PhaseRules(const Phase& phase) {
  std::string rules = absl::StrCat("participants: ", Kinds(phase.participant_kinds()),
                                   "; case owner: ", Kinds(phase.owner_kinds()));
  if (phase.records_conclusions()) absl::StrAppend(&rules, "; the facilitator records conclusions");
  if (phase.takes_evaluation()) absl::StrAppend(&rules, "; the evaluation is open");
  return rules;
}

std::string PhaseBlock(const Phase& phase, absl::string_view indent) {
  return absl::StrCat(PhaseLabel(phase), "\n",
                      Wrap(phase.instruction(), kWrapColumns, indent),
                      Wrap(PhaseRules(phase), kWrapColumns, indent));
}

void PrintSession(const Session& s) {
  std::cout << OneLine(s.title().empty() ? "(untitled session)" : s.title()) << "\n\n";
  PrintField("name", s.name());
  PrintField("case", s.case_());
  PrintField("method", s.method());
  PrintField("state", Word(s.state()));
  PrintField("facilitator", s.facilitator().empty() ? "-" : s.facilitator());
  PrintField("case owner", s.case_owner().empty() ? "-" : s.case_owner());
  PrintField("created", FormatTime(s.create_time()));
  if (s.state() == kompas::v1::SESSION_STATE_CLOSED)
    PrintField("closed", FormatTime(s.close_time()));
  PrintField("last event", absl::StrCat(s.last_sequence()));

  std::cout << "\n"
            << (s.state() == kompas::v1::SESSION_STATE_CLOSED ? "Last phase" : "Phase") << "\n"
            << "  " << PhaseBlock(s.phase(), "  ");

  std::cout << "\nParticipants (" << s.participants_size() << ")\n";
  for (const std::string& p : s.participants()) {
    std::cout << "  - " << OneLine(p) << ParticipantNote(s, p) << "\n";
  }

  if (!s.conclusions().empty()) {
    std::cout << "\nConclusions\n";
    for (const kompas::v1::Conclusion& c : s.conclusions()) {
      PrintItem(absl::StrCat("  ", c.id().empty() ? "-" : c.id(), ". "), c.text());
      if (!c.standard().empty()) std::cout << "     standard: " << OneLine(c.standard()) << "\n";
    }
  }

  if (!s.parked_questions().empty()) {
    std::cout << "\nParked questions\n";
    bool first = true;
    for (const ParkedQuestion& q : s.parked_questions()) {
      if (!first) std::cout << "\n";
      first = false;
      PrintParkedQuestion(q, "  ");
    }
  }
}

void PrintMethod(const kompas::v1::Method& method) {
  std::cout << OneLine(method.id()) << "  " << OneLine(method.title()) << "\n";
  if (!method.description().empty()) std::cout << Wrap(method.description(), kWrapColumns, "  ");
  int number = 0;
  for (const Phase& phase : method.phases()) {
    ++number;
    std::cout << "  " << number << ". " << PhaseLabel(phase) << "\n"
              << Wrap(phase.instruction(), kWrapColumns, "     ")
              << Wrap(PhaseRules(phase), kWrapColumns, "     ");
  }
}

void PrintParkedQuestion(const ParkedQuestion& q, absl::string_view indent) {
  std::cout << indent << OneLine(q.name()) << "  " << Word(q.state()) << "\n";
  std::cout << indent << "asked by " << OneLine(q.asked_by().empty() ? "-" : q.asked_by()) << ", "
            << FormatTime(q.create_time()) << "\n";
  std::cout << Wrap(q.text(), kWrapColumns, absl::StrCat(indent, "  "));
  if (q.state() == kompas::v1::PARKED_QUESTION_STATE_ANSWERED) {
    std::cout << indent << "answer by " << OneLine(q.answered_by().empty() ? "-" : q.answered_by())
              << ", " << FormatTime(q.answer_time()) << "\n"
              << Wrap(q.answer(), kWrapColumns, absl::StrCat(indent, "  "));
  } else {
    std::cout << indent << "waiting for a privacy officer\n";
  }
}

void PrintEvaluationSummary(const kompas::v1::EvaluationSummary& summary) {
  std::cout << "Evaluation of " << OneLine(summary.name()) << "\n\n";
  std::string responses = absl::StrCat(summary.responses());
  // A community's summary spans sessions; a session's is one.
  if (!absl::StrContains(summary.name(), "/sessions/")) {
    absl::StrAppend(&responses, " (from ", summary.sessions(),
                    summary.sessions() == 1 ? " session)" : " sessions)");
  }
  PrintField("responses", responses);
  if (summary.responses() == 0) {
    std::cout << "\nNobody has evaluated yet.\n";
    return;
  }
  if (summary.responses() < summary.minimum_responses()) {
    std::cout << "\n"
              << Wrap(absl::StrCat("Averages and remarks are hidden until ",
                                   summary.minimum_responses(), " people have answered (",
                                   summary.responses(),
                                   " so far), so that nobody's answers can be read off them."),
                      kWrapColumns, "");
    return;
  }
  PrintField("safety", absl::StrCat(Score(summary.safety()), "  (felt safe to speak freely)"));
  PrintField("clarity", absl::StrCat(Score(summary.clarity()), "  (the dilemma became clearer)"));
  PrintField("method kept",
             absl::StrCat(Score(summary.method_kept()), "  (the method was followed)"));
  if (!summary.remarks().empty()) {
    std::cout << "\nRemarks\n";
    for (const std::string& remark : summary.remarks()) PrintItem("  - ", remark);
  }
}

}  // namespace kompas::cli
