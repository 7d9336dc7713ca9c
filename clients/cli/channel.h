// A channel to kompasd made exactly as Client makes its own (credentials,
// TLS, reconnect back-off), for a tool that calls a service Client has no
// stub for: kompas-admin's AdminService.
//
//   auto stub = kompas::v1::AdminService::NewStub(cli::MakeChannel(options));
#ifndef KOMPAS_CLIENTS_CLI_CHANNEL_H_
#define KOMPAS_CLIENTS_CLI_CHANNEL_H_

#include <memory>

#include <grpcpp/grpcpp.h>

#include "client.h"

namespace kompas::cli {

std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options);

}  // namespace kompas::cli

#endif  // KOMPAS_CLIENTS_CLI_CHANNEL_H_
