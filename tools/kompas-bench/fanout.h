// kompas-bench fanout: how fast kompasd delivers a session's events to many
// watchers at once, over Connect (the browser's protocol, on the HTTP
// listener) and over native gRPC, in one run.
//
// For each protocol in turn, a fresh kompasd (a child process on a temp
// directory, 127.0.0.1 only, the demo community) gets `sessions` intervisie
// sessions on cases of its own; `watchers` streams follow them (spread
// evenly, as the five demo members who may read cases). Once every stream
// has its first message, a writer posts `events` reflections per session at
// `rate` posts per second in all, noting the steady clock just before each
// call; every stream notes when each event's bytes arrived. Reported per
// protocol: streams opened, events delivered of expected (missing,
// duplicates, out of order), delivery latency (arrival minus send)
// p50/p90/p99/max, the writer's own call latency, and kompasd's resident
// memory (/proc: before the streams, with them open, peak, VmHWM) and
// threads. kompasd's watch caps and rate limit are raised by flags (a member
// may open 8 watches by default; one tool stands in for a thousand people).
//
// No thread per stream on either side: the Connect streams share one Asio
// io_context, the gRPC ones gRPC's callback threads.
//
// Exit code 0 when every stream opened and got every event exactly once, in
// order, and kompasd stopped cleanly; 1 otherwise (or on a setup failure).
#ifndef KOMPAS_BENCH_FANOUT_H_
#define KOMPAS_BENCH_FANOUT_H_

#include <string>
#include <vector>

namespace kompas::bench {

struct FanoutArgs {
  // Streams per protocol. Default 1000 (issue 16's fan-out bar).
  int watchers = 1000;
  // Sessions the streams follow, watchers spread evenly. Default 4: 250
  // each, under kompasd's default cap of 300 watchers per session.
  int sessions = 4;
  // Reflections posted per session; each stream expects exactly these.
  int events = 50;
  // Posts per second over all sessions, paced from the start (a slow post
  // is followed at once by the next one that is due).
  double rate = 20;
  // Upper bound on one protocol's run, seconds: opening, posting and
  // waiting for the last deliveries. What has not arrived by then is
  // missing.
  int duration_seconds = 120;
  // "connect", "grpc", in the order given.
  std::vector<std::string> protocols = {"connect", "grpc"};
  // Threads running the Connect streams' io_context. Default 1.
  int connect_threads = 1;
  // TCP connections the gRPC streams share; 0 (default): one per stream,
  // as separate clients would have (and as each Connect stream has).
  int grpc_connections = 0;
  // kompasd and the demo data; defaults are the build's kompasd and the
  // source tree's data/ (compiled in).
  std::string kompasd;
  std::string seed;
  std::string municipalities;
  // Where the temp directories go (removed afterwards).
  std::string temp_root = "/tmp";
  // Extra kompasd flags, after the benchmark's own (the last one counts).
  std::vector<std::string> kompasd_flags;
};

int Fanout(const FanoutArgs& args);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_FANOUT_H_
