// Word wrap for captions: lines break only at spaces, never inside a word or a number
// ("4,444" stays whole; ImGui's own wrap breaks after punctuation and split it "4, / 444").
// A word wider than the line gets a line of its own (it overflows rather than splits).
// wrap_parts does the same for the ring's caption lines, preferring breaks between parts.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ringsim::viz {

// `width_of` measures a piece of text in the units of `max_width` (pixels at the font in use).
std::vector<std::string> wrap_caption(std::string_view text, float max_width,
                                      const std::function<float(std::string_view)>& width_of);

// The text in lines of at most max_width, broken between its parts (at `separator`, which a
// break drops: " · " in the ring's detail line) and, inside a part wider than a line, at its
// spaces. Only when it needs more than max_lines lines is the last one cut at a word and
// ended with "..." (`shortened`): a caption wraps rather than losing its end (issue #25: the
// ring's headline was cut to "node 8 joined: 4 598 copies moved in 84.8 ms (11.5 %..." at
// 1280x720).
struct WrappedText {
  std::vector<std::string> lines;
  bool shortened = false;
};
WrappedText wrap_parts(std::string_view text, std::string_view separator, float max_width, std::size_t max_lines,
                       const std::function<float(std::string_view)>& width_of);
// The text cut at a word boundary and ended with "..." so it fits max_width ("..." alone
// when not even the first word fits); the text itself when it fits.
std::string cut_to_width(std::string_view text, float max_width, const std::function<float(std::string_view)>& width_of);

}  // namespace ringsim::viz
