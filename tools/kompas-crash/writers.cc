#include "writers.h"

#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace kompas::crash {
namespace {

// The phases of the "incident" method, in order (server/domain/methods.cc).
constexpr const char* kIncidentPhases[] = {"INTAKE",   "CLARIFYING_QUESTIONS", "ANALYSIS",
                                           "ADVICE",   "CONCLUSION",           "EVALUATION"};

// Codes that say the server refused the write and changed nothing. Any other
// failure (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ...) leaves the outcome
// unknown.
bool Refused(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

std::string Member(const char* id) { return absl::StrCat(kCommunity, "/members/", id); }

const char* NextPhase(const std::string& phase) {
  for (size_t i = 0; i + 1 < std::size(kIncidentPhases); ++i) {
    if (phase == kIncidentPhases[i]) return kIncidentPhases[i + 1];
  }
  return "";
}

}  // namespace

Writer::Writer(const Api& api, Client& client, uint64_t seed)
    : api_(api), client_(client), rng_(seed) {}

template <typename Response, typename Call>
Writer::Answer Writer::Send(const char* method, const char* member, Call call,
                            Response* response) {
  std::unique_ptr<grpc::ClientContext> ctx = api_.Context(member);
  const grpc::Status status = call(ctx.get(), response);
  if (status.ok()) {
    ++client_.acknowledged[method];
    return Answer::kAcknowledged;
  }
  if (Refused(status.error_code())) {
    ++client_.refused[absl::StrCat(method, " code ", static_cast<int>(status.error_code()), " ",
                                   status.error_message().substr(0, 120))];
    return Answer::kRefused;
  }
  return Answer::kUnknown;
}

std::string Writer::Marker() {
  // Letters only, ending in "q": no tokenizer splits it and no Dutch suffix
  // rule shortens it.
  std::string word = "kq";
  int64_t client = client_.id, n = client_.next++;
  for (int i = 0; i < 2; ++i, client /= 26) word += static_cast<char>('a' + client % 26);
  for (int i = 0; i < 5; ++i, n /= 26) word += static_cast<char>('a' + n % 26);
  return word + "q";
}

template <typename Fit>
int Writer::Pick(Kind kind, Fit fit) {
  std::vector<size_t> fitting;
  for (size_t i = 0; i < client_.records.size(); ++i) {
    const Record& r = client_.records[i];
    if (r.kind == kind && r.exists && fit(r)) fitting.push_back(i);
  }
  if (fitting.empty()) return -1;
  return static_cast<int>(fitting[std::uniform_int_distribution<size_t>(0, fitting.size() - 1)(rng_)]);
}

size_t Writer::Add(Kind kind, std::string parent, std::string marker) {
  Record r;
  r.kind = kind;
  r.parent = std::move(parent);
  r.marker = std::move(marker);
  client_.records.push_back(std::move(r));
  client_.touched.insert(client_.records.size() - 1);
  return client_.records.size() - 1;
}

bool Writer::Unanswered(Unknown::What what, size_t index, const char* method, State intended) {
  client_.touched.insert(index);
  client_.unknown = Unknown{what, index, method, std::move(intended)};
  return false;
}

bool Writer::Step() {
  std::vector<std::pair<double, std::function<bool()>>> options;
  auto offer = [&](double weight, int index, auto action) {
    if (index >= 0) options.emplace_back(weight, [this, index, action] {
        return (this->*action)(static_cast<size_t>(index));
      });
  };
  options.emplace_back(3, [this] { return CreateCase(); });
  auto work_case = [](const Record& r) { return !r.session_case; };
  offer(3, Pick(Kind::kCase, [&](const Record& r) {
          return work_case(r) && r.status <= v1::CASE_STATUS_OPEN;
        }), &Writer::EditCase);
  offer(2, Pick(Kind::kCase, [&](const Record& r) {
          return work_case(r) && r.status < v1::CASE_STATUS_ARCHIVED;
        }), &Writer::MoveCase);
  offer(1, Pick(Kind::kCase, work_case), &Writer::DeleteCase);
  offer(3, Pick(Kind::kCase, [&](const Record& r) {
          return work_case(r) &&
                 (r.status == v1::CASE_STATUS_OPEN || r.status == v1::CASE_STATUS_CONCLUDED);
        }), &Writer::CreateReflection);
  offer(1, Pick(Kind::kCase, [](const Record& r) { return r.session_case && r.step == 0; }),
        &Writer::CreateSession);
  offer(4, Pick(Kind::kSession, [](const Record& r) { return r.step < 8; }),
        &Writer::SessionStep);
  options.emplace_back(1, [this] { return CreateStandard(); });
  offer(3, Pick(Kind::kStandard, [](const Record& r) { return r.step < 9; }),
        &Writer::StandardStep);
  options.emplace_back(0.3, [this] { return PublishKompas(); });
  offer(1, Pick(Kind::kCase, [](const Record& r) { return r.session_case; }),
        &Writer::CreateAnnotation);
  offer(1, Pick(Kind::kAnnotation, [](const Record&) { return true; }), &Writer::EditAnnotation);
  offer(0.5, Pick(Kind::kAnnotation, [](const Record&) { return true; }),
        &Writer::DeleteAnnotation);

  std::vector<double> weights;
  for (const auto& o : options) weights.push_back(o.first);
  std::discrete_distribution<size_t> choose(weights.begin(), weights.end());
  return options[choose(rng_)].second();
}

// --- Cases and reflections ---------------------------------------------------

bool Writer::CreateCase() {
  const std::string marker = Marker();
  const bool session_case = std::bernoulli_distribution(0.3)(rng_);
  const size_t index = Add(Kind::kCase, kCommunity, marker);
  v1::CreateCaseRequest request;
  request.set_parent(kCommunity);
  request.set_request_id(marker);
  v1::Case& c = *request.mutable_case_();
  c.set_title(absl::StrCat("Casus ", marker, " over gegevensdeling in de wijk"));
  c.set_situation(absl::StrCat("Een partner vraagt het wijkteam om informatie over een gezin; ",
                               marker, " is het kenmerk van deze casus."));
  c.set_question("Mag het wijkteam deze informatie delen?");
  c.set_status(session_case || std::bernoulli_distribution(0.5)(rng_) ? v1::CASE_STATUS_OPEN
                                                                      : v1::CASE_STATUS_DRAFT);
  client_.records[index].resend = [request](const Api& api, std::string* name) {
    v1::Case out;
    const grpc::Status s = api.cases().CreateCase(api.Context(kAuthor).get(), request, &out);
    *name = out.name();
    return s;
  };
  v1::Case created;
  const Answer answer = Send("CreateCase", kAuthor, [&](grpc::ClientContext* ctx, v1::Case* out) {
    return api_.cases().CreateCase(ctx, request, out);
  }, &created);
  Record& r = client_.records[index];
  r.session_case = session_case;
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kCreate, index, "CreateCase", CaseState(c, session_case));
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  r.name = created.name();
  r.exists = true;
  r.state = CaseState(created, session_case);
  r.etag = created.etag();
  r.status = created.status();
  return true;
}

bool Writer::EditCase(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::UpdateCaseRequest request;
  v1::Case& c = *request.mutable_case_();
  c.set_name(r.name);
  c.set_etag(r.etag);
  c.set_title(absl::StrCat("Casus ", r.marker, " herzien (", client_.next++, ")"));
  c.set_situation(absl::StrCat("Het wijkteam heeft de vraag over ", r.marker,
                               " opnieuw bekeken en de doelbinding nagegaan."));
  request.mutable_update_mask()->add_paths("title");
  request.mutable_update_mask()->add_paths("situation");
  v1::Case updated;
  const Answer answer = Send("UpdateCase", kAuthor, [&](grpc::ClientContext* ctx, v1::Case* out) {
    return api_.cases().UpdateCase(ctx, request, out);
  }, &updated);
  if (answer == Answer::kUnknown) {
    c.set_status(static_cast<v1::CaseStatus>(r.status));
    return Unanswered(Unknown::What::kUpdate, index, "UpdateCase", CaseState(c, false));
  }
  if (answer == Answer::kAcknowledged) {
    r.state = CaseState(updated, false);
    r.etag = updated.etag();
  }
  return true;
}

bool Writer::MoveCase(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::CaseStatus next = v1::CASE_STATUS_ARCHIVED;
  if (r.status == v1::CASE_STATUS_DRAFT) next = v1::CASE_STATUS_OPEN;
  if (r.status == v1::CASE_STATUS_OPEN) next = v1::CASE_STATUS_CONCLUDED;
  v1::UpdateCaseRequest request;
  v1::Case& c = *request.mutable_case_();
  c.set_name(r.name);
  c.set_etag(r.etag);
  c.set_status(next);
  request.mutable_update_mask()->add_paths("status");
  v1::Case updated;
  const Answer answer = Send("UpdateCase", kAuthor, [&](grpc::ClientContext* ctx, v1::Case* out) {
    return api_.cases().UpdateCase(ctx, request, out);
  }, &updated);
  if (answer == Answer::kUnknown) {
    // The same text, the next status.
    State intended = r.state;
    intended.content = intended.content.substr(0, intended.content.rfind('\x1f') + 1) +
                       v1::CaseStatus_Name(next);
    return Unanswered(Unknown::What::kUpdate, index, "UpdateCase", std::move(intended));
  }
  if (answer == Answer::kAcknowledged) {
    r.state = CaseState(updated, false);
    r.etag = updated.etag();
    r.status = updated.status();
  }
  return true;
}

bool Writer::DeleteCase(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::DeleteCaseRequest request;
  request.set_name(r.name);
  request.set_etag(r.etag);
  google::protobuf::Empty empty;
  const Answer answer =
      Send("DeleteCase", kAuthor, [&](grpc::ClientContext* ctx, google::protobuf::Empty* out) {
        return api_.cases().DeleteCase(ctx, request, out);
      }, &empty);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kDelete, index, "DeleteCase", {});
  }
  if (answer == Answer::kAcknowledged) {
    r.exists = false;
    for (Record& child : client_.records) {
      if (child.kind == Kind::kReflection && child.parent == r.name) child.exists = false;
    }
  }
  return true;
}

bool Writer::CreateReflection(size_t case_index) {
  const std::string parent = client_.records[case_index].name;
  client_.touched.insert(case_index);
  const std::string marker = Marker();
  const size_t index = Add(Kind::kReflection, parent, marker);
  v1::CreateReflectionRequest request;
  request.set_parent(parent);
  request.set_request_id(marker);
  v1::Reflection& reflection = *request.mutable_reflection();
  reflection.set_kind(std::bernoulli_distribution(0.5)(rng_) ? v1::REFLECTION_KIND_EXPERIENCE
                                                             : v1::REFLECTION_KIND_CONSIDERATION);
  reflection.set_text(absl::StrCat("In mijn praktijk (", marker,
                                   ") vragen we eerst toestemming voordat we iets delen."));
  client_.records[index].resend = [request](const Api& api, std::string* name) {
    v1::Reflection out;
    const grpc::Status s = api.cases().CreateReflection(api.Context(kPeer).get(), request, &out);
    *name = out.name();
    return s;
  };
  v1::Reflection created;
  const Answer answer =
      Send("CreateReflection", kPeer, [&](grpc::ClientContext* ctx, v1::Reflection* out) {
        return api_.cases().CreateReflection(ctx, request, out);
      }, &created);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kCreate, index, "CreateReflection",
                      ReflectionState(reflection));
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = created.name();
  r.exists = true;
  r.state = ReflectionState(created);
  return true;
}

// --- Sessions ----------------------------------------------------------------

bool Writer::CreateSession(size_t case_index) {
  const std::string case_name = client_.records[case_index].name;
  client_.touched.insert(case_index);
  const std::string marker = Marker();
  const size_t index = Add(Kind::kSession, case_name, marker);
  v1::CreateSessionRequest request;
  request.set_parent(kCommunity);
  request.set_request_id(marker);
  request.mutable_session()->set_case_(case_name);
  request.mutable_session()->set_method("incident");
  request.mutable_session()->set_title(absl::StrCat("Intervisie ", marker));
  client_.records[index].resend = [request](const Api& api, std::string* name) {
    v1::Session out;
    const grpc::Status s = api.sessions().CreateSession(api.Context(kFacilitator).get(), request, &out);
    *name = out.name();
    return s;
  };
  v1::Session created;
  const Answer answer =
      Send("CreateSession", kFacilitator, [&](grpc::ClientContext* ctx, v1::Session* out) {
        return api_.sessions().CreateSession(ctx, request, out);
      }, &created);
  // One session per case, whatever the answer.
  client_.records[case_index].step = 1;
  if (answer == Answer::kUnknown) {
    // Its phase and members are the server's: found by its title, any content.
    return Unanswered(Unknown::What::kCreate, index, "CreateSession", {});
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = created.name();
  r.exists = true;
  r.session = created;
  r.state = SessionState(created);
  return true;
}

bool Writer::SessionStep(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::Session intended = r.session;
  v1::Session answered;
  Answer answer = Answer::kRefused;
  const char* method = "";
  bool returns_session = true;
  if (r.step == 0) {
    method = "JoinSession";
    intended.add_participants(Member(kPeer));
    v1::JoinSessionRequest request;
    request.set_name(r.name);
    answer = Send(method, kPeer, [&](grpc::ClientContext* ctx, v1::Session* out) {
      return api_.sessions().JoinSession(ctx, request, out);
    }, &answered);
  } else if (r.step == 1) {
    method = "ParkQuestion";
    returns_session = false;
    const std::string text =
        absl::StrCat("Wat zegt de AVG over bewaartermijnen bij ", Marker(), "?");
    intended.add_parked_questions()->set_text(text);
    v1::ParkQuestionRequest request;
    request.set_parent(r.name);
    request.set_request_id(absl::StrCat("park-", r.marker));
    request.mutable_question()->set_text(text);
    v1::ParkedQuestion parked;
    answer = Send(method, kPeer, [&](grpc::ClientContext* ctx, v1::ParkedQuestion* out) {
      return api_.sessions().ParkQuestion(ctx, request, out);
    }, &parked);
  } else if (r.step <= 5) {
    method = "AdvancePhase";
    intended.mutable_phase()->set_id(NextPhase(r.session.phase().id()));
    v1::AdvancePhaseRequest request;
    request.set_name(r.name);
    request.set_current_phase(r.session.phase().id());
    answer = Send(method, kFacilitator, [&](grpc::ClientContext* ctx, v1::Session* out) {
      return api_.sessions().AdvancePhase(ctx, request, out);
    }, &answered);
  } else if (r.step == 6) {
    method = "AddConclusion";
    returns_session = false;
    const std::string text =
        absl::StrCat("We delen alleen wat nodig is voor het doel (", Marker(), ").");
    intended.add_conclusions()->set_text(text);
    v1::AddConclusionRequest request;
    request.set_parent(r.name);
    request.mutable_conclusion()->set_text(text);
    v1::Conclusion conclusion;
    answer = Send(method, kFacilitator, [&](grpc::ClientContext* ctx, v1::Conclusion* out) {
      return api_.sessions().AddConclusion(ctx, request, out);
    }, &conclusion);
  } else {
    method = "CloseSession";
    intended.set_state(v1::SESSION_STATE_CLOSED);
    v1::CloseSessionRequest request;
    request.set_name(r.name);
    answer = Send(method, kFacilitator, [&](grpc::ClientContext* ctx, v1::Session* out) {
      return api_.sessions().CloseSession(ctx, request, out);
    }, &answered);
  }
  if (answer == Answer::kUnknown) {
    // A close may also move the phase: its content is known only in part.
    return Unanswered(Unknown::What::kUpdate, index, method,
                      r.step == 7 ? State{} : SessionState(intended));
  }
  if (answer == Answer::kAcknowledged) {
    r.session = returns_session ? answered : intended;
    r.state = SessionState(r.session);
    ++r.step;
  } else {
    r.step = 8;  // refused: the script cannot go on with this session
  }
  return true;
}

// --- Standards, positions and the kompas -------------------------------------

bool Writer::CreateStandard() {
  const std::string marker = Marker();
  const size_t index = Add(Kind::kStandard, kCommunity, marker);
  v1::CreateStandardRequest request;
  request.set_parent(kCommunity);
  request.set_request_id(marker);
  v1::StandardContent& content = *request.mutable_standard()->mutable_content();
  content.set_title(absl::StrCat("Vuistregel ", marker));
  content.set_kind(v1::STANDARD_KIND_RULE_OF_THUMB);
  content.set_modality(v1::MODALITY_SHOULD);
  content.set_statement("Deel alleen de gegevens die nodig zijn voor het doel.");
  content.add_laws("AVG");
  client_.records[index].resend = [request](const Api& api, std::string* name) {
    v1::Standard out;
    const grpc::Status s = api.standards().CreateStandard(api.Context(kSteward).get(), request, &out);
    *name = out.name();
    return s;
  };
  v1::Standard created;
  const Answer answer =
      Send("CreateStandard", kSteward, [&](grpc::ClientContext* ctx, v1::Standard* out) {
        return api_.standards().CreateStandard(ctx, request, out);
      }, &created);
  if (answer == Answer::kUnknown) {
    v1::Standard intended = request.standard();
    intended.set_status(v1::STANDARD_STATUS_DRAFT);
    intended.set_revision(1);
    return Unanswered(Unknown::What::kCreate, index, "CreateStandard", StandardState(intended));
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = created.name();
  r.exists = true;
  r.standard = created;
  r.state = StandardState(created);
  return true;
}

bool Writer::StandardStep(size_t index) {
  Record& r = client_.records[index];
  if (r.step == 6) {
    // An erratum on the adopted standard: a record of its own.
    client_.touched.insert(index);
    const std::string marker = Marker();
    const std::string standard = r.name;
    ++r.step;
    const size_t erratum = Add(Kind::kErratum, standard, marker);
    v1::ReportErratumRequest request;
    request.set_parent(standard);
    request.mutable_erratum()->set_description(
        absl::StrCat("In de toelichting staat een verschrijving (", marker, ")."));
    v1::Erratum reported;
    const Answer answer =
        Send("ReportErratum", kAuthor, [&](grpc::ClientContext* ctx, v1::Erratum* out) {
          return api_.standards().ReportErratum(ctx, request, out);
        }, &reported);
    if (answer == Answer::kUnknown) {
      v1::Erratum intended = request.erratum();
      intended.set_state(v1::ERRATUM_STATE_REPORTED);
      return Unanswered(Unknown::What::kCreate, erratum, "ReportErratum", ErratumState(intended));
    }
    if (answer == Answer::kRefused) {
      client_.records.pop_back();
      client_.touched.erase(erratum);
      return true;
    }
    Record& e = client_.records[erratum];
    e.name = reported.name();
    e.exists = true;
    e.state = ErratumState(reported);
    return true;
  }
  if (r.step == 7 || r.step == 8) {
    const bool steward = r.step == 7;
    ++r.step;
    return SetPosition(index, steward ? kSteward : kOfficer, steward ? "GM1783" : "GM0344");
  }
  client_.touched.insert(index);
  v1::Standard intended = r.standard;
  v1::Standard answered;
  Answer answer = Answer::kRefused;
  const char* method = "";
  auto call = [&](const char* m, const char* member, auto rpc) {
    method = m;
    answer = Send(m, member, rpc, &answered);
  };
  if (r.step == 0) {
    v1::UpdateStandardRequest request;
    *request.mutable_standard() = r.standard;
    const std::string statement = absl::StrCat(
        "Deel alleen de gegevens die nodig zijn voor het doel, en leg vast waarom (",
        client_.next++, ").");
    request.mutable_standard()->mutable_content()->set_statement(statement);
    request.mutable_update_mask()->add_paths("content.statement");
    request.set_change_note("Verduidelijkt");
    intended.mutable_content()->set_statement(statement);
    intended.set_revision(r.standard.revision() + 1);
    call("UpdateStandard", kSteward, [&](grpc::ClientContext* ctx, v1::Standard* out) {
      return api_.standards().UpdateStandard(ctx, request, out);
    });
  } else if (r.step == 1) {
    v1::ProposeStandardRequest request;
    request.set_name(r.name);
    intended.set_status(v1::STANDARD_STATUS_PROPOSED);
    call("ProposeStandard", kSteward, [&](grpc::ClientContext* ctx, v1::Standard* out) {
      return api_.standards().ProposeStandard(ctx, request, out);
    });
  } else if (r.step <= 4) {
    const char* endorser = r.step == 2 ? kAuthor : r.step == 3 ? kPeer : kFacilitator;
    v1::EndorseStandardRequest request;
    request.set_name(r.name);
    intended.add_endorsements(Member(endorser));
    call("EndorseStandard", endorser, [&](grpc::ClientContext* ctx, v1::Standard* out) {
      return api_.standards().EndorseStandard(ctx, request, out);
    });
  } else {
    v1::AdoptStandardRequest request;
    request.set_name(r.name);
    intended.set_status(v1::STANDARD_STATUS_ADOPTED);
    call("AdoptStandard", kSteward, [&](grpc::ClientContext* ctx, v1::Standard* out) {
      return api_.standards().AdoptStandard(ctx, request, out);
    });
  }
  if (answer == Answer::kUnknown) {
    State state = StandardState(intended);
    return Unanswered(Unknown::What::kUpdate, index, method, std::move(state));
  }
  if (answer == Answer::kAcknowledged) {
    r.standard = answered;
    r.state = StandardState(answered);
    ++r.step;
  } else {
    r.step = 9;  // refused: the script cannot go on with this standard
  }
  return true;
}

bool Writer::SetPosition(size_t standard_index, const char* member, const char* municipality) {
  const std::string standard = client_.records[standard_index].name;
  client_.touched.insert(standard_index);
  const std::string marker = Marker();
  const size_t index = Add(Kind::kPosition, standard, marker);
  v1::SetPositionRequest request;
  v1::Position& position = *request.mutable_position();
  position.set_name(absl::StrCat(standard, "/positions/", municipality));
  position.set_stance(v1::STANCE_FOLLOWS);
  position.set_explanation(absl::StrCat("Wij volgen deze vuistregel (", marker, ")."));
  position.mutable_review_on()->set_year(2027);
  position.mutable_review_on()->set_month(6);
  position.mutable_review_on()->set_day(1);
  v1::Position set;
  const Answer answer = Send("SetPosition", member, [&](grpc::ClientContext* ctx, v1::Position* out) {
    return api_.standards().SetPosition(ctx, request, out);
  }, &set);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kCreate, index, "SetPosition", PositionState(position));
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = set.name();
  r.exists = true;
  r.state = PositionState(set);
  return true;
}

bool Writer::PublishKompas() {
  const std::string marker = Marker();
  const size_t index = Add(Kind::kKompas, kCommunity, marker);
  v1::PublishKompasRequest request;
  request.set_parent(kCommunity);
  request.set_release_notes(absl::StrCat("Nieuwe vuistregels opgenomen (", marker, ")."));
  v1::Kompas published;
  const Answer answer =
      Send("PublishKompas", kSteward, [&](grpc::ClientContext* ctx, v1::Kompas* out) {
        return api_.kompas().PublishKompas(ctx, request, out);
      }, &published);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kCreate, index, "PublishKompas",
                      {request.release_notes(), ""});
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = published.name();
  r.exists = true;
  r.state = KompasState(published);
  return true;
}

// --- Annotations -------------------------------------------------------------

bool Writer::CreateAnnotation(size_t case_index) {
  const Record& target = client_.records[case_index];
  client_.touched.insert(case_index);
  const std::string marker = Marker();
  const std::string target_name = target.name, quote = target.marker;
  const size_t index = Add(Kind::kAnnotation, target_name, marker);
  v1::CreateAnnotationRequest request;
  request.set_parent(kCommunity);
  v1::Annotation& a = *request.mutable_annotation();
  a.set_target(target_name);
  a.set_field("situation");
  a.mutable_quote()->set_exact(quote);
  a.set_body(absl::StrCat("Hier speelt doelbinding een rol (", marker, ")."));
  v1::Annotation created;
  const Answer answer =
      Send("CreateAnnotation", kPeer, [&](grpc::ClientContext* ctx, v1::Annotation* out) {
        return api_.annotations().CreateAnnotation(ctx, request, out);
      }, &created);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kCreate, index, "CreateAnnotation", AnnotationState(a));
  }
  if (answer == Answer::kRefused) {
    client_.records.pop_back();
    client_.touched.erase(index);
    return true;
  }
  Record& r = client_.records[index];
  r.name = created.name();
  r.exists = true;
  r.etag = created.etag();
  r.state = AnnotationState(created);
  return true;
}

bool Writer::EditAnnotation(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::UpdateAnnotationRequest request;
  v1::Annotation& a = *request.mutable_annotation();
  a.set_name(r.name);
  a.set_etag(r.etag);
  a.set_body(absl::StrCat("Hier speelt doelbinding een rol (", r.marker, "), zie ook de AVG (",
                          client_.next++, ")."));
  request.mutable_update_mask()->add_paths("body");
  v1::Annotation updated;
  const Answer answer =
      Send("UpdateAnnotation", kPeer, [&](grpc::ClientContext* ctx, v1::Annotation* out) {
        return api_.annotations().UpdateAnnotation(ctx, request, out);
      }, &updated);
  if (answer == Answer::kUnknown) {
    // The same target and quote, the new body.
    State intended = r.state;
    intended.content = intended.content.substr(0, intended.content.rfind('\x1f') + 1) + a.body();
    return Unanswered(Unknown::What::kUpdate, index, "UpdateAnnotation", std::move(intended));
  }
  if (answer == Answer::kAcknowledged) {
    r.etag = updated.etag();
    r.state = AnnotationState(updated);
  }
  return true;
}

bool Writer::DeleteAnnotation(size_t index) {
  Record& r = client_.records[index];
  client_.touched.insert(index);
  v1::DeleteAnnotationRequest request;
  request.set_name(r.name);
  request.set_etag(r.etag);
  google::protobuf::Empty empty;
  const Answer answer = Send("DeleteAnnotation", kPeer,
                             [&](grpc::ClientContext* ctx, google::protobuf::Empty* out) {
                               return api_.annotations().DeleteAnnotation(ctx, request, out);
                             }, &empty);
  if (answer == Answer::kUnknown) {
    return Unanswered(Unknown::What::kDelete, index, "DeleteAnnotation", {});
  }
  if (answer == Answer::kAcknowledged) r.exists = false;
  return true;
}

}  // namespace kompas::crash
