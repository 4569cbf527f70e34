// Builders for reply payloads (hand the result to encode_packet). Payloads
// may hold raw binary; the encoder escapes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/file_io.h"
#include "protocol/request.h"
#include "protocol/supported_feature.h"
#include "protocol/thread_id.h"

namespace lstar::protocol {

std::string ok_reply();
// "Exx". gdb only shows the number, so its value is informational.
std::string error_reply(uint8_t code);
// The answer to anything unsupported.
std::string empty_reply();

// m: the bytes read, in hex.
std::string memory_reply(std::span<const uint8_t> bytes);
// p: one register's bytes in target order, in hex.
std::string register_reply(std::span<const uint8_t> value);
// g: every register's bytes in regnum order, in hex.
std::string register_dump_reply(std::span<const std::vector<uint8_t>> register_values);

// O: console output for gdb to print (e.g. during qRcmd). Long text should be
// sent as several O packets; each must be followed, finally, by a normal reply.
std::string console_output_reply(std::string_view text);

// qXfer:...:read: the window [offset, offset+length) of `document`, prefixed
// with 'm' if more follows or 'l' if this is the end. `max_encoded_size`
// bounds the escaped size of the data, for stubs that cap PacketSize.
std::string xfer_read_reply(std::string_view document, uint64_t offset, uint64_t length,
                            size_t max_encoded_size = std::numeric_limits<size_t>::max());

// qSupported: "name+;name=value;...".
std::string supported_reply(std::span<const SupportedFeature> features);

// vCont?: "vCont;c;C;s;S;t;r" for the given actions.
std::string vcont_actions_reply(std::span<const VContActionType> actions);

// qC: "QC" + thread-id.
std::string current_thread_reply(const ThreadId& thread);
// qfThreadInfo/qsThreadInfo: "m" + ids, or "l" for the end of the list.
std::string thread_info_reply(std::span<const ThreadId> threads);
// qAttached: "1" attached to an existing process, "0" created it.
std::string attached_reply(bool attached_to_existing_process);
// qSymbol: ask gdb for the value of `name`.
std::string symbol_lookup_reply(std::string_view name);

// vFile: "Fresult", "F-1,errno" and "Flength;data".
std::string vfile_result_reply(int64_t result);
std::string vfile_error_reply(FileIoErrno error);
std::string vfile_data_reply(std::span<const uint8_t> data);
std::string vfile_data_reply(std::string_view data);

}  // namespace lstar::protocol
