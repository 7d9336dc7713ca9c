// kompas-anonymize: the PII gate's evaluation interface.
//
//   kompas-anonymize [--gazetteer_dir=DIR] [--dictionary=FILE] [FILE]
//
// Reads JSONL lines {"id", "text", ...} from FILE or stdin and writes one line
// {"id", "findings": [{"start", "end", "kind", "severity", "confidence"}]} per
// input line to stdout; offsets are UTF-8 byte offsets into "text", end
// exclusive. Other fields of the input are ignored. Exit status: 0 on success,
// 1 when an input line cannot be read (reported on stderr with its line
// number, never with its text), 2 on usage or start-up errors.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "privacy/gate.h"

namespace {

using kompas::privacy::Finding;
using kompas::privacy::Gate;
using kompas::privacy::GateOptions;
using kompas::privacy::Severity;

void AppendJsonString(absl::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned char>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string IdJson(const google::protobuf::Value& id) {
  std::string out;
  switch (id.kind_case()) {
    case google::protobuf::Value::kStringValue:
      AppendJsonString(id.string_value(), &out);
      return out;
    case google::protobuf::Value::kNumberValue: {
      double v = id.number_value();
      if (v == static_cast<double>(static_cast<long long>(v))) return absl::StrCat(static_cast<long long>(v));
      return absl::StrCat(v);
    }
    default:
      return "null";
  }
}

int Usage() {
  std::cerr << "usage: kompas-anonymize [--gazetteer_dir=DIR] [--dictionary=FILE] [FILE]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  GateOptions options;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--gazetteer_dir=")) {
      options.gazetteer_dir = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--dictionary=")) {
      options.dictionary = std::string(arg);
    } else if (arg == "-h" || arg == "--help") {
      Usage();
      return 0;
    } else if (absl::StartsWith(arg, "--") || !path.empty()) {
      return Usage();
    } else {
      path = std::string(arg);
    }
  }
  absl::StatusOr<std::unique_ptr<Gate>> gate = Gate::Create(options);
  if (!gate.ok()) {
    std::cerr << "kompas-anonymize: " << gate.status().message() << "\n";
    return 2;
  }
  std::ifstream file;
  if (!path.empty() && path != "-") {
    file.open(path);
    if (!file) {
      std::cerr << "kompas-anonymize: cannot open " << path << "\n";
      return 2;
    }
  }
  std::istream& in = path.empty() || path == "-" ? std::cin : file;
  std::ios::sync_with_stdio(false);

  int status = 0;
  std::string line, out;
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = true;
  for (long line_no = 1; std::getline(in, line); ++line_no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    google::protobuf::Struct row;
    if (!google::protobuf::util::JsonStringToMessage(line, &row, parse_options).ok()) {
      std::cerr << "kompas-anonymize: line " << line_no << ": not a JSON object\n";
      status = 1;
      continue;
    }
    const auto& fields = row.fields();
    auto text_it = fields.find("text");
    if (text_it == fields.end() || text_it->second.kind_case() != google::protobuf::Value::kStringValue) {
      std::cerr << "kompas-anonymize: line " << line_no << ": no string \"text\"\n";
      status = 1;
      continue;
    }
    auto id_it = fields.find("id");
    const std::string& text = text_it->second.string_value();
    std::vector<Finding> findings = (*gate)->Scan(text);
    out.clear();
    absl::StrAppend(&out, "{\"id\": ", id_it == fields.end() ? "null" : IdJson(id_it->second),
                    ", \"findings\": [");
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      absl::StrAppend(&out, i ? ", " : "", "{\"start\": ", f.start, ", \"end\": ", f.end, ", \"kind\": \"",
                      kompas::privacy::KindName(f.kind), "\", \"severity\": \"",
                      f.severity == Severity::kWarn ? "WARN" : "BLOCK", "\", \"confidence\": ",
                      static_cast<int>(f.confidence * 100) / 100.0, "}");
    }
    out.append("]}\n");
    std::cout << out;
  }
  std::cout.flush();
  return status;
}
