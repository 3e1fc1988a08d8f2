# installed_programs.cmake — the install test of what users run (ctest:
# install.StrippedProgramsRun).
#
# Installs the build tree into a scratch prefix with a plain `cmake --install` (no --strip:
# the tree strips by default, RDHA_INSTALL_STRIP), then checks that the installed `rdha`,
# the Python module and the package's copy of the CLI carry no symbol table and no debug
# information, the library no debug information, that `rdha --version` runs, and that `import rdha` from the prefix loads
# the installed files. Run with cmake -P; see tests/CMakeLists.txt.
cmake_minimum_required(VERSION 3.25)

foreach(var RDHA_BUILD_DIR WORK_DIR READELF EXPECTED_VERSION)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "installed_programs.cmake: ${var} is not set")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

include("${CMAKE_CURRENT_LIST_DIR}/run_step.cmake")

# `file` calls an ELF file "stripped" when it has no .symtab; .debug_* sections are the
# debug information (RelWithDebInfo puts them in every object). A static library keeps its
# symbol table (linking needs it): assert_stripped(path DEBUG_ONLY).
function(assert_stripped path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "install test: ${path} was not installed")
  endif()
  set(sections "\\.symtab|\\.debug_[a-z_]+")
  if(ARGV1 STREQUAL "DEBUG_ONLY")
    set(sections "\\.debug_[a-z_]+")
  endif()
  run("readelf ${path}" "${READELF}" --section-headers --wide "${path}")
  string(REGEX MATCHALL "[ \t](${sections})[ \t]" unstripped "${step_output}")
  if(unstripped)
    list(TRANSFORM unstripped STRIP)
    list(REMOVE_DUPLICATES unstripped)
    list(JOIN unstripped ", " sections)
    message(FATAL_ERROR "install test: ${path} is not stripped; it has the sections ${sections}")
  endif()
  file(SIZE "${path}" size)
  message(STATUS "stripped: ${path} (${size} bytes)")
endfunction()

set(config_args)
if(RDHA_CONFIG)
  set(config_args --config "${RDHA_CONFIG}")
endif()
run("cmake --install" "${CMAKE_COMMAND}" --install "${RDHA_BUILD_DIR}" --prefix "${prefix}" ${config_args})

set(program "${prefix}/bin/rdha")
assert_stripped("${program}")
file(GLOB library "${prefix}/lib*/librdha.a")
assert_stripped("${library}" DEBUG_ONLY)
run("rdha --version" "${program}" --version)
if(NOT step_output MATCHES "${EXPECTED_VERSION}")
  message(FATAL_ERROR "install test: `rdha --version` printed '${step_output}', not the version ${EXPECTED_VERSION}")
endif()

if(NOT PYTHON)
  message(STATUS "install test: OK (no Python module in this build)")
  return()
endif()
file(GLOB_RECURSE package_init "${prefix}/__init__.py")
list(FILTER package_init INCLUDE REGEX "/rdha/__init__\\.py$")
if(NOT package_init)
  message(FATAL_ERROR "install test: the Python package rdha was not installed under ${prefix}")
endif()
cmake_path(GET package_init PARENT_PATH package)
cmake_path(GET package PARENT_PATH python_dir)
file(GLOB module "${package}/_core*.so")
assert_stripped("${module}")
assert_stripped("${package}/_bin/rdha")

# -I (isolated) keeps the user site directory and PYTHONPATH out; the prefix alone is
# searched. Every file of the package must be the installed one. (No ';' in the Python
# code: run() passes its arguments on as a CMake list.)
set(import_rdha "import sys
sys.path.insert(0, sys.argv[1])
import rdha, rdha._core, rdha.cli
")
run("import rdha" "${PYTHON}" -I -c "${import_rdha}
print(rdha.__file__)
print(rdha._core.__file__)
print(rdha.cli.cli_path())
print(rdha.HaStackSpec().database.instance_class)
" "${python_dir}")
message(STATUS "import rdha:\n${step_output}")
string(REGEX REPLACE "\n$" "" lines "${step_output}")
string(REPLACE "\n" ";" lines "${lines}")
list(SUBLIST lines 0 3 files)
foreach(loaded IN LISTS files)
  cmake_path(IS_PREFIX package "${loaded}" NORMALIZE inside)
  if(NOT inside)
    message(FATAL_ERROR "install test: import rdha loaded ${loaded}, outside the installed package ${package}")
  endif()
endforeach()
run("the package's CLI (rdha.cli)" "${PYTHON}" -I -c "${import_rdha}
sys.exit(rdha.cli.main(['--version']))
" "${python_dir}")
if(NOT step_output MATCHES "${EXPECTED_VERSION}")
  message(FATAL_ERROR "install test: the package's CLI printed '${step_output}', not the version ${EXPECTED_VERSION}")
endif()
message(STATUS "install test: OK")
