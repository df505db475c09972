# install() rules and the CMake package `nd` (target nd::nd).
include(CMakePackageConfigHelpers)

set(ND_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/nd"
    CACHE STRING "Where ndConfig.cmake is installed, relative to the prefix")
mark_as_advanced(ND_INSTALL_CMAKEDIR)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/nd"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")

install(TARGETS nd EXPORT ndTargets)
install(EXPORT ndTargets
        NAMESPACE nd::
        DESTINATION "${ND_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/ndConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/ndConfig.cmake"
  INSTALL_DESTINATION "${ND_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/ndConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)

install(FILES
          "${PROJECT_BINARY_DIR}/ndConfig.cmake"
          "${PROJECT_BINARY_DIR}/ndConfigVersion.cmake"
          "${PROJECT_SOURCE_DIR}/cmake/ndXsimdFixup.cmake"
        DESTINATION "${ND_INSTALL_CMAKEDIR}")
