#include "sim/assert.h"

#include <cstdio>
#include <cstdlib>

namespace ringsim::detail {

void assert_fail(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "ringsim: internal invariant violated: %s (%s:%d)\n", expression, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace ringsim::detail
