#include "report.h"

#include <stdio.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "child.h"
#include "demo_sessions.h"
#include "grpcpp/grpcpp.h"
#include "server_latency.h"
#include "kompas/v1/case.grpc.pb.h"
#include "vocabulary.h"
#include "watchers.h"

namespace kompas::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::string Commit(const std::string& source_dir) {
  if (source_dir.empty()) return "?";
  std::string out;
  if (FILE* p = popen(absl::StrCat("git -C '", source_dir, "' rev-parse --short HEAD 2>/dev/null").c_str(), "r")) {
    char buf[64];
    while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
    pclose(p);
  }
  out = std::string(absl::StripAsciiWhitespace(out));
  return out.empty() ? "?" : out;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One ratio (or figure) over the rounds.
struct Row {
  std::string measure;
  std::string target;
  bool higher_is_better = true;
  double bound = 0;
  std::vector<double> values;
  std::string unit;  // "" for a ratio, else " ms", " s", " MiB"
  std::string absolute;
};

std::string Cell(const Row& r) {
  std::vector<double> v = r.values;
  std::sort(v.begin(), v.end());
  std::string cell = absl::StrFormat("%.2f", Median(v));
  if (v.size() > 1) absl::StrAppendFormat(&cell, " (%.2f–%.2f)", v.front(), v.back());
  return absl::StrCat(cell, r.unit);
}

bool Met(const Row& r) {
  const double m = Median(r.values);
  return r.higher_is_better ? m >= r.bound : m <= r.bound;
}

std::string Header(const ReportArgs& args, const Prepared& p, double load_before) {
  return absl::StrFormat(
      "kompas-bench report, %s UTC, commit %s, %d cores, load average %.1f before / %.1f after;\n"
      "corpus: %s; %d rounds of %.1f s per measurement, %d client threads.\n",
      absl::FormatTime("%Y-%m-%d %H:%M", absl::Now(), absl::UTCTimeZone()),
      Commit(args.source_dir), Cores(), load_before, LoadAverage1(),
      p.cases >= 0 ? absl::StrFormat("%d cases x %d reflections (generated)", p.cases,
                                     args.prepare.reflections_per_case)
                   : "existing data directory " + args.prepare.data_dir,
      args.rounds, args.seconds, args.threads);
}

std::string Table(const std::vector<Row>& rows) {
  std::string t =
      "| measure | target | median (min–max over rounds) | met | absolute (last round) |\n"
      "|---|---|---|---|---|\n";
  for (const Row& r : rows) {
    absl::StrAppend(&t, "| ", r.measure, " | ", r.target, " | ", Cell(r), " | ",
                    r.target.empty() ? "" : (Met(r) ? "yes" : "**no**"), " | ", r.absolute,
                    " |\n");
  }
  return t;
}

// A closed-loop run with kompasd's own CPU time per successful call, the
// figure that moves least when other processes share the cores (throughput
// and latency include waiting for a core; CPU per call mostly does not).
struct Measured {
  Calls calls;
  double server_us = 0;
};

Measured MeasureClosedLoop(const Prepared& p, Rpc rpc, int threads, absl::Duration d) {
  const double cpu_before = ReadCpuSeconds(p.kompasd->pid());
  Measured m{RunClosedLoop(p.target, rpc, threads, d)};
  const double cpu = ReadCpuSeconds(p.kompasd->pid()) - cpu_before;
  if (!m.calls.ms.empty()) m.server_us = cpu * 1e6 / static_cast<double>(m.calls.ms.size());
  return m;
}

std::string Rates(const Calls& c) {
  return absl::StrFormat("%.0f/s, p50 %.2f p99 %.2f ms", c.Rate(), c.Quantile(0.5),
                         c.Quantile(0.99));
}

std::string Rates(const Measured& m) {
  return absl::StrFormat("%s, kompasd %.0f µs CPU/call", Rates(m.calls), m.server_us);
}

}  // namespace

int Report(const ReportArgs& args) {
  const double load_before = LoadAverage1();
  std::fprintf(stderr, "kompas-bench report: preparing the corpus and kompasd ...\n");
  std::vector<std::string> flags = {"--drain_ms=100", "--rate_limit_per_second=1000000",
                                    "--rate_limit_burst=1000000"};
  flags.insert(flags.end(), args.kompasd_flags.begin(), args.kompasd_flags.end());
  auto prepared = Prepare(args.prepare, flags);
  if (!prepared.ok()) {
    std::fprintf(stderr, "kompas-bench report: %s\n", prepared.status().ToString().c_str());
    return 1;
  }
  Prepared& p = **prepared;
  const ProcStatus idle = ReadProcStatus(p.kompasd->pid());
  const absl::Duration d = absl::Seconds(args.seconds);
  const int n = args.threads;

  Row get{absl::StrCat("GetCase / HealthCheck, ", n, " client threads"), "≥ 0.8", true, 0.8};
  Row list{absl::StrCat("ListCases page of 20 / GetCase, ", n, " threads"), "≥ 0.3", true, 0.3};
  Row create_n{absl::StrCat("CreateCase / bare synced write, ", n, " writers"), "≥ 0.5", true, 0.5};
  Row create_1{"CreateCase / bare synced write, 1 writer", "≥ 0.5", true, 0.5};
  Row search_p99{"Search p99, 1 client", "≤ 5 ms", false, 5, {}, " ms"};
  Row search_p50{"Search p50, 1 client", "≤ 1 ms", false, 1, {}, " ms"};
  int64_t errors = 0;
  std::string first_error;
  auto check = [&](const Calls& c, Rpc rpc) {
    if (c.errors > 0 && errors == 0) first_error = absl::StrCat(RpcName(rpc), ": ", c.first_error);
    errors += c.errors;
  };
  {
    // Warm-up, as `kompas-bench search` does: other queries than the measured
    // ones fill RocksDB's block cache with the index's common blocks, so the
    // first round's search figures are not those of a server just started.
    Target warm = p.target;
    warm.queries = SearchQueries(200, /*seed=*/1000003);
    (void)RunClosedLoop(warm, Rpc::kSearch, 1, absl::Seconds(1));
  }
  for (int round = 1; round <= args.rounds; ++round) {
    std::fprintf(stderr, "  round %d of %d\n", round, args.rounds);
    const Measured health_m = MeasureClosedLoop(p, Rpc::kHealthCheck, n, d);
    const Measured gets_m = MeasureClosedLoop(p, Rpc::kGetCase, n, d);
    const Measured lists_m = MeasureClosedLoop(p, Rpc::kListCases, n, d);
    const Measured creates_n_m = MeasureClosedLoop(p, Rpc::kCreateCase, n, d);
    const Measured creates_1_m = MeasureClosedLoop(p, Rpc::kCreateCase, 1, d);
    const Calls& health = health_m.calls;
    const Calls& gets = gets_m.calls;
    const Calls& lists = lists_m.calls;
    const Calls& creates_n = creates_n_m.calls;
    const Calls& creates_1 = creates_1_m.calls;
    const std::string bare_dir = absl::StrCat(p.dir, "/bare", round);
    auto bare_n = RunBareWrites(bare_dir, n, d, 1200);
    auto bare_1 = bare_n.ok() ? RunBareWrites(bare_dir, 1, d, 1200) : bare_n;
    if (!bare_1.ok()) {
      std::fprintf(stderr, "kompas-bench report: bare writes: %s\n",
                   bare_1.status().ToString().c_str());
      return 1;
    }
    const Calls searches = RunClosedLoop(p.target, Rpc::kSearch, 1, d);
    for (const auto& [c, rpc] : std::vector<std::pair<const Calls*, Rpc>>{
             {&health, Rpc::kHealthCheck}, {&gets, Rpc::kGetCase}, {&lists, Rpc::kListCases},
             {&creates_n, Rpc::kCreateCase}, {&creates_1, Rpc::kCreateCase},
             {&searches, Rpc::kSearch}}) {
      check(*c, rpc);
    }
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0; };
    get.values.push_back(ratio(gets.Rate(), health.Rate()));
    get.absolute = absl::StrCat("GetCase ", Rates(gets_m), "; HealthCheck ", Rates(health_m));
    list.values.push_back(ratio(lists.Rate(), gets.Rate()));
    list.absolute = absl::StrCat("ListCases ", Rates(lists_m));
    create_n.values.push_back(ratio(creates_n.Rate(), bare_n->Rate()));
    create_n.absolute =
        absl::StrCat("CreateCase ", Rates(creates_n_m), "; bare ", Rates(*bare_n));
    create_1.values.push_back(ratio(creates_1.Rate(), bare_1->Rate()));
    create_1.absolute =
        absl::StrCat("CreateCase ", Rates(creates_1_m), "; bare ", Rates(*bare_1));
    search_p99.values.push_back(searches.Quantile(0.99));
    search_p50.values.push_back(searches.Quantile(0.5));
    search_p99.absolute = absl::StrFormat("%.0f searches/s, max %.2f ms", searches.Rate(),
                                          searches.Quantile(1));
  }
  const ProcStatus end = ReadProcStatus(p.kompasd->pid());
  Row startup{"kompasd start-up to serving", "≤ 1 s", false, 1, {p.startup_seconds}, " s",
              absl::StrFormat("idle RSS after start %.0f MiB", idle.rss_kib / 1024.0)};
  Row rss{"kompasd peak RSS (VmHWM) during this report", "", false, 0,
          {end.hwm_kib / 1024.0}, " MiB", "target ≤ 256 MiB is for 10 min of mixed load: see `load`"};
  const std::vector<Row> rows = {get, list, create_n, create_1, search_p99, search_p50, startup, rss};
  const std::string header = Header(args, p, load_before);
  const std::string table = Table(rows);
  const std::string errors_line =
      absl::StrCat("errors: ", errors, errors > 0 ? absl::StrCat(" (first: ", first_error, ")") : "",
                   "\n");
  std::printf("%s\n%s\n%s", header.c_str(), table.c_str(), errors_line.c_str());
  if (!args.out.empty()) {
    std::ofstream out(args.out);
    out << header << "\n" << table << "\n" << errors_line;
    if (!out) {
      std::fprintf(stderr, "kompas-bench report: cannot write %s\n", args.out.c_str());
      return 1;
    }
  }
  return errors == 0 ? 0 : 1;
}

int Load(const LoadArgs& args) {
  const double load_before = LoadAverage1();
  std::vector<std::string> flags = {
      "--drain_ms=100",
      "--rate_limit_per_second=1000000",
      "--rate_limit_burst=1000000",
      "--seed=" + args.seed,
      "--municipalities=" + args.municipalities,
      "--demo_tokens_file={dir}/demo-tokens",
      absl::StrCat("--max_watches_per_member=", std::max(8, args.watchers)),
      absl::StrCat("--max_watchers_per_session=", std::max(300, args.watchers)),
  };
  // Its HTTP listener, for its own latency histogram (/metrics).
  const int http_port = FreeLoopbackPort();
  if (http_port != 0) flags.push_back(absl::StrCat("--http_address=127.0.0.1:", http_port));
  flags.insert(flags.end(), args.kompasd_flags.begin(), args.kompasd_flags.end());
  std::fprintf(stderr, "kompas-bench load: preparing the corpus and kompasd ...\n");
  auto prepared = Prepare(args.prepare, flags);
  if (!prepared.ok()) {
    std::fprintf(stderr, "kompas-bench load: %s\n", prepared.status().ToString().c_str());
    return 1;
  }
  Prepared& p = **prepared;
  const Members members(ReadTokens(p.dir + "/demo-tokens"));
  grpc::ChannelArguments channel_args;
  channel_args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(p.target.address, grpc::InsecureChannelCredentials(),
                                           channel_args);
  absl::StatusOr<Setup> setup = SetUpSessions(channel, members, args.sessions);
  if (!setup.ok()) {
    std::fprintf(stderr, "kompas-bench load: setting up sessions: %s\n",
                 setup.status().ToString().c_str());
    return 1;
  }
  // The watchers, as the demo members in turn.
  std::vector<WatchTarget> targets;
  std::vector<int> session_of;
  for (int i = 0; i < args.watchers; ++i) {
    const int s = i % args.sessions;
    auto token = members.Token(Watchers()[static_cast<size_t>(i / args.sessions) % Watchers().size()]);
    if (!token.ok()) {
      std::fprintf(stderr, "kompas-bench load: %s\n", token.status().ToString().c_str());
      return 1;
    }
    targets.push_back(WatchTarget{setup->sessions[static_cast<size_t>(s)], *token,
                                  setup->last_sequence[static_cast<size_t>(s)]});
    session_of.push_back(s);
  }
  std::unique_ptr<WatcherPool> pool = NewGrpcWatchers(p.target.address, 0);
  pool->Open(targets);
  const Clock::time_point open_by = Clock::now() + std::chrono::seconds(60);
  while (pool->ready() + pool->ended() < args.watchers && Clock::now() < open_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::fprintf(stderr, "kompas-bench load: kompasd served after %.2f s; %d streams open; running %.0f s\n",
               p.startup_seconds, pool->ready(), args.duration_seconds);

  // Everything at once until `stop`.
  const absl::StatusOr<ServerLatency> server_before =
      http_port != 0 ? ScrapeLatency(http_port)
                     : absl::StatusOr<ServerLatency>(absl::UnavailableError("no free port"));
  std::atomic<bool> stop{false};
  struct Job {
    Rpc rpc;
    int threads;
  };
  const std::vector<Job> jobs = {{Rpc::kGetCase, args.readers},
                                 {Rpc::kListCases, args.listers},
                                 {Rpc::kCreateCase, args.writers},
                                 {Rpc::kSearch, args.searchers}};
  std::vector<std::vector<Calls>> results(jobs.size());
  std::vector<std::thread> threads;
  for (size_t j = 0; j < jobs.size(); ++j) {
    results[j].resize(static_cast<size_t>(jobs[j].threads));
    for (int i = 0; i < jobs[j].threads; ++i) {
      threads.emplace_back([&, j, i] {
        results[j][static_cast<size_t>(i)] =
            CallUntil(p.target, jobs[j].rpc, i, stop, args.call_rate);
      });
    }
  }
  // The poster: reflections to the sessions' cases at post_rate, round robin.
  Calls posts;
  std::vector<int> posted(static_cast<size_t>(args.sessions), 0);
  std::thread poster([&] {
    auto cases = v1::CaseService::NewStub(channel);
    const Clock::time_point start = Clock::now();
    for (int k = 0; !stop.load(); ++k) {
      if (!SleepUntil(DueAt(start, k, std::max(args.post_rate, 0.01)), stop)) break;
      const size_t s = static_cast<size_t>(k % args.sessions);
      v1::CreateReflectionRequest request;
      request.set_parent(setup->cases[s]);
      request.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
      request.mutable_reflection()->set_text(
          absl::StrCat("Meetvraag ", k, ": weet de school al dat het wijkteam betrokken is?"));
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      members.Authorize(ctx, kWriter);
      v1::Reflection reflection;
      const Clock::time_point sent = Clock::now();
      const grpc::Status status = cases->CreateReflection(&ctx, request, &reflection);
      if (status.ok()) {
        posts.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        ++posted[s];
      } else if (posts.errors++ == 0) {
        posts.first_error = status.error_message();
      }
    }
    posts.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(args.duration_seconds));
  stop = true;
  for (std::thread& t : threads) t.join();
  poster.join();
  const absl::StatusOr<ServerLatency> server_after =
      server_before.ok() ? ScrapeLatency(http_port) : server_before.status();
  // Let the last events reach the streams.
  const int64_t expected_events = [&] {
    int64_t e = 0;
    for (int s : session_of) e += posted[static_cast<size_t>(s)];
    return e;
  }();
  const Clock::time_point drain_by = Clock::now() + std::chrono::seconds(10);
  while (pool->events() < expected_events && Clock::now() < drain_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const ProcStatus status = ReadProcStatus(p.kompasd->pid());
  pool->Close(absl::Seconds(10));
  int64_t missing = 0, ended_early = 0, not_opened = 0;
  const std::vector<WatcherResult> watched = pool->Results();
  for (size_t i = 0; i < watched.size(); ++i) {
    if (!watched[i].opened) ++not_opened;
    if (!watched[i].ended.empty()) ++ended_early;
    missing += std::max<int64_t>(
        0, posted[static_cast<size_t>(session_of[i])] - static_cast<int64_t>(watched[i].arrivals.size()));
  }

  std::string table = absl::StrFormat(
      "kompas-bench load, %s UTC, %d cores, load average %.1f before / %.1f after; %.0f s;\n"
      "%d readers, %d listers, %d writers, %d searchers (%s), %d watchers on %d sessions, "
      "%.1f posts/s\n\n"
      "| RPC | calls | calls/s | errors | p50 ms | p90 ms | p99 ms | max ms |\n"
      "|---|---|---|---|---|---|---|---|\n",
      absl::FormatTime("%Y-%m-%d %H:%M", absl::Now(), absl::UTCTimeZone()), Cores(), load_before,
      LoadAverage1(), args.duration_seconds, args.readers, args.listers, args.writers,
      args.searchers,
      args.call_rate > 0 ? absl::StrFormat("each %.0f calls/s", args.call_rate)
                         : std::string("each as fast as answered"),
      args.watchers, args.sessions, args.post_rate);
  int64_t errors = posts.errors;
  std::string first_error = posts.first_error;
  auto row = [&](const char* name, const Calls& c) {
    absl::StrAppendFormat(&table, "| %s | %d | %.0f | %d | %.2f | %.2f | %.2f | %.2f |\n", name,
                          c.ms.size(), c.Rate(), c.errors, c.Quantile(0.5), c.Quantile(0.9),
                          c.Quantile(0.99), c.Quantile(1));
  };
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].threads == 0) continue;
    Calls all;
    for (Calls& c : results[j]) all.Merge(std::move(c));
    if (all.errors > 0 && errors == 0) first_error = all.first_error;
    errors += all.errors;
    row(RpcName(jobs[j].rpc), all);
  }
  row("CreateReflection (posts)", posts);
  // The same calls as kompasd timed them: from its handler's start to its
  // answer, without the client, the loopback and the wait for a core.
  if (server_after.ok()) {
    const ServerLatency run = server_after->Since(*server_before);
    absl::StrAppend(&table, "\nInside kompasd (its /metrics histogram, successful calls):\n\n",
                    ServerLatency::Header());
    for (const Job& job : jobs) {
      if (job.threads > 0) absl::StrAppend(&table, run.Row(RpcName(job.rpc)));
    }
    absl::StrAppend(&table, run.Row("CreateReflection"));  // the posts
  } else {
    absl::StrAppend(&table, "\nInside kompasd: not measured (", server_after.status().message(),
                    ")\n");
  }
  absl::StrAppendFormat(
      &table,
      "\nwatch streams: %d, not opened %d, ended early %d; events delivered %d of %d (missing %d)\n"
      "kompasd peak RSS (VmHWM) %.0f MiB, now %.0f MiB, %d threads\n"
      "errors=%d\n",
      watched.size(), not_opened, ended_early, pool->events(), expected_events, missing,
      status.hwm_kib / 1024.0, status.rss_kib / 1024.0, status.threads,
      errors + not_opened + ended_early + missing);
  if (errors > 0) absl::StrAppend(&table, "first error: ", first_error, "\n");
  std::printf("%s", table.c_str());
  return errors + not_opened + ended_early + missing == 0 ? 0 : 1;
}

}  // namespace kompas::bench
