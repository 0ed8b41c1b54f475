// Every number-to-text rule lives in sim/number_text.h; these pin each one (goldens and
// CSVs carry their output) and hold format_significant to what std::ostream writes.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include "sim/number_text.h"

namespace ringsim {
namespace {

TEST_CASE("format_significant is a default std::ostream's text at 6 digits, %g at others", "[number_text]") {
  const double inf = std::numeric_limits<double>::infinity();
  for (const double value : {0.0, 0.25, 1.0 / 3, 9000.0, 123456.0, 1234567.0, 1e-5, 1.5e-7, -42.125, 1e300, inf, -inf}) {
    std::ostringstream out;
    out << value;
    CAPTURE(value);
    CHECK(format_significant(value) == out.str());
  }
  CHECK(format_significant(12.3456, 3) == "12.3");
  CHECK(format_significant(0.0012345, 3) == "0.00123");
  CHECK(format_significant(1234.5, 3) == "1.23e+03");
}

TEST_CASE("format_number: the console's counts with separators, 4 digits below 1000, one decimal above",
          "[number_text]") {
  CHECK(format_number(1080158) == "1,080,158");
  CHECK(format_number(-1000) == "-1,000");
  CHECK(format_number(0.79961) == "0.7996");
  CHECK(format_number(23.04) == "23.04");
  CHECK(format_number(66666.66) == "66,666.7");
  CHECK(format_number(std::nan("")) == "nan");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_count(999) == "999");
  CHECK(is_whole_number(9007199254740992.0));
  CHECK_FALSE(is_whole_number(0.5));
}

TEST_CASE("format_table_number: the report's whole numbers without separators, '-' when missing",
          "[number_text]") {
  CHECK(format_table_number(22222) == "22,222");
  CHECK(format_table_number(1234.56) == "1,235");
  CHECK(format_table_number(0.123456) == "0.1235");
  CHECK(format_table_number(1e16) == "1e+16");
  CHECK(format_table_number(std::nan("")) == "-");
}

}  // namespace
}  // namespace ringsim
