#include "workloads/vector_files.h"

#include <hdf5.h>

#include <cmath>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/config_error.h"

namespace ringsim {

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& message) { throw ConfigError(path, "", message); }

std::uint64_t file_size(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) refuse(path, "cannot read the file: " + error.message());
  return size;
}

bool has_extension(const std::string& path, const char* extension) {
  return std::filesystem::path(path).extension() == extension;
}

}  // namespace

VectorRows read_vecs_file(const std::string& path, std::uint32_t dim, std::uint64_t rows, double floats_max) {
  const bool bytes = has_extension(path, ".bvecs");
  if (!bytes && !has_extension(path, ".fvecs")) refuse(path, "expected a .fvecs or .bvecs file");
  const std::uint64_t element_bytes = bytes ? 1 : 4;
  const std::uint64_t record_bytes = 4 + element_bytes * dim;
  const std::uint64_t size = file_size(path);
  if (size % record_bytes != 0) {
    refuse(path, "size " + std::to_string(size) + " bytes is not a whole number of dimension-" + std::to_string(dim) +
                     " records (" + std::to_string(record_bytes) + " bytes each): wrong dimension or a truncated file");
  }
  const std::uint64_t available = size / record_bytes;
  if (rows == 0) rows = available;
  if (available < rows) {
    refuse(path, "has " + std::to_string(available) + " vectors; the scenario needs " + std::to_string(rows));
  }
  if (static_cast<double>(rows) * dim > floats_max) {
    refuse(path, std::to_string(rows) + " x " + std::to_string(dim) + " floats exceed the limit " +
                     std::to_string(static_cast<std::uint64_t>(floats_max)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(path, "cannot open the file");
  VectorRows out;
  out.dim = dim;
  out.rows = rows;
  out.values.resize(rows * dim);
  std::vector<std::uint8_t> record(record_bytes);
  for (std::uint64_t row = 0; row < rows; ++row) {
    if (!in.read(reinterpret_cast<char*>(record.data()), static_cast<std::streamsize>(record_bytes))) {
      refuse(path, "truncated at vector " + std::to_string(row));
    }
    std::int32_t row_dim = 0;
    std::memcpy(&row_dim, record.data(), sizeof row_dim);
    if (row_dim != static_cast<std::int32_t>(dim)) {
      refuse(path, "vector " + std::to_string(row) + " has dimension " + std::to_string(row_dim) +
                       "; the scenario says " + std::to_string(dim));
    }
    float* into = &out.values[row * dim];
    if (bytes) {
      for (std::uint32_t i = 0; i < dim; ++i) into[i] = static_cast<float>(record[4 + i]);
    } else {
      std::memcpy(into, record.data() + 4, sizeof(float) * dim);
      // A NaN or infinity makes every distance to it meaningless (recall fell from 0.999 to
      // 0.891 without a word, issue #24): refused with its position.
      for (std::uint32_t i = 0; i < dim; ++i) {
        if (!std::isfinite(into[i])) {
          refuse(path, "vector " + std::to_string(row) + ", component " + std::to_string(i) + " (byte offset " +
                           std::to_string(row * record_bytes + 4 + 4 * std::uint64_t{i}) + ") is " +
                           (std::isnan(into[i]) ? "NaN" : "infinite") + "; every component must be a finite number");
        }
      }
    }
  }
  return out;
}

NeighbourRows read_ivecs_file(const std::string& path, double ints_max) {
  if (!has_extension(path, ".ivecs")) refuse(path, "expected an .ivecs file (int32 k, then k int32 ids, per row)");
  const std::uint64_t size = file_size(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(path, "cannot open the file");
  std::int32_t k = 0;
  if (!in.read(reinterpret_cast<char*>(&k), sizeof k)) refuse(path, "is empty; expected ground-truth rows");
  if (k <= 0 || k > 1'000'000) refuse(path, "row 0 has " + std::to_string(k) + " ids; expected 1 to 1000000");
  const std::uint64_t record_bytes = 4 + 4 * static_cast<std::uint64_t>(k);
  if (size % record_bytes != 0) {
    refuse(path, "size " + std::to_string(size) + " bytes is not a whole number of rows of " + std::to_string(k) +
                     " ids (" + std::to_string(record_bytes) + " bytes each)");
  }
  NeighbourRows out;
  out.k = static_cast<std::uint32_t>(k);
  out.rows = size / record_bytes;
  if (static_cast<double>(out.rows) * out.k > ints_max) refuse(path, "has more ground-truth ids than the limit");
  out.ids.resize(out.rows * out.k);
  in.seekg(0);
  for (std::uint64_t row = 0; row < out.rows; ++row) {
    std::int32_t row_k = 0;
    in.read(reinterpret_cast<char*>(&row_k), sizeof row_k);
    if (!in || row_k != k) refuse(path, "row " + std::to_string(row) + " has " + std::to_string(row_k) + " ids; row 0 has " + std::to_string(k));
    if (!in.read(reinterpret_cast<char*>(&out.ids[row * out.k]), static_cast<std::streamsize>(4 * out.k))) {
      refuse(path, "truncated at row " + std::to_string(row));
    }
  }
  return out;
}

namespace {

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

Hdf5VectorSet read_hdf5_vector_set(const std::string& path, std::uint32_t dim, std::uint64_t train_rows,
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

double vector_side_files_bytes(const std::string& hdf5_path, const std::string& queries_path,
                               const std::string& ground_truth_path) {
  double bytes = 0;
  std::error_code error;
  if (!queries_path.empty()) {
    const double size = static_cast<double>(std::filesystem::file_size(queries_path, error));
    if (!error) bytes += has_extension(queries_path, ".bvecs") ? size * 4 : size;  // Bytes widen to floats.
  }
  if (!ground_truth_path.empty()) {
    const double size = static_cast<double>(std::filesystem::file_size(ground_truth_path, error));
    if (!error) bytes += size;
  }
  if (!hdf5_path.empty()) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    (void)std::filesystem::file_size(hdf5_path, error);
    if (error || H5Fis_hdf5(hdf5_path.c_str()) <= 0) return bytes;
    const Hdf5Handle file{H5Fopen(hdf5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    if (file.id < 0) return bytes;
    for (const char* name : {"test", "neighbors"}) {
      hsize_t dims[2] = {0, 0};
      if (dataset_shape(hdf5_path, file.id, name, dims)) bytes += static_cast<double>(dims[0]) * static_cast<double>(dims[1]) * 4;
    }
  }
  return bytes;
}

}  // namespace ringsim
