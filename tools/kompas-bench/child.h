// kompasd as a child process of kompas-bench fanout and of kompas-crash:
// started on a temp directory on 127.0.0.1 (gRPC on a kernel-chosen port, the
// HTTP listener on a free one), its log in a file, read through /proc while
// it runs, stopped with SIGTERM (or killed, for kompas-crash). The child gets
// SIGKILL when its parent dies, so a killed tool leaves no server behind.
//
//   KompasdChild kompasd(binary, work_dir, flags);
//   if (absl::Status s = kompasd.Start(absl::Seconds(60)); !s.ok()) ...
//   ProcStatus status = ReadProcStatus(kompasd.pid());
//   int code = kompasd.Terminate(absl::Seconds(30));
//
// A crash during start-up: Launch(), sleep a while, Kill().
#ifndef KOMPAS_BENCH_CHILD_H_
#define KOMPAS_BENCH_CHILD_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace kompas::bench {

// Memory and threads of a process, from /proc/PID/status; zeros when it
// cannot be read.
struct ProcStatus {
  int64_t rss_kib = 0;  // VmRSS: resident now
  int64_t hwm_kib = 0;  // VmHWM: the most it was ever resident
  int threads = 0;      // Threads
};
ProcStatus ReadProcStatus(pid_t pid);

// CPU time (user + system) a process has used so far, in seconds, from
// /proc/PID/stat; 0 when it cannot be read.
double ReadCpuSeconds(pid_t pid);

// A TCP port on 127.0.0.1 that is free now (the kernel's pick; another
// process could take it before kompasd binds it, which fails the start).
int FreeLoopbackPort();

class KompasdChild {
 public:
  // `work_dir` holds the store (db/), the port file and kompasd.log;
  // `flags` come after --address=127.0.0.1:0, --data_dir and --port_file.
  KompasdChild(std::string binary, std::string work_dir, std::vector<std::string> flags);
  ~KompasdChild();  // SIGKILLs a child still running
  KompasdChild(const KompasdChild&) = delete;
  KompasdChild& operator=(const KompasdChild&) = delete;

  // Starts kompasd and waits until it wrote its port file (it serves then),
  // at most `timeout`. UNAVAILABLE with the log's tail when it died or took
  // too long.
  [[nodiscard]] absl::Status Start(absl::Duration timeout);
  // Start in two steps: Launch forks and execs kompasd and returns at once;
  // WaitServing waits as Start does.
  [[nodiscard]] absl::Status Launch();
  [[nodiscard]] absl::Status WaitServing(absl::Duration timeout);
  // Sends `signal` and returns without waiting (SIGTERM: a graceful stop
  // begins).
  void Signal(int signal);
  // SIGKILL (a crash) and waits until the process is gone.
  void Kill();
  // SIGTERM, then waits up to `timeout`; the exit code, or -1 when a signal
  // ended it or it had to be killed.
  int Terminate(absl::Duration timeout);

  pid_t pid() const { return pid_; }
  // "127.0.0.1:PORT" of the gRPC port.
  std::string address() const;
  // The last `bytes` of kompasd.log.
  std::string LogTail(size_t bytes) const;

 private:
  std::string binary_, work_dir_;
  std::vector<std::string> flags_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_CHILD_H_
