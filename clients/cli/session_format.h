// Human output for intervisie sessions: the words users read and type for
// session and parked-question states, a phase with who may post what, and
// the readable documents for a session, a method, a parked question and an
// evaluation summary (on stdout, like format.h's documents).
//
//   PrintSession(session);
//   std::cout << PhaseLabel(session.phase()) << "\n";   // ANALYSIS (Analyse)
#ifndef KOMPAS_CLIENTS_CLI_SESSION_FORMAT_H_
#define KOMPAS_CLIENTS_CLI_SESSION_FORMAT_H_

#include <optional>
#include <string>

#include <absl/strings/string_view.h>

#include "kompas/v1/session.pb.h"

namespace kompas::cli {

// `ANALYSIS (Analyse)`: how the CLI names a phase, as the server's errors do.
std::string PhaseLabel(const kompas::v1::Phase& phase);

// Who may post which kinds in a phase, e.g. "participants: QUESTION; case
// owner: EXPERIENCE", with "listen" for an empty list, plus what else the
// phase is for (conclusions, the evaluation).
std::string PhaseRules(const kompas::v1::Phase& phase);

// The phase as a short block: its label (the first line, to follow text
// such as "phase "), then the instruction and the rules on lines that start
// with `indent`.
std::string PhaseBlock(const kompas::v1::Phase& phase, absl::string_view indent);

void PrintSession(const kompas::v1::Session& session);
// A method and its phases, numbered.
void PrintMethod(const kompas::v1::Method& method);
// A parked question with its answer once given; `indent` before every line.
void PrintParkedQuestion(const kompas::v1::ParkedQuestion& question, absl::string_view indent);
// Says plainly when there are too few answers for averages to be shown.
void PrintEvaluationSummary(const kompas::v1::EvaluationSummary& summary);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SESSION_FORMAT_H_
