// vFile:operation:parameters (gdb's Host I/O packets).
#include <limits>

#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

std::optional<int32_t> parse_fd(std::string_view text) {
  std::optional<uint32_t> fd = parse_hex<uint32_t>(text);
  if (!fd || *fd > static_cast<uint32_t>(std::numeric_limits<int32_t>::max())) {
    return std::nullopt;
  }
  return static_cast<int32_t>(*fd);
}

// open:hex-path,flags,mode
Request open_file(std::string_view parameters) {
  std::vector<std::string_view> fields = split_all(parameters, ',');
  if (fields.size() != 3) return malformed("expected path,flags,mode");
  std::optional<std::string> path = decode_hex_text(fields[0]);
  std::optional<uint64_t> flags = parse_hex_u64(fields[1]);
  std::optional<uint64_t> mode = parse_hex_u64(fields[2]);
  if (!path || !flags || !mode) return malformed("bad open parameters");
  return VFile{VFileOpen{.path = std::move(*path), .flags = *flags, .mode = *mode}};
}

// pread:fd,count,offset
Request read_file(std::string_view parameters) {
  std::vector<std::string_view> fields = split_all(parameters, ',');
  if (fields.size() != 3) return malformed("expected fd,count,offset");
  std::optional<int32_t> fd = parse_fd(fields[0]);
  std::optional<uint64_t> count = parse_hex_u64(fields[1]);
  std::optional<uint64_t> offset = parse_hex_u64(fields[2]);
  if (!fd || !count || !offset) return malformed("bad pread parameters");
  return VFile{VFilePread{.fd = *fd, .count = *count, .offset = *offset}};
}

// pwrite:fd,offset,binary-data (the data may itself contain ',')
Request write_file(std::string_view parameters) {
  std::optional<Halves> fd_text = split_first(parameters, ',');
  std::optional<Halves> offset_text = fd_text ? split_first(fd_text->after, ',') : std::nullopt;
  if (!offset_text) return malformed("expected fd,offset,data");
  std::optional<int32_t> fd = parse_fd(fd_text->before);
  std::optional<uint64_t> offset = parse_hex_u64(offset_text->before);
  if (!fd || !offset) return malformed("bad pwrite parameters");
  return VFile{VFilePwrite{.fd = *fd, .offset = *offset, .data = to_bytes(offset_text->after)}};
}

// close:fd and fstat:fd
template <typename T>
Request fd_operation(std::string_view parameters) {
  std::optional<int32_t> fd = parse_fd(parameters);
  if (!fd) return malformed("bad file descriptor");
  return VFile{T{.fd = *fd}};
}

// unlink:hex-path and readlink:hex-path
template <typename T>
Request path_operation(std::string_view parameters) {
  std::optional<std::string> path = decode_hex_text(parameters);
  if (!path) return malformed("bad hex path");
  return VFile{T{.path = std::move(*path)}};
}

// setfs:pid
Request set_filesystem(std::string_view parameters) {
  std::optional<int64_t> pid = parse_id(parameters);
  if (!pid) return malformed("bad process id");
  return VFile{VFileSetfs{.pid = *pid}};
}

}  // namespace

Request parse_vfile(std::string_view arguments) {
  std::optional<Halves> halves = split_first(arguments, ':');
  if (!halves) return malformed("expected vFile:operation:parameters");
  std::string_view operation = halves->before;
  std::string_view parameters = halves->after;
  if (operation == "open") return open_file(parameters);
  if (operation == "pread") return read_file(parameters);
  if (operation == "pwrite") return write_file(parameters);
  if (operation == "close") return fd_operation<VFileClose>(parameters);
  if (operation == "fstat") return fd_operation<VFileFstat>(parameters);
  if (operation == "unlink") return path_operation<VFileUnlink>(parameters);
  if (operation == "readlink") return path_operation<VFileReadlink>(parameters);
  if (operation == "setfs") return set_filesystem(parameters);
  return Unknown{};
}

}  // namespace lstar::protocol::detail
