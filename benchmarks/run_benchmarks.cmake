# cmake -DND_BENCH_CONFIG=<build>/benchmarks/run_benchmarks_config.cmake -P run_benchmarks.cmake
# What the run_benchmarks target does (see CMakeLists.txt):
#   1. numpy_bench.py -> numpy_bench.json, when ND_BENCH_PYTHON is set and has NumPy;
#   2. nd_bench -> nd_bench.json (its console output to nd_bench.txt);
#   3. numpy_bench.py again -> numpy_bench_after.json;
#   4. nd_bench_table prints the one table (and writes bench_table.txt), NumPy's rates the
#      median of its two runs.
include("${ND_BENCH_CONFIG}")

set(out "${ND_BENCH_OUT_DIR}")
set(nd_json "${out}/nd_bench.json")
set(nd_text "${out}/nd_bench.txt")
set(numpy_json "${out}/numpy_bench.json")
set(numpy_after_json "${out}/numpy_bench_after.json")
set(table "${out}/bench_table.txt")
file(REMOVE "${nd_json}" "${numpy_json}" "${numpy_after_json}" "${table}")

# Arguments from the environment come last, for one run:
#   ND_BENCH_ARGS=--benchmark_filter=triad cmake --build --preset bench-run
if(DEFINED ENV{ND_BENCH_ARGS})
  separate_arguments(env_args UNIX_COMMAND "$ENV{ND_BENCH_ARGS}")
  list(APPEND ND_BENCH_ARGS ${env_args})
endif()

# The filter and the minimum time given to nd_bench apply to the NumPy cases too (the last
# occurrence wins, as in Google Benchmark).
set(numpy_args "")
set(filter "")
set(min_time "")
foreach(arg IN LISTS ND_BENCH_ARGS)
  if(arg MATCHES "^--benchmark_filter=(.*)$")
    set(filter "${CMAKE_MATCH_1}")
  elseif(arg MATCHES "^--benchmark_min_time=([0-9.eE+-]+)s?$")
    set(min_time "${CMAKE_MATCH_1}")
  endif()
endforeach()
if(NOT filter STREQUAL "")
  list(APPEND numpy_args --filter "${filter}")
endif()
if(NOT min_time STREQUAL "")
  list(APPEND numpy_args --min-time "${min_time}")
endif()

# 1. NumPy, once now and once after nd_bench (step 3): NumPy runs in a process of its own, and
# on a shared machine memory bandwidth moves by half from one minute to the next, so its rate
# is the median of a run on each side of nd's.
set(numpy_options "")
function(time_numpy json)
  if(ND_BENCH_PYTHON STREQUAL "")
    message(STATUS "No NumPy column: ND_BENCH_PYTHON is empty (no python3 found)")
    return()
  endif()
  message(STATUS "Timing the cases in NumPy (${ND_BENCH_PYTHON} numpy_bench.py) ...")
  execute_process(
    COMMAND "${ND_BENCH_PYTHON}" "${ND_BENCH_NUMPY_SCRIPT}" --out "${json}" ${numpy_args}
    RESULT_VARIABLE numpy_result
    ERROR_VARIABLE numpy_errors)
  if(NOT numpy_result EQUAL 0)
    file(REMOVE "${json}")
    message(STATUS "No NumPy column from this run: numpy_bench.py failed (${numpy_result}):\n${numpy_errors}")
  elseif(NOT EXISTS "${json}")
    string(STRIP "${numpy_errors}" numpy_errors)
    message(STATUS "No NumPy column: ${numpy_errors}")
  else()
    set(numpy_options ${numpy_options} --numpy "${json}" PARENT_SCOPE)
  endif()
endfunction()
time_numpy("${numpy_json}")

# 2. nd_bench.
list(JOIN ND_BENCH_ARGS " " shown_args)
message(STATUS "Running nd_bench ${shown_args} (a few minutes); "
               "Google Benchmark's output goes to ${nd_text}")
execute_process(
  COMMAND "${ND_BENCH}" "--benchmark_out=${nd_json}" --benchmark_out_format=json ${ND_BENCH_ARGS}
  OUTPUT_FILE "${nd_text}"
  ERROR_FILE "${nd_text}"
  RESULT_VARIABLE bench_result)
if(NOT bench_result EQUAL 0 OR NOT EXISTS "${nd_json}")
  file(READ "${nd_text}" bench_output)
  message(FATAL_ERROR "nd_bench failed (${bench_result}); its output (${nd_text}):\n${bench_output}")
endif()

# 3. NumPy again, when it ran the first time.
if(NOT numpy_options STREQUAL "")
  time_numpy("${numpy_after_json}")
endif()

# 4. The table.
set(strict_option "")
if(ND_BENCH_STRICT)
  set(strict_option --strict)
endif()
execute_process(
  COMMAND "${ND_BENCH_TABLE}" "${nd_json}" ${numpy_options} --goals "${ND_BENCH_GOALS}" --out "${table}" ${strict_option}
  RESULT_VARIABLE table_result)
if(NOT table_result EQUAL 0)
  message(FATAL_ERROR "nd_bench_table exited with ${table_result}")
endif()
message(STATUS "Table: ${table}; Google Benchmark: ${nd_text}, ${nd_json}")
