// Turns instruction bytes into DecodedInsn via Zydis. Only called on a
// decode-cache miss.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cpu/decoded_instruction.h"

namespace lstar::cpu {

class Decoder {
 public:
  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  // Decodes one instruction at `address`. Bytes that do not form a valid
  // instruction yield a handler raising #UD; an implemented-nowhere mnemonic
  // yields a handler raising #UD with the mnemonic as detail.
  // Returns false only when `len` bytes are not enough to decide.
  bool decode(const uint8_t* bytes, size_t len, uint64_t address, DecodedInsn& out) const;
  // Human-readable disassembly for logs.
  static std::string disassemble(const uint8_t* bytes, size_t len, uint64_t address);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstar::cpu
