#include "server/upload_sandbox.h"

#include <algorithm>

namespace lstar::server {
namespace {

using protocol::FileIoErrno;

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

std::optional<std::string> UploadSandbox::normalize(std::string_view path) const {
  if (path.empty() || path.size() > limits_.max_name_length) return std::nullopt;
  if (std::any_of(path.begin(), path.end(), is_control)) return std::nullopt;
  // Components: "" and "." vanish, ".." is refused (there is no parent to
  // climb to; refusing it keeps names from looking like host paths).
  std::string name = path.front() == '/' ? "/" : "";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return std::nullopt;
    if (!name.empty() && name.back() != '/') name += '/';
    name += part;
  }
  if (name.empty() || name == "/") return std::nullopt;
  return name;
}

std::variant<SandboxFilePtr, FileIoErrno> UploadSandbox::open_for_write(const std::string& name,
                                                                        bool create, bool truncate,
                                                                        bool exclusive) {
  auto it = files_.find(name);
  if (it == files_.end()) {
    if (!create) return FileIoErrno::kNoEnt;
    if (files_.size() >= limits_.max_files) return FileIoErrno::kNoSpc;
    it = files_.emplace(name, std::make_shared<SandboxFile>()).first;
  } else if (create && exclusive) {
    return FileIoErrno::kExist;
  }
  SandboxFilePtr file = it->second;
  if (truncate) file->bytes.clear();
  ++file->writers;
  return file;
}

std::variant<uint64_t, FileIoErrno> UploadSandbox::write(SandboxFile& file, uint64_t offset,
                                                         std::span<const uint8_t> data) {
  if (data.empty()) return uint64_t{0};
  if (offset > limits_.max_total_bytes || data.size() > limits_.max_total_bytes - offset)
    return FileIoErrno::kFBig;
  const uint64_t end = offset + data.size();
  const uint64_t growth = end > file.bytes.size() ? end - file.bytes.size() : 0;
  if (used_bytes() + growth > limits_.max_total_bytes) return FileIoErrno::kNoSpc;
  if (growth > 0) file.bytes.resize(end);
  std::copy(data.begin(), data.end(), file.bytes.begin() + static_cast<std::ptrdiff_t>(offset));
  return static_cast<uint64_t>(data.size());
}

SandboxFilePtr UploadSandbox::find(const std::string& name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : it->second;
}

std::optional<FileIoErrno> UploadSandbox::unlink(const std::string& name) {
  auto it = files_.find(name);
  if (it == files_.end()) return FileIoErrno::kNoEnt;
  if (it->second->writers > 0) return FileIoErrno::kBusy;
  files_.erase(it);
  return std::nullopt;
}

std::optional<FileIoErrno> UploadSandbox::rename(const std::string& from, const std::string& to,
                                                 bool no_replace) {
  auto it = files_.find(from);
  if (it == files_.end()) return FileIoErrno::kNoEnt;
  if (from == to) return no_replace ? std::optional(FileIoErrno::kExist) : std::nullopt;
  if (no_replace && files_.contains(to)) return FileIoErrno::kExist;
  SandboxFilePtr file = it->second;
  files_.erase(it);
  files_.insert_or_assign(to, std::move(file));
  return std::nullopt;
}

std::vector<std::string> UploadSandbox::names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : files_) out.push_back(name);
  return out;
}

uint64_t UploadSandbox::used_bytes() const {
  uint64_t total = 0;
  for (const auto& [name, file] : files_) total += file->bytes.size();
  return total;
}

}  // namespace lstar::server
