#include "command_util.h"

#include <iostream>

#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

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

}  // namespace kompas::cli
