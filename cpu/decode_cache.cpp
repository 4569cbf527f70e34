#include "cpu/decode_cache.h"

#include <Zydis/Zydis.h>

namespace lstar::cpu {
namespace {

bool ends_block(const DecodedInsn& insn) {
  switch (static_cast<ZydisMnemonic>(insn.mnemonic)) {
    case ZYDIS_MNEMONIC_JMP:
    case ZYDIS_MNEMONIC_CALL:
    case ZYDIS_MNEMONIC_RET:
    case ZYDIS_MNEMONIC_JB:
    case ZYDIS_MNEMONIC_JBE:
    case ZYDIS_MNEMONIC_JCXZ:
    case ZYDIS_MNEMONIC_JECXZ:
    case ZYDIS_MNEMONIC_JKNZD:
    case ZYDIS_MNEMONIC_JKZD:
    case ZYDIS_MNEMONIC_JL:
    case ZYDIS_MNEMONIC_JLE:
    case ZYDIS_MNEMONIC_JNB:
    case ZYDIS_MNEMONIC_JNBE:
    case ZYDIS_MNEMONIC_JNL:
    case ZYDIS_MNEMONIC_JNLE:
    case ZYDIS_MNEMONIC_JNO:
    case ZYDIS_MNEMONIC_JNP:
    case ZYDIS_MNEMONIC_JNS:
    case ZYDIS_MNEMONIC_JNZ:
    case ZYDIS_MNEMONIC_JO:
    case ZYDIS_MNEMONIC_JP:
    case ZYDIS_MNEMONIC_JRCXZ:
    case ZYDIS_MNEMONIC_JS:
    case ZYDIS_MNEMONIC_JZ:
    case ZYDIS_MNEMONIC_LOOP:
    case ZYDIS_MNEMONIC_LOOPE:
    case ZYDIS_MNEMONIC_LOOPNE:
    case ZYDIS_MNEMONIC_SYSCALL:
    case ZYDIS_MNEMONIC_SYSRET:
    case ZYDIS_MNEMONIC_SWAPGS:
    case ZYDIS_MNEMONIC_HLT:
    case ZYDIS_MNEMONIC_INT3:
    case ZYDIS_MNEMONIC_INT:
    case ZYDIS_MNEMONIC_UD2:
    case ZYDIS_MNEMONIC_IRETQ:
    case ZYDIS_MNEMONIC_WRMSR:
      return true;
    default:
      return false;
  }
}

}  // namespace

DecodeCache::DecodeCache(AddressSpace& memory, Handler native_handler)
    : memory_(memory), native_handler_(native_handler) {}

const Block& DecodeCache::lookup_slow(uint64_t address, Privilege priv, const void* native_ctx,
                                      NativeLookup is_native) {
  auto it = blocks_.find(address);
  if (it != blocks_.end() && priv == Privilege::kUser && !it->second->user) {
    throw GuestFault{Exception::kPageFault, address, false, true, true, {}};
  }
  if (it == blocks_.end()) {
    auto block = build(address, priv, native_ctx, is_native);
    ++blocks_decoded_;
    const uint64_t first_page = page_floor(address);
    const DecodedInsn& last = block->insns.back();
    const uint64_t last_page = page_floor(last.address + (last.length ? last.length - 1 : 0));
    // Ends at last_page rather than testing p <= last_page: for a block in
    // the last page below 2^64, p + kPageSize wraps to 0 and would never
    // pass it.
    for (uint64_t p = first_page;; p += kPageSize) {
      memory_.mark_code_page(p);
      blocks_by_page_[p].push_back(address);
      if (p == last_page) break;
    }
    it = blocks_.emplace(address, std::move(block)).first;
  }
  fast_[address & (kFastSlots - 1)] = it->second.get();
  return *it->second;
}

std::unique_ptr<Block> DecodeCache::build(uint64_t address, Privilege priv, const void* native_ctx,
                                          NativeLookup is_native) {
  auto block = std::make_unique<Block>();
  block->start = address;
  const auto perms = memory_.permissions(address);
  block->user = perms && (*perms & perm::kUser);
  if (is_native(native_ctx, address)) {
    DecodedInsn insn;
    insn.handler = native_handler_;
    insn.address = address;
    insn.length = 1;
    block->insns.push_back(insn);
    return block;
  }
  uint64_t pc = address;
  while (block->insns.size() < kMaxBlockInsns) {
    uint8_t bytes[ZYDIS_MAX_INSTRUCTION_LENGTH];
    const size_t got = memory_.fetch_code(pc, bytes, sizeof bytes, priv);
    DecodedInsn insn;
    if (got == 0 || !decoder_.decode(bytes, got, pc, insn)) {
      if (!block->insns.empty()) break;  // fault when execution gets there
      const uint64_t bad = got == 0 ? pc : pc + got;
      const bool present = memory_.permissions(bad).has_value();
      throw GuestFault{Exception::kPageFault, bad, false, true, present, {}};
    }
    block->insns.push_back(insn);
    pc += insn.length;
    if (ends_block(insn) || page_floor(pc) != page_floor(address)) break;
    if (is_native(native_ctx, pc)) break;
  }
  return block;
}

void DecodeCache::retire(uint64_t start) {
  auto it = blocks_.find(start);
  if (it == blocks_.end()) return;
  const size_t slot = start & (kFastSlots - 1);
  if (fast_[slot] == it->second.get()) fast_[slot] = nullptr;
  graveyard_.push_back(std::move(it->second));
  blocks_.erase(it);
}

void DecodeCache::invalidate_page(uint64_t page_addr) {
  auto it = blocks_by_page_.find(page_addr);
  if (it == blocks_by_page_.end()) return;
  const std::vector<uint64_t> starts = std::move(it->second);
  blocks_by_page_.erase(it);
  for (uint64_t start : starts) retire(start);
}

void DecodeCache::flush() {
  for (auto& [start, block] : blocks_) graveyard_.push_back(std::move(block));
  blocks_.clear();
  blocks_by_page_.clear();
  fast_.fill(nullptr);
}

}  // namespace lstar::cpu
