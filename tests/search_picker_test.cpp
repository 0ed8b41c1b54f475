// viz/search_picker.h: which of the model's recent searches the cluster panel shows; and
// the model's own list (ClusterView::recent_searches), the same whatever the GUI's pacing.
#include <catch2/catch.hpp>

#include "viz/search_picker.h"

namespace ringsim::viz {
namespace {

SearchTouch search(std::uint64_t sequence, std::uint32_t shard) {
  SearchTouch touch;
  touch.sequence = sequence;
  touch.completed_ns = static_cast<TimeNs>(100 * sequence);
  touch.shards = {shard};
  touch.replicas.resize(1);
  return touch;
}

TEST_CASE("search picker: follows the latest until one is chosen", "[gui]") {
  SearchPicker picker;
  picker.set_generation(1);
  std::vector<SearchTouch> searches;
  CHECK(picker.shown(searches) == nullptr);
  searches = {search(2, 8), search(1, 7)};
  CHECK(picker.following_latest());
  CHECK(picker.shown(searches) == &searches.front());
  picker.select(searches, 1);  // search 1
  searches.insert(searches.begin(), search(3, 9));
  REQUIRE(picker.shown(searches) != nullptr);
  CHECK(picker.shown(searches)->shards == std::vector<std::uint32_t>{7});
  CHECK_FALSE(picker.following_latest());
  // Aged out of the model's list: nothing is shown rather than another search.
  searches.pop_back();
  CHECK(picker.shown(searches) == nullptr);
  picker.select(searches, std::nullopt);
  CHECK(picker.shown(searches)->shards == std::vector<std::uint32_t>{9});
}

TEST_CASE("search picker: searches completing at one instant are told apart", "[gui]") {
  SearchPicker picker;
  picker.set_generation(1);
  std::vector<SearchTouch> searches = {search(2, 8), search(1, 7)};
  searches[0].completed_ns = searches[1].completed_ns;
  picker.select(searches, 1);
  REQUIRE(picker.shown(searches) != nullptr);
  CHECK(picker.shown(searches)->shards == std::vector<std::uint32_t>{7});
}

TEST_CASE("search picker: a rebuilt run (new generation) follows the latest again", "[gui]") {
  SearchPicker picker;
  picker.set_generation(4);
  const std::vector<SearchTouch> searches = {search(2, 8), search(1, 7)};
  picker.select(searches, 1);
  picker.set_generation(4);
  CHECK_FALSE(picker.following_latest());
  picker.set_generation(5);
  CHECK(picker.following_latest());
}

}  // namespace
}  // namespace ringsim::viz
