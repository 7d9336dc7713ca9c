// `kompas session` and `kompas parked` on the command line.
#include <memory>
#include <string>

#include "command_line.h"
#include "session_commands.h"
#include "session_watch.h"

namespace kompas::cli {
namespace {

// What the session commands parse into; shared by their callbacks until the
// chosen one has run.
struct SessionCommandArgs {
  SessionNewArgs new_args;
  SessionListArgs list;
  std::string name;  // summary
  SessionNextArgs next;
  SessionTextArgs park, conclude, answer;
  SessionEvaluateArgs evaluate;
  SessionWatchArgs watch;
  ParkedListArgs parked;
};

// A session write of one text (park, conclude): NAME, TEXT and the privacy
// flags.
CLI::App* AddTextCommand(CLI::App* session, const char* verb, const char* help,
                         const char* text_help, SessionTextArgs* args) {
  CLI::App* cmd = AddNamed(session, verb, help, NameKind::kSession, &args->name);
  cmd->add_option("TEXT", args->text, text_help)->required();
  AddPrivacyFlags(cmd, &args->privacy);
  return cmd;
}

// `session evaluate`: three scores, 1-5, and a remark.
void AddEvaluateFlags(CLI::App* evaluate, SessionEvaluateArgs* args) {
  evaluate->footer("Scores go from 1 (not at all) to 5 (completely).");
  evaluate->add_option("NAME", args->name, NameHelp(NameKind::kSession))->required();
  const struct {
    const char* flag;
    int* score;
    const char* help;
  } scores[] = {
      {"--safety", &args->safety, "how safe it felt to speak freely, 1-5"},
      {"--clarity", &args->clarity, "whether the dilemma became clearer, 1-5"},
      {"--method-kept", &args->method_kept, "whether the method was followed, 1-5"},
  };
  for (const auto& s : scores) {
    evaluate->add_option(s.flag, *s.score, s.help)->check(CLI::Range(1, 5))->required();
  }
  evaluate->add_option("--remark", args->remark, "an optional remark");
  AddPrivacyFlags(evaluate, &args->privacy);
}

}  // namespace

void AddSessionCommands(CLI::App* app, Chosen* chosen) {
  auto args = std::make_shared<SessionCommandArgs>();
  CLI::App* session = AddNoun(
      app, "session", "intervisie sessions: a facilitator guides peers through a method's phases",
      "A facilitator starts a session on an OPEN case and moves it phase by phase; each phase "
      "says\nwho may post which kinds of reflection (kompas reflect CASE --kind ...). See the "
      "methods and\ntheir phases with: kompas session methods");

  OnChosen(session->add_subcommand("methods", "the intervisie methods and their phases"), chosen,
           [](Client& c) { return RunSessionMethods(c); });

  CLI::App* new_cmd = AddNamed(
      session, "new", "start a session on an OPEN case, at the method's first phase (facilitators)",
      NameKind::kCase, &args->new_args.case_name, "CASE");
  new_cmd->add_option("--method", args->new_args.method, "incident, balint or dilemma")->required();
  new_cmd->add_option("--title", args->new_args.title, "a title (default: the case's title)");
  AddPrivacyFlags(new_cmd, &args->new_args.privacy);
  OnChosen(new_cmd, chosen, [args](Client& c) { return RunSessionNew(c, args->new_args); });

  CLI::App* list = session->add_subcommand("list", "list sessions, newest first");
  list->add_option("--state", args->list.state, "active or closed");
  list->add_option("--case", args->list.case_name, "only sessions about this case");
  AddLimitFlags(list, &args->list.limit, &args->list.all, "sessions");
  OnChosen(list, chosen, [args](Client& c) { return RunSessionList(c, args->list); });

  // show, join, close
  AddOneCalls(session, SessionOneCalls(), chosen);

  CLI::App* watch =
      AddNamed(session, "watch", "follow a session live until it closes (Ctrl-C stops watching)",
               NameKind::kSession, &args->watch.name);
  watch
      ->add_option("--after", args->watch.after,
                   "show only events after this event number (0: everything)")
      ->capture_default_str();
  watch->footer(
      "On a terminal the session is redrawn in place after every event. Into a pipe or a file,\n"
      "every event is one line, numbered: #5 reflection QUESTION communities/x/members/y: ...\n"
      "With --json, one line of proto JSON per message. A dropped connection is resumed after\n"
      "the last event shown. Exit code 0 once the session is closed, or on Ctrl-C.");
  OnChosen(watch, chosen, [args](Client& c) { return RunSessionWatch(c, args->watch); });

  CLI::App* next =
      AddNamed(session, "next",
               "move a session to its next phase, or back to an earlier one (its facilitator)",
               NameKind::kSession, &args->next.name);
  next->add_option("--back-to", args->next.back_to,
                   "an earlier phase id to go back to, e.g. CLARIFYING_QUESTIONS");
  next->add_option(
      "--from", args->next.from,
      "only move if the session is in this phase now (someone else may have moved it)");
  OnChosen(next, chosen, [args](Client& c) { return RunSessionNext(c, args->next); });

  OnChosen(AddTextCommand(session, "park",
                          "park a question for the community's privacy officers (participants)",
                          "the question; - reads it from stdin", &args->park),
           chosen, [args](Client& c) { return RunSessionPark(c, args->park); });
  OnChosen(AddTextCommand(session, "conclude",
                          "record a conclusion, in a phase that records them (its facilitator)",
                          "the conclusion; - reads it from stdin", &args->conclude),
           chosen, [args](Client& c) { return RunSessionConclude(c, args->conclude); });

  CLI::App* evaluate = session->add_subcommand(
      "evaluate", "your evaluation of a session, once: in its evaluation phase or after it closed");
  AddEvaluateFlags(evaluate, &args->evaluate);
  OnChosen(evaluate, chosen, [args](Client& c) { return RunSessionEvaluate(c, args->evaluate); });

  CLI::App* summary =
      session->add_subcommand("summary", "averaged evaluations of a session or a whole community");
  summary->add_option("NAME", args->name, "a session, or a community: communities/{id}")
      ->required();
  OnChosen(summary, chosen, [args](Client& c) { return RunSessionSummary(c, args->name); });

  CLI::App* answer = session->add_subcommand(
      "answer", "answer a parked question; the answer shows on its session (privacy officers)");
  answer->add_option("PARKED_NAME", args->answer.name, NameHelp(NameKind::kParkedQuestion))
      ->required();
  answer->add_option("TEXT", args->answer.text, "the answer; - reads it from stdin")->required();
  AddPrivacyFlags(answer, &args->answer.privacy);
  OnChosen(answer, chosen, [args](Client& c) { return RunSessionAnswer(c, args->answer); });

  CLI::App* parked = app->add_subcommand(
      "parked", "questions parked in sessions for the privacy officers, oldest first");
  parked->add_option("--state", args->parked.state, "open (still to answer) or answered");
  AddLimitFlags(parked, &args->parked.limit, &args->parked.all, "parked questions");
  parked->footer("Answer one with: kompas session answer NAME \"your answer\"");
  OnChosen(parked, chosen, [args](Client& c) { return RunParkedList(c, args->parked); });
}

}  // namespace kompas::cli
