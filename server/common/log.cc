#include "common/log.h"

#include <memory>

#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace kompas::log {
namespace {

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("kompas");
    // ISO-8601 UTC timestamp, level, then our key=value fields.
    l->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%fZ level=%l %v", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

// Quotes a value when it holds a space, quote or '=' so lines stay parseable.
std::string Format(const std::string& event, std::initializer_list<Field> fields) {
  std::string line = "event=" + event;
  for (const auto& [key, value] : fields) {
    line += ' ';
    line += key;
    line += '=';
    if (value.find_first_of(" \"=\n\r\\") == std::string::npos && !value.empty()) {
      line += value;
    } else {
      line += '"';
      for (char c : value) {
        // Escaped so a value can never start a forged line of its own.
        if (c == '\n') {
          line += "\\n";
          continue;
        }
        if (c == '\r') {
          line += "\\r";
          continue;
        }
        if (c == '"' || c == '\\') line += '\\';
        line += c;
      }
      line += '"';
    }
  }
  return line;
}

}  // namespace

void Info(const std::string& event, std::initializer_list<Field> fields) {
  Logger().info(Format(event, fields));
}
void Warn(const std::string& event, std::initializer_list<Field> fields) {
  Logger().warn(Format(event, fields));
}
void Error(const std::string& event, std::initializer_list<Field> fields) {
  Logger().error(Format(event, fields));
}

}  // namespace kompas::log
