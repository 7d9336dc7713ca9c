// `kompas search`, `kompas case similar|standards`, `kompas annotate`,
// `kompas annotations` and `kompas annotation delete` on the command line.
#include <memory>
#include <string>

#include "command_line.h"
#include "search_commands.h"

namespace kompas::cli {
namespace {

// What the search and annotation commands parse into; shared by their
// callbacks until the chosen one has run.
struct SearchCommandArgs {
  SearchArgs search;
  CaseMatchArgs similar, standards;
  AnnotateArgs annotate;
  AnnotationsArgs annotations;
};

// `kompas search`.
void AddSearch(CLI::App* app, SearchArgs* args, Chosen* chosen, std::function<int(Client&)> run) {
  CLI::App* search = app->add_subcommand(
      "search", "find cases, reflections and standards by their words, best first");
  search->add_option("QUERY", args->query, "the words; any inflection matches")->required();
  search->add_option("--kind", args->kinds, "only case, reflection or standard; repeat for several")
      ->allow_extra_args(false);
  search->add_option("--status", args->status,
                     "only cases (and their reflections) with this status");
  search->add_option("--theme", args->theme, "only material with this theme");
  search->add_option("--law", args->law, "only material naming this law, e.g. Jeugdwet");
  search->add_option("--municipality", args->municipality,
                     "only cases (and their reflections) from this municipality, e.g. GM0479");
  search->add_option("--since", args->since, "only material created on or after YYYY-MM-DD");
  search->add_option("--until", args->until, "only material created on or before YYYY-MM-DD");
  search->add_option("--limit", args->limit, "show at most this many results")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  search->footer("Matching words are shown in bold on a terminal, in [brackets] otherwise.");
  OnChosen(search, chosen, std::move(run));
}

// `case similar` and `case standards`: a case and a --limit.
CLI::App* AddCaseMatch(CLI::App* case_cmd, const char* verb, const char* help,
                       const char* limit_help, CaseMatchArgs* args) {
  CLI::App* cmd = AddNamed(case_cmd, verb, help, NameKind::kCase, &args->name);
  cmd->add_option("--limit", args->limit, limit_help)
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  return cmd;
}

// `kompas annotate`.
void AddAnnotate(CLI::App* app, AnnotateArgs* args, const std::string& target_help, Chosen* chosen,
                 std::function<int(Client&)> run) {
  CLI::App* annotate =
      app->add_subcommand("annotate", "comment on words of a case, a reflection or a standard");
  annotate->add_option("TARGET", args->target, target_help)->required();
  annotate->add_option("BODY", args->body, "the comment; - reads it from stdin");
  annotate
      ->add_option("--field", args->field,
                   "the text field: situation, framing.purpose, … (cases), text (reflections), "
                   "content.statement, … (standards)")
      ->required();
  annotate->add_option("--quote", args->quote, "the exact words to annotate")->required();
  annotate->add_option("--prefix", args->prefix,
                       "text just before the words, to tell repeats apart");
  annotate->add_option("--suffix", args->suffix, "text just after the words");
  annotate->add_option("--tag", args->tags, "a tag; repeat for several")->allow_extra_args(false);
  annotate->add_option("--motivation", args->motivation,
                       "commenting (default), questioning, highlighting or linking");
  annotate->add_option("--standard", args->standard,
                       "for linking: the standard the words relate to");
  AddPrivacyFlags(annotate, &args->privacy);
  OnChosen(annotate, chosen, std::move(run));
}

}  // namespace

void AddSearchCommands(CLI::App* app, Chosen* chosen) {
  auto args = std::make_shared<SearchCommandArgs>();
  AddSearch(app, &args->search, chosen, [args](Client& c) { return RunSearch(c, args->search); });

  CLI::App* case_cmd = app->get_subcommand("case");
  OnChosen(AddCaseMatch(case_cmd, "similar", "cases like this one, most similar first",
                        "show at most this many cases", &args->similar),
           chosen, [args](Client& c) { return RunCaseSimilar(c, args->similar); });
  OnChosen(
      AddCaseMatch(case_cmd, "standards", "adopted standards that apply to this case, best first",
                   "show at most this many standards", &args->standards),
      chosen, [args](Client& c) { return RunCaseStandards(c, args->standards); });

  const std::string target_help =
      "a case, reflection or standard in full (communities/...), or by id: a bare 13-character "
      "id is the case or standard with that id, {case id}/{reflection id} a reflection";
  AddAnnotate(app, &args->annotate, target_help, chosen,
              [args](Client& c) { return RunAnnotate(c, args->annotate); });

  CLI::App* annotations = app->add_subcommand(
      "annotations", "the annotations on a case, reflection or standard, oldest first");
  annotations->add_option("TARGET", args->annotations.target, target_help)->required();
  annotations
      ->add_option("--format", args->annotations.format,
                   "text (the quotes in their context) or w3c (W3C Web Annotation JSON-LD)")
      ->capture_default_str();
  OnChosen(annotations, chosen, [args](Client& c) { return RunAnnotations(c, args->annotations); });

  CLI::App* annotation = AddNoun(app, "annotation", "change annotations");
  AddOneCalls(annotation, AnnotationOneCalls(), chosen);
}

}  // namespace kompas::cli
