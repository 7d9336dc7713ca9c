#include "audit_format.h"

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/time/civil_time.h>
#include <absl/time/clock.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <utility>

#include "format.h"

namespace kompas::cli {
namespace {

bool Before(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return std::make_pair(a.seconds(), a.nanos()) < std::make_pair(b.seconds(), b.nanos());
}

// A resource name in the events table is cut to this many characters.
constexpr size_t kResourceColumns = 70;

}  // namespace

std::optional<absl::Time> ParseSince(absl::string_view text, absl::Time now) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return std::nullopt;
  absl::CivilDay day;
  if (absl::ParseCivilTime(text, &day)) return absl::FromCivil(day, absl::LocalTimeZone());
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &error)) return t;
  const char unit = text.back();
  int64_t count = 0;
  if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &count) || count < 0 ||
      count > 100 * 366) {
    return std::nullopt;
  }
  switch (unit) {
    case 'm':
      return now - absl::Minutes(count);
    case 'h':
      return now - absl::Hours(count);
    case 'd':
      return now - absl::Hours(24 * count);
    default:
      return std::nullopt;
  }
}

std::string ShortMethod(absl::string_view method) {
  const size_t slash = method.rfind('/');
  return std::string(slash == absl::string_view::npos ? method : method.substr(slash + 1));
}

std::vector<Reader> ReadersOf(const google::protobuf::RepeatedPtrField<v1::AuditEvent>& events) {
  std::vector<Reader> readers;
  std::map<std::string, size_t> index;
  for (const v1::AuditEvent& e : events) {
    if (e.outcome() != "OK") continue;
    auto [it, added] = index.emplace(e.member(), readers.size());
    if (added) {
      readers.push_back(Reader{e.member(), 0, e.time(), e.time(), {}});
    }
    Reader& r = readers[it->second];
    ++r.calls;
    if (Before(e.time(), r.first)) r.first = e.time();
    if (Before(r.last, e.time())) r.last = e.time();
    const std::string method = ShortMethod(e.method());
    if (std::find(r.methods.begin(), r.methods.end(), method) == r.methods.end()) {
      r.methods.push_back(method);
    }
  }
  std::stable_sort(readers.begin(), readers.end(),
                   [](const Reader& a, const Reader& b) { return Before(b.last, a.last); });
  return readers;
}

void PrintAuditEvents(const v1::ListAuditEventsResponse& events) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::AuditEvent& e : events.audit_events()) {
    rows.push_back({absl::StrCat(e.sequence()), FormatTime(e.time()), e.member(),
                    ShortMethod(e.method()), e.outcome(),
                    e.resource().empty() ? "-" : Truncate(e.resource(), kResourceColumns)});
  }
  PrintTable({"#", "TIME", "MEMBER", "CALL", "OUTCOME", "RESOURCE"}, rows);
}

void PrintReaders(absl::string_view resource, const v1::ListAuditEventsResponse& events) {
  const std::vector<Reader> readers = ReadersOf(events.audit_events());
  if (readers.empty()) {
    std::cout << "nobody read " << resource << " (no successful call on it is on the trail)\n";
  } else {
    std::cout << "who read " << resource << ", the most recent reader first:\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const Reader& r : readers) {
      rows.push_back({r.member, absl::StrCat(r.calls), FormatTime(r.first), FormatTime(r.last),
                      absl::StrJoin(r.methods, ", ")});
    }
    PrintTable({"MEMBER", "CALLS", "FIRST", "LAST", "HOW"}, rows);
  }
  int64_t refused = 0;
  std::set<std::string> refused_members;
  for (const v1::AuditEvent& e : events.audit_events()) {
    if (e.outcome() == "OK") continue;
    ++refused;
    refused_members.insert(e.member());
  }
  if (refused > 0) {
    std::cout << "\nrefused: " << refused << (refused == 1 ? " call" : " calls") << " by "
              << absl::StrJoin(refused_members, ", ")
              << " (see them with: kompas audit events --case " << resource << ")\n";
  }
}

}  // namespace kompas::cli
