// {"at_s": 10, "action": "hot_key", "keys": 1, "share": 0.5, "duration_s": 20}: `keys` keys
// take `share` of the operations until the end.
#include "sim/number_text.h"
#include "sim/text_list.h"
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class HotKey final : public TimelineAction {
 public:
  const char* name() const override { return "hot_key"; }
  void read(ObjectReader& reader) override {
    count_ = static_cast<std::uint32_t>(reader.optional_integer("keys", 1, 1000, 1));
    share_ = reader.required_number("share", NumberRange::positive(1.0));
    read_duration(reader);
  }
  void apply(TimelineTarget& target) const override {
    std::string names;
    for (const KeyId key : target.make_keys_hot(count_, share_)) append_to_list(names, "key " + std::to_string(key));
    target.note_change("hot_key " + format_significant(100 * share_) + "%", names);
  }
  void end(TimelineTarget& target) const override { target.clear_hot_keys(); }
  std::string detail() const override {
    return "count " + std::to_string(count_) + ",share " + format_significant(share_);
  }

 private:
  std::uint32_t count_ = 1;
  double share_ = 0;
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::hot_key() { return std::make_unique<HotKey>(); }

}  // namespace ringsim
