// Commands that are one call on one named resource, declared as data: a
// row says the verb, its help, what kind of name NAME is, and which call
// to make with which printer. The noun's registration (command_line.h,
// AddOneCalls) turns each row into `kompas NOUN VERB NAME`; the name is
// expanded by the one name grammar (resource_names.h), put into the
// request's `name`, and the answer printed: as proto JSON under --json,
// else by the row's printer.
//
// The row's call is usually CallOn (command_util.h):
//
//   const OneCall kSteps[] = {
//       {"adopt", "adopt a proposed standard (stewards)", NameKind::kStandard,
//        &CallOn<&Client::standards, &StandardService::Stub::AdoptStandard, &PrintAdopted>},
//   };
#ifndef KOMPAS_CLIENTS_CLI_ONE_CALL_H_
#define KOMPAS_CLIENTS_CLI_ONE_CALL_H_

#include <string>

#include "client.h"
#include "resource_names.h"

namespace kompas::cli {

struct OneCall {
  const char* verb;
  const char* help;
  NameKind kind;  // what NAME names
  // Makes the call on `name`, the full name, and prints; the exit code.
  int (*run)(Client& client, const std::string& name);
};

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_ONE_CALL_H_
