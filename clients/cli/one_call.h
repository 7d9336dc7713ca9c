// Commands that need nothing but one named resource, declared as data: a
// row says the verb, its help, what kind of name NAME is, and what to do
// with it. The noun's registration (command_line.h, AddOneCalls) turns each
// row into `kompas NOUN VERB NAME`; the name is expanded by the one name
// grammar (resource_names.h) and handed to the row's `run`.
//
// `run` is usually CallOn (command_util.h): one call with the name in the
// request's `name`, the answer printed as proto JSON under --json, else by
// the row's printer. A command that does more with the name (lists what is
// under it, say) has a function of its own:
//
//   const OneCall kSteps[] = {
//       {"revisions", "a standard's revisions", NameKind::kStandard, &ListRevisions},
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
