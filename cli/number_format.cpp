#include "cli/number_format.h"

#include <cstdint>

namespace ringsim {

nlohmann::ordered_json json_number(double value) {
  if (is_whole_number(value)) return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace ringsim
