#include "abi/errno.h"

#include <array>
#include <cstdlib>

#include <fmt/format.h>

namespace lstar::abi {
namespace {

struct ErrnoInfo {
  int number;
  std::string_view name;
  std::string_view message;  // exactly as glibc 2.36's strerror() says it
};

constexpr std::array kErrnos = {
    ErrnoInfo{1, "EPERM", "Operation not permitted"},
    ErrnoInfo{2, "ENOENT", "No such file or directory"},
    ErrnoInfo{3, "ESRCH", "No such process"},
    ErrnoInfo{4, "EINTR", "Interrupted system call"},
    ErrnoInfo{5, "EIO", "Input/output error"},
    ErrnoInfo{6, "ENXIO", "No such device or address"},
    ErrnoInfo{7, "E2BIG", "Argument list too long"},
    ErrnoInfo{8, "ENOEXEC", "Exec format error"},
    ErrnoInfo{9, "EBADF", "Bad file descriptor"},
    ErrnoInfo{10, "ECHILD", "No child processes"},
    ErrnoInfo{11, "EAGAIN", "Resource temporarily unavailable"},
    ErrnoInfo{12, "ENOMEM", "Cannot allocate memory"},
    ErrnoInfo{13, "EACCES", "Permission denied"},
    ErrnoInfo{14, "EFAULT", "Bad address"},
    ErrnoInfo{15, "ENOTBLK", "Block device required"},
    ErrnoInfo{16, "EBUSY", "Device or resource busy"},
    ErrnoInfo{17, "EEXIST", "File exists"},
    ErrnoInfo{18, "EXDEV", "Invalid cross-device link"},
    ErrnoInfo{19, "ENODEV", "No such device"},
    ErrnoInfo{20, "ENOTDIR", "Not a directory"},
    ErrnoInfo{21, "EISDIR", "Is a directory"},
    ErrnoInfo{22, "EINVAL", "Invalid argument"},
    ErrnoInfo{23, "ENFILE", "Too many open files in system"},
    ErrnoInfo{24, "EMFILE", "Too many open files"},
    ErrnoInfo{25, "ENOTTY", "Inappropriate ioctl for device"},
    ErrnoInfo{26, "ETXTBSY", "Text file busy"},
    ErrnoInfo{27, "EFBIG", "File too large"},
    ErrnoInfo{28, "ENOSPC", "No space left on device"},
    ErrnoInfo{29, "ESPIPE", "Illegal seek"},
    ErrnoInfo{30, "EROFS", "Read-only file system"},
    ErrnoInfo{31, "EMLINK", "Too many links"},
    ErrnoInfo{32, "EPIPE", "Broken pipe"},
    ErrnoInfo{33, "EDOM", "Numerical argument out of domain"},
    ErrnoInfo{34, "ERANGE", "Numerical result out of range"},
    ErrnoInfo{35, "EDEADLK", "Resource deadlock avoided"},
    ErrnoInfo{36, "ENAMETOOLONG", "File name too long"},
    ErrnoInfo{37, "ENOLCK", "No locks available"},
    ErrnoInfo{38, "ENOSYS", "Function not implemented"},
    ErrnoInfo{39, "ENOTEMPTY", "Directory not empty"},
    ErrnoInfo{40, "ELOOP", "Too many levels of symbolic links"},
    ErrnoInfo{42, "ENOMSG", "No message of desired type"},
    ErrnoInfo{43, "EIDRM", "Identifier removed"},
    ErrnoInfo{44, "ECHRNG", "Channel number out of range"},
    ErrnoInfo{45, "EL2NSYNC", "Level 2 not synchronized"},
    ErrnoInfo{46, "EL3HLT", "Level 3 halted"},
    ErrnoInfo{47, "EL3RST", "Level 3 reset"},
    ErrnoInfo{48, "ELNRNG", "Link number out of range"},
    ErrnoInfo{49, "EUNATCH", "Protocol driver not attached"},
    ErrnoInfo{50, "ENOCSI", "No CSI structure available"},
    ErrnoInfo{51, "EL2HLT", "Level 2 halted"},
    ErrnoInfo{52, "EBADE", "Invalid exchange"},
    ErrnoInfo{53, "EBADR", "Invalid request descriptor"},
    ErrnoInfo{54, "EXFULL", "Exchange full"},
    ErrnoInfo{55, "ENOANO", "No anode"},
    ErrnoInfo{56, "EBADRQC", "Invalid request code"},
    ErrnoInfo{57, "EBADSLT", "Invalid slot"},
    ErrnoInfo{59, "EBFONT", "Bad font file format"},
    ErrnoInfo{60, "ENOSTR", "Device not a stream"},
    ErrnoInfo{61, "ENODATA", "No data available"},
    ErrnoInfo{62, "ETIME", "Timer expired"},
    ErrnoInfo{63, "ENOSR", "Out of streams resources"},
    ErrnoInfo{64, "ENONET", "Machine is not on the network"},
    ErrnoInfo{65, "ENOPKG", "Package not installed"},
    ErrnoInfo{66, "EREMOTE", "Object is remote"},
    ErrnoInfo{67, "ENOLINK", "Link has been severed"},
    ErrnoInfo{68, "EADV", "Advertise error"},
    ErrnoInfo{69, "ESRMNT", "Srmount error"},
    ErrnoInfo{70, "ECOMM", "Communication error on send"},
    ErrnoInfo{71, "EPROTO", "Protocol error"},
    ErrnoInfo{72, "EMULTIHOP", "Multihop attempted"},
    ErrnoInfo{73, "EDOTDOT", "RFS specific error"},
    ErrnoInfo{74, "EBADMSG", "Bad message"},
    ErrnoInfo{75, "EOVERFLOW", "Value too large for defined data type"},
    ErrnoInfo{76, "ENOTUNIQ", "Name not unique on network"},
    ErrnoInfo{77, "EBADFD", "File descriptor in bad state"},
    ErrnoInfo{78, "EREMCHG", "Remote address changed"},
    ErrnoInfo{79, "ELIBACC", "Can not access a needed shared library"},
    ErrnoInfo{80, "ELIBBAD", "Accessing a corrupted shared library"},
    ErrnoInfo{81, "ELIBSCN", ".lib section in a.out corrupted"},
    ErrnoInfo{82, "ELIBMAX", "Attempting to link in too many shared libraries"},
    ErrnoInfo{83, "ELIBEXEC", "Cannot exec a shared library directly"},
    ErrnoInfo{84, "EILSEQ", "Invalid or incomplete multibyte or wide character"},
    ErrnoInfo{85, "ERESTART", "Interrupted system call should be restarted"},
    ErrnoInfo{86, "ESTRPIPE", "Streams pipe error"},
    ErrnoInfo{87, "EUSERS", "Too many users"},
    ErrnoInfo{88, "ENOTSOCK", "Socket operation on non-socket"},
    ErrnoInfo{89, "EDESTADDRREQ", "Destination address required"},
    ErrnoInfo{90, "EMSGSIZE", "Message too long"},
    ErrnoInfo{91, "EPROTOTYPE", "Protocol wrong type for socket"},
    ErrnoInfo{92, "ENOPROTOOPT", "Protocol not available"},
    ErrnoInfo{93, "EPROTONOSUPPORT", "Protocol not supported"},
    ErrnoInfo{94, "ESOCKTNOSUPPORT", "Socket type not supported"},
    ErrnoInfo{95, "EOPNOTSUPP", "Operation not supported"},
    ErrnoInfo{96, "EPFNOSUPPORT", "Protocol family not supported"},
    ErrnoInfo{97, "EAFNOSUPPORT", "Address family not supported by protocol"},
    ErrnoInfo{98, "EADDRINUSE", "Address already in use"},
    ErrnoInfo{99, "EADDRNOTAVAIL", "Cannot assign requested address"},
    ErrnoInfo{100, "ENETDOWN", "Network is down"},
    ErrnoInfo{101, "ENETUNREACH", "Network is unreachable"},
    ErrnoInfo{102, "ENETRESET", "Network dropped connection on reset"},
    ErrnoInfo{103, "ECONNABORTED", "Software caused connection abort"},
    ErrnoInfo{104, "ECONNRESET", "Connection reset by peer"},
    ErrnoInfo{105, "ENOBUFS", "No buffer space available"},
    ErrnoInfo{106, "EISCONN", "Transport endpoint is already connected"},
    ErrnoInfo{107, "ENOTCONN", "Transport endpoint is not connected"},
    ErrnoInfo{108, "ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
    ErrnoInfo{109, "ETOOMANYREFS", "Too many references: cannot splice"},
    ErrnoInfo{110, "ETIMEDOUT", "Connection timed out"},
    ErrnoInfo{111, "ECONNREFUSED", "Connection refused"},
    ErrnoInfo{112, "EHOSTDOWN", "Host is down"},
    ErrnoInfo{113, "EHOSTUNREACH", "No route to host"},
    ErrnoInfo{114, "EALREADY", "Operation already in progress"},
    ErrnoInfo{115, "EINPROGRESS", "Operation now in progress"},
    ErrnoInfo{116, "ESTALE", "Stale file handle"},
    ErrnoInfo{117, "EUCLEAN", "Structure needs cleaning"},
    ErrnoInfo{118, "ENOTNAM", "Not a XENIX named type file"},
    ErrnoInfo{119, "ENAVAIL", "No XENIX semaphores available"},
    ErrnoInfo{120, "EISNAM", "Is a named type file"},
    ErrnoInfo{121, "EREMOTEIO", "Remote I/O error"},
    ErrnoInfo{122, "EDQUOT", "Disk quota exceeded"},
    ErrnoInfo{123, "ENOMEDIUM", "No medium found"},
    ErrnoInfo{124, "EMEDIUMTYPE", "Wrong medium type"},
    ErrnoInfo{125, "ECANCELED", "Operation canceled"},
    ErrnoInfo{126, "ENOKEY", "Required key not available"},
    ErrnoInfo{127, "EKEYEXPIRED", "Key has expired"},
    ErrnoInfo{128, "EKEYREVOKED", "Key has been revoked"},
    ErrnoInfo{129, "EKEYREJECTED", "Key was rejected by service"},
    ErrnoInfo{130, "EOWNERDEAD", "Owner died"},
    ErrnoInfo{131, "ENOTRECOVERABLE", "State not recoverable"},
    ErrnoInfo{132, "ERFKILL", "Operation not possible due to RF-kill"},
    ErrnoInfo{133, "EHWPOISON", "Memory page has hardware error"},
    // Kernel-internal restart codes (include/linux/errno.h): they never reach
    // a program, but a tracer sees them at a syscall's return. glibc has no
    // text for them; these are strace's.
    ErrnoInfo{512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    ErrnoInfo{513, "ERESTARTNOINTR", "To be restarted"},
    ErrnoInfo{514, "ERESTARTNOHAND", "To be restarted if no handler"},
    ErrnoInfo{515, "ENOIOCTLCMD", "No ioctl command"},
    ErrnoInfo{516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

const ErrnoInfo* find_errno(int error) {
  const int number = std::abs(error);
  for (const ErrnoInfo& info : kErrnos)
    if (info.number == number) return &info;
  return nullptr;
}

}  // namespace

std::string_view errno_name(int error) {
  const ErrnoInfo* info = find_errno(error);
  return info ? info->name : std::string_view{};
}

std::string errno_message(int error) {
  if (error == 0) return "Success";
  const ErrnoInfo* info = find_errno(error);
  if (info) return std::string(info->message);
  return fmt::format("Unknown error {}", error);
}

std::optional<int> errno_from_name(std::string_view name) {
  if (name == "EWOULDBLOCK") return kEWOULDBLOCK;
  if (name == "EDEADLOCK") return kEDEADLOCK;
  for (const ErrnoInfo& info : kErrnos)
    if (info.name == name) return info.number;
  return std::nullopt;
}

}  // namespace lstar::abi
