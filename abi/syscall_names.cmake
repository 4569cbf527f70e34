# Writes the C++ array of syscall numbers and names of a syscall_64.tbl, as
# Linux's scripts/syscalltbl.sh turns the table into code at build time.
#
#   cmake -DINPUT=<syscall_64.tbl> -DOUTPUT=<file.cpp> -P syscall_names.cmake
#
# Rows are "<number> <abi> <name> [<entry point>]"; '#' starts a comment.
# The output defines lstar::abi::default_syscall_names(), sorted by number.
file(STRINGS "${INPUT}" lines)
set(rows "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "#.*" "" line "${line}")
  string(STRIP "${line}" line)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "[ \t]+" ";" fields "${line}")
  list(LENGTH fields count)
  if(count LESS 3)
    message(FATAL_ERROR "${INPUT}: bad row: ${line}")
  endif()
  list(GET fields 0 number)
  list(GET fields 2 name)
  if(NOT number MATCHES "^[0-9]+$" OR NOT name MATCHES "^[A-Za-z0-9_]+$")
    message(FATAL_ERROR "${INPUT}: bad row: ${line}")
  endif()
  # A zero-padded key first, so that a string sort is a numeric one.
  string(LENGTH "${number}" digits)
  math(EXPR pad "6 - ${digits}")
  string(REPEAT "0" ${pad} zeros)
  list(APPEND rows "${zeros}${number}|${number}|${name}")
endforeach()
list(SORT rows)
set(body "")
foreach(row IN LISTS rows)
  string(REPLACE "|" ";" parts "${row}")
  list(GET parts 1 number)
  list(GET parts 2 name)
  string(APPEND body "      {${number}, \"${name}\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from abi/syscall_64.tbl by abi/syscall_names.cmake. Do not edit.\n"
  "#include \"abi/syscall_names.h\"\n\n"
  "namespace lstar::abi {\n\n"
  "std::span<const SyscallName> default_syscall_names() {\n"
  "  static constexpr SyscallName kNames[] = {\n${body}  };\n"
  "  return kNames;\n"
  "}\n\n"
  "}  // namespace lstar::abi\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
