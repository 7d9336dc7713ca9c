#include "audit_commands.h"

#include <absl/strings/str_cat.h>
#include <absl/time/clock.h>

#include <iostream>

#include "audit_format.h"
#include "command_util.h"

namespace kompas::cli {
namespace {

using kompas::v1::AuditService;
using kompas::v1::ListAuditEventsRequest;
using kompas::v1::ListAuditEventsResponse;

// The request's parent and the --since filter; a usage error for a --since
// that is no time.
[[nodiscard]] int StartRequest(Client& client, const std::string& since,
                               ListAuditEventsRequest* request) {
  std::string parent;
  if (int rc = client.CommunityName(&parent); rc != kOk) return rc;
  request->set_parent(parent);
  if (since.empty()) return kOk;
  std::optional<absl::Time> t = ParseSince(since, absl::Now());
  if (!t) {
    return UsageError(absl::StrCat(
        "--since '", since,
        "' is not a time (use YYYY-MM-DD, 2026-12-05T09:30:00Z, or a span back such as 90m, "
        "24h, 7d)"));
  }
  request->mutable_start_time()->set_seconds(absl::ToUnixSeconds(*t));
  return kOk;
}

// A member id from an id or a member's resource name.
std::string MemberId(const std::string& arg) {
  const size_t at = arg.rfind("/members/");
  return at == std::string::npos ? arg : arg.substr(at + 9);
}

auto Events() {
  return [](ListAuditEventsResponse& r) -> auto& { return *r.mutable_audit_events(); };
}

}  // namespace

int RunAuditEvents(Client& client, const AuditEventsArgs& args) {
  ListAuditEventsRequest request;
  if (int rc = StartRequest(client, args.since, &request); rc != kOk) return rc;
  if (!args.case_name.empty()) {
    std::string name;
    if (int rc = client.Name(NameKind::kCase, args.case_name, &name); rc != kOk) return rc;
    request.set_resource(name);
  }
  request.set_member(MemberId(args.member));
  request.set_method(args.method);
  return ListAndPrint(client, client.audit(), &AuditService::Stub::ListAuditEvents, request,
                      LimitOf(args.all, args.limit), Events(),
                      "no audit events match", "more events: use --limit or --all",
                      [](const ListAuditEventsResponse& all) { PrintAuditEvents(all); });
}

int RunWhoRead(Client& client, const std::string& case_arg, const std::string& since) {
  ListAuditEventsRequest request;
  if (int rc = StartRequest(client, since, &request); rc != kOk) return rc;
  std::string name;
  if (int rc = client.Name(NameKind::kCase, case_arg, &name); rc != kOk) return rc;
  request.set_resource(name);
  ListAuditEventsResponse all;
  bool more = false;
  int rc = FetchPages(
      client, request, /*limit=*/0,
      [&](grpc::ClientContext* ctx, const ListAuditEventsRequest& req,
          ListAuditEventsResponse* page) { return client.audit().ListAuditEvents(ctx, req, page); },
      Events(), &all, &more);
  if (rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(all);
  PrintReaders(name, all);
  return kOk;
}

}  // namespace kompas::cli
