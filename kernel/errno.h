// The kernel's errno values are Linux's, kept with the rest of the ABI in
// abi/errno.h; kernel code names them unqualified (kEFAULT).
#pragma once

#include "abi/errno.h"

namespace lstar::kernel {

using namespace abi::errnos;
using abi::errno_from_name;
using abi::errno_message;
using abi::errno_name;

}  // namespace lstar::kernel
