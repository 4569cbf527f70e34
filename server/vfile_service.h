// gdb's Host I/O (vFile:open/pread/pwrite/close/fstat/unlink/readlink/setfs)
// for one connection.
//
// The files a client can see are: the program lstar serve was started with
// and the program running now (by their guest paths, so gdb can fetch the
// executable it debugs), the connection's uploads (UploadSandbox), and
// generated /proc files of the debugged process. Nothing else exists; in
// particular no host file is ever opened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "kernel/machine.h"
#include "protocol/file_io.h"
#include "protocol/request.h"
#include "server/program_image.h"
#include "server/upload_sandbox.h"

namespace lstar::server {

// What the files visible over vFile are made of, as of this request.
struct VFileView {
  std::shared_ptr<const ProgramImage> served;   // lstar serve's program; may be null
  std::shared_ptr<const ProgramImage> running;  // the current process's program; may be null
  const kernel::Machine* machine = nullptr;     // for /proc; may be null
};

class VFileService {
 public:
  static constexpr size_t kMaxOpenFiles = 16;

  // `max_reply_size`: the largest packet payload (after escaping) a reply
  // may have, so pread data fits the PacketSize the stub announced.
  VFileService(UploadSandbox& sandbox, size_t max_reply_size)
      : sandbox_(sandbox), max_reply_size_(max_reply_size) {}
  ~VFileService();
  VFileService(const VFileService&) = delete;
  VFileService& operator=(const VFileService&) = delete;

  // The reply payload ("F...") for one vFile request.
  std::string handle(const protocol::VFileOperation& operation, const VFileView& view);
  // Closes every descriptor (the connection ends or the client reconnects).
  void close_all();

 private:
  struct OpenFile {
    std::shared_ptr<const std::vector<uint8_t>> snapshot;  // read-only content
    SandboxFilePtr upload;                                 // an uploaded file instead
    bool readable = true;
    bool writable = false;
    uint32_t mode = 0;
    std::span<const uint8_t> bytes() const;
  };
  using OpenResult = std::variant<OpenFile, protocol::FileIoErrno>;

  std::string open(const protocol::VFileOpen& request, const VFileView& view);
  std::string pread(const protocol::VFilePread& request);
  std::string pwrite(const protocol::VFilePwrite& request);
  std::string close(const protocol::VFileClose& request);
  std::string fstat(const protocol::VFileFstat& request);
  std::string unlink(const protocol::VFileUnlink& request, const VFileView& view);
  std::string readlink(const protocol::VFileReadlink& request, const VFileView& view);

  OpenResult open_for_read(const std::string& path, const VFileView& view) const;
  OpenResult open_for_write(const std::string& path, uint64_t flags, const VFileView& view);
  // True for names that are not the sandbox's to create or delete.
  bool is_reserved(const std::string& path, const VFileView& view) const;
  OpenFile* find(int32_t fd);

  UploadSandbox& sandbox_;
  size_t max_reply_size_;
  std::map<int32_t, OpenFile> files_;
};

}  // namespace lstar::server
