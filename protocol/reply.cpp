#include "protocol/reply.h"

#include <fmt/format.h>

#include <algorithm>

#include "protocol/binary_escape.h"
#include "protocol/hex.h"

namespace lstar::protocol {
namespace {

// How many bytes of `data` fit in `budget` bytes once escaped.
size_t bytes_fitting_escaped(std::string_view data, size_t budget) {
  size_t used = 0;
  size_t count = 0;
  for (char c : data) {
    size_t cost = needs_escape(c) ? 2 : 1;
    if (cost > budget - used) break;
    used += cost;
    ++count;
  }
  return count;
}

std::string signed_hex(int64_t value) {
  // Negative results travel as "-" followed by the magnitude.
  if (value < 0) return fmt::format("-{:x}", 0 - static_cast<uint64_t>(value));
  return fmt::format("{:x}", value);
}

}  // namespace

std::string ok_reply() {
  return "OK";
}

std::string error_reply(uint8_t code) {
  return fmt::format("E{:02x}", code);
}

std::string empty_reply() {
  return {};
}

std::string memory_reply(std::span<const uint8_t> bytes) {
  return encode_hex(bytes);
}

std::string register_reply(std::span<const uint8_t> value) {
  return encode_hex(value);
}

std::string register_dump_reply(std::span<const std::vector<uint8_t>> register_values) {
  std::string reply;
  for (const std::vector<uint8_t>& value : register_values) reply += encode_hex(value);
  return reply;
}

std::string console_output_reply(std::string_view text) {
  return "O" + encode_hex_text(text);
}

std::string xfer_read_reply(std::string_view document, uint64_t offset, uint64_t length,
                            size_t max_encoded_size) {
  if (offset >= document.size()) return "l";
  std::string_view window = document.substr(offset, std::min<uint64_t>(length, document.size()));
  window = window.substr(0, bytes_fitting_escaped(window, max_encoded_size));
  bool is_last = offset + window.size() >= document.size();
  return (is_last ? "l" : "m") + std::string(window);
}

std::string supported_reply(std::span<const SupportedFeature> features) {
  std::string reply;
  for (const SupportedFeature& feature : features) {
    if (!reply.empty()) reply.push_back(';');
    reply += format_supported_feature(feature);
  }
  return reply;
}

std::string vcont_actions_reply(std::span<const VContActionType> actions) {
  std::string reply = "vCont";
  for (VContActionType action : actions) {
    reply.push_back(';');
    reply.push_back(static_cast<char>(action));
  }
  return reply;
}

std::string current_thread_reply(const ThreadId& thread) {
  return "QC" + format_thread_id(thread);
}

std::string thread_info_reply(std::span<const ThreadId> threads) {
  if (threads.empty()) return "l";
  std::string reply = "m";
  for (const ThreadId& thread : threads) {
    if (reply.size() > 1) reply.push_back(',');
    reply += format_thread_id(thread);
  }
  return reply;
}

std::string attached_reply(bool attached_to_existing_process) {
  return attached_to_existing_process ? "1" : "0";
}

std::string symbol_lookup_reply(std::string_view name) {
  return "qSymbol:" + encode_hex_text(name);
}

std::string vfile_result_reply(int64_t result) {
  return "F" + signed_hex(result);
}

std::string vfile_error_reply(FileIoErrno error) {
  return fmt::format("F-1,{:x}", static_cast<int32_t>(error));
}

std::string vfile_data_reply(std::string_view data) {
  return fmt::format("F{:x};", data.size()) + std::string(data);
}

std::string vfile_data_reply(std::span<const uint8_t> data) {
  return vfile_data_reply(
      std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

}  // namespace lstar::protocol
