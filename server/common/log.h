// The one logging facade of the server: structured `key=value` lines on
// stderr. It takes only an event name and fields chosen by our code (ids,
// codes, counts, durations) — never text a client sent, because that text may
// be personal data. Thread-safe.
//
//   kompas::log::Info("store_opened", {{"dir", dir}, {"ms", "12"}});
#ifndef KOMPAS_COMMON_LOG_H_
#define KOMPAS_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

namespace kompas::log {

using Field = std::pair<std::string, std::string>;

void Info(const std::string& event, std::initializer_list<Field> fields = {});
void Warn(const std::string& event, std::initializer_list<Field> fields = {});
void Error(const std::string& event, std::initializer_list<Field> fields = {});

}  // namespace kompas::log

#endif  // KOMPAS_COMMON_LOG_H_
