# Generates ifa026_version.cpp with the project version and the git commit at build time.
set(IFA026_VERSION_CPP ${CMAKE_BINARY_DIR}/generated/ifa026_version.cpp)
add_custom_target(ifa026_version_gen
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${IFA026_VERSION_CPP} -DVERSION=${PROJECT_VERSION}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -P ${CMAKE_SOURCE_DIR}/cmake/version_run.cmake
  BYPRODUCTS ${IFA026_VERSION_CPP}
  COMMENT "Recording version and git commit")
