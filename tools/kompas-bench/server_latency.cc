#include "server_latency.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace kompas::bench {
namespace {

constexpr char kBucket[] = "kompas_rpc_duration_seconds_bucket{";

// The value of label `name` in a series' labels ({a="x",b="y"}).
std::string Label(absl::string_view labels, absl::string_view name) {
  const std::string key = absl::StrCat(name, "=\"");
  const size_t at = labels.find(key);
  if (at == absl::string_view::npos) return "";
  const size_t start = at + key.size();
  const size_t end = labels.find('"', start);
  return end == absl::string_view::npos ? "" : std::string(labels.substr(start, end - start));
}

}  // namespace

ServerLatency ServerLatency::Parse(const std::string& text) {
  ServerLatency out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, kBucket)) continue;
    const size_t close = line.find("} ");
    if (close == absl::string_view::npos) continue;
    const absl::string_view labels = line.substr(0, close);
    if (Label(labels, "code") != "OK") continue;
    const std::string le = Label(labels, "le");
    uint64_t count = 0;
    if (!absl::SimpleAtoi(line.substr(close + 2), &count)) continue;
    double bound = 1e300;
    if (le != "+Inf" && !absl::SimpleAtod(le, &bound)) continue;
    auto& counts = out.cumulative_[Label(labels, "method")];
    for (size_t i = 0; i < kBounds.size(); ++i) {
      // The bounds are printed rounded; match within a part per million.
      if (std::abs(kBounds[i] - bound) <= 1e-6 * kBounds[i]) counts[i] = count;
    }
  }
  return out;
}

ServerLatency ServerLatency::Since(const ServerLatency& earlier) const {
  ServerLatency out = *this;
  for (auto& [method, counts] : out.cumulative_) {
    auto before = earlier.cumulative_.find(method);
    if (before == earlier.cumulative_.end()) continue;
    for (size_t i = 0; i < counts.size(); ++i) {
      counts[i] = counts[i] >= before->second[i] ? counts[i] - before->second[i] : 0;
    }
  }
  return out;
}

std::string ServerLatency::Header() {
  return "| RPC | calls | ≤ 1 ms | ≤ 2.5 ms | ≤ 5 ms | ≤ 10 ms | p99 within |\n"
         "|---|---|---|---|---|---|---|\n";
}

std::string ServerLatency::Row(const std::string& rpc) const {
  for (const auto& [method, counts] : cumulative_) {
    if (!absl::EndsWith(method, "/" + rpc)) continue;
    const uint64_t calls = counts.back();
    if (calls == 0) break;
    auto share = [&](size_t i) {
      return absl::StrFormat("%.1f %%", 100.0 * static_cast<double>(counts[i]) / calls);
    };
    std::string p99 = "more than 10 s";
    for (size_t i = 0; i + 1 < kBounds.size(); ++i) {
      if (static_cast<double>(counts[i]) >= 0.99 * static_cast<double>(calls)) {
        p99 = absl::StrFormat("%g ms", kBounds[i] * 1000);
        break;
      }
    }
    return absl::StrFormat("| %s | %d | %s | %s | %s | %s | %s |\n", rpc, calls, share(0), share(1),
                           share(2), share(3), p99);
  }
  return absl::StrFormat("| %s | 0 | | | | | |\n", rpc);
}

absl::StatusOr<ServerLatency> ScrapeLatency(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("no socket to read /metrics");
  timeval timeout{10, 0};  // a scrape never hangs the bench
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("kompasd's HTTP listener on port ", port,
                                               " does not answer"));
  }
  const std::string request =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  std::string response;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    std::vector<char> buffer(1 << 16);
    for (ssize_t n; (n = recv(fd, buffer.data(), buffer.size(), 0)) > 0;) {
      response.append(buffer.data(), static_cast<size_t>(n));
    }
  }
  close(fd);
  if (!absl::StartsWith(response, "HTTP/1.1 200")) {
    return absl::UnavailableError("kompasd did not serve /metrics");
  }
  return ServerLatency::Parse(response);
}

}  // namespace kompas::bench
