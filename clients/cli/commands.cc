#include "commands.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/strip.h>
#include <google/protobuf/empty.pb.h>

#include "command_util.h"
#include "findings.h"
#include "format.h"
#include "prompts.h"
#include "session_commands.h"

namespace kompas::cli {
namespace {

using kompas::v1::Case;

// `reflections` without --all shows this many, enough for a session's worth.
constexpr size_t kDefaultReflections = 50;

// Titles in `case list` are cut here so a row fits a normal terminal next to
// a full case name.
constexpr size_t kTitleColumns = 60;

// GetCase; the caller prints nothing on failure, this already did.
[[nodiscard]] int GetCase(Client& client, const std::string& name, Case* c) {
  kompas::v1::GetCaseRequest request;
  request.set_name(name);
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().GetCase(&ctx, request, c); !s.ok()) return client.Fail(s);
  return kOk;
}

// Every line after the first indented by `spaces`, to nest one JSON document
// in another.
std::string Nest(absl::string_view json, int spaces) {
  std::string indented(absl::StripTrailingAsciiWhitespace(json));
  return absl::StrReplaceAll(indented, {{"\n", absl::StrCat("\n", std::string(spaces, ' '))}});
}

// Offset of the first byte that is not part of valid UTF-8 (no overlong
// forms, surrogates or code points above U+10FFFF), or npos.
size_t InvalidUtf8At(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + n >= text.size()) return i;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char b = static_cast<unsigned char>(text[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return i;
    }
    i += n + 1;
  }
  return absl::string_view::npos;
}

// `case show`: the case, then the sessions about it.
int PrintShownCase(Client& client, const kompas::v1::GetCaseRequest& request, const Case& c) {
  PrintCase(c);
  return PrintSessionsOfCase(client, request.name());
}

}  // namespace

int RunCommunityList(Client& client) {
  return ListAndPrint(
      client, client.communities(), &kompas::v1::CommunityService::Stub::ListCommunities,
      kompas::v1::ListCommunitiesRequest(), 0,
      [](auto& response) -> auto& { return *response.mutable_communities(); },
      "no communities yet", "", [](const kompas::v1::ListCommunitiesResponse& all) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : all.communities()) {
          rows.push_back({c.name(), c.display_name(), absl::StrCat(c.municipalities_size())});
        }
        PrintTable({"NAME", "DISPLAY NAME", "MUNICIPALITIES"}, rows);
      });
}

int RunCommunityShow(Client& client, const std::string& id) {
  std::string name;
  int rc = id.empty() ? client.CommunityName(&name) : ParseCommunityName(id, &name);
  if (rc != kOk) return rc;

  kompas::v1::Community community;
  {
    kompas::v1::GetCommunityRequest request;
    request.set_name(name);
    grpc::ClientContext ctx;
    client.Prepare(&ctx);
    grpc::Status s = client.communities().GetCommunity(&ctx, request, &community);
    if (!s.ok()) return client.Fail(s);
  }

  kompas::v1::ListMembersRequest request;
  request.set_parent(name);
  kompas::v1::ListMembersResponse members;
  bool more = false;
  rc = FetchPages(
      client, request, 0,
      [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
        return client.communities().ListMembers(ctx, req, page);
      },
      [](auto& response) -> auto& { return *response.mutable_members(); }, &members, &more);
  if (rc != kOk) return rc;

  if (client.options().json) {
    // One document per command: the community and all its members.
    std::vector<std::string> nested;
    for (const auto& m : members.members()) nested.push_back(Nest(ToJson(m), 2));
    std::cout << "{\n \"community\": " << Nest(ToJson(community), 1) << ",\n \"members\": [";
    if (!nested.empty()) std::cout << "\n  " << absl::StrJoin(nested, ",\n  ") << "\n ";
    std::cout << "]\n}\n";
    return kOk;
  }
  PrintCommunity(community, {members.members().begin(), members.members().end()});
  return kOk;
}

int RunMunicipalities(Client& client) {
  kompas::v1::ListMunicipalitiesResponse all;
  if (int rc = FetchMunicipalities(client, &all); rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(all);
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : all.municipalities()) {
    std::string code = m.cbs_code();
    if (code.empty()) code = std::string(absl::StripPrefix(m.name(), "municipalities/"));
    rows.push_back({code, m.display_name()});
  }
  PrintTable({"CODE", "NAME"}, rows);
  return kOk;
}

int RunCaseNew(Client& client, const CaseNewArgs& args) {
  const bool interactive = args.file.empty();
  if (interactive && !StdinIsTerminal()) {
    return UsageError(
        "no case given: pass --file FILE with the case as JSON (--file - reads stdin), "
        "or run in a terminal to be asked step by step");
  }
  // Check what is local first (the file), and resolve the community before
  // anyone types a whole case.
  Case c;
  if (!interactive) {
    if (int rc = ReadJsonFile(args.file, "case", &c); rc != kOk) return rc;
  }
  std::string parent;
  if (int rc = client.CommunityName(&parent); rc != kOk) return rc;
  if (interactive) {
    // Each answer is checked as it is entered, with the mode this write
    // will use: REJECT asks again for what it would refuse; REDACT only for
    // warnings it may not replace (none: it replaces them unless accepted).
    const bool redact = args.privacy.redact;
    const bool accept = args.privacy.accept_warnings;
    FieldCheck check = [&client, &parent, redact, accept](const std::string& text) -> std::optional<std::string> {
      if (redact) return std::nullopt;
      kompas::v1::CheckTextRequest req;
      req.set_text(text);
      req.set_community(parent);
      kompas::v1::CheckTextResponse resp;
      grpc::ClientContext ctx;
      client.Prepare(&ctx);
      // Unreachable for a moment: the write itself still checks everything.
      if (!client.privacy().CheckText(&ctx, req, &resp).ok()) return std::nullopt;
      bool refused = false, blocked = false;
      for (const auto& f : resp.findings()) {
        blocked = blocked || f.severity() == kompas::v1::PII_SEVERITY_BLOCK;
        refused = refused || blocked || !accept;
      }
      if (!refused) return std::nullopt;
      std::string marked = MarkFindings(text, resp.findings(), UseColor(STDERR_FILENO));
      if (!blocked) {
        // Only warnings (a named school or practice): the writer may keep
        // them, but only by starting again with the flag that says so.
        marked += "\n  (Een genoemde instelling mag blijven met kompas case new --accept-warnings; "
                  "met --redact wordt ze vervangen.)";
      }
      return marked;
    };
    if (int rc = PromptCase(&c, check); rc != kOk) return rc;
  }
  if (args.open) c.set_status(kompas::v1::CASE_STATUS_OPEN);

  kompas::v1::CreateCaseRequest request;
  request.set_parent(parent);
  *request.mutable_case_() = c;
  request.set_request_id(NewRequestId());
  ApplyPrivacy(args.privacy, &request);
  Case created;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().CreateCase(&ctx, request, &created); !s.ok()) {
    int rc = client.Fail(s, &request);
    if (interactive) {
      // Give the typed text back on the terminal, never in a file: text the
      // server refused may hold personal data that must not land on disk.
      std::cerr << "nothing was stored. Your text, to copy, correct and send with "
                   "kompas case new --file -:\n";
      std::cout << ToJson(c) << "\n";
    }
    return rc;
  }

  NoteAnonymization(client, args.privacy, created.anonymization(), nullptr);
  if (client.options().json) return client.PrintJson(created);
  std::cout << "created " << created.name() << " (" << Word(created.status()) << ")\n";
  if (created.status() == kompas::v1::CASE_STATUS_DRAFT) {
    std::cout << "share it with: kompas case status " << created.name() << " open\n";
  }
  return kOk;
}

int RunCaseList(Client& client, const CaseListArgs& args) {
  kompas::v1::ListCasesRequest request;
  if (int rc = ApplyCaseFilters(args, &request); rc != kOk) return rc;
  std::string parent;
  if (int rc = client.CommunityName(&parent); rc != kOk) return rc;
  request.set_parent(parent);

  return ListAndPrint(
      client, client.cases(), &kompas::v1::CaseService::Stub::ListCases, request,
      LimitOf(args.all, args.limit),
      [](auto& response) -> auto& { return *response.mutable_cases(); }, "no cases found",
      "more cases: use --limit or --all",
      [](const kompas::v1::ListCasesResponse& all) {
        std::vector<std::vector<std::string>> rows;
        for (const Case& c : all.cases()) {
          rows.push_back({c.name(), Word(c.status()), absl::StrCat(c.reflection_count()),
                          FormatTime(c.update_time()), Truncate(c.title(), kTitleColumns)});
        }
        PrintTable({"NAME", "STATUS", "REFLECTIONS", "UPDATED", "TITLE"}, rows);
      });
}

absl::Span<const OneCall> CaseOneCalls() {
  static const OneCall kCalls[] = {
      {"show", "read one case", NameKind::kCase,
       &CallOn<&Client::cases, &kompas::v1::CaseService::Stub::GetCase, &PrintShownCase>},
  };
  return kCalls;
}

int RunCaseUpdate(Client& client, const CaseUpdateArgs& args) {
  kompas::v1::UpdateCaseRequest request;
  Case* c = request.mutable_case_();
  kompas::v1::Framing* f = c->mutable_framing();
  google::protobuf::FieldMask* mask = request.mutable_update_mask();

  // Mask paths in the order of the proto, one per given flag.
  const std::pair<const Edit*, std::pair<const char*, std::string*>> texts[] = {
      {&args.title, {"title", c->mutable_title()}},
      {&args.situation, {"situation", c->mutable_situation()}},
      {&args.question, {"question", c->mutable_question()}},
      {&args.task, {"framing.task", f->mutable_task()}},
      {&args.purpose, {"framing.purpose", f->mutable_purpose()}},
      {&args.necessary_data, {"framing.necessary_data", f->mutable_necessary_data()}},
      {&args.legal_basis,
       {"framing.legal_basis_and_proportionality", f->mutable_legal_basis_and_proportionality()}},
      {&args.decision, {"decision", c->mutable_decision()}},
      {&args.outcome, {"outcome", c->mutable_outcome()}},
  };
  for (const auto& [edit, target] : texts) {
    if (!edit->given) continue;
    *target.second = edit->value;
    mask->add_paths(target.first);
  }
  const std::pair<const ListEdit*,
                  std::pair<const char*, google::protobuf::RepeatedPtrField<std::string>*>>
      lists[] = {
          {&args.options, {"options", c->mutable_options()}},
          {&args.laws, {"laws", c->mutable_laws()}},
          {&args.themes, {"themes", c->mutable_themes()}},
      };
  for (const auto& [edit, target] : lists) {
    if (!edit->given) continue;
    for (const std::string& value : edit->values) {
      if (!absl::StripAsciiWhitespace(value).empty()) target.second->Add(std::string(value));
    }
    mask->add_paths(target.first);
  }
  if (args.visibility.given) {
    if (int rc = ParseFlag(&ParseWord<v1::Visibility>, "visibility", args.visibility.value,
                           "community or shared",
                           [&](auto visibility) { c->set_visibility(visibility); });
        rc != kOk) {
      return rc;
    }
    mask->add_paths("visibility");
  }
  if (mask->paths().empty()) {
    return UsageError(
        "nothing to update: pass at least one of --title, --situation, --question, --task, "
        "--purpose, --necessary-data, --legal-basis, --decision, --outcome, --option, --law, "
        "--theme, --visibility");
  }

  std::string name;
  if (int rc = client.Name(NameKind::kCase, args.name, &name); rc != kOk) return rc;
  c->set_name(name);
  ApplyPrivacy(args.privacy, &request);
  std::optional<Case> current;
  if (!args.etag.empty()) {
    c->set_etag(args.etag);
    // The note after a --redact/--accept-warnings write needs the counts
    // before it (they add up over a case's writes); read them, and use them
    // only if they belong to the etag this write is for.
    if (args.privacy.redact || args.privacy.accept_warnings) {
      current.emplace();
      if (int rc = GetCase(client, name, &*current); rc != kOk) return rc;
      if (current->etag() != args.etag) current.reset();
    }
  } else {
    // Send the etag we read, so an edit made by someone else in between is
    // reported (ABORTED) instead of silently overwritten.
    current.emplace();
    if (int rc = GetCase(client, name, &*current); rc != kOk) return rc;
    c->set_etag(current->etag());
  }

  Case updated;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().UpdateCase(&ctx, request, &updated); !s.ok()) {
    return client.Fail(s, &request);
  }
  // The case's counts add up over its writes; this write's share is the
  // difference, when the case was read first.
  NoteAnonymization(client, args.privacy, updated.anonymization(),
                    current ? &current->anonymization() : nullptr);
  if (client.options().json) return client.PrintJson(updated);
  std::cout << "updated " << updated.name() << " (etag " << updated.etag() << ")\n";
  return kOk;
}

int RunCaseStatus(Client& client, const CaseStatusArgs& args) {
  kompas::v1::CaseStatus status = kompas::v1::CASE_STATUS_UNSPECIFIED;
  if (int rc = ParseFlag(&ParseWord<v1::CaseStatus>, "status", args.status, kCaseStatuses,
                         [&](auto parsed) { status = parsed; });
      rc != kOk) {
    return rc;
  }
  std::string name;
  if (int rc = client.Name(NameKind::kCase, args.name, &name); rc != kOk) return rc;
  Case current;
  if (int rc = GetCase(client, name, &current); rc != kOk) return rc;

  kompas::v1::UpdateCaseRequest request;
  request.mutable_case_()->set_name(name);
  request.mutable_case_()->set_status(status);
  request.mutable_case_()->set_etag(current.etag());
  request.mutable_update_mask()->add_paths("status");
  ApplyPrivacy(args.privacy, &request);
  Case updated;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().UpdateCase(&ctx, request, &updated); !s.ok()) {
    return client.Fail(s, &request);
  }
  NoteAnonymization(client, args.privacy, updated.anonymization(), &current.anonymization());
  if (client.options().json) return client.PrintJson(updated);
  std::cout << updated.name() << " is now " << Word(updated.status()) << " (etag "
            << updated.etag() << ")\n";
  return kOk;
}

int RunCaseDelete(Client& client, const std::string& arg, bool yes) {
  std::string name;
  if (int rc = client.Name(NameKind::kCase, arg, &name); rc != kOk) return rc;
  Case current;
  if (int rc = GetCase(client, name, &current); rc != kOk) return rc;
  // A deleted case takes its reflections with it and cannot come back; a
  // person at a terminal gets one chance to stop. Scripts are not asked.
  if (!yes && StdinIsTerminal() &&
      !Confirm(absl::StrCat("Delete \"", Truncate(current.title(), kTitleColumns), "\" (", name,
                            ") and all its reflections? This cannot be undone."),
               /*default_yes=*/false)) {
    return Failure("not deleted");
  }

  kompas::v1::DeleteCaseRequest request;
  request.set_name(name);
  request.set_etag(current.etag());
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().DeleteCase(&ctx, request, &empty); !s.ok()) {
    return client.Fail(s);
  }
  if (client.options().json) return client.PrintJson(empty);
  std::cout << "deleted " << name << "\n";
  return kOk;
}

int RunReflect(Client& client, const ReflectArgs& args) {
  kompas::v1::ReflectionKind kind = kompas::v1::REFLECTION_KIND_UNSPECIFIED;
  if (int rc = ParseFlag(&ParseWord<v1::ReflectionKind>, "kind", args.kind,
                         "question, experience, consideration, advice or concern",
                         [&](auto parsed) { kind = parsed; });
      rc != kOk) {
    return rc;
  }
  std::string text;
  if (int rc = ReadTextArg(args.text, "reflection text", &text); rc != kOk) return rc;

  std::string parent;
  if (int rc = client.Name(NameKind::kCase, args.name, &parent); rc != kOk) return rc;
  kompas::v1::CreateReflectionRequest request;
  request.set_parent(parent);
  request.mutable_reflection()->set_kind(kind);
  request.mutable_reflection()->set_text(text);
  request.set_request_id(NewRequestId());
  ApplyPrivacy(args.privacy, &request);
  kompas::v1::Reflection created;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.cases().CreateReflection(&ctx, request, &created); !s.ok()) {
    return client.Fail(s, &request);
  }
  NoteAnonymization(client, args.privacy, created.anonymization(), nullptr);
  if (client.options().json) return client.PrintJson(created);
  std::cout << created.name() << "\n";
  return kOk;
}

int RunReflections(Client& client, const std::string& arg, bool all) {
  std::string parent;
  if (int rc = client.Name(NameKind::kCase, arg, &parent); rc != kOk) return rc;
  kompas::v1::ListReflectionsRequest request;
  request.set_parent(parent);
  return ListAndPrint(
      client, client.cases(), &kompas::v1::CaseService::Stub::ListReflections, request,
      all ? 0 : kDefaultReflections,
      [](auto& r) -> auto& { return *r.mutable_reflections(); }, "no reflections yet",
      "\nmore reflections: use --all", [](const kompas::v1::ListReflectionsResponse& response) {
        bool first = true;
        for (const auto& reflection : response.reflections()) {
          if (!first) std::cout << "\n";
          first = false;
          PrintReflection(reflection);
        }
      });
}

int RunCheck(Client& client, const CheckArgs& args) {
  std::string text;
  if (int rc = ReadInput(args.file, &text); rc != kOk) return rc;
  const std::string shown = args.file == "-" ? "<stdin>" : args.file;
  if (absl::StripAsciiWhitespace(text).empty()) {
    return UsageError(absl::StrCat(shown, " is empty: nothing to check"));
  }
  if (size_t bad = InvalidUtf8At(text); bad != absl::string_view::npos) {
    return UsageError(absl::StrCat(shown, " is not UTF-8 text (invalid byte at offset ", bad,
                                   "); convert it first, e.g. with iconv -f latin1 -t utf-8"));
  }
  kompas::v1::CheckTextRequest request;
  request.set_text(text);
  // The community's allow-list applies when the user named one; without
  // --community the gate's defaults do, and no extra call is made.
  if (!client.options().community.empty()) {
    std::string community;
    if (int rc = ParseCommunityName(client.options().community, &community); rc != kOk) return rc;
    request.set_community(community);
  }
  kompas::v1::CheckTextResponse response;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = client.privacy().CheckText(&ctx, request, &response); !s.ok()) {
    return client.Fail(s);
  }
  // Like a linter: anything found, BLOCK or WARN, is exit code 1.
  const int rc = response.findings().empty() ? kOk : kServerError;
  if (client.options().json) {
    (void)client.PrintJson(response);
    return rc;
  }
  if (response.findings().empty()) {
    std::cout << "no personal data found\n";
    return kOk;
  }

  auto ended = [](std::string s) {
    if (s.empty() || s.back() != '\n') s += '\n';
    return s;
  };
  std::cout << ended(MarkFindings(text, response.findings(), UseColor(STDOUT_FILENO))) << "\n";
  int blocks = 0;
  int warns = 0;
  for (const auto& f : response.findings()) {
    (f.severity() == kompas::v1::PII_SEVERITY_WARN ? warns : blocks) += 1;
  }
  std::vector<std::string> counts;
  if (blocks > 0) counts.push_back(absl::StrCat(blocks, " BLOCK"));
  if (warns > 0) counts.push_back(absl::StrCat(warns, " WARN"));
  std::cout << response.findings_size()
            << (response.findings_size() == 1 ? " finding" : " findings") << " ("
            << absl::StrJoin(counts, ", ") << ")";
  if (!response.gate_version().empty()) std::cout << ", gate " << response.gate_version();
  std::cout << ":\n";
  const absl::string_view view = text;
  std::cout << FindingList(response.findings(), &view) << "\n";
  std::cout << "what would be stored with --redact:\n" << ended(response.redacted_text());
  if (warns > 0) {
    std::cout << "\n(--redact replaces WARN findings too, as shown; --accept-warnings keeps "
                 "them as written)\n";
  }
  return rc;
}

}  // namespace kompas::cli
