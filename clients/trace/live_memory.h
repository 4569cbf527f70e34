// MemoryView over a stopped target: every read is an 'm' request.
#pragma once

#include "clients/client.h"
#include "clients/trace/memory_view.h"

namespace lstar::trace {

class LiveMemory : public MemoryView {
 public:
  explicit LiveMemory(client::Client& client) : client_(client) {}
  std::vector<uint8_t> read(uint64_t address, size_t length) override;
  std::vector<uint8_t> read_string(uint64_t address, size_t max_length) override;

 private:
  client::Client& client_;
};

}  // namespace lstar::trace
