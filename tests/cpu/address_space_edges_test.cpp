// AddressSpace at the edges of the 64-bit address space: accesses that run
// past 2^64 or touch non-canonical addresses must fault as x86 faults (#PF
// or #GP), never reach a page that is not there. A store at -1 once took a
// whole lab server down.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "cpu/address_space.h"

namespace lstar::cpu {
namespace {

constexpr uint8_t kRw = perm::kRead | perm::kWrite | perm::kUser;
constexpr uint64_t kTopPage = 0xfffffffffffff000;
constexpr uint64_t kLowHalfEnd = 0x0000800000000000;  // first non-canonical address

// Runs fn, which must throw GuestFault; returns it.
template <typename Fn>
GuestFault fault_of(Fn fn) {
  try {
    fn();
  } catch (const GuestFault& f) {
    return f;
  }
  ADD_FAILURE() << "no fault";
  return {};
}

void store_sized(AddressSpace& as, uint64_t addr, size_t size, Privilege priv) {
  std::vector<uint8_t> bytes(size, 0x5a);
  switch (size) {
    case 1:
      as.store<uint8_t>(addr, 1, priv);
      break;
    case 2:
      as.store<uint16_t>(addr, 1, priv);
      break;
    case 4:
      as.store<uint32_t>(addr, 1, priv);
      break;
    case 8:
      as.store<uint64_t>(addr, 1, priv);
      break;
    default:
      as.store_bytes(addr, bytes.data(), size, priv);
      break;
  }
}

void load_sized(AddressSpace& as, uint64_t addr, size_t size, Privilege priv) {
  std::vector<uint8_t> bytes(size);
  switch (size) {
    case 1:
      as.load<uint8_t>(addr, priv);
      break;
    case 2:
      as.load<uint16_t>(addr, priv);
      break;
    case 4:
      as.load<uint32_t>(addr, priv);
      break;
    case 8:
      as.load<uint64_t>(addr, priv);
      break;
    default:
      as.load_bytes(addr, bytes.data(), size, priv);
      break;
  }
}

constexpr std::array<size_t, 6> kSizes = {1, 2, 4, 8, 16, 512};

// ((char*)NULL)[-1] = 0 and its wider cousins, with page 0 and the top page
// both unmapped (as for a user program) and both mapped (the worst case
// for the page loop: every page it could wrongly look at exists).
TEST(AddressSpaceEdges, AccessesNearMinusOneFaultWithoutTouchingAnything) {
  for (const bool mapped : {false, true}) {
    AddressSpace as;
    if (mapped) {
      as.map(0, kPageSize, kRw);
      as.map(kTopPage, kPageSize, perm::kRead | perm::kWrite);  // kernel only
    }
    for (const size_t size : kSizes) {
      for (uint64_t back = 1; back <= 512; back = back < 16 ? back + 1 : back * 2) {
        const uint64_t addr = 0 - back;
        SCOPED_TRACE(testing::Message()
                     << "mapped " << mapped << " size " << size << " at -" << back);
        const GuestFault w = fault_of([&] { store_sized(as, addr, size, Privilege::kUser); });
        EXPECT_EQ(w.exception, Exception::kPageFault);
        EXPECT_EQ(w.address, addr);
        EXPECT_TRUE(w.write);
        const GuestFault r = fault_of([&] { load_sized(as, addr, size, Privilege::kUser); });
        EXPECT_EQ(r.exception, Exception::kPageFault);
        EXPECT_FALSE(r.write);
      }
    }
    if (mapped) {
      uint8_t byte = 1;
      EXPECT_EQ(as.read_debug(0, &byte, 1), 1u);
      EXPECT_EQ(byte, 0) << "a wrapping store reached page 0";
    }
  }
}

TEST(AddressSpaceEdges, KernelAccessEndingExactlyAtTheTopWorks) {
  AddressSpace as;
  as.map(kTopPage, kPageSize, perm::kRead | perm::kWrite);
  as.store<uint64_t>(0xfffffffffffffff8, 0x1122334455667788, Privilege::kKernel);
  EXPECT_EQ(as.load<uint64_t>(0xfffffffffffffff8, Privilege::kKernel), 0x1122334455667788u);
  std::array<uint8_t, 16> bytes{};
  bytes.fill(7);
  as.store_bytes(0xfffffffffffffff0, bytes.data(), bytes.size(), Privilege::kKernel);
  EXPECT_TRUE(as.check_range(0xfffffffffffffff0, 16, true, Privilege::kKernel));
  // One byte more wraps: a fault, and the kernel still reads what it wrote.
  const GuestFault f =
      fault_of([&] { as.store_bytes(0xfffffffffffffff1, bytes.data(), 16, Privilege::kKernel); });
  EXPECT_EQ(f.exception, Exception::kPageFault);
  EXPECT_TRUE(f.present);
  EXPECT_FALSE(as.check_range(0xfffffffffffffff1, 16, false, Privilege::kKernel));
}

TEST(AddressSpaceEdges, NonCanonicalAccessesRaiseGeneralProtection) {
  AddressSpace as;
  as.map(kLowHalfEnd - kPageSize, kPageSize, kRw);
  for (const uint64_t addr :
       std::array<uint64_t, 3>{kLowHalfEnd, 0x8000000000000000, 0xffff7fffffffffff}) {
    for (const size_t size : kSizes) {
      const GuestFault w = fault_of([&] { store_sized(as, addr, size, Privilege::kUser); });
      EXPECT_EQ(w.exception, Exception::kGeneralProtection) << std::hex << addr;
      const GuestFault r = fault_of([&] { load_sized(as, addr, size, Privilege::kUser); });
      EXPECT_EQ(r.exception, Exception::kGeneralProtection) << std::hex << addr;
    }
  }
  // An access whose last bytes cross into the non-canonical hole.
  const GuestFault f = fault_of([&] { as.store<uint64_t>(kLowHalfEnd - 4, 1, Privilege::kUser); });
  EXPECT_EQ(f.exception, Exception::kGeneralProtection);
  EXPECT_FALSE(as.check_range(kLowHalfEnd - 4, 8, false, Privilege::kUser));
  // The last canonical bytes themselves are fine.
  as.store<uint32_t>(kLowHalfEnd - 4, 9, Privilege::kUser);
  EXPECT_EQ(as.load<uint32_t>(kLowHalfEnd - 4, Privilege::kUser), 9u);
}

TEST(AddressSpaceEdges, DebugAccessStopsAtTheTopInsteadOfWrapping) {
  AddressSpace as;
  as.map(0, kPageSize, kRw);
  as.map(kTopPage, kPageSize, perm::kRead);
  const std::array<uint8_t, 8> in = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(as.write_debug(0xfffffffffffffffc, in.data(), in.size()), 4u);
  std::array<uint8_t, 8> out{};
  EXPECT_EQ(as.read_debug(0xfffffffffffffffc, out.data(), out.size()), 4u);
  EXPECT_EQ(out[3], 4);
  uint32_t low = 1;
  as.read_debug(0, &low, sizeof low);
  EXPECT_EQ(low, 0u) << "a debugger write wrapped to page 0";
  std::array<uint8_t, 8> code{};
  EXPECT_EQ(as.fetch_code(0xfffffffffffffffc, code.data(), code.size(), Privilege::kKernel), 0u);
}

TEST(AddressSpaceEdges, MappingManagementAtTheTopOfTheAddressSpace) {
  AddressSpace as;
  as.map(0xffffffffffffe000, 0x2000, perm::kRead);  // ends exactly at 2^64
  EXPECT_EQ(as.mapped_pages(), 2u);
  EXPECT_FALSE(as.is_range_free(0xfffffffffffff800, 0x800));
  as.protect(0xffffffffffffe000, 0x2000, perm::kRead | perm::kWrite);
  EXPECT_EQ(as.permissions(kTopPage), perm::kRead | perm::kWrite);
  as.map(0, kPageSize, kRw);
  as.unmap(kTopPage, 0x2000);  // would wrap onto page 0: stops at the top instead
  EXPECT_EQ(as.mapped_pages(), 2u);
  EXPECT_TRUE(as.permissions(0).has_value());
}

TEST(AddressSpaceEdges, WatchpointEndingAtTheTopCatchesAccesses) {
  AddressSpace as;
  as.map(kTopPage, kPageSize, perm::kRead | perm::kWrite);
  EXPECT_FALSE(as.add_watch(0xfffffffffffffffc, 8, WatchKind::kWrite));  // wraps
  ASSERT_TRUE(as.add_watch(0xfffffffffffffffc, 4, WatchKind::kWrite));
  as.store<uint64_t>(0xfffffffffffffff8, 1, Privilege::kKernel);
  const std::optional<WatchHit> hit = as.take_watch_hit();
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->address, 0xfffffffffffffffcu);
}

}  // namespace
}  // namespace lstar::cpu
