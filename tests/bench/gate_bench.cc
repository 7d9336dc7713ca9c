// Throughput of the PII gate on case-like Dutch text, next to a plain UTF-8
// validation pass over the same text (the floor any text check pays), and the
// start-up cost of loading the gazetteers (Gate::Create).
//
//   build/tests/bench/gate_bench                       # full run
//   build/tests/bench/gate_bench --benchmark_filter=Scan
// Reported: bytes_per_second (MB/s) for Scan and Utf8Validate; wall time for
// Create. Target (DESIGN.md): Scan >= 50 MB/s per core.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "bench_main.h"
#include "privacy/gate.h"

namespace {

using kompas::privacy::Gate;
using kompas::privacy::GateOptions;

// Invented case texts in the corpus's style: mostly prose with a few
// identifiers, curly quotes, € and accented letters.
constexpr const char* kParagraphs[] = {
    "Casus voor het MDO. Moeder Sandra Willemsen (geboren 12-03-1984) woont met haar twee kinderen "
    "aan de Esdoornlaan 41, 6822 KD Arnhem. De oudste, Jesse (13), verzuimt veel op school. Het "
    "wijkteam heeft contact gehad met de leerplichtambtenaar en met de huisarts. Er is een "
    "huurachterstand van € 2.150,- bij de woningcorporatie. Vader woont sinds 2021 in Nijmegen.\n",
    "Vraag aan de FG: mogen wij zonder toestemming van ouders informatie delen met het "
    "samenwerkingsverband? Artikel 7.3.11 Jeugdwet lijkt een grondslag te bieden, maar de school "
    "twijfelt. In het overleg van dinsdag hebben we afgesproken eerst met moeder te praten. "
    "Een jongen van 14 en een meisje van 16 zijn betrokken; beiden zitten in groep 8 of de brugklas.\n",
    "tel. gesprek met dhr. Yilmaz, bereikbaar op 06-51234987 na 15u. wil terugbellen ivm "
    "bijzondere bijstand. IBAN nog checken: NL02 ABNA 0123 4567 89. BSN 999912343. "
    "Dossiernummer 2024-045512. Zijn dochter zit op basisschool De Vlinder in Arnhem-Zuid.\n",
    "Reflectie: ik merk dat ik het lastig vind om in het zorg- en veiligheidshuis te bepalen wat "
    "ik wel en niet deel. De politie vraagt vaak door, het OM ook. Proportionaliteit en "
    "subsidiariteit blijven de toetsstenen; ‘nee, tenzij’ is mijn uitgangspunt geworden. "
    "Volgende keer wil ik dit bespreken in de intervisie met collega’s uit Deventer en Zutphen.\n",
};

std::string CaseText(size_t min_bytes) {
  std::string text;
  while (text.size() < min_bytes) {
    for (const char* p : kParagraphs) text += p;
  }
  return text;
}

const Gate& TheGate() {
  static const Gate* gate = [] {
    auto created = Gate::Create(GateOptions());
    if (!created.ok()) {
      std::fprintf(stderr, "Gate::Create failed: %s\n", std::string(created.status().message()).c_str());
      std::exit(1);
    }
    return created->release();
  }();
  return *gate;
}

bool ValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return false;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return false;
      if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)) return false;
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
        return false;
      if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

void BM_GateScan(benchmark::State& state) {
  const std::string text = CaseText(static_cast<size_t>(state.range(0)));
  const Gate& gate = TheGate();
  size_t findings = 0;
  for (auto _ : state) {
    auto f = gate.Scan(text);
    findings = f.size();
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_GateScan)->Arg(2 << 10)->Arg(64 << 10)->Unit(benchmark::kMicrosecond);

void BM_Utf8Validate(benchmark::State& state) {
  const std::string text = CaseText(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    bool ok = ValidUtf8(text);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Utf8Validate)->Arg(2 << 10)->Arg(64 << 10)->Unit(benchmark::kMicrosecond);

// Resident set size in MiB (Linux), to show what the tables cost.
double RssMiB() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

// Start-up: loading frogdata and wdutch into the gate's tables. The counter
// rss_growth_mib is the resident memory one more live gate adds.
void BM_GateCreate(benchmark::State& state) {
  double growth = 0;
  for (auto _ : state) {
    double before = RssMiB();
    auto gate = Gate::Create(GateOptions());
    if (!gate.ok()) state.SkipWithError("Gate::Create failed");
    growth = std::max(growth, RssMiB() - before);
    benchmark::DoNotOptimize(gate);
  }
  state.counters["rss_growth_mib"] = growth;
}
BENCHMARK(BM_GateCreate)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  // Google Benchmark's own default: 0.5 s per measurement. No ratios here, so
  // its own reporter (which honours --benchmark_format) prints the results.
  if (!kompas::bench::InitBenchmarks(argc, argv, "0.5")) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
