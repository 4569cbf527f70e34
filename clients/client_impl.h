// Client::Impl, the state of one client connection, shared by the files
// that implement it (client_session.cpp, client_registers.cpp, client_memory.cpp,
// client_execution.cpp, client_stop_events.cpp). Internal: not installed.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clients/client.h"
#include "clients/packet_channel.h"
#include "clients/server_features.h"
#include "clients/stop_reply_parser.h"
#include "clients/syscall_phase_tracker.h"
#include "clients/tcp_transport.h"

namespace lstar::client {

class Client::Impl {
 public:
  explicit Impl(ClientOptions options) : options_(options), channel_(transport_) {}

  // connection, requests, negotiation (client_session.cpp)
  Deadline reply_deadline() const { return Clock::now() + options_.reply_timeout; }
  void connect(const std::string& host, uint16_t port);
  Deadline resume_deadline() const;
  std::string request(std::string_view payload);
  // For requests whose only good answer is "OK".
  void request_ok(std::string_view payload, std::string_view what);
  [[noreturn]] void throw_for_reply(std::string_view reply, std::string_view what);
  void emit_console(std::string_view payload);
  void require_stopped() const;
  void require_process() const;
  void negotiate();
  void load_register_map();
  // qXfer:OBJECT:read:ANNEX:offset,length until the 'l' (last) chunk.
  std::string read_xfer(std::string_view object, std::string_view annex);

  // registers (client_registers.cpp)
  RegisterSnapshot read_registers();
  RegisterSnapshot parse_registers(const std::string& reply);
  std::vector<uint8_t> read_register_bytes(std::string_view name);
  void write_register(std::string_view name, uint64_t value);
  // Servers without 'P' take the whole register file ('G').
  void write_all_registers(std::string_view name, uint64_t value);

  // memory (client_memory.cpp)
  size_t memory_chunk() const;
  // One 'm' request; fewer bytes than asked when the server stopped early.
  std::optional<std::vector<uint8_t>> read_chunk(uint64_t address, size_t length);
  std::vector<uint8_t> read_memory_prefix(uint64_t address, size_t length);
  std::string read_c_string(uint64_t address, size_t max_length);
  void write_memory(uint64_t address, std::span<const uint8_t> bytes);

  // execution (client_execution.cpp)
  std::string resume_packet(char action, std::optional<int> signal);
  StopEvent resume(char action, std::optional<int> signal);
  // Steps off a breakpoint of ours at the last stop's pc; the stop to
  // return when that ends the request (a step, or anything but a step).
  std::optional<StopEvent> step_over_breakpoint(char action, std::optional<int>& signal);
  // 'g' and the resume packet back to back: the server answers the 'g'
  // before it runs the target, so one round trip does both.
  std::pair<RegisterSnapshot, StopEvent> read_registers_and_resume(std::optional<int> signal);
  StopEvent pop_queued();
  StopEvent wait_for_event();
  void queue_stream_records(std::string_view packet);
  ParsedStop parse_or_throw(std::string_view packet);

  // stop replies -> events (client_stop_events.cpp)
  StopEvent to_event(const ParsedStop& stop);
  std::optional<uint64_t> expedited_pc(const ParsedStop& stop) const;
  StopReason stop_reason(const ParsedStop& stop, StopEvent& event);
  uint64_t current_pc(StopEvent& event);
  StopReason syscall_reason(const ParsedStop& stop);

  // state
  ClientOptions options_;
  TcpTransport transport_;
  PacketChannel channel_;
  ServerFeatures features_;
  RegisterMap map_;
  std::set<char> vcont_actions_;
  StopEvent last_stop_;
  std::optional<RegisterSnapshot> registers_;
  std::set<uint64_t> breakpoints_;
  std::deque<StopEvent> queued_;
  SyscallPhaseTracker tracker_;
  std::function<void(std::string_view)> console_;
  std::atomic<bool> interrupt_requested_ = false;
  bool running_ = false;
  bool stepping_ = false;
  bool process_alive_ = true;
  bool stream_enabled_ = false;
};

}  // namespace lstar::client
