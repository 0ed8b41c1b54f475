// read_hdf5_vector_set and hdf5_side_bytes: libhdf5 runs in a child process
// (workloads/isolated_call.h) and sends the rows back over a pipe. The wire format is this
// file's alone: per block (train, test, neighbors) a uint32 width and a uint64 row count,
// then rows x width 4-byte values; the parent checks each block against the caller's limit
// before it allocates, so a child cannot make the parent allocate more than it asked for.
#include <algorithm>
#include <filesystem>

#include "sim/config_error.h"
#include "workloads/hdf5_reader.h"
#include "workloads/isolated_call.h"
#include "workloads/vector_files.h"

namespace ringsim {

namespace {

template <class T>
void send_block(PipeWriter& out, std::uint32_t width, std::uint64_t rows, const std::vector<T>& values) {
  out.value(width);
  out.value(rows);
  out.bytes(values.data(), values.size() * sizeof(T));
}

template <class T>
void receive_block(PipeReader& in, const std::string& path, double values_max, std::uint32_t& width,
                   std::uint64_t& rows, std::vector<T>& values) {
  width = in.value<std::uint32_t>();
  rows = in.value<std::uint64_t>();
  if (static_cast<double>(width) * static_cast<double>(rows) > values_max) {
    throw ConfigError(path, "", "the reader returned more values than the limit");
  }
  values.resize(std::size_t{width} * rows);
  in.bytes(values.data(), values.size() * sizeof(T));
}

// Memory the child may take beyond what it has at the fork: three datasets, each at most
// what the file can hold (kHdf5ExpansionMax) and what the caller allows, plus libhdf5's own.
IsolationLimits limits_for(const std::string& path, double floats_max, std::uint32_t cpu_seconds_max) {
  std::error_code error;
  const double file_bytes = std::max(4096.0, static_cast<double>(std::filesystem::file_size(path, error)));
  const double datasets = 3 * 4 * std::min(floats_max, kHdf5ExpansionMax * file_bytes / 4);
  IsolationLimits limits;
  limits.cpu_seconds = cpu_seconds_max;
  limits.address_space_bytes = static_cast<std::uint64_t>(datasets) + (std::uint64_t{512} << 20);
  return limits;
}

}  // namespace

Hdf5VectorSet read_hdf5_vector_set(const std::string& path, std::uint32_t dim, std::uint64_t train_rows,
                                   double floats_max, std::uint32_t cpu_seconds_max) {
  Hdf5VectorSet set;
  run_isolated(
      path, limits_for(path, floats_max, cpu_seconds_max),
      [&](PipeWriter& out) {
        const Hdf5VectorSet read = hdf5_read_in_process(path, dim, train_rows, floats_max);
        send_block(out, read.train.dim, read.train.rows, read.train.values);
        send_block(out, read.test.dim, read.test.rows, read.test.values);
        send_block(out, read.neighbors.k, read.neighbors.rows, read.neighbors.ids);
      },
      [&](PipeReader& in) {
        receive_block(in, path, floats_max, set.train.dim, set.train.rows, set.train.values);
        receive_block(in, path, floats_max, set.test.dim, set.test.rows, set.test.values);
        receive_block(in, path, floats_max, set.neighbors.k, set.neighbors.rows, set.neighbors.ids);
      });
  return set;
}

double hdf5_side_bytes(const std::string& path) {
  double bytes = 0;
  try {
    run_isolated(
        path, limits_for(path, 0, 30), [&](PipeWriter& out) { out.value(hdf5_side_bytes_in_process(path)); },
        [&](PipeReader& in) { bytes = in.value<double>(); });
  } catch (const ConfigError&) {
    return 0;  // The loader reads the file later and refuses it with the reason.
  }
  return bytes;
}

}  // namespace ringsim
