# Guest programs: static x86-64 Linux executables that lstar runs.
#
# They are built with the host C compiler through custom commands, never as
# CMake targets with languages, so nothing from the host build leaks into
# them: not CMAKE_C_FLAGS, not add_compile_options() (LSTAR_SANITIZE's
# -fsanitize flags), not add_link_options(). A guest must be a plain static
# binary that the simulator can load, whatever the host build looks like.
#
#   lstar_add_guest(NAME
#                   SOURCES file.c [file.S ...]
#                   [NOSTDLIB]
#                   [FLAGS flag ...]
#                   [LIBS lib ...])
#
# builds ${LSTAR_GUEST_DIR}/NAME (that is ${CMAKE_BINARY_DIR}/guests/NAME)
# with `-static -g`, plus, for NOSTDLIB,
# `-nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie`.
# FLAGS go to both the compile and the link step (use them for -O levels,
# -std, warnings, -mgeneral-regs-only ...). LIBS go to the link step after
# the objects, where static archives must come (e.g. -lm). Each source is
# compiled on its own with a depfile, so editing an included header
# rebuilds the guest.
#
# Targets: `guest_NAME` per guest; `guests` (part of ALL) depends on all.
# Finding a guest: the path is ${LSTAR_GUEST_DIR}/NAME, available at
# configure time everywhere (this file is included before any subdirectory).
# Also: lstar_guest_path(NAME OUT_VAR), and the global property LSTAR_GUESTS
# (the list of names defined so far). Test targets get the directory as a
# compile definition: target_compile_definitions(t PRIVATE
# LSTAR_GUEST_DIR="${LSTAR_GUEST_DIR}") and add_dependencies(t guests).

include_guard(GLOBAL)

# Guest code (these programs and the kernel image) is built with the host C
# compiler unless LSTAR_GUEST_C_COMPILER names another: a clang build of
# lstar (LSTAR_FUZZ) still builds its guests with gcc, whose flags they use.
set(LSTAR_GUEST_C_COMPILER "${CMAKE_C_COMPILER}" CACHE FILEPATH "C compiler for guest programs")

set(LSTAR_GUEST_DIR "${CMAKE_BINARY_DIR}/guests")
# The built-in program of `lstar serve` (defined in tests/guests/).
set(LSTAR_DEMO_GUEST "${LSTAR_GUEST_DIR}/demo")

if(NOT TARGET guests)
  add_custom_target(guests ALL COMMENT "Guest programs are up to date")
endif()

function(lstar_guest_path name out_var)
  set(${out_var} "${LSTAR_GUEST_DIR}/${name}" PARENT_SCOPE)
endfunction()

function(lstar_add_guest name)
  cmake_parse_arguments(PARSE_ARGV 1 GUEST "NOSTDLIB" "" "SOURCES;FLAGS;LIBS")
  if(GUEST_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "lstar_add_guest(${name}): unknown arguments: ${GUEST_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT GUEST_SOURCES)
    message(FATAL_ERROR "lstar_add_guest(${name}): SOURCES is required")
  endif()
  if(TARGET guest_${name})
    message(FATAL_ERROR "lstar_add_guest(${name}): a guest with this name already exists")
  endif()

  set(output "${LSTAR_GUEST_DIR}/${name}")
  set(object_dir "${CMAKE_CURRENT_BINARY_DIR}/guest_objects/${name}")

  # -g: gdb sessions in the lab and the e2e tests use the guest's symbols.
  set(compile_flags -g ${GUEST_FLAGS})
  set(link_flags -static -g ${GUEST_FLAGS})
  if(GUEST_NOSTDLIB)
    list(APPEND compile_flags -ffreestanding -fno-stack-protector -fno-pie)
    list(APPEND link_flags -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie)
  endif()

  set(objects "")
  foreach(source IN LISTS GUEST_SOURCES)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE source_path)
    cmake_path(GET source_path FILENAME source_name)
    set(object "${object_dir}/${source_name}.o")
    if(object IN_LIST objects)
      message(FATAL_ERROR "lstar_add_guest(${name}): two sources are named ${source_name}")
    endif()
    add_custom_command(
      OUTPUT "${object}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${object_dir}"
      COMMAND "${LSTAR_GUEST_C_COMPILER}" ${compile_flags} -MD -MF "${object}.d"
              -c "${source_path}" -o "${object}"
      DEPENDS "${source_path}"
      DEPFILE "${object}.d"
      COMMENT "Compiling guest ${name}: ${source_name}"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND objects "${object}")
  endforeach()

  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${LSTAR_GUEST_DIR}"
    COMMAND "${LSTAR_GUEST_C_COMPILER}" ${link_flags} ${objects} ${GUEST_LIBS} -o "${output}"
    DEPENDS ${objects}
    COMMENT "Linking guest program ${name}"
    VERBATIM COMMAND_EXPAND_LISTS)

  add_custom_target(guest_${name} DEPENDS "${output}")
  add_dependencies(guests guest_${name})
  set_property(GLOBAL APPEND PROPERTY LSTAR_GUESTS ${name})
endfunction()
