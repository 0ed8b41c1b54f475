#include "sim/expectation.h"

#include "sim/number_text.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include "sim/assert.h"

namespace ringsim {

namespace {

struct ComparisonName {
  const char* key;
  Expectation::Comparison comparison;
  const char* symbol;
};

constexpr ComparisonName kComparisons[] = {
    {"lt", Expectation::Comparison::kLt, "<"},  {"le", Expectation::Comparison::kLe, "<="},
    {"gt", Expectation::Comparison::kGt, ">"},  {"ge", Expectation::Comparison::kGe, ">="},
    {"eq", Expectation::Comparison::kEq, "=="}, {"between", Expectation::Comparison::kBetween, "in"},
};

constexpr double kBoundMax = std::numeric_limits<double>::max();

}  // namespace

bool Expectation::holds(double actual) const {
  switch (comparison) {
    case Comparison::kLt:
      return actual < bound;
    case Comparison::kLe:
      return actual <= bound;
    case Comparison::kGt:
      return actual > bound;
    case Comparison::kGe:
      return actual >= bound;
    case Comparison::kEq:
      return actual == bound;
    case Comparison::kBetween:
      return actual >= bound && actual <= bound_high;
  }
  return false;
}

std::string Expectation::describe_bound() const {
  std::ostringstream out;
  for (const ComparisonName& name : kComparisons) {
    if (name.comparison != comparison) continue;
    out << name.symbol << " ";
    if (comparison == Comparison::kBetween) {
      out << "[" << bound << ", " << bound_high << "]";
    } else {
      out << bound;
    }
  }
  return out.str();
}

std::vector<Expectation> read_expectations(const ArrayReader& array) {
  std::vector<Expectation> expectations;
  const NumberRange any_number = NumberRange::at_least(-kBoundMax, kBoundMax);
  for (std::size_t index = 0; index < array.size(); ++index) {
    ObjectReader reader = array.object_at(index);
    Expectation expectation;
    expectation.pointer = reader.pointer();
    expectation.metric = reader.required_string("metric");
    int comparisons_found = 0;
    for (const ComparisonName& name : kComparisons) {
      if (!reader.has(name.key)) continue;
      comparisons_found += 1;
      expectation.comparison = name.comparison;
      if (name.comparison != Expectation::Comparison::kBetween) {
        expectation.bound = reader.required_number(name.key, any_number);
        continue;
      }
      const nlohmann::json& pair = reader.raw(name.key);
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number() ||
          pair[0].get<double>() > pair[1].get<double>()) {
        reader.fail(name.key, "expected [low, high] with low <= high, got " + pair.dump());
      }
      expectation.bound = pair[0].get<double>();
      expectation.bound_high = pair[1].get<double>();
    }
    if (comparisons_found != 1) {
      throw ConfigError(reader.file(), reader.pointer(),
                        "an expectation needs exactly one of lt, le, gt, ge, eq, between; found " +
                            std::to_string(comparisons_found));
    }
    reader.finish();
    expectations.push_back(expectation);
  }
  return expectations;
}

void check_expectation_metrics(const std::vector<Expectation>& expectations,
                               const std::vector<std::string>& metric_names,
                               const std::string& file) {
  for (const Expectation& expectation : expectations) {
    if (std::find(metric_names.begin(), metric_names.end(), expectation.metric) !=
        metric_names.end()) {
      continue;
    }
    const std::string suggestion = closest_match(expectation.metric, metric_names);
    std::string message = "unknown metric \"" + expectation.metric + "\"";
    if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
    message += "; this scenario reports:";
    for (const std::string& name : metric_names) message += " " + name;
    throw ConfigError(file, expectation.pointer + "/metric", message);
  }
}

std::vector<ExpectationOutcome> evaluate_expectations(const std::vector<Expectation>& expectations,
                                                      const RunSummary& summary) {
  std::vector<ExpectationOutcome> outcomes;
  for (const Expectation& expectation : expectations) {
    const std::optional<double> actual = summary.find(expectation.metric);
    RINGSIM_ASSERT(actual.has_value());  // Names were checked before the run.
    // A percentile is compared as it is shown (summary.json, console, report): rounded to
    // the histogram's 3 significant digits, so "actual 51.8" and the verdict never disagree.
    const double shown = is_bucketed_quantile(expectation.metric) ? round_quantile(*actual) : *actual;
    outcomes.push_back(ExpectationOutcome{&expectation, shown, expectation.holds(shown)});
  }
  return outcomes;
}

}  // namespace ringsim
