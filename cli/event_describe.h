// Decodes an event's two arguments (trace.jsonl's "a" and "b") into the ids they carry,
// by handler and kind, for people: "request slot 17 gen 3 attempt 0, node 4 (incarnation 1)".
// The encodings are the models' (documented field by field in docs/outputs.md), decoded
// through the models' own layouts (models/cluster/job_token.h, sim/dag/); every kind of
// every handler has a decoder (tests/event_describe_test.cpp lists them from the models),
// kinds that carry no ids say what fires. An unknown handler/kind prints the raw numbers.
#pragma once

#include <cstdint>
#include <string>

namespace ringsim {

std::string describe_event_args(const std::string& handler, const std::string& kind, std::uint64_t a,
                                std::uint64_t b);
// Whether describe_event_args decodes this handler's kind (false: it prints a=.. b=.. only).
bool has_event_decoder(const std::string& handler, const std::string& kind);

}  // namespace ringsim
