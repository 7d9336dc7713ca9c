#include "rpc_commands.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>

#include <utility>
#include <vector>

namespace kompas::cli {
namespace {

// Per RPC the command that makes it; a command that makes several (case
// show reads sessions too) is listed for its main one.
constexpr std::pair<absl::string_view, absl::string_view> kCommands[] = {
    {"GetCaller", "kompas whoami"},
    {"ListCommunities", "kompas community list"},
    {"GetCommunity", "kompas community show"},
    {"ListMunicipalities", "kompas municipalities"},
    {"CreateCase", "kompas case new"},
    {"ListCases", "kompas case list"},
    {"GetCase", "kompas case show"},
    {"UpdateCase", "kompas case update"},
    {"DeleteCase", "kompas case delete"},
    {"CreateReflection", "kompas reflect"},
    {"ListReflections", "kompas reflections"},
    {"CheckText", "kompas check"},
    {"Search", "kompas search"},
    {"SimilarCases", "kompas case similar"},
    {"ApplicableStandards", "kompas case standards"},
    {"CreateAnnotation", "kompas annotate"},
    {"ListAnnotations", "kompas annotations"},
    {"DeleteAnnotation", "kompas annotation delete"},
    {"ListMethods", "kompas session methods"},
    {"CreateSession", "kompas session new"},
    {"ListSessions", "kompas session list"},
    {"GetSession", "kompas session show"},
    {"WatchSession", "kompas session watch"},
    {"JoinSession", "kompas session join"},
    {"AdvancePhase", "kompas session next"},
    {"ParkQuestion", "kompas session park"},
    {"AddConclusion", "kompas session conclude"},
    {"CloseSession", "kompas session close"},
    {"SubmitEvaluation", "kompas session evaluate"},
    {"GetEvaluationSummary", "kompas session summary"},
    {"AnswerParkedQuestion", "kompas session answer"},
    {"ListParkedQuestions", "kompas parked"},
    {"CreateStandard", "kompas standard new"},
    {"ListStandards", "kompas standard list"},
    {"GetStandard", "kompas standard show"},
    {"UpdateStandard", "kompas standard edit"},
    {"ListRevisions", "kompas standard revisions"},
    {"DiffRevisions", "kompas standard diff"},
    {"ProposeStandard", "kompas standard propose"},
    {"EndorseStandard", "kompas standard endorse"},
    {"WithdrawEndorsement", "kompas standard withdraw"},
    {"AdoptStandard", "kompas standard adopt"},
    {"RejectStandard", "kompas standard reject"},
    {"RetireStandard", "kompas standard retire"},
    {"SupersedeStandard", "kompas standard supersede"},
    {"ReportErratum", "kompas standard erratum report"},
    {"ListErrata", "kompas standard erratum list"},
    {"ResolveErratum", "kompas standard erratum accept"},
    {"SetPosition", "kompas position set"},
    {"ListPositions", "kompas position list"},
    {"GetRegisterSummary", "kompas register"},
    {"PublishKompas", "kompas kompas publish"},
    {"GetKompas", "kompas kompas show"},
    {"ListKompasVersions", "kompas kompas versions"},
    {"DiffKompas", "kompas kompas diff"},
    {"ListAuditEvents", "kompas audit events"},
};

}  // namespace

absl::string_view CommandOf(absl::string_view method) {
  for (const auto& [rpc, command] : kCommands) {
    if (rpc == method) return command;
  }
  return {};
}

std::string CommandWords(absl::string_view text) {
  if (text.find('(') == absl::string_view::npos) return std::string(text);
  std::vector<std::pair<std::string, std::string>> replacements;
  for (const auto& [rpc, command] : kCommands) {
    replacements.emplace_back(absl::StrCat("(", rpc, ")"), absl::StrCat("(", command, ")"));
    replacements.emplace_back(absl::StrCat("(see ", rpc, ")"), absl::StrCat("(see ", command, ")"));
  }
  return absl::StrReplaceAll(text, replacements);
}

}  // namespace kompas::cli
