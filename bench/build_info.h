// How a benchmark binary was built, printed with its figures so a number is never read
// without knowing the build. bench/CMakeLists.txt passes the definitions.
#pragma once

#include <cstdio>

#ifndef RINGSIM_BUILD_TYPE
#define RINGSIM_BUILD_TYPE "unknown"
#endif
#ifndef RINGSIM_CXX_FLAGS
#define RINGSIM_CXX_FLAGS "unknown"
#endif
#ifndef RINGSIM_COMPILER
#define RINGSIM_COMPILER "unknown"
#endif

namespace ringsim {

inline void print_build_info() {
  std::printf("build: type=%s cxx_flags='%s' compiler=%s\n", RINGSIM_BUILD_TYPE, RINGSIM_CXX_FLAGS, RINGSIM_COMPILER);
}

}  // namespace ringsim
