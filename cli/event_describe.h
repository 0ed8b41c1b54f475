// Decodes an event's two arguments (trace.jsonl's "a" and "b") into the ids they carry,
// by handler and kind, for people: "request slot 17 gen 3 attempt 0, node 4 (incarnation 1)".
// The encodings are the models' (documented field by field in docs/outputs.md); an
// unknown handler/kind prints the raw numbers.
#pragma once

#include <cstdint>
#include <string>

namespace ringsim {

std::string describe_event_args(const std::string& handler, const std::string& kind, std::uint64_t a,
                                std::uint64_t b);

}  // namespace ringsim
