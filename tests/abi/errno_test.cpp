#include "abi/errno.h"

#include <cerrno>
#include <cstring>

#include <gtest/gtest.h>

namespace lstar::abi {
namespace {

TEST(Errno, NamesAndMessages) {
  EXPECT_EQ(errno_name(kENOENT), "ENOENT");
  EXPECT_EQ(errno_name(-kEFAULT), "EFAULT");  // syscall results are negated
  EXPECT_EQ(errno_name(kENOSYS), "ENOSYS");
  EXPECT_EQ(errno_name(0), "");
  EXPECT_EQ(errno_name(41), "");  // unused in Linux
  EXPECT_EQ(errno_message(kENOENT), "No such file or directory");
  EXPECT_EQ(errno_message(kENOSYS), "Function not implemented");
  EXPECT_EQ(errno_message(kEFAULT), "Bad address");
  EXPECT_EQ(errno_message(kE2BIG), "Argument list too long");
  EXPECT_EQ(errno_message(kEAGAIN), "Resource temporarily unavailable");
  EXPECT_EQ(errno_message(-kEINVAL), "Invalid argument");
  EXPECT_EQ(errno_message(0), "Success");
  EXPECT_EQ(errno_message(4000), "Unknown error 4000");
  // Restart codes have names (a tracer shows them), not glibc messages.
  EXPECT_EQ(errno_name(-kERESTARTSYS), "ERESTARTSYS");
  EXPECT_EQ(errno_name(kERESTART_RESTARTBLOCK), "ERESTART_RESTARTBLOCK");
}

TEST(Errno, NameRoundTrip) {
  for (int e = 1; e <= 133; ++e) {
    const std::string_view name = errno_name(e);
    if (name.empty()) continue;
    EXPECT_EQ(errno_from_name(name), e) << name;
  }
  EXPECT_EQ(errno_from_name("EWOULDBLOCK"), kEAGAIN);
  EXPECT_EQ(errno_from_name("EDEADLOCK"), kEDEADLK);
  EXPECT_EQ(errno_from_name("ENOPE"), std::nullopt);
}

// On an x86-64 Linux host the host's numbers are Linux's numbers, and glibc's
// strerror() is the reference for the messages.
TEST(Errno, MatchesTheHost) {
  EXPECT_EQ(kEPERM, EPERM);
  EXPECT_EQ(kENOENT, ENOENT);
  EXPECT_EQ(kEBADF, EBADF);
  EXPECT_EQ(kENOMEM, ENOMEM);
  EXPECT_EQ(kEACCES, EACCES);
  EXPECT_EQ(kEFAULT, EFAULT);
  EXPECT_EQ(kEINVAL, EINVAL);
  EXPECT_EQ(kENOTTY, ENOTTY);
  EXPECT_EQ(kENOSYS, ENOSYS);
  EXPECT_EQ(kERANGE, ERANGE);
  EXPECT_EQ(kESPIPE, ESPIPE);
  EXPECT_EQ(kENAMETOOLONG, ENAMETOOLONG);
  EXPECT_EQ(kEOVERFLOW, EOVERFLOW);
  EXPECT_EQ(kENOEXEC, ENOEXEC);
  EXPECT_EQ(kE2BIG, E2BIG);
  EXPECT_EQ(kEHWPOISON, EHWPOISON);
#ifdef __GLIBC__
  for (int e = 1; e <= 133; ++e) EXPECT_EQ(errno_message(e), std::strerror(e)) << e;
#endif
}

}  // namespace
}  // namespace lstar::abi
