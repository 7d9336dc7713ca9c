// kompas: the command-line client for kompasd. This file only wires the
// command line (CLI11) to the commands in commands.h, session_commands.h and
// standard_commands.h.
//
// Exit codes: 0 success, 1 the server refused or could not be reached, 2 the
// command line or its input was wrong.
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "client.h"
#include "commands.h"
#include "connection_flags.h"
#include "credentials.h"
#include "search_commands.h"
#include "session_commands.h"
#include "session_watch.h"
#include "standard_commands.h"

namespace kompas::cli {
namespace {

// Registers a text flag of `case update`; Edit::given records presence.
void AddEdit(CLI::App* app, const std::string& flag, Edit* edit, const std::string& help) {
  app->add_option(flag, edit->value, help)->each([edit](const std::string&) { edit->given = true; });
}

// Registers --redact and --accept-warnings on a write command.
void AddPrivacyFlags(CLI::App* app, PrivacyFlags* flags) {
  app->add_flag("--redact", flags->redact,
                "store personal data the server finds replaced by placeholders ([NAAM], [BSN], "
                "…) instead of refusing the write");
  app->add_flag("--accept-warnings", flags->accept_warnings,
                "keep text the server warns about (a named school, practice, …) as written");
}

// Registers a repeatable list flag of `case update`.
void AddListEdit(CLI::App* app, const std::string& flag, ListEdit* edit, const std::string& help) {
  app->add_option(flag, edit->values, help)
      ->each([edit](const std::string&) { edit->given = true; })
      ->allow_extra_args(false);
}

// The arguments of the `session` commands; they must outlive parsing, until
// the chosen command has run.
struct SessionCommandArgs {
  SessionNewArgs new_args;
  SessionListArgs list;
  std::string name;  // the NAME of show, join, close, summary
  SessionNextArgs next;
  SessionTextArgs park, conclude, answer;
  SessionEvaluateArgs evaluate;
  SessionWatchArgs watch;
};

// Registers `kompas session ...` on `app`, filling `args`; the chosen one
// sets `*run`. Both must outlive parsing and the run.
void AddSessionCommands(CLI::App* app, SessionCommandArgs* args, std::function<int(Client&)>* run) {
  CLI::App* session = app->add_subcommand(
      "session", "intervisie sessions: a facilitator guides peers through a method's phases");
  session->require_subcommand(1);
  session->footer(
      "A facilitator starts a session on an OPEN case and moves it phase by phase; each phase "
      "says\nwho may post which kinds of reflection (kompas reflect CASE --kind ...). See the "
      "methods and\ntheir phases with: kompas session methods");
  const std::string session_help =
      "the session: communities/{community}/sessions/{id}, or just the 13-character id";

  session->add_subcommand("methods", "the intervisie methods and their phases")->callback([run] {
    *run = [](Client& c) { return RunSessionMethods(c); };
  });

  CLI::App* new_cmd = session->add_subcommand(
      "new", "start a session on an OPEN case, at the method's first phase (facilitators)");
  new_cmd
      ->add_option("CASE", args->new_args.case_name,
                   "the case: communities/{community}/cases/{id}, or just the 13-character id")
      ->required();
  new_cmd->add_option("--method", args->new_args.method, "incident, balint or dilemma")->required();
  new_cmd->add_option("--title", args->new_args.title, "a title (default: the case's title)");
  AddPrivacyFlags(new_cmd, &args->new_args.privacy);
  new_cmd->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionNew(c, args->new_args); }; });

  CLI::App* list = session->add_subcommand("list", "list sessions, newest first");
  list->add_option("--state", args->list.state, "active or closed");
  list->add_option("--case", args->list.case_name, "only sessions about this case");
  list->add_option("--limit", args->list.limit, "show at most this many sessions")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  list->add_flag("--all", args->list.all, "show all sessions");
  list->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionList(c, args->list); }; });

  CLI::App* show = session->add_subcommand(
      "show", "a session: phase and its rules, participants, conclusions, parked questions");
  show->add_option("NAME", args->name, session_help)->required();
  show->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionShow(c, args->name); }; });

  CLI::App* watch = session->add_subcommand(
      "watch", "follow a session live until it closes (Ctrl-C stops watching)");
  watch->add_option("NAME", args->watch.name, session_help)->required();
  watch
      ->add_option("--after", args->watch.after,
                   "show only events after this event number (0: everything)")
      ->capture_default_str();
  watch->footer(
      "On a terminal the session is redrawn in place after every event. Into a pipe or a file,\n"
      "every event is one line, numbered: #5 reflection QUESTION communities/x/members/y: ...\n"
      "With --json, one line of proto JSON per message. A dropped connection is resumed after\n"
      "the last event shown. Exit code 0 once the session is closed, or on Ctrl-C.");
  watch->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionWatch(c, args->watch); }; });

  CLI::App* join = session->add_subcommand("join", "take part in a session");
  join->add_option("NAME", args->name, session_help)->required();
  join->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionJoin(c, args->name); }; });

  CLI::App* next = session->add_subcommand(
      "next", "move a session to its next phase, or back to an earlier one (its facilitator)");
  next->add_option("NAME", args->next.name, session_help)->required();
  next->add_option("--back-to", args->next.back_to,
                   "an earlier phase id to go back to, e.g. CLARIFYING_QUESTIONS");
  next->add_option(
      "--from", args->next.from,
      "only move if the session is in this phase now (someone else may have moved it)");
  next->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionNext(c, args->next); }; });

  CLI::App* park = session->add_subcommand(
      "park", "park a question for the community's privacy officers (participants)");
  park->add_option("NAME", args->park.name, session_help)->required();
  park->add_option("TEXT", args->park.text, "the question; - reads it from stdin")->required();
  AddPrivacyFlags(park, &args->park.privacy);
  park->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionPark(c, args->park); }; });

  CLI::App* conclude = session->add_subcommand(
      "conclude", "record a conclusion, in a phase that records them (its facilitator)");
  conclude->add_option("NAME", args->conclude.name, session_help)->required();
  conclude->add_option("TEXT", args->conclude.text, "the conclusion; - reads it from stdin")
      ->required();
  AddPrivacyFlags(conclude, &args->conclude.privacy);
  conclude->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionConclude(c, args->conclude); }; });

  CLI::App* close = session->add_subcommand(
      "close", "end a session (its facilitator); the case becomes concluded, or open again");
  close->add_option("NAME", args->name, session_help)->required();
  close->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionClose(c, args->name); }; });

  CLI::App* evaluate = session->add_subcommand(
      "evaluate", "your evaluation of a session, once: in its evaluation phase or after it closed");
  evaluate->footer("Scores go from 1 (not at all) to 5 (completely).");
  evaluate->add_option("NAME", args->evaluate.name, session_help)->required();
  evaluate->add_option("--safety", args->evaluate.safety, "how safe it felt to speak freely, 1-5")
      ->check(CLI::Range(1, 5))
      ->required();
  evaluate
      ->add_option("--clarity", args->evaluate.clarity, "whether the dilemma became clearer, 1-5")
      ->check(CLI::Range(1, 5))
      ->required();
  evaluate
      ->add_option("--method-kept", args->evaluate.method_kept,
                   "whether the method was followed, 1-5")
      ->check(CLI::Range(1, 5))
      ->required();
  evaluate->add_option("--remark", args->evaluate.remark, "an optional remark");
  AddPrivacyFlags(evaluate, &args->evaluate.privacy);
  evaluate->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionEvaluate(c, args->evaluate); }; });

  CLI::App* summary =
      session->add_subcommand("summary", "averaged evaluations of a session or a whole community");
  summary->add_option("NAME", args->name, "a session, or a community: communities/{id}")
      ->required();
  summary->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionSummary(c, args->name); }; });

  CLI::App* answer = session->add_subcommand(
      "answer", "answer a parked question; the answer shows on its session (privacy officers)");
  answer
      ->add_option("PARKED_NAME", args->answer.name,
                   "the question: communities/{community}/parkedQuestions/{id}, or just the id")
      ->required();
  answer->add_option("TEXT", args->answer.text, "the answer; - reads it from stdin")->required();
  AddPrivacyFlags(answer, &args->answer.privacy);
  answer->callback(
      [args, run] { *run = [args](Client& c) { return RunSessionAnswer(c, args->answer); }; });
}

// The arguments of the standard, position, register and kompas commands;
// they must outlive parsing, until the chosen command has run.
struct StandardCommandArgs {
  StandardNewArgs new_args;
  StandardListArgs list;
  StandardShowArgs show;
  StandardEditArgs edit;
  StandardDiffArgs diff;
  std::string name;  // the NAME of revisions, propose, endorse, withdraw, adopt, erratum list
  ReasonArgs reason;  // reject, retire, erratum reject
  StandardSupersedeArgs supersede;
  ErratumReportArgs report;
  ErratumAcceptArgs accept;
  PositionSetArgs position_set;
  PositionListArgs position_list;
  std::string today;                  // register --today
  std::string notes;                  // kompas publish --notes
  std::string version, other_version;  // kompas show, kompas diff
};

// Registers the content flags of a standard; `lists_help` says what a
// repeated list flag does to the list.
void AddContentFlags(CLI::App* app, ContentFlags* content, const std::string& lists_help) {
  AddEdit(app, "--title", &content->title, "short title, 1-200 characters");
  AddEdit(app, "--kind", &content->kind, "no-go, must-do, rule-of-thumb or good-practice");
  AddEdit(app, "--modality", &content->modality, "must, must-not, should or may");
  AddEdit(app, "--statement", &content->statement, "the norm itself; - reads it from stdin");
  AddEdit(app, "--rationale", &content->rationale, "why the norm holds");
  AddListEdit(app, "--law", &content->laws, "a law in scope, e.g. AVG; " + lists_help);
  AddListEdit(app, "--theme", &content->themes, "a theme in scope; " + lists_help);
  AddListEdit(app, "--audience", &content->audiences,
              "A (richten), B (inrichten), C (sturen) or D (uitvoeren); " + lists_help);
}

// Registers `kompas standard ...` on `app`, filling `args`; the chosen one
// sets `*run`. Both must outlive parsing and the run.
void AddStandardCommands(CLI::App* app, StandardCommandArgs* args,
                         std::function<int(Client&)>* run) {
  CLI::App* standard = app->add_subcommand(
      "standard", "professional standards: drafted from dilemmas, endorsed, adopted, corrected");
  standard->require_subcommand(1);
  standard->footer(
      "A steward drafts a standard and proposes it; members endorse it, and a steward adopts it\n"
      "once the endorsers come from the community's quorum of municipalities (default 3).\n"
      "Editing a proposed standard clears its endorsements. An adopted standard changes only\n"
      "through an accepted erratum. Names may be given in full or as the 13-character id.");
  const std::string standard_help =
      "the standard: communities/{community}/standards/{id}, or just the 13-character id";
  const std::string erratum_help =
      "the erratum: communities/{community}/standards/{id}/errata/{id}, or {standard id}/{id}";

  CLI::App* new_cmd = standard->add_subcommand(
      "new", "draft a standard (stewards), from a JSON file or from flags");
  new_cmd->add_option("--file", args->new_args.file,
                      "the standard as JSON (proto JSON of kompas.v1.Standard: content and "
                      "sources); - reads stdin; flags given as well override it");
  AddContentFlags(new_cmd, &args->new_args.content, "repeat for several");
  new_cmd->add_option("--from-case", args->new_args.from_cases,
                      "a case it grew out of; repeat for several")
      ->allow_extra_args(false);
  new_cmd->add_option("--from-session", args->new_args.from_sessions,
                      "an intervisie session it grew out of; repeat for several")
      ->allow_extra_args(false);
  new_cmd->add_option("--from-conclusion", args->new_args.from_conclusion,
                      "the session conclusion it grew out of, {session}/{number}; the "
                      "conclusion then links to this standard");
  AddPrivacyFlags(new_cmd, &args->new_args.privacy);
  new_cmd->footer(
      "Example:\n"
      "  kompas standard new --title \"Eerst de ouders\" --kind rule-of-thumb --modality should \\\n"
      "    --statement \"Vraag eerst de ouders voordat je iets aan school vertelt.\" \\\n"
      "    --law AVG --audience D --from-case 0abcdefghijkm");
  new_cmd->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardNew(c, args->new_args); }; });

  CLI::App* list = standard->add_subcommand("list", "list standards, oldest first");
  list->add_option("--kind", args->list.kind, "no-go, must-do, rule-of-thumb or good-practice");
  list->add_option("--status", args->list.status,
                   "draft, proposed, adopted, rejected, retired or superseded");
  list->add_option("--law", args->list.law, "only standards naming this law, e.g. AVG");
  list->add_option("--theme", args->list.theme, "only standards with this theme");
  list->add_option("--audience", args->list.audience, "only standards for A, B, C or D");
  list->add_option("--case", args->list.case_name, "only standards that grew out of this case");
  list->add_option("--limit", args->list.limit, "show at most this many standards")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  list->add_flag("--all", args->list.all, "show all standards");
  list->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardList(c, args->list); }; });

  CLI::App* show = standard->add_subcommand(
      "show", "a standard: its text, status, endorsements, sources and successors");
  show->add_option("NAME", args->show.name, standard_help)->required();
  show->add_option("--revision", args->show.revision, "an earlier revision to read (default: the latest)")
      ->check(CLI::PositiveNumber);
  show->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardShow(c, args->show); }; });

  CLI::App* edit = standard->add_subcommand(
      "edit", "change a draft or proposed standard's text: a new revision (stewards)");
  edit->add_option("NAME", args->edit.name, standard_help)->required();
  edit->add_option("--note", args->edit.note, "why, in a line; stored with the revision")
      ->required();
  AddContentFlags(edit, &args->edit.content, "repeat for several; replaces the list ('' clears)");
  AddPrivacyFlags(edit, &args->edit.privacy);
  edit->footer("Only the fields you pass change. An adopted standard is corrected through an "
               "erratum instead.");
  edit->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardEdit(c, args->edit); }; });

  CLI::App* revisions = standard->add_subcommand("revisions", "a standard's revisions, oldest first");
  revisions->add_option("NAME", args->name, standard_help)->required();
  revisions->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardRevisions(c, args->name); }; });

  CLI::App* diff = standard->add_subcommand(
      "diff", "what changed between two revisions, word by word: [-deleted-]{+inserted+}");
  diff->add_option("NAME", args->diff.name, standard_help)->required();
  diff->add_option("FROM", args->diff.from, "the older revision")
      ->check(CLI::PositiveNumber)
      ->required();
  diff->add_option("TO", args->diff.to, "the newer revision (default: the latest)")
      ->check(CLI::PositiveNumber);
  diff->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardDiff(c, args->diff); }; });

  const std::pair<const char*, std::pair<StandardStep, const char*>> steps[] = {
      {"propose", {StandardStep::kPropose, "open a draft for endorsement (stewards)"}},
      {"endorse", {StandardStep::kEndorse, "endorse a proposed standard, once per member"}},
      {"withdraw", {StandardStep::kWithdraw, "take your endorsement back"}},
      {"adopt",
       {StandardStep::kAdopt,
        "adopt a proposed standard once endorsed from the quorum of municipalities (stewards)"}},
  };
  for (const auto& [word, step_help] : steps) {
    CLI::App* cmd = standard->add_subcommand(word, step_help.second);
    cmd->add_option("NAME", args->name, standard_help)->required();
    const StandardStep step = step_help.first;
    cmd->callback([args, run, step] {
      *run = [args, step](Client& c) { return RunStandardStep(c, step, args->name); };
    });
  }

  CLI::App* reject =
      standard->add_subcommand("reject", "reject a draft or proposed standard (stewards)");
  reject->add_option("NAME", args->reason.name, standard_help)->required();
  reject->add_option("--reason", args->reason.reason, "why; - reads it from stdin")->required();
  reject->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardReject(c, args->reason); }; });

  CLI::App* retire =
      standard->add_subcommand("retire", "retire an adopted standard: no longer in force (stewards)");
  retire->add_option("NAME", args->reason.name, standard_help)->required();
  retire->add_option("--reason", args->reason.reason, "why; - reads it from stdin")->required();
  retire->callback(
      [args, run] { *run = [args](Client& c) { return RunStandardRetire(c, args->reason); }; });

  CLI::App* supersede = standard->add_subcommand(
      "supersede", "replace an adopted standard by an adopted successor (stewards)");
  supersede->add_option("NAME", args->supersede.name, standard_help)->required();
  supersede->add_option("--by", args->supersede.successor, "the adopted successor")->required();
  supersede->callback([args, run] {
    *run = [args](Client& c) { return RunStandardSupersede(c, args->supersede); };
  });

  CLI::App* erratum = standard->add_subcommand(
      "erratum", "errors in adopted standards: reported by members, resolved by stewards");
  erratum->require_subcommand(1);
  CLI::App* report = erratum->add_subcommand("report", "report an error in an adopted standard");
  report->add_option("NAME", args->report.name, standard_help)->required();
  report->add_option("DESCRIPTION", args->report.description,
                     "what is wrong; - reads it from stdin")
      ->required();
  AddPrivacyFlags(report, &args->report.privacy);
  report->callback(
      [args, run] { *run = [args](Client& c) { return RunErratumReport(c, args->report); }; });

  CLI::App* errata = erratum->add_subcommand("list", "a standard's errata, oldest first");
  errata->add_option("NAME", args->name, standard_help)->required();
  errata->callback(
      [args, run] { *run = [args](Client& c) { return RunErratumList(c, args->name); }; });

  CLI::App* accept = erratum->add_subcommand(
      "accept", "accept an erratum with the corrected text: a new revision (stewards)");
  accept->add_option("ERRATUM", args->accept.name, erratum_help)->required();
  accept->add_option("--file", args->accept.file,
                     "the corrected content, complete, as JSON (proto JSON of "
                     "kompas.v1.StandardContent); - reads stdin");
  AddContentFlags(accept, &args->accept.content,
                  "repeat for several; replaces the list ('' clears)");
  AddPrivacyFlags(accept, &args->accept.privacy);
  accept->footer("Without --file the correction is the standard's current text with the fields "
                 "you pass changed.");
  accept->callback(
      [args, run] { *run = [args](Client& c) { return RunErratumAccept(c, args->accept); }; });

  CLI::App* refuse = erratum->add_subcommand("reject", "reject an erratum, with a reason (stewards)");
  refuse->add_option("ERRATUM", args->reason.name, erratum_help)->required();
  refuse->add_option("--reason", args->reason.reason, "why; - reads it from stdin")->required();
  AddPrivacyFlags(refuse, &args->reason.privacy);
  refuse->callback(
      [args, run] { *run = [args](Client& c) { return RunErratumReject(c, args->reason); }; });
}

// Registers `kompas position ...` and `kompas register`: volg of leg uit.
void AddPositionCommands(CLI::App* app, StandardCommandArgs* args,
                         std::function<int(Client&)>* run) {
  CLI::App* position = app->add_subcommand(
      "position", "a municipality's position on an adopted standard: volg of leg uit");
  position->require_subcommand(1);

  CLI::App* set = position->add_subcommand(
      "set", "record your municipality's position (stewards and privacy officers)");
  set->add_option("STANDARD", args->position_set.standard,
                  "the adopted standard: communities/{community}/standards/{id}, or the id")
      ->required();
  set->add_option("--municipality", args->position_set.municipality,
                  "your municipality's CBS code, e.g. GM0344 (default: $KOMPAS_MUNICIPALITY; "
                  "the server does not tell the CLI which one is yours)")
      ->envname("KOMPAS_MUNICIPALITY");
  set->add_option("--stance", args->position_set.stance, "follows, deviates or not-applicable")
      ->required();
  set->add_option("--explanation", args->position_set.explanation,
                  "why; required with deviates; - reads it from stdin");
  set->add_option("--review-on", args->position_set.review_on,
                  "when to look at it again, YYYY-MM-DD")
      ->required();
  AddPrivacyFlags(set, &args->position_set.privacy);
  set->callback(
      [args, run] { *run = [args](Client& c) { return RunPositionSet(c, args->position_set); }; });

  CLI::App* list = position->add_subcommand("list", "positions, by standard then municipality");
  list->add_option("--standard", args->position_list.standard, "only positions on this standard");
  list->add_option("--municipality", args->position_list.municipality,
                   "only this municipality's positions, e.g. GM0344");
  list->callback([args, run] {
    *run = [args](Client& c) { return RunPositionList(c, args->position_list); };
  });

  CLI::App* reg = app->add_subcommand(
      "register", "the comply-or-explain register: per municipality, its positions and gaps");
  reg->add_option("--today", args->today,
                  "count reviews overdue on this day, YYYY-MM-DD (default: today)");
  reg->callback([args, run] { *run = [args](Client& c) { return RunRegister(c, args->today); }; });
}

// Registers `kompas kompas ...`: the published versions.
void AddKompasCommands(CLI::App* app, StandardCommandArgs* args,
                       std::function<int(Client&)>* run) {
  CLI::App* kompas = app->add_subcommand(
      "kompas", "the published kompas: immutable versions of the adopted standards");
  kompas->require_subcommand(1);
  kompas->footer(
      "Versions are numbered 1, 2, 3, …; give one as 3, v3 or latest.\n"
      "Export one as Markdown, JSON or CSV with kompas-export.");
  const std::string version_help = "the version: 3, v3 or latest";

  CLI::App* publish = kompas->add_subcommand(
      "publish", "publish the next version: every adopted standard as it is now (stewards)");
  publish->add_option("--notes", args->notes, "the release notes; - reads them from stdin")
      ->required();
  publish->callback(
      [args, run] { *run = [args](Client& c) { return RunKompasPublish(c, args->notes); }; });

  CLI::App* show = kompas->add_subcommand("show", "a published version, its standards by kind");
  show->add_option("VERSION", args->version, version_help + " (default: latest)");
  show->callback(
      [args, run] { *run = [args](Client& c) { return RunKompasShow(c, args->version); }; });

  kompas->add_subcommand("versions", "the published versions, newest first")->callback([run] {
    *run = [](Client& c) { return RunKompasVersions(c); };
  });

  CLI::App* diff = kompas->add_subcommand(
      "diff", "what was added, changed (word by word) and removed between two versions");
  diff->add_option("FROM", args->version, version_help)->required();
  diff->add_option("TO", args->other_version, version_help)->required();
  diff->callback([args, run] {
    *run = [args](Client& c) { return RunKompasDiff(c, args->version, args->other_version); };
  });
}

// The arguments of the search and annotation commands; they must outlive
// parsing, until the chosen command has run.
struct SearchCommandArgs {
  SearchArgs search;
  CaseMatchArgs similar, standards;
  AnnotateArgs annotate;
  AnnotationsArgs annotations;
  std::string name;  // annotation delete
};

// Registers `kompas search`, `kompas case similar|standards` (on `case_cmd`),
// `kompas annotate`, `kompas annotations` and `kompas annotation delete`.
void AddSearchCommands(CLI::App* app, CLI::App* case_cmd, SearchCommandArgs* args,
                       std::function<int(Client&)>* run) {
  CLI::App* search = app->add_subcommand(
      "search", "find cases, reflections and standards by their words, best first");
  search->add_option("QUERY", args->search.query, "the words; any inflection matches")
      ->required();
  search->add_option("--kind", args->search.kinds,
                     "only case, reflection or standard; repeat for several")
      ->allow_extra_args(false);
  search->add_option("--status", args->search.status,
                     "only cases (and their reflections) with this status");
  search->add_option("--theme", args->search.theme, "only material with this theme");
  search->add_option("--law", args->search.law, "only material naming this law, e.g. Jeugdwet");
  search->add_option("--municipality", args->search.municipality,
                     "only cases (and their reflections) from this municipality, e.g. GM0479");
  search->add_option("--since", args->search.since, "only material created on or after YYYY-MM-DD");
  search->add_option("--until", args->search.until, "only material created on or before YYYY-MM-DD");
  search->add_option("--limit", args->search.limit, "show at most this many results")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  search->footer("Matching words are shown in bold on a terminal, in [brackets] otherwise.");
  search->callback(
      [args, run] { *run = [args](Client& c) { return RunSearch(c, args->search); }; });

  const std::string case_help =
      "the case: communities/{community}/cases/{id}, or just the 13-character id";
  CLI::App* similar = case_cmd->add_subcommand("similar", "cases like this one, most similar first");
  similar->add_option("NAME", args->similar.name, case_help)->required();
  similar->add_option("--limit", args->similar.limit, "show at most this many cases")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  similar->callback(
      [args, run] { *run = [args](Client& c) { return RunCaseSimilar(c, args->similar); }; });

  CLI::App* standards = case_cmd->add_subcommand(
      "standards", "adopted standards that apply to this case, best first");
  standards->add_option("NAME", args->standards.name, case_help)->required();
  standards->add_option("--limit", args->standards.limit, "show at most this many standards")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  standards->callback(
      [args, run] { *run = [args](Client& c) { return RunCaseStandards(c, args->standards); }; });

  const std::string target_help =
      "a case, reflection or standard in full (communities/...); a bare 13-character id is a "
      "case, {case id}/{reflection id} a reflection";
  CLI::App* annotate =
      app->add_subcommand("annotate", "comment on words of a case, a reflection or a standard");
  annotate->add_option("TARGET", args->annotate.target, target_help)->required();
  annotate->add_option("BODY", args->annotate.body, "the comment; - reads it from stdin");
  annotate
      ->add_option("--field", args->annotate.field,
                   "the text field: situation, framing.purpose, … (cases), text (reflections), "
                   "content.statement, … (standards)")
      ->required();
  annotate->add_option("--quote", args->annotate.quote, "the exact words to annotate")->required();
  annotate->add_option("--prefix", args->annotate.prefix,
                       "text just before the words, to tell repeats apart");
  annotate->add_option("--suffix", args->annotate.suffix, "text just after the words");
  annotate->add_option("--tag", args->annotate.tags, "a tag; repeat for several")
      ->allow_extra_args(false);
  annotate->add_option("--motivation", args->annotate.motivation,
                       "commenting (default), questioning, highlighting or linking");
  annotate->add_option("--standard", args->annotate.standard,
                       "for linking: the standard the words relate to");
  AddPrivacyFlags(annotate, &args->annotate.privacy);
  annotate->callback(
      [args, run] { *run = [args](Client& c) { return RunAnnotate(c, args->annotate); }; });

  CLI::App* annotations = app->add_subcommand(
      "annotations", "the annotations on a case, reflection or standard, oldest first");
  annotations->add_option("TARGET", args->annotations.target, target_help)->required();
  annotations
      ->add_option("--format", args->annotations.format,
                   "text (the quotes in their context) or w3c (W3C Web Annotation JSON-LD)")
      ->capture_default_str();
  annotations->callback(
      [args, run] { *run = [args](Client& c) { return RunAnnotations(c, args->annotations); }; });

  CLI::App* annotation = app->add_subcommand("annotation", "change annotations");
  annotation->require_subcommand(1);
  CLI::App* del = annotation->add_subcommand("delete", "delete one of your annotations");
  del->add_option("NAME", args->name,
                  "the annotation: communities/{community}/annotations/{id}, or just the id")
      ->required();
  del->callback(
      [args, run] { *run = [args](Client& c) { return RunAnnotationDelete(c, args->name); }; });
}

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas: write and discuss anonymized privacy dilemmas (casussen) with peers from other "
      "municipalities, and agree on the professional standards that grow out of them (the "
      "kompas).\nExit codes: 0 success, 1 server error (or, for check, personal data "
      "found), 2 usage error."};
  app.name("kompas");
  // Global options may come before or after the subcommand.
  app.fallthrough();
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  kompas check situatie.txt             preview what the privacy check finds, store nothing\n"
      "  kompas case new                       write a case, step by step\n"
      "  kompas case new --file case.json --redact\n"
      "                                        store it with names, BSNs, … replaced by [NAAM], [BSN], …\n"
      "  kompas case list --status open        cases open for reflections\n"
      "  kompas case show 0abcdefghijkm        read one case\n"
      "  kompas reflect 0abcdefghijkm --kind advice \"Ik zou eerst toestemming vragen.\"\n"
      "  kompas session new 0abcdefghijkm --method incident\n"
      "                                        start an intervisie session (facilitators)\n"
      "  kompas session watch 0abcdefghijkm    follow a session live\n"
      "  kompas standard list --status proposed\n"
      "                                        standards open for endorsement\n"
      "  kompas standard endorse 0abcdefghijkm endorse one\n"
      "  kompas kompas show                    the latest published kompas");

  // CLI11's own errors read like ours: "error: ..." and a pointer to --help.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  ClientOptions options;
  ConnectionFlags connection;
  AddConnectionFlags(&app, &options, &connection);
  app.add_flag("--json", options.json, "print machine-readable JSON (proto JSON mapping)");
  app.add_option("--community", options.community,
                 "community id; may be left out when the server has only one")
      ->envname("KOMPAS_COMMUNITY");

  // The chosen command, set by its subcommand's callback; runs after parsing.
  std::function<int(Client&)> run;

  // login: keep the token so later commands need no --token.
  std::string login_token;
  CLI::App* login = app.add_subcommand(
      "login", "save your access token in ~/.config/kompas/token (readable only by you)");
  login->add_option("token", login_token, "the token; `-` or nothing reads it from stdin");
  login->callback([&] { run = [&](Client&) { return SaveToken(login_token); }; });

  // community
  CLI::App* community = app.add_subcommand("community", "learning communities");
  community->require_subcommand(1);
  community->add_subcommand("list", "list the communities")->callback([&] {
    run = [](Client& c) { return RunCommunityList(c); };
  });
  std::string community_id;
  CLI::App* community_show =
      community->add_subcommand("show", "show a community and its members");
  community_show->add_option("ID", community_id,
                             "community id (default: --community, or the only one)");
  community_show->callback([&] { run = [&](Client& c) { return RunCommunityShow(c, community_id); }; });

  app.add_subcommand("municipalities", "list the municipalities the server knows")->callback([&] {
    run = [](Client& c) { return RunMunicipalities(c); };
  });

  // case
  CLI::App* case_cmd = app.add_subcommand("case", "write, find and change cases (casussen)");
  case_cmd->require_subcommand(1);
  const std::string name_help =
      "the case: communities/{community}/cases/{id}, or just the 13-character id";

  CaseNewArgs new_args;
  CLI::App* case_new = case_cmd->add_subcommand(
      "new", "write a new case: step by step in the terminal, or from a JSON file");
  case_new->add_option("--file", new_args.file,
                       "the case as JSON (proto JSON mapping of kompas.v1.Case); - reads stdin");
  case_new->add_flag("--open", new_args.open,
                     "share it right away (status open) instead of keeping a draft");
  AddPrivacyFlags(case_new, &new_args.privacy);
  case_new->callback([&] { run = [&](Client& c) { return RunCaseNew(c, new_args); }; });

  CaseListArgs list_args;
  CLI::App* case_list = case_cmd->add_subcommand("list", "list cases, newest first");
  case_list->add_option("--status", list_args.status,
                        "draft, open, in_session, concluded or archived");
  case_list->add_option("--theme", list_args.theme, "only cases with this theme");
  case_list->add_option("--law", list_args.law, "only cases involving this law, e.g. Jeugdwet");
  case_list->add_option("--municipality", list_args.municipality,
                        "only cases from this municipality, e.g. GM0479");
  case_list->add_option("--limit", list_args.limit, "show at most this many cases")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  case_list->add_flag("--all", list_args.all, "show all cases");
  case_list->callback([&] { run = [&](Client& c) { return RunCaseList(c, list_args); }; });

  std::string show_name;
  CLI::App* case_show = case_cmd->add_subcommand("show", "read one case");
  case_show->add_option("NAME", show_name, name_help)->required();
  case_show->callback([&] { run = [&](Client& c) { return RunCaseShow(c, show_name); }; });

  CaseUpdateArgs update;
  CLI::App* case_update = case_cmd->add_subcommand(
      "update", "change fields of a case; only the fields you pass change");
  case_update->add_option("NAME", update.name, name_help)->required();
  AddEdit(case_update, "--title", &update.title, "new title");
  AddEdit(case_update, "--situation", &update.situation, "the anonymized story (Situatie)");
  AddEdit(case_update, "--question", &update.question, "the dilemma as a question (Vraag)");
  AddEdit(case_update, "--task", &update.task, "stappenplan 1: the statutory task (Taak)");
  AddEdit(case_update, "--purpose", &update.purpose, "stappenplan 2: the purpose (Doel)");
  AddEdit(case_update, "--necessary-data", &update.necessary_data,
          "stappenplan 3: the data needed and no more (Noodzakelijke gegevens)");
  AddEdit(case_update, "--legal-basis", &update.legal_basis,
          "stappenplan 4: legal basis and proportionality (Grondslag en proportionaliteit)");
  AddEdit(case_update, "--decision", &update.decision, "what was decided (Besluit)");
  AddEdit(case_update, "--outcome", &update.outcome, "what came of it (Uitkomst)");
  AddListEdit(case_update, "--option", &update.options,
              "an option considered; repeat for several; replaces all options");
  AddListEdit(case_update, "--law", &update.laws,
              "a law involved; repeat for several; replaces all laws ('' clears)");
  AddListEdit(case_update, "--theme", &update.themes,
              "a theme; repeat for several; replaces all themes ('' clears)");
  AddEdit(case_update, "--visibility", &update.visibility,
          "community (this community) or shared (every community)");
  case_update->add_option("--etag", update.etag,
                          "the etag you read; default: the current one, read just before");
  AddPrivacyFlags(case_update, &update.privacy);
  case_update->callback([&] { run = [&](Client& c) { return RunCaseUpdate(c, update); }; });

  CaseStatusArgs status_args;
  CLI::App* case_status = case_cmd->add_subcommand(
      "status", "move a case along its life: draft, open, in_session, concluded, archived");
  case_status->add_option("NAME", status_args.name, name_help)->required();
  case_status->add_option("STATUS", status_args.status,
                          "draft, open, in_session, concluded or archived")
      ->required();
  AddPrivacyFlags(case_status, &status_args.privacy);
  case_status->callback([&] { run = [&](Client& c) { return RunCaseStatus(c, status_args); }; });

  std::string delete_name;
  bool delete_yes = false;
  CLI::App* case_delete =
      case_cmd->add_subcommand("delete", "delete a case and all its reflections");
  case_delete->add_option("NAME", delete_name, name_help)->required();
  case_delete->add_flag("-y,--yes", delete_yes, "do not ask for confirmation");
  case_delete->callback(
      [&] { run = [&](Client& c) { return RunCaseDelete(c, delete_name, delete_yes); }; });

  SearchCommandArgs search_args;
  AddSearchCommands(&app, case_cmd, &search_args, &run);

  // reflections
  ReflectArgs reflect;
  CLI::App* reflect_cmd = app.add_subcommand("reflect", "add a reflection (inbreng) to a case");
  reflect_cmd->add_option("NAME", reflect.name, name_help)->required();
  reflect_cmd->add_option("--kind", reflect.kind,
                          "question, experience, consideration, advice or concern")
      ->required();
  reflect_cmd->add_option("TEXT", reflect.text, "your reflection; - reads it from stdin")
      ->required();
  AddPrivacyFlags(reflect_cmd, &reflect.privacy);
  reflect_cmd->callback([&] { run = [&](Client& c) { return RunReflect(c, reflect); }; });

  std::string reflections_name;
  bool reflections_all = false;
  CLI::App* reflections_cmd =
      app.add_subcommand("reflections", "read the reflections on a case, oldest first");
  reflections_cmd->add_option("NAME", reflections_name, name_help)->required();
  reflections_cmd->add_flag("--all", reflections_all, "show all, not only the first 50");
  reflections_cmd->callback([&] {
    run = [&](Client& c) { return RunReflections(c, reflections_name, reflections_all); };
  });

  SessionCommandArgs session_args;
  AddSessionCommands(&app, &session_args, &run);
  ParkedListArgs parked_args;
  CLI::App* parked_cmd = app.add_subcommand(
      "parked", "questions parked in sessions for the privacy officers, oldest first");
  parked_cmd->add_option("--state", parked_args.state, "open (still to answer) or answered");
  parked_cmd->add_option("--limit", parked_args.limit, "show at most this many questions")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  parked_cmd->add_flag("--all", parked_args.all, "show all parked questions");
  parked_cmd->footer("Answer one with: kompas session answer NAME \"your answer\"");
  parked_cmd->callback([&] { run = [&](Client& c) { return RunParkedList(c, parked_args); }; });

  StandardCommandArgs standard_args;
  AddStandardCommands(&app, &standard_args, &run);
  AddPositionCommands(&app, &standard_args, &run);
  AddKompasCommands(&app, &standard_args, &run);

  // check
  CheckArgs check_args;
  CLI::App* check_cmd = app.add_subcommand(
      "check",
      "preview the privacy check on a text, storing nothing (exit code 1 when it finds "
      "personal data)");
  check_cmd->footer(
      "Marks names, BSNs, phone numbers, … in the text, lists them, and shows what --redact "
      "would store.\nLike a linter: exit code 0 when nothing is found, 1 when anything is "
      "(BLOCK or WARN), also with --json.\nWith --community, that community's allow-list "
      "applies.");
  check_cmd->add_option("FILE", check_args.file, "plain UTF-8 text; - reads stdin")->required();
  check_cmd->callback([&] { run = [&](Client& c) { return RunCheck(c, check_args); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with exit code 0; everything else is usage.
    return app.exit(e) == 0 ? kOk : kUsageError;
  }

  if (!run) return UsageError("no command given; see kompas --help");
  if (int rc = ResolveConnection(connection, &options); rc != kOk) return rc;
  Client client(std::move(options));
  return run(client);
}

}  // namespace
}  // namespace kompas::cli

int main(int argc, char** argv) {
  // Nothing below throws on purpose; this is the last line of defence so
  // that odd input ends in a message, never in an abort.
  try {
    return kompas::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return kompas::cli::kServerError;
  }
}
