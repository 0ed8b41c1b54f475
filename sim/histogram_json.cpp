#include "sim/histogram_json.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "sim/config_error.h"
#include "sim/json_reader.h"

namespace ringsim {

using Uint128 = LatencyHistogram::Uint128;

std::string uint128_to_decimal(Uint128 value) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

bool uint128_from_decimal(const std::string& text, Uint128& value) {
  if (text.empty() || text.size() > 39) return false;
  const Uint128 max = ~Uint128{0};
  value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<unsigned>(c - '0');
    if (value > (max - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

nlohmann::ordered_json histogram_to_json(const LatencyHistogram& histogram) {
  nlohmann::ordered_json json;
  json["count"] = histogram.count();
  json["min_ns"] = histogram.min_ns();
  json["max_ns"] = histogram.max_ns();
  json["sum_ns"] = uint128_to_decimal(histogram.sum_ns());
  nlohmann::ordered_json buckets = nlohmann::ordered_json::array();
  histogram.for_each_bucket([&](std::uint64_t lower_ns, std::uint64_t, std::uint64_t count) {
    buckets.push_back(nlohmann::ordered_json::array({lower_ns, count}));
  });
  json["buckets"] = std::move(buckets);
  return json;
}

namespace {

std::uint64_t unsigned_at(const nlohmann::json& value, const std::string& file, const std::string& pointer) {
  if (!value.is_number_unsigned()) throw ConfigError(file, pointer, "expected a non-negative integer");
  return value.get<std::uint64_t>();
}

}  // namespace

LatencyHistogram histogram_from_json(const nlohmann::json& value, const std::string& file,
                                     const std::string& pointer) {
  ObjectReader reader(value, pointer, file);
  const std::uint64_t count = unsigned_at(reader.raw("count"), file, reader.pointer_of("count"));
  const std::uint64_t min_ns = unsigned_at(reader.raw("min_ns"), file, reader.pointer_of("min_ns"));
  const std::uint64_t max_ns = unsigned_at(reader.raw("max_ns"), file, reader.pointer_of("max_ns"));
  const nlohmann::json& sum_json = reader.raw("sum_ns");
  Uint128 sum_ns = 0;
  if (!sum_json.is_string() || !uint128_from_decimal(sum_json.get<std::string>(), sum_ns)) {
    throw ConfigError(file, reader.pointer_of("sum_ns"), "expected a decimal integer as a string");
  }
  const nlohmann::json& buckets_json = reader.raw("buckets");
  const std::string buckets_pointer = reader.pointer_of("buckets");
  if (!buckets_json.is_array()) throw ConfigError(file, buckets_pointer, "expected an array of [lower_ns, count]");
  // A bucket per array element; refuse more than the histogram has before allocating.
  if (buckets_json.size() > LatencyHistogram::kBucketCount) {
    throw ConfigError(file, buckets_pointer, "more buckets than a histogram has");
  }
  std::vector<LatencyHistogram::BucketCount> buckets;
  buckets.reserve(buckets_json.size());
  for (std::size_t index = 0; index < buckets_json.size(); ++index) {
    const std::string element = json_pointer_append(buckets_pointer, index);
    const nlohmann::json& pair = buckets_json[index];
    if (!pair.is_array() || pair.size() != 2) throw ConfigError(file, element, "expected [lower_ns, count]");
    buckets.push_back({unsigned_at(pair[0], file, element + "/0"), unsigned_at(pair[1], file, element + "/1")});
  }
  reader.finish();
  LatencyHistogram histogram;
  try {
    histogram = LatencyHistogram::from_parts(buckets, min_ns, max_ns, sum_ns);
  } catch (const std::invalid_argument& error) {
    throw ConfigError(file, pointer, error.what());
  }
  if (histogram.count() != count) {
    throw ConfigError(file, reader.pointer_of("count"), "does not equal the sum of the bucket counts");
  }
  return histogram;
}

}  // namespace ringsim
