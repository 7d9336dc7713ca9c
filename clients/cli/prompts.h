// Interactive input for the `kompas` CLI: walking a professional through
// writing a case along the stappenplan, and yes/no confirmations.
//
// Prompts go to stderr so that stdout carries only the command's result (and
// stays valid JSON under --json). Only call these when stdin is a terminal.
#ifndef KOMPAS_CLIENTS_CLI_PROMPTS_H_
#define KOMPAS_CLIENTS_CLI_PROMPTS_H_


#include <functional>
#include <optional>
#include <string>

#include <absl/strings/string_view.h>

#include "kompas/v1/case.pb.h"

namespace kompas::cli {

// True when stdin is a terminal, i.e. a person can answer prompts.
bool StdinIsTerminal();

// Checks one answer for personal data as soon as it is entered: returns the
// answer with its findings marked when it must be written again (what the
// write would refuse), nullopt when it may stay.
using FieldCheck = std::function<std::optional<std::string>(const std::string& text)>;

// Asks for title, situation, question, the four stappenplan steps, options,
// laws and themes, and fills them into `c`. Each answer goes through `check`
// (when given) and is asked again, with the marked text shown, until it
// passes. Returns kOk, or kServerError when input ends (Ctrl-D) before the
// case is complete.
[[nodiscard]] int PromptCase(kompas::v1::Case* c, const FieldCheck& check = nullptr);

// Asks `question [y/N]` (or `[Y/n]` when `default_yes`). End of input counts
// as no.
bool Confirm(absl::string_view question, bool default_yes);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_PROMPTS_H_
