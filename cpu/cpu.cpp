#include "cpu/cpu.h"

#include "cpu/decode_cache.h"

namespace lstar::cpu {
namespace {

void exec_native(Cpu& cpu, const DecodedInsn& insn) {
  const uint64_t result = cpu.call_native(insn.address);
  cpu.state().gpr[kRax] = result;
  cpu.state().rip = cpu.pop64();
}

bool is_native_thunk(const void* ctx, uint64_t address) {
  return static_cast<const Cpu*>(ctx)->is_native(address);
}

}  // namespace

Cpu::Cpu(AddressSpace& memory)
    : memory_(memory), cache_(std::make_unique<DecodeCache>(memory, exec_native)) {
  memory_.set_code_write_listener([this](uint64_t page) {
    cache_->invalidate_page(page);
    block_ended_ = true;
  });
}

Cpu::~Cpu() {
  memory_.set_code_write_listener(nullptr);
}

void Cpu::register_native(uint64_t address, NativeFunction fn) {
  natives_[address] = std::move(fn);
  cache_->invalidate_page(page_floor(address));
}

uint64_t Cpu::call_native(uint64_t address) {
  return natives_.at(address)(*this);
}

void Cpu::flush_decode_cache() {
  cache_->flush();
}

void Cpu::push64(uint64_t value) {
  const uint64_t sp = state_.gpr[kRsp] - 8;
  store<uint64_t>(sp, value);
  state_.gpr[kRsp] = sp;
}

uint64_t Cpu::pop64() {
  const uint64_t v = load<uint64_t>(state_.gpr[kRsp]);
  state_.gpr[kRsp] += 8;
  return v;
}

bool Cpu::watch_triggered(RunResult& result) {
  // Accesses the kernel makes for the user (copy_to_user) stay pending until
  // the return to user mode, as Linux delivers such a debug trap; with
  // kernel watch hits on (a kernel debugger), they stop where they happen.
  if (!memory_.watch_hit_pending()) return false;
  if (privilege() != Privilege::kUser && !kernel_watch_hits_) return false;
  result.reason = ExitReason::kWatchpoint;
  result.watch = memory_.take_watch_hit();
  return true;
}

RunResult Cpu::run(uint64_t max_instructions) {
  RunResult result;
  const uint64_t start = retired_;
  const uint64_t limit = retired_ + max_instructions;
  stop_requested_ = false;
  for (;;) {
    cache_->collect_garbage();
    // A plain load first: the exchange is a locked instruction, too dear per block.
    if (interrupt_requested_.load(std::memory_order_relaxed) &&
        interrupt_requested_.exchange(false, std::memory_order_relaxed)) {
      result.reason = ExitReason::kInterrupted;
      break;
    }
    if (retired_ >= limit) {
      result.reason = ExitReason::kBudgetExhausted;
      break;
    }
    const Block* block = nullptr;
    try {
      block = &cache_->lookup(state_.rip, privilege(), this, &is_native_thunk);
    } catch (const GuestFault& fault) {
      result.reason = ExitReason::kFault;
      result.fault = fault;
      break;
    }
    block_ended_ = false;
    const DecodedInsn* insn = block->insns.data();
    const DecodedInsn* const end = insn + block->insns.size();
    // Breakpoints and watchpoints need a check per instruction; without any,
    // the block runs with none.
    const bool watching = memory_.has_watches();
    const bool fast = breakpoints_.empty() && !watching && limit - retired_ >= block->insns.size();
    bool stop = false;
    try {
      if (fast) {
        for (; insn != end; ++insn) {
          state_.rip = insn->next_rip();
          insn->handler(*this, *insn);
          ++retired_;
          if (block_ended_) break;
        }
      } else {
        for (; insn != end; ++insn) {
          // Also at the first instruction: as with an int3 in memory, a
          // breakpoint at the pc a run starts from stops it. The debugger
          // removes a breakpoint it means to step over (gdb and lldb do).
          if (breakpoints_.count(insn->address)) {
            state_.rip = insn->address;
            result.reason = ExitReason::kBreakpoint;
            stop = true;
            break;
          }
          if (retired_ >= limit) {
            state_.rip = insn->address;
            result.reason = ExitReason::kBudgetExhausted;
            stop = true;
            break;
          }
          state_.rip = insn->next_rip();
          insn->handler(*this, *insn);
          ++retired_;
          if (watching && watch_triggered(result)) {
            stop = true;
            break;
          }
          if (block_ended_) break;
        }
      }
    } catch (const GuestFault& fault) {
      memory_.take_watch_hit();  // the faulting instruction's accesses do not count
      state_.rip = insn->address;
      result.reason = ExitReason::kFault;
      result.fault = fault;
      break;
    }
    if (stop) break;
    if (stop_requested_) {
      result.reason = ExitReason::kStopRequested;
      break;
    }
  }
  result.instructions = retired_ - start;
  return result;
}

}  // namespace lstar::cpu
