// Comma-separated lists in labels people read ("node 2,node 5", "8,9"): changes log
// subjects, activity details, captions.
#pragma once

#include <string>

namespace ringsim {

// Appends `item` to a comma-separated list (no space after the comma).
inline void append_to_list(std::string& list, const std::string& item) {
  if (!list.empty()) list += ',';
  list += item;
}

}  // namespace ringsim
