#include "kernel/kernel_object.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "kernel/elf_file.h"

namespace lstar::kernel {
namespace {

// The three kinds of placement, each starting on its own page so that each
// gets its own permissions.
enum class Placement { kText, kRodata, kData };

struct Section {
  Elf64_Shdr header{};
  std::string name;
  uint64_t address = 0;  // 0: not placed (not allocated or empty)
};

struct Symbol {
  Elf64_Sym sym{};
  std::string name;
};

// Everything read from the file before anything is mapped.
struct ParsedObject {
  std::vector<Section> sections;
  std::vector<Symbol> symbols;
  std::span<const uint8_t> bytes;
  uint64_t section_headers = 0;  // e_shoff: the table is inside `bytes` (checked)
};

std::optional<Placement> placement_of(const Elf64_Shdr& h) {
  if (!(h.sh_flags & SHF_ALLOC) || h.sh_size == 0) return std::nullopt;
  if (h.sh_flags & SHF_EXECINSTR) return Placement::kText;
  if (h.sh_flags & SHF_WRITE) return Placement::kData;
  return Placement::kRodata;
}

uint8_t permissions_of(Placement p) {
  switch (p) {
    case Placement::kText:
      return cpu::perm::kRead | cpu::perm::kExec;
    case Placement::kRodata:
      return cpu::perm::kRead;
    case Placement::kData:
      return cpu::perm::kRead | cpu::perm::kWrite;
  }
  return 0;
}

template <typename T>
T read_struct(std::span<const uint8_t> bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

std::variant<ParsedObject, std::string> parse(std::span<const uint8_t> elf) {
  auto parsed = ElfFile::parse(elf);
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  const ElfFile& file = std::get<ElfFile>(parsed);
  if (file.header().e_type != ET_REL)
    return std::string("not a relocatable object (build it with `lstar kbuild`, or gcc -c)");
  auto headers = file.section_headers();
  if (auto* error = std::get_if<std::string>(&headers)) return *error;
  ParsedObject out;
  out.bytes = elf;
  out.section_headers = file.header().e_shoff;
  const auto& shdrs = std::get<std::vector<Elf64_Shdr>>(headers);
  const uint16_t shstrndx = file.header().e_shstrndx;
  if (shstrndx >= shdrs.size()) return std::string("no section name table");
  auto names = file.bytes(shdrs[shstrndx].sh_offset, shdrs[shstrndx].sh_size);
  if (!names) return std::string("section name table past the end of the file");
  for (const Elf64_Shdr& h : shdrs) {
    Section s;
    s.header = h;
    s.name = std::string(ElfFile::string_at(*names, h.sh_name).value_or("?"));
    if (h.sh_type != SHT_NOBITS && (h.sh_flags & SHF_ALLOC) && !file.bytes(h.sh_offset, h.sh_size))
      return fmt::format("section {} past the end of the file", s.name);
    if (h.sh_addralign > cpu::kPageSize)
      return fmt::format("section {} asks for {}-byte alignment", s.name, h.sh_addralign);
    out.sections.push_back(std::move(s));
  }
  for (const Section& s : out.sections) {
    if (s.header.sh_type != SHT_SYMTAB) continue;
    if (s.header.sh_link >= out.sections.size()) return std::string("bad symbol table link");
    const Elf64_Shdr& strtab = out.sections[s.header.sh_link].header;
    auto strings = file.bytes(strtab.sh_offset, strtab.sh_size);
    auto table = file.bytes(s.header.sh_offset, s.header.sh_size);
    if (!strings || !table) return std::string("symbol table past the end of the file");
    for (size_t off = 0; off + sizeof(Elf64_Sym) <= table->size(); off += sizeof(Elf64_Sym)) {
      Symbol sym;
      sym.sym = read_struct<Elf64_Sym>(table->subspan(off, sizeof(Elf64_Sym)));
      sym.name = std::string(ElfFile::string_at(*strings, sym.sym.st_name).value_or(""));
      out.symbols.push_back(std::move(sym));
    }
  }
  if (out.symbols.empty()) return std::string("no symbol table (was it stripped?)");
  return out;
}

// Gives every allocated section an address, text first, then rodata, then
// data; returns the end of the last placement group, or nullopt when the
// sections need more than kMaxKernelObjectBytes. The layout is computed as
// offsets from `base`, each checked, so no size a file claims can wrap.
std::optional<uint64_t> place_sections(ParsedObject& object, uint64_t base) {
  uint64_t offset = 0;
  for (Placement group : {Placement::kText, Placement::kRodata, Placement::kData}) {
    offset = cpu::page_ceil(offset);
    for (Section& s : object.sections) {
      if (placement_of(s.header) != group) continue;
      const uint64_t align = std::max<uint64_t>(s.header.sh_addralign, 1);
      offset = (offset + align - 1) / align * align;
      if (offset > kMaxKernelObjectBytes || s.header.sh_size > kMaxKernelObjectBytes - offset)
        return std::nullopt;
      s.address = base + offset;
      offset += s.header.sh_size;
    }
  }
  return base + cpu::page_ceil(offset);
}

void map_sections(const ParsedObject& object, cpu::AddressSpace& memory) {
  for (const Section& s : object.sections) {
    const auto group = placement_of(s.header);
    if (!group) continue;
    // Sections of one group may share pages; map each page once with the
    // group's permissions.
    memory.map(cpu::page_floor(s.address),
               cpu::page_ceil(s.address + s.header.sh_size) - cpu::page_floor(s.address),
               permissions_of(*group));
  }
  for (const Section& s : object.sections) {
    if (!placement_of(s.header) || s.header.sh_type == SHT_NOBITS) continue;
    memory.write_debug(s.address, object.bytes.data() + s.header.sh_offset, s.header.sh_size);
  }
}

struct Resolution {
  std::vector<uint64_t> values;  // per symbol index
  std::vector<std::string> unknown;
  std::optional<std::string> error;
};

Resolution resolve_symbols(const ParsedObject& object, const KernelSymbolResolver& resolve) {
  Resolution r;
  for (const Symbol& s : object.symbols) {
    const Elf64_Sym& sym = s.sym;
    uint64_t value = 0;
    if (sym.st_shndx == SHN_UNDEF) {
      if (!s.name.empty()) {
        if (auto address = resolve(s.name)) {
          value = *address;
        } else if (ELF64_ST_BIND(sym.st_info) != STB_WEAK) {
          r.unknown.push_back(s.name);
        }
      }
    } else if (sym.st_shndx == SHN_ABS) {
      value = sym.st_value;
    } else if (sym.st_shndx == SHN_COMMON) {
      r.error = fmt::format("common symbol {}: build with -fno-common (lstar kbuild does)", s.name);
    } else if (sym.st_shndx < object.sections.size()) {
      value = object.sections[sym.st_shndx].address + sym.st_value;
    }
    r.values.push_back(value);
  }
  std::sort(r.unknown.begin(), r.unknown.end());
  r.unknown.erase(std::unique(r.unknown.begin(), r.unknown.end()), r.unknown.end());
  return r;
}

std::optional<std::string> apply_one(cpu::AddressSpace& memory, const Elf64_Rela& rela,
                                     uint64_t place, uint64_t symbol_value,
                                     std::string_view section) {
  const uint32_t type = ELF64_R_TYPE(rela.r_info);
  const uint64_t value = symbol_value + static_cast<uint64_t>(rela.r_addend);
  const auto write32 = [&](uint64_t v) {
    const uint32_t word = static_cast<uint32_t>(v);
    memory.write_debug(place, &word, 4);
  };
  const auto overflow = [&](std::string_view kind) {
    return fmt::format("relocation {} in {} at {:#x} overflows (value {:#x})", kind, section, place,
                       value);
  };
  switch (type) {
    case R_X86_64_NONE:
      return std::nullopt;
    case R_X86_64_64:
      memory.write_debug(place, &value, 8);
      return std::nullopt;
    case R_X86_64_PC64: {
      const uint64_t v = value - place;
      memory.write_debug(place, &v, 8);
      return std::nullopt;
    }
    case R_X86_64_PC32:
    case R_X86_64_PLT32: {
      const int64_t v = static_cast<int64_t>(value - place);
      if (v != static_cast<int32_t>(v)) return overflow("PC32");
      write32(static_cast<uint64_t>(v));
      return std::nullopt;
    }
    case R_X86_64_32:
      if (value > std::numeric_limits<uint32_t>::max()) return overflow("32");
      write32(value);
      return std::nullopt;
    case R_X86_64_32S:
      if (static_cast<int64_t>(value) != static_cast<int32_t>(value)) return overflow("32S");
      write32(value);
      return std::nullopt;
    default:
      return fmt::format("relocation type {} in {} is not supported (build with `lstar kbuild`)",
                         type, section);
  }
}

std::optional<std::string> apply_relocations(const ParsedObject& object,
                                             const std::vector<uint64_t>& values,
                                             cpu::AddressSpace& memory) {
  for (const Section& rel : object.sections) {
    if (rel.header.sh_type == SHT_REL) return std::string("SHT_REL relocations are not x86-64's");
    if (rel.header.sh_type != SHT_RELA) continue;
    if (rel.header.sh_info >= object.sections.size()) return std::string("bad relocation target");
    const Section& target = object.sections[rel.header.sh_info];
    if (!target.address) continue;  // debug sections: gdb relocates those itself
    const uint64_t off = rel.header.sh_offset, size = rel.header.sh_size;
    if (off > object.bytes.size() || size > object.bytes.size() - off)
      return fmt::format("{} past the end of the file", rel.name);
    for (uint64_t i = 0; i + sizeof(Elf64_Rela) <= size; i += sizeof(Elf64_Rela)) {
      const auto rela = read_struct<Elf64_Rela>(object.bytes.subspan(off + i, sizeof(Elf64_Rela)));
      const uint64_t index = ELF64_R_SYM(rela.r_info);
      if (index >= values.size()) return fmt::format("{}: bad symbol index {}", rel.name, index);
      const uint32_t type = ELF64_R_TYPE(rela.r_info);
      const uint64_t width = type == R_X86_64_64 || type == R_X86_64_PC64 ? 8 : 4;
      if (rela.r_offset > target.header.sh_size || target.header.sh_size - rela.r_offset < width)
        return fmt::format("{}: relocation outside {}", rel.name, target.name);
      if (auto error =
              apply_one(memory, rela, target.address + rela.r_offset, values[index], target.name))
        return error;
    }
  }
  return std::nullopt;
}

void read_exports_and_modinfo(const ParsedObject& object, LinkedKernelObject& out) {
  for (const Section& s : object.sections) {
    const bool exports = s.name == "__ksymtab_strings";
    if (!exports && s.name != ".modinfo") continue;
    const uint64_t off = s.header.sh_offset, size = s.header.sh_size;
    if (s.header.sh_type == SHT_NOBITS || off > object.bytes.size() ||
        size > object.bytes.size() - off)
      continue;  // not in the file: nothing to read (a hostile header)
    std::string_view text(reinterpret_cast<const char*>(object.bytes.data() + s.header.sh_offset),
                          s.header.sh_size);
    while (!text.empty()) {
      const size_t nul = std::min(text.find('\0'), text.size());
      const std::string_view item = text.substr(0, nul);
      text.remove_prefix(std::min(nul + 1, text.size()));
      if (item.empty()) continue;
      if (exports) {
        out.exports.emplace(item);
      } else if (size_t eq = item.find('='); eq != std::string_view::npos) {
        out.modinfo[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
      }
    }
  }
}

// A copy of the file whose section headers give the placed addresses.
std::shared_ptr<const std::vector<uint8_t>> placed_symbol_file(const ParsedObject& object,
                                                               uint64_t section_headers) {
  auto file = std::make_shared<std::vector<uint8_t>>(object.bytes.begin(), object.bytes.end());
  for (size_t i = 0; i < object.sections.size(); ++i) {
    if (!object.sections[i].address) continue;
    const uint64_t at = section_headers + i * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_addr);
    std::memcpy(file->data() + at, &object.sections[i].address, sizeof(uint64_t));
  }
  return file;
}

void record_result(const ParsedObject& object, const std::vector<uint64_t>& values,
                   LinkedKernelObject& out) {
  for (const Section& s : object.sections) {
    const auto group = placement_of(s.header);
    if (!group) continue;
    out.sections.push_back({s.name, s.address, s.header.sh_size});
    if (*group == Placement::kData) out.writable.emplace_back(s.address, s.header.sh_size);
  }
  for (size_t i = 0; i < object.symbols.size(); ++i) {
    const Elf64_Sym& sym = object.symbols[i].sym;
    const int type = ELF64_ST_TYPE(sym.st_info);
    // Only symbols in a section the object has (a hostile index is none).
    if (object.symbols[i].name.empty() || sym.st_shndx == SHN_UNDEF ||
        sym.st_shndx >= object.sections.size())
      continue;
    if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) continue;
    if (!object.sections[sym.st_shndx].address) continue;
    const int bind = ELF64_ST_BIND(sym.st_info);
    out.symbols.push_back({object.symbols[i].name, values[i], sym.st_size, type == STT_FUNC,
                           bind == STB_GLOBAL || bind == STB_WEAK});
  }
  read_exports_and_modinfo(object, out);
}

}  // namespace

std::optional<uint64_t> LinkedKernelObject::address_of(std::string_view symbol) const {
  for (const KernelObjectSymbol& s : symbols)
    if (s.global && s.name == symbol) return s.address;
  return std::nullopt;
}

const KernelObjectSymbol* LinkedKernelObject::containing(uint64_t address) const {
  const KernelObjectSymbol* best = nullptr;
  for (const KernelObjectSymbol& s : symbols) {
    if (address < s.address) continue;
    if (s.size ? address < s.address + s.size : address == s.address) {
      // module_init()/module_exit() make init_module and cleanup_module
      // aliases of the student's functions: name the student's.
      const bool alias = s.name == "init_module" || s.name == "cleanup_module";
      if (!best || (s.function && !alias)) best = &s;
    }
  }
  return best;
}

std::string LinkedKernelObject::add_symbol_file_command(std::string_view file) const {
  std::string text;
  uint64_t text_address = 0;
  for (const KernelObjectSection& s : sections)
    if (s.name == ".text") text_address = s.address;
  text = fmt::format("add-symbol-file {} {:#x}", file, text_address);
  for (const KernelObjectSection& s : sections)
    if (s.name != ".text") text += fmt::format(" -s {} {:#x}", s.name, s.address);
  return text;
}

std::variant<LinkedKernelObject, KernelObjectError> link_kernel_object(
    std::span<const uint8_t> elf, std::string name, uint64_t load_address,
    cpu::AddressSpace& memory, const KernelSymbolResolver& resolve) {
  auto parsed = parse(elf);
  if (auto* error = std::get_if<std::string>(&parsed))
    return KernelObjectError{fmt::format("{}: invalid module format: {}", name, *error)};
  ParsedObject& object = std::get<ParsedObject>(parsed);
  LinkedKernelObject out;
  out.name = std::move(name);
  out.start = load_address;
  const std::optional<uint64_t> end = place_sections(object, load_address);
  if (!end) {
    return KernelObjectError{fmt::format("{}: its sections need more than {} MiB", out.name,
                                         kMaxKernelObjectBytes >> 20)};
  }
  out.end = *end;
  const uint64_t pages = (out.end - out.start) / cpu::kPageSize;
  const uint64_t limit = memory.page_limit();
  if ((limit && memory.mapped_pages() + pages > limit) || !memory.shared_budget_fits(pages))
    return KernelObjectError{out.name + ": Cannot allocate memory (the session's memory limit)"};
  Resolution resolution = resolve_symbols(object, resolve);
  if (resolution.error) return KernelObjectError{out.name + ": " + *resolution.error};
  if (!resolution.unknown.empty()) {
    KernelObjectError e;
    for (const std::string& symbol : resolution.unknown)
      e.dmesg.push_back(fmt::format("{}: Unknown symbol {} (err -2)", out.name, symbol));
    e.message = fmt::format("Unknown symbol in module ({}; see dmesg)",
                            fmt::join(resolution.unknown, ", "));
    e.unknown_symbols = resolution.unknown;
    return e;
  }
  map_sections(object, memory);
  if (auto error = apply_relocations(object, resolution.values, memory)) {
    if (out.end > out.start) memory.unmap(out.start, out.end - out.start);
    return KernelObjectError{fmt::format("{}: {}", out.name, *error)};
  }
  record_result(object, resolution.values, out);
  out.symbol_file = placed_symbol_file(object, object.section_headers);
  return out;
}

std::string kernel_object_name(std::string_view path) {
  if (size_t slash = path.rfind('/'); slash != std::string_view::npos)
    path.remove_prefix(slash + 1);
  for (std::string_view suffix : {".ko", ".o"}) {
    if (path.ends_with(suffix)) {
      path.remove_suffix(suffix.size());
      break;
    }
  }
  std::string name(path);
  std::replace(name.begin(), name.end(), '-', '_');
  return name.empty() ? "module" : name;
}

}  // namespace lstar::kernel
