#include "commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "api/core.h"
#include "compact.h"
#include "domain/call.h"
#include "search/tokenizer.h"
#include "store/keys.h"
#include "store/store.h"
#include "vocabulary.h"

namespace kompas::bench {
namespace {

int Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "kompas-bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  return 1;
}

int64_t DirectoryBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += static_cast<int64_t>(entry.file_size(ec));
  }
  return total;
}

double Seconds(absl::Duration d) { return absl::ToDoubleSeconds(d); }

// The q-quantile (0..1) of sorted values, nearest rank.
double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::string Summary(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  return absl::StrFormat("n=%-5d p50 %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f  mean %7.2f ms",
                         ms.size(), Quantile(ms, 0.5), Quantile(ms, 0.9), Quantile(ms, 0.99),
                         ms.empty() ? 0 : ms.back(), ms.empty() ? 0 : sum / ms.size());
}

}  // namespace

int Gen(const GenArgs& args) {
  std::printf("kompas-bench gen: %lld cases x %d reflections into community %s in %s (seed %llu)\n",
              static_cast<long long>(args.corpus.cases), args.corpus.reflections_per_case,
              args.corpus.community.c_str(), args.data_dir.c_str(),
              static_cast<unsigned long long>(args.corpus.seed));
  std::fflush(stdout);
  const absl::Time open_start = absl::Now();
  api::CoreOptions options;
  options.store.data_dir = args.data_dir;
  options.store.sync_writes = false;  // a crash loses at most a rerun
  auto core = api::Core::Open(options);
  if (!core.ok()) return Fail("open the store", core.status());
  std::printf("opened store and PII gate in %.1f s\n", Seconds(absl::Now() - open_start));
  std::fflush(stdout);

  absl::Time last_print = absl::Now();
  const int64_t total_records = args.corpus.cases * (1 + args.corpus.reflections_per_case);
  auto progress = [&](const CorpusReport& r) {
    const absl::Time now = absl::Now();
    const bool done = r.cases == args.corpus.cases;
    if (!done && now - last_print < absl::Seconds(5)) return;
    last_print = now;
    const int64_t records = r.cases + r.reflections;
    std::printf("  %9lld / %lld cases, %10lld reflections  %5.1f%%  %7.0f records/s  %6.0f s\n",
                static_cast<long long>(r.cases), static_cast<long long>(args.corpus.cases),
                static_cast<long long>(r.reflections),
                total_records > 0 ? 100.0 * records / total_records : 100.0,
                records / std::max(Seconds(r.elapsed), 1e-9), Seconds(r.elapsed));
    std::fflush(stdout);
  };
  auto report = GenerateCorpus(**core, args.corpus, progress);
  if (!report.ok()) return Fail("generate", report.status());
  const absl::Time close_start = absl::Now();
  if (absl::Status s = (*core)->Close(); !s.ok()) return Fail("close the store", s);
  core->reset();
  const double close_s = Seconds(absl::Now() - close_start);
  const int64_t records = report->cases + report->reflections;
  std::printf(
      "done: %lld cases, %lld reflections (%lld search documents) in %lld batches\n"
      "      %.1f MB of text, %.1f s generating + %.1f s closing (flush): %.0f records/s\n"
      "      thread time: %.1f s composing (texts, PII gate, tokens), %.1f s in Store::Write\n"
      "      store on disk: %.1f MB\n",
      static_cast<long long>(report->cases), static_cast<long long>(report->reflections),
      static_cast<long long>(records), static_cast<long long>(report->batches),
      report->text_bytes / 1e6, Seconds(report->elapsed), close_s,
      records / std::max(Seconds(report->elapsed) + close_s, 1e-9), Seconds(report->composing),
      Seconds(report->writing), DirectoryBytes(args.data_dir) / 1e6);
  std::fflush(stdout);
  return args.compact ? Compact(args.data_dir) : 0;
}

int Compact(const std::string& data_dir) {
  std::printf("compacting %s ...\n", data_dir.c_str());
  std::fflush(stdout);
  const absl::Time start = absl::Now();
  auto report = CompactStore(data_dir);
  if (!report.ok()) return Fail("compact", report.status());
  std::printf("compacted in %.1f s; write-ahead log %.1f MB -> %.1f MB\n",
              Seconds(absl::Now() - start), report->wal_bytes_before / 1e6,
              report->wal_bytes_after / 1e6);
  std::printf("  %-20s %12s %12s\n", "table", "before: MB", "after: MB");
  for (const TableSize& t : report->tables) {
    if (t.before == 0 && t.after == 0) continue;
    std::printf("  %-20s %12.1f %12.1f\n", t.name.c_str(), t.before / 1e6, t.after / 1e6);
  }
  std::printf("  store on disk: %.1f MB\n", DirectoryBytes(data_dir) / 1e6);
  std::fflush(stdout);
  return 0;
}

int Search(const SearchArgs& args) {
  api::CoreOptions options;
  options.store.data_dir = args.data_dir;
  options.store.read_only = args.read_only;
  if (args.block_cache_mb > 0) options.store.block_cache_bytes = static_cast<size_t>(args.block_cache_mb) << 20;
  const absl::Time open_start = absl::Now();
  auto opened = api::Core::Open(options);
  if (!opened.ok()) return Fail("open the store", opened.status());
  std::unique_ptr<api::Core> core = *std::move(opened);
  std::printf("opened %s%s in %.1f s\n", args.data_dir.c_str(),
              args.read_only ? " (read-only)" : "", Seconds(absl::Now() - open_start));
  std::fflush(stdout);

  // A member of the community, in a call made inside the server: the reads
  // are not put on the audit trail (that is for calls the api admitted).
  const domain::Call caller(domain::Principal{.member_id = kBenchMember});
  const std::string parent = absl::StrCat("communities/", args.community);

  struct Outcome {
    double ms = 0;
    int results = 0;
    bool more = false;
  };
  v1::SearchRequest shape;
  shape.set_parent(parent);
  shape.set_page_size(args.page_size);
  for (const std::string& kind : args.kinds) {
    v1::SearchKind k;
    if (!v1::SearchKind_Parse(absl::StrCat("SEARCH_KIND_", absl::AsciiStrToUpper(kind)), &k)) {
      return Fail("--kind", absl::InvalidArgumentError(kind + " is not case, reflection or standard"));
    }
    shape.add_kinds(k);
  }
  if (!args.status.empty()) {
    v1::CaseStatus st;
    if (!v1::CaseStatus_Parse(absl::StrCat("CASE_STATUS_", absl::AsciiStrToUpper(args.status)), &st)) {
      return Fail("--status", absl::InvalidArgumentError(args.status + " is not a case status"));
    }
    shape.set_status(st);
  }
  auto run = [&](const std::string& query, Outcome& out) -> absl::Status {
    v1::SearchRequest request = shape;
    request.set_query(query);
    const auto t0 = std::chrono::steady_clock::now();
    auto response = core->searches().Search(caller, request);
    const auto t1 = std::chrono::steady_clock::now();
    if (!response.ok()) return response.status();
    out.ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    out.results = response->results_size();
    out.more = !response->next_page_token().empty();
    return absl::OkStatus();
  };

  // Warm-up: the queries warm RocksDB's block cache.
  const std::vector<std::string> warmup = SearchQueries(args.warmup, args.seed + 1000003);
  double first_ms = 0, warmup_ms = 0;
  for (size_t i = 0; i < warmup.size(); ++i) {
    Outcome o;
    if (absl::Status s = run(warmup[i], o); !s.ok()) return Fail("warm-up search", s);
    if (i == 0) first_ms = o.ms;
    warmup_ms += o.ms;
  }
  std::printf("warm-up: %zu queries in %.1f s; the first %.1f ms\n",
              warmup.size(), warmup_ms / 1000, first_ms);
  std::fflush(stdout);

  const std::vector<std::string> queries = SearchQueries(args.queries, args.seed);
  std::vector<Outcome> outcomes(queries.size());
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < queries.size(); ++i) {
    if (absl::Status s = run(queries[i], outcomes[i]); !s.ok()) {
      return Fail(absl::StrCat("search \"", queries[i], "\""), s);
    }
  }
  const double wall = Seconds(absl::Now() - start);

  std::vector<double> all;
  std::map<int, std::vector<double>> by_terms;  // distinct search terms → ms
  int64_t results = 0;
  int empty = 0, full = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    all.push_back(outcomes[i].ms);
    std::set<std::string> terms;
    for (const search::Token& t : search::Tokenizer::Dutch().Tokenize(queries[i])) {
      terms.insert(t.term);
    }
    by_terms[static_cast<int>(terms.size())].push_back(outcomes[i].ms);
    results += outcomes[i].results;
    empty += outcomes[i].results == 0;
    full += outcomes[i].more;
  }
  std::printf("search: %zu queries of 1-4 words (seed %llu)%s%s%s%s, one thread, %.1f s\n",
              queries.size(), static_cast<unsigned long long>(args.seed),
              args.kinds.empty() ? "" : ", kinds ", absl::StrJoin(args.kinds, ",").c_str(),
              args.status.empty() ? "" : ", status ", args.status.c_str(), wall);
  std::printf("  latency  %s\n", Summary(all).c_str());
  for (const auto& [n, ms] : by_terms) {
    std::printf("  %d term%s  %s\n", n, n == 1 ? " " : "s", Summary(ms).c_str());
  }
  std::printf("  results per query: mean %.1f (page size %d); %d with none, %d with a next page\n",
              queries.empty() ? 0.0 : static_cast<double>(results) / queries.size(),
              args.page_size > 0 ? args.page_size : 20, empty, full);

  // The slowest queries, with how many documents hold each term.
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return outcomes[a].ms > outcomes[b].ms; });
  const size_t show = std::min<size_t>(order.size(), std::max(args.show_slowest, 0));
  if (show > 0) std::printf("  slowest:\n");
  for (size_t k = 0; k < show; ++k) {
    const size_t i = order[k];
    std::vector<std::string> dfs;
    std::set<std::string> seen;
    for (const search::Token& t : search::Tokenizer::Dutch().Tokenize(queries[i])) {
      if (!seen.insert(t.term).second) continue;
      auto df = core->search_index().DocumentFrequency(args.community, t.term);
      dfs.push_back(absl::StrCat(t.term, "=", df.ok() ? absl::StrCat(*df) : "?"));
    }
    std::printf("    %8.2f ms  %2d results  \"%s\"  [postings: %s]\n", outcomes[i].ms,
                outcomes[i].results, queries[i].c_str(), absl::StrJoin(dfs, ", ").c_str());
  }
  if (absl::Status s = core->Close(); !s.ok()) return Fail("close the store", s);
  return 0;
}

int Sample(uint64_t seed, int cases, int reflections, int queries) {
  TextGenerator gen(seed);
  for (int i = 0; i < cases; ++i) {
    const v1::Case c = ComposeCase(gen);
    std::printf("== %s\n%s\n\nVraag: %s\nTaak: %s\nDoel: %s\nNodig: %s\nGrondslag: %s\n",
                c.title().c_str(), c.situation().c_str(), c.question().c_str(),
                c.framing().task().c_str(), c.framing().purpose().c_str(),
                c.framing().necessary_data().c_str(),
                c.framing().legal_basis_and_proportionality().c_str());
    for (const std::string& o : c.options()) std::printf("Optie: %s\n", o.c_str());
    std::printf("Wetten: %s; thema's: %s\n", absl::StrJoin(c.laws(), ", ").c_str(),
                absl::StrJoin(c.themes(), ", ").c_str());
    for (int r = 0; r < reflections; ++r) {
      const v1::Reflection ref = ComposeReflection(gen);
      std::printf("  - [%s] %s\n", v1::ReflectionKind_Name(ref.kind()).c_str(), ref.text().c_str());
    }
    std::printf("\n");
  }
  if (queries > 0) {
    std::printf("Queries (seed %llu):\n", static_cast<unsigned long long>(seed));
    for (const std::string& q : SearchQueries(queries, seed)) std::printf("  %s\n", q.c_str());
  }
  std::printf("Vocabulary: %zu entries\n", Vocabulary().size());
  return 0;
}

}  // namespace kompas::bench
