// {"at_s": 10, "action": "set_rate", "rate_qps": 9000}: the client's arrival process takes a
// new base rate (a rates trace is scaled; a trace of timestamps cannot be).
#include "sim/number_text.h"
#include "workloads/arrivals.h"
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class SetRate final : public TimelineAction {
 public:
  const char* name() const override { return "set_rate"; }
  void read(ObjectReader& reader) override {
    rate_qps_ = reader.required_number("rate_qps", NumberRange::positive(kRateQpsMax));
  }
  void check(const TimelineContext& context) const override {
    if (context.arrivals_are_timestamps) {
      throw ConfigError(context.file, pointer,
                        "set_rate cannot scale a trace of request timestamps (use a time_s,rate_qps trace)");
    }
  }
  void apply(TimelineTarget& target) const override {
    target.set_rate(rate_qps_);
    target.note_change("set_rate " + format_significant(rate_qps_) + " qps", "");
  }
  double rate_qps() const override { return rate_qps_; }
  std::string detail() const override { return format_significant(rate_qps_) + " qps"; }

 private:
  double rate_qps_ = 0;
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::set_rate() { return std::make_unique<SetRate>(); }

}  // namespace ringsim
