#include "command_line.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>

#include <memory>
#include <utility>
#include <vector>

#include "resource_names.h"
#include "suggest.h"

namespace kompas::cli {
namespace {

// The option `word` (`--server`, `-y`) as registered on `app` or on one of
// the apps above it (global options fall through); nullptr when none.
const CLI::Option* FindOption(const CLI::App* app, const std::string& word) {
  for (; app != nullptr; app = app->get_parent()) {
    if (const CLI::Option* option = app->get_option_no_throw(word)) return option;
  }
  return nullptr;
}

// The names of `app`'s subcommands, in the order they were added.
std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// `kompas case`: the words that lead to `app`.
std::string CommandPath(const CLI::App* app) {
  std::vector<std::string> words;
  for (; app != nullptr; app = app->get_parent()) words.insert(words.begin(), app->get_name());
  return absl::StrJoin(words, " ");
}

}  // namespace

void OnChosen(CLI::App* cmd, Chosen* chosen, std::function<int(Client&)> run) {
  cmd->callback([chosen, run = std::move(run)] { chosen->run = run; });
}

CLI::App* AddNoun(CLI::App* parent, const std::string& name, const std::string& help,
                  const std::string& footer) {
  CLI::App* noun = parent->add_subcommand(name, help);
  noun->require_subcommand(1);
  if (!footer.empty()) noun->footer(footer);
  return noun;
}

CLI::App* AddNamed(CLI::App* parent, const std::string& verb, const std::string& help,
                   NameKind kind, std::string* name, const std::string& label) {
  CLI::App* cmd = parent->add_subcommand(verb, help);
  cmd->add_option(label, *name, NameHelp(kind))->required();
  return cmd;
}

void AddOneCalls(CLI::App* noun, absl::Span<const OneCall> calls, Chosen* chosen) {
  for (const OneCall& call : calls) {
    auto arg = std::make_shared<std::string>();
    CLI::App* cmd = AddNamed(noun, call.verb, call.help, call.kind, arg.get());
    OnChosen(cmd, chosen, [arg, kind = call.kind, run = call.run](Client& client) {
      std::string name;
      if (int rc = client.Name(kind, *arg, &name); rc != kOk) return rc;
      return run(client, name);
    });
  }
}

void AddPrivacyFlags(CLI::App* app, PrivacyFlags* flags) {
  app->add_flag("--redact", flags->redact,
                "store personal data the server finds replaced by placeholders ([NAAM], [BSN], "
                "…) instead of refusing the write");
  app->add_flag("--accept-warnings", flags->accept_warnings,
                "keep text the server warns about (a named school, practice, …) as written");
}

void AddLimitFlags(CLI::App* app, int* limit, bool* all, const std::string& what) {
  app->add_option("--limit", *limit, "show at most this many " + what)
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app->add_flag("--all", *all, "show all " + what);
}

void AddEdit(CLI::App* app, const std::string& flag, Edit* edit, const std::string& help) {
  app->add_option(flag, edit->value, help)->each([edit](const std::string&) {
    edit->given = true;
  });
}

void AddListEdit(CLI::App* app, const std::string& flag, ListEdit* edit, const std::string& help) {
  app->add_option(flag, edit->values, help)
      ->each([edit](const std::string&) { edit->given = true; })
      ->allow_extra_args(false);
}

std::optional<std::string> UnknownSubcommand(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") return std::nullopt;
    if (word.size() > 1 && word[0] == '-') {
      // An option; its value, when it takes one and it is not `--x=value`,
      // is the next word.
      const CLI::Option* option = FindOption(current, word);
      if (option != nullptr && word.find('=') == std::string::npos &&
          option->get_items_expected_min() > 0) {
        ++i;
      }
      continue;
    }
    const std::vector<std::string> names = SubcommandNames(*current);
    if (names.empty() || current->get_require_subcommand_min() == 0) return std::nullopt;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->check_name(word)) next = sub;
    }
    if (next != nullptr) {
      current = next;
      continue;
    }
    std::string message = absl::StrCat("unknown command '", word, "'");
    if (current != &app) absl::StrAppend(&message, " for '", CommandPath(current), "'");
    if (std::optional<std::string> nearest = Nearest(word, names)) {
      absl::StrAppend(&message, "; did you mean '", *nearest, "'?");
    } else {
      absl::StrAppend(&message, "; the commands are: ", absl::StrJoin(names, ", "));
    }
    return message;
  }
  return std::nullopt;
}

}  // namespace kompas::cli
