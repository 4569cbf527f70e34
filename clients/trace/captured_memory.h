// MemoryView over the memory a streamed syscall record carries (fast mode).
// Anything the server did not capture reads as unreadable, so the decoders
// fall back to printing the pointer, as strace does for unreadable memory.
#pragma once

#include <vector>

#include "clients/stop_event.h"
#include "clients/trace/memory_view.h"

namespace lstar::trace {

class CapturedMemory : public MemoryView {
 public:
  CapturedMemory() = default;
  explicit CapturedMemory(std::vector<client::MemoryCapture> captures)
      : captures_(std::move(captures)) {}
  void add(const std::vector<client::MemoryCapture>& captures);

  std::vector<uint8_t> read(uint64_t address, size_t length) override;
  std::vector<uint8_t> read_string(uint64_t address, size_t max_length) override;

 private:
  std::vector<client::MemoryCapture> captures_;
};

}  // namespace lstar::trace
