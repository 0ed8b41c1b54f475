#include "cli/memory_budget.h"

#include <unistd.h>

#include "run/option_values.h"
#include "sim/config_error.h"

namespace ringsim {

double default_memory_budget_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_bytes = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_bytes <= 0) return 4.0 * (1 << 30);
  return kDefaultMemoryShare * static_cast<double>(pages) * static_cast<double>(page_bytes);
}

double memory_budget_bytes(const std::string& max_memory_text) {
  if (max_memory_text.empty()) return default_memory_budget_bytes();
  const std::optional<double> bytes = parse_byte_size(max_memory_text);
  if (!bytes) {
    throw ConfigError("--max-memory", "", "expected a size in bytes with an optional K, M, G or T suffix (e.g. 8G), got \"" +
                                              max_memory_text + "\"");
  }
  return *bytes;
}

}  // namespace ringsim
