#include "rpc_load.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "api/core.h"
#include "corpus.h"
#include "demo_sessions.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "store/store.h"
#include "vocabulary.h"

namespace kompas::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One thread's stubs, on a connection of its own.
struct Stubs {
  explicit Stubs(const std::string& address) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    health = grpc::health::v1::Health::NewStub(channel);
    cases = v1::CaseService::NewStub(channel);
    search = v1::SearchService::NewStub(channel);
  }
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
  std::unique_ptr<v1::CaseService::Stub> cases;
  std::unique_ptr<v1::SearchService::Stub> search;
};

grpc::Status CallOnce(Stubs& stubs, const Target& target, Rpc rpc, int64_t n) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (rpc != Rpc::kHealthCheck) ctx.AddMetadata("authorization", target.bearer);
  switch (rpc) {
    case Rpc::kHealthCheck: {
      grpc::health::v1::HealthCheckRequest req;
      grpc::health::v1::HealthCheckResponse resp;
      return stubs.health->Check(&ctx, req, &resp);
    }
    case Rpc::kGetCase: {
      v1::GetCaseRequest req;
      req.set_name(target.cases[static_cast<size_t>(n) % target.cases.size()]);
      v1::Case resp;
      return stubs.cases->GetCase(&ctx, req, &resp);
    }
    case Rpc::kListCases: {
      v1::ListCasesRequest req;
      req.set_parent(target.community);
      req.set_page_size(20);
      v1::ListCasesResponse resp;
      return stubs.cases->ListCases(&ctx, req, &resp);
    }
    case Rpc::kCreateCase: {
      v1::CreateCaseRequest req;
      req.set_parent(target.community);
      *req.mutable_case_() = BenchCase(static_cast<int>(n % 1000000));
      v1::Case resp;
      return stubs.cases->CreateCase(&ctx, req, &resp);
    }
    case Rpc::kSearch: {
      v1::SearchRequest req;
      req.set_parent(target.community);
      req.set_query(target.queries[static_cast<size_t>(n) % target.queries.size()]);
      v1::SearchResponse resp;
      return stubs.search->Search(&ctx, req, &resp);
    }
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, "unknown rpc");
}

void Note(Calls& calls, const grpc::Status& status, Clock::duration took) {
  if (status.ok()) {
    calls.ms.push_back(std::chrono::duration<double, std::milli>(took).count());
  } else if (calls.errors++ == 0) {
    calls.first_error = absl::StrCat(status.error_code(), ": ", status.error_message());
  }
}

}  // namespace

const char* RpcName(Rpc rpc) {
  switch (rpc) {
    case Rpc::kHealthCheck: return "HealthCheck";
    case Rpc::kGetCase: return "GetCase";
    case Rpc::kListCases: return "ListCases";
    case Rpc::kCreateCase: return "CreateCase";
    case Rpc::kSearch: return "Search";
  }
  return "?";
}

void Calls::Merge(Calls other) {
  ms.insert(ms.end(), other.ms.begin(), other.ms.end());
  if (errors == 0 && other.errors > 0) first_error = std::move(other.first_error);
  errors += other.errors;
  seconds = std::max(seconds, other.seconds);
}

double Calls::Rate() const { return seconds > 0 ? static_cast<double>(ms.size()) / seconds : 0; }

double Calls::Quantile(double q) const {
  if (ms.empty()) return 0;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

Clock::time_point DueAt(Clock::time_point start, int64_t k, double per_second) {
  return start + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(static_cast<double>(k) / per_second));
}

bool SleepUntil(Clock::time_point t, const std::atomic<bool>& stop) {
  // In steps, so a slow rate still stops when the run does.
  while (Clock::now() < t && !stop.load(std::memory_order_relaxed)) {
    std::this_thread::sleep_until(std::min(t, Clock::now() + std::chrono::milliseconds(100)));
  }
  return !stop.load(std::memory_order_relaxed);
}

Calls CallUntil(const Target& target, Rpc rpc, int index, const std::atomic<bool>& stop,
                double per_second) {
  Stubs stubs(target.address);
  Calls calls;
  const Clock::time_point start = Clock::now();
  // Creates get numbers of their own per thread; reads start apart.
  int64_t n = static_cast<int64_t>(index) * (rpc == Rpc::kCreateCase ? 100000 : 7);
  for (int64_t k = 0; !stop.load(std::memory_order_relaxed); ++k) {
    Clock::time_point t0 = Clock::now();
    if (per_second > 0) {
      t0 = DueAt(start, k, per_second);
      if (!SleepUntil(t0, stop)) break;
    }
    const grpc::Status status = CallOnce(stubs, target, rpc, n++);
    Note(calls, status, Clock::now() - t0);
  }
  calls.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return calls;
}

Calls RunClosedLoop(const Target& target, Rpc rpc, int threads, absl::Duration duration) {
  std::atomic<bool> stop{false};
  std::vector<Calls> per_thread(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] { per_thread[static_cast<size_t>(i)] = CallUntil(target, rpc, i, stop); });
  }
  absl::SleepFor(duration);
  stop = true;
  for (std::thread& t : workers) t.join();
  Calls all;
  for (Calls& c : per_thread) all.Merge(std::move(c));
  return all;
}

absl::StatusOr<Calls> RunBareWrites(const std::string& store_dir, int threads,
                                    absl::Duration duration, size_t value_bytes) {
  auto store = store::Store::Open({.data_dir = store_dir, .sync_writes = true});
  if (!store.ok()) return store.status();
  const std::string value(value_bytes, 'x');
  std::atomic<bool> stop{false};
  std::atomic<int64_t> next{0};
  std::vector<Calls> per_thread(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      Calls& calls = per_thread[static_cast<size_t>(i)];
      const Clock::time_point start = Clock::now();
      while (!stop.load(std::memory_order_relaxed)) {
        store::WriteBatch batch;
        batch.Put(store::Table::kCases, absl::StrFormat("bare/%016d", next++), value);
        const Clock::time_point t0 = Clock::now();
        const absl::Status s = (*store)->Write(batch);
        Note(calls, s.ok() ? grpc::Status::OK
                           : grpc::Status(grpc::StatusCode::INTERNAL, s.ToString()),
             Clock::now() - t0);
      }
      calls.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    });
  }
  absl::SleepFor(duration);
  stop = true;
  for (std::thread& t : workers) t.join();
  if (absl::Status s = (*store)->Close(); !s.ok()) return s;
  Calls all;
  for (Calls& c : per_thread) all.Merge(std::move(c));
  return all;
}

Prepared::~Prepared() {
  if (kompasd) kompasd->Terminate(absl::Seconds(30));
  kompasd.reset();
  std::error_code ignored;
  if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
}

absl::StatusOr<std::unique_ptr<Prepared>> Prepare(const PrepareOptions& options,
                                                  const std::vector<std::string>& kompasd_flags) {
  auto p = std::make_unique<Prepared>();
  std::string dir_template = options.temp_root + "/kompas-bench-XXXXXX";
  if (mkdtemp(dir_template.data()) == nullptr) {
    return absl::InternalError("cannot make a temp directory in " + options.temp_root);
  }
  p->dir = dir_template;
  const std::string db = p->dir + "/db";
  if (!options.data_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directory_symlink(std::filesystem::absolute(options.data_dir), db, ec);
    if (ec) return absl::InternalError("cannot link " + options.data_dir + ": " + ec.message());
    // A store keyed with a secret opens only with it, and kompasd looks for it
    // beside the data directory it is given.
    const std::string secret = options.data_dir + ".secret";
    if (std::filesystem::exists(secret)) {
      std::filesystem::create_symlink(std::filesystem::absolute(secret), db + ".secret", ec);
      if (ec) return absl::InternalError("cannot link " + secret + ": " + ec.message());
    }
  }
  // The corpus (unless given) and a token for its member, written before
  // kompasd holds the store.
  {
    api::CoreOptions core_options;
    core_options.store.data_dir = db;
    core_options.store.sync_writes = false;
    auto core = api::Core::Open(core_options);
    if (!core.ok()) return core.status();
    if (options.data_dir.empty() && options.cases > 0) {
      CorpusOptions corpus;
      corpus.cases = options.cases;
      corpus.reflections_per_case = options.reflections_per_case;
      corpus.screen = false;  // the gate's speed is gate_bench's; this is about the server
      auto made = GenerateCorpus(**core, corpus, nullptr);
      if (!made.ok()) return made.status();
    }
    auto token = (*core)->tokens().Issue(kBenchMember, {.note = "kompas-bench"});
    if (!token.ok()) return token.status();
    p->target.bearer = "Bearer " + token->token;
    if (absl::Status s = (*core)->Close(); !s.ok()) return s;
  }
  p->target.community = "communities/bench";
  std::vector<std::string> flags = kompasd_flags;
  for (std::string& f : flags) f = absl::StrReplaceAll(f, {{"{dir}", p->dir}});
  p->kompasd = std::make_unique<KompasdChild>(options.kompasd, p->dir, flags);
  const absl::Time start = absl::Now();
  if (absl::Status s = p->kompasd->Start(absl::Seconds(300)); !s.ok()) return s;
  p->startup_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  p->target.address = p->kompasd->address();

  // The cases GetCase reads: the first pages ListCases gives.
  Stubs stubs(p->target.address);
  std::string page_token;
  do {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", p->target.bearer);
    v1::ListCasesRequest req;
    req.set_parent(p->target.community);
    req.set_page_size(100);
    req.set_page_token(page_token);
    v1::ListCasesResponse resp;
    if (auto s = FromGrpc(stubs.cases->ListCases(&ctx, req, &resp), "ListCases"); !s.ok()) {
      return s;
    }
    for (const v1::Case& c : resp.cases()) p->target.cases.push_back(c.name());
    page_token = resp.next_page_token();
  } while (!page_token.empty() && static_cast<int>(p->target.cases.size()) < options.read_set);
  // An empty corpus: one case of our own to read.
  if (p->target.cases.empty()) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", p->target.bearer);
    v1::CreateCaseRequest req;
    req.set_parent(p->target.community);
    *req.mutable_case_() = BenchCase(0);
    v1::Case out;
    if (auto s = FromGrpc(stubs.cases->CreateCase(&ctx, req, &out), "CreateCase"); !s.ok()) {
      return s;
    }
    p->target.cases.push_back(out.name());
  }
  p->target.queries = SearchQueries(options.queries, /*seed=*/1);
  p->cases = options.data_dir.empty() ? options.cases : -1;
  return p;
}

int Cores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

double LoadAverage1() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

}  // namespace kompas::bench
