// Decoded basic blocks, keyed by start address.
//
// A block is a run of instructions ending at a control transfer, a page
// boundary or a size cap. Blocks are looked up through a small direct-mapped
// table first, then a hash map; Zydis runs only on a miss. Writes to a code
// page retire every block on that page (freed lazily, since the executing
// block may be among them).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "cpu/address_space.h"
#include "cpu/decoded_instruction.h"
#include "cpu/decoder.h"

namespace lstar::cpu {

struct Block {
  uint64_t start = 0;
  bool user = false;  // executable at CPL 3
  std::vector<DecodedInsn> insns;
};

class DecodeCache {
 public:
  using NativeLookup = bool (*)(const void* ctx, uint64_t address);

  DecodeCache(AddressSpace& memory, Handler native_handler);

  // Returns the block at `address`, decoding it if needed. Throws GuestFault
  // if the first instruction cannot be fetched.
  const Block& lookup(uint64_t address, Privilege priv, const void* native_ctx,
                      NativeLookup is_native) {
    const Block* b = fast_[address & (kFastSlots - 1)];
    if (b && b->start == address && (b->user || priv == Privilege::kKernel)) [[likely]]
      return *b;
    return lookup_slow(address, priv, native_ctx, is_native);
  }

  void invalidate_page(uint64_t page_addr);
  void flush();
  // Frees retired blocks; call only between blocks.
  void collect_garbage() {
    if (!graveyard_.empty()) graveyard_.clear();
  }
  bool has_retired() const { return !graveyard_.empty(); }
  uint64_t blocks_decoded() const { return blocks_decoded_; }

 private:
  static constexpr size_t kFastSlots = 4096;
  static constexpr size_t kMaxBlockInsns = 64;

  const Block& lookup_slow(uint64_t address, Privilege priv, const void* native_ctx,
                           NativeLookup is_native);
  std::unique_ptr<Block> build(uint64_t address, Privilege priv, const void* native_ctx,
                               NativeLookup is_native);
  void retire(uint64_t start);

  AddressSpace& memory_;
  Handler native_handler_;
  Decoder decoder_;
  std::array<const Block*, kFastSlots> fast_{};
  std::unordered_map<uint64_t, std::unique_ptr<Block>> blocks_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> blocks_by_page_;
  std::vector<std::unique_ptr<Block>> graveyard_;
  uint64_t blocks_decoded_ = 0;
};

}  // namespace lstar::cpu
