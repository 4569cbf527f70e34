// Everything of lstar's RSP client library in one include:
//   #include <clients/lstar_client.h>
#pragma once

#include "clients/client.h"          // IWYU pragma: export
#include "clients/client_error.h"    // IWYU pragma: export
#include "clients/register_map.h"    // IWYU pragma: export
#include "clients/signals.h"         // IWYU pragma: export
#include "clients/stop_event.h"      // IWYU pragma: export
#include "clients/syscall_stream.h"  // IWYU pragma: export
