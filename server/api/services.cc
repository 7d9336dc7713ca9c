#include "api/services.h"

#include "api/rpc_table.h"
#include "grpcpp/impl/rpc_service_method.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"

namespace kompas::api {
namespace {

// A grpc::Service assembled at run time, as the generated
// WithRawCallbackMethod_* mixins do at compile time: AddMethod for each
// method, then a raw callback handler for it.
class TableService final : public grpc::Service {
 public:
  TableService(const google::protobuf::ServiceDescriptor* service, const CallEnv& env,
               const Backends& backends)
      : env_(env), backends_(backends) {
    int index = 0;
    for (const Rpc& rpc : Rpcs()) {
      if (rpc.method->service() != service) continue;
      const Rpc* r = &rpc;  // the table lives as long as the process
      if (rpc.stream) {
        AddMethod(new grpc::internal::RpcServiceMethod(
            r->path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING, nullptr));
        MarkMethodRawCallback(
            index, new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer,
                                                                      grpc::ByteBuffer>(
                       [this, r](grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request) {
                         return r->stream(*r, context, env_, backends_, request);
                       }));
      } else {
        AddMethod(new grpc::internal::RpcServiceMethod(
            r->path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
        MarkMethodRawCallback(
            index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                       [this, r](grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
                         return r->unary(*r, context, env_, backends_, request, response);
                       }));
      }
      ++index;
    }
  }

 private:
  const CallEnv env_;
  const Backends backends_;
};

}  // namespace

std::vector<std::unique_ptr<grpc::Service>> MakeServices(const CallEnv& env,
                                                         const Backends& backends) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  for (const auto* service : RpcServices()) {
    services.push_back(std::make_unique<TableService>(service, env, backends));
  }
  return services;
}

}  // namespace kompas::api
