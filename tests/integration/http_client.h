// A small blocking HTTP/1.1 client for tests of kompasd's HTTP listener, on
// Boost.Beast: one request per connection, the whole response (chunked
// bodies reassembled).
#ifndef KOMPAS_TESTS_INTEGRATION_HTTP_CLIENT_H_
#define KOMPAS_TESTS_INTEGRATION_HTTP_CLIENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/ascii.h"

namespace kompas::testing {

struct HttpReply {
  int status = 0;  // 0: no answer (connection failed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(absl::AsciiStrToLower(name));
    return it == headers.end() ? "" : it->second;
  }
};

inline HttpReply HttpRequest(int port, const std::string& method, const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             const std::string& body = "") {
  namespace net = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  HttpReply reply;
  net::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"),
                                        static_cast<uint16_t>(port)),
                 ec);
  if (ec) return reply;
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request, ec);
  // A server refusing an oversized body may stop reading it: read the
  // answer regardless.
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser, ec);
  if (ec && !parser.is_header_done()) return reply;
  const auto& response = parser.get();
  reply.status = response.result_int();
  for (const auto& field : response) {
    reply.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
        std::string(field.value());
  }
  reply.body = response.body();
  return reply;
}

// The envelopes of a Connect streaming body: (flags, payload) each.
inline std::vector<std::pair<uint8_t, std::string>> Envelopes(const std::string& body) {
  std::vector<std::pair<uint8_t, std::string>> out;
  size_t at = 0;
  while (at + 5 <= body.size()) {
    const auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(body[i])); };
    const uint32_t size = (byte(at + 1) << 24) | (byte(at + 2) << 16) | (byte(at + 3) << 8) |
                          byte(at + 4);
    if (at + 5 + size > body.size()) break;
    out.emplace_back(static_cast<uint8_t>(body[at]), body.substr(at + 5, size));
    at += 5 + size;
  }
  return out;
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTS_INTEGRATION_HTTP_CLIENT_H_
