// Data sets in the formats ANN practitioners use: a base, held-out queries and ground
// truth written here in .fvecs/.ivecs (and .bvecs, and an ann-benchmarks HDF5 file) are
// read back exactly, the cluster's recall is measured against the given truth (a truth
// made half wrong on purpose gives exactly 0.5 when every search is exhaustive), and bad
// files are refused naming the file and what was expected.
#include <catch2/catch.hpp>

#include <hdf5.h>

#include <cstring>
#include <limits>
#include <fstream>

#include "models/cluster/cluster_model.h"
#include "sim/config_error.h"
#include "sim/random.h"
#include "tests/test_support.h"
#include "workloads/vector_files.h"

namespace ringsim {
namespace {

constexpr std::uint32_t kFileDim = 8;
constexpr std::uint32_t kBase = 1200;
constexpr std::uint32_t kQueries = 40;
constexpr std::uint32_t kTruthK = 10;

// Clustered rows (independent of ringsim's generator).
std::vector<float> clustered_rows(std::uint32_t rows, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> values(std::size_t{rows} * kFileDim);
  for (std::uint32_t row = 0; row < rows; ++row) {
    const double centre = static_cast<double>(rng.next_below(6)) * 3.0;
    for (std::uint32_t i = 0; i < kFileDim; ++i) {
      values[std::size_t{row} * kFileDim + i] = static_cast<float>(centre + 0.5 * rng.next_standard_normal());
    }
  }
  return values;
}

template <typename T>
std::string rows_file_text(const std::vector<T>& values, std::uint32_t width) {
  std::string text;
  const auto header = static_cast<std::int32_t>(width);
  for (std::size_t row = 0; row < values.size() / width; ++row) {
    text.append(reinterpret_cast<const char*>(&header), sizeof header);
    text.append(reinterpret_cast<const char*>(&values[row * width]), sizeof(T) * width);
  }
  return text;
}

std::string write_binary(const std::string& name, const std::string& bytes) {
  const std::string path = testing::write_temp_file(name, "");
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Exact neighbours by a plain scan (squared L2, ties by id): the test's own truth.
std::vector<std::int32_t> exact_truth(const std::vector<float>& base, const std::vector<float>& queries) {
  std::vector<std::int32_t> truth;
  for (std::size_t q = 0; q < queries.size() / kFileDim; ++q) {
    std::vector<std::pair<double, std::int32_t>> all;
    for (std::size_t b = 0; b < base.size() / kFileDim; ++b) {
      double sum = 0;
      for (std::uint32_t i = 0; i < kFileDim; ++i) {
        const double d = double{queries[q * kFileDim + i]} - base[b * kFileDim + i];
        sum += d * d;
      }
      all.emplace_back(sum, static_cast<std::int32_t>(b));
    }
    std::sort(all.begin(), all.end());
    for (std::uint32_t i = 0; i < kTruthK; ++i) truth.push_back(all[i].second);
  }
  return truth;
}

nlohmann::json files_scenario(const nlohmann::json& vectors) {
  return {
      {"name", "vector-files-test"},
      {"seed", 4},
      {"duration_s", 3},
      {"window_s", 1},
      {"cluster",
       {{"nodes", 3},
        {"node", {{"cores", 4}}},
        {"placement", {{"strategy", "ring"}, {"vnodes_per_node", 32}}},
        {"replication", {{"factor", 1}, {"write_quorum", 1}}},
        {"client", {{"timeout_ms", 500}, {"max_retries", 1}}}}},
      {"data", {{"keys", kBase}, {"shards", 3}, {"vectors", vectors}}},
      // ef above any shard's size: every search is exhaustive, so recall is exact.
      {"index", {{"m", 8}, {"ef_construction", 64}, {"ef_search", kBase}, {"k", 10}}},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_qps", 60}}},
        {"mix", {{"search", 1.0}}},
        {"recall_sample_rate", 1.0}}},
  };
}

struct FileSet {
  std::vector<float> base = clustered_rows(kBase, 1);
  std::vector<float> queries = clustered_rows(kQueries, 2);
  std::vector<std::int32_t> truth = exact_truth(base, queries);
};

TEST_CASE("fvecs and ivecs files read back exactly, bad files are refused by name", "[vectors][files]") {
  const FileSet set;
  const std::string base = write_binary("files_base.fvecs", rows_file_text(set.base, kFileDim));
  const VectorRows rows = read_vecs_file(base, kFileDim, 0, 1e9);
  CHECK(rows.rows == kBase);
  CHECK(rows.values == set.base);
  CHECK(read_vecs_file(base, kFileDim, 100, 1e9).values.size() == 100 * kFileDim);
  const std::string truth = write_binary("files_truth.ivecs", rows_file_text(set.truth, kTruthK));
  const NeighbourRows ids = read_ivecs_file(truth, 1e9);
  CHECK(ids.k == kTruthK);
  CHECK(ids.ids == set.truth);
  // .bvecs: bytes widened to floats.
  std::vector<std::uint8_t> bytes(kFileDim * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 9);
  const VectorRows widened = read_vecs_file(write_binary("files_base.bvecs", rows_file_text(bytes, kFileDim)), kFileDim, 0, 1e9);
  REQUIRE(widened.rows == 3);
  CHECK(widened.values[5] == 45.0f);

  const auto message = [](auto read) -> std::string {
    try {
      read();
    } catch (const ConfigError& error) {
      return error.what();
    }
    return "(no error)";
  };
  const std::string cut = write_binary("files_cut.fvecs", rows_file_text(set.base, kFileDim).substr(0, 100));
  CHECK_THAT(message([&] { read_vecs_file(cut, kFileDim, 0, 1e9); }),
             Catch::Contains("files_cut.fvecs") && Catch::Contains("not a whole number of dimension-8 records"));
  CHECK_THAT(message([&] { read_vecs_file(base, kFileDim, kBase + 1, 1e9); }),
             Catch::Contains("has 1200 vectors; the scenario needs 1201"));
  CHECK_THAT(message([&] { read_vecs_file(base, 4, 0, 1e9); }), Catch::Contains("dimension"));
  CHECK_THAT(message([&] { read_vecs_file(base, kFileDim, 0, 1000); }), Catch::Contains("exceed the limit"));
  CHECK_THAT(message([&] { read_ivecs_file(base, 1e9); }), Catch::Contains("expected an .ivecs file"));
  CHECK_THAT(message([&] { read_hdf5_vector_set(base, kFileDim, 0, 1e9); }), Catch::Contains("is not an HDF5 file"));
}

TEST_CASE("recall is measured against the given ground truth", "[vectors][files]") {
  FileSet set;
  const std::string base = write_binary("recall_base.fvecs", rows_file_text(set.base, kFileDim));
  const std::string queries = write_binary("recall_queries.fvecs", rows_file_text(set.queries, kFileDim));
  const std::string truth = write_binary("recall_truth.ivecs", rows_file_text(set.truth, kTruthK));
  nlohmann::json vectors = {{"dim", kFileDim}, {"fvecs_file", base}, {"queries_file", queries}, {"ground_truth_file", truth}};
  const RunSummary right = testing::run_to_end(testing::scenario_from(files_scenario(vectors)));
  CHECK(right.find("recall_samples").value() > 100);
  CHECK(right.find("recall_at_k").value() == Approx(1.0));
  // The same base and queries with the last half of every truth row replaced by ids that
  // are not among the row's true neighbours: exhaustive searches now score exactly 0.5.
  for (std::size_t row = 0; row < kQueries; ++row) {
    const auto first = set.truth.begin() + static_cast<std::ptrdiff_t>(row * kTruthK);
    const std::vector<std::int32_t> original(first, first + kTruthK);
    auto candidate = static_cast<std::int32_t>(kBase - 1);
    for (std::uint32_t i = kTruthK / 2; i < kTruthK; ++i) {
      // An id outside the row's true top 10: an exhaustive search never returns it.
      while (std::find(original.begin(), original.end(), candidate) != original.end()) candidate -= 1;
      set.truth[row * kTruthK + i] = candidate--;
    }
  }
  for (std::size_t row = 0; row < kQueries; ++row) {
    const auto first = set.truth.begin() + static_cast<std::ptrdiff_t>(row * kTruthK);
    std::vector<std::int32_t> sorted(first, first + kTruthK);
    std::sort(sorted.begin(), sorted.end());
    REQUIRE(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());  // still k distinct ids
  }
  vectors["ground_truth_file"] = write_binary("recall_truth_half.ivecs", rows_file_text(set.truth, kTruthK));
  const RunSummary half = testing::run_to_end(testing::scenario_from(files_scenario(vectors)));
  CAPTURE(half.find("recall_at_k").value());
  CHECK(half.find("recall_at_k").value() == Approx(0.5));
  // Without a truth file the same run judges by brute force: exact searches score 1.
  vectors.erase("ground_truth_file");
  CHECK(testing::run_to_end(testing::scenario_from(files_scenario(vectors))).find("recall_at_k").value() ==
        Approx(1.0));
}

void write_dataset(hid_t file, const char* name, hid_t type, hsize_t rows, hsize_t columns, const void* data) {
  const hsize_t dims[2] = {rows, columns};
  const hid_t space = H5Screate_simple(2, dims, nullptr);
  const hid_t dataset = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(dataset);
  H5Sclose(space);
}

TEST_CASE("an ann-benchmarks HDF5 file gives base, queries and truth", "[vectors][files]") {
  const FileSet set;
  const std::string path = testing::write_temp_file("set.hdf5", "");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  write_dataset(file, "train", H5T_NATIVE_FLOAT, kBase, kFileDim, set.base.data());
  write_dataset(file, "test", H5T_NATIVE_FLOAT, kQueries, kFileDim, set.queries.data());
  write_dataset(file, "neighbors", H5T_NATIVE_INT32, kQueries, kTruthK, set.truth.data());
  H5Fclose(file);
  const Hdf5VectorSet read = read_hdf5_vector_set(path, kFileDim, 0, 1e9);
  CHECK(read.train.values == set.base);
  CHECK(read.test.values == set.queries);
  CHECK(read.neighbors.ids == set.truth);
  const RunSummary summary =
      testing::run_to_end(testing::scenario_from(files_scenario({{"dim", kFileDim}, {"hdf5_file", path}})));
  CHECK(summary.find("recall_samples").value() > 100);
  CHECK(summary.find("recall_at_k").value() == Approx(1.0));
  CHECK_THROWS_WITH(read_hdf5_vector_set(path, 16, 0, 1e9), Catch::Contains("`train` has dimension 8"));
}

TEST_CASE("a truth naming ids beyond the stored keys is refused with exit 2", "[vectors][files]") {
  const FileSet set;
  const std::string base = write_binary("cli_base.fvecs", rows_file_text(set.base, kFileDim));
  const std::string queries = write_binary("cli_queries.fvecs", rows_file_text(set.queries, kFileDim));
  const std::string truth = write_binary("cli_truth.ivecs", rows_file_text(set.truth, kTruthK));
  nlohmann::json document =
      files_scenario({{"dim", kFileDim}, {"fvecs_file", base}, {"queries_file", queries}, {"ground_truth_file", truth}});
  document["data"]["keys"] = 100;  // the truth names ids up to 1199
  const std::string scenario = testing::write_temp_file("cli_truth_scenario.json", document.dump());
  const testing::CommandResult result = testing::run_ringsim("run " + scenario);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("cli_truth.ivecs") && Catch::Contains("set data.keys"));
}

// Issue #24: a NaN made recall drop with no word; an HDF5 file of a few KB whose datasets
// claim 10^7 rows was read as 4.5 GB of fill values.
TEST_CASE("vector files: NaN and infinity are refused with their position", "[vectors][files][hardening]") {
  std::vector<float> rows = clustered_rows(10, 3);
  rows[3 * kFileDim + 5] = std::numeric_limits<float>::quiet_NaN();
  const std::string nan_path = write_binary("nan_rows.fvecs", rows_file_text(rows, kFileDim));
  CHECK_THROWS_WITH(read_vecs_file(nan_path, kFileDim, 0, 1e9),
                    Catch::Contains("nan_rows.fvecs") && Catch::Contains("vector 3, component 5") &&
                        Catch::Contains("NaN"));
  rows[3 * kFileDim + 5] = std::numeric_limits<float>::infinity();
  const std::string inf_path = write_binary("inf_rows.fvecs", rows_file_text(rows, kFileDim));
  CHECK_THROWS_WITH(read_vecs_file(inf_path, kFileDim, 0, 1e9), Catch::Contains("infinite"));
  rows[3 * kFileDim + 5] = 1.0f;
  const std::string ok_path = write_binary("ok_rows.fvecs", rows_file_text(rows, kFileDim));
  CHECK(read_vecs_file(ok_path, kFileDim, 0, 1e9).rows == 10);
}

TEST_CASE("HDF5: a dataset claiming far more than the file holds is refused before allocation",
          "[vectors][files][hardening]") {
  const std::string path = testing::write_temp_file("claims.hdf5", "");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  // Chunked and never written: the file stays a few KB, the shape says 10^7 x 8 floats.
  const hsize_t dims[2] = {10'000'000, kFileDim};
  const hsize_t chunk[2] = {1024, kFileDim};
  const hid_t space = H5Screate_simple(2, dims, nullptr);
  const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(properties, 2, chunk);
  const hid_t dataset = H5Dcreate2(file, "train", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, properties, H5P_DEFAULT);
  H5Dclose(dataset);
  H5Pclose(properties);
  H5Sclose(space);
  H5Fclose(file);
  CHECK_THROWS_WITH(read_hdf5_vector_set(path, kFileDim, 0, 1e9),
                    Catch::Contains("claims.hdf5") && Catch::Contains("dataset `train` claims 320000000 bytes"));
}

TEST_CASE("HDF5: the estimate counts test and neighbors from their shapes", "[vectors][files][hardening]") {
  const FileSet set;
  const std::string path = testing::write_temp_file("side.hdf5", "");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  write_dataset(file, "train", H5T_NATIVE_FLOAT, kBase, kFileDim, set.base.data());
  write_dataset(file, "test", H5T_NATIVE_FLOAT, kQueries, kFileDim, set.queries.data());
  write_dataset(file, "neighbors", H5T_NATIVE_INT32, kQueries, kTruthK, set.truth.data());
  H5Fclose(file);
  CHECK(vector_side_files_bytes(path, "", "") == double(kQueries) * (kFileDim + kTruthK) * 4);
}

}  // namespace
}  // namespace ringsim
