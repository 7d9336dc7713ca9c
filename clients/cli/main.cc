// kompas: the command-line client for kompasd. This file only wires the
// command line (CLI11) to the commands in commands.h.
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
#include "credentials.h"
#include "session_commands.h"
#include "session_watch.h"

namespace kompas::cli {
namespace {

// A caller id becomes gRPC metadata, which must be printable ASCII; refusing
// it here beats an obscure transport error.
// True for 127.x, localhost and ::1 targets: plaintext never leaves the machine.
bool IsLoopbackTarget(const std::string& target) {
  std::string host = target;
  if (host.rfind("dns:///", 0) == 0) host = host.substr(7);
  if (host.rfind("unix:", 0) == 0) return true;
  return host.rfind("127.", 0) == 0 || host.rfind("localhost", 0) == 0 ||
         host.rfind("[::1]", 0) == 0 || host == "::1";
}

bool PrintableAscii(const std::string& s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

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

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas: write and discuss anonymized privacy dilemmas (casussen) with peers from other "
      "municipalities.\nExit codes: 0 success, 1 server error (or, for check, personal data "
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
      "  kompas session watch 0abcdefghijkm    follow a session live");

  // CLI11's own errors read like ours: "error: ..." and a pointer to --help.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  ClientOptions options;
  app.add_option("--server", options.server, "kompasd address, host:port")
      ->envname("KOMPAS_SERVER")
      ->capture_default_str();
  app.add_flag("--json", options.json, "print machine-readable JSON (proto JSON mapping)");
  bool insecure = false;
  app.add_flag("--insecure", insecure,
               "allow sending the token in plaintext to a non-loopback server");
  app.add_option("--token", options.token,
                 "your access token (default: $KOMPAS_TOKEN, else the one `kompas login` saved)")
      ->envname("KOMPAS_TOKEN");
  std::string ca_file, cert_file, key_file;
  app.add_flag("--tls", options.tls, "speak TLS to kompasd (default: $KOMPAS_TLS=1)")
      ->envname("KOMPAS_TLS");
  app.add_option("--ca", ca_file,
                 "PEM CA certificates that signed kompasd's certificate; implies --tls "
                 "(default: $KOMPAS_CA, else the system's roots)")
      ->envname("KOMPAS_CA");
  app.add_option("--cert", cert_file,
                 "PEM client certificate for mutual TLS, subject CN = your member id; implies "
                 "--tls, needs --key (default: $KOMPAS_CERT)")
      ->envname("KOMPAS_CERT");
  app.add_option("--key", key_file, "PEM private key of --cert (default: $KOMPAS_KEY)")
      ->envname("KOMPAS_KEY");
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

  // An environment variable that is set but empty means "not set".
  if (options.server.empty()) options.server = "127.0.0.1:50051";
  if (!run) return UsageError("no command given; see kompas --help");
  // A token sent in plaintext to another machine can be read on the way.
  if (!options.tls && !insecure && !IsLoopbackTarget(options.server) &&
      !(options.token.empty() && ReadSavedToken().empty())) {
    return UsageError("refusing to send your token unencrypted to " + options.server +
                      "; use --tls (with --ca for a private CA), or --insecure if the network "
                      "path is trusted");
  }
  if (cert_file.empty() != key_file.empty()) {
    return UsageError("--cert and --key go together: the client certificate and its private key");
  }
  if (!ca_file.empty() || !cert_file.empty()) options.tls = true;
  for (auto [path, pem] : {std::pair{&ca_file, &options.ca_pem},
                           std::pair{&cert_file, &options.cert_pem},
                           std::pair{&key_file, &options.key_pem}}) {
    if (path->empty()) continue;
    if (int rc = ReadInput(*path, pem); rc != kOk) return rc;
  }
  if (options.token.empty()) options.token = ReadSavedToken();
  if (!PrintableAscii(options.token)) {
    return UsageError("the token must be printable ASCII; copy it exactly as it was issued");
  }
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
