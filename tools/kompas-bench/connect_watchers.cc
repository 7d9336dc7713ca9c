// Connect watchers: one HTTP/1.1 connection per stream, as each browser tab
// has its own, all driven by one io_context. A stream is a chain of
// asynchronous operations (connect, write the request, read the head, read
// body pieces) on its own strand; between events it holds no thread.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "kompas/v1/session.grpc.pb.h"
#include "watchers.h"

namespace kompas::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr uint8_t kEndStreamFlag = 0x02;

std::string Envelope(uint8_t flags, const std::string& payload) {
  std::string out;
  const uint32_t size = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>(flags));
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<char>((size >> shift) & 0xff));
  return out + payload;
}

// The HTTP request of one watch: what the web app's Connect transport sends,
// with a bearer token instead of the session cookie.
std::string WatchRequest(const std::string& host, const WatchTarget& target) {
  // The path from the generated service name, as the web app's client has it.
  static const std::string path =
      absl::StrCat("/", v1::SessionService::service_full_name(), "/WatchSession");
  const std::string body = Envelope(
      0, absl::StrCat(R"({"name":")", target.session, R"(","afterSequence":")",
                      target.after_sequence, R"("})"));
  return absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: ", host,
                      "\r\nContent-Type: application/connect+json\r\n"
                      "Connect-Protocol-Version: 1\r\nAuthorization: Bearer ",
                      target.token, "\r\nContent-Length: ", body.size(), "\r\n\r\n", body);
}

// The status code of an end-of-stream message: "ok", or its error's code.
std::string EndStreamCode(const std::string& json) {
  google::protobuf::Struct end;
  if (!google::protobuf::util::JsonStringToMessage(json, &end).ok()) return "bad end of stream";
  const auto error = end.fields().find("error");
  if (error == end.fields().end()) return "ok";
  const auto& fields = error->second.struct_value().fields();
  const auto code = fields.find("code");
  return code == fields.end() ? "unknown" : code->second.string_value();
}

class ConnectWatchers;

// One stream. Touched only on its strand (its handlers, and Cancel posted
// there); read by Results after the io_context stopped.
class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(net::io_context& io, ConnectWatchers* pool, std::string request)
      : socket_(net::make_strand(io)), pool_(pool), request_(std::move(request)) {}

  void Start(const tcp::endpoint& endpoint) {
    socket_.async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Finish("connect: " + ec.message());
      net::async_write(self->socket_, net::buffer(self->request_),
                       [self](beast::error_code ec, size_t) {
                         if (ec) return self->Finish("write: " + ec.message());
                         self->ReadHead();
                       });
    });
  }

  void Cancel() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      self->cancelled_ = true;
      beast::error_code ignored;
      self->socket_.close(ignored);
    });
  }

  // Raw event messages with their arrival times; decoded by Results.
  std::vector<std::pair<SteadyTime, std::string>> raw;
  bool opened = false;
  std::string ended;

 private:
  void ReadHead() {
    parser_.body_limit(boost::none);  // a stream has no end in sight
    http::async_read_header(socket_, buffer_, parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Finish("read head: " + ec.message());
                              const auto& head = self->parser_.get();
                              if (head.result_int() != 200 ||
                                  !absl::StartsWith(std::string(head[http::field::content_type]),
                                                    "application/connect+json")) {
                                return self->Finish(absl::StrCat("http ", head.result_int()));
                              }
                              self->ReadBody();
                            });
  }

  void ReadBody() {
    parser_.get().body().data = piece_;
    parser_.get().body().size = sizeof(piece_);
    http::async_read_some(socket_, buffer_, parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            const SteadyTime now = std::chrono::steady_clock::now();
                            if (ec == http::error::need_buffer) ec = {};
                            if (ec) return self->Finish("read: " + ec.message());
                            const size_t got = sizeof(self->piece_) - self->parser_.get().body().size;
                            self->pending_.append(self->piece_, got);
                            if (!self->TakeMessages(now)) return;
                            if (self->parser_.is_done()) return self->Finish("response ended");
                            self->ReadBody();
                          });
  }

  // Splits complete envelopes off pending_; false once the stream ended.
  bool TakeMessages(SteadyTime now);
  void Finish(std::string why);

  tcp::socket socket_;
  ConnectWatchers* const pool_;
  const std::string request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::buffer_body> parser_;
  char piece_[16384];
  std::string pending_;
  bool cancelled_ = false;
  bool finished_ = false;
};

class ConnectWatchers final : public WatcherPool {
 public:
  ConnectWatchers(std::string address, int io_threads)
      : address_(std::move(address)), io_threads_(std::max(1, io_threads)) {}

  ~ConnectWatchers() override {
    Close(absl::Seconds(10));
    Stop();
  }

  void Open(const std::vector<WatchTarget>& targets) override {
    const size_t colon = address_.rfind(':');
    const tcp::endpoint endpoint(net::ip::make_address(address_.substr(0, colon)),
                                 static_cast<unsigned short>(std::stoi(address_.substr(colon + 1))));
    {
      absl::MutexLock lock(&mu_);
      live_ = static_cast<int>(targets.size());
    }
    for (const WatchTarget& target : targets) {
      streams_.push_back(std::make_shared<Stream>(io_, this, WatchRequest(address_, target)));
    }
    for (auto& s : streams_) s->Start(endpoint);
    for (int i = 0; i < io_threads_; ++i) threads_.emplace_back([this] { io_.run(); });
  }

  int ready() const override { return ready_.load(std::memory_order_relaxed); }
  int ended() const override { return ended_.load(std::memory_order_relaxed); }
  int64_t events() const override { return events_.load(std::memory_order_relaxed); }

  void Close(absl::Duration timeout) override {
    closing_.store(true);
    for (auto& s : streams_) s->Cancel();
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(+[](int* live) { return *live == 0; }, &live_), timeout);
  }

  std::vector<WatcherResult> Results() override {
    Stop();  // no handler runs any more: the streams are ours to read
    std::vector<WatcherResult> out;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    for (auto& s : streams_) {
      WatcherResult r;
      r.opened = s->opened;
      r.ended = s->ended;
      for (auto& [time, json] : s->raw) {
        v1::WatchSessionResponse message;
        if (!google::protobuf::util::JsonStringToMessage(json, &message, options).ok() ||
            !message.has_event()) {
          ++r.undecodable;
          continue;
        }
        r.arrivals.push_back(Arrival{time, std::move(*message.mutable_event())});
      }
      s->raw.clear();
      out.push_back(std::move(r));
    }
    return out;
  }

  bool closing() const { return closing_.load(); }
  void Ready() { ready_.fetch_add(1, std::memory_order_relaxed); }
  void Event() { events_.fetch_add(1, std::memory_order_relaxed); }
  void Ended() { ended_.fetch_add(1, std::memory_order_relaxed); }
  void Finished() {
    absl::MutexLock lock(&mu_);
    --live_;
  }

 private:
  void Stop() {
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  const std::string address_;
  const int io_threads_;
  net::io_context io_;
  std::vector<std::shared_ptr<Stream>> streams_;
  std::vector<std::thread> threads_;
  std::atomic<int> ready_{0};
  std::atomic<int> ended_{0};
  std::atomic<int64_t> events_{0};
  std::atomic<bool> closing_{false};
  absl::Mutex mu_;
  int live_ ABSL_GUARDED_BY(mu_) = 0;
};

bool Stream::TakeMessages(SteadyTime now) {
  size_t at = 0;
  while (pending_.size() - at >= 5) {
    const auto byte = [&](size_t i) {
      return static_cast<uint32_t>(static_cast<uint8_t>(pending_[at + i]));
    };
    const uint32_t size = (byte(1) << 24) | (byte(2) << 16) | (byte(3) << 8) | byte(4);
    if (pending_.size() - at - 5 < size) break;
    const uint8_t flags = static_cast<uint8_t>(byte(0));
    std::string payload = pending_.substr(at + 5, size);
    at += 5 + size;
    if ((flags & kEndStreamFlag) != 0) {
      Finish(EndStreamCode(payload));
      return false;
    }
    if (!opened) {
      // The first message is the session as it is; no need to decode it.
      opened = true;
      pool_->Ready();
    } else {
      raw.emplace_back(now, std::move(payload));
      pool_->Event();
    }
  }
  pending_.erase(0, at);
  return true;
}

void Stream::Finish(std::string why) {
  if (finished_) return;
  finished_ = true;
  if (!cancelled_ && !pool_->closing()) {
    ended = std::move(why);
    pool_->Ended();
  }
  beast::error_code ignored;
  socket_.close(ignored);
  pool_->Finished();
}

}  // namespace

std::unique_ptr<WatcherPool> NewConnectWatchers(const std::string& http_address, int io_threads) {
  return std::make_unique<ConnectWatchers>(http_address, io_threads);
}

}  // namespace kompas::bench
