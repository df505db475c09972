# Debian 12's libxsimd-dev (xsimd 8.1) exports the target `xsimd` with
# INTERFACE_LINK_LIBRARIES "xtl", but xtl is an optional dependency of xsimd that
# Debian does not install. Without a target named `xtl` every program linking
# xsimd fails with "cannot find -lxtl". nd does not use xtl, so when no xtl
# package can be found the link item is dropped.
#
# Included by nd's CMakeLists.txt and by the installed ndConfig.cmake, right after
# xsimd was found.
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_nd_xsimd_libs xsimd INTERFACE_LINK_LIBRARIES)
  if(_nd_xsimd_libs AND "xtl" IN_LIST _nd_xsimd_libs)
    find_package(xtl QUIET)
    if(NOT TARGET xtl)
      list(REMOVE_ITEM _nd_xsimd_libs xtl)
      set_property(TARGET xsimd PROPERTY INTERFACE_LINK_LIBRARIES "${_nd_xsimd_libs}")
    endif()
  endif()
  unset(_nd_xsimd_libs)
endif()
