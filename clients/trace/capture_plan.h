// Fast mode: which guest memory the server must copy into each streamed
// syscall record so that the decoders can print it afterwards (the target
// no longer waits for us to read it).
#pragma once

#include <vector>

#include "clients/syscall_stream.h"
#include "clients/trace/format_options.h"
#include "clients/trace/syscall_signature.h"
#include "clients/trace/syscall_table.h"
#include "clients/trace/trace_filter.h"

namespace lstar::trace {

// The memory the decoders of `signature` read, under `options` (-s).
std::vector<client::CaptureRule> capture_rules(const SyscallSignature& signature,
                                               const FormatOptions& options);

// The stream request for everything `filter` traces.
client::SyscallStreamRequest stream_request(const SyscallTable& table, const TraceFilter& filter,
                                            const FormatOptions& options);

}  // namespace lstar::trace
