#include "search_format.h"

#include <algorithm>
#include <cstddef>
#include <iostream>

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "format.h"

namespace kompas::cli {
namespace {

using google::protobuf::Value;

constexpr char kBold[] = "\033[1m";
constexpr char kReset[] = "\033[0m";

// A line of context longer than this (bytes) is cut around the quote.
constexpr size_t kContextBytes = 160;

// `pos` moved back to the start of its code point.
size_t CodePointStart(absl::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  while (pos > 0 && pos < text.size() && IsContinuation(text[pos])) --pos;
  return pos;
}

Value StringValue(absl::string_view s) {
  Value v;
  v.set_string_value(std::string(s));
  return v;
}

Value TextualBody(absl::string_view value, absl::string_view purpose) {
  Value v;
  auto& fields = *v.mutable_struct_value()->mutable_fields();
  fields["type"] = StringValue("TextualBody");
  fields["value"] = StringValue(value);
  if (purpose.empty()) {
    fields["format"] = StringValue("text/plain");
  } else {
    fields["purpose"] = StringValue(purpose);
  }
  return v;
}

std::string Rfc3339(const google::protobuf::Timestamp& time) {
  return google::protobuf::util::TimeUtil::ToString(time);
}

Value W3cAnnotation(const kompas::v1::Annotation& a) {
  Value v;
  auto& fields = *v.mutable_struct_value()->mutable_fields();
  fields["@context"] = StringValue("http://www.w3.org/ns/anno.jsonld");
  fields["type"] = StringValue("Annotation");
  fields["id"] = StringValue(a.name());
  fields["motivation"] = StringValue(Word(
      a.motivation() == kompas::v1::MOTIVATION_UNSPECIFIED ? kompas::v1::MOTIVATION_COMMENTING
                                                           : a.motivation()));
  fields["creator"] = StringValue(a.author());
  if (a.has_create_time()) fields["created"] = StringValue(Rfc3339(a.create_time()));
  if (a.has_update_time()) fields["modified"] = StringValue(Rfc3339(a.update_time()));

  auto* bodies = fields["body"].mutable_list_value();
  if (!a.body().empty()) *bodies->add_values() = TextualBody(a.body(), "");
  for (const std::string& tag : a.tags()) *bodies->add_values() = TextualBody(tag, "tagging");
  if (!a.linked_standard().empty()) {
    Value link;
    auto& link_fields = *link.mutable_struct_value()->mutable_fields();
    link_fields["type"] = StringValue("SpecificResource");
    link_fields["source"] = StringValue(a.linked_standard());
    link_fields["purpose"] = StringValue("linking");
    *bodies->add_values() = std::move(link);
  }

  Value target;
  auto& target_fields = *target.mutable_struct_value()->mutable_fields();
  target_fields["source"] = StringValue(a.target());
  Value quote;
  auto& quote_fields = *quote.mutable_struct_value()->mutable_fields();
  quote_fields["type"] = StringValue("TextQuoteSelector");
  quote_fields["exact"] = StringValue(a.quote().exact());
  quote_fields["prefix"] = StringValue(a.quote().prefix());
  quote_fields["suffix"] = StringValue(a.quote().suffix());
  Value position;
  auto& position_fields = *position.mutable_struct_value()->mutable_fields();
  position_fields["type"] = StringValue("TextPositionSelector");
  position_fields["start"].set_number_value(a.position().start());
  position_fields["end"].set_number_value(a.position().end());
  auto* selectors = target_fields["selector"].mutable_list_value();
  *selectors->add_values() = std::move(quote);
  *selectors->add_values() = std::move(position);
  // Which text field of the target; not a W3C term, so in our own namespace.
  target_fields["kompas:field"] = StringValue(a.field());
  if (a.state() == kompas::v1::ANNOTATION_STATE_ORPHANED) {
    target_fields["kompas:state"] = StringValue("orphaned");
  }
  fields["target"] = std::move(target);
  return v;
}

// The line of `text` holding [start, end), cut to about kContextBytes around
// it, with the quote marked.
std::string QuoteInLine(const std::string& text, size_t start, size_t end, bool ansi) {
  const size_t newline = start == 0 ? std::string::npos : text.rfind('\n', start - 1);
  size_t line_start = newline == std::string::npos ? 0 : newline + 1;
  size_t line_end = text.find('\n', end);
  if (line_end == std::string::npos) line_end = text.size();
  std::string lead, tail;
  if (start - line_start > kContextBytes) {
    line_start = CodePointStart(text, start - kContextBytes);
    lead = "…";
  }
  if (line_end - end > kContextBytes) {
    line_end = CodePointStart(text, end + kContextBytes);
    tail = "…";
  }
  absl::string_view line = absl::string_view(text).substr(line_start, line_end - line_start);
  return absl::StrCat(lead,
                      MarkRanges(line,
                                 {{static_cast<int>(start - line_start),
                                   static_cast<int>(end - line_start)}},
                                 ansi),
                      tail);
}

}  // namespace

std::string MarkRanges(absl::string_view text, std::vector<std::pair<int, int>> ranges,
                       bool ansi) {
  std::sort(ranges.begin(), ranges.end());
  const absl::string_view open = ansi ? kBold : "[";
  const absl::string_view close = ansi ? kReset : "]";
  std::string out;
  size_t at = 0;
  for (auto [start_i, end_i] : ranges) {
    if (start_i < 0 || end_i <= start_i) continue;
    size_t start = CodePointStart(text, static_cast<size_t>(start_i));
    size_t end = CodePointStart(text, static_cast<size_t>(end_i));
    if (start < at || end <= start) continue;  // overlaps the previous one, or empty
    absl::StrAppend(&out, OneLine(text.substr(at, start - at)), open,
                    OneLine(text.substr(start, end - start)), close);
    at = end;
  }
  absl::StrAppend(&out, OneLine(text.substr(at)));
  return out;
}

void PrintSearchResults(const google::protobuf::RepeatedPtrField<kompas::v1::SearchResult>& results,
                        bool ansi) {
  if (results.empty()) {
    std::cout << "No results.\n";
    return;
  }
  bool first = true;
  for (const kompas::v1::SearchResult& r : results) {
    if (!first) std::cout << "\n";
    first = false;
    std::cout << Word(r.kind()) << "  " << OneLine(r.title()) << "\n";
    std::cout << "  " << r.name() << "\n";
    std::vector<std::pair<int, int>> ranges;
    for (const kompas::v1::Highlight& h : r.highlights()) ranges.emplace_back(h.start(), h.end());
    if (!r.snippet().empty()) std::cout << Wrap(MarkRanges(r.snippet(), ranges, ansi), kWrapColumns, "    ");
  }
}

std::optional<std::string> FieldText(const google::protobuf::Message& message,
                                     absl::string_view path) {
  const google::protobuf::Message* at = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const google::protobuf::FieldDescriptor* field =
        at->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || field->is_repeated()) return std::nullopt;
    const google::protobuf::Reflection* reflection = at->GetReflection();
    if (i + 1 == parts.size()) {
      if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        return std::nullopt;
      }
      return reflection->GetString(*at, field);
    }
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      return std::nullopt;
    }
    at = &reflection->GetMessage(*at, field);
  }
  return std::nullopt;
}

void PrintAnnotation(const kompas::v1::Annotation& a, const std::string* current, bool ansi) {
  std::cout << a.name() << "  (" << Word(a.motivation()) << ", "
            << Word(a.state()) << ")\n";
  std::cout << "  on " << a.target() << " " << a.field() << "\n";
  const std::string& exact = a.quote().exact();
  std::string shown;
  if (a.state() == kompas::v1::ANNOTATION_STATE_ORPHANED) {
    std::cout << "  (orphaned — the words were edited away)\n";
    shown = absl::StrCat("last quote: \"", MarkRanges(exact, {}, false), "\"");
  } else if (current != nullptr) {
    size_t start = static_cast<size_t>(std::max(0, a.position().start()));
    size_t end = static_cast<size_t>(std::max(0, a.position().end()));
    if (end > current->size() || start >= end ||
        absl::string_view(*current).substr(start, end - start) != exact) {
      // The text changed since the list was read: find the words again.
      start = current->find(exact);
      end = start == std::string::npos ? start : start + exact.size();
    }
    if (start != std::string::npos && !exact.empty()) {
      shown = QuoteInLine(*current, start, end, ansi);
    }
  }
  if (shown.empty()) shown = absl::StrCat("\"", MarkRanges(exact, {}, false), "\"");
  std::cout << Wrap(shown, kWrapColumns, "    ");
  std::cout << "  by " << a.author() << ", " << FormatTime(a.create_time());
  if (!a.tags().empty()) std::cout << "  tags: " << absl::StrJoin(a.tags(), ", ");
  std::cout << "\n";
  if (!a.linked_standard().empty()) std::cout << "  linked to " << a.linked_standard() << "\n";
  if (!a.body().empty()) std::cout << Wrap(a.body(), kWrapColumns, "  ");
}

std::string W3cAnnotationsJson(
    const google::protobuf::RepeatedPtrField<kompas::v1::Annotation>& annotations) {
  google::protobuf::ListValue list;
  for (const kompas::v1::Annotation& a : annotations) *list.add_values() = W3cAnnotation(a);
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string out;
  if (auto s = google::protobuf::util::MessageToJsonString(list, &out, options); !s.ok()) {
    return "[]\n";
  }
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace kompas::cli
