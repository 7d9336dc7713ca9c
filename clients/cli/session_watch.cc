#include "session_watch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include <absl/strings/str_cat.h>
#include <google/protobuf/util/json_util.h>

#include "session_view.h"

namespace kompas::cli {
namespace {

using kompas::v1::Session;
using kompas::v1::SessionEvent;

// Resuming a dropped watch: the pause before each attempt doubles from the
// first to the last, so a watcher is back within two seconds of kompasd;
// after kResumeBudget without getting through the watch gives up. A
// restart takes a few seconds, on a busy machine (loading the PII gate's
// word lists) well over ten; a server that is gone is reported within a
// minute.
constexpr auto kFirstBackoff = std::chrono::milliseconds(250);
constexpr auto kMaxBackoff = std::chrono::milliseconds(2000);
constexpr auto kResumeBudget = std::chrono::seconds(60);

// Cursor home, then erase the screen: the next frame is drawn over the last.
constexpr char kClearScreen[] = "\x1b[H\x1b[2J";

// The write end of StopSignal's pipe, for the signal handler.
int stop_signal_fd = -1;

void OnStopSignal(int) {
  const int saved = errno;
  const char byte = 's';
  (void)!write(stop_signal_fd, &byte, 1);
  errno = saved;
}

// Ctrl-C (SIGINT) and SIGTERM while the watch blocks in Read. A signal
// handler may do next to nothing, so it writes a byte to a pipe; a thread
// waits for that byte and cancels the call in flight, and Read returns. A
// second Ctrl-C gets the default action (SA_RESETHAND): it always stops.
// One per process.
class StopSignal {
 public:
  StopSignal() {
    if (pipe2(fds_, O_CLOEXEC) != 0) return;  // then signals act as they always do
    stop_signal_fd = fds_[1];
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
    thread_ = std::thread([this] { Wait(); });
  }

  ~StopSignal() {
    if (!thread_.joinable()) return;
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    const char quit = 'q';
    (void)!write(fds_[1], &quit, 1);
    thread_.join();
    stop_signal_fd = -1;
    close(fds_[0]);
    close(fds_[1]);
  }

  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // The call a signal cancels; null for none. Clear it before the context
  // is destroyed. A signal that came already cancels `ctx` at once.
  void Guard(grpc::ClientContext* ctx) {
    std::lock_guard<std::mutex> lock(mu_);
    ctx_ = ctx;
    if (stopped_ && ctx_ != nullptr) ctx_->TryCancel();
  }

  bool stopped() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stopped_;
  }

  // Sleeps for `pause`; false when a signal ended it early.
  bool SleepFor(std::chrono::milliseconds pause) {
    std::unique_lock<std::mutex> lock(mu_);
    return !cv_.wait_for(lock, pause, [this] { return stopped_; });
  }

 private:
  void Wait() {
    while (true) {
      char byte = 0;
      const ssize_t n = read(fds_[0], &byte, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || byte == 'q') return;
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
      if (ctx_ != nullptr) ctx_->TryCancel();
      cv_.notify_all();
    }
  }

  int fds_[2] = {-1, -1};
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  grpc::ClientContext* ctx_ = nullptr;  // guarded by mu_
  bool stopped_ = false;                // guarded by mu_
};

// How the watch shows what happens.
enum class Output {
  kScreen,  // a terminal: redraw the whole session in place
  kLines,   // a pipe or file: one line per event
  kJson,    // --json: one line of proto JSON per message
};

Output ChooseOutput(const Client& client) {
  if (client.options().json) return Output::kJson;
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  return isatty(STDOUT_FILENO) && !dumb ? Output::kScreen : Output::kLines;
}

// One message as one line of proto JSON (JSON Lines), flushed.
void PrintJsonLine(const google::protobuf::Message& message) {
  std::string line;
  if (!google::protobuf::util::MessageToJsonString(message, &line).ok()) {
    line = "{\"error\": \"cannot print as JSON\"}";
  }
  std::cout << line << std::endl;
}

class Watch {
 public:
  Watch(Client& client, std::string name, int64_t after)
      : client_(client), name_(std::move(name)), last_(after), output_(ChooseOutput(client)) {}

  int Run() {
    auto backoff = kFirstBackoff;
    auto failing_since = std::chrono::steady_clock::now();
    bool noted = false;  // the user was told the watch is being resumed
    while (true) {
      bool over = false, connected = false;
      const grpc::Status status = Stream(&over, &connected);
      if (over || stop_.stopped()) return kOk;
      if (connected) {
        backoff = kFirstBackoff;
        failing_since = std::chrono::steady_clock::now();
        noted = false;
      }
      // The server never ends a watch by itself. A dropped one is resumed
      // when the server says from where (it is stopping, or this watcher
      // fell behind), or when the connection broke after the watch had
      // started; anything else (not found, no access) is the answer.
      const grpc::StatusCode code = status.error_code();
      const bool asked =
          (code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::UNAVAILABLE) &&
          ResumeSequence(status.error_message()).has_value();
      const bool broke = started_ && (code == grpc::StatusCode::UNAVAILABLE ||
                                      code == grpc::StatusCode::CANCELLED || status.ok());
      const bool resumable = asked || broke;
      if (!resumable || std::chrono::steady_clock::now() - failing_since > kResumeBudget) {
        return client_.Fail(status);
      }
      if (!noted) {
        std::cerr << "kompas: the watch was interrupted ("
                  << (status.error_message().empty() ? "stream ended" : status.error_message())
                  << "); resuming after event " << last_ << "\n";
        noted = true;
      }
      if (!stop_.SleepFor(backoff)) return kOk;
      backoff = std::min(backoff * 2, kMaxBackoff);
      // Lets gRPC see kompasd come back as soon as it does (bounded; a
      // signal is noticed after it).
      client_.WaitForConnection(std::chrono::system_clock::now() + kMaxBackoff);
      if (stop_.stopped()) return kOk;
    }
  }

 private:
  // One WatchSession call from the last event shown. Sets `*over` when the
  // watch is done (the session closed and everything up to then is shown),
  // `*connected` when the server answered with the session.
  grpc::Status Stream(bool* over, bool* connected) {
    grpc::ClientContext ctx;
    client_.PrepareStream(&ctx);
    stop_.Guard(&ctx);
    kompas::v1::WatchSessionRequest request;
    request.set_name(name_);
    request.set_after_sequence(last_);
    std::unique_ptr<grpc::ClientReader<kompas::v1::WatchSessionResponse>> reader =
        client_.sessions().WatchSession(&ctx, request);
    kompas::v1::WatchSessionResponse message;
    while (!*over && reader->Read(&message)) {
      if (message.has_session()) {
        *connected = true;
        *over = ShowSession(message);
      } else if (message.has_event() && message.event().sequence() > last_) {
        // The server sends each event once; the check keeps that promise
        // across reconnects even if it did not.
        *over = ShowEvent(message);
      }
    }
    if (*over) ctx.TryCancel();  // the stream would go on: hang up
    grpc::Status status = reader->Finish();
    stop_.Guard(nullptr);
    return status;
  }

  // True when there is nothing more to show: the session was closed before
  // the events asked for.
  bool ShowSession(const kompas::v1::WatchSessionResponse& message) {
    const Session& s = message.session();
    view_.SetSnapshot(s);
    if (!started_) {
      started_ = true;
      if (output_ == Output::kLines) std::cout << SnapshotLine(s) << std::endl;
      if (output_ == Output::kJson) PrintJsonLine(message);
    }
    if (output_ == Output::kScreen) Redraw();
    return s.state() == kompas::v1::SESSION_STATE_CLOSED && s.last_sequence() <= last_;
  }

  // True once the session's `closed` event and everything stored before
  // the watch began are shown.
  bool ShowEvent(const kompas::v1::WatchSessionResponse& message) {
    const SessionEvent& e = message.event();
    last_ = e.sequence();
    view_.Apply(e);
    switch (output_) {
      case Output::kScreen:
        Redraw();
        break;
      case Output::kLines:
        std::cout << EventLine(e) << std::endl;
        break;
      case Output::kJson:
        PrintJsonLine(message);
        break;
    }
    if (e.has_closed()) closed_ = true;
    // A closed session may still get answers to its parked questions;
    // those stored before the watch began are shown too.
    return closed_ && last_ >= view_.session().last_sequence();
  }

  void Redraw() {
    winsize size{};
    size_t rows = 0, columns = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
      // One row stays free for the cursor, so the screen does not scroll.
      rows = size.ws_row > 1 ? size.ws_row - 1 : 0;
      columns = size.ws_col;
    }
    std::cout << kClearScreen << view_.Render(rows, columns) << std::flush;
  }

  Client& client_;
  const std::string name_;
  int64_t last_;  // the sequence of the last event shown
  const Output output_;
  StopSignal stop_;
  SessionView view_;
  bool started_ = false;  // the first session message arrived
  bool closed_ = false;   // the `closed` event was shown
};

}  // namespace

int RunSessionWatch(Client& client, const SessionWatchArgs& args) {
  if (args.after < 0) return UsageError("--after must be 0 (from the start) or an event number");
  std::string name;
  if (int rc = client.Name(NameKind::kSession, args.name, &name); rc != kOk) return rc;
  Watch watch(client, name, args.after);
  return watch.Run();
}

}  // namespace kompas::cli
