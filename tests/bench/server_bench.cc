// The server targets of DESIGN.md ("Targets"), each as a ratio against a
// baseline measured in the same run, on the same machine and disk:
//
//   Reads:  GetCase calls/s            >= 0.8 x grpc.health.v1/Check calls/s
//   HTTP:   Connect GetCase (JSON)/s   >= 0.5 x native gRPC GetCase calls/s
//   Writes: CreateCase (synced WAL)/s  >= 0.5 x bare synced Store::Write/s
//
// An in-process kompasd (as tests/integration/server_fixture.h assembles it)
// listens on 127.0.0.1; client threads issue synchronous unary calls in a
// closed loop, each thread on its own connection. The write baseline is a
// second store in the same temp directory, written with one ~1 KB record per
// synced batch (the size of a stored sample case). Reads and writes run with
// 8 client threads, writes also with 1.
//
//   build/tests/bench/server_bench                           # ~15 s
//   build/tests/bench/server_bench --benchmark_min_time=5    # longer, steadier
//   build/tests/bench/server_bench --benchmark_repetitions=5 # ratios of medians
//   build/tests/bench/server_bench --benchmark_out=r.json --benchmark_out_format=json
//
// Reported: items_per_second (calls/s) per benchmark, then the ratios with
// their targets, each followed by the best ratio this machine allows at all
// (PrintCeiling: from what any such call must cost, with nothing else of it).
// The server's one log line per call goes to a file in the temp directory
// (a file write per call, as under a service manager), not to the terminal.
// Everything is removed at exit.
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "api/core.h"
#include "api/server.h"
#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/tokens.h"
#include "bench_main.h"
#include "domain/audit_trail.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/privacy_checks.h"
#include "domain/text_gate.h"
#include "kompas/v1/privacy.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/case.grpc.pb.h"
#include "privacy/gate.h"
#include "store/keys.h"
#include "store/store.h"
#include "testing/temp_dir.h"
#include "web/http_server.h"

namespace kompas::bench {
namespace {

constexpr int kMaxThreads = 8;       // client threads of the concurrent runs
constexpr int kSeedCases = 64;       // cases GetCase reads, round robin
constexpr char kCommunity[] = "bench";
constexpr char kMember[] = "wijkcoach-bench";

// Where our own messages go while fd 2 carries the server's log lines.
FILE* g_err = stderr;
// The temp directory to remove when start-up fails (exit skips destructors).
std::string g_dir;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(g_err, "server_bench: %s\n", what.c_str());
  std::error_code ignored;
  if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ignored);
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> v, const char* what) {
  if (!v.ok()) Die(absl::StrCat(what, ": ", v.status().ToString()));
  return *std::move(v);
}

void Must(const absl::Status& s, const char* what) {
  if (!s.ok()) Die(absl::StrCat(what, ": ", s.ToString()));
}

// A case of about 1 KB serialized, in the corpus's style but free of
// personal data, so the PII gate lets it through.
v1::Case SampleCase(int n) {
  v1::Case c;
  c.set_title(absl::StrCat("Leerling bekend bij het wijkteam? (", n, ")"));
  c.set_situation(
      "Een basisschool in de wijk vraagt of een leerling bekend is bij het wijkteam. De "
      "intern begeleider maakt zich zorgen over het verzuim en over signalen uit de klas; "
      "de leerkracht heeft een gesprek gehad met de ouders, maar dat leverde weinig op. "
      "De school wil weten of er al hulp in het gezin is, zodat zij niet dubbel werkt en "
      "weet bij wie zij terechtkan. Het wijkteam is inderdaad betrokken, maar de ouders "
      "hebben niet gezegd dat de school dat mag weten.");
  c.set_question("Mag ik bevestigen dat het gezin bekend is, zonder toestemming van de ouders?");
  c.mutable_framing()->set_task("Jeugdwet: toegang tot jeugdhulp");
  c.mutable_framing()->set_purpose("De school wil weten of er al hulp is.");
  c.mutable_framing()->set_necessary_data(
      "Alleen of er contact is, niet waarover; geen gegevens over gezondheid of inkomen.");
  c.mutable_framing()->set_legal_basis_and_proportionality(
      "Zonder toestemming is er geen grondslag om te delen; eerst de ouders vragen is "
      "minder ingrijpend en bereikt hetzelfde doel.");
  c.add_options("Niets bevestigen en de school vragen de ouders zelf te verwijzen.");
  c.add_options("Met de ouders bespreken of zij willen dat het wijkteam contact opneemt.");
  c.add_laws("Jeugdwet");
  c.add_laws("AVG");
  c.add_themes("gegevensdeling-school");
  c.add_themes("toestemming");
  return c;
}

// The server and its clients, alive for the whole run.
struct Bench {
  testing::TempDir dir;  // first member: removed last
  std::unique_ptr<api::Core> core;     // the server's store and use cases
  std::unique_ptr<store::Store> bare;  // the write baseline's store, same filesystem
  std::unique_ptr<api::Server> server;
  std::unique_ptr<web::HttpServer> http;  // the Connect listener, forwarding to `server`

  std::string bearer;                     // "Bearer <token>" of the member
  std::vector<std::string> case_names;    // what GetCase reads
  v1::Case sample;                        // what CreateCase writes
  std::string record;                     // a stored case's bytes: the baseline's value
  std::atomic<int64_t> next_id{0};        // request ids and baseline keys

  // One connection per client thread (a local subchannel pool, so channels
  // with equal arguments do not share one connection).
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health;
  std::vector<std::unique_ptr<v1::CaseService::Stub>> case_stubs;

  // One keep-alive HTTP connection per client thread to `http`.
  struct HttpConnection {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream{io};
    boost::beast::flat_buffer buffer;
  };
  std::vector<std::unique_ptr<HttpConnection>> http_connections;

  int saved_stderr = -1;

  void Start();
  void Stop();
};

Bench* g_bench = nullptr;

void Bench::Start() {
  g_dir = dir.path();
  core = Must(api::Core::Open({.store = {.data_dir = dir.Sub("db"), .sync_writes = true}}),
              "open the server's store and use cases");
  bare = Must(store::Store::Open({.data_dir = dir.Sub("bare"), .sync_writes = true}),
              "open baseline store");
  domain::Communities* communities = &core->communities();

  // A community with one professional (a reading and writing role).
  v1::Municipality m;
  m.set_cbs_code("GM0479");
  m.set_display_name("Zaanstad");
  Must(communities->UpsertMunicipalities({m}), "add municipality");
  v1::CreateCommunityRequest community;
  community.set_community_id(kCommunity);
  community.mutable_community()->set_display_name("Leergemeenschap privacy");
  community.mutable_community()->add_municipalities("municipalities/GM0479");
  Must(communities->Create(community), "create community");
  v1::AddMemberRequest member;
  member.set_parent(absl::StrCat("communities/", kCommunity));
  member.set_member_id(kMember);
  member.mutable_member()->set_display_name("Wijkcoach");
  member.mutable_member()->set_municipality("municipalities/GM0479");
  member.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
  Must(communities->AddMember(member), "add member");
  bearer = "Bearer " + Must(core->tokens().Issue(kMember, {}), "issue token").token;

  api::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.drain = absl::ZeroDuration();
  options.shutdown_grace = absl::Seconds(5);
  options.rate_limit = {.rate = 1e9, .burst = 1e9};  // never the bottleneck
  server = Must(api::Server::Start(options, core->backends()), "start server");

  web::HttpOptions http_options;
  http_options.address = "127.0.0.1:0";
  http = Must(web::HttpServer::Start(http_options, server->InProcessChannel()),
              "start the HTTP listener");
  for (int i = 0; i < kMaxThreads; ++i) {
    auto connection = std::make_unique<HttpConnection>();
    boost::beast::error_code ec;
    connection->stream.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                       static_cast<uint16_t>(http->port())),
        ec);
    if (ec) Die(absl::StrCat("connect to the HTTP listener: ", ec.message()));
    http_connections.push_back(std::move(connection));
  }

  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  const std::string target = absl::StrCat("127.0.0.1:", server->port());
  for (int i = 0; i < kMaxThreads; ++i) {
    auto channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
    health.push_back(grpc::health::v1::Health::NewStub(channel));
    case_stubs.push_back(v1::CaseService::NewStub(channel));
  }

  // From here on the server's per-call log lines go to a file beside the
  // databases (a file write per call, as under a service manager); our own
  // messages keep the original stderr.
  saved_stderr = dup(STDERR_FILENO);
  if (saved_stderr >= 0) {
    if (FILE* f = fdopen(dup(saved_stderr), "w")) g_err = f;
    std::fflush(stderr);
    if (FILE* log = std::fopen(dir.Sub("kompasd.log").c_str(), "w")) {
      dup2(fileno(log), STDERR_FILENO);
      std::fclose(log);
    }
  }

  // The cases GetCase reads, created through the API like any other.
  sample = SampleCase(0);
  for (int i = 0; i < kSeedCases; ++i) {
    v1::CreateCaseRequest req;
    req.set_parent(absl::StrCat("communities/", kCommunity));
    *req.mutable_case_() = SampleCase(i);
    v1::Case out;
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", bearer);
    grpc::Status s = case_stubs[0]->CreateCase(&ctx, req, &out);
    if (!s.ok()) Die(absl::StrCat("seed CreateCase: ", s.error_message()));
    case_names.push_back(out.name());
    if (i == 0) record = out.SerializeAsString();
  }
}

void Bench::Stop() {
  http_connections.clear();
  if (http) http->Shutdown();
  http.reset();
  if (server) server->Shutdown();
  server.reset();
  health.clear();
  case_stubs.clear();
  if (core) Must(core->Close(), "close store");
  if (bare) Must(bare->Close(), "close baseline store");
  core.reset();
  bare.reset();
  if (saved_stderr >= 0) {
    std::fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    saved_stderr = -1;
  }
  if (g_err != stderr) std::fclose(g_err);
  g_err = stderr;
}

// The whole process's CPU time (server and clients, every thread) per call
// of one benchmark, as its counter "cpu_us": unlike calls/s it hardly moves
// when other programs compete for the cores, so it shows a change in cost
// on a busy machine. Thread 0 reads the clock around the run.
class CpuPerCall {
 public:
  explicit CpuPerCall(benchmark::State& state) : state_(state) {
    if (state_.thread_index() == 0) start_ = Now();
  }
  ~CpuPerCall() {
    if (state_.thread_index() != 0 || state_.iterations() == 0) return;
    const double calls = static_cast<double>(state_.iterations()) * state_.threads();
    state_.counters["cpu_us"] = (Now() - start_) / calls;
  }

 private:
  static double Now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
  }
  benchmark::State& state_;
  double start_ = 0;
};

std::unique_ptr<grpc::ClientContext> Context(const std::string& bearer) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!bearer.empty()) ctx->AddMetadata("authorization", bearer);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

// Makes one call per iteration: `call` sends it with the client context it
// is given (carrying `bearer`). The first failure marks the benchmark failed,
// its message after `what`.
template <typename Call>
void CallEachIteration(benchmark::State& state, const char* what, const std::string& bearer,
                       Call call) {
  CpuPerCall cpu(state);
  for (auto _ : state) {
    auto ctx = Context(bearer);
    if (grpc::Status s = call(ctx.get()); !s.ok()) {
      state.SkipWithError(absl::StrCat(what, ": ", s.error_message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// --- Reads ---------------------------------------------------------------

// The floor of any unary call on this server: the built-in health service
// (no auth, no store, no audit).
void BM_HealthCheck(benchmark::State& state) {
  auto& stub = *g_bench->health[state.thread_index()];
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  CallEachIteration(state, "Check", "", [&](grpc::ClientContext* ctx) {
    return stub.Check(ctx, req, &resp);
  });
}

// A member reads a case: token check, rate limit, membership, store read and
// the read's audit event.
void BM_GetCase(benchmark::State& state) {
  auto& stub = *g_bench->case_stubs[state.thread_index()];
  const auto& names = g_bench->case_names;
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  v1::GetCaseRequest req;
  v1::Case resp;
  CallEachIteration(state, "GetCase", g_bench->bearer, [&](grpc::ClientContext* ctx) {
    req.set_name(names[i++ % names.size()]);
    return stub.GetCase(ctx, req, &resp);
  });
}

// The same read from a browser's point of view: Connect over HTTP/1.1 with
// a JSON body, through the HTTP listener and the in-process channel.
void BM_ConnectGetCase(benchmark::State& state) {
  namespace http = boost::beast::http;
  auto& connection = *g_bench->http_connections[state.thread_index()];
  const auto& names = g_bench->case_names;
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  CpuPerCall cpu(state);
  for (auto _ : state) {
    http::request<http::string_body> request(http::verb::post, "/kompas.v1.CaseService/GetCase",
                                             11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.set(http::field::authorization, g_bench->bearer);
    request.body() = absl::StrCat(R"({"name":")", names[i++ % names.size()], R"("})");
    request.prepare_payload();
    boost::beast::error_code ec;
    http::write(connection.stream, request, ec);
    http::response<http::string_body> response;
    if (!ec) http::read(connection.stream, connection.buffer, response, ec);
    if (ec || response.result_int() != 200) {
      state.SkipWithError(absl::StrCat("Connect GetCase: ", ec ? ec.message() : response.body())
                              .c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// What every GetCase must do beyond a null call, in-process, one thread:
// check the bearer token, read the case, and put the read on the audit
// trail (an unsynced write, as a read's event is). Part of the read floor.
void BM_ReadWork(benchmark::State& state) {
  const std::string token = g_bench->bearer.substr(std::string("Bearer ").size());
  const audit::Entry entry{.community = kCommunity,
                           .member = kMember,
                           .method = "/kompas.v1.CaseService/GetCase",
                           .resource = g_bench->case_names[0],
                           .outcome = "OK"};
  const std::string& name = g_bench->case_names[0];
  const std::string key = store::keys::Case(kCommunity, name.substr(name.rfind('/') + 1));
  CpuPerCall cpu(state);
  for (auto _ : state) {
    absl::Status s = g_bench->core->tokens().Verify(token).status();
    if (s.ok()) s = g_bench->core->store().Get(store::Table::kCases, key).status();
    if (s.ok()) s = g_bench->core->audit().Record(entry);
    if (!s.ok()) {
      state.SkipWithError(("read work: " + s.ToString()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// --- Writes --------------------------------------------------------------

// The baseline: one ~1 KB record per synced batch, straight into RocksDB
// through the store layer, in a second database on the same filesystem.
void BM_StoreWrite(benchmark::State& state) {
  const std::string& value = g_bench->record;
  CpuPerCall cpu(state);
  for (auto _ : state) {
    store::WriteBatch batch;
    batch.Put(store::Table::kCases, absl::StrFormat("bench/%016d", g_bench->next_id++), value);
    absl::Status s = g_bench->bare->Write(batch);
    if (!s.ok()) {
      state.SkipWithError(("Store::Write: " + s.ToString()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["record_bytes"] =
      benchmark::Counter(static_cast<double>(value.size()), benchmark::Counter::kAvgThreads);
}

// What CreateCase must do before it may write: the PII gate screens every
// text field of the case (in-process, one thread). Part of the floor below.
void BM_ScreenCase(benchmark::State& state) {
  const domain::TextGate gate(&g_bench->core->gate());
  const privacy::AllowList allow;
  for (auto _ : state) {
    v1::Case c = g_bench->sample;
    auto report = gate.Screen(c, "case", v1::PRIVACY_MODE_REJECT, false, allow);
    if (!report.ok()) {
      state.SkipWithError(("Screen: " + report.status().ToString()).c_str());
      break;
    }
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}

// A member creates a case (with an idempotency key, as the CLI sends):
// validation, PII gate, id, record + indexes + request id + audit event in
// one synced batch.
void BM_CreateCase(benchmark::State& state) {
  auto& stub = *g_bench->case_stubs[state.thread_index()];
  v1::CreateCaseRequest req;
  req.set_parent(absl::StrCat("communities/", kCommunity));
  *req.mutable_case_() = g_bench->sample;
  v1::Case resp;
  CallEachIteration(state, "CreateCase", g_bench->bearer, [&](grpc::ClientContext* ctx) {
    req.set_request_id(absl::StrCat("bench-", g_bench->next_id++));
    return stub.CreateCase(ctx, req, &resp);
  });
  state.counters["record_bytes"] =
      benchmark::Counter(static_cast<double>(resp.ByteSizeLong()), benchmark::Counter::kAvgThreads);
}

// At 1 thread: the round trip of a call that does nothing, for the floor.
BENCHMARK(BM_HealthCheck)->Threads(kMaxThreads)->Threads(1)->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GetCase)->Threads(kMaxThreads)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadWork)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConnectGetCase)->Threads(kMaxThreads)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreWrite)->Threads(kMaxThreads)->Threads(1)->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScreenCase)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CreateCase)->Threads(kMaxThreads)->Threads(1)->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// calls/s of a benchmark, or 0 when it did not run (filtered out, failed).
double Rate(const Results& r, const char* function, int threads) {
  return r.Counter(function, "items_per_second", threads);
}

void PrintRatio(const Results& r, const char* label, const char* what, const char* base,
                int threads, double target) {
  const double num = Rate(r, what, threads), den = Rate(r, base, threads);
  if (const double ratio = RatioOrNotMeasured(label, num, den); ratio > 0) {
    std::printf("%-*s = %.2f (target >= %.1f) %s   [%.0f vs %.0f calls/s; CPU %.0f vs %.0f us/call]\n",
                kLabelWidth, label, ratio, target, ratio >= target ? "met" : "MISSED", num, den,
                r.Counter(what, "cpu_us", threads), r.Counter(base, "cpu_us", threads));
  }
}

// How close this machine lets each ratio come, whatever the rest of kompasd
// does, from what any such call must cost:
//  - a GetCase is at least a null call (the health check) plus checking the
//    token, reading the case and writing its audit event (BM_ReadWork);
//  - a CreateCase is at least a null call, the PII gate on the case (it
//    must pass before anything is written) and a synced write (the baseline
//    itself).
// With 8 client threads a call's rate is at most cores / (its CPU per call),
// which bounds GetCase and CreateCase against the measured rate of their
// baseline. 1 writer waits for each create in turn, so that ratio is at most
// write / (round trip + screening + write), each measured at 1 thread.
// "room" is what is left per call at the target for everything else a call
// does (policy, membership, the answer, ids, indexes, the audit hash, the
// log line): CPU with 8 threads, time with 1 writer. A ceiling below the
// target means it is out of reach on this machine unless the floor's own
// parts get cheaper.
void PrintCeiling(const char* label, double ceiling, double target, const std::string& how,
                  double room_us, const char* room_of) {
  std::printf("%-*s = %.2f   [%s]", kLabelWidth, label, ceiling, how.c_str());
  if (ceiling < target) {
    std::printf("  OUT OF REACH on this machine\n");
  } else {
    std::printf("  room at the target: %.0f us of %s\n", room_us, room_of);
  }
}

double NullCallCpu(const Results& r) { return r.Counter("BM_HealthCheck", "cpu_us", kMaxThreads); }
double ScreenMicros(const Results& r) { return r.RealNanos("BM_ScreenCase", 1) / 1e3; }

unsigned Cores() { return std::max(1u, std::thread::hardware_concurrency()); }

void PrintReadCeiling(const Results& r) {
  const double null_cpu = NullCallCpu(r);
  const double work = r.Counter("BM_ReadWork", "cpu_us", 1);
  const double null_calls = Rate(r, "BM_HealthCheck", kMaxThreads);
  const char* label = "  at most";
  if (RatioOrNotMeasured(label, null_cpu * work, null_calls) <= 0) return;
  const double floor_cpu = null_cpu + work;
  PrintCeiling(label, Cores() * 1e6 / floor_cpu / null_calls, 0.8,
               absl::StrFormat("%u cores / (null call %.0f + token, read, audit event %.0f us CPU)",
                               Cores(), null_cpu, work),
               Cores() * 1e6 / (0.8 * null_calls) - floor_cpu, "CPU");
}

void PrintCreateCeiling8(const Results& r) {
  const double null_cpu = NullCallCpu(r), screen = ScreenMicros(r);
  const double write_cpu = r.Counter("BM_StoreWrite", "cpu_us", kMaxThreads);
  const double writes = Rate(r, "BM_StoreWrite", kMaxThreads);
  const unsigned cores = Cores();
  const char* label = "  at most, 8 writers";
  if (RatioOrNotMeasured(label, null_cpu * screen * write_cpu, writes) <= 0) return;
  const double floor_cpu = null_cpu + screen + write_cpu;
  PrintCeiling(label, cores * 1e6 / floor_cpu / writes, 0.5,
               absl::StrFormat("%u cores / (null call %.0f + PII gate %.0f + write %.0f us CPU)",
                               cores, null_cpu, screen, write_cpu),
               cores * 1e6 / (0.5 * writes) - floor_cpu, "CPU");
}

void PrintCreateCeiling1(const Results& r) {
  const double round_trip = r.RealNanos("BM_HealthCheck", 1) / 1e3;
  const double screen = ScreenMicros(r);
  const double write = r.RealNanos("BM_StoreWrite", 1) / 1e3;
  const char* label = "  at most, 1 writer";
  if (RatioOrNotMeasured(label, round_trip * screen, write) <= 0) return;
  PrintCeiling(label, write / (round_trip + screen + write), 0.5,
               absl::StrFormat("write %.0f / (null call %.0f + PII gate %.0f + write %.0f) us",
                               write, round_trip, screen, write),
               write / 0.5 - (round_trip + screen + write), "time");
}

void Summary(const Results& results, const Bench&) {
  std::printf("\nTargets (DESIGN.md), same run, 127.0.0.1, temp dir on one filesystem:\n");
  PrintRatio(results, "GetCase/HealthCheck (8 threads)", "BM_GetCase", "BM_HealthCheck",
             kMaxThreads, 0.8);
  PrintReadCeiling(results);
  PrintRatio(results, "Connect/gRPC GetCase (8 threads)", "BM_ConnectGetCase", "BM_GetCase",
             kMaxThreads, 0.5);
  PrintRatio(results, "CreateCase/StoreWrite (8 writers)", "BM_CreateCase", "BM_StoreWrite",
             kMaxThreads, 0.5);
  PrintCreateCeiling8(results);
  PrintRatio(results, "CreateCase/StoreWrite (1 writer)", "BM_CreateCase", "BM_StoreWrite", 1, 0.5);
  PrintCreateCeiling1(results);
}

}  // namespace
}  // namespace kompas::bench

int main(int argc, char** argv) {
  using namespace kompas::bench;
  // As kompasd runs (server/main.cc): no lock-order graph on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Default: 1 s per measurement (about 15 s in all, with start-up);
  // --benchmark_min_time on the command line overrides it.
  return BenchmarkMain(argc, argv, "1", g_bench, Summary);
}
