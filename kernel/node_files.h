// Open files of the mounted file systems (file_system.h): regular files
// with a file position over shared contents, and directories that
// getdents64 lists.
#pragma once

#include <memory>
#include <string>

#include "kernel/file_system.h"
#include "kernel/open_file.h"

namespace lstar::kernel {

std::shared_ptr<OpenFile> make_regular_file(int flags, std::shared_ptr<FileData> data);
// `path`: the directory's absolute guest path (what *at() resolves from
// and getdents64 lists); `st`: what fstat shows.
std::shared_ptr<OpenFile> make_directory(int flags, const FileStat& st, std::string path);

}  // namespace lstar::kernel
