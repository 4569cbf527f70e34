// What a server offered in its qSupported reply ("PacketSize=47ff;
// QStartNoAckMode+;QCatchSyscalls+;...").
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::client {

class ServerFeatures {
 public:
  ServerFeatures() = default;
  // Unparseable entries are ignored: a server's extensions must not break
  // the connection.
  static ServerFeatures parse(std::string_view reply);

  // "name+" or "name=value".
  bool supports(std::string_view name) const;
  std::optional<std::string> value(std::string_view name) const;
  // PacketSize, or the RSP default when the server did not say.
  size_t packet_size() const;

 private:
  std::map<std::string, std::string, std::less<>> supported_;  // name -> value ("" for '+')
};

}  // namespace lstar::client
