#include "clients/client_impl.h"

#include <fmt/format.h>

#include "clients/client_error.h"
#include "clients/reply_kinds.h"
#include "clients/signals.h"
#include "protocol/hex.h"

namespace lstar::client {

RegisterSnapshot Client::Impl::read_registers() {
  require_process();
  if (!registers_) registers_ = parse_registers(request("g"));
  return *registers_;
}

RegisterSnapshot Client::Impl::parse_registers(const std::string& reply) {
  if (reply.empty() || reply.size() % 2 != 0 || is_error_reply(reply))
    throw_for_reply(reply, "reading registers");
  std::vector<uint8_t> bytes(reply.size() / 2);
  std::vector<bool> available(bytes.size(), true);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const std::string_view pair = std::string_view(reply).substr(2 * i, 2);
    if (pair == "xx") {
      available[i] = false;
      continue;
    }
    auto byte = protocol::parse_hex<uint8_t>(pair);
    if (!byte) throw ProtocolError("the register packet is not hex");
    bytes[i] = *byte;
  }
  return RegisterSnapshot(&map_, std::move(bytes), std::move(available));
}

std::vector<uint8_t> Client::Impl::read_register_bytes(std::string_view name) {
  const RegisterInfo& info = map_.at(name);
  if (registers_) {
    if (auto value = registers_->try_get(name)) return registers_->bytes(name);
  }
  require_process();
  const std::string reply = request(fmt::format("p{:x}", info.regnum));
  if (reply.empty()) return read_registers().bytes(name);  // no 'p': use 'g'
  auto bytes = protocol::decode_hex(reply);
  if (!bytes) throw_for_reply(reply, "reading register " + std::string(name));
  return *bytes;
}

void Client::Impl::write_register(std::string_view name, uint64_t value) {
  const RegisterInfo& info = map_.at(name);
  require_process();
  const std::string hex = protocol::encode_le_hex(value, std::min<size_t>(info.size_bytes(), 8)) +
                          std::string(2 * (info.size_bytes() > 8 ? info.size_bytes() - 8 : 0), '0');
  const std::string reply = request(fmt::format("P{:x}={}", info.regnum, hex));
  if (reply.empty()) {
    write_all_registers(name, value);
    return;
  }
  if (reply != "OK") throw_for_reply(reply, "writing register " + std::string(name));
  if (registers_) registers_->set(name, value);
}

// Servers without 'P' take the whole register file ('G').
void Client::Impl::write_all_registers(std::string_view name, uint64_t value) {
  RegisterSnapshot snapshot = read_registers();
  snapshot.set(name, value);
  request_ok("G" + protocol::encode_hex(snapshot.raw()), "writing registers");
  registers_ = snapshot;
}

}  // namespace lstar::client
