#include "workloads/hdf5_reader.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/config_error.h"
#include "workloads/file_refusal.h"

namespace ringsim {

namespace {

using file_refusal::file_size;
using file_refusal::refuse;

// Closes an HDF5 handle when it leaves scope.
struct Hdf5Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Hdf5Handle() {
    if (id >= 0) close(id);
  }
};

// The dataset's shape as (rows, columns), or nullopt-like {0, 0} when absent.
bool dataset_shape(const std::string& path, hid_t file, const char* name, hsize_t (&dims)[2]) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return false;
  const Hdf5Handle dataset{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  if (dataset.id < 0) refuse(path, std::string("cannot open dataset `") + name + "`");
  const Hdf5Handle space{H5Dget_space(dataset.id), H5Sclose};
  if (H5Sget_simple_extent_ndims(space.id) != 2) {
    refuse(path, std::string("dataset `") + name + "` is not two-dimensional (rows x columns)");
  }
  H5Sget_simple_extent_dims(space.id, dims, nullptr);
  return true;
}

// Reads the first `rows` rows of a 2-D dataset as `memory_type` into `into`.
void read_rows(const std::string& path, hid_t file, const char* name, hid_t memory_type, hsize_t rows,
               hsize_t columns, void* into) {
  const Hdf5Handle dataset{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  const Hdf5Handle space{H5Dget_space(dataset.id), H5Sclose};
  const hsize_t start[2] = {0, 0};
  const hsize_t count[2] = {rows, columns};
  H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start, nullptr, count, nullptr);
  const Hdf5Handle memory{H5Screate_simple(2, count, nullptr), H5Sclose};
  if (H5Dread(dataset.id, memory_type, memory.id, space.id, H5P_DEFAULT, into) < 0) {
    refuse(path, std::string("cannot read dataset `") + name + "` as numbers");
  }
}

// Sizes from the file's header are checked against the bytes really there (issue #24).
void check_claim_against_file(const std::string& path, const char* name, double claimed_bytes) {
  const double file_bytes = static_cast<double>(file_size(path));
  if (claimed_bytes > kHdf5ExpansionMax * std::max(file_bytes, 4096.0)) {
    refuse(path, std::string("dataset `") + name + "` claims " + std::to_string(static_cast<std::uint64_t>(claimed_bytes)) +
                     " bytes of values but the file holds " + std::to_string(static_cast<std::uint64_t>(file_bytes)) +
                     " bytes; more than " + std::to_string(static_cast<int>(kHdf5ExpansionMax)) +
                     "x its size is not a real data set");
  }
}

VectorRows read_vector_dataset(const std::string& path, hid_t file, const char* name, std::uint32_t dim,
                               std::uint64_t rows, double floats_max) {
  hsize_t dims[2] = {0, 0};
  if (!dataset_shape(path, file, name, dims)) refuse(path, std::string("has no dataset `") + name + "`");
  if (dims[1] != dim) {
    refuse(path, std::string("dataset `") + name + "` has dimension " + std::to_string(dims[1]) +
                     "; the scenario says " + std::to_string(dim));
  }
  if (rows == 0) rows = dims[0];
  if (dims[0] < rows) {
    refuse(path, std::string("dataset `") + name + "` has " + std::to_string(dims[0]) +
                     " vectors; the scenario needs " + std::to_string(rows));
  }
  if (static_cast<double>(rows) * dim > floats_max) refuse(path, std::string("dataset `") + name + "` exceeds the float limit");
  check_claim_against_file(path, name, static_cast<double>(rows) * dim * 4);
  VectorRows out;
  out.dim = dim;
  out.rows = rows;
  out.values.resize(rows * dim);
  read_rows(path, file, name, H5T_NATIVE_FLOAT, rows, dim, out.values.data());
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    if (!std::isfinite(out.values[i])) {
      refuse(path, std::string("dataset `") + name + "` row " + std::to_string(i / dim) + ", column " +
                       std::to_string(i % dim) + " is " + (std::isnan(out.values[i]) ? "NaN" : "infinite") +
                       "; every component must be a finite number");
    }
  }
  return out;
}

}  // namespace

Hdf5VectorSet hdf5_read_in_process(const std::string& path, std::uint32_t dim, std::uint64_t train_rows,
                                   double floats_max) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // Errors are reported as ConfigError, not printed.
  file_size(path);
  if (H5Fis_hdf5(path.c_str()) <= 0) refuse(path, "is not an HDF5 file");
  const Hdf5Handle file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (file.id < 0) refuse(path, "cannot open the HDF5 file");
  Hdf5VectorSet set;
  set.train = read_vector_dataset(path, file.id, "train", dim, train_rows, floats_max);
  hsize_t dims[2] = {0, 0};
  if (dataset_shape(path, file.id, "test", dims)) set.test = read_vector_dataset(path, file.id, "test", dim, 0, floats_max);
  if (dataset_shape(path, file.id, "neighbors", dims)) {
    if (dims[0] != set.test.rows) {
      refuse(path, "dataset `neighbors` has " + std::to_string(dims[0]) + " rows; `test` has " +
                       std::to_string(set.test.rows) + " queries");
    }
    if (dims[1] == 0 || static_cast<double>(dims[0]) * static_cast<double>(dims[1]) > floats_max) {
      refuse(path, "dataset `neighbors` has an unusable shape");
    }
    check_claim_against_file(path, "neighbors", static_cast<double>(dims[0]) * static_cast<double>(dims[1]) * 4);
    set.neighbors.k = static_cast<std::uint32_t>(dims[1]);
    set.neighbors.rows = dims[0];
    set.neighbors.ids.resize(dims[0] * dims[1]);
    read_rows(path, file.id, "neighbors", H5T_NATIVE_INT32, dims[0], dims[1], set.neighbors.ids.data());
  }
  return set;
}


double hdf5_side_bytes_in_process(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) return 0;
  const Hdf5Handle file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (file.id < 0) return 0;
  double bytes = 0;
  for (const char* name : {"test", "neighbors"}) {
    hsize_t dims[2] = {0, 0};
    if (dataset_shape(path, file.id, name, dims)) bytes += static_cast<double>(dims[0]) * static_cast<double>(dims[1]) * 4;
  }
  return bytes;
}

}  // namespace ringsim
