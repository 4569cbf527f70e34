// Typed RSP requests: what a debugger asks of the stub, one struct per
// packet kind. Numbers arrive in hex on the wire and are plain integers here;
// hex-encoded strings (paths, monitor commands) arrive decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "abi/signals.h"

#include "protocol/supported_feature.h"
#include "protocol/thread_id.h"

namespace lstar::protocol {

using Bytes = std::vector<uint8_t>;
// gdb's own signal numbering (GDB_SIGNAL_*), not Linux's: a distinct type,
// so that a Linux number cannot reach a packet unconverted.
using SignalNumber = abi::GdbSignal;

// qSupported[:feature;feature...]
struct QuerySupported {
  std::vector<SupportedFeature> features;
  bool operator==(const QuerySupported&) const = default;
};
// QStartNoAckMode
struct StartNoAckMode {
  bool operator==(const StartNoAckMode&) const = default;
};
// ?
struct QueryHaltReason {
  bool operator==(const QueryHaltReason&) const = default;
};
// g
struct ReadAllRegisters {
  bool operator==(const ReadAllRegisters&) const = default;
};
// G XX...
struct WriteAllRegisters {
  Bytes bytes;
  bool operator==(const WriteAllRegisters&) const = default;
};
// p n
struct ReadRegister {
  uint32_t regnum = 0;
  bool operator==(const ReadRegister&) const = default;
};
// P n=XX...
struct WriteRegister {
  uint32_t regnum = 0;
  Bytes bytes;  // target byte order
  bool operator==(const WriteRegister&) const = default;
};
// m addr,length
struct ReadMemory {
  uint64_t address = 0;
  uint64_t length = 0;
  bool operator==(const ReadMemory&) const = default;
};
// M addr,length:XX... and X addr,length:binary. gdb probes X support with a
// zero-length write, so `bytes` may be empty.
struct WriteMemory {
  uint64_t address = 0;
  Bytes bytes;
  bool operator==(const WriteMemory&) const = default;
};
// c [addr] and C sig[;addr]
struct Continue {
  std::optional<uint64_t> address;
  std::optional<SignalNumber> signal;
  bool operator==(const Continue&) const = default;
};
// s [addr] and S sig[;addr]
struct Step {
  std::optional<uint64_t> address;
  std::optional<SignalNumber> signal;
  bool operator==(const Step&) const = default;
};
// vCont?
struct VContQuery {
  bool operator==(const VContQuery&) const = default;
};

enum class VContActionType : char {
  kContinue = 'c',
  kContinueWithSignal = 'C',
  kStep = 's',
  kStepWithSignal = 'S',
  kStop = 't',
  kRangeStep = 'r',
};

struct VContAction {
  VContActionType type = VContActionType::kContinue;
  SignalNumber signal = SignalNumber::k0;  // for C and S
  uint64_t range_start = 0;                // for r: step while start <= pc < end
  uint64_t range_end = 0;
  std::optional<ThreadId> thread;  // absent: applies to every other thread
  bool operator==(const VContAction&) const = default;
};
// vCont;action[:thread-id]...
struct VCont {
  std::vector<VContAction> actions;
  bool operator==(const VCont&) const = default;
};

enum class BreakpointType : uint8_t {
  kSoftware = 0,
  kHardware = 1,
  kWriteWatchpoint = 2,
  kReadWatchpoint = 3,
  kAccessWatchpoint = 4,
};
// Z type,addr,kind. Conditions and commands after ';' are ignored: lstar
// does not offer ConditionalBreakpoints or BreakpointCommands.
struct InsertBreakpoint {
  BreakpointType type = BreakpointType::kSoftware;
  uint64_t address = 0;
  uint64_t kind = 0;  // breakpoint: instruction length; watchpoint: byte count
  bool operator==(const InsertBreakpoint&) const = default;
};
// z type,addr,kind
struct RemoveBreakpoint {
  BreakpointType type = BreakpointType::kSoftware;
  uint64_t address = 0;
  uint64_t kind = 0;
  bool operator==(const RemoveBreakpoint&) const = default;
};
// QCatchSyscalls:1[;nr...] and QCatchSyscalls:0
struct CatchSyscalls {
  bool enabled = false;
  std::vector<uint64_t> numbers;  // empty while enabled: catch every syscall
  bool operator==(const CatchSyscalls&) const = default;
};
// QPassSignals:sig;sig...
struct PassSignals {
  std::vector<SignalNumber> signals;
  bool operator==(const PassSignals&) const = default;
};
// QProgramSignals:sig;sig...
struct ProgramSignals {
  std::vector<SignalNumber> signals;
  bool operator==(const ProgramSignals&) const = default;
};
// qXfer:object:read:annex:offset,length
struct XferRead {
  std::string object;  // "features", "auxv", "exec-file", "threads", ...
  std::string annex;   // "target.xml", a pid for exec-file, often empty
  uint64_t offset = 0;
  uint64_t length = 0;
  bool operator==(const XferRead&) const = default;
};
// qRcmd,hex
struct Monitor {
  std::string command;
  bool operator==(const Monitor&) const = default;
};
// k and vKill;pid
struct Kill {
  std::optional<int64_t> pid;
  bool operator==(const Kill&) const = default;
};
// D and D;pid
struct Detach {
  std::optional<int64_t> pid;
  bool operator==(const Detach&) const = default;
};

enum class ThreadOperation : char {
  kGeneral = 'g',   // registers and memory
  kContinue = 'c',  // the legacy c/s packets
};
// H op thread-id
struct SetThread {
  ThreadOperation operation = ThreadOperation::kGeneral;
  ThreadId thread;
  bool operator==(const SetThread&) const = default;
};
// T thread-id
struct ThreadAlive {
  ThreadId thread;
  bool operator==(const ThreadAlive&) const = default;
};
// qC
struct QueryCurrentThread {
  bool operator==(const QueryCurrentThread&) const = default;
};
// qfThreadInfo
struct QueryThreadInfoFirst {
  bool operator==(const QueryThreadInfoFirst&) const = default;
};
// qsThreadInfo
struct QueryThreadInfoNext {
  bool operator==(const QueryThreadInfoNext&) const = default;
};
// qAttached[:pid]
struct QueryAttached {
  std::optional<int64_t> pid;
  bool operator==(const QueryAttached&) const = default;
};
// qOffsets
struct QueryOffsets {
  bool operator==(const QueryOffsets&) const = default;
};
// qSymbol:[value]:[hex name]. "qSymbol::" (no name) says gdb is ready to
// look up symbols for the stub; otherwise it answers an earlier request and
// `value` is absent when the symbol was not found.
struct QuerySymbol {
  std::optional<uint64_t> value;
  std::string name;
  bool operator==(const QuerySymbol&) const = default;
};
// vMustReplyEmpty
struct VMustReplyEmpty {
  bool operator==(const VMustReplyEmpty&) const = default;
};
// vRun;hex-filename[;hex-arg]...; an empty filename means "the same program".
struct VRun {
  std::vector<std::string> arguments;  // arguments[0] is the filename
  bool operator==(const VRun&) const = default;
};

// Host I/O (vFile:...). Paths are decoded; flags and modes use the
// File-I/O protocol values (see file_io.h), not the host's.
struct VFileOpen {
  std::string path;
  uint64_t flags = 0;
  uint64_t mode = 0;
  bool operator==(const VFileOpen&) const = default;
};
struct VFilePread {
  int32_t fd = 0;
  uint64_t count = 0;
  uint64_t offset = 0;
  bool operator==(const VFilePread&) const = default;
};
struct VFilePwrite {
  int32_t fd = 0;
  uint64_t offset = 0;
  Bytes data;
  bool operator==(const VFilePwrite&) const = default;
};
struct VFileClose {
  int32_t fd = 0;
  bool operator==(const VFileClose&) const = default;
};
struct VFileFstat {
  int32_t fd = 0;
  bool operator==(const VFileFstat&) const = default;
};
struct VFileUnlink {
  std::string path;
  bool operator==(const VFileUnlink&) const = default;
};
struct VFileReadlink {
  std::string path;
  bool operator==(const VFileReadlink&) const = default;
};
// Later path operations act in the mount namespace of `pid`; 0 = the stub's.
struct VFileSetfs {
  int64_t pid = 0;
  bool operator==(const VFileSetfs&) const = default;
};
using VFileOperation = std::variant<VFileOpen, VFilePread, VFilePwrite, VFileClose, VFileFstat,
                                    VFileUnlink, VFileReadlink, VFileSetfs>;
struct VFile {
  VFileOperation operation;
  bool operator==(const VFile&) const = default;
};

// !
struct ExtendedMode {
  bool operator==(const ExtendedMode&) const = default;
};
// R XX: restart the program (extended mode)
struct Restart {
  bool operator==(const Restart&) const = default;
};
// QNonStop:0 / QNonStop:1
struct SetNonStop {
  bool enabled = false;
  bool operator==(const SetNonStop&) const = default;
};
// Anything lstar does not implement; the stub answers with an empty packet.
struct Unknown {
  std::string payload;
  bool operator==(const Unknown&) const = default;
};
// A known packet whose arguments do not parse.
struct Malformed {
  std::string payload;
  std::string reason;
  bool operator==(const Malformed&) const = default;
};

using Request =
    std::variant<QuerySupported, StartNoAckMode, QueryHaltReason, ReadAllRegisters,
                 WriteAllRegisters, ReadRegister, WriteRegister, ReadMemory, WriteMemory, Continue,
                 Step, VContQuery, VCont, InsertBreakpoint, RemoveBreakpoint, CatchSyscalls,
                 PassSignals, ProgramSignals, XferRead, Monitor, Kill, Detach, SetThread,
                 ThreadAlive, QueryCurrentThread, QueryThreadInfoFirst, QueryThreadInfoNext,
                 QueryAttached, QueryOffsets, QuerySymbol, VMustReplyEmpty, VRun, VFile,
                 ExtendedMode, Restart, SetNonStop, Unknown, Malformed>;

}  // namespace lstar::protocol
