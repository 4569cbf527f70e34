#include "tests/cpu/diff/native_runner.h"

#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "tests/cpu/diff/native_trampoline.h"

namespace lstar::difftest {

struct NativeRunner::Shared {
  uint32_t count = 0;
  Case cases[kMaxBatch];
  Outcome outcomes[kMaxBatch];
};

namespace {

constexpr int kTimeoutMs = 20000;
constexpr size_t kAltStackSize = 64 * 1024;

// Child-side fault recovery. sigsetjmp without saving the mask plus
// SA_NODEFER keeps every case free of system calls.
sigjmp_buf g_recover;
volatile sig_atomic_t g_signal = 0;
volatile uint64_t g_fault_rip = 0;
volatile uint64_t g_fault_addr = 0;

void on_fault(int sig, siginfo_t* info, void* context) {
  g_signal = sig;
  g_fault_rip =
      static_cast<uint64_t>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RIP]);
  g_fault_addr = reinterpret_cast<uint64_t>(info->si_addr);
  siglongjmp(g_recover, 1);
}

void install_fault_handlers() {
  static char* alt = static_cast<char*>(std::malloc(kAltStackSize));
  stack_t ss{};
  ss.ss_sp = alt;
  ss.ss_size = kAltStackSize;
  sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP}) sigaction(sig, &sa, nullptr);
}

void* map_fixed(uint64_t addr, size_t len, int prot) {
  void* p = mmap(reinterpret_cast<void*>(addr), len, prot,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != reinterpret_cast<void*>(addr)) {
    std::fprintf(stderr, "native runner: cannot map %#lx\n", static_cast<unsigned long>(addr));
    _exit(3);
  }
  return p;
}

void place_jump(uint8_t* at, void (*target)()) {
  const uint8_t jmp[6] = {0xff, 0x25, 0, 0, 0, 0};  // jmp [rip+0]
  std::memcpy(at, jmp, sizeof jmp);
  const uint64_t address = reinterpret_cast<uint64_t>(target);
  std::memcpy(at + sizeof jmp, &address, 8);
}

// The code page holds the instruction followed by a jump to the capture
// code, and at kBranchTarget a jump to the capture code for taken branches.
void place_code(uint8_t* page, const Case& c) {
  std::memcpy(page, c.code.data(), c.code_len);
  place_jump(page + c.code_len, &lstar_diff_native_capture);
  place_jump(page + (kBranchTarget - kCodeAddr), &lstar_diff_native_capture_taken);
}

void run_case(uint8_t* code_page, uint8_t* scratch, const Case& c, Outcome& o) {
  place_code(code_page, c);
  std::memcpy(scratch, c.memory.data(), kScratchSize);
  g_signal = 0;
  if (sigsetjmp(g_recover, 0) == 0) {
    lstar_diff_native_run(&c.in, &o.out, code_page);
    o.signal = 0;
  } else {
    // The fault left the guest's control words loaded; restore the host's.
    const uint32_t mxcsr = 0x1f80;
    asm volatile("fninit\n\tldmxcsr %0\n\tcld" : : "m"(mxcsr));
    o.signal = g_signal;
    o.fault_rip = g_fault_rip;
    o.fault_addr = g_fault_addr;
  }
  std::memcpy(o.memory.data(), scratch, kScratchSize);
}

[[noreturn]] void child_main(NativeRunner::Shared* shared, int in, int out) {
  install_fault_handlers();
  auto* code =
      static_cast<uint8_t*>(map_fixed(kCodeAddr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC));
  auto* scratch =
      static_cast<uint8_t*>(map_fixed(kScratchAddr, kScratchSize, PROT_READ | PROT_WRITE));
  for (;;) {
    uint32_t count;
    if (read(in, &count, sizeof count) != sizeof count) _exit(0);
    for (uint32_t k = 0; k < count; ++k)
      run_case(code, scratch, shared->cases[k], shared->outcomes[k]);
    if (write(out, &count, sizeof count) != sizeof count) _exit(0);
  }
}

}  // namespace

NativeRunner::NativeRunner() {
  void* p =
      mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("native runner: mmap failed");
  shared_ = new (p) Shared();
  spawn();
}

NativeRunner::~NativeRunner() {
  stop();
  shared_->~Shared();
  munmap(shared_, sizeof(Shared));
}

void NativeRunner::spawn() {
  int down[2];
  int up[2];
  if (pipe(down) != 0 || pipe(up) != 0) throw std::runtime_error("native runner: pipe failed");
  child_ = fork();
  if (child_ < 0) throw std::runtime_error("native runner: fork failed");
  if (child_ == 0) {
    close(down[1]);
    close(up[0]);
    child_main(shared_, down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  to_child_ = down[1];
  from_child_ = up[0];
}

void NativeRunner::stop() {
  if (child_ <= 0) return;
  close(to_child_);
  close(from_child_);
  kill(child_, SIGKILL);
  waitpid(child_, nullptr, 0);
  child_ = -1;
}

bool NativeRunner::run(std::span<const Case> cases, std::span<Outcome> outcomes) {
  const auto count = static_cast<uint32_t>(cases.size());
  std::copy(cases.begin(), cases.end(), shared_->cases);
  bool ok = write(to_child_, &count, sizeof count) == sizeof count;
  pollfd pfd{from_child_, POLLIN, 0};
  uint32_t done = 0;
  ok = ok && poll(&pfd, 1, kTimeoutMs) == 1 &&
       read(from_child_, &done, sizeof done) == sizeof done && done == count;
  if (!ok) {
    stop();
    spawn();
    return false;
  }
  std::copy(shared_->outcomes, shared_->outcomes + count, outcomes.begin());
  return true;
}

}  // namespace lstar::difftest
