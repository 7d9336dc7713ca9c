// The start-up every benchmark in tests/bench shares: Google Benchmark's
// command line with a default --benchmark_min_time of the benchmark's own,
// and a console run that also keeps what each benchmark measured, for the
// ratios a benchmark prints at the end.
//
//   struct Bench { void Start(); void Stop(); ... };  // what the benchmarks use
//   Bench* g_bench = nullptr;
//   void Summary(const kompas::bench::Results& results, const Bench& bench) {
//     const char* label = "Search / Store::Get";
//     if (double ratio = kompas::bench::RatioOrNotMeasured(
//             label, results.RealNanos("BM_Search"), results.RealNanos("BM_StoreGet"));
//         ratio > 0) {
//       std::printf("%-*s = %.1f\n", kompas::bench::kLabelWidth, label, ratio);
//     }
//   }
//   int main(int argc, char** argv) {
//     return kompas::bench::BenchmarkMain(argc, argv, /*default_min_time=*/"1", g_bench, Summary);
//   }
#ifndef KOMPAS_TESTS_BENCH_BENCH_MAIN_H_
#define KOMPAS_TESTS_BENCH_BENCH_MAIN_H_

#include <map>
#include <string>
#include <utility>

namespace kompas::bench {

// Reads Google Benchmark's flags from the command line; when it sets no
// --benchmark_min_time, `default_min_time` (seconds, e.g. "0.5") is used.
// False, after saying which, when the command line has an argument Google
// Benchmark does not know: the benchmark should then exit 1 before its set-up.
[[nodiscard]] bool InitBenchmarks(int argc, char** argv, const char* default_min_time);

// What each benchmark measured in one RunBenchmarks: by benchmark function
// name and thread count, the median of the repetitions with
// --benchmark_repetitions, else the last run. A benchmark that did not run
// (filtered out, or failed) reads 0.
class Results {
 public:
  // Mean wall time per iteration, in nanoseconds.
  double RealNanos(const std::string& function, int threads = 1) const;
  // A counter such as "items_per_second" or a benchmark's own ("p99_ms").
  double Counter(const std::string& function, const std::string& counter, int threads = 1) const;

 private:
  friend class RecordingReporter;
  using Key = std::pair<std::string, int>;  // function, threads
  struct Measured {
    double real_nanos = 0;
    std::map<std::string, double> counters;
  };
  const Measured* Find(const std::string& function, int threads) const;

  std::map<Key, Measured> last_, median_;
};

// Width of the label column in a benchmark's summary of ratios.
inline constexpr int kLabelWidth = 36;

// num / den for a summary line labelled `label`; when either is 0 (that
// benchmark did not run) it prints "LABEL = n/a (not measured)" and returns 0.
double RatioOrNotMeasured(const char* label, double num, double den);

// Runs the benchmarks the command line selects, printing them to the console
// as Google Benchmark does; returns what they measured.
Results RunBenchmarks();

// The whole of a benchmark's main: InitBenchmarks; a `Fixture` made and
// Start()ed (it exits the process when it cannot start), reachable through
// `current` while the benchmarks run, then Stop()ped; last `summary(results,
// fixture)` prints the ratios. Returns main's exit code.
template <typename Fixture, typename Summary>
int BenchmarkMain(int argc, char** argv, const char* default_min_time, Fixture*& current,
                  Summary summary) {
  if (!InitBenchmarks(argc, argv, default_min_time)) return 1;
  Fixture fixture;
  current = &fixture;
  fixture.Start();
  const Results results = RunBenchmarks();
  fixture.Stop();
  current = nullptr;
  summary(results, static_cast<const Fixture&>(fixture));
  return 0;
}

}  // namespace kompas::bench

#endif  // KOMPAS_TESTS_BENCH_BENCH_MAIN_H_
