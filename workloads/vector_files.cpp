#include "workloads/vector_files.h"

#include <cmath>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/config_error.h"
#include "workloads/file_refusal.h"
#include "workloads/hdf5_reader.h"

namespace ringsim {

namespace {

using file_refusal::file_size;
using file_refusal::refuse;

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
  if (!hdf5_path.empty()) bytes += hdf5_side_bytes(hdf5_path);
  return bytes;
}

}  // namespace ringsim
