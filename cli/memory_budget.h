// The memory a run may use unless --max-memory says otherwise: a share of the machine's
// physical memory (sysconf), read here in cli/ because the simulation core never looks at
// the machine it runs on.
#pragma once

#include <string>

namespace ringsim {

// Share of physical memory a run may take by default: the rest stays for the system,
// other programs and the estimate's error (run/estimate.h, within 2x of measured RSS).
inline constexpr double kDefaultMemoryShare = 0.5;

// kDefaultMemoryShare of physical memory; 4 GiB when the system does not say.
double default_memory_budget_bytes();

// The budget from a --max-memory text ("8G", "512M", bytes), or the default when empty.
// Throws ConfigError naming --max-memory when the text is not a size.
double memory_budget_bytes(const std::string& max_memory_text);

}  // namespace ringsim
