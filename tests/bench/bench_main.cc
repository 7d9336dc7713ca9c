#include "bench_main.h"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace kompas::bench {

bool InitBenchmarks(int argc, char** argv, const char* default_min_time) {
  // Kept for the whole run, like main's own argv.
  static std::string min_time;
  static std::vector<char*> args;
  args.assign(argv, argv + argc);
  bool has_min_time = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) has_min_time = true;
  }
  if (!has_min_time) {
    min_time = std::string("--benchmark_min_time=") + default_min_time;
    args.insert(args.begin() + 1, min_time.data());
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  return !benchmark::ReportUnrecognizedArguments(n, args.data());
}

const Results::Measured* Results::Find(const std::string& function, int threads) const {
  const Key key{function, threads};
  if (auto it = median_.find(key); it != median_.end()) return &it->second;
  if (auto it = last_.find(key); it != last_.end()) return &it->second;
  return nullptr;
}

double Results::RealNanos(const std::string& function, int threads) const {
  const Measured* m = Find(function, threads);
  return m == nullptr ? 0 : m->real_nanos;
}

double Results::Counter(const std::string& function, const std::string& counter,
                        int threads) const {
  const Measured* m = Find(function, threads);
  if (m == nullptr) return 0;
  auto it = m->counters.find(counter);
  return it == m->counters.end() ? 0 : it->second;
}

// The console reporter (coloured on a terminal), keeping every result.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  explicit RecordingReporter(Results* results)
      : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular), results_(results) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.iterations == 0) continue;
      Results::Measured m;
      m.real_nanos =
          run.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
      for (const auto& [name, counter] : run.counters) m.counters[name] = counter.value;
      const Results::Key key{run.run_name.function_name, static_cast<int>(run.threads)};
      if (run.run_type == Run::RT_Iteration) results_->last_[key] = m;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        results_->median_[key] = m;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

 private:
  Results* results_;
};

double RatioOrNotMeasured(const char* label, double num, double den) {
  if (num > 0 && den > 0) return num / den;
  std::printf("%-*s = n/a (not measured)\n", kLabelWidth, label);
  return 0;
}

Results RunBenchmarks() {
  Results results;
  RecordingReporter reporter(&results);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::fflush(stdout);
  benchmark::Shutdown();
  return results;
}

}  // namespace kompas::bench
