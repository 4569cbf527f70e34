// The packets lldb sends that gdb does not (qHostInfo, qProcessInfo, ...).
// lldb reads registers from target.xml; these answer the rest of what its
// gdb-remote plugin asks while attaching, or say "not supported" in the
// form lldb expects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kernel/machine.h"

namespace lstar::server {

// The reply to `payload`, or nullopt when it is no lldb query lstar knows
// (the caller then gives the empty "unsupported" reply).
std::optional<std::string> answer_lldb_query(std::string_view payload,
                                             const kernel::Machine& machine);

}  // namespace lstar::server
