// Human and W3C output for search results and annotations: the words users
// read and type for search kinds and motivations, a snippet with its
// matching words marked, an annotation with its quote shown in the target's
// current text, and the W3C Web Annotation (JSON-LD) form of annotations.
//
//   std::cout << MarkRanges(result.snippet(), ranges, UseColor(STDOUT_FILENO));
//   PrintSearchResults(response.results(), ansi);
//   std::cout << W3cAnnotationsJson(annotations);
#ifndef KOMPAS_CLIENTS_CLI_SEARCH_FORMAT_H_
#define KOMPAS_CLIENTS_CLI_SEARCH_FORMAT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include "kompas/v1/annotation.pb.h"
#include "kompas/v1/search.pb.h"

namespace kompas::cli {

// `text` on one line with the byte ranges [start, end) marked: ANSI bold
// with `ansi`, else in [brackets]. Ranges out of bounds, overlapping or not on
// code point boundaries are clamped or skipped, never fatal.
std::string MarkRanges(absl::string_view text, std::vector<std::pair<int, int>> ranges, bool ansi);

// One block per result: kind and title, name, then the snippet with the
// matching words marked, wrapped. "No results." when there are none.
void PrintSearchResults(const google::protobuf::RepeatedPtrField<kompas::v1::SearchResult>& results,
                        bool ansi);

// The string field at dotted `path` ("situation", "framing.purpose",
// "content.statement") of `message`; nullopt when there is no such string
// field.
std::optional<std::string> FieldText(const google::protobuf::Message& message,
                                     absl::string_view path);

// An annotation: its name and state, the quote marked in the line of
// `current` (the target field's current text; nullptr when unknown) where it
// stands, or for an orphan its last quote; then author, time, tags and body.
void PrintAnnotation(const kompas::v1::Annotation& annotation, const std::string* current,
                     bool ansi);

// The annotations as a JSON array of W3C Web Annotations (JSON-LD, context
// http://www.w3.org/ns/anno.jsonld), pretty-printed, ending in a newline.
std::string W3cAnnotationsJson(
    const google::protobuf::RepeatedPtrField<kompas::v1::Annotation>& annotations);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_SEARCH_FORMAT_H_
