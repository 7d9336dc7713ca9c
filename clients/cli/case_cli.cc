// `kompas case`, `kompas reflect`, `kompas reflections` and `kompas check`
// on the command line.
#include <memory>
#include <string>

#include "command_line.h"
#include "commands.h"

namespace kompas::cli {
namespace {

// What the case commands parse into; shared by their callbacks until the
// chosen one has run.
struct CaseCommandArgs {
  CaseNewArgs new_args;
  CaseListArgs list;
  CaseUpdateArgs update;
  CaseStatusArgs status;
  std::string name;  // delete, reflections
  bool yes = false;  // delete
  bool all = false;  // reflections
  ReflectArgs reflect;
  CheckArgs check;
};

// `case update`'s flags: each one given changes one field.
void AddUpdateFlags(CLI::App* update, CaseUpdateArgs* args) {
  const struct {
    const char* flag;
    Edit CaseUpdateArgs::*edit;
    const char* help;
  } edits[] = {
      {"--title", &CaseUpdateArgs::title, "new title"},
      {"--situation", &CaseUpdateArgs::situation, "the anonymized story (Situatie)"},
      {"--question", &CaseUpdateArgs::question, "the dilemma as a question (Vraag)"},
      {"--task", &CaseUpdateArgs::task, "stappenplan 1: the statutory task (Taak)"},
      {"--purpose", &CaseUpdateArgs::purpose, "stappenplan 2: the purpose (Doel)"},
      {"--necessary-data", &CaseUpdateArgs::necessary_data,
       "stappenplan 3: the data needed and no more (Noodzakelijke gegevens)"},
      {"--legal-basis", &CaseUpdateArgs::legal_basis,
       "stappenplan 4: legal basis and proportionality (Grondslag en proportionaliteit)"},
      {"--decision", &CaseUpdateArgs::decision, "what was decided (Besluit)"},
      {"--outcome", &CaseUpdateArgs::outcome, "what came of it (Uitkomst)"},
  };
  for (const auto& e : edits) AddEdit(update, e.flag, &(args->*e.edit), e.help);
  AddListEdit(update, "--option", &args->options,
              "an option considered; repeat for several; replaces all options");
  AddListEdit(update, "--law", &args->laws,
              "a law involved; repeat for several; replaces all laws ('' clears)");
  AddListEdit(update, "--theme", &args->themes,
              "a theme; repeat for several; replaces all themes ('' clears)");
  AddEdit(update, "--visibility", &args->visibility,
          "community (this community) or shared (every community)");
  update->add_option("--etag", args->etag,
                     "the etag you read; default: the current one, read just before");
  AddPrivacyFlags(update, &args->privacy);
}

}  // namespace

void AddCaseCommands(CLI::App* app, Chosen* chosen) {
  auto args = std::make_shared<CaseCommandArgs>();
  CLI::App* case_cmd = AddNoun(app, "case", "write, find and change cases (casussen)");

  CLI::App* new_cmd = case_cmd->add_subcommand(
      "new", "write a new case: step by step in the terminal, or from a JSON file");
  new_cmd->add_option("--file", args->new_args.file,
                      "the case as JSON (proto JSON mapping of kompas.v1.Case); - reads stdin");
  new_cmd->add_flag("--open", args->new_args.open,
                    "share it right away (status open) instead of keeping a draft");
  AddPrivacyFlags(new_cmd, &args->new_args.privacy);
  OnChosen(new_cmd, chosen, [args](Client& c) { return RunCaseNew(c, args->new_args); });

  CLI::App* list = case_cmd->add_subcommand("list", "list cases, newest first");
  list->add_option("--status", args->list.status, "draft, open, in_session, concluded or archived");
  list->add_option("--theme", args->list.theme, "only cases with this theme");
  list->add_option("--law", args->list.law, "only cases involving this law, e.g. Jeugdwet");
  list->add_option("--municipality", args->list.municipality,
                   "only cases from this municipality, e.g. GM0479");
  AddLimitFlags(list, &args->list.limit, &args->list.all, "cases");
  OnChosen(list, chosen, [args](Client& c) { return RunCaseList(c, args->list); });

  AddOneCalls(case_cmd, CaseOneCalls(), chosen);

  CLI::App* update =
      AddNamed(case_cmd, "update", "change fields of a case; only the fields you pass change",
               NameKind::kCase, &args->update.name);
  AddUpdateFlags(update, &args->update);
  OnChosen(update, chosen, [args](Client& c) { return RunCaseUpdate(c, args->update); });

  CLI::App* status =
      AddNamed(case_cmd, "status",
               "move a case along its life: draft, open, in_session, concluded, archived",
               NameKind::kCase, &args->status.name);
  status
      ->add_option("STATUS", args->status.status, "draft, open, in_session, concluded or archived")
      ->required();
  AddPrivacyFlags(status, &args->status.privacy);
  OnChosen(status, chosen, [args](Client& c) { return RunCaseStatus(c, args->status); });

  CLI::App* del = AddNamed(case_cmd, "delete", "delete a case and all its reflections",
                           NameKind::kCase, &args->name);
  del->add_flag("-y,--yes", args->yes, "do not ask for confirmation");
  OnChosen(del, chosen, [args](Client& c) { return RunCaseDelete(c, args->name, args->yes); });

  CLI::App* reflect = AddNamed(app, "reflect", "add a reflection (inbreng) to a case",
                               NameKind::kCase, &args->reflect.name);
  reflect
      ->add_option("--kind", args->reflect.kind,
                   "question, experience, consideration, advice or concern")
      ->required();
  reflect->add_option("TEXT", args->reflect.text, "your reflection; - reads it from stdin")
      ->required();
  AddPrivacyFlags(reflect, &args->reflect.privacy);
  OnChosen(reflect, chosen, [args](Client& c) { return RunReflect(c, args->reflect); });

  CLI::App* reflections =
      AddNamed(app, "reflections", "read the reflections on a case, oldest first", NameKind::kCase,
               &args->name);
  reflections->add_flag("--all", args->all, "show all, not only the first 50");
  OnChosen(reflections, chosen,
           [args](Client& c) { return RunReflections(c, args->name, args->all); });

  CLI::App* check = app->add_subcommand(
      "check",
      "preview the privacy check on a text, storing nothing (exit code 1 when it finds "
      "personal data)");
  check->footer(
      "Marks names, BSNs, phone numbers, … in the text, lists them, and shows what --redact "
      "would store.\nLike a linter: exit code 0 when nothing is found, 1 when anything is "
      "(BLOCK or WARN), also with --json.\nWith --community, that community's allow-list "
      "applies.");
  check->add_option("FILE", args->check.file, "plain UTF-8 text; - reads stdin")->required();
  OnChosen(check, chosen, [args](Client& c) { return RunCheck(c, args->check); });
}

}  // namespace kompas::cli
