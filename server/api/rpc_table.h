// The one table of kompas.v1 RPCs. Each RPC is declared once, in
// rpc_table.cc, as a line that names
//   - its service (a C++ type) and method (a string, checked against the
//     proto descriptors when the table is built, as are its request and
//     response types and whether it streams),
//   - who may call it (auth::Rule: signed in, admin, or community roles) and
//     whether it reads or changes case material (on the audit trail),
//   - the use case it runs (a lambda over Backends).
// Everything else is derived from it: the gRPC services kompasd registers
// (services.h), the policy check of every call (unary.h), the health status
// names, and the access test's completeness check. Adding an RPC means: the
// proto, one table entry, the use case and its test.
//
//   const Rpc* rpc = FindRpc(context->method());  // "/kompas.v1.{Service}/{Method}"
//   if (rpc != nullptr && rpc->rule.access == auth::Access::kRoles) ...
#ifndef KOMPAS_API_RPC_TABLE_H_
#define KOMPAS_API_RPC_TABLE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/backends.h"
#include "api/unary.h"
#include "auth/policy.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace kompas::api {

struct Rpc;

// Serves one call of `rpc`; the reactor deletes itself when the call ends.
using UnaryHandler = std::function<grpc::ServerUnaryReactor*(
    const Rpc& rpc, grpc::CallbackServerContext* context, const CallEnv& env,
    const Backends& backends, const grpc::ByteBuffer* request, grpc::ByteBuffer* response)>;
using StreamHandler = std::function<grpc::ServerWriteReactor<grpc::ByteBuffer>*(
    const Rpc& rpc, grpc::CallbackServerContext* context, const CallEnv& env,
    const Backends& backends, const grpc::ByteBuffer* request)>;

struct Rpc {
  // The method in the generated descriptor pool: service, name, request and
  // response types.
  const google::protobuf::MethodDescriptor* method = nullptr;
  // "/kompas.v1.{Service}/{Method}": gRPC's path, the audit trail's and the
  // log's name for the method. Made from `method`.
  std::string path;
  // Who may call it and whether it is audited.
  auth::Rule rule;
  // Exactly one is set: `stream` for server-streaming methods.
  UnaryHandler unary;
  StreamHandler stream;
};

// Every RPC, grouped by service in the order of the proto files. Built once,
// on first use; a line that does not match the descriptors stops the
// process with a message naming it (a programming error, found by any test).
const std::vector<Rpc>& Rpcs();
// The RPC with this gRPC path, or nullptr.
const Rpc* FindRpc(absl::string_view path);
// The services of the table, each once, in table order.
std::vector<const google::protobuf::ServiceDescriptor*> RpcServices();

}  // namespace kompas::api

#endif  // KOMPAS_API_RPC_TABLE_H_
