#include "api.h"

#include <fstream>

#include "absl/time/clock.h"

namespace kompas::crash {

std::map<std::string, std::string> ReadDemoTokens(const std::string& path) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t first = line.find('\t');
    const size_t second = first == std::string::npos ? first : line.find('\t', first + 1);
    if (second == std::string::npos) continue;
    tokens[line.substr(0, first)] = line.substr(second + 1);
  }
  return tokens;
}

Api::Api(const std::string& address, std::map<std::string, std::string> tokens)
    : tokens_(std::move(tokens)),
      channel_(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
      cases_(v1::CaseService::NewStub(channel_)),
      sessions_(v1::SessionService::NewStub(channel_)),
      standards_(v1::StandardService::NewStub(channel_)),
      kompas_(v1::KompasService::NewStub(channel_)),
      annotations_(v1::AnnotationService::NewStub(channel_)),
      search_(v1::SearchService::NewStub(channel_)),
      audit_(v1::AuditService::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> Api::Context(const std::string& member,
                                                  absl::Duration timeout) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (auto it = tokens_.find(member); it != tokens_.end()) {
    ctx->AddMetadata("authorization", "Bearer " + it->second);
  }
  return ctx;
}

}  // namespace kompas::crash
