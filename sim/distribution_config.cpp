#include "sim/distribution_config.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "sim/config_error.h"

namespace ringsim {

namespace {
// sigma above this gives means beyond any sensible value (exp(sigma^2 / 2) > 1e21).
constexpr double kLognormalSigmaMax = 10.0;
constexpr std::size_t kMixtureComponentsMax = 16;
constexpr double kMixtureWeightSumTolerance = 1e-9;
constexpr int kMixtureDepthMax = 4;  // Mixtures of mixtures, at most this deep.

Distribution read_distribution_at_depth(ObjectReader reader, std::string_view unit, double value_max, int depth);

Distribution read_mixture(ObjectReader& reader, std::string_view unit, double value_max, int depth) {
  if (depth >= kMixtureDepthMax) {
    reader.fail("type", "mixtures nest at most " + std::to_string(kMixtureDepthMax) + " deep");
  }
  const ArrayReader list = reader.required_array("components");
  if (list.size() == 0 || list.size() > kMixtureComponentsMax) {
    throw ConfigError(list.file(), list.pointer(),
                      "expected 1 to " + std::to_string(kMixtureComponentsMax) +
                          " components such as {\"weight\": 0.99, \"distribution\": {...}}");
  }
  std::vector<Distribution::Component> components;
  double total = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    ObjectReader component = list.object_at(i);
    const double weight = component.required_number("weight", NumberRange::positive(1));
    Distribution distribution =
        read_distribution_at_depth(component.required_object("distribution"), unit, value_max, depth + 1);
    component.finish();
    total += weight;
    components.emplace_back(weight, std::move(distribution));
  }
  if (std::abs(total - 1) > kMixtureWeightSumTolerance) {
    char text[48];
    std::snprintf(text, sizeof text, "%.12g", total);
    throw ConfigError(list.file(), list.pointer(),
                      std::string("the component weights sum to ") + text + "; they must sum to 1 (within 1e-9)");
  }
  return Distribution::mixture(std::move(components));
}

}  // namespace

Distribution read_distribution(ObjectReader reader, std::string_view unit, double value_max) {
  return read_distribution_at_depth(std::move(reader), unit, value_max, 0);
}

namespace {

Distribution read_distribution_at_depth(ObjectReader reader, std::string_view unit, double value_max, int depth) {
  std::string suffix = "_";
  suffix += unit;  // (not "_" + std::string(unit): g++ 12 warns falsely on it, -Wrestrict)
  const std::string type =
      reader.required_choice("type", {"constant", "exponential", "uniform", "lognormal", "mixture"});
  if (type == "mixture") {
    Distribution mixture = read_mixture(reader, unit, value_max, depth);
    reader.finish();
    return mixture;
  }
  const NumberRange non_negative = NumberRange::at_least(0, value_max);
  const NumberRange positive = NumberRange::positive(value_max);
  Distribution result = Distribution::constant(0);
  if (type == "constant") {
    result = Distribution::constant(reader.required_number("value" + suffix, non_negative));
  } else if (type == "exponential") {
    result = Distribution::exponential(reader.required_number("mean" + suffix, positive));
  } else if (type == "uniform") {
    const double min = reader.required_number("min" + suffix, non_negative);
    const double max = reader.required_number("max" + suffix, non_negative);
    if (max < min) reader.fail("max" + suffix, "must be >= min" + suffix);
    result = Distribution::uniform(min, max);
  } else {
    const bool by_quantiles = reader.has("median" + suffix) || reader.has("p99" + suffix);
    const bool by_parameters = reader.has("mu") || reader.has("sigma");
    if (by_quantiles == by_parameters) {
      reader.fail("type", "a lognormal needs either median" + suffix + " and p99" + suffix +
                              ", or mu and sigma (not both)");
    }
    if (by_quantiles) {
      const double median = reader.required_number("median" + suffix, positive);
      const double p99 = reader.required_number("p99" + suffix, positive);
      if (p99 <= median) reader.fail("p99" + suffix, "must be > median" + suffix);
      result = Distribution::lognormal_from_median_p99(median, p99);
    } else {
      const double log_max = std::log(value_max);
      const double mu = reader.required_number("mu", NumberRange::at_least(-log_max, log_max));
      const double sigma = reader.required_number("sigma", NumberRange::at_least(0, kLognormalSigmaMax));
      result = Distribution::lognormal(mu, sigma);
    }
    if (!(result.mean() <= value_max)) {
      reader.fail("type", "this lognormal has a mean of " + std::to_string(result.mean()) + " " +
                              std::string(unit) + ", above the limit " + std::to_string(value_max));
    }
  }
  reader.finish();
  return result;
}

}  // namespace
}  // namespace ringsim
