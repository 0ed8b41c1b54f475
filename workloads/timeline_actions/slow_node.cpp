// {"at_s": 10, "action": "slow_node", "node": 1, "factor": 5, "duration_s": 10}: the node's
// service times are multiplied by `factor` until the end.
#include "sim/number_text.h"
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

constexpr double kSlowFactorMax = 1000;

class SlowNode final : public TimelineAction {
 public:
  const char* name() const override { return "slow_node"; }
  void read(ObjectReader& reader) override {
    read_node(reader, "node");
    factor_ = reader.required_number("factor", NumberRange::positive(kSlowFactorMax));
    read_duration(reader);
  }
  void apply(TimelineTarget& target) const override {
    target.set_slow_factor(nodes[0], factor_);
    target.note_change("slow_node x" + format_significant(factor_), std::to_string(nodes[0]));
  }
  void end(TimelineTarget& target) const override { target.set_slow_factor(nodes[0], 1.0); }
  std::string detail() const override { return "factor " + format_significant(factor_); }

 private:
  double factor_ = 1;
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::slow_node() { return std::make_unique<SlowNode>(); }

}  // namespace ringsim
