#include "kernel/proc_files.h"

#include <fmt/format.h>

namespace lstar::kernel {

std::string proc_maps_text(const Process& process) {
  // show_map_vma() pads the fixed part to 72 columns before the name.
  constexpr size_t kNameColumn = 25 + sizeof(void*) * 6 - 1;
  std::string out;
  for (const Vma& v : process.mm.vmas()) {
    std::string line = fmt::format(
        "{:08x}-{:08x} {}{}{}{} 00000000 00:00 0", v.start, v.end, (v.prot & kProtRead) ? 'r' : '-',
        (v.prot & kProtWrite) ? 'w' : '-', (v.prot & kProtExec) ? 'x' : '-', v.shared ? 's' : 'p');
    if (!v.name.empty()) {
      if (line.size() < kNameColumn) line.append(kNameColumn - line.size(), ' ');
      line += ' ' + v.name;
    }
    out += line + '\n';
  }
  return out;
}

}  // namespace lstar::kernel
