#include "fanout.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "child.h"
#include "demo_sessions.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "watchers.h"

namespace kompas::bench {
namespace {

// The reflection text of post k; the number is how a watcher's event is
// matched to its send time.
constexpr char kMarker[] = "Meetvraag ";

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A progress line on stderr, with the seconds since `start`.
void Progress(Clock::time_point start, const std::string& what) {
  std::fprintf(stderr, "  %6.1f s  %s\n", std::chrono::duration<double>(Clock::now() - start).count(),
               what.c_str());
}




std::string PostText(int k) {
  return absl::StrCat(kMarker, k, ": weet de school al dat het wijkteam betrokken is?");
}

// The post number of an event, or -1 when it is not one of our posts.
int PostNumber(const v1::SessionEvent& event) {
  if (!event.has_reflection()) return -1;
  absl::string_view text = event.reflection().text();
  if (!absl::ConsumePrefix(&text, kMarker)) return -1;
  int k = -1;
  if (!absl::SimpleAtoi(text.substr(0, text.find(':')), &k)) return -1;
  return k;
}


// Samples kompasd's /proc status every 50 ms on its own thread, keeping the
// peaks, until destroyed.
class Sampler {
 public:
  explicit Sampler(pid_t pid) : pid_(pid), thread_([this] { Run(); }) {}
  ~Sampler() {
    stop_.Notify();
    thread_.join();
  }
  int64_t peak_rss_kib() const { return peak_rss_.load(); }
  int peak_threads() const { return peak_threads_.load(); }

 private:
  void Run() {
    do {
      const ProcStatus s = ReadProcStatus(pid_);
      peak_rss_.store(std::max(peak_rss_.load(), s.rss_kib));
      peak_threads_.store(std::max(peak_threads_.load(), s.threads));
    } while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(50)));
  }

  const pid_t pid_;
  std::atomic<int64_t> peak_rss_{0};
  std::atomic<int> peak_threads_{0};
  absl::Notification stop_;
  std::thread thread_;
};

struct Percentiles {
  size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

Percentiles Summarize(std::vector<double> values) {
  Percentiles p;
  p.count = values.size();
  if (values.empty()) return p;
  std::sort(values.begin(), values.end());
  // Nearest rank.
  const auto at = [&](double q) {
    const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  p.p50 = at(0.50);
  p.p90 = at(0.90);
  p.p99 = at(0.99);
  p.max = values.back();
  return p;
}

// One protocol's figures.
struct Report {
  std::string protocol;
  std::string failure;  // set: the run could not be made
  int watchers = 0;
  int opened = 0;
  std::map<std::string, int> refused;  // why streams ended early, by reason
  double open_seconds = 0;
  int64_t expected = 0, delivered = 0, missing = 0, duplicates = 0, out_of_order = 0,
          unexpected = 0;
  int posts = 0, post_failures = 0;
  std::string first_post_failure;
  Percentiles latency;      // ms, arrival minus send, every delivery
  Percentiles first;        // ms, the first arrival of each post minus its send
  Percentiles after_first;  // ms, arrival minus the first arrival of the same post
  std::string load_before, load_after;  // /proc/loadavg's 1-minute figure
  // CPU seconds from the first post until the last event arrived (or the
  // wait ended): kompasd's, and this process's (the streams and the writer).
  double kompasd_cpu = 0, client_cpu = 0;
  Percentiles post;     // ms, the writer's call
  ProcStatus before, open_idle, end;
  int64_t peak_rss_kib = 0;
  int peak_threads = 0;
  int client_threads = 0;
  int kompasd_exit = -1;

  bool ok() const {
    return failure.empty() && opened == watchers && refused.empty() && missing == 0 &&
           duplicates == 0 && out_of_order == 0 && unexpected == 0 && post_failures == 0 &&
           kompasd_exit == 0;
  }
};

int ThreadsOfThisProcess() { return ReadProcStatus(getpid()).threads; }

// The machine's 1-minute load average (it is shared: say how busy it was).
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

// Sends args.events posts per session, paced at args.rate over all of them,
// round robin; sends[s][k] is the steady time just before post k to
// session s.
void Post(const FanoutArgs& args, const std::shared_ptr<grpc::Channel>& channel,
          const Members& members, const Setup& setup, Clock::time_point stop_by,
          std::vector<std::vector<Clock::time_point>>& sends, Report& report) {
  auto cases = v1::CaseService::NewStub(channel);
  std::vector<double> post_ms;
  const Clock::time_point start = Clock::now();
  const int sessions = static_cast<int>(setup.sessions.size());
  bool out_of_time = false;
  for (int k = 0; k < args.events && !out_of_time; ++k) {
    for (int s = 0; s < sessions; ++s) {
      const int j = k * sessions + s;
      const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(j / args.rate));
      if (due > stop_by) {
        out_of_time = true;  // the rest is never posted, so not expected
        break;
      }
      std::this_thread::sleep_until(due);
      v1::CreateReflectionRequest request;
      request.set_parent(setup.cases[s]);
      request.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
      request.mutable_reflection()->set_text(PostText(k));
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      members.Authorize(ctx, kWriter);
      v1::Reflection reflection;
      const Clock::time_point sent = Clock::now();
      sends[s][k] = sent;
      const grpc::Status status = cases->CreateReflection(&ctx, request, &reflection);
      post_ms.push_back(Ms(Clock::now() - sent));
      ++report.posts;
      if (!status.ok()) {
        sends[s][k] = Clock::time_point();
        if (report.post_failures++ == 0) {
          report.first_post_failure = FromGrpc(status, "CreateReflection").ToString();
        }
      }
    }
  }
  report.post = Summarize(std::move(post_ms));
}

// Matches every stream's events to the posts of its session. Besides each
// delivery's latency, the first delivery of each post (the write and the
// shortest way out) and how much later the others came (the fan-out).
void Score(const std::vector<WatcherResult>& results, const std::vector<int>& session_of,
           const std::vector<std::vector<Clock::time_point>>& sends, int events, Report& report) {
  struct Delivery {
    int session, post;
    Clock::time_point time;
  };
  std::vector<Delivery> deliveries;
  for (size_t w = 0; w < results.size(); ++w) {
    const WatcherResult& r = results[w];
    if (r.opened) ++report.opened;
    if (!r.ended.empty()) ++report.refused[r.ended];
    report.unexpected += r.undecodable;
    const int s = session_of[w];
    const auto& sent = sends[s];
    std::vector<bool> seen(events, false);
    int64_t last_sequence = -1;
    for (const Arrival& a : r.arrivals) {
      if (last_sequence >= 0 && a.event.sequence() != last_sequence + 1) ++report.out_of_order;
      last_sequence = a.event.sequence();
      const int k = PostNumber(a.event);
      if (k < 0 || k >= events) {
        ++report.unexpected;
        continue;
      }
      if (seen[k]) {
        ++report.duplicates;
        continue;
      }
      seen[k] = true;
      ++report.delivered;
      if (sent[k] != Clock::time_point()) deliveries.push_back(Delivery{s, k, a.time});
    }
    for (int k = 0; k < events; ++k) {
      if (sent[k] == Clock::time_point()) continue;  // never posted: not expected
      ++report.expected;
      if (!seen[k]) ++report.missing;
    }
  }
  std::vector<std::vector<Clock::time_point>> first(
      sends.size(), std::vector<Clock::time_point>(events, Clock::time_point::max()));
  for (const Delivery& d : deliveries) {
    first[d.session][d.post] = std::min(first[d.session][d.post], d.time);
  }
  std::vector<double> latency, after_first, first_latency;
  for (const Delivery& d : deliveries) {
    latency.push_back(Ms(d.time - sends[d.session][d.post]));
    after_first.push_back(Ms(d.time - first[d.session][d.post]));
  }
  for (size_t s = 0; s < first.size(); ++s) {
    for (int k = 0; k < events; ++k) {
      if (first[s][k] != Clock::time_point::max()) {
        first_latency.push_back(Ms(first[s][k] - sends[s][k]));
      }
    }
  }
  report.latency = Summarize(std::move(latency));
  report.after_first = Summarize(std::move(after_first));
  report.first = Summarize(std::move(first_latency));
}

// kompasd's flags besides --address, --data_dir and --port_file: the demo
// community and tokens, the HTTP listener, and caps raised for one process
// that stands in for `watchers` people.
std::vector<std::string> KompasdFlags(const FanoutArgs& args, const std::string& dir,
                                      int http_port) {
  const int per_session = (args.watchers + args.sessions - 1) / args.sessions;
  std::vector<std::string> flags = {
      "--municipalities=" + args.municipalities,
      "--seed=" + args.seed,
      "--demo_tokens_file=" + dir + "/demo-tokens",
      "--drain_ms=100",
      absl::StrCat("--http_address=127.0.0.1:", http_port),
      absl::StrCat("--max_watches_per_member=", args.watchers),
      absl::StrCat("--max_watchers_per_session=", std::max(300, per_session)),
      "--rate_limit_per_second=1000000",
      "--rate_limit_burst=1000000",
  };
  flags.insert(flags.end(), args.kompasd_flags.begin(), args.kompasd_flags.end());
  return flags;
}

// The streams to open: watcher i follows session i % sessions, as the
// demo members in turn; `session_of` gets each one's session index.
absl::StatusOr<std::vector<WatchTarget>> Targets(const FanoutArgs& args, const Setup& setup,
                                                 const Members& members,
                                                 std::vector<int>* session_of) {
  std::vector<WatchTarget> targets;
  for (int i = 0; i < args.watchers; ++i) {
    const int s = i % args.sessions;
    const std::string& member = Watchers()[(i / args.sessions) % Watchers().size()];
    absl::StatusOr<std::string> token = members.Token(member);
    if (!token.ok()) return token.status();
    targets.push_back(WatchTarget{setup.sessions[s], *token, setup.last_sequence[s]});
    session_of->push_back(s);
  }
  return targets;
}

Report RunProtocol(const FanoutArgs& args, const std::string& protocol) {
  Report report;
  report.protocol = protocol;
  report.watchers = args.watchers;
  const Clock::time_point t0 = Clock::now();
  report.load_before = LoadAverage();
  const Clock::time_point stop_by = Clock::now() + std::chrono::seconds(args.duration_seconds);

  std::string dir_template = args.temp_root + "/kompas-fanout-XXXXXX";
  if (mkdtemp(dir_template.data()) == nullptr) {
    report.failure = "cannot make a temp directory in " + args.temp_root;
    return report;
  }
  const std::string dir = dir_template;
  struct RemoveDir {
    std::string path;
    ~RemoveDir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } remove_dir{dir};

  const int http_port = FreeLoopbackPort();
  KompasdChild kompasd(args.kompasd, dir, KompasdFlags(args, dir, http_port));
  if (absl::Status s = kompasd.Start(absl::Seconds(60)); !s.ok()) {
    report.failure = std::string(s.message());
    return report;
  }
  Progress(t0, "kompasd serves");
  const Members members(ReadTokens(dir + "/demo-tokens"));
  grpc::ChannelArguments channel_args;
  channel_args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // the writer's own connection
  auto channel = grpc::CreateCustomChannel(kompasd.address(), grpc::InsecureChannelCredentials(),
                                           channel_args);
  absl::StatusOr<Setup> setup = SetUpSessions(channel, members, args.sessions);
  if (!setup.ok()) {
    report.failure = "setting up the sessions: " + setup.status().ToString();
    kompasd.Terminate(absl::Seconds(30));
    return report;
  }

  Progress(t0, absl::StrCat(args.sessions, " sessions set up"));
  std::vector<int> session_of;
  absl::StatusOr<std::vector<WatchTarget>> targets =
      Targets(args, *setup, members, &session_of);
  if (!targets.ok()) {
    report.failure = targets.status().ToString();
    kompasd.Terminate(absl::Seconds(30));
    return report;
  }

  const int client_threads_before = ThreadsOfThisProcess();
  report.before = ReadProcStatus(kompasd.pid());
  std::vector<std::vector<Clock::time_point>> sends(
      args.sessions, std::vector<Clock::time_point>(args.events));
  std::vector<WatcherResult> results;
  {
    Sampler sampler(kompasd.pid());
    std::unique_ptr<WatcherPool> pool =
        protocol == "connect"
            ? NewConnectWatchers(absl::StrCat("127.0.0.1:", http_port), args.connect_threads)
            : NewGrpcWatchers(kompasd.address(), args.grpc_connections);
    const Clock::time_point open_start = Clock::now();
    pool->Open(*targets);
    const Clock::time_point open_by = std::min(stop_by, open_start + std::chrono::seconds(60));
    while (pool->ready() + pool->ended() < args.watchers && Clock::now() < open_by) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    report.open_seconds = std::chrono::duration<double>(Clock::now() - open_start).count();
    Progress(t0, absl::StrCat(pool->ready(), " streams open, ", pool->ended(), " ended"));
    // Let the server settle, then see what the open streams hold.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    report.open_idle = ReadProcStatus(kompasd.pid());
    report.client_threads = ThreadsOfThisProcess() - client_threads_before;

    if (pool->ready() > 0) {
      const double kompasd_cpu = ReadCpuSeconds(kompasd.pid());
      const double client_cpu = ReadCpuSeconds(getpid());
      Post(args, channel, members, *setup, stop_by, sends, report);
      // Every open stream should get every post of its session.
      int64_t expected = 0;
      for (int i = 0; i < args.watchers; ++i) {
        for (const auto& t : sends[session_of[i]]) expected += t != Clock::time_point() ? 1 : 0;
      }
      Progress(t0, absl::StrCat(report.posts, " posts made"));
      const Clock::time_point wait_by = std::min(stop_by, Clock::now() + std::chrono::seconds(10));
      while (pool->events() < expected && Clock::now() < wait_by) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      report.kompasd_cpu = ReadCpuSeconds(kompasd.pid()) - kompasd_cpu;
      report.client_cpu = ReadCpuSeconds(getpid()) - client_cpu;
    }
    report.end = ReadProcStatus(kompasd.pid());
    Progress(t0, absl::StrCat(pool->events(), " events received"));
    report.load_after = LoadAverage();
    pool->Close(absl::Seconds(10));
    Progress(t0, "streams closed");
    results = pool->Results();
    Progress(t0, "events decoded");
    report.peak_rss_kib = sampler.peak_rss_kib();
    report.peak_threads = sampler.peak_threads();
  }
  report.kompasd_exit = kompasd.Terminate(absl::Seconds(30));
  Progress(t0, "kompasd stopped");
  Score(results, session_of, sends, args.events, report);
  if (report.kompasd_exit != 0) {
    report.failure = absl::StrCat("kompasd exited with ", report.kompasd_exit,
                                  "; its log ends:\n", kompasd.LogTail(1500));
  }
  return report;
}

std::string Mib(int64_t kib) { return absl::StrFormat("%.0f MiB", kib / 1024.0); }

void Print(const FanoutArgs& args, const std::vector<Report>& reports) {
  std::printf(
      "Fan-out: %d watchers per protocol on %d sessions, %d events per session at %.4g "
      "posts/s;\na fresh kompasd per protocol on 127.0.0.1; latency = arrival at the watcher "
      "minus the writer's send.\n\n",
      args.watchers, args.sessions, args.events, args.rate);
  const auto row = [&](const char* label, auto cell) {
    std::printf("%-34s", label);
    for (const Report& r : reports) std::printf("%-26s", cell(r).c_str());
    std::printf("\n");
  };
  row("", [](const Report& r) {
    return r.protocol == "connect" ? std::string("Connect (HTTP/1.1, JSON)")
                                   : std::string("native gRPC");
  });
  row("streams open", [](const Report& r) { return absl::StrCat(r.opened, "/", r.watchers); });
  row("  all open after", [](const Report& r) { return absl::StrFormat("%.2f s", r.open_seconds); });
  row("events delivered", [](const Report& r) {
    return absl::StrCat(r.delivered, "/", r.expected);
  });
  row("  missing / dup / out of order", [](const Report& r) {
    return absl::StrCat(r.missing, " / ", r.duplicates, " / ", r.out_of_order);
  });
  row("delivery latency p50", [](const Report& r) { return absl::StrFormat("%.1f ms", r.latency.p50); });
  row("  p90", [](const Report& r) { return absl::StrFormat("%.1f ms", r.latency.p90); });
  row("  p99", [](const Report& r) { return absl::StrFormat("%.1f ms", r.latency.p99); });
  row("  max", [](const Report& r) { return absl::StrFormat("%.1f ms", r.latency.max); });
  row("  first watcher of a post p50/p99", [](const Report& r) {
    return absl::StrFormat("%.1f / %.1f ms", r.first.p50, r.first.p99);
  });
  row("  after the first watcher p50/p99", [](const Report& r) {
    return absl::StrFormat("%.1f / %.1f ms", r.after_first.p50, r.after_first.p99);
  });
  row("writer's post p50 / p99", [](const Report& r) {
    return absl::StrFormat("%.1f / %.1f ms", r.post.p50, r.post.p99);
  });
  row("kompasd CPU per delivery", [](const Report& r) {
    return r.delivered == 0 ? std::string("-")
                            : absl::StrFormat("%.0f us (%.1f s in all)",
                                              r.kompasd_cpu * 1e6 / r.delivered, r.kompasd_cpu);
  });
  row("  this tool's CPU per delivery", [](const Report& r) {
    return r.delivered == 0 ? std::string("-")
                            : absl::StrFormat("%.0f us (%.1f s in all)",
                                              r.client_cpu * 1e6 / r.delivered, r.client_cpu);
  });
  row("kompasd RSS before streams", [](const Report& r) { return Mib(r.before.rss_kib); });
  row("  with streams open (idle)", [](const Report& r) { return Mib(r.open_idle.rss_kib); });
  row("  peak (sampled) / VmHWM", [](const Report& r) {
    return absl::StrCat(Mib(r.peak_rss_kib), " / ", Mib(r.end.hwm_kib));
  });
  row("kompasd threads before / peak", [](const Report& r) {
    return absl::StrCat(r.before.threads, " / ", r.peak_threads);
  });
  row("client threads for the streams", [](const Report& r) { return absl::StrCat(r.client_threads); });
  row("load average before / after", [](const Report& r) {
    return absl::StrCat(r.load_before, " / ", r.load_after);
  });
  std::printf("\n");
  for (const Report& r : reports) {
    for (const auto& [why, n] : r.refused) {
      std::printf("%s: %d streams ended early: %s\n", r.protocol.c_str(), n, why.c_str());
    }
    if (r.unexpected > 0) {
      std::printf("%s: %lld unexpected messages\n", r.protocol.c_str(),
                  static_cast<long long>(r.unexpected));
    }
    if (r.post_failures > 0) {
      std::printf("%s: %d of %d posts failed, first: %s\n", r.protocol.c_str(), r.post_failures,
                  r.posts, r.first_post_failure.c_str());
    }
    if (!r.failure.empty()) std::printf("%s: %s\n", r.protocol.c_str(), r.failure.c_str());
  }
}

// 2 descriptors per stream on the client side and one in kompasd, plus
// RocksDB's files and gRPC's own.
absl::Status RaiseFileLimit(int watchers) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return absl::InternalError("getrlimit failed");
  const rlim_t need = static_cast<rlim_t>(watchers) * 2 + 1024;
  if (limit.rlim_cur >= need) return absl::OkStatus();
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "open files: ", watchers, " watchers need about ", need, " descriptors, the hard limit "
        "is ", limit.rlim_max, " (raise it: ulimit -Hn, or fewer --watchers)"));
  }
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? need : limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return absl::InternalError("setrlimit failed");
  return absl::OkStatus();  // kompasd inherits it
}

}  // namespace

int Fanout(const FanoutArgs& args) {
  if (absl::Status s = RaiseFileLimit(args.watchers); !s.ok()) {
    std::fprintf(stderr, "kompas-bench fanout: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  // However a step hangs, the run ends: a protocol's run is bounded by
  // --duration plus start-up, closing and scoring.
  const int bound_seconds =
      static_cast<int>(args.protocols.size()) * (args.duration_seconds + 120);
  std::thread([bound_seconds] {
    std::this_thread::sleep_for(std::chrono::seconds(bound_seconds));
    std::fprintf(stderr, "kompas-bench fanout: still running after %d s; giving up\n",
                 bound_seconds);
    std::fflush(stderr);
    _exit(1);  // kompasd dies with us (PR_SET_PDEATHSIG)
  }).detach();

  std::vector<Report> reports;
  for (const std::string& protocol : args.protocols) {
    std::fprintf(stderr, "kompas-bench fanout: %s, %d watchers...\n", protocol.c_str(),
                 args.watchers);
    reports.push_back(RunProtocol(args, protocol));
  }
  Print(args, reports);
  const bool ok = std::all_of(reports.begin(), reports.end(), [](const Report& r) { return r.ok(); });
  std::printf("%s\n", ok ? "OK: every stream opened and got every event once, in order."
                         : "FAILED: see above.");
  return ok ? 0 : 1;
}

}  // namespace kompas::bench
