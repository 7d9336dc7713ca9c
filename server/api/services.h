// The gRPC services kompasd registers, made from the RPC table
// (rpc_table.h): one grpc::Service per kompas.v1 service, with every method
// of the table registered "raw" (bytes in, bytes out) so that request
// parsing is ours (raw_request.h), and served by the table's handler.
//
//   for (auto& service : MakeServices(env, backends)) builder.RegisterService(service.get());
#ifndef KOMPAS_API_SERVICES_H_
#define KOMPAS_API_SERVICES_H_

#include <memory>
#include <vector>

#include "api/backends.h"
#include "api/unary.h"
#include "grpcpp/impl/service_type.h"

namespace kompas::api {

// One service per kompas.v1 service in the table. `env` and `backends` are
// copied; what they point to must outlive the services.
std::vector<std::unique_ptr<grpc::Service>> MakeServices(const CallEnv& env,
                                                         const Backends& backends);

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVICES_H_
