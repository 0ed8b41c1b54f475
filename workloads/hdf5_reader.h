// The libhdf5 calls behind the ann-benchmarks HDF5 reader (workloads/vector_files.h). The
// *_in_process functions run libhdf5 in the calling process: only workloads/hdf5_vectors.cpp
// calls them, and only inside
// run_isolated (workloads/isolated_call.h): libhdf5 is not safe on malformed files, so it runs
// in a child process whose crash is the user's error, not ringsim's.
#pragma once

#include <string>

#include "workloads/vector_files.h"

namespace ringsim {

// hdf5_side_bytes_in_process, run isolated (workloads/hdf5_vectors.cpp): 0 also when the
// reader crashed (the file's loader refuses it later, with the reason).
double hdf5_side_bytes(const std::string& path);

// What read_hdf5_vector_set returns, read here; errors are ConfigError naming the file.
Hdf5VectorSet hdf5_read_in_process(const std::string& path, std::uint32_t dim, std::uint64_t train_rows,
                                   double floats_max);

// Bytes that `test` and `neighbors` of the file claim (rows x columns x 4), 0 when the file
// cannot be opened.
double hdf5_side_bytes_in_process(const std::string& path);

}  // namespace ringsim
