// Turning a connection away (the server is full, or this address has too
// many sessions) so that the user reads why in gdb: the reply to the
// client's first packet is `E.MESSAGE`, which gdb 13 prints as
//
//   warning: Remote failure reply: E.lstar: the server is full ...
//   Remote connection closed
//
// and then the connection is closed cleanly (our side first, after the
// client's remaining bytes are read, so the client sees an orderly close
// rather than a reset).
#pragma once

#include <asio.hpp>

#include <string>

namespace lstar::server {

void refuse_connection(asio::ip::tcp::socket socket, std::string message);

}  // namespace lstar::server
