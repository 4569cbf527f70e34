// Memory images of the floating-point state, in the layouts that
// fnstenv/fldenv (28 bytes), fnsave/frstor (108 bytes) and fxsave/fxrstor
// (512 bytes) use in 64-bit mode with a 32-bit operand size.
#pragma once

#include <cstdint>

#include "cpu/cpu_state.h"

namespace lstar::cpu {

inline constexpr unsigned kX87EnvSize = 28;
inline constexpr unsigned kX87SaveSize = 108;
inline constexpr unsigned kFxsaveSize = 512;

// Two bits per physical register: valid, zero, special or empty.
uint16_t x87_full_tag(const X87State& s);
// One bit per physical register: in use or empty.
uint8_t x87_abridged_tag(const X87State& s);

void x87_store_env(const X87State& s, uint8_t* out);
void x87_load_env(X87State& s, const uint8_t* in);
void x87_store_save(const X87State& s, uint8_t* out);
void x87_load_save(X87State& s, const uint8_t* in);

// Writes bytes 0..415 (the architectural part); leaves the rest alone.
void fxsave_store(const CpuState& s, uint8_t* out);
// Loads from an image whose MXCSR has already been validated.
void fxsave_load(CpuState& s, const uint8_t* in);

}  // namespace lstar::cpu
