#include "session_commands.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

#include "command_util.h"
#include "format.h"
#include "session_format.h"

namespace kompas::cli {
namespace {

using kompas::v1::Session;
using kompas::v1::SessionService;

// Titles in `session list` are cut here, as in `case list`.
constexpr size_t kTitleColumns = 60;

// `communities/{c}` of a `communities/{c}/...` name the server returned.
std::string CommunityOf(const std::string& name) {
  const size_t second = name.find('/', name.find('/') + 1);
  return name.substr(0, second);
}

// The printers of the one-call session commands (SessionOneCalls).
int PrintShown(Client&, const kompas::v1::GetSessionRequest&, const Session& session) {
  PrintSession(session);
  return kOk;
}

int PrintJoined(Client&, const kompas::v1::JoinSessionRequest&, const Session& session) {
  std::cout << "joined " << session.name() << " (" << session.participants_size()
            << " participants)\n\nphase " << PhaseBlock(session.phase(), "  ");
  return kOk;
}

int PrintClosed(Client& client, const kompas::v1::CloseSessionRequest&, const Session& session) {
  std::cout << "closed " << session.name() << " with " << session.conclusions_size()
            << (session.conclusions_size() == 1 ? " conclusion" : " conclusions");
  // The session does not say what became of the case; the case does. The
  // close already succeeded, so a failed look only leaves the status out.
  kompas::v1::GetCaseRequest get;
  get.set_name(session.case_());
  kompas::v1::Case c;
  grpc::ClientContext get_ctx;
  client.Prepare(&get_ctx);
  if (client.cases().GetCase(&get_ctx, get, &c).ok()) {
    std::cout << "; " << c.name() << " is now " << Word(c.status());
  }
  std::cout << "\n";
  Hint(absl::StrCat("participants evaluate with: kompas session evaluate ", session.name(),
                    " --safety N --clarity N --method-kept N"));
  return kOk;
}

// A write of one text on a session or parked question (park, conclude,
// answer): reads the text (`what` names it when empty), expands NAME as a
// `kind`, lets `fill(name, text, &request)` build the request, and after
// the call shows what the gate stored (`stored(response)`) and
// `print(name, response)`.
template <typename Request, typename Response, typename Fill, typename Stored, typename Print>
[[nodiscard]] int PostText(Client& client, const SessionTextArgs& args, absl::string_view what,
                           NameKind kind,
                           grpc::Status (SessionService::Stub::*rpc)(grpc::ClientContext*,
                                                                     const Request&, Response*),
                           Fill fill, Stored stored, Print print) {
  std::string text;
  if (int rc = ReadTextArg(args.text, what, &text); rc != kOk) return rc;
  std::string name;
  if (int rc = client.Name(kind, args.name, &name); rc != kOk) return rc;
  Request request;
  fill(name, text, &request);
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.sessions(), rpc, request,
      [&](const Response& response) {
        NoteStoredText(client, args.privacy, text, stored(response));
      },
      [&](const Response& response) {
        print(name, response);
        return kOk;
      });
}

}  // namespace

int RunSessionMethods(Client& client) {
  kompas::v1::ListMethodsResponse response;
  if (int rc = Call(client, client.sessions(), &SessionService::Stub::ListMethods,
                    kompas::v1::ListMethodsRequest(), &response);
      rc != kOk) {
    return rc;
  }
  if (client.options().json) return client.PrintJson(response);
  bool first = true;
  for (const kompas::v1::Method& method : response.methods()) {
    if (!first) std::cout << "\n";
    first = false;
    PrintMethod(method);
  }
  return kOk;
}

int RunSessionNew(Client& client, const SessionNewArgs& args) {
  std::string case_name;
  if (int rc = client.Name(NameKind::kCase, args.case_name, &case_name); rc != kOk) return rc;
  kompas::v1::CreateSessionRequest request;
  request.set_parent(CommunityOf(case_name));
  request.mutable_session()->set_case_(case_name);
  request.mutable_session()->set_method(std::string(absl::StripAsciiWhitespace(args.method)));
  request.mutable_session()->set_title(args.title);
  request.set_request_id(NewRequestId());
  ApplyPrivacy(args.privacy, &request);
  Session created;
  if (int rc = Call(client, client.sessions(), &SessionService::Stub::CreateSession, request,
                    &created);
      rc != kOk) {
    return rc;
  }
  if (!args.title.empty()) NoteStoredText(client, args.privacy, args.title, created.title());
  if (client.options().json) return client.PrintJson(created);
  std::cout << "started " << created.name() << " on " << created.case_() << " (method "
            << created.method() << ")\n\nphase " << PhaseBlock(created.phase(), "  ")
            << "\n";
  Hint(absl::StrCat("participants join with: kompas session join ", created.name()));
  Hint(absl::StrCat("follow it live with:    kompas session watch ", created.name()));
  Hint(absl::StrCat("next phase:             kompas session next ", created.name()));
  return kOk;
}

int RunSessionList(Client& client, const SessionListArgs& args) {
  kompas::v1::ListSessionsRequest request;
  if (int rc = ParseOptionalFlag(&ParseWord<v1::SessionState>, "state", args.state, "active or closed",
                                 [&](auto state) { request.set_state(state); });
      rc != kOk) {
    return rc;
  }
  if (!args.case_name.empty()) {
    if (int rc = client.Name(NameKind::kCase, args.case_name, request.mutable_case_()); rc != kOk) {
      return rc;
    }
  }
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;

  return ListAndPrint(
      client, client.sessions(), &SessionService::Stub::ListSessions, request,
      LimitOf(args.all, args.limit),
      [](auto& response) -> auto& { return *response.mutable_sessions(); }, "no sessions found",
      "more sessions: use --limit or --all", [](const kompas::v1::ListSessionsResponse& all) {
        std::vector<std::vector<std::string>> rows;
        for (const Session& s : all.sessions()) {
          rows.push_back({s.name(), Word(s.state()), s.method(), s.phase().id(),
                          FormatTime(s.update_time()), Truncate(s.title(), kTitleColumns)});
        }
        PrintTable({"NAME", "STATE", "METHOD", "PHASE", "UPDATED", "TITLE"}, rows);
      });
}

absl::Span<const OneCall> SessionOneCalls() {
  using S = SessionService::Stub;
  static const OneCall kCalls[] = {
      {"show", "a session: phase and its rules, participants, conclusions, parked questions",
       NameKind::kSession, &CallOn<&Client::sessions, &S::GetSession, &PrintShown>},
      {"join", "take part in a session", NameKind::kSession,
       &CallOn<&Client::sessions, &S::JoinSession, &PrintJoined>},
      {"close", "end a session (its facilitator); the case becomes concluded, or open again",
       NameKind::kSession, &CallOn<&Client::sessions, &S::CloseSession, &PrintClosed>},
  };
  return kCalls;
}

int RunSessionNext(Client& client, const SessionNextArgs& args) {
  kompas::v1::AdvancePhaseRequest request;
  std::string name;
  if (int rc = client.Name(NameKind::kSession, args.name, &name); rc != kOk) return rc;
  request.set_name(name);
  request.set_target_phase(std::string(absl::StripAsciiWhitespace(args.back_to)));
  request.set_current_phase(std::string(absl::StripAsciiWhitespace(args.from)));
  return CallAndShow(client, client.sessions(), &SessionService::Stub::AdvancePhase, request,
                     [&](const Session& session) {
                       std::cout << session.name() << " is now in phase "
                                 << PhaseBlock(session.phase(), "  ");
                       return kOk;
                     });
}

int RunSessionPark(Client& client, const SessionTextArgs& args) {
  return PostText(
      client, args, "question", NameKind::kSession, &SessionService::Stub::ParkQuestion,
      [](const std::string& session, const std::string& text,
         kompas::v1::ParkQuestionRequest* request) {
        request->set_parent(session);
        request->mutable_question()->set_text(text);
        request->set_request_id(NewRequestId());
      },
      [](const kompas::v1::ParkedQuestion& parked) { return parked.text(); },
      [](const std::string&, const kompas::v1::ParkedQuestion& parked) {
        std::cout << "parked " << parked.name() << " for the privacy officers\n";
      });
}

int RunSessionConclude(Client& client, const SessionTextArgs& args) {
  return PostText(
      client, args, "conclusion", NameKind::kSession, &SessionService::Stub::AddConclusion,
      [](const std::string& session, const std::string& text,
         kompas::v1::AddConclusionRequest* request) {
        request->set_parent(session);
        request->mutable_conclusion()->set_text(text);
      },
      [](const kompas::v1::Conclusion& conclusion) { return conclusion.text(); },
      [](const std::string& session, const kompas::v1::Conclusion& conclusion) {
        std::cout << "recorded conclusion " << conclusion.id() << " of " << session << "\n";
      });
}

int RunSessionEvaluate(Client& client, const SessionEvaluateArgs& args) {
  std::string name;
  if (int rc = client.Name(NameKind::kSession, args.name, &name); rc != kOk) return rc;
  kompas::v1::SubmitEvaluationRequest request;
  request.set_parent(name);
  kompas::v1::Evaluation* e = request.mutable_evaluation();
  e->set_safety(args.safety);
  e->set_clarity(args.clarity);
  e->set_method_kept(args.method_kept);
  e->set_remark(std::string(absl::StripTrailingAsciiWhitespace(args.remark)));
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.sessions(), &SessionService::Stub::SubmitEvaluation, request,
      [&](const kompas::v1::SubmitEvaluationResponse& response) {
        std::cout << "thank you; " << response.responses()
                  << (response.responses() == 1 ? " participant has" : " participants have")
                  << " evaluated " << name << " so far\n";
        return kOk;
      });
}

int RunSessionSummary(Client& client, const std::string& arg) {
  // A community is `communities/{c}` (nothing after it); anything else
  // names a session.
  if (!absl::StartsWith(arg, "communities/") && arg.size() != 13) {
    return UsageError(absl::StrCat(
        "not a session or community: '", arg,
        "' (expected communities/{community}/sessions/{id}, a 13-character session id, or "
        "communities/{community} for a whole community)"));
  }
  std::string name;
  absl::string_view rest = arg;
  const bool community = absl::ConsumePrefix(&rest, "communities/") &&
                         !absl::StrContains(absl::StripSuffix(rest, "/"), '/');
  int rc = community ? ParseCommunityName(absl::StripSuffix(arg, "/"), &name)
                     : client.Name(NameKind::kSession, arg, &name);
  if (rc != kOk) return rc;
  kompas::v1::GetEvaluationSummaryRequest request;
  request.set_name(name);
  return CallAndShow(client, client.sessions(), &SessionService::Stub::GetEvaluationSummary,
                     request, [&](const kompas::v1::EvaluationSummary& summary) {
                       PrintEvaluationSummary(summary);
                       return kOk;
                     });
}

int RunSessionAnswer(Client& client, const SessionTextArgs& args) {
  return PostText(
      client, args, "answer", NameKind::kParkedQuestion,
      &SessionService::Stub::AnswerParkedQuestion,
      [](const std::string& parked, const std::string& text,
         kompas::v1::AnswerParkedQuestionRequest* request) {
        request->set_name(parked);
        request->set_answer(text);
      },
      [](const kompas::v1::ParkedQuestion& answered) { return answered.answer(); },
      [](const std::string&, const kompas::v1::ParkedQuestion& answered) {
        std::cout << "answered " << answered.name() << "; the answer shows on "
                  << answered.session() << "\n";
      });
}

int RunParkedList(Client& client, const ParkedListArgs& args) {
  kompas::v1::ListParkedQuestionsRequest request;
  if (int rc = ParseOptionalFlag(&ParseWord<v1::ParkedQuestionState>, "state", args.state, "open or answered",
                                 [&](auto state) { request.set_state(state); });
      rc != kOk) {
    return rc;
  }
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  return ListAndPrint(
      client, client.sessions(), &SessionService::Stub::ListParkedQuestions, request,
      LimitOf(args.all, args.limit),
      [](auto& response) -> auto& { return *response.mutable_parked_questions(); },
      "no parked questions", "\nmore parked questions: use --limit or --all",
      [](const kompas::v1::ListParkedQuestionsResponse& all) {
        bool first = true;
        for (const kompas::v1::ParkedQuestion& q : all.parked_questions()) {
          if (!first) std::cout << "\n";
          first = false;
          PrintParkedQuestion(q, "");
          std::cout << "session " << q.session() << ", case " << q.case_() << "\n";
        }
      });
}

int PrintSessionsOfCase(Client& client, const std::string& case_name) {
  kompas::v1::ListSessionsRequest request;
  request.set_parent(CommunityOf(case_name));
  request.set_case_(case_name);
  kompas::v1::ListSessionsResponse all;
  bool more = false;
  grpc::Status failed;
  int rc = FetchPages(
      client, request, 0,
      [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
        grpc::Status s = client.sessions().ListSessions(ctx, req, page);
        // An older kompasd without sessions: the case alone is the answer.
        if (s.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
          failed = s;
          return grpc::Status::OK;
        }
        return s;
      },
      [](auto& response) -> auto& { return *response.mutable_sessions(); }, &all, &more);
  if (rc != kOk) return rc;
  if (!failed.ok() || all.sessions().empty()) return kOk;

  std::cout << "\nSessions (" << all.sessions_size() << ")\n";
  for (const Session& s : all.sessions()) {
    std::cout << "  " << s.name() << "  (" << Word(s.state()) << ", " << s.method()
              << ", started " << FormatTime(s.create_time()) << ")\n"
              << "    " << (s.state() == kompas::v1::SESSION_STATE_CLOSED ? "ended in " : "now in ")
              << PhaseLabel(s.phase()) << "\n";
    for (const kompas::v1::Conclusion& c : s.conclusions()) {
      PrintItem(absl::StrCat("    conclusion ", c.id(), ": "), c.text());
    }
    for (const kompas::v1::ParkedQuestion& q : s.parked_questions()) {
      std::cout << "    parked question:\n";
      PrintParkedQuestion(q, "      ");
    }
  }
  return kOk;
}

}  // namespace kompas::cli
