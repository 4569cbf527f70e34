// Text from a client (vRun arguments, file names) on its way into the event
// log: escaped C-style, as strace prints strings, so that it can neither
// forge log lines (a newline) nor drive the operator's terminal (escape
// sequences).
#pragma once

#include <string>
#include <string_view>

namespace lstar::server {

// `\n`, `\t`, `\r`, `\\`, `\"` and octal `\033` for every other byte
// outside printable ASCII.
std::string escape_c(std::string_view text);
// One argument of a command line: as is when it is plain printable text
// without spaces, otherwise escaped and in double quotes ("" when empty).
std::string quote_argument(std::string_view argument);

}  // namespace lstar::server
