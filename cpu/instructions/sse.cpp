// SSE/SSE2 integer and floating-point instructions.
#include "cpu/handler_table.h"

namespace lstar::cpu {

void register_sse(HandlerTable&) {}

}  // namespace lstar::cpu
