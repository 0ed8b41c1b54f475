#include "sim/distribution.h"

#include <cmath>
#include <sstream>

#include "sim/assert.h"

namespace ringsim {

namespace {
// z such that Phi(z) = 0.99 for the standard normal.
constexpr double kStandardNormalZ99 = 2.3263478740408408;
}  // namespace

Distribution Distribution::constant(double value) {
  RINGSIM_ASSERT(value >= 0);
  return Distribution(Type::kConstant, value, 0);
}

Distribution Distribution::exponential(double mean) {
  RINGSIM_ASSERT(mean > 0);
  return Distribution(Type::kExponential, mean, 0);
}

Distribution Distribution::uniform(double min, double max) {
  RINGSIM_ASSERT(min >= 0);
  RINGSIM_ASSERT(min <= max);
  return Distribution(Type::kUniform, min, max);
}

Distribution Distribution::lognormal(double mu, double sigma) {
  RINGSIM_ASSERT(sigma >= 0);
  return Distribution(Type::kLognormal, mu, sigma);
}

Distribution Distribution::lognormal_from_median_p99(double median, double p99) {
  RINGSIM_ASSERT(median > 0);
  RINGSIM_ASSERT(p99 > median);
  return lognormal(std::log(median), std::log(p99 / median) / kStandardNormalZ99);
}

Distribution Distribution::mixture(std::vector<Component> components) {
  RINGSIM_ASSERT(!components.empty());
  double total = 0;
  for (const Component& component : components) {
    RINGSIM_ASSERT(component.first > 0);
    total += component.first;
  }
  RINGSIM_ASSERT(std::abs(total - 1) <= 1e-9);
  Distribution result(Type::kMixture, 0, 0);
  result.components_ = std::make_shared<const std::vector<Component>>(std::move(components));
  return result;
}

double Distribution::sample(Rng& rng) const {
  switch (type_) {
    case Type::kMixture: {
      // The last component takes any rounding remainder of the weights.
      double draw = rng.next_unit();
      for (std::size_t i = 0; i + 1 < components_->size(); ++i) {
        if (draw < (*components_)[i].first) return (*components_)[i].second.sample(rng);
        draw -= (*components_)[i].first;
      }
      return components_->back().second.sample(rng);
    }
    case Type::kConstant:
      return p0_;
    case Type::kExponential:
      return rng.next_exponential(p0_);
    case Type::kUniform:
      return p0_ + (p1_ - p0_) * rng.next_unit();
    case Type::kLognormal:
      return std::exp(p0_ + p1_ * rng.next_standard_normal());
  }
  RINGSIM_ASSERT(false);
  return 0;
}

double Distribution::mean() const {
  switch (type_) {
    case Type::kMixture: {
      double mean = 0;
      for (const auto& [weight, component] : *components_) mean += weight * component.mean();
      return mean;
    }
    case Type::kConstant:
      return p0_;
    case Type::kExponential:
      return p0_;
    case Type::kUniform:
      return (p0_ + p1_) / 2;
    case Type::kLognormal:
      return std::exp(p0_ + p1_ * p1_ / 2);
  }
  RINGSIM_ASSERT(false);
  return 0;
}

Distribution Distribution::scaled(double factor) const {
  RINGSIM_ASSERT(factor > 0);
  switch (type_) {
    case Type::kMixture: {
      std::vector<Component> components;
      for (const auto& [weight, component] : *components_) components.emplace_back(weight, component.scaled(factor));
      return mixture(std::move(components));
    }
    case Type::kConstant:
    case Type::kExponential:
      return Distribution(type_, p0_ * factor, 0);
    case Type::kUniform:
      return Distribution(type_, p0_ * factor, p1_ * factor);
    case Type::kLognormal:
      return Distribution(type_, p0_ + std::log(factor), p1_);
  }
  RINGSIM_ASSERT(false);
  return *this;
}

std::string Distribution::describe() const {
  std::ostringstream out;
  switch (type_) {
    case Type::kMixture:
      out << "mixture(";
      for (std::size_t i = 0; i < components_->size(); ++i) {
        out << (i > 0 ? ", " : "") << (*components_)[i].first << ": " << (*components_)[i].second.describe();
      }
      out << ")";
      break;
    case Type::kConstant:
      out << "constant(" << p0_ << ")";
      break;
    case Type::kExponential:
      out << "exponential(mean=" << p0_ << ")";
      break;
    case Type::kUniform:
      out << "uniform(" << p0_ << ".." << p1_ << ")";
      break;
    case Type::kLognormal:
      out << "lognormal(median=" << std::exp(p0_) << ", sigma=" << p1_ << ")";
      break;
  }
  return out.str();
}

}  // namespace ringsim
