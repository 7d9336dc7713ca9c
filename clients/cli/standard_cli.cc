// `kompas standard`, `kompas position`, `kompas register` and `kompas
// kompas` on the command line.
#include <memory>
#include <string>

#include "command_line.h"
#include "standard_commands.h"

namespace kompas::cli {
namespace {

// What the standard, position, register and kompas commands parse into;
// shared by their callbacks until the chosen one has run.
struct StandardCommandArgs {
  StandardNewArgs new_args;
  StandardListArgs list;
  StandardShowArgs show;
  StandardEditArgs edit;
  StandardDiffArgs diff;
  ReasonArgs reason;  // reject, retire, erratum reject
  StandardSupersedeArgs supersede;
  ErratumReportArgs report;
  ErratumAcceptArgs accept;
  PositionSetArgs position_set;
  PositionListArgs position_list;
  std::string today;                   // register --today
  std::string notes;                   // kompas publish --notes
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

// A change that needs a NAME and a --reason (reject, retire, erratum reject).
CLI::App* AddReasonCommand(CLI::App* parent, const char* verb, const char* help, NameKind kind,
                           ReasonArgs* args) {
  CLI::App* cmd = AddNamed(parent, verb, help, kind, &args->name,
                           kind == NameKind::kErratum ? "ERRATUM" : "NAME");
  cmd->add_option("--reason", args->reason, "why; - reads it from stdin")->required();
  return cmd;
}

// `standard new`.
void AddNewCommand(CLI::App* standard, StandardNewArgs* args, Chosen* chosen,
                   std::function<int(Client&)> run) {
  CLI::App* new_cmd = standard->add_subcommand(
      "new", "draft a standard (stewards), from a JSON file or from flags");
  new_cmd->add_option("--file", args->file,
                      "the standard as JSON (proto JSON of kompas.v1.Standard: content and "
                      "sources); - reads stdin; flags given as well override it");
  AddContentFlags(new_cmd, &args->content, "repeat for several");
  new_cmd->add_option("--from-case", args->from_cases, "a case it grew out of; repeat for several")
      ->allow_extra_args(false);
  new_cmd
      ->add_option("--from-session", args->from_sessions,
                   "an intervisie session it grew out of; repeat for several")
      ->allow_extra_args(false);
  new_cmd->add_option("--from-conclusion", args->from_conclusion,
                      "the session conclusion it grew out of, {session}/{number}; the "
                      "conclusion then links to this standard");
  AddPrivacyFlags(new_cmd, &args->privacy);
  new_cmd->footer(
      "Example:\n"
      "  kompas standard new --title \"Eerst de ouders\" --kind rule-of-thumb --modality should "
      "\\\n"
      "    --statement \"Vraag eerst de ouders voordat je iets aan school vertelt.\" \\\n"
      "    --law AVG --audience D --from-case 0abcdefghijkm");
  OnChosen(new_cmd, chosen, std::move(run));
}

// `standard erratum ...`.
void AddErratumCommands(CLI::App* standard, std::shared_ptr<StandardCommandArgs> args,
                        Chosen* chosen) {
  CLI::App* erratum =
      AddNoun(standard, "erratum",
              "errors in adopted standards: reported by members, resolved by stewards");
  CLI::App* report = AddNamed(erratum, "report", "report an error in an adopted standard",
                              NameKind::kStandard, &args->report.name);
  report
      ->add_option("DESCRIPTION", args->report.description, "what is wrong; - reads it from stdin")
      ->required();
  AddPrivacyFlags(report, &args->report.privacy);
  OnChosen(report, chosen, [args](Client& c) { return RunErratumReport(c, args->report); });

  // list
  AddOneCalls(erratum, ErratumOneCalls(), chosen);

  CLI::App* accept = AddNamed(
      erratum, "accept", "accept an erratum with the corrected text: a new revision (stewards)",
      NameKind::kErratum, &args->accept.name, "ERRATUM");
  accept->add_option("--file", args->accept.file,
                     "the corrected content, complete, as JSON (proto JSON of "
                     "kompas.v1.StandardContent); - reads stdin");
  AddContentFlags(accept, &args->accept.content,
                  "repeat for several; replaces the list ('' clears)");
  AddPrivacyFlags(accept, &args->accept.privacy);
  accept->footer(
      "Without --file the correction is the standard's current text with the fields "
      "you pass changed.");
  OnChosen(accept, chosen, [args](Client& c) { return RunErratumAccept(c, args->accept); });

  CLI::App* refuse =
      AddReasonCommand(erratum, "reject", "reject an erratum, with a reason (stewards)",
                       NameKind::kErratum, &args->reason);
  AddPrivacyFlags(refuse, &args->reason.privacy);
  OnChosen(refuse, chosen, [args](Client& c) { return RunErratumReject(c, args->reason); });
}

// `kompas standard ...`.
void AddStandardNoun(CLI::App* app, std::shared_ptr<StandardCommandArgs> args, Chosen* chosen) {
  CLI::App* standard = AddNoun(
      app, "standard",
      "professional standards: drafted from dilemmas, endorsed, adopted, corrected",
      "A steward drafts a standard and proposes it; members endorse it, and a steward adopts it\n"
      "once the endorsers come from the community's quorum of municipalities (default 3).\n"
      "Editing a proposed standard clears its endorsements. An adopted standard changes only\n"
      "through an accepted erratum. Names may be given in full or as the 13-character id.");

  AddNewCommand(standard, &args->new_args, chosen,
                [args](Client& c) { return RunStandardNew(c, args->new_args); });

  CLI::App* list = standard->add_subcommand("list", "list standards, oldest first");
  list->add_option("--kind", args->list.kind, "no-go, must-do, rule-of-thumb or good-practice");
  list->add_option("--status", args->list.status,
                   "draft, proposed, adopted, rejected, retired or superseded");
  list->add_option("--law", args->list.law, "only standards naming this law, e.g. AVG");
  list->add_option("--theme", args->list.theme, "only standards with this theme");
  list->add_option("--audience", args->list.audience, "only standards for A, B, C or D");
  list->add_option("--case", args->list.case_name, "only standards that grew out of this case");
  AddLimitFlags(list, &args->list.limit, &args->list.all, "standards");
  OnChosen(list, chosen, [args](Client& c) { return RunStandardList(c, args->list); });

  CLI::App* show = AddNamed(standard, "show",
                            "a standard: its text, status, endorsements, sources and successors",
                            NameKind::kStandard, &args->show.name);
  show->add_option("--revision", args->show.revision,
                   "an earlier revision to read (default: the latest)")
      ->check(CLI::PositiveNumber);
  OnChosen(show, chosen, [args](Client& c) { return RunStandardShow(c, args->show); });

  CLI::App* edit = AddNamed(standard, "edit",
                            "change a draft or proposed standard's text: a new revision (stewards)",
                            NameKind::kStandard, &args->edit.name);
  edit->add_option("--note", args->edit.note, "why, in a line; stored with the revision")
      ->required();
  AddContentFlags(edit, &args->edit.content, "repeat for several; replaces the list ('' clears)");
  AddPrivacyFlags(edit, &args->edit.privacy);
  edit->footer(
      "Only the fields you pass change. An adopted standard is corrected through an "
      "erratum instead.");
  OnChosen(edit, chosen, [args](Client& c) { return RunStandardEdit(c, args->edit); });

  CLI::App* diff = AddNamed(
      standard, "diff", "what changed between two revisions, word by word: [-deleted-]{+inserted+}",
      NameKind::kStandard, &args->diff.name);
  diff->add_option("FROM", args->diff.from, "the older revision")
      ->check(CLI::PositiveNumber)
      ->required();
  diff->add_option("TO", args->diff.to, "the newer revision (default: the latest)")
      ->check(CLI::PositiveNumber);
  OnChosen(diff, chosen, [args](Client& c) { return RunStandardDiff(c, args->diff); });

  // revisions, propose, endorse, withdraw, adopt
  AddOneCalls(standard, StandardOneCalls(), chosen);

  OnChosen(AddReasonCommand(standard, "reject", "reject a draft or proposed standard (stewards)",
                            NameKind::kStandard, &args->reason),
           chosen, [args](Client& c) { return RunStandardReject(c, args->reason); });
  OnChosen(AddReasonCommand(standard, "retire",
                            "retire an adopted standard: no longer in force (stewards)",
                            NameKind::kStandard, &args->reason),
           chosen, [args](Client& c) { return RunStandardRetire(c, args->reason); });

  CLI::App* supersede = AddNamed(standard, "supersede",
                                 "replace an adopted standard by an adopted successor (stewards)",
                                 NameKind::kStandard, &args->supersede.name);
  supersede->add_option("--by", args->supersede.successor, "the adopted successor")->required();
  OnChosen(supersede, chosen,
           [args](Client& c) { return RunStandardSupersede(c, args->supersede); });

  AddErratumCommands(standard, args, chosen);
}

// `kompas position ...` and `kompas register`: volg of leg uit.
void AddPositionNoun(CLI::App* app, std::shared_ptr<StandardCommandArgs> args, Chosen* chosen) {
  CLI::App* position = AddNoun(
      app, "position", "a municipality's position on an adopted standard: volg of leg uit");

  CLI::App* set = position->add_subcommand(
      "set", "record your municipality's position (stewards and privacy officers)");
  set->add_option("STANDARD", args->position_set.standard, NameHelp(NameKind::kStandard))
      ->required();
  set->add_option("--municipality", args->position_set.municipality,
                  "the municipality's CBS code, e.g. GM0344 (default: $KOMPAS_MUNICIPALITY, "
                  "else yours in the community, as kompas whoami shows it)")
      ->envname("KOMPAS_MUNICIPALITY");
  set->add_option("--stance", args->position_set.stance, "follows, deviates or not-applicable")
      ->required();
  set->add_option("--explanation", args->position_set.explanation,
                  "why; required with deviates; - reads it from stdin");
  set->add_option("--review-on", args->position_set.review_on,
                  "when to look at it again, YYYY-MM-DD")
      ->required();
  AddPrivacyFlags(set, &args->position_set.privacy);
  OnChosen(set, chosen, [args](Client& c) { return RunPositionSet(c, args->position_set); });

  CLI::App* list = position->add_subcommand("list", "positions, by standard then municipality");
  list->add_option("--standard", args->position_list.standard, "only positions on this standard");
  list->add_option("--municipality", args->position_list.municipality,
                   "only this municipality's positions, e.g. GM0344");
  OnChosen(list, chosen, [args](Client& c) { return RunPositionList(c, args->position_list); });

  CLI::App* reg = app->add_subcommand(
      "register", "the comply-or-explain register: per municipality, its positions and gaps");
  reg->add_option("--today", args->today,
                  "count reviews overdue on this day, YYYY-MM-DD (default: today)");
  OnChosen(reg, chosen, [args](Client& c) { return RunRegister(c, args->today); });
}

// `kompas kompas ...`: the published versions.
void AddKompasNoun(CLI::App* app, std::shared_ptr<StandardCommandArgs> args, Chosen* chosen) {
  CLI::App* kompas = AddNoun(
      app, "kompas", "the published kompas: immutable versions of the adopted standards",
      "Versions are numbered 1, 2, 3, …; give one as 3, v3 or latest.\n"
      "Export one as Markdown, JSON or CSV with kompas-export.");
  const std::string version_help = "the version: 3, v3 or latest";

  CLI::App* publish = kompas->add_subcommand(
      "publish", "publish the next version: every adopted standard as it is now (stewards)");
  publish->add_option("--notes", args->notes, "the release notes; - reads them from stdin")
      ->required();
  OnChosen(publish, chosen, [args](Client& c) { return RunKompasPublish(c, args->notes); });

  CLI::App* show = kompas->add_subcommand("show", "a published version, its standards by kind");
  show->add_option("VERSION", args->version, version_help + " (default: latest)");
  OnChosen(show, chosen, [args](Client& c) { return RunKompasShow(c, args->version); });

  OnChosen(kompas->add_subcommand("versions", "the published versions, newest first"), chosen,
           [](Client& c) { return RunKompasVersions(c); });

  CLI::App* diff = kompas->add_subcommand(
      "diff", "what was added, changed (word by word) and removed between two versions");
  diff->add_option("FROM", args->version, version_help)->required();
  diff->add_option("TO", args->other_version, version_help)->required();
  OnChosen(diff, chosen,
           [args](Client& c) { return RunKompasDiff(c, args->version, args->other_version); });
}

}  // namespace

void AddStandardCommands(CLI::App* app, Chosen* chosen) {
  auto args = std::make_shared<StandardCommandArgs>();
  AddStandardNoun(app, args, chosen);
  AddPositionNoun(app, args, chosen);
  AddKompasNoun(app, args, chosen);
}

}  // namespace kompas::cli
