# nd_set_warnings(<target>...): warnings as errors for nd's OWN targets (tests,
# benchmarks, examples). Never applied to nd::nd, so consumers keep their flags.
option(ND_WARNINGS_AS_ERRORS "Treat warnings in nd's own targets as errors" ON)

function(nd_set_warnings)
  foreach(target IN LISTS ARGN)
    if(MSVC)
      target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${ND_WARNINGS_AS_ERRORS}>:/WX>)
    else()
      target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic
        $<$<BOOL:${ND_WARNINGS_AS_ERRORS}>:-Werror>)
    endif()
  endforeach()
endfunction()
