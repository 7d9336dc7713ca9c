#include "search_commands.h"

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command_util.h"
#include "findings.h"
#include "format.h"
#include "search_format.h"

namespace kompas::cli {
namespace {

using kompas::v1::Annotation;

// The servers' upper bound for a search page.
constexpr int kMaxSearchPage = 100;

// Local midnight starting `text` (YYYY-MM-DD), `days` later.
[[nodiscard]] int ParseDay(const std::string& text, absl::string_view flag, int days,
                           google::protobuf::Timestamp* time) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(absl::StripAsciiWhitespace(text), &day)) {
    return UsageError(absl::StrCat(flag, " '", text, "' is not a date (YYYY-MM-DD)"));
  }
  const absl::Time t = absl::FromCivil(day + days, absl::LocalTimeZone());
  time->set_seconds(absl::ToUnixSeconds(t));
  return kOk;
}

// A case, reflection or standard as a user typed it: a full name as is (the
// server checks what it names), `{case id}/{reflection id}` as a
// reflection, a bare id as the case or the standard that has it.
[[nodiscard]] int TargetName(Client& client, const std::string& arg, std::string* name) {
  if (absl::StartsWith(arg, "communities/")) {
    *name = arg;
    return kOk;
  }
  return client.NameOfAny({NameKind::kCase, NameKind::kReflection, NameKind::kStandard}, arg,
                          name);
}

// The current text of `field` of `target`, or nullopt when it cannot be read
// (then the annotation is shown with its quote alone).
std::optional<std::string> CurrentText(Client& client, const std::string& target,
                                       const std::string& field) {
  std::vector<absl::string_view> parts = absl::StrSplit(target, '/');
  if (parts.size() == 4 && (parts[2] == "cases" || parts[2] == "standards")) {
    std::unique_ptr<google::protobuf::Message> read;
    const NameKind kind = parts[2] == "cases" ? NameKind::kCase : NameKind::kStandard;
    if (!client.Read(kind, target, &read).ok()) return std::nullopt;
    return FieldText(*read, field);
  }
  if (parts.size() == 6 && parts[4] == "reflections") {
    kompas::v1::ListReflectionsRequest request;
    request.set_parent(absl::StrCat(parts[0], "/", parts[1], "/", parts[2], "/", parts[3]));
    kompas::v1::ListReflectionsResponse all;
    bool more = false;
    // Errors are printed by FetchPages; the list then still shows the quotes.
    if (FetchPages(
            client, request, /*limit=*/0,
            [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
              return client.cases().ListReflections(ctx, req, page);
            },
            [](auto& r) -> auto& { return *r.mutable_reflections(); }, &all, &more) != kOk) {
      return std::nullopt;
    }
    for (const kompas::v1::Reflection& r : all.reflections()) {
      if (r.name() == target) return FieldText(r, field);
    }
  }
  return std::nullopt;
}

[[nodiscard]] int PrintResults(
    Client& client, const google::protobuf::Message& response,
    const google::protobuf::RepeatedPtrField<kompas::v1::SearchResult>& results) {
  if (client.options().json) return client.PrintJson(response);
  PrintSearchResults(results, UseColor(STDOUT_FILENO));
  return kOk;
}

// `annotation delete`.
int PrintDeleted(Client&, const kompas::v1::DeleteAnnotationRequest& request,
                 const google::protobuf::Empty&) {
  std::cout << "Deleted " << request.name() << "\n";
  return kOk;
}

// `case similar` and `case standards`: one SearchService call on a case,
// its results printed like a search's.
template <typename Request, typename Response>
[[nodiscard]] int RunCaseMatch(Client& client, const CaseMatchArgs& args,
                               grpc::Status (kompas::v1::SearchService::Stub::*rpc)(
                                   grpc::ClientContext*, const Request&, Response*)) {
  Request request;
  if (int rc = client.Name(NameKind::kCase, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  request.set_page_size(std::clamp(args.limit, 1, kMaxSearchPage));
  Response response;
  if (int rc = Call(client, client.search(), rpc, request, &response); rc != kOk) return rc;
  return PrintResults(client, response, response.results());
}

}  // namespace

int RunSearch(Client& client, const SearchArgs& args) {
  kompas::v1::SearchRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  request.set_query(args.query);
  for (const std::string& word : args.kinds) {
    std::optional<kompas::v1::SearchKind> kind = ParseWord<v1::SearchKind>(word);
    if (!kind) {
      return UsageError(
          absl::StrCat("unknown kind '", word, "' (use case, reflection or standard)"));
    }
    request.add_kinds(*kind);
  }
  if (int rc = ApplyCaseFilters(args, &request); rc != kOk) return rc;
  if (!args.since.empty()) {
    if (int rc = ParseDay(args.since, "--since", 0, request.mutable_start_time()); rc != kOk) {
      return rc;
    }
  }
  if (!args.until.empty()) {
    if (int rc = ParseDay(args.until, "--until", 1, request.mutable_end_time()); rc != kOk) {
      return rc;
    }
  }
  kompas::v1::SearchResponse all;
  const int limit = std::max(1, args.limit);
  while (all.results_size() < limit) {
    request.set_page_size(std::min(kMaxSearchPage, limit - all.results_size()));
    kompas::v1::SearchResponse page;
    if (int rc = Call(client, client.search(), &kompas::v1::SearchService::Stub::Search, request,
                      &page);
        rc != kOk) {
      return rc;
    }
    for (auto& r : *page.mutable_results()) *all.add_results() = std::move(r);
    all.set_next_page_token(page.next_page_token());
    // A token that does not move would page forever.
    if (page.next_page_token().empty() || page.next_page_token() == request.page_token()) break;
    request.set_page_token(page.next_page_token());
  }
  return PrintResults(client, all, all.results());
}

int RunCaseSimilar(Client& client, const CaseMatchArgs& args) {
  return RunCaseMatch(client, args, &kompas::v1::SearchService::Stub::SimilarCases);
}

int RunCaseStandards(Client& client, const CaseMatchArgs& args) {
  return RunCaseMatch(client, args, &kompas::v1::SearchService::Stub::ApplicableStandards);
}

int RunAnnotate(Client& client, const AnnotateArgs& args) {
  kompas::v1::CreateAnnotationRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  Annotation* a = request.mutable_annotation();
  if (int rc = TargetName(client, args.target, a->mutable_target()); rc != kOk) return rc;
  a->set_field(args.field);
  a->mutable_quote()->set_exact(args.quote);
  a->mutable_quote()->set_prefix(args.prefix);
  a->mutable_quote()->set_suffix(args.suffix);
  for (const std::string& tag : args.tags) a->add_tags(tag);
  if (int rc = ParseOptionalFlag(&ParseWord<v1::Motivation>, "motivation", args.motivation,
                                 "commenting, questioning, highlighting or linking",
                                 [&](auto motivation) { a->set_motivation(motivation); });
      rc != kOk) {
    return rc;
  }
  if (!args.standard.empty()) {
    if (int rc = client.Name(NameKind::kStandard, args.standard, a->mutable_linked_standard());
        rc != kOk) {
      return rc;
    }
  }
  if (!args.body.empty()) {
    if (int rc = ReadTextArg(args.body, "comment", a->mutable_body()); rc != kOk) return rc;
  } else if (a->motivation() != kompas::v1::MOTIVATION_HIGHLIGHTING) {
    return UsageError("the comment is empty (only --motivation highlighting may go without one)");
  }
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(client, client.annotations(),
                     &kompas::v1::AnnotationService::Stub::CreateAnnotation, request,
                     [&](const Annotation& created) {
                       std::cout << "Annotated " << created.target() << " " << created.field()
                                 << " as " << created.name() << "\n";
                       Hint(absl::StrCat("See it with: kompas annotations ", created.target()));
                       return kOk;
                     });
}

int RunAnnotations(Client& client, const AnnotationsArgs& args) {
  if (args.format != "text" && args.format != "w3c") {
    return UsageError(absl::StrCat("unknown format '", args.format, "' (use text or w3c)"));
  }
  kompas::v1::ListAnnotationsRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  if (int rc = TargetName(client, args.target, request.mutable_target()); rc != kOk) return rc;
  kompas::v1::ListAnnotationsResponse all;
  bool more = false;
  if (int rc = FetchPages(
          client, request, /*limit=*/0,
          [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
            return client.annotations().ListAnnotations(ctx, req, page);
          },
          [](auto& r) -> auto& { return *r.mutable_annotations(); }, &all, &more);
      rc != kOk) {
    return rc;
  }
  if (args.format == "w3c") {
    std::cout << W3cAnnotationsJson(all.annotations());
    return kOk;
  }
  if (client.options().json) return client.PrintJson(all);
  if (all.annotations().empty()) {
    std::cout << "No annotations on " << request.target() << ".\n";
    return kOk;
  }
  const bool ansi = UseColor(STDOUT_FILENO);
  std::map<std::string, std::optional<std::string>> texts;  // by field
  bool first = true;
  for (const Annotation& a : all.annotations()) {
    auto it = texts.find(a.field());
    if (it == texts.end()) {
      it = texts.emplace(a.field(), CurrentText(client, a.target(), a.field())).first;
    }
    if (!first) std::cout << "\n";
    first = false;
    PrintAnnotation(a, it->second ? &*it->second : nullptr, ansi);
  }
  return kOk;
}

absl::Span<const OneCall> AnnotationOneCalls() {
  static const OneCall kCalls[] = {
      {"delete", "delete one of your annotations", NameKind::kAnnotation,
       &CallOn<&Client::annotations, &kompas::v1::AnnotationService::Stub::DeleteAnnotation,
               &PrintDeleted>},
  };
  return kCalls;
}

}  // namespace kompas::cli
