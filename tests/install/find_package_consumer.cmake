# find_package_consumer.cmake — the install test (ctest: install.FindPackageConsumer).
#
# Installs the build tree into a scratch prefix with `cmake --install`, then configures,
# builds and runs tests/install/consumer against that prefix only, proving that the
# installed rdhaConfig.cmake is self-contained (headers, library, version header and
# the nlohmann_json / fmt dependencies). Run with cmake -P; see tests/CMakeLists.txt.
cmake_minimum_required(VERSION 3.25)

foreach(var RDHA_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR CONSUMER_GENERATOR CONSUMER_CXX_COMPILER EXPECTED_VERSION)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "find_package_consumer.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT CONSUMER_BUILD_TYPE)
  set(CONSUMER_BUILD_TYPE Release)
endif()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer-build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

include("${CMAKE_CURRENT_LIST_DIR}/run_step.cmake")

set(config_args)
if(RDHA_CONFIG)
  set(config_args --config "${RDHA_CONFIG}")
endif()
run("cmake --install" "${CMAKE_COMMAND}" --install "${RDHA_BUILD_DIR}" --prefix "${prefix}" ${config_args})

foreach(expected
    "include/rdha/error.hpp"
    "include/rdha/version.hpp")
  if(NOT EXISTS "${prefix}/${expected}")
    message(FATAL_ERROR "install test: ${expected} was not installed into ${prefix}")
  endif()
endforeach()
file(GLOB_RECURSE config_files "${prefix}/*/rdhaConfig.cmake")
if(NOT config_files)
  message(FATAL_ERROR "install test: no rdhaConfig.cmake under ${prefix}")
endif()

# Only the scratch prefix may satisfy find_package(rdha): no package registry, no build tree.
run("configure consumer" "${CMAKE_COMMAND}"
  -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
  -G "${CONSUMER_GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CONSUMER_CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${CONSUMER_BUILD_TYPE}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON
  "-DEXPECTED_RDHA_VERSION=${EXPECTED_VERSION}")

file(STRINGS "${consumer_build}/CMakeCache.txt" rdha_dir_line REGEX "^rdha_DIR:")
string(REGEX REPLACE "^rdha_DIR:[A-Z]+=" "" rdha_dir "${rdha_dir_line}")
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${rdha_dir}" real_rdha_dir)
string(FIND "${real_rdha_dir}" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "install test: rdha was found at '${rdha_dir}', not in the install prefix '${prefix}'")
endif()

run("build consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${CONSUMER_BUILD_TYPE}")

set(exe "${consumer_build}/rdha_consumer")
if(NOT EXISTS "${exe}" AND EXISTS "${consumer_build}/${CONSUMER_BUILD_TYPE}/rdha_consumer")
  set(exe "${consumer_build}/${CONSUMER_BUILD_TYPE}/rdha_consumer")
endif()
run("run consumer" "${exe}")
message(STATUS "consumer output:\n${step_output}")
if(NOT step_output MATCHES "rdha ${EXPECTED_VERSION}")
  message(FATAL_ERROR "install test: consumer output lacks 'rdha ${EXPECTED_VERSION}':\n${step_output}")
endif()
message(STATUS "install test: OK (rdha found at ${rdha_dir})")
