// The crash-and-verify loop: kompasd as a child process on one data
// directory, killed again and again while clients write, and checked after
// each restart.
//
// One round:
//   1. sometimes a crash during start-up (SIGKILL within 2.5 s of exec: while
//      it opens the store, loads the PII gate or, the first time, the seed);
//   2. start; check what the previous round's crash left (verifier.h), or,
//      the first time, note the demo seed's records;
//   3. stop gracefully; `kompas-admin check-index` and `audit verify` on the
//      store;
//   4. start; `clients` writers write (writers.h) until, at a random moment
//      within `duration`, kompasd is killed: SIGKILL, or SIGTERM and SIGKILL
//      in the middle of its graceful shutdown.
// After the last round: step 2 and 3 once more.
//
//   CrashOptions options;  options.rounds = 5;
//   absl::StatusOr<Tally> tally = RunCrashLoop(options);
#ifndef KOMPAS_CRASH_CRASH_LOOP_H_
#define KOMPAS_CRASH_CRASH_LOOP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "history.h"

namespace kompas::crash {

struct CrashOptions {
  // Crash rounds.
  int rounds = 10;
  // Makes the choices reproducible: the writes, the kill moments and kinds.
  // (kompasd's timing is not, so neither is what exactly was in flight.)
  uint64_t seed = 1;
  // Concurrent writers.
  int clients = 4;
  // The longest a round writes before the kill; the kill comes at a random
  // moment between 20% and 100% of it.
  absl::Duration duration = absl::Seconds(3);
  // The binaries and the demo data (data/: municipalities.tsv,
  // demo_community.json).
  std::string kompasd, admin, data_dir;
  // Holds the store (db/), kompasd.log and the demo tokens; a fresh temp
  // directory when empty, removed afterwards unless `keep`.
  std::string work_dir;
  bool keep = false;
  // Per round: refused writes by method and code.
  bool verbose = false;
};

// An error when the loop could not go on (kompasd did not start or did not
// stop cleanly, or could not be asked); findings are in the Tally.
[[nodiscard]] absl::StatusOr<Tally> RunCrashLoop(const CrashOptions& options);

}  // namespace kompas::crash

#endif  // KOMPAS_CRASH_CRASH_LOOP_H_
