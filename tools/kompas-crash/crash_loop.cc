#include "crash_loop.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "api.h"
#include "child.h"
#include "common/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "kompas/internal/v1/seed.pb.h"
#include "verifier.h"
#include "writers.h"

namespace kompas::crash {
namespace {

using bench::KompasdChild;

// `kompas-admin --data_dir DIR ARGS`: its exit code and output.
int RunAdmin(const std::string& admin, const std::string& data_dir, const std::string& args,
             std::string* output) {
  const std::string command =
      absl::StrCat("'", admin, "' --data_dir '", data_dir, "' ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

absl::Status LoadSeedTitles(const std::string& path, Baseline* baseline) {
  std::ifstream in(path);
  std::stringstream json;
  json << in.rdbuf();
  internal::v1::DemoSeed seed;
  if (!google::protobuf::util::JsonStringToMessage(json.str(), &seed).ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the demo seed ", path));
  }
  for (const auto& c : seed.cases()) {
    // Someone else's draft is not listed to the clients' author.
    if (c.case_().status() == v1::CASE_STATUS_DRAFT && c.author() != kAuthor) continue;
    baseline->seed_case_titles.push_back(c.case_().title());
  }
  for (const auto& s : seed.standards()) {
    baseline->seed_standard_titles.push_back(s.content().title());
  }
  return absl::OkStatus();
}

class Loop {
 public:
  Loop(const CrashOptions& options, const std::string& work_dir)
      : options_(options),
        work_dir_(work_dir),
        kompasd_(options.kompasd, work_dir,
                 {absl::StrCat("--municipalities=", options.data_dir, "/municipalities.tsv"),
                  absl::StrCat("--seed=", options.data_dir, "/demo_community.json"),
                  absl::StrCat("--demo_tokens_file=", work_dir, "/tokens"), "--drain_ms=300",
                  "--shutdown_grace_seconds=5", "--rate_limit_per_second=100000",
                  "--rate_limit_burst=100000"}),
        rng_(options.seed) {
    for (int i = 0; i < options.clients; ++i) clients_.push_back(Client{.id = i});
  }

  absl::StatusOr<Tally> Run() {
    RETURN_IF_ERROR(
        LoadSeedTitles(absl::StrCat(options_.data_dir, "/demo_community.json"), &baseline_));
    absl::Time round_start = absl::Now();
    for (int round = 1; round <= options_.rounds; ++round) {
      if (std::bernoulli_distribution(0.2)(rng_)) RETURN_IF_ERROR(CrashWhileStarting());
      RETURN_IF_ERROR(StartAndCheck(round == 1, round_start));
      RETURN_IF_ERROR(StopAndCheckStore());
      RETURN_IF_ERROR(kompasd_.Start(absl::Seconds(60)));
      round_start = absl::Now();
      RETURN_IF_ERROR(WriteAndCrash(round));
      tally_.rounds = round;
    }
    RETURN_IF_ERROR(StartAndCheck(false, round_start));
    RETURN_IF_ERROR(StopAndCheckStore());
    return tally_;
  }

 private:
  Api Connect() const {
    return Api(kompasd_.address(), ReadDemoTokens(work_dir_ + "/tokens"));
  }

  absl::Status CrashWhileStarting() {
    RETURN_IF_ERROR(kompasd_.Launch());
    const int ms = std::uniform_int_distribution<int>(0, 2500)(rng_);
    absl::SleepFor(absl::Milliseconds(ms));
    kompasd_.Kill();
    std::cout << "  killed during start-up after " << ms << " ms" << std::endl;
    return absl::OkStatus();
  }

  absl::Status StartAndCheck(bool first, absl::Time round_start) {
    RETURN_IF_ERROR(kompasd_.Start(absl::Seconds(60)));
    Api api = Connect();
    Verifier verifier(api, tally_);
    if (first) return verifier.TakeBaseline(&baseline_);
    const Tally before = tally_;
    RETURN_IF_ERROR(verifier.Check(clients_, baseline_, round_start));
    std::cout << "  checked: acknowledged " << tally_.acknowledged - before.acknowledged
              << ", unknown " << tally_.unknown - before.unknown << " ("
              << tally_.unknown_applied - before.unknown_applied << " applied), lost "
              << tally_.lost - before.lost << ", torn " << tally_.torn - before.torn
              << ", phantom " << tally_.phantom - before.phantom << std::endl;
    return absl::OkStatus();
  }

  absl::Status StopAndCheckStore() {
    const int code = kompasd_.Terminate(absl::Seconds(60));
    if (code != 0) {
      return absl::InternalError(absl::StrCat("kompasd did not stop cleanly (exit code ", code,
                                              "); its log ends:\n", kompasd_.LogTail(3000)));
    }
    const std::string db = work_dir_ + "/db";
    std::string out;
    if (RunAdmin(options_.admin, db, "check-index", &out) != 0) {
      tally_.index_consistent = false;
      std::cerr << "INDEX kompas-admin check-index:\n" << out;
    }
    out.clear();
    if (RunAdmin(options_.admin, db, "audit verify", &out) != 0) {
      tally_.audit_intact = false;
      std::cerr << "AUDIT kompas-admin audit verify:\n" << out;
    }
    return absl::OkStatus();
  }

  absl::Status WriteAndCrash(int round) {
    Api api = Connect();
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (Client& client : clients_) {
      const uint64_t seed = options_.seed * 1000003 + round * 1009 + client.id;
      threads.emplace_back([&api, &client, &stop, seed] {
        Writer writer(api, client, seed);
        while (!stop.load() && writer.Step()) {
        }
      });
    }
    const double fraction = std::uniform_real_distribution<double>(0.2, 1.0)(rng_);
    absl::SleepFor(options_.duration * fraction);
    const bool graceful = std::bernoulli_distribution(0.3)(rng_);
    int grace_ms = 0;
    if (graceful) {
      // SIGKILL in the middle of a graceful shutdown (drain 300 ms).
      grace_ms = std::uniform_int_distribution<int>(0, 500)(rng_);
      kompasd_.Signal(SIGTERM);
      absl::SleepFor(absl::Milliseconds(grace_ms));
    }
    kompasd_.Kill();
    stop = true;
    for (std::thread& t : threads) t.join();
    std::cout << "round " << round << ": killed after " << absl::FormatDuration(options_.duration * fraction)
              << (graceful ? absl::StrCat(" (SIGTERM, then SIGKILL ", grace_ms, " ms later)")
                           : std::string(" (SIGKILL)"))
              << std::endl;
    if (options_.verbose) {
      std::map<std::string, int64_t> acknowledged;
      for (const Client& client : clients_) {
        for (const auto& [method, n] : client.acknowledged) acknowledged[method] += n;
      }
      std::cout << "   ";
      for (const auto& [method, n] : acknowledged) std::cout << " " << method << "=" << n;
      std::cout << std::endl;
      for (Client& client : clients_) {
        for (const auto& [what, n] : client.refused) {
          std::cout << "    client " << client.id << " refused " << n << "x: " << what
                    << std::endl;
        }
        client.refused.clear();
      }
    }
    return absl::OkStatus();
  }

  const CrashOptions& options_;
  const std::string work_dir_;
  KompasdChild kompasd_;
  std::mt19937_64 rng_;
  std::vector<Client> clients_;
  Baseline baseline_;
  Tally tally_;
};

}  // namespace

absl::StatusOr<Tally> RunCrashLoop(const CrashOptions& options) {
  std::string work_dir = options.work_dir;
  const bool temp = work_dir.empty();
  if (temp) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kompas-crash-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return absl::InternalError("cannot make a temp dir");
    work_dir = pattern;
  } else {
    std::filesystem::create_directories(work_dir);
  }
  std::cout << "kompas-crash: store in " << work_dir << "/db, seed " << options.seed << std::endl;
  absl::StatusOr<Tally> tally;
  {
    Loop loop(options, work_dir);
    tally = loop.Run();
  }
  if (temp && !options.keep && tally.ok() && tally->ok()) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir, ignored);
  }
  return tally;
}

}  // namespace kompas::crash
