#include "command_util.h"

#include <iostream>

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>
#include <google/protobuf/util/json_util.h>

#include "findings.h"

namespace kompas::cli {

void NoteAnonymization(const Client& client, const PrivacyFlags& flags,
                       const kompas::v1::AnonymizationReport& report,
                       const kompas::v1::AnonymizationReport* before) {
  if (!flags.redact && !flags.accept_warnings) return;
  const std::string note = AnonymizationNote(report, before);
  if (note.empty()) return;
  (client.options().json ? std::cerr : std::cout) << note;
}

void NoteStoredText(const Client& client, const PrivacyFlags& flags, absl::string_view sent,
                    absl::string_view stored) {
  if (!flags.redact || sent == stored) return;
  (client.options().json ? std::cerr : std::cout)
      << "personal data was replaced; stored as: " << stored << "\n";
}

int ReadTextArg(const std::string& arg, absl::string_view what, std::string* text) {
  *text = arg;
  if (arg == "-") {
    if (int rc = ReadInput("-", text); rc != kOk) return rc;
  }
  // A trailing newline from a pipe or an editor is not part of the thought.
  *text = std::string(absl::StripTrailingAsciiWhitespace(*text));
  if (absl::StripAsciiWhitespace(*text).empty()) {
    return UsageError(absl::StrCat("the ", what, " is empty"));
  }
  return kOk;
}

void Hint(absl::string_view text) { std::cout << text << "\n"; }

int ReadJsonFile(const std::string& path, absl::string_view what,
                 google::protobuf::Message* message) {
  std::string json;
  if (int rc = ReadInput(path, &json); rc != kOk) return rc;
  const std::string shown = path == "-" ? "<stdin>" : path;
  if (absl::StripAsciiWhitespace(json).empty()) {
    return UsageError(absl::StrCat(shown, " is empty; expected a ", what, " as JSON"));
  }
  auto s = google::protobuf::util::JsonStringToMessage(json, message);
  if (!s.ok()) {
    // The parser appends a multi-line excerpt of the input; the first line
    // says what is wrong.
    std::string why(s.message());
    why = why.substr(0, why.find('\n'));
    return UsageError(absl::StrCat(shown, " is not a valid ", what, " (proto JSON): ", why));
  }
  return kOk;
}

std::string MunicipalityName(absl::string_view arg) {
  absl::string_view code = absl::StripAsciiWhitespace(arg);
  absl::ConsumePrefix(&code, "municipalities/");
  return absl::StrCat("municipalities/", absl::AsciiStrToUpper(code));
}

int FetchMunicipalities(Client& client, kompas::v1::ListMunicipalitiesResponse* all) {
  bool more = false;
  return FetchPages(
      client, kompas::v1::ListMunicipalitiesRequest(), 0,
      [&](grpc::ClientContext* ctx, const auto& request, auto* page) {
        return client.communities().ListMunicipalities(ctx, request, page);
      },
      [](auto& response) -> auto& { return *response.mutable_municipalities(); }, all, &more);
}

}  // namespace kompas::cli
