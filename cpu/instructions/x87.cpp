// The x87 subset that long double and glibc need.
#include "cpu/handler_table.h"

namespace lstar::cpu {

void register_x87(HandlerTable&) {}

}  // namespace lstar::cpu
