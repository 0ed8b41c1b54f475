// Word wrap for captions: lines break only at spaces, never inside a word or a number
// ("4,444" stays whole; ImGui's own wrap breaks after punctuation and split it "4, / 444").
// A word wider than the line gets a line of its own (it overflows rather than splits).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ringsim::viz {

// `width_of` measures a piece of text in the units of `max_width` (pixels at the font in use).
std::vector<std::string> wrap_caption(std::string_view text, float max_width,
                                      const std::function<float(std::string_view)>& width_of);

}  // namespace ringsim::viz
