#include "tests/cpu/diff/machine_image.h"

#include "cpu/fpu_image.h"

namespace lstar::difftest {

void load_image(const MachineImage& image, cpu::CpuState& state) {
  state.gpr = image.gpr;
  state.write_rflags(image.rflags);
  cpu::fxsave_load(state, image.fxsave.data());
}

MachineImage store_image(const cpu::CpuState& state) {
  MachineImage image;
  image.gpr = state.gpr;
  image.rflags = state.read_rflags();
  cpu::fxsave_store(state, image.fxsave.data());
  return image;
}

}  // namespace lstar::difftest
