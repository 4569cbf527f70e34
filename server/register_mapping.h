// Converts between the kernel's UserRegisters and gdb's amd64 register
// numbering (protocol/register_layout.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernel/user_registers.h"

namespace lstar::server {

// The value of register `regnum` in target byte order; empty if unknown.
std::vector<uint8_t> register_value(const kernel::UserRegisters& regs, uint32_t regnum);
// Every register in regnum order, as the 'g' packet carries them.
std::vector<std::vector<uint8_t>> all_register_values(const kernel::UserRegisters& regs);
// Writes one register; false if regnum is unknown or the size is wrong.
bool set_register_value(kernel::UserRegisters& regs, uint32_t regnum,
                        std::span<const uint8_t> value);
// Applies a whole 'G' packet; false if its size is wrong.
bool set_all_register_values(kernel::UserRegisters& regs, std::span<const uint8_t> blob);

}  // namespace lstar::server
