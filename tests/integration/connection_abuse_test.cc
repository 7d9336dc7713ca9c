// Clients that abuse connections — sockets that never speak, requests
// dribbled a byte at a time, many streams, clients that vanish or hang up
// mid-call — are cut off within the limits set in api::ConnectionOptions,
// web::HttpOptions and api::WatchLimitOptions, while everyone else keeps
// being served. The timeouts are shortened to a second so each test is
// bounded to a few seconds; kompasd's defaults are in the README.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/integration/http_client.h"
#include "tests/integration/server_fixture.h"
#include "web/http_server.h"

namespace kompas::testing {
namespace {

// A TCP connection to 127.0.0.1:port; -1 when it cannot connect.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Closes `fd` with a reset, as a client that crashes or loses its network.
void Reset(int fd) {
  linger hard{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  close(fd);
}

// True once the server has closed `fd` (end of stream or a reset), reading
// and dropping whatever it sent before; false if still open at `deadline`.
bool ClosedByServer(int fd, absl::Time deadline) {
  char buf[4096];
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(left))));
    if (ready <= 0) return false;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

// Sends `bytes` one at a time, `gap` apart, as a slowloris client does.
// Returns how many were sent before the server closed the connection
// (bytes.size() when it never did).
size_t Dribble(int fd, const std::string& bytes, absl::Duration gap) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (ClosedByServer(fd, absl::Now())) return i;
    if (send(fd, &bytes[i], 1, MSG_NOSIGNAL) != 1) return i;
    absl::SleepFor(gap);
  }
  return bytes.size();
}

// A loopback TCP proxy to `target_port`, to stand between a client and the
// server and then either freeze (the client vanished: nothing more is read
// or sent, the sockets stay open) or reset every connection.
class Proxy {
 public:
  explicit Proxy(int target_port) : target_port_(target_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_ = std::thread([this] { Accept(); });
  }
  ~Proxy() {
    stop_ = true;
    accept_.join();
    for (auto& t : threads_) t.join();
    close(listen_fd_);
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : fds_) Reset(fd);
  }
  int port() const { return port_; }
  // Stops forwarding in both directions; the connections stay open.
  void Freeze() { frozen_ = true; }

 private:
  void Accept() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0) continue;
      const int server = Connect(target_port_);
      std::lock_guard<std::mutex> lock(mu_);
      fds_.push_back(client);
      fds_.push_back(server);
      threads_.emplace_back([this, client, server] { Pump(client, server); });
    }
  }

  void Pump(int a, int b) {
    char buf[16384];
    while (!stop_) {
      if (frozen_) {
        absl::SleepFor(absl::Milliseconds(20));
        continue;
      }
      pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
      if (poll(p, 2, 50) <= 0) continue;
      for (int i = 0; i < 2; ++i) {
        if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = recv(p[i].fd, buf, sizeof buf, 0);
        if (n <= 0) return;
        if (send(p[1 - i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) return;
      }
    }
  }

  int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> frozen_{false};
  std::mutex mu_;
  std::vector<int> fds_;
  std::thread accept_;
  std::vector<std::thread> threads_;  // the pumps; started by accept_ only
};

constexpr char kFacilitator[] = "fac-enschede";

class ConnectionAbuseTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    connections_.handshake_timeout = absl::Seconds(1);
    connections_.keepalive_time = absl::Seconds(1);
    connections_.keepalive_timeout = absl::Seconds(1);
    watch_limits_ = {.per_member = 3, .per_session = 300};
    DemoCommunityFixture::SetUp();
    AddMember(kFacilitator, "municipalities/GM0153", "wijkteams", {v1::ROLE_FACILITATOR});
    v1::Case draft = SampleCase("School vraagt naar leerling");
    draft.set_status(v1::CASE_STATUS_OPEN);
    v1::Case created;
    ASSERT_TRUE(CreateCase(kAnna, draft, &created).ok());
    ASSERT_TRUE(CreateSession(kFacilitator, created.name(), "incident", &session_).ok());
    StartHttp();
  }
  void TearDown() override {
    StopHttp();
    DemoCommunityFixture::TearDown();
  }

  // The HTTP listener, forwarding to the server of the moment.
  void StartHttp() {
    web::HttpOptions http;
    http.address = "127.0.0.1:0";
    http.header_timeout = absl::Seconds(1);
    http.body_timeout = absl::Seconds(1);
    auto started = web::HttpServer::Start(http, server_->InProcessChannel());
    ASSERT_TRUE(started.ok()) << started.status();
    http_ = *std::move(started);
  }
  void StopHttp() {
    if (http_) http_->Shutdown();
    http_.reset();
  }

  // An open WatchSession of `member` on `stub`; `opened` when its first
  // message (the snapshot) arrived.
  struct Watch {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientReader<v1::WatchSessionResponse>> reader;
    bool opened = false;
    void End() {
      context->TryCancel();
      v1::WatchSessionResponse ignored;
      while (reader->Read(&ignored)) {
      }
      reader->Finish().ok();
    }
  };
  Watch OpenWatch(v1::SessionService::Stub& stub, const std::string& member) {
    Watch w;
    w.context = As(member);
    v1::WatchSessionRequest req;
    req.set_name(session_.name());
    w.reader = stub.WatchSession(w.context.get(), req);
    v1::WatchSessionResponse msg;
    w.opened = w.reader->Read(&msg) && msg.has_session();
    return w;
  }

  // Others are still served: a unary call over gRPC, a watch, and a call
  // over the HTTP listener.
  void ExpectOthersServed() {
    v1::GetSessionRequest get;
    get.set_name(session_.name());
    v1::Session out;
    grpc::Status s = session_stub_->GetSession(As(kBram).get(), get, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    Watch w = OpenWatch(*session_stub_, kBram);
    EXPECT_TRUE(w.opened);
    w.End();
    HttpReply r = HttpRequest(http_->port(), "POST", "/kompas.v1.CommunityService/GetCaller",
                              {{"Content-Type", "application/json"},
                               {"Authorization", "Bearer " + TokenOf(kBram)}},
                              "{}");
    EXPECT_EQ(r.status, 200) << r.body;
  }

  // True when `member` can open `n` watches within a few seconds (slots of
  // ended watches are given back as their streams are torn down).
  bool CanOpenWatches(const std::string& member, int n) {
    const absl::Time deadline = absl::Now() + absl::Seconds(15);
    std::vector<Watch> open;
    while (static_cast<int>(open.size()) < n && absl::Now() < deadline) {
      Watch w = OpenWatch(*session_stub_, member);
      if (w.opened) {
        open.push_back(std::move(w));
      } else {
        w.reader->Finish().ok();
        absl::SleepFor(absl::Milliseconds(50));
      }
    }
    const bool all = static_cast<int>(open.size()) == n;
    for (Watch& w : open) w.End();
    return all;
  }

  v1::Session session_;
  std::unique_ptr<web::HttpServer> http_;
};

TEST_F(ConnectionAbuseTest, SilentAndSlowClientsAreCutOffWhileOthersAreServed) {
  // Sockets that connect and never say anything, on both ports.
  std::vector<int> silent;
  for (int i = 0; i < 25; ++i) {
    silent.push_back(Connect(server_->port()));
    silent.push_back(Connect(http_->port()));
  }
  for (int fd : silent) ASSERT_GE(fd, 0);
  // Slowloris: the HTTP/2 preface, and an HTTP request's headers, one byte
  // every 150 ms; either would take several seconds.
  const std::string preface("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  const std::string headers = absl::StrCat(
      "POST /kompas.v1.CommunityService/GetCaller HTTP/1.1\r\nHost: 127.0.0.1\r\n",
      "Content-Type: application/json\r\nAuthorization: Bearer ", TokenOf(kAnna),
      "\r\nContent-Length: 2\r\n\r\n{}");
  std::atomic<size_t> grpc_sent{0}, http_sent{0};
  std::thread grpc_slow([&] {
    const int fd = Connect(server_->port());
    grpc_sent = Dribble(fd, preface, absl::Milliseconds(150));
    close(fd);
  });
  std::thread http_slow([&] {
    const int fd = Connect(http_->port());
    http_sent = Dribble(fd, headers, absl::Milliseconds(150));
    close(fd);
  });
  // Meanwhile everyone else is served.
  ExpectOthersServed();
  grpc_slow.join();
  http_slow.join();
  EXPECT_LT(grpc_sent.load(), preface.size()) << "the slow HTTP/2 client was never cut off";
  EXPECT_LT(http_sent.load(), headers.size()) << "the slow HTTP client was never cut off";
  // The silent ones are gone too: after the handshake (gRPC) or header
  // (HTTP) timeout of a second, with room for a loaded machine.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  int still_open = 0;
  for (int fd : silent) {
    if (!ClosedByServer(fd, deadline)) ++still_open;
    close(fd);
  }
  EXPECT_EQ(still_open, 0);
  ExpectOthersServed();
}

TEST_F(ConnectionAbuseTest, WatchesOfClientsThatVanishOrHangUpAreGivenBack) {
  // Anna watches from a laptop that then drops off the network: her three
  // watches (her limit) go through a proxy that freezes.
  {
    Proxy proxy(server_->port());
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", proxy.port()),
                                       grpc::InsecureChannelCredentials());
    auto stub = v1::SessionService::NewStub(channel);
    std::vector<Watch> watches;
    for (int i = 0; i < 3; ++i) watches.push_back(OpenWatch(*stub, kAnna));
    for (const Watch& w : watches) ASSERT_TRUE(w.opened);
    Watch fourth = OpenWatch(*session_stub_, kAnna);
    EXPECT_FALSE(fourth.opened);
    EXPECT_EQ(fourth.reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    ExpectOthersServed();
    proxy.Freeze();
    // The server's keepalive ping goes unanswered: it closes the connection
    // and her watches end, so she can watch again from elsewhere.
    EXPECT_TRUE(CanOpenWatches(kAnna, 3));
    for (Watch& w : watches) w.End();  // the proxy resets them on destruction
  }
  // Then she watches over the HTTP listener and hangs up mid-stream (a
  // reset), three times.
  for (int i = 0; i < 3; ++i) {
    const std::string json = absl::StrCat(R"({"name":")", session_.name(), R"("})");
    std::string envelope(5, '\0');
    envelope[3] = static_cast<char>(json.size() >> 8);
    envelope[4] = static_cast<char>(json.size() & 0xFF);
    envelope += json;
    const std::string request = absl::StrCat(
        "POST /kompas.v1.SessionService/WatchSession HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "Content-Type: application/connect+json\r\nAuthorization: Bearer ", TokenOf(kAnna),
        "\r\nContent-Length: ", envelope.size(), "\r\n\r\n", envelope);
    const int fd = Connect(http_->port());
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    // Read until the snapshot's envelope has begun to arrive.
    std::string got;
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
      const size_t body = got.find("\r\n\r\n");
      if (body != std::string::npos && got.size() > body + 4 + 5) break;
    }
    EXPECT_THAT(got, HasSubstr("200 OK"));
    Reset(fd);
  }
  EXPECT_TRUE(CanOpenWatches(kAnna, 3));
  ExpectOthersServed();
}

TEST_F(ConnectionAbuseTest, StreamsPerConnectionAreCappedAndIdleConnectionsClosed) {
  StopHttp();
  connections_.max_concurrent_streams = 4;
  connections_.max_connection_idle = absl::Seconds(1);
  RestartServer();
  StartHttp();
  // A connection of its own (not shared with the fixture's channel).
  grpc::ChannelArguments own;
  own.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                           grpc::InsecureChannelCredentials(), own);
  auto stub = v1::SessionService::NewStub(channel);
  // One call first, so the client knows the server's stream limit.
  v1::GetSessionRequest get;
  get.set_name(session_.name());
  v1::Session out;
  ASSERT_TRUE(stub->GetSession(As(kBram).get(), get, &out).ok());
  // Six watches on one connection (three members, two each): four open,
  // two wait in the client for a free stream.
  struct Pending {
    Watch watch;
    std::atomic<bool> opened{false};
  };
  std::vector<std::unique_ptr<Pending>> pending;
  std::vector<std::thread> openers;
  const char* const members[] = {kAnna, kBram, kFacilitator};
  for (int i = 0; i < 6; ++i) {
    pending.push_back(std::make_unique<Pending>());
    Pending* p = pending.back().get();
    p->watch.context = As(members[i % 3]);
    // Starting a stream blocks while the connection has no stream free:
    // each starts on a thread of its own.
    openers.emplace_back([p, &stub, name = session_.name()] {
      v1::WatchSessionRequest req;
      req.set_name(name);
      p->watch.reader = stub->WatchSession(p->watch.context.get(), req);
      v1::WatchSessionResponse msg;
      if (p->watch.reader->Read(&msg)) p->opened = true;
    });
  }
  auto count_open = [&] {
    int n = 0;
    for (const auto& p : pending) n += p->opened ? 1 : 0;
    return n;
  };
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (count_open() < 4 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  absl::SleepFor(absl::Milliseconds(500));  // time for a fifth, were it let through
  EXPECT_EQ(count_open(), 4);
  ExpectOthersServed();  // on other connections
  // Two end: the two waiting ones get their streams.
  int ended = 0;
  for (auto& p : pending) {
    if (p->opened && ended < 2) {
      p->watch.context->TryCancel();
      ++ended;
    }
  }
  deadline = absl::Now() + absl::Seconds(10);
  while (count_open() < 6 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(count_open(), 6);
  for (auto& p : pending) p->watch.context->TryCancel();
  for (auto& t : openers) t.join();
  for (auto& p : pending) p->watch.End();
  // With no call left, the connection is closed after a second idle.
  ASSERT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  deadline = absl::Now() + absl::Seconds(10);
  while (channel->GetState(false) == GRPC_CHANNEL_READY && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_READY);
  // A client reconnects on its next call, as if nothing happened.
  EXPECT_TRUE(stub->GetSession(As(kBram).get(), get, &out).ok());
}

}  // namespace
}  // namespace kompas::testing
