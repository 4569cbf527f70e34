// The target description served as qXfer:features:read:target.xml: amd64
// GNU/Linux with the core, SSE, linux (orig_rax) and segments (fs_base,
// gs_base) features. It is generated from the register layout, so regnums,
// sizes and order always agree with the 'g' packet.
#pragma once

#include <string>

namespace lstar::protocol {

// Every <reg> carries an explicit regnum (lldb relies on it) and, where one
// applies, lldb's generic="pc|sp|fp|flags|argN" role, which gdb ignores.
const std::string& amd64_linux_target_xml();

}  // namespace lstar::protocol
