# cmake -DPROGRAM=<exe> -DEXPECTED=<file> -DACTUAL=<file> [-DMODE=exact|regex]
#       -P compare_output.cmake
#
# Runs PROGRAM, writes its stdout to ACTUAL and compares it with EXPECTED:
#   MODE=exact (default): byte for byte.
#   MODE=regex: EXPECTED holds one regular expression (CMake syntax) per output
#     line; output line N must match line N of EXPECTED as a whole (the
#     expression is anchored with ^(...)$), and the line counts must be equal.
# Fails (non-zero exit) when the program fails or the output differs, printing
# the first differing line and a diff (or both outputs).
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS PROGRAM EXPECTED ACTUAL)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "compare_output.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT MODE)
  set(MODE exact)
endif()
if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "expected output file does not exist: ${EXPECTED}")
endif()

execute_process(COMMAND "${PROGRAM}"
                OUTPUT_FILE "${ACTUAL}"
                ERROR_VARIABLE stderr
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(READ "${ACTUAL}" out)
  message(NOTICE "--- stdout of ${PROGRAM} ---\n${out}\n--- stderr ---\n${stderr}")
  message(FATAL_ERROR "${PROGRAM} failed (${rc})")
endif()
if(stderr)
  message(STATUS "stderr of ${PROGRAM}:\n${stderr}")
endif()

# pop_line(<text var> <line var>): removes the first line (without its "\n") of
# the text. Plain string operations on purpose: CMake lists would mangle lines
# with ';' or unbalanced '[' ']', which NumPy's printing is full of.
macro(pop_line text_var line_var)
  string(FIND "${${text_var}}" "\n" _pos)
  if(_pos EQUAL -1)
    set(${line_var} "${${text_var}}")
    set(${text_var} "")
  else()
    string(SUBSTRING "${${text_var}}" 0 ${_pos} ${line_var})
    math(EXPR _pos "${_pos} + 1")
    string(SUBSTRING "${${text_var}}" ${_pos} -1 ${text_var})
  endif()
endmacro()

file(READ "${EXPECTED}" expected_text)
file(READ "${ACTUAL}" actual_text)

set(first_difference "")
if(MODE STREQUAL "exact")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${EXPECTED}" "${ACTUAL}"
                  RESULT_VARIABLE differ OUTPUT_QUIET ERROR_QUIET)
  if(NOT differ)
    return()
  endif()
  # Locate the first differing line for the message.
  set(e "${expected_text}")
  set(a "${actual_text}")
  set(n 0)
  while(TRUE)
    math(EXPR n "${n} + 1")
    if("${e}" STREQUAL "" AND "${a}" STREQUAL "")
      set(first_difference "the outputs differ only in their final newline or in bytes CMake cannot show")
      break()
    endif()
    pop_line(e el)
    pop_line(a al)
    if(NOT "${el}" STREQUAL "${al}")
      set(first_difference "first difference at line ${n}:\n  expected: |${el}|\n  actual:   |${al}|")
      break()
    endif()
  endwhile()
elseif(MODE STREQUAL "regex")
  set(e "${expected_text}")
  set(a "${actual_text}")
  set(n 0)
  while(NOT ("${e}" STREQUAL "" AND "${a}" STREQUAL ""))
    math(EXPR n "${n} + 1")
    if("${e}" STREQUAL "")
      pop_line(a al)
      set(first_difference "line ${n}: the output has more lines than ${EXPECTED}:\n  actual: |${al}|")
      break()
    elseif("${a}" STREQUAL "")
      pop_line(e el)
      set(first_difference "line ${n}: the output ends before the line matching\n  regex:  |${el}|")
      break()
    endif()
    pop_line(e el)
    pop_line(a al)
    if(NOT "${al}" MATCHES "^(${el})$")
      set(first_difference "line ${n} does not match:\n  regex:  |${el}|\n  actual: |${al}|")
      break()
    endif()
  endwhile()
  if(first_difference STREQUAL "")
    return()
  endif()
else()
  message(FATAL_ERROR "compare_output.cmake: unknown MODE '${MODE}' (exact or regex)")
endif()

# Mismatch: show as much as helps (NOTICE prints the text unformatted).
find_program(DIFF_PROGRAM diff)
if(DIFF_PROGRAM)
  execute_process(COMMAND "${DIFF_PROGRAM}" -u "${EXPECTED}" "${ACTUAL}"
                  OUTPUT_VARIABLE shown)
  string(PREPEND shown "--- diff -u expected actual ---\n")
else()
  string(CONCAT shown "--- expected (${EXPECTED}) ---\n${expected_text}\n"
                       "--- actual (${ACTUAL}) ---\n${actual_text}")
endif()
message(NOTICE "output of ${PROGRAM}\ndoes not match ${EXPECTED} (${MODE}):\n"
               "${first_difference}\n${shown}")
message(FATAL_ERROR "output mismatch (${MODE}); the actual output is in ${ACTUAL}")
