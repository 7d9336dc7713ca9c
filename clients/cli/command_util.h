// What the `kompas` commands share: one call, paging through a List call, the
// --redact/--accept-warnings flags on a write request, the note after a
// write the PII gate changed, the hint at what to do next, reading a text
// argument or a JSON file, and a municipality's name from its CBS code.
//
//   kompas::v1::ListSessionsResponse all;
//   bool more = false;
//   int rc = FetchPages(client, request, /*limit=*/20,
//       [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
//         return client.sessions().ListSessions(ctx, req, page);
//       },
//       [](auto& r) -> auto& { return *r.mutable_sessions(); }, &all, &more);
#ifndef KOMPAS_CLIENTS_CLI_COMMAND_UTIL_H_
#define KOMPAS_CLIENTS_CLI_COMMAND_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <iostream>
#include <string>
#include <utility>

#include <absl/strings/str_cat.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>

#include "client.h"
#include "commands.h"
#include "format.h"
#include "kompas/v1/privacy.pb.h"
#include "one_call.h"

namespace kompas::cli {

// The servers' upper bound for page_size; asking for more gains nothing.
inline constexpr size_t kMaxPageSize = 200;

// Calls a List RPC page by page, appending the items to `merged`, until
// `limit` items (0: no limit) or the last page. `*more` is set when the server
// has items beyond what was fetched. `rpc(ctx, request, page)` makes one call;
// `items(response)` is the response's repeated field.
template <typename Request, typename Response, typename Rpc, typename Items>
[[nodiscard]] int FetchPages(Client& client, Request request, size_t limit, Rpc rpc, Items items,
                             Response* merged, bool* more) {
  *more = false;
  auto count = [&] { return static_cast<size_t>(items(*merged).size()); };
  while (true) {
    const size_t want = limit == 0 ? kMaxPageSize : std::min(limit - count(), kMaxPageSize);
    request.set_page_size(static_cast<int32_t>(want));
    Response page;
    grpc::ClientContext ctx;
    client.Prepare(&ctx);
    if (grpc::Status s = rpc(&ctx, request, &page); !s.ok()) return client.Fail(s);
    for (auto& item : items(page)) {
      if (limit != 0 && count() >= limit) {
        // Cut inside a page: the page's token would skip the rest of it.
        *more = true;
        merged->clear_next_page_token();
        return kOk;
      }
      items(*merged).Add(std::move(item));
    }
    merged->set_next_page_token(page.next_page_token());
    if (page.next_page_token().empty()) return kOk;
    if (limit != 0 && count() >= limit) {
      *more = true;
      return kOk;
    }
    // A token that does not move would page forever.
    if (page.next_page_token() == request.page_token()) return kOk;
    request.set_page_token(page.next_page_token());
  }
}

// The item limit of a list command's --limit and --all (0: no limit).
inline size_t LimitOf(bool all, int limit) {
  return all ? 0 : static_cast<size_t>(std::max(limit, 1));
}

// A list command: fetches up to `limit` items of `rpc` on `stub` page by
// page (FetchPages; `items(response)` is the repeated field), then prints
// the merged response as JSON under --json; otherwise the line `none` when
// there are no items, else `print(all)` and, when the server has more, the
// line `more` ("more cases: use --limit or --all").
template <typename Stub, typename Request, typename Response, typename Items, typename Print>
[[nodiscard]] int ListAndPrint(
    Client& client, Stub& stub,
    grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, size_t limit, Items items, absl::string_view none,
    absl::string_view more, Print print) {
  Response all;
  bool has_more = false;
  int rc = FetchPages(
      client, request, limit,
      [&](grpc::ClientContext* ctx, const Request& req, Response* page) {
        return (stub.*rpc)(ctx, req, page);
      },
      items, &all, &has_more);
  if (rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(all);
  if (items(all).empty()) {
    std::cout << none << "\n";
    return kOk;
  }
  print(all);
  if (has_more) std::cout << more << "\n";
  return kOk;
}

// One unary call on a fresh context with the usual deadline; on failure the
// error is printed (with `request`, so the PII gate's findings show in the
// text that was sent) and its exit code returned.
template <typename Stub, typename Request, typename Response>
[[nodiscard]] int Call(Client& client, Stub& stub,
                       grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                       const Request& request, Response* response) {
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (grpc::Status s = (stub.*rpc)(&ctx, request, response); !s.ok()) {
    return client.Fail(s, &request);
  }
  return kOk;
}

// The request and response types of a stub's unary method.
template <typename Method>
struct RpcOf;
template <typename Stub, typename Req, typename Resp>
struct RpcOf<grpc::Status (Stub::*)(grpc::ClientContext*, const Req&, Resp*)> {
  using Request = Req;
  using Response = Resp;
};

// A OneCall's `run`: kRpc on (client.*kStub)() with the name, then
// kPrint(client, request, response) unless --json.
template <auto kStub, auto kRpc, auto kPrint>
[[nodiscard]] int CallOn(Client& client, const std::string& name) {
  typename RpcOf<decltype(kRpc)>::Request request;
  request.set_name(name);
  typename RpcOf<decltype(kRpc)>::Response response;
  if (int rc = Call(client, (client.*kStub)(), kRpc, request, &response); rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(response);
  return kPrint(client, request, response);
}

// Call, then the answer: `note(response)` first (it may write a note to
// stderr, see NoteStoredText), then the response as proto JSON under
// --json, else `print(response)`, which returns the exit code.
template <typename Stub, typename Request, typename Response, typename Note, typename Print>
[[nodiscard]] int CallAndShow(Client& client, Stub& stub,
                              grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                        Response*),
                              const Request& request, Note note, Print print) {
  Response response;
  if (int rc = Call(client, stub, rpc, request, &response); rc != kOk) return rc;
  note(response);
  if (client.options().json) return client.PrintJson(response);
  return print(response);
}

// The same without a note.
template <typename Stub, typename Request, typename Response, typename Print>
[[nodiscard]] int CallAndShow(Client& client, Stub& stub,
                              grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                        Response*),
                              const Request& request, Print print) {
  return CallAndShow(
      client, stub, rpc, request, [](const Response&) {}, print);
}

// Sets --redact and --accept-warnings on a write request.
template <typename Request>
void ApplyPrivacy(const PrivacyFlags& flags, Request* request) {
  if (flags.redact) request->set_privacy_mode(kompas::v1::PRIVACY_MODE_REDACT);
  if (flags.accept_warnings) request->set_acknowledge_warnings(true);
}

// After a successful write with --redact or --accept-warnings, says what the
// gate did (on stderr under --json, so stdout stays one JSON document).
// `before` is the record's report before the write, when known. Without
// either flag the gate cannot have changed anything: any finding refuses.
void NoteAnonymization(const Client& client, const PrivacyFlags& flags,
                       const kompas::v1::AnonymizationReport& report,
                       const kompas::v1::AnonymizationReport* before);

// For writes whose answer carries no AnonymizationReport (the session
// calls): after --redact, shows the text as stored when the gate changed it,
// so the user sees the placeholders. Same stream rule as NoteAnonymization.
void NoteStoredText(const Client& client, const PrivacyFlags& flags, absl::string_view sent,
                    absl::string_view stored);

// The text argument of a write (a reflection, a parked question, ...): "-"
// reads stdin; a trailing newline from a pipe or an editor is dropped. Empty
// text is a usage error naming `what`.
[[nodiscard]] int ReadTextArg(const std::string& arg, absl::string_view what, std::string* text);

// A command the user will likely want next, printed on its own line after
// a write; it names the resource in full so that it works without
// --community.
void Hint(absl::string_view text);

// Reads `path` ("-": stdin) as the proto JSON mapping of `message`. An empty
// file, or one that is not `what` ("case", "standard") in proto JSON, is a
// usage error; it quotes the first line of the parser's complaint, never the
// input, which may be a whole story.
[[nodiscard]] int ReadJsonFile(const std::string& path, absl::string_view what,
                               google::protobuf::Message* message);

// `municipalities/GM0479` from either `GM0479` (any case) or the full name.
std::string MunicipalityName(absl::string_view arg);

// Every municipality the server knows, all pages, into `all`.
[[nodiscard]] int FetchMunicipalities(Client& client, kompas::v1::ListMunicipalitiesResponse* all);

// The words of a case's status, for a usage error.
inline constexpr absl::string_view kCaseStatuses = "draft, open, in_session, concluded or archived";

// An enum flag's value, handed to `set`, or a usage error naming the flag
// and its words.
template <typename Enum, typename Set>
[[nodiscard]] int ParseFlag(std::optional<Enum> (*parse)(absl::string_view),
                            absl::string_view flag, const std::string& word,
                            absl::string_view choices, Set set) {
  std::optional<Enum> parsed = parse(word);
  if (!parsed) {
    return UsageError(absl::StrCat("unknown ", flag, " '", word, "' (use ", choices, ")"));
  }
  set(*parsed);
  return kOk;
}

// ParseFlag for a flag that may be left out: an empty `word` sets nothing.
template <typename Enum, typename Set>
[[nodiscard]] int ParseOptionalFlag(std::optional<Enum> (*parse)(absl::string_view),
                                    absl::string_view flag, const std::string& word,
                                    absl::string_view choices, Set set) {
  return word.empty() ? kOk : ParseFlag(parse, flag, word, choices, set);
}

// The case filters of `case list` and `search`: --status (a case status
// word; another word is a usage error), --theme, --law and --municipality.
template <typename Args, typename Request>
[[nodiscard]] int ApplyCaseFilters(const Args& args, Request* request) {
  if (int rc = ParseOptionalFlag(&ParseWord<v1::CaseStatus>, "status", args.status, kCaseStatuses,
                                 [&](auto status) { request->set_status(status); });
      rc != kOk) {
    return rc;
  }
  request->set_theme(args.theme);
  request->set_law(args.law);
  if (!args.municipality.empty()) request->set_municipality(MunicipalityName(args.municipality));
  return kOk;
}

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_COMMAND_UTIL_H_
