// kompas-bench: a synthetic corpus for benchmarks and a search latency run
// over it, on a data directory no kompasd holds.
//
//   kompas-bench gen --data_dir /tmp/kompas-bench-corpus --cases 100000 --compact
//   kompas-bench search --data_dir /tmp/kompas-bench-corpus --queries 1000
//   kompas-bench sample   # what the generated texts read like
//   kompas-bench fanout --watchers 1000   # session events to many watchers (fanout.h)
//   kompas-bench report --out speed.md    # the speed targets as same-run ratios (report.h)
//   kompas-bench load --duration 600      # mixed load: latency per RPC, errors, peak RSS
#include <exception>
#include <functional>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "commands.h"
#include "fanout.h"
#include "report.h"

namespace kompas::bench {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{
      "kompas-bench: fill a Kompas data directory with synthetic cases and reflections (gen),\n"
      "settle its LSM tree (compact) and measure full-text search latency on it (search). Texts are Dutch wijkteam and\n"
      "privacy vocabulary without personal data. Run with kompasd stopped.\n"
      "fanout starts kompasd itself (on 127.0.0.1, a temp directory) and measures how fast session events reach\n"
      "many Connect and native gRPC watchers.\n"
      "report and load start kompasd on a generated corpus (or --data_dir) and measure the speed targets\n"
      "as same-run ratios (report), or latency, errors and memory under mixed load (load).\n"
      "Exit codes: 0 success, 1 failure, 2 usage error."};
  app.name("kompas-bench");
  app.fallthrough();
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  kompas-bench gen --data_dir /tmp/kompas-bench-corpus --cases 100000 \\\n"
      "      --reflections_per_case 10\n"
      "  kompas-bench compact --data_dir /tmp/kompas-bench-corpus\n"
      "  kompas-bench search --data_dir /tmp/kompas-bench-corpus --queries 1000\n"
      "  kompas-bench sample --cases 1 --reflections 3\n"
      "  kompas-bench fanout --watchers 1000 --sessions 4 --events 50 --rate 20\n"
      "  kompas-bench report --out speed.md\n"
      "  kompas-bench report --cases 10000 --rounds 1   # growth\n"
      "  kompas-bench load --duration 600 --watchers 50\n");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });

  std::string data_dir;
  app.add_option("--data_dir,--data-dir", data_dir,
                 "the RocksDB directory (gen, compact, search)");
  std::function<int()> run;
  auto need_data_dir = [&] {
    if (data_dir.empty()) throw CLI::RequiredError("--data_dir");
  };

  GenArgs gen;
  CLI::App* gen_cmd = app.add_subcommand("gen", "add a synthetic corpus to the data directory");
  gen_cmd->add_option("--cases", gen.corpus.cases, "cases to add")
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}))
      ->capture_default_str();
  gen_cmd->add_option("--reflections_per_case", gen.corpus.reflections_per_case,
                      "reflections per case")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  gen_cmd->add_option("--community", gen.corpus.community, "community id (created when missing)")
      ->capture_default_str();
  gen_cmd->add_option("--seed", gen.corpus.seed, "seed of the texts")->capture_default_str();
  gen_cmd->add_option("--records_per_batch", gen.corpus.records_per_batch,
                      "cases plus reflections per write batch")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  gen_cmd->add_option("--threads", gen.corpus.threads, "composing threads (0: one per core)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  gen_cmd->add_flag("--compact", gen.compact,
                    "flush and fully compact the store afterwards (as `compact`)");
  bool no_screen = false;
  gen_cmd->add_flag("--no_screen", no_screen,
                    "skip the PII gate (faster; records get a clean gate report)");
  gen_cmd->callback([&] {
    need_data_dir();
    gen.data_dir = data_dir;
    gen.corpus.screen = !no_screen;
    run = [&] { return Gen(gen); };
  });

  CLI::App* compact_cmd = app.add_subcommand(
      "compact", "flush and fully compact the store (a settled LSM tree for steady numbers)");
  compact_cmd->callback([&] {
    need_data_dir();
    run = [&] { return Compact(data_dir); };
  });

  SearchArgs search;
  CLI::App* search_cmd =
      app.add_subcommand("search", "run a seeded query mix and report latency percentiles");
  search_cmd->add_option("--community", search.community, "community id")->capture_default_str();
  search_cmd->add_option("--queries", search.queries, "measured queries")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  search_cmd->add_option("--warmup", search.warmup, "unmeasured queries first")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  search_cmd->add_option("--seed", search.seed, "seed of the query mix")->capture_default_str();
  search_cmd->add_option("--page_size", search.page_size, "results per page (0: server default)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  search_cmd->add_option("--kind", search.kinds,
                         "only these kinds: case, reflection, standard (repeatable)");
  search_cmd->add_option("--status", search.status,
                         "only cases (and their reflections) in this status, e.g. concluded");
  bool read_write = false;
  search_cmd->add_flag("--read_write", read_write,
                       "open the store normally (RocksDB may compact meanwhile)");
  search_cmd->add_option("--block_cache_mb", search.block_cache_mb,
                         "RocksDB block cache in MiB (default: the store's, as kompasd runs)")
      ->check(CLI::Range(0, 65536));
  search_cmd->add_option("--show_slowest", search.show_slowest, "slowest queries to list")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  search_cmd->callback([&] {
    need_data_dir();
    search.data_dir = data_dir;
    search.read_only = !read_write;
    run = [&] { return Search(search); };
  });

  uint64_t sample_seed = 1;
  int sample_cases = 1, sample_reflections = 3, sample_queries = 10;
  CLI::App* sample_cmd =
      app.add_subcommand("sample", "print generated cases, reflections and queries");
  sample_cmd->add_option("--seed", sample_seed, "seed of the texts")->capture_default_str();
  sample_cmd->add_option("--cases", sample_cases, "cases to print")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  sample_cmd->add_option("--reflections", sample_reflections, "reflections per case")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  sample_cmd->add_option("--queries", sample_queries, "queries to print")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  sample_cmd->callback([&] {
    run = [&] { return Sample(sample_seed, sample_cases, sample_reflections, sample_queries); };
  });

  FanoutArgs fanout;
  fanout.kompasd = KOMPAS_BENCH_KOMPASD;
  fanout.seed = KOMPAS_BENCH_DATA "/demo_community.json";
  fanout.municipalities = KOMPAS_BENCH_DATA "/municipalities.tsv";
  CLI::App* fanout_cmd = app.add_subcommand(
      "fanout",
      "start kompasd, hold many WatchSession streams over Connect and over native gRPC while a\n"
      "writer posts, and report delivery latency, missing events and kompasd's memory\n"
      "(exit 1 when a stream missed an event)");
  fanout_cmd->add_option("--watchers", fanout.watchers, "streams per protocol")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  fanout_cmd->add_option("--sessions", fanout.sessions, "sessions the streams are spread over")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  fanout_cmd->add_option("--events", fanout.events, "reflections posted per session")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  fanout_cmd->add_option("--rate", fanout.rate, "posts per second over all sessions")
      ->check(CLI::Range(0.01, 100000.0))
      ->capture_default_str();
  fanout_cmd->add_option("--duration", fanout.duration_seconds,
                         "at most this many seconds per protocol (undelivered: missing)")
      ->check(CLI::Range(5, 3600))
      ->capture_default_str();
  fanout_cmd->add_option("--protocol", fanout.protocols, "connect, grpc (repeatable; in order)")
      ->check(CLI::IsMember({"connect", "grpc"}))
      ->capture_default_str();
  fanout_cmd->add_option("--connect_threads", fanout.connect_threads,
                         "threads running the Connect streams' one io_context")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  fanout_cmd->add_option("--grpc_connections", fanout.grpc_connections,
                         "TCP connections the gRPC streams share (0: one per stream)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  fanout_cmd->add_option("--kompasd", fanout.kompasd, "the kompasd binary")->capture_default_str();
  fanout_cmd->add_option("--seed", fanout.seed, "the demo community (kompasd --seed)")
      ->capture_default_str();
  fanout_cmd->add_option("--municipalities", fanout.municipalities,
                         "municipalities TSV (kompasd --municipalities)")
      ->capture_default_str();
  fanout_cmd->add_option("--temp_root", fanout.temp_root, "where kompasd's temp directories go")
      ->capture_default_str();
  fanout_cmd->add_option("--kompasd_flag", fanout.kompasd_flags,
                         "an extra kompasd flag, e.g. --kompasd_flag=--sync_writes=false "
                         "(repeatable)");
  fanout_cmd->callback([&] { run = [&] { return Fanout(fanout); }; });

  // report and load: the corpus and kompasd they share.
  auto add_prepare = [](CLI::App* cmd, PrepareOptions& prepare) {
    prepare.kompasd = KOMPAS_BENCH_KOMPASD;
    cmd->add_option("--cases", prepare.cases, "cases to generate (reflections x10 by default)")
        ->check(CLI::Range(int64_t{0}, int64_t{100000000}))
        ->capture_default_str();
    cmd->add_option("--reflections_per_case", prepare.reflections_per_case,
                    "reflections per generated case")
        ->check(CLI::Range(0, 10000))
        ->capture_default_str();
    cmd->add_option("--corpus", prepare.data_dir,
                    "serve this existing corpus (kompas-bench gen) instead; kompasd writes to it");
    cmd->add_option("--kompasd", prepare.kompasd, "the kompasd binary")->capture_default_str();
    cmd->add_option("--temp_root", prepare.temp_root, "where the temp directory goes")
        ->capture_default_str();
  };
  ReportArgs report;
  report.prepare.cases = 2000;
  report.source_dir = KOMPAS_BENCH_SOURCE;
  CLI::App* report_cmd = app.add_subcommand(
      "report",
      "start kompasd on a generated corpus and measure the speed targets as ratios against\n"
      "baselines of the same round (health check, a bare synced RocksDB write), with search\n"
      "latency, start-up and memory; print a Markdown table (exit 1 when a call failed)");
  add_prepare(report_cmd, report.prepare);
  report_cmd->add_option("--seconds", report.seconds, "seconds per measurement and round")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  report_cmd->add_option("--rounds", report.rounds, "rounds (ratios: median and spread)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  report_cmd->add_option("--threads", report.threads, "client threads of the concurrent runs")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  report_cmd->add_option("--out", report.out, "also write the table to this Markdown file");
  report_cmd->add_option("--kompasd_flag", report.kompasd_flags, "an extra kompasd flag (repeatable)");
  report_cmd->callback([&] { run = [&] { return Report(report); }; });

  LoadArgs load;
  load.seed = KOMPAS_BENCH_DATA "/demo_community.json";
  load.municipalities = KOMPAS_BENCH_DATA "/municipalities.tsv";
  CLI::App* load_cmd = app.add_subcommand(
      "load",
      "start kompasd on a generated corpus and run readers, listers, writers, searchers and\n"
      "session watchers together; report latency percentiles per RPC, errors and kompasd's\n"
      "peak RSS (exit 1 on any error or missed event)");
  add_prepare(load_cmd, load.prepare);
  load_cmd->add_option("--duration", load.duration_seconds, "seconds of load")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  load_cmd->add_option("--readers", load.readers, "GetCase threads")->capture_default_str();
  load_cmd->add_option("--listers", load.listers, "ListCases threads")->capture_default_str();
  load_cmd->add_option("--writers", load.writers, "CreateCase threads")->capture_default_str();
  load_cmd->add_option("--searchers", load.searchers, "Search threads")->capture_default_str();
  load_cmd->add_option("--watchers", load.watchers, "WatchSession streams (native gRPC)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  load_cmd->add_option("--sessions", load.sessions, "sessions the streams follow")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  load_cmd->add_option("--post_rate", load.post_rate, "reflections posted per second in all")
      ->check(CLI::Range(0.01, 10000.0))
      ->capture_default_str();
  load_cmd->add_option("--call_rate", load.call_rate,
                       "calls per second of each reader, lister, writer and searcher, paced, "
                       "latency counted from when a call was due (0: as fast as answered)")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  load_cmd->add_option("--kompasd_flag", load.kompasd_flags, "an extra kompasd flag (repeatable)");
  load_cmd->callback([&] { run = [&] { return Load(load); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return run();
}

}  // namespace
}  // namespace kompas::bench

int main(int argc, char** argv) {
  try {
    return kompas::bench::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kompas-bench: " << e.what() << "\n";
    return 1;
  }
}
