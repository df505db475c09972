# ND_SANITIZE: build nd's OWN targets (tests, benchmarks, examples) with
# AddressSanitizer + UndefinedBehaviorSanitizer; any finding aborts the program.
option(ND_SANITIZE "Build nd's own targets with -fsanitize=address,undefined" OFF)

function(nd_set_sanitizers)
  if(NOT ND_SANITIZE)
    return()
  endif()
  set(flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  foreach(target IN LISTS ARGN)
    target_compile_options(${target} PRIVATE ${flags})
    target_link_options(${target} PRIVATE ${flags})
  endforeach()
endfunction()

