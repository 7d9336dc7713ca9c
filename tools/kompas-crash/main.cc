// kompas-crash: kills kompasd again and again while clients write, and
// checks after every restart that nothing acknowledged was lost, that no
// unanswered write was half applied, and that nothing appeared that no
// client sent (crash_loop.h says how a round goes, verifier.h what is
// checked).
//
//   kompas-crash --rounds 100 --seed 7 --clients 4 --duration 3s
//
// The last line: rounds=N acknowledged=A unknown=U lost=0 torn=0 phantom=0
// audit=intact index=consistent. Exit code 0 when it reads so.
#include <exception>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "crash_loop.h"

namespace kompas::crash {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas-crash: run kompasd (this build's, on 127.0.0.1 and a temp directory) under\n"
      "concurrent writers, kill it at random moments (also while it starts and while it\n"
      "shuts down), restart it and check that every acknowledged write is there as\n"
      "acknowledged, that every unanswered write is wholly there or wholly absent, that\n"
      "nothing appeared that no client sent, and that check-index and audit verify pass.\n"
      "Exit codes: 0 nothing found, 1 a finding or a failure, 2 usage error."};
  app.name("kompas-crash");
  CrashOptions options;
  options.kompasd = KOMPAS_CRASH_KOMPASD;
  options.admin = KOMPAS_CRASH_ADMIN;
  options.data_dir = KOMPAS_CRASH_DATA;
  double duration_seconds = 3;
  app.add_option("--rounds", options.rounds, "crash rounds")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "makes writes, kill moments and kinds reproducible")
      ->capture_default_str();
  app.add_option("--clients", options.clients, "concurrent writers")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--duration", duration_seconds,
                 "seconds a round writes at most; the kill comes between 20% and 100% of it")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--work_dir", options.work_dir,
                 "where the store, kompasd.log and the demo tokens go (default: a temp dir)");
  app.add_flag("--keep", options.keep, "keep the temp directory");
  app.add_flag("--verbose", options.verbose, "print refused writes per round");
  app.add_option("--kompasd", options.kompasd, "kompasd binary")->capture_default_str();
  app.add_option("--admin", options.admin, "kompas-admin binary")->capture_default_str();
  app.add_option("--data", options.data_dir, "the demo data directory")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  options.duration = absl::Seconds(duration_seconds);

  absl::StatusOr<Tally> tally = RunCrashLoop(options);
  if (!tally.ok()) {
    std::cerr << "kompas-crash: " << tally.status().message() << "\n";
    return 1;
  }
  std::cout << "rounds=" << tally->rounds << " acknowledged=" << tally->acknowledged
            << " unknown=" << tally->unknown << " lost=" << tally->lost
            << " torn=" << tally->torn << " phantom=" << tally->phantom
            << " audit=" << (tally->audit_intact ? "intact" : "damaged")
            << " index=" << (tally->index_consistent ? "consistent" : "inconsistent");
  if (!tally->seed_once) std::cout << " seed=twice";
  std::cout << std::endl;
  return tally->ok() ? 0 : 1;
}

}  // namespace
}  // namespace kompas::crash

int main(int argc, char** argv) {
  try {
    return kompas::crash::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kompas-crash: " << e.what() << "\n";
    return 1;
  }
}
