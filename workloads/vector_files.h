// Readers of the vector-set formats ANN practitioners use (input: every check names the
// file and what was expected, sizes are checked against the file size before anything
// is allocated, and errors are ConfigError, exit 2):
//
//   .fvecs  per vector: int32 d, then d float32 (little-endian), repeated (the TEXMEX /
//           BIGANN format of SIFT1M, GIST1M: http://corpus-texmex.irisa.fr/)
//   .bvecs  per vector: int32 d, then d uint8 (BIGANN base sets); widened to float
//   .ivecs  per row: int32 d, then d int32 (ground truth: neighbour ids, closest first)
//   HDF5    ann-benchmarks files (https://github.com/erikbern/ann-benchmarks): datasets
//           `train` (n x d float32, the base), `test` (q x d float32, held-out queries),
//           `neighbors` (q x k int32, true neighbour ids into `train`), `distances` (q x k)
//
// Rows are returned row-major; every row of a file must have the same dimension.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ringsim {

struct VectorRows {
  std::uint32_t dim = 0;
  std::uint64_t rows = 0;
  std::vector<float> values;  // rows x dim
};

struct NeighbourRows {
  std::uint32_t k = 0;  // ids per row
  std::uint64_t rows = 0;
  std::vector<std::int32_t> ids;  // rows x k
};

// The first `rows` vectors (all of them when rows is 0) of a .fvecs or .bvecs file
// (chosen by its extension), each of dimension `dim`. Refuses more than `floats_max` floats.
VectorRows read_vecs_file(const std::string& path, std::uint32_t dim, std::uint64_t rows, double floats_max);

// Every row of an .ivecs file.
NeighbourRows read_ivecs_file(const std::string& path, double ints_max);

struct Hdf5VectorSet {
  VectorRows train;
  VectorRows test;
  NeighbourRows neighbors;
};
// The first `train_rows` of `train` (all when 0), all of `test` and `neighbors` (empty
// when the file has no such dataset), of an ann-benchmarks HDF5 file of dimension `dim`.
// libhdf5 runs in a child process (workloads/isolated_call.h) with `cpu_seconds_max` of CPU
// and memory bounded by the file's size: its crash on a damaged file is a ConfigError.
Hdf5VectorSet read_hdf5_vector_set(const std::string& path, std::uint32_t dim, std::uint64_t train_rows,
                                   double floats_max, std::uint32_t cpu_seconds_max = 300);

// Bytes that loading the held-out queries and ground truth will allocate (each path may be
// empty), from the files' sizes and HDF5 dataset shapes, without reading any rows: for the
// run's estimate (run/estimate.h), so a file claiming 10^7 rows is refused before allocation.
// A file that cannot be read counts 0 (its loader refuses it later).
double vector_side_files_bytes(const std::string& hdf5_path, const std::string& queries_path,
                               const std::string& ground_truth_path);

// A dataset may claim at most this many times the file's size in bytes (compression of
// float vectors rarely passes 10x; an HDF5 file of 4 KB claiming 4.5 GB was read as fill).
inline constexpr double kHdf5ExpansionMax = 64;

}  // namespace ringsim
