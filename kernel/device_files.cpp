#include "kernel/device_files.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// The standard streams are character devices: either a terminal (the
// pseudo-terminal /dev/pts/0, where glibc line-buffers stdout) or not (like
// /dev/null: glibc buffers stdout fully, as for a pipe).
FileStat stdio_stat(uint64_t ino, bool terminal) {
  FileStat st;
  st.ino = ino;
  st.mode = kSIfChr | 0620;
  st.uid = 1000;
  st.gid = 5;  // tty
  st.rdev = terminal ? make_dev(136, 0) : make_dev(1, 3);
  st.blksize = terminal ? 1024 : 4096;  // what glibc sizes stdio buffers from
  return st;
}

// The terminal requests a program makes of its standard streams, answered
// as a pseudo-terminal in its default mode would (drivers/tty/tty_ioctl.c).
int64_t terminal_ioctl(Kernel& k, uint64_t cmd, uint64_t arg) {
  constexpr uint64_t kTcgets = 0x5401, kTcsets = 0x5402, kTcsetsw = 0x5403, kTcsetsf = 0x5404;
  constexpr uint64_t kTiocgpgrp = 0x540f, kTiocspgrp = 0x5410, kTiocgwinsz = 0x5413;
  constexpr uint64_t kTiocswinsz = 0x5414;
  switch (cmd) {
    case kTcgets: {
      // struct termios (36 bytes): iflag ICRNL|IXON, oflag OPOST|ONLCR,
      // cflag B38400|CS8|CREAD, lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|
      // ECHOKE|IEXTEN, line 0, then c_cc as a new pty has them.
      struct {
        uint32_t iflag = 0x500, oflag = 0x5, cflag = 0xbf, lflag = 0x8a3b;
        uint8_t line = 0;
        uint8_t cc[19] = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0};
      } termios;
      static_assert(sizeof termios == 36);
      return copy_to_user(k.memory(), arg, &termios, sizeof termios) ? -kEFAULT : 0;
    }
    case kTiocgwinsz: {
      const uint16_t winsize[4] = {24, 80, 0, 0};  // rows, columns, pixels
      return copy_to_user(k.memory(), arg, winsize, sizeof winsize) ? -kEFAULT : 0;
    }
    case kTiocgpgrp: {
      const int32_t pgrp = k.process().pid;  // the process leads its own group
      return copy_to_user(k.memory(), arg, &pgrp, sizeof pgrp) ? -kEFAULT : 0;
    }
    case kTcsets:
    case kTcsetsw:
    case kTcsetsf:
    case kTiocspgrp:
    case kTiocswinsz: {
      // Accepted after checking the argument: nothing here interprets modes.
      uint8_t probe = 0;
      return copy_from_user(k.memory(), &probe, arg, 1) ? -kEFAULT : 0;
    }
    default:
      return -kENOTTY;
  }
}

FileStat device_stat(uint32_t minor) {
  FileStat st;
  st.ino = 100 + minor;
  st.mode = kSIfChr | 0666;
  st.rdev = make_dev(1, minor);
  return st;
}

class StdinFile final : public OpenFile {
 public:
  explicit StdinFile(bool terminal) : OpenFile(kORdOnly), terminal_(terminal) {}
  int64_t read(Kernel& k, std::span<uint8_t> out) override {
    return static_cast<int64_t>(k.read_input(out));
  }
  bool partial_reads() const override { return true; }
  FileStat stat() const override { return stdio_stat(3, terminal_); }
  int64_t ioctl(Kernel& k, uint64_t cmd, uint64_t arg) override {
    return terminal_ ? terminal_ioctl(k, cmd, arg) : -kENOTTY;
  }

 private:
  bool terminal_;
};

class OutputFile final : public OpenFile {
 public:
  OutputFile(int stream, bool terminal)
      : OpenFile(kOWrOnly), stream_(stream), terminal_(terminal) {}
  int64_t write(Kernel& k, std::span<const uint8_t> data) override {
    const size_t n = k.accept_output(data.size());
    k.write_output(stream_, {reinterpret_cast<const char*>(data.data()), n});
    return static_cast<int64_t>(n);
  }
  FileStat stat() const override {
    return stdio_stat(3 + static_cast<uint64_t>(stream_), terminal_);
  }
  // A terminal's chunks, or a pipe's pages otherwise.
  size_t write_unit() const override { return terminal_ ? 2048 : 4096; }
  int64_t ioctl(Kernel& k, uint64_t cmd, uint64_t arg) override {
    return terminal_ ? terminal_ioctl(k, cmd, arg) : -kENOTTY;
  }

 private:
  int stream_;
  bool terminal_;
};

// /dev/null: reads see EOF, writes vanish, seeks go nowhere (null_lseek).
class NullFile final : public OpenFile {
 public:
  explicit NullFile(int flags) : OpenFile(flags) {}
  int64_t read(Kernel&, std::span<uint8_t>) override { return 0; }
  int64_t write(Kernel&, std::span<const uint8_t> d) override { return ssize(d); }
  int64_t pread(Kernel&, std::span<uint8_t>, int64_t) override { return 0; }
  int64_t pwrite(Kernel&, std::span<const uint8_t> d, int64_t) override { return ssize(d); }
  int64_t seek(int64_t, int) override { return 0; }
  FileStat stat() const override { return device_stat(3); }
  bool reads_written_bytes() const override { return false; }

 private:
  static int64_t ssize(std::span<const uint8_t> d) { return static_cast<int64_t>(d.size()); }
};

class ZeroFile final : public OpenFile {
 public:
  explicit ZeroFile(int flags) : OpenFile(flags) {}
  int64_t read(Kernel&, std::span<uint8_t> out) override {
    std::fill(out.begin(), out.end(), uint8_t{0});
    return static_cast<int64_t>(out.size());
  }
  int64_t write(Kernel&, std::span<const uint8_t> d) override {
    return static_cast<int64_t>(d.size());
  }
  int64_t pread(Kernel& k, std::span<uint8_t> out, int64_t) override { return read(k, out); }
  int64_t pwrite(Kernel& k, std::span<const uint8_t> d, int64_t) override { return write(k, d); }
  int64_t seek(int64_t, int) override { return 0; }
  FileStat stat() const override { return device_stat(5); }
  bool reads_written_bytes() const override { return false; }
};

class RandomFile final : public OpenFile {
 public:
  RandomFile(int flags, uint32_t minor) : OpenFile(flags), minor_(minor) {}
  int64_t read(Kernel& k, std::span<uint8_t> out) override {
    k.process().random.fill(out);
    return static_cast<int64_t>(out.size());
  }
  // Writing mixes entropy into the pool on Linux; a reproducible pool ignores it.
  int64_t write(Kernel&, std::span<const uint8_t> d) override {
    return static_cast<int64_t>(d.size());
  }
  int64_t seek(int64_t, int) override { return 0; }
  FileStat stat() const override { return device_stat(minor_); }

 private:
  uint32_t minor_;
};

// Read-only text with a file position, like a procfs seq file.
class TextFile final : public OpenFile {
 public:
  TextFile(int flags, std::string text, uint64_t ino)
      : OpenFile(flags), text_(std::move(text)), ino_(ino) {}
  int64_t read(Kernel& k, std::span<uint8_t> out) override {
    const int64_t n = pread(k, out, pos_);
    pos_ += n;
    return n;
  }
  int64_t pread(Kernel&, std::span<uint8_t> out, int64_t pos) override {
    if (pos < 0) return -kEINVAL;
    if (static_cast<uint64_t>(pos) >= text_.size()) return 0;
    const size_t n = std::min(out.size(), text_.size() - static_cast<size_t>(pos));
    std::memcpy(out.data(), text_.data() + pos, n);
    return static_cast<int64_t>(n);
  }
  int64_t seek(int64_t offset, int whence) override;
  FileStat stat() const override {
    FileStat st;
    st.dev = make_dev(0, 4);  // proc
    st.ino = ino_;
    st.mode = kSIfReg | 0444;
    st.uid = st.gid = 1000;
    st.blksize = 1024;
    return st;  // size 0, as procfs reports it
  }

 private:
  std::string text_;
  uint64_t ino_;
  int64_t pos_ = 0;
};

int64_t TextFile::seek(int64_t offset, int whence) {
  int64_t base = 0;
  switch (whence) {
    case kSeekSet:
      base = 0;
      break;
    case kSeekCur:
      base = pos_;
      break;
    case kSeekEnd:
      base = static_cast<int64_t>(text_.size());
      break;
    default:
      return -kEINVAL;
  }
  if (offset > 0 && base > INT64_MAX - offset) return -kEOVERFLOW;
  if (base + offset < 0) return -kEINVAL;
  pos_ = base + offset;
  return pos_;
}

class DirectoryFile final : public OpenFile {
 public:
  DirectoryFile(int flags, uint64_t ino, std::string path)
      : OpenFile(flags), ino_(ino), path_(std::move(path)) {}
  int64_t read(Kernel&, std::span<uint8_t>) override { return -kEISDIR; }
  int64_t write(Kernel&, std::span<const uint8_t>) override { return -kEISDIR; }
  int64_t pread(Kernel&, std::span<uint8_t>, int64_t) override { return -kEISDIR; }
  int64_t seek(int64_t, int) override { return 0; }
  bool is_directory() const override { return true; }
  std::string path() const override { return path_; }
  FileStat stat() const override {
    FileStat st;
    st.dev = make_dev(0, 1);
    st.ino = ino_;
    st.nlink = 2;
    st.mode = kSIfDir | 0755;
    st.size = 4096;
    st.blocks = 8;
    return st;
  }

 private:
  uint64_t ino_;
  std::string path_;
};

}  // namespace

std::shared_ptr<OpenFile> make_stdin_file(bool terminal) {
  return std::make_shared<StdinFile>(terminal);
}
std::shared_ptr<OpenFile> make_output_file(int stream, bool terminal) {
  return std::make_shared<OutputFile>(stream, terminal);
}
std::shared_ptr<OpenFile> make_null_file(int flags) {
  return std::make_shared<NullFile>(flags);
}
std::shared_ptr<OpenFile> make_zero_file(int flags) {
  return std::make_shared<ZeroFile>(flags);
}
std::shared_ptr<OpenFile> make_random_file(int flags, uint32_t minor) {
  return std::make_shared<RandomFile>(flags, minor);
}
std::shared_ptr<OpenFile> make_text_file(int flags, std::string text, uint64_t ino) {
  return std::make_shared<TextFile>(flags, std::move(text), ino);
}
std::shared_ptr<OpenFile> make_directory_file(int flags, uint64_t ino, std::string path) {
  return std::make_shared<DirectoryFile>(flags, ino, std::move(path));
}

}  // namespace lstar::kernel
