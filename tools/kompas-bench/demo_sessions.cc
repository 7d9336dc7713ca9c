#include "demo_sessions.h"

#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"

namespace kompas::bench {

const std::vector<std::string>& Watchers() {
  static const auto* members = new std::vector<std::string>{
      "anna-zaanstad", "bram-enschede", "chris-utrecht", "dewi-westland", "eva-amsterdam"};
  return *members;
}

// Member id -> token, from kompasd's --demo_tokens_file.
std::map<std::string, std::string> ReadTokens(const std::string& path) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> parts = absl::StrSplit(line, '\t');
    if (parts.size() == 3) tokens[parts[0]] = parts[2];
  }
  return tokens;
}

absl::Status FromGrpc(const grpc::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

// A case of the benchmark's own, OPEN, free of personal data.
v1::Case BenchCase(int n) {
  v1::Case c;
  c.set_title(absl::StrCat("Leerling bekend bij het wijkteam? (meting ", n + 1, ")"));
  c.set_situation(
      "Een basisschool in de wijk vraagt of een leerling bekend is bij het wijkteam. De "
      "intern begeleider maakt zich zorgen over het verzuim. De school wil weten of er al "
      "hulp in het gezin is, zodat zij niet dubbel werkt.");
  c.set_question("Mag ik bevestigen dat het gezin bekend is, zonder toestemming van de ouders?");
  c.mutable_framing()->set_task("Jeugdwet: toegang tot jeugdhulp");
  c.mutable_framing()->set_purpose("De school wil weten of er al hulp is.");
  c.add_laws("Jeugdwet");
  c.add_themes("gegevensdeling-school");
  c.set_status(v1::CASE_STATUS_OPEN);
  return c;
}

absl::StatusOr<Setup> SetUpSessions(const std::shared_ptr<grpc::Channel>& channel,
                                    const Members& members, int count) {
  auto cases = v1::CaseService::NewStub(channel);
  auto sessions = v1::SessionService::NewStub(channel);
  const auto deadline = [] { return std::chrono::system_clock::now() + std::chrono::seconds(30); };
  Setup setup;
  for (int i = 0; i < count; ++i) {
    grpc::Status s;
    v1::CreateCaseRequest create_case;
    create_case.set_parent(kCommunity);
    *create_case.mutable_case_() = BenchCase(i);
    v1::Case c;
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(deadline());
      members.Authorize(ctx, kAuthor);
      if (auto e = FromGrpc(cases->CreateCase(&ctx, create_case, &c), "CreateCase"); !e.ok()) {
        return e;
      }
    }
    v1::CreateSessionRequest create_session;
    create_session.set_parent(kCommunity);
    create_session.mutable_session()->set_case_(c.name());
    create_session.mutable_session()->set_method("incident");
    v1::Session session;
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(deadline());
      members.Authorize(ctx, kFacilitator);
      if (auto e = FromGrpc(sessions->CreateSession(&ctx, create_session, &session),
                            "CreateSession");
          !e.ok()) {
        return e;
      }
    }
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(deadline());
      members.Authorize(ctx, kWriter);
      v1::JoinSessionRequest join;
      join.set_name(session.name());
      if (auto e = FromGrpc(sessions->JoinSession(&ctx, join, &session), "JoinSession"); !e.ok()) {
        return e;
      }
    }
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(deadline());
      members.Authorize(ctx, kFacilitator);
      v1::AdvancePhaseRequest next;
      next.set_name(session.name());
      if (auto e = FromGrpc(sessions->AdvancePhase(&ctx, next, &session), "AdvancePhase");
          !e.ok()) {
        return e;
      }
    }
    setup.cases.push_back(c.name());
    setup.sessions.push_back(session.name());
    setup.last_sequence.push_back(session.last_sequence());
  }
  return setup;
}

}  // namespace kompas::bench
