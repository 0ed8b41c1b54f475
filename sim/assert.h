// Assertions that stay on in every build type (TigerBeetle style): a simulator that
// silently continues past a broken invariant produces plausible but wrong numbers.
// RINGSIM_ASSERT is for cheap checks on any path; RINGSIM_EXPENSIVE_ASSERT is compiled in
// only when RINGSIM_EXPENSIVE_CHECKS is defined (debug and test builds).
#pragma once

namespace ringsim::detail {
[[noreturn]] void assert_fail(const char* expression, const char* file, int line);
}  // namespace ringsim::detail

#define RINGSIM_ASSERT(expression)                                         \
  do {                                                                     \
    if (!(expression)) [[unlikely]] {                                      \
      ::ringsim::detail::assert_fail(#expression, __FILE__, __LINE__);     \
    }                                                                      \
  } while (false)

#ifdef RINGSIM_EXPENSIVE_CHECKS
#define RINGSIM_EXPENSIVE_ASSERT(expression) RINGSIM_ASSERT(expression)
#else
#define RINGSIM_EXPENSIVE_ASSERT(expression) \
  do {                                       \
  } while (false)
#endif
