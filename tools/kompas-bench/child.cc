#include "child.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace kompas::bench {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits for `pid` until `deadline`; its exit code, -1 when a signal ended it,
// -2 when it is still running.
int WaitUntil(pid_t pid, absl::Time deadline) {
  while (true) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0) return -1;
    if (absl::Now() >= deadline) return -2;
    absl::SleepFor(absl::Milliseconds(20));
  }
}

}  // namespace

ProcStatus ReadProcStatus(pid_t pid) {
  ProcStatus out;
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest(line);
    int64_t* field = nullptr;
    int64_t threads = 0;
    if (absl::ConsumePrefix(&rest, "VmRSS:")) {
      field = &out.rss_kib;
    } else if (absl::ConsumePrefix(&rest, "VmHWM:")) {
      field = &out.hwm_kib;
    } else if (absl::ConsumePrefix(&rest, "Threads:")) {
      field = &threads;
    } else {
      continue;
    }
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, " kB");
    if (!absl::SimpleAtoi(rest, field)) *field = 0;
    if (field == &threads) out.threads = static_cast<int>(threads);
  }
  return out;
}

double ReadCpuSeconds(pid_t pid) {
  const std::string stat = ReadAll(absl::StrCat("/proc/", pid, "/stat"));
  // The command name, in parentheses, may hold spaces: count from after it.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  int64_t utime = 0, stime = 0;
  // Fields 3..13 come first; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 && !absl::SimpleAtoi(field, &utime)) return 0;
    if (i == 15 && !absl::SimpleAtoi(field, &stime)) return 0;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

KompasdChild::KompasdChild(std::string binary, std::string work_dir,
                           std::vector<std::string> flags)
    : binary_(std::move(binary)), work_dir_(std::move(work_dir)), flags_(std::move(flags)) {}

KompasdChild::~KompasdChild() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitUntil(pid_, absl::Now() + absl::Seconds(10));
  }
}

absl::Status KompasdChild::Start(absl::Duration timeout) {
  if (absl::Status launched = Launch(); !launched.ok()) return launched;
  return WaitServing(timeout);
}

absl::Status KompasdChild::Launch() {
  port_ = 0;
  const std::string port_file = work_dir_ + "/port";
  unlink(port_file.c_str());
  std::vector<std::string> argv = {binary_, "--address=127.0.0.1:0",
                                   "--data_dir=" + work_dir_ + "/db", "--port_file=" + port_file};
  argv.insert(argv.end(), flags_.begin(), flags_.end());
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const std::string log = work_dir_ + "/kompasd.log";
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) return absl::InternalError("fork failed");
  if (pid_ == 0) {
    // Dies with the benchmark, however the benchmark ends.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int devnull = open("/dev/null", O_RDWR);
    if (err < 0 || devnull < 0) _exit(127);
    dup2(devnull, 0);
    dup2(devnull, 1);  // the demo tokens it prints stay out of the terminal
    dup2(err, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  return absl::OkStatus();
}

absl::Status KompasdChild::WaitServing(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("kompasd was not launched");
  const std::string port_file = work_dir_ + "/port";
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::ifstream in(port_file);
    if (in >> port_ && port_ > 0) return absl::OkStatus();
    const int code = WaitUntil(pid_, absl::Now());
    if (code != -2) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("kompasd exited (code ", code, ") while starting; its log ends:\n",
                       LogTail(2000)));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::UnavailableError(absl::StrCat("kompasd did not serve within ",
                                             absl::FormatDuration(timeout), "; its log ends:\n",
                                             LogTail(2000)));
}

void KompasdChild::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

void KompasdChild::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitUntil(pid_, absl::Now() + absl::Seconds(30));
  pid_ = -1;
}

int KompasdChild::Terminate(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int code = WaitUntil(pid_, absl::Now() + timeout);
  if (code == -2) {
    kill(pid_, SIGKILL);
    WaitUntil(pid_, absl::Now() + absl::Seconds(10));
    code = -1;
  }
  pid_ = -1;
  return code;
}

std::string KompasdChild::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::string KompasdChild::LogTail(size_t bytes) const {
  const std::string log = ReadAll(work_dir_ + "/kompasd.log");
  return log.size() <= bytes ? log : log.substr(log.size() - bytes);
}

}  // namespace kompas::bench
