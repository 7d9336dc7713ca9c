// The demo community of a kompasd child (kompasd --seed with the source
// tree's data/demo_community.json) as the benchmarks use it: its members and
// their tokens (kompasd --demo_tokens_file), a case of the benchmarks' own,
// and intervisie sessions whose events watchers follow. Shared by
// `kompas-bench fanout` and `kompas-bench load`.
//
//   const Members members(ReadTokens(dir + "/demo-tokens"));
//   ASSIGN_OR_RETURN(DemoSessions setup, SetUpSessions(channel, members, 4));
//   grpc::ClientContext ctx;
//   members.Authorize(ctx, kWriter);   // then post to setup.cases[i]
#ifndef KOMPAS_BENCH_DEMO_SESSIONS_H_
#define KOMPAS_BENCH_DEMO_SESSIONS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/case.pb.h"

namespace kompas::bench {

inline constexpr char kCommunity[] = "communities/wijkteams";
// Who does what, from data/demo_community.json: the case author, the
// facilitator, the participant who posts, and the members who watch (all
// who may read cases; export-bot may not).
inline constexpr char kAuthor[] = "anna-zaanstad";
inline constexpr char kFacilitator[] = "bram-enschede";
inline constexpr char kWriter[] = "eva-amsterdam";
const std::vector<std::string>& Watchers();

// Member id -> token, from kompasd's --demo_tokens_file.
std::map<std::string, std::string> ReadTokens(const std::string& path);

// A gRPC status as an absl::Status whose message starts with `what`.
absl::Status FromGrpc(const grpc::Status& s, absl::string_view what);

// A case of the benchmark's own, OPEN, free of personal data.
v1::Case BenchCase(int n);

// The demo members' tokens.
class Members {
 public:
  explicit Members(std::map<std::string, std::string> tokens) : tokens_(std::move(tokens)) {}
  absl::StatusOr<std::string> Token(const std::string& member) const {
    auto it = tokens_.find(member);
    if (it == tokens_.end()) return absl::NotFoundError("no demo token for " + member);
    return it->second;
  }
  void Authorize(grpc::ClientContext& ctx, const std::string& member) const {
    auto it = tokens_.find(member);
    if (it != tokens_.end()) ctx.AddMetadata("authorization", "Bearer " + it->second);
  }

 private:
  std::map<std::string, std::string> tokens_;
};

// What SetUpSessions set up on a fresh kompasd: a session per index, on a
// case of its own, with the writer joined and the phase at
// CLARIFYING_QUESTIONS (where participants ask questions).
struct Setup {
  std::vector<std::string> cases;
  std::vector<std::string> sessions;
  std::vector<int64_t> last_sequence;
};
absl::StatusOr<Setup> SetUpSessions(const std::shared_ptr<grpc::Channel>& channel,
                                    const Members& members, int count);

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_DEMO_SESSIONS_H_
