// The generated /proc files gdb reads for `info proc`.
#include "server/proc_documents.h"

#include <gtest/gtest.h>

namespace lstar::server {
namespace {

TEST(ProcDocuments, ParsesPathsOfOurProcessOnly) {
  EXPECT_EQ(parse_proc_path("/proc/1000/maps", 1000), ProcFile::kMaps);
  EXPECT_EQ(parse_proc_path("/proc/self/maps", 1000), ProcFile::kMaps);
  EXPECT_EQ(parse_proc_path("/proc/1000/task/1000/maps", 1000), ProcFile::kMaps);
  EXPECT_EQ(parse_proc_path("/proc/1000/cmdline", 1000), ProcFile::kCmdline);
  EXPECT_EQ(parse_proc_path("/proc/1000/exe", 1000), ProcFile::kExe);
  EXPECT_EQ(parse_proc_path("/proc/1000/cwd", 1000), ProcFile::kCwd);
  EXPECT_EQ(parse_proc_path("/proc/1/maps", 1000), std::nullopt);
  EXPECT_EQ(parse_proc_path("/proc/1000/environ", 1000), std::nullopt);
  EXPECT_EQ(parse_proc_path("/proc/10000/maps", 1000), std::nullopt);
  EXPECT_EQ(parse_proc_path("/etc/passwd", 1000), std::nullopt);
}

TEST(ProcDocuments, MapsLinesHaveLinuxLayout) {
  const kernel::MemoryMapping mappings[] = {
      {0x400000, 0x401000, true, false, true, "/lab/demo"},
      {0x7ffffffde000, 0x7ffffffff000, true, true, false, "[stack]"},
      {0x10000000, 0x10001000, true, true, false, ""},
  };
  const std::string maps = proc_maps_document(mappings);
  EXPECT_EQ(maps,
            "00400000-00401000 r-xp 00000000 00:00 0"
            "                                  /lab/demo\n"
            "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0"
            "                          [stack]\n"
            "10000000-10001000 rw-p 00000000 00:00 0\n");
}

TEST(ProcDocuments, CmdlineIsNulTerminatedArguments) {
  const std::string argv[] = {"/lab/demo", "a b", ""};
  EXPECT_EQ(proc_cmdline_document(argv), std::string("/lab/demo\0a b\0\0", 15));
}

}  // namespace
}  // namespace lstar::server
