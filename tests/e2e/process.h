// Child processes for end-to-end tests: kompasd as a real server process and
// the kompas CLI as a subprocess. Every wait is bounded so a hung child fails
// the test instead of hanging CI.
#ifndef KOMPAS_TESTS_E2E_PROCESS_H_
#define KOMPAS_TESTS_E2E_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace kompas::e2e {

struct CommandResult {
  int exit_code = -1;  // -1 when killed or timed out
  std::string out;
  std::string err;
};

// Runs argv with `input` on stdin and extra environment variables; captures
// stdout and stderr. Kills the command after `timeout_seconds`.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "",
                         const std::map<std::string, std::string>& env = {},
                         int timeout_seconds = 60);

// A command left running in the background, e.g. a CLI that streams, with
// stdout and stderr going to files (so not a terminal): a test reads the
// files while it runs and waits, bounded, for its exit.
class BackgroundCommand {
 public:
  BackgroundCommand() = default;
  ~BackgroundCommand();  // SIGKILLs a child that is still running
  BackgroundCommand(const BackgroundCommand&) = delete;
  BackgroundCommand& operator=(const BackgroundCommand&) = delete;

  // Starts argv with extra environment variables, stdin from /dev/null.
  // False when it could not be started.
  bool Start(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             const std::string& out_path, const std::string& err_path);
  // Waits up to `timeout_seconds` for it to exit; its exit code, or -1 when
  // a signal ended it or it is still running.
  int Wait(int timeout_seconds);
  // SIGKILL and reap.
  void Kill();

 private:
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that is free now (the kernel's pick; another
// process could take it before it is used, which a test run does not do).
int FreeLoopbackPort();

// Everything in the file at `path` ("" when it cannot be read).
std::string ReadFile(const std::string& path);
// Every byte of every regular file below `dir`, one after another: what a
// test searches for text that must never reach the disk.
std::string AllBytesUnder(const std::string& dir);

// The token for `member` in a file kompasd wrote with --demo_tokens_file
// (lines "member<TAB>roles<TAB>token"); empty when there is none.
std::string DemoTokenIn(const std::string& path, const std::string& member);

// kompasd on 127.0.0.1 with a kernel-chosen port, its stderr (the log) in a file.
class Kompasd {
 public:
  // data_dir: the RocksDB directory; work_dir: where port and log files go.
  Kompasd(std::string binary, std::string data_dir, std::string work_dir,
          std::vector<std::string> extra_flags = {});
  ~Kompasd();  // SIGKILLs a child that is still running

  // Starts the process and waits (at most 60 s) until it serves. False on failure.
  bool Start();
  // SIGTERM, then waits up to 60 s; returns the exit code (-1 if it did not exit).
  int Terminate();
  // SIGKILL and reap: a crash.
  void Kill();

  // Whether it was started and has not been stopped or killed since.
  bool running() const { return pid_ > 0; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Everything the server logged so far.
  std::string Log() const;

 private:
  std::string binary_, data_dir_, work_dir_;
  std::vector<std::string> extra_flags_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace kompas::e2e

#endif  // KOMPAS_TESTS_E2E_PROCESS_H_
