#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into tests/fuzz/corpus/<target>/.

    python3 tests/fuzz/make_seeds.py [REFERENCE_DIR]

REFERENCE_DIR holds recorded gdb <-> gdbserver conversations (`set debug
remote 1` logs: "Sending packet: $...#xx" / "Packet received: ..."); the
packets gdb sent become request-parser, decoder and session seeds, the
stop replies stop-reply seeds. Without it only the hand-written seeds are
written. The ELF seeds are minimal files built here byte by byte. Each
seed's layout follows what its *_fuzzer.cpp reads.
"""
import hashlib
import pathlib
import re
import struct
import sys

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def write(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("latin-1")
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    (folder / name).write_bytes(data)


def frame(payload):
    escaped = bytearray()
    for byte in payload.encode("latin-1"):
        if byte in b"$#}*":
            escaped += bytes([0x7D, byte ^ 0x20])
        else:
            escaped.append(byte)
    return b"$" + bytes(escaped) + b"#%02x" % (sum(escaped) & 0xFF)


def transcripts(reference):
    """(sent payloads, received payloads) of each recorded conversation."""
    for path in sorted(pathlib.Path(reference).glob("*transcript*.txt")):
        sent, received = [], []
        for line in path.read_text(encoding="latin-1").splitlines():
            m = re.match(r"Sending packet: \$(.*)#[0-9a-f]{2}$", line)
            if m:
                sent.append(m.group(1))
            m = re.match(r"Packet received: (.*)$", line)
            if m:
                received.append(m.group(1))
        yield path.stem, sent, received


# ---- protocol: hand-written payloads of every request kind
PAYLOADS = [
    "qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386",
    "QStartNoAckMode", "?", "g", "G" + "00" * 560, "p10", "P10=0010400000000000",
    "m400000,40", "M400000,2:cc90", "X400000,2:\x7d\x5d\x00", "c", "C05;401000", "s", "S05",
    "vCont?", "vCont;c:p3e8.-1", "vCont;s:p3e8.3e8", "vCont;r401000,401010:p3e8.3e8;c",
    "Z0,401000,1", "z0,401000,1", "Z2,403000,8", "Z4,403000,4", "QCatchSyscalls:1;224;1b7",
    "QCatchSyscalls:1", "QCatchSyscalls:0", "QPassSignals:e;14;", "QProgramSignals:0;1",
    "qXfer:features:read:target.xml:0,1000", "qXfer:auxv:read::0,200",
    "qXfer:exec-file:read::0,fff", "qXfer:threads:read::0,fff", "qRcmd,646d657367",
    "qRcmd,7374617473", "k", "vKill;3e8", "D;3e8", "Hgp3e8.3e8", "Hc-1", "T3e8", "qC",
    "qfThreadInfo", "qsThreadInfo", "qAttached:3e8", "qSymbol::", "vRun;2f6c61622f64656d6f;61",
    "vFile:setfs:0", "vFile:open:2f6c61622f64656d6f,0,0", "vFile:pread:0,47ff,0",
    "vFile:pwrite:0,0,abc", "vFile:close:0", "vFile:unlink:2f746d702f78", "vFile:fstat:0",
    "vFile:readlink:2f70726f632f3130302f657865", "QNonStop:0", "!", "R00", "vMustReplyEmpty",
    "qOffsets", "qTStatus", "QEnvironmentHexEncoded:413d31", "QSetWorkingDir:2f",
    "qHostInfo", "qProcessInfo", "qRegisterInfo0", "QThreadSuffixSupported",
    "jThreadsInfo", "qMemoryRegionInfo:400000", "QListThreadsInStopReply",
    "QLstarSyscallStream:1", "qLstarSyscallStream",
]

STOP_REPLIES = [
    "T05syscall_entry:224;06:0000000000000000;07:d0e6ffffff7f0000;10:4610400000000000;"
    "thread:p3e8.3e8;core:0;",
    "T05syscall_return:224;06:0000000000000000;07:d0e6ffffff7f0000;10:4610400000000000;"
    "thread:p3e8.3e8;core:0;",
    "T05swbreak:;06:0;07:d0e6ffffff7f0000;10:0010400000000000;thread:p3e8.3e8;core:0;",
    "T05hwbreak:;thread:p3e8.3e8;",
    "T05watch:403000;thread:p3e8.3e8;", "T05rwatch:403000;thread:3e8;",
    "T05awatch:403000;thread:p3e8.3e8;", "T0bthread:p3e8.3e8;core:0;", "T02thread:1;",
    "T05fork:p3e9.3e9;thread:p3e8.3e8;", "T05exec:2f62696e2f6c73;thread:p3e8.3e8;",
    "T05library:;", "S05", "S0b", "W00", "W00;process:3e8", "W7f;process:3e8", "X0b",
    "X09;process:3e8", "N", "O48656c6c6f0a", "E01", "OK", "",
]


def protocol_seeds(reference):
    payloads = list(PAYLOADS)
    stops = list(STOP_REPLIES)
    sessions = []
    if reference:
        for name, sent, received in transcripts(reference):
            payloads += sent
            stops += [r for r in received if re.match(r"[TSWXN]([0-9a-f]{2}|$)", r)]
            sessions.append((name, sent))
    for payload in dict.fromkeys(payloads):
        write("request_parser_fuzzer", payload)
    for stop in dict.fromkeys(stops):
        write("stop_reply_fuzzer", stop)

    # Decoder: limit byte, chunk-seed byte, bytes on the wire.
    wire = [
        b"+" + frame("qSupported:multiprocess+;swbreak+"),
        frame("QStartNoAckMode") + b"+" + frame("vCont;c:p3e8.-1") + b"\x03",
        b"$g#00-" + frame("g"),                    # bad checksum, then a good frame
        b"$X400000,4:}\x5d}\x03}\x04}\x0a#", # escapes, cut before the checksum
        b"$m0* ,1#0b",                              # run-length encoding
        b"$" + b"A" * 300 + b"#00$?#3f",            # oversized, then resynchronised
        b"junk\x03+-$qC#b4",
    ]
    for i, data in enumerate(wire):
        write("packet_decoder_fuzzer", bytes([0x40, i * 37 % 256]) + data)

    # Session: chunk-seed byte, the client's bytes (acks until no-ack mode).
    lstar_session = ["qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386",
                     "vMustReplyEmpty", "QStartNoAckMode", "Hgp0.0",
                     "qXfer:features:read:target.xml:0,1000", "qXfer:auxv:read::0,1000", "?",
                     "qfThreadInfo", "qC", "g", "p10", "m400000,40", "QCatchSyscalls:1;224",
                     "vCont;c:p3e8.-1", "vCont;c:p3e8.-1", "vCont;s:p3e8.3e8", "Z0,401000,1",
                     "c", "z0,401000,1", "qRcmd,646d657367", "M403000,4:01020304", "Z2,403000,4",
                     "c", "vCont;c:p3e8.-1", "k"]
    sessions.append(("lstar_demo", lstar_session))
    sessions.append(("extended", ["QStartNoAckMode", "!", "vFile:setfs:0",
                                  "vFile:open:2f746d702f78,601,1ed", "vFile:pwrite:0,0,\x7fELF",
                                  "vFile:close:0", "vRun;2f746d702f78", "vRun;",
                                  "vFile:open:2f6c61622f64656d6f,0,0", "vFile:pread:0,100,0",
                                  "qXfer:exec-file:read:3e8:0,fff", "vKill;3e8", "vRun;", "c"]))
    for name, sent in sessions:
        stream = bytearray([len(name)])
        acking = True
        for payload in sent:
            stream += frame(payload)
            if acking:
                stream += b"+"
            if payload == "QStartNoAckMode":
                acking = False
        write("gdb_session_fuzzer", bytes(stream), name)


# ---- ELF files built by hand: 64-bit little-endian x86-64 headers.
def elf(e_type=2, segments=(), entry=0x401000, sections=b"", shoff=0, shnum=0, shstrndx=0):
    phoff = 64
    header = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, e_type, 62, 1,
                         entry, phoff, shoff, 0, 64, 56, len(segments), 64, shnum, shstrndx)
    phdrs = b"".join(struct.pack("<IIQQQQQQ", *s) for s in segments)
    return header + phdrs + sections


PT_LOAD, PT_TLS, PT_GNU_STACK, PT_INTERP = 1, 7, 0x6474E551, 3


def elf_seeds():
    code = b"\xb8\x3c\x00\x00\x00\x31\xff\x0f\x05"  # exit(0)
    text = (PT_LOAD, 5, 0, 0x400000, 0x400000, 0x1000, 0x1000, 0x1000)
    minimal = bytearray(elf(segments=[text], entry=0x400000 + 0x100))
    minimal[0x100:0x100] = code
    minimal = bytes(minimal[:0x1000]).ljust(0x1000, b"\0")
    write("elf_loader_fuzzer", minimal, "exec_minimal")
    data = (PT_LOAD, 6, 0, 0x401000, 0x401000, 0x80, 0x3000, 0x1000)
    write("elf_loader_fuzzer", elf(segments=[text, data]).ljust(0x200, b"\0"), "exec_bss")
    tls = (PT_TLS, 4, 0x100, 0x402100, 0x402100, 0x10, 0x40, 0x10)
    stack = (PT_GNU_STACK, 7, 0, 0, 0, 0, 0, 0x10)
    write("elf_loader_fuzzer", elf(segments=[text, tls, stack]).ljust(0x200, b"\0"), "exec_tls")
    pie_text = (PT_LOAD, 5, 0, 0, 0, 0x1000, 0x1000, 0x1000)
    write("elf_loader_fuzzer", elf(e_type=3, segments=[pie_text], entry=0x100).ljust(0x200, b"\0"),
          "pie")
    interp = (PT_INTERP, 4, 0x100, 0x400100, 0x400100, 0x1c, 0x1c, 1)
    write("elf_loader_fuzzer", elf(e_type=3, segments=[interp, pie_text]).ljust(0x200, b"\0"),
          "dynamic")
    # A symbol table: .symtab (2) + .strtab (3) + .shstrtab, one function "main".
    strtab = b"\0main\0"
    shstr = b"\0.symtab\0.strtab\0.shstrtab\0"
    symtab = b"\0" * 24 + struct.pack("<IBBHQQ", 1, 0x12, 0, 1, 0x401000, 16)
    body_off = 64 + 56
    sym_off = body_off
    str_off = sym_off + len(symtab)
    shs_off = str_off + len(strtab)
    sh_off = (shs_off + len(shstr) + 7) & ~7
    body = symtab + strtab + shstr
    body = body.ljust(sh_off - body_off, b"\0")
    sh = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    sh += struct.pack("<IIQQQQIIQQ", 1, 2, 0, 0, sym_off, len(symtab), 2, 1, 8, 24)
    sh += struct.pack("<IIQQQQIIQQ", 9, 3, 0, 0, str_off, len(strtab), 0, 0, 1, 0)
    sh += struct.pack("<IIQQQQIIQQ", 17, 3, 0, 0, shs_off, len(shstr), 0, 0, 1, 0)
    write("elf_loader_fuzzer", elf(segments=[text], sections=body + sh, shoff=sh_off, shnum=4,
                                   shstrndx=3), "symbols")


# ---- cpu_fuzzer: layout, 16 GPRs (kind + value), rflags, fs/gs base,
# star, fmask, kernel_gs_base, mxcsr, 16 XMM flags (1: keep zero), code.
def small(v):
    return bytes([0]) + struct.pack("<H", v)


def below_top(v):  # 2^64 - 1 - v
    return bytes([1]) + struct.pack("<H", v)


def raw(v):
    return bytes([3]) + struct.pack("<Q", v & (2**64 - 1))


def cpu_input(layout, regs, code):
    gprs = [small(0)] * 16
    for index, value in regs.items():
        gprs[index] = value
    tail = struct.pack("<I", 0x202) + small(0) + small(0) + struct.pack("<QI", 0, 0) + small(0)
    tail += struct.pack("<H", 0) + b"\x01" * 16
    return bytes([layout]) + b"".join(gprs) + tail + code


RAX, RCX, RSP, RSI, RDI = 0, 1, 4, 6, 7


def cpu_seeds():
    both_pages = 0x1 | 0x2 | 0x4  # page 0 and the top page mapped, user
    write("cpu_fuzzer", cpu_input(0x1, {RSP: small(4), RAX: small(7)}, b"\x50\x58\xc3"),
          "push_rsp_4")
    write("cpu_fuzzer", cpu_input(both_pages, {RAX: below_top(0)}, b"\xc6\x00\x2a"),
          "store_byte_at_minus1")
    write("cpu_fuzzer", cpu_input(both_pages, {RAX: below_top(255)}, b"\x0f\xae\x00"),
          "fxsave_at_minus256")
    write("cpu_fuzzer", cpu_input(0x4, {RSI: below_top(3), RDI: small(0x10), RCX: small(8)},
                                  b"\xf3\xa4"), "rep_movsb_across_top")
    write("cpu_fuzzer", cpu_input(0x3 << 5 | 0x4, {}, b"\x90\x90\x90"), "fetch_at_top")
    write("cpu_fuzzer", cpu_input(0x4 << 5, {}, b"\x48\xb8\x01\x02\x03\x04"), "fetch_off_page")
    write("cpu_fuzzer", cpu_input(0, {RAX: raw(0x7FFFFFFFFFFFFFFF), RCX: small(3)},
                                  b"\x48\x99\x48\xf7\xf9\x48\xd3\xe0\x0f\xaf\xc1"), "arith")
    write("cpu_fuzzer", cpu_input(0, {RSP: raw(0x7FFFFFFFE800)},
                                  b"\xd9\xe8\xd9\xfa\xdd\x1c\x24\xf2\x0f\x2c\x04\x24"), "x87_sse")
    write("cpu_fuzzer", cpu_input(0x8, {}, b"\x0f\x05\x0f\x01\xf8\x48\x0f\x07"), "syscall_cpl0")


# ---- syscall_fuzzer: content length/16, content, anchor, then per syscall:
# nr kind (<240: table number), nr, 6 args (kind + value), rsp flag.
def syscall_input(content, anchor, calls):
    content = content.ljust((len(content) + 15) // 16 * 16, b"\0")
    out = bytes([len(content) // 16]) + content + struct.pack("<H", anchor)
    for nr, args in calls:
        out += bytes([0]) + struct.pack("<H", nr)
        for arg in args:
            out += arg
        out += b"\0"
    return out


def near(offset):  # anchor + offset
    return bytes([2]) + struct.pack("<h", offset)


def syscall_seeds():
    path = b"/proc/self/maps\0"
    write("syscall_fuzzer", syscall_input(path, 0, [
        (2, [near(0), small(0), small(0), small(0), small(0), small(0)]),
        (0, [small(3), near(0x100), small(200), small(0), small(0), small(0)]),
        (1, [small(1), near(0x100), small(200), small(0), small(0), small(0)]),
    ]), "open_read_write")
    write("syscall_fuzzer", syscall_input(b"Hello, World!\0", 0, [
        (548, [small(42)] + [small(0)] * 5),
        (439, [near(0x200), near(0), small(14), small(0), small(0), small(0)]),
        (440, [near(0), near(0x300), small(0), small(3), small(0), small(0)]),
    ]), "lab_syscalls")
    write("syscall_fuzzer", syscall_input(b"", 0, [
        (9, [small(0), small(0x2000), small(3), small(0x22), below_top(0), small(0)]),
        (12, [small(0)] * 6),
        (11, [near(0), small(0x1000), small(0), small(0), small(0), small(0)]),
        (10, [near(0x1000), small(0x1000), small(1), small(0), small(0), small(0)]),
    ]), "memory")
    write("syscall_fuzzer", syscall_input(b"", 0, [
        (13, [small(2), near(0), near(0x100), small(8), small(0), small(0)]),
        (39, [small(0)] * 6),
        (62, [small(0), small(0)] + [small(0)] * 4),
        (228, [small(1), near(0)] + [small(0)] * 4),
        (63, [near(0)] + [small(0)] * 5),
    ]), "signals_time_uname")


def printf_input(limit, args, string, fmt):
    """kernel_printf_fuzzer: limit, 16 edgy arguments, a guest string, the format."""
    data = bytes([limit])
    args = (list(args) + [small(0)] * 16)[:16]
    for arg in args:
        data += arg
    return data + bytes([len(string)]) + string + fmt.encode("latin-1")


def printf_seeds():
    string = near(0)  # the fuzzer's guest string
    write("kernel_printf_fuzzer", printf_input(255, [small(42)], b"",
                                               "\0016Hello World, i'm sys_hello with arg: %d\n"),
          "printk_hello")
    write("kernel_printf_fuzzer", printf_input(64, [string, small(3), string, small(0)], b"abcdef\0",
                                               "[%s] [%.*s] [%-10s] [%s]"), "strings")
    write("kernel_printf_fuzzer", printf_input(32, [below_top(0), raw(0x8000000000000000), small(7),
                                                    small(0xffff), small(5)],
                                               b"", "%hhd %lld %#o %08.3x %*d %pS %ps %px %n%q %"),
          "integers_pointers")
    write("kernel_printf_fuzzer", printf_input(8, [small(0xffff)], b"", "%8388607d%99999999999u%*d"),
          "huge_widths")


def main():
    reference = sys.argv[1] if len(sys.argv) > 1 else None
    protocol_seeds(reference)
    elf_seeds()
    cpu_seeds()
    syscall_seeds()
    printf_seeds()


if __name__ == "__main__":
    main()
