// `ringsim calibrate`: measures what one counted distance computation costs on this
// machine, per vector dimension, and prints the table in the form of
// index/cost_model.cpp's default_distance_costs(). Reads the wall clock: CLI only.
#pragma once

namespace ringsim {

int run_calibration(int vectors_per_dim, int searches_per_dim);

}  // namespace ringsim
