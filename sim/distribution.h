// A continuous, non-negative random quantity described by a scenario: a service time, a
// value size, a network delay. Values carry the unit of the scenario key they came from
// (the loader converts to ns or bytes); the distribution itself is unitless.
//
// A mixture draws component i with probability weight_i (weights > 0 summing to 1, checked
// by the caller within 1e-9) and then a value from it: the shape of "usually fast, sometimes
// slow" (Dean & Barroso, "The Tail at Scale", CACM 2013). It uses one extra uniform draw per
// sample to pick the component.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/random.h"

namespace ringsim {

class Distribution {
 public:
  enum class Type { kConstant, kExponential, kUniform, kLognormal, kMixture };
  using Component = std::pair<double, Distribution>;  // (weight, distribution)

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double min, double max);
  // ln(X) ~ Normal(mu, sigma).
  static Distribution lognormal(double mu, double sigma);
  // Lognormal with the given median and 99th percentile (p99 > median > 0).
  static Distribution lognormal_from_median_p99(double median, double p99);
  // Components with weights > 0 summing to 1 (within 1e-9).
  static Distribution mixture(std::vector<Component> components);

  double sample(Rng& rng) const;
  double mean() const;
  // Multiplies every value by factor (> 0): the same shape, rescaled. Used for unit
  // conversion and for "slow node" style multipliers.
  Distribution scaled(double factor) const;

  Type type() const { return type_; }
  // e.g. "exponential(mean=1)".
  std::string describe() const;

 private:
  Distribution(Type type, double p0, double p1) : type_(type), p0_(p0), p1_(p1) {}
  Type type_;
  // constant: value, -; exponential: mean, -; uniform: min, max; lognormal: mu, sigma.
  double p0_;
  double p1_;
  // mixture: its components (immutable, shared by copies).
  std::shared_ptr<const std::vector<Component>> components_;
};

}  // namespace ringsim
