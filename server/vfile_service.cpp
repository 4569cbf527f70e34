#include "server/vfile_service.h"

#include <algorithm>

#include "kernel/image/kernel_image_bytes.h"
#include "protocol/binary_escape.h"
#include "protocol/reply.h"
#include "server/proc_documents.h"

namespace lstar::server {
namespace {

using protocol::FileIoErrno;
namespace open_flags = protocol::file_io_open;
namespace mode_bits = protocol::file_io_mode;

// Room for "F<hex length>;" in a pread reply.
constexpr size_t kReplyHeaderRoom = 32;

std::shared_ptr<const std::vector<uint8_t>> program_bytes(
    const std::shared_ptr<const ProgramImage>& program) {
  // Shares the program's storage instead of copying it per open.
  return {program, &program->bytes};
}

// The kernel image with its symbols and line information, for gdb's
// `add-symbol-file target:/lstar/vmlinux` in kernel-visible debugging.
constexpr std::string_view kKernelImagePath = "/lstar/vmlinux";

std::shared_ptr<const std::vector<uint8_t>> kernel_image_file() {
  static const auto image = std::make_shared<const std::vector<uint8_t>>(
      kernel::kernel_image_bytes().begin(), kernel::kernel_image_bytes().end());
  return image;
}

std::shared_ptr<const std::vector<uint8_t>> text_bytes(const std::string& text) {
  return std::make_shared<const std::vector<uint8_t>>(text.begin(), text.end());
}

// How many leading bytes of `data` fit in `budget` bytes once escaped.
size_t bytes_fitting(std::span<const uint8_t> data, size_t budget) {
  size_t used = 0;
  size_t count = 0;
  for (uint8_t byte : data) {
    const size_t cost = protocol::needs_escape(static_cast<char>(byte)) ? 2 : 1;
    if (used + cost > budget) break;
    used += cost;
    ++count;
  }
  return count;
}

bool names_program(const std::shared_ptr<const ProgramImage>& program, const std::string& path) {
  return program && program->path == path;
}

}  // namespace

std::span<const uint8_t> VFileService::OpenFile::bytes() const {
  if (upload) return upload->bytes;
  return snapshot ? std::span<const uint8_t>(*snapshot) : std::span<const uint8_t>();
}

VFileService::~VFileService() {
  close_all();
}

void VFileService::close_all() {
  for (auto& [fd, file] : files_) {
    if (file.upload && file.writable) sandbox_.close_for_write(*file.upload);
  }
  files_.clear();
}

std::string VFileService::handle(const protocol::VFileOperation& operation, const VFileView& view) {
  using namespace protocol;
  if (auto* o = std::get_if<VFileOpen>(&operation)) return open(*o, view);
  if (auto* r = std::get_if<VFilePread>(&operation)) return pread(*r);
  if (auto* w = std::get_if<VFilePwrite>(&operation)) return pwrite(*w);
  if (auto* c = std::get_if<VFileClose>(&operation)) return close(*c);
  if (auto* f = std::get_if<VFileFstat>(&operation)) return fstat(*f);
  if (auto* u = std::get_if<VFileUnlink>(&operation)) return unlink(*u, view);
  if (auto* l = std::get_if<VFileReadlink>(&operation)) return readlink(*l, view);
  // setfs: there is one namespace per connection, whatever process gdb names.
  return vfile_result_reply(0);
}

std::string VFileService::open(const protocol::VFileOpen& request, const VFileView& view) {
  if (files_.size() >= kMaxOpenFiles) return protocol::vfile_error_reply(FileIoErrno::kMFile);
  const uint64_t access = request.flags & open_flags::kAccessModeMask;
  if (access == open_flags::kAccessModeMask)
    return protocol::vfile_error_reply(FileIoErrno::kInval);
  const bool writing = access != open_flags::kReadOnly ||
                       (request.flags & (open_flags::kCreate | open_flags::kTruncate)) != 0;
  OpenResult result = writing ? open_for_write(request.path, request.flags, view)
                              : open_for_read(request.path, view);
  if (auto* error = std::get_if<FileIoErrno>(&result)) return protocol::vfile_error_reply(*error);
  int32_t fd = 3;  // as on a host: 0-2 are taken
  while (files_.count(fd)) ++fd;
  files_.emplace(fd, std::get<OpenFile>(std::move(result)));
  return protocol::vfile_result_reply(fd);
}

VFileService::OpenResult VFileService::open_for_read(const std::string& path,
                                                     const VFileView& view) const {
  if (std::optional<std::string> name = sandbox_.normalize(path)) {
    if (SandboxFilePtr upload = sandbox_.find(*name))
      return OpenFile{nullptr, upload, true, false, mode_bits::kRegularFile | 0755};
  }
  for (const auto& program : {view.running, view.served}) {
    if (names_program(program, path))
      return OpenFile{program_bytes(program), nullptr, true, false, mode_bits::kRegularFile | 0755};
  }
  if (path == kKernelImagePath)
    return OpenFile{kernel_image_file(), nullptr, true, false, mode_bits::kRegularFile | 0444};
  if (view.machine) {
    for (const kernel::Machine::SymbolFile& file : view.machine->kernel_symbol_files())
      if (file.path == path)
        return OpenFile{file.bytes, nullptr, true, false, mode_bits::kRegularFile | 0444};
  }
  if (view.machine && view.machine->has_process()) {
    const kernel::Machine& m = *view.machine;
    const std::optional<ProcFile> proc = parse_proc_path(path, m.pid());
    if (proc == ProcFile::kMaps) {
      const auto maps = m.memory_mappings();
      return OpenFile{text_bytes(proc_maps_document(maps)), nullptr, true, false,
                      mode_bits::kRegularFile | 0444};
    }
    if (proc == ProcFile::kCmdline) {
      const auto argv = m.argv();
      return OpenFile{text_bytes(proc_cmdline_document(argv)), nullptr, true, false,
                      mode_bits::kRegularFile | 0444};
    }
  }
  return FileIoErrno::kNoEnt;
}

VFileService::OpenResult VFileService::open_for_write(const std::string& path, uint64_t flags,
                                                      const VFileView& view) {
  if (is_reserved(path, view)) return FileIoErrno::kAcces;
  const std::optional<std::string> name = sandbox_.normalize(path);
  if (!name)
    return path.size() > sandbox_.limits().max_name_length ? FileIoErrno::kNameTooLong
                                                           : FileIoErrno::kInval;
  auto result = sandbox_.open_for_write(*name, (flags & open_flags::kCreate) != 0,
                                        (flags & open_flags::kTruncate) != 0,
                                        (flags & open_flags::kExclusive) != 0);
  if (auto* error = std::get_if<FileIoErrno>(&result)) return *error;
  const bool readable = (flags & open_flags::kAccessModeMask) != open_flags::kWriteOnly;
  return OpenFile{nullptr, std::get<SandboxFilePtr>(result), readable, true,
                  mode_bits::kRegularFile | 0755};
}

// Checked on the name the sandbox would store, not the raw path: otherwise
// `//proc/self/maps` or `//lab//demo` would become uploads that shadow the
// generated file or the program.
bool VFileService::is_reserved(const std::string& path, const VFileView& view) const {
  const std::optional<std::string> name = sandbox_.normalize(path);
  const std::string& checked = name ? *name : path;
  if (checked.rfind("/proc/", 0) == 0 || checked == "/proc") return true;
  if (checked.rfind("/lstar/", 0) == 0 || checked == "/lstar") return true;
  if (name && sandbox_.find(*name)) return false;
  return names_program(view.served, checked) || names_program(view.running, checked) ||
         names_program(view.served, path) || names_program(view.running, path);
}

VFileService::OpenFile* VFileService::find(int32_t fd) {
  auto it = files_.find(fd);
  return it == files_.end() ? nullptr : &it->second;
}

std::string VFileService::pread(const protocol::VFilePread& request) {
  const OpenFile* file = find(request.fd);
  if (!file || !file->readable) return protocol::vfile_error_reply(FileIoErrno::kBadF);
  std::span<const uint8_t> bytes = file->bytes();
  if (request.offset >= bytes.size()) return protocol::vfile_data_reply(std::string_view());
  bytes = bytes.subspan(request.offset);
  bytes = bytes.first(std::min<uint64_t>(bytes.size(), request.count));
  const size_t budget = max_reply_size_ > kReplyHeaderRoom ? max_reply_size_ - kReplyHeaderRoom : 1;
  return protocol::vfile_data_reply(bytes.first(bytes_fitting(bytes, budget)));
}

std::string VFileService::pwrite(const protocol::VFilePwrite& request) {
  OpenFile* file = find(request.fd);
  if (!file || !file->writable) return protocol::vfile_error_reply(FileIoErrno::kBadF);
  auto result = sandbox_.write(*file->upload, request.offset, request.data);
  if (auto* error = std::get_if<FileIoErrno>(&result)) return protocol::vfile_error_reply(*error);
  return protocol::vfile_result_reply(static_cast<int64_t>(std::get<uint64_t>(result)));
}

std::string VFileService::close(const protocol::VFileClose& request) {
  auto it = files_.find(request.fd);
  if (it == files_.end()) return protocol::vfile_error_reply(FileIoErrno::kBadF);
  if (it->second.upload && it->second.writable) sandbox_.close_for_write(*it->second.upload);
  files_.erase(it);
  return protocol::vfile_result_reply(0);
}

std::string VFileService::fstat(const protocol::VFileFstat& request) {
  const OpenFile* file = find(request.fd);
  if (!file) return protocol::vfile_error_reply(FileIoErrno::kBadF);
  protocol::FileIoStat stat;
  stat.mode = file->mode;
  stat.link_count = 1;
  stat.size = file->bytes().size();
  stat.block_size = 4096;
  stat.blocks = (stat.size + 511) / 512;
  const auto encoded = protocol::encode_file_io_stat(stat);
  return protocol::vfile_data_reply(std::span<const uint8_t>(encoded));
}

std::string VFileService::unlink(const protocol::VFileUnlink& request, const VFileView& view) {
  const std::optional<std::string> name = sandbox_.normalize(request.path);
  if (!name || !sandbox_.find(*name)) {
    return protocol::vfile_error_reply(is_reserved(request.path, view) ? FileIoErrno::kAcces
                                                                       : FileIoErrno::kNoEnt);
  }
  if (auto error = sandbox_.unlink(*name)) return protocol::vfile_error_reply(*error);
  return protocol::vfile_result_reply(0);
}

std::string VFileService::readlink(const protocol::VFileReadlink& request, const VFileView& view) {
  if (view.machine && view.machine->has_process()) {
    const std::optional<ProcFile> proc = parse_proc_path(request.path, view.machine->pid());
    if (proc == ProcFile::kExe) return protocol::vfile_data_reply(view.machine->exe_path());
    if (proc == ProcFile::kCwd) return protocol::vfile_data_reply(std::string_view("/"));
  }
  // Everything else that exists is a regular file, not a link.
  const bool exists = !std::holds_alternative<FileIoErrno>(open_for_read(request.path, view));
  return protocol::vfile_error_reply(exists ? FileIoErrno::kInval : FileIoErrno::kNoEnt);
}

}  // namespace lstar::server
