# cmake -DKIND=find_package|add_subdirectory -DND_SOURCE_DIR=... -DCONSUMERS_DIR=...
#       -DWORK_DIR=... -DGENERATOR=... [-DMAKE_PROGRAM=...] -DCXX_COMPILER=...
#       [-DND_SIMD=ON|OFF] -P run_consumer.cmake
#
# find_package:     configure nd alone, install it into WORK_DIR/prefix, then
#                   configure, build and run consumers/find_package against it.
# add_subdirectory: configure, build and run consumers/add_subdirectory, which
#                   add_subdirectory()s the nd source tree.
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS KIND ND_SOURCE_DIR CONSUMERS_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${var}=... is required")
  endif()
endforeach()
# The consumer is an optimized build whatever nd's own build is: -O3 is where GCC's
# flow-based warnings (-Wmaybe-uninitialized, -Warray-bounds) see through nd's inline code.
set(BUILD_TYPE Release)
if(NOT DEFINED ND_SIMD)
  set(ND_SIMD ON)
endif()

function(run what)
  message(STATUS "[consumer.${KIND}] ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[consumer.${KIND}] FAILED (${rc}): ${what}\n  command: ${ARGN}")
  endif()
endfunction()

set(common
  -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND common "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(app_build "${WORK_DIR}/app-build")

if(KIND STREQUAL "find_package")
  set(prefix "${WORK_DIR}/prefix")
  run("configure nd (tests, benchmarks, examples off)"
      "${CMAKE_COMMAND}" -S "${ND_SOURCE_DIR}" -B "${WORK_DIR}/nd-build" ${common}
      -DND_BUILD_TESTS=OFF -DND_BUILD_BENCHMARKS=OFF -DND_BUILD_EXAMPLES=OFF
      -DND_INSTALL=ON "-DND_SIMD=${ND_SIMD}" "-DCMAKE_INSTALL_PREFIX=${prefix}")
  run("install nd into ${prefix}"
      "${CMAKE_COMMAND}" --install "${WORK_DIR}/nd-build" --prefix "${prefix}")
  foreach(f IN ITEMS include/nd/nd.hpp share/cmake/nd/ndConfig.cmake
                     share/cmake/nd/ndConfigVersion.cmake share/cmake/nd/ndTargets.cmake)
    if(NOT EXISTS "${prefix}/${f}")
      message(FATAL_ERROR "[consumer.${KIND}] not installed: ${prefix}/${f}")
    endif()
  endforeach()
  run("configure the consumer with find_package(nd)"
      "${CMAKE_COMMAND}" -S "${CONSUMERS_DIR}/find_package" -B "${app_build}" ${common}
      "-DCMAKE_PREFIX_PATH=${prefix}")
  # The nd that was found must be the one just installed.
  file(STRINGS "${app_build}/CMakeCache.txt" nd_dir_line REGEX "^nd_DIR:")
  string(REGEX REPLACE "^nd_DIR:[A-Z]*=" "" nd_dir "${nd_dir_line}")
  if(NOT nd_dir STREQUAL "${prefix}/share/cmake/nd")
    message(FATAL_ERROR "[consumer.${KIND}] found nd in '${nd_dir}', "
                        "expected '${prefix}/share/cmake/nd'")
  endif()
elseif(KIND STREQUAL "add_subdirectory")
  run("configure the consumer with add_subdirectory(nd)"
      "${CMAKE_COMMAND}" -S "${CONSUMERS_DIR}/add_subdirectory" -B "${app_build}" ${common}
      "-DND_SOURCE_DIR=${ND_SOURCE_DIR}" "-DND_SIMD=${ND_SIMD}")
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown KIND '${KIND}'")
endif()

run("build the consumer" "${CMAKE_COMMAND}" --build "${app_build}")
run("run the consumer" "${app_build}/nd_consumer")
message(STATUS "[consumer.${KIND}] passed")
