#include "rsp_session.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace lstar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// The largest pread a request asks for; the server may answer with less.
constexpr int kPreadChunk = 4096;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Undoes the '}' escapes of binary data (RSP: the next byte XOR 0x20).
std::string unescape(std::string_view data) {
  std::string out;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '}' && i + 1 < data.size()) {
      out += static_cast<char>(data[++i] ^ 0x20);
    } else {
      out += data[i];
    }
  }
  return out;
}

std::string escape(std::string_view data) {
  std::string out;
  for (char c : data) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out += '}';
      out += static_cast<char>(c ^ 0x20);
    } else {
      out += c;
    }
  }
  return out;
}

bool is_console_output(std::string_view payload) {
  return payload.size() > 1 && payload[0] == 'O' && payload != "OK";
}

std::string hex_number(int64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::optional<std::string> text_from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::string hex_text(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<VFileReply> parse_vfile_reply(std::string_view payload) {
  if (payload.empty() || payload[0] != 'F') return std::nullopt;
  payload.remove_prefix(1);
  VFileReply reply;
  const size_t semicolon = payload.find(';');
  if (semicolon != std::string_view::npos) {
    reply.data = unescape(payload.substr(semicolon + 1));
    payload = payload.substr(0, semicolon);
  }
  const size_t comma = payload.find(',');
  const std::string result(payload.substr(0, comma));
  reply.result = std::strtoll(result.c_str(), nullptr, 16);
  if (comma != std::string_view::npos)
    reply.error =
        static_cast<int>(std::strtol(std::string(payload.substr(comma + 1)).c_str(), nullptr, 16));
  return reply;
}

std::optional<std::string> RspSession::next_reply(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<std::string> packet = connection_.read_packet(left);
    if (!packet) return std::nullopt;
    if (!is_console_output(*packet)) return packet;
    if (auto text = text_from_hex(std::string_view(*packet).substr(1))) console_ += *text;
  }
}

std::optional<std::string> RspSession::request(std::string_view payload,
                                               std::chrono::milliseconds timeout) {
  if (!connection_.send(rsp_frame(payload))) return std::nullopt;
  return next_reply(timeout);
}

std::string RspSession::ask(std::string_view payload) {
  std::optional<std::string> reply = request(payload);
  if (reply) return *reply;
  ADD_FAILURE() << "no reply to '" << payload.substr(0, 80)
                << "'; received: " << connection_.received().substr(0, 2000);
  return "<no reply>";
}

int64_t RspSession::vfile_open(std::string_view path, int flags, int mode) {
  const std::string reply =
      ask("vFile:open:" + hex_text(path) + "," + hex_number(flags) + "," + hex_number(mode));
  const std::optional<VFileReply> parsed = parse_vfile_reply(reply);
  if (!parsed) {
    ADD_FAILURE() << "vFile:open " << path << ": not a File-I/O reply: " << reply;
    return -1;
  }
  return parsed->result >= 0 ? parsed->result : -parsed->error;
}

std::optional<std::string> RspSession::vfile_read_all(int64_t fd) {
  std::string content;
  for (;;) {
    const std::string reply = ask("vFile:pread:" + hex_number(fd) + "," + hex_number(kPreadChunk) +
                                  "," + hex_number(static_cast<int64_t>(content.size())));
    const std::optional<VFileReply> parsed = parse_vfile_reply(reply);
    if (!parsed || parsed->result < 0) return std::nullopt;
    if (parsed->result == 0) return content;
    content += parsed->data;
  }
}

std::optional<std::string> RspSession::vfile_slurp(std::string_view path) {
  const int64_t fd = vfile_open(path, kFioReadOnly);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> content = vfile_read_all(fd);
  ask("vFile:close:" + hex_number(fd));
  return content;
}

bool RspSession::vfile_write_file(std::string_view path, std::string_view content) {
  const int64_t fd = vfile_open(path, kFioWriteOnly | kFioCreate | kFioTruncate, 0644);
  if (fd < 0) return false;
  const std::string reply = ask("vFile:pwrite:" + hex_number(fd) + ",0," + escape(content));
  const std::optional<VFileReply> written = parse_vfile_reply(reply);
  ask("vFile:close:" + hex_number(fd));
  return written && written->result == static_cast<int64_t>(content.size());
}

std::optional<std::string> RspSession::continue_to_exit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::optional<std::string> reply = request("vCont;c", timeout);
  while (reply && !reply->empty() && (*reply)[0] != 'W' && (*reply)[0] != 'X') {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    reply = request("vCont;c", left);
  }
  return reply;
}

}  // namespace lstar::e2e
