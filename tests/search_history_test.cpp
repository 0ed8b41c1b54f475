// viz/search_history.h: the picker of recent searches in the cluster panel.
#include <catch2/catch.hpp>

#include "viz/search_history.h"

namespace ringsim::viz {
namespace {

SearchTouch search_at(TimeNs completed_ns, std::uint32_t shard) {
  SearchTouch touch;
  touch.completed_ns = completed_ns;
  touch.shards = {shard};
  touch.replicas.resize(1);
  return touch;
}

TEST_CASE("search history: newest first, each search once, at most kCapacity", "[gui]") {
  SearchHistory history;
  history.observe(1, nullptr);
  CHECK(history.shown() == nullptr);
  const SearchTouch first = search_at(100, 3);
  history.observe(1, &first);
  history.observe(1, &first);  // the same search seen on the next frame
  REQUIRE(history.searches().size() == 1);
  for (TimeNs t = 200; t < 200 + 100 * static_cast<TimeNs>(SearchHistory::kCapacity); t += 100) {
    const SearchTouch next = search_at(t, 1);
    history.observe(1, &next);
  }
  REQUIRE(history.searches().size() == SearchHistory::kCapacity);
  CHECK(history.searches().front().completed_ns == 100 * static_cast<TimeNs>(SearchHistory::kCapacity) + 100);
  CHECK(history.searches().back().completed_ns == 200);  // the first search aged out
  CHECK(history.shown() == &history.searches().front());
}

TEST_CASE("search history: a selected search stays shown as newer ones arrive", "[gui]") {
  SearchHistory history;
  const SearchTouch a = search_at(100, 7), b = search_at(200, 8), c = search_at(300, 9);
  history.observe(4, &a);
  history.observe(4, &b);
  history.select(1);  // a
  history.observe(4, &c);
  REQUIRE(history.shown() != nullptr);
  CHECK(history.shown()->shards == std::vector<std::uint32_t>{7});
  CHECK_FALSE(history.following_latest());
  history.select(std::nullopt);
  CHECK(history.shown()->shards == std::vector<std::uint32_t>{9});
  // A rebuilt run (seek back, restart) starts over and follows the latest again.
  history.select(2);
  history.observe(5, &a);
  CHECK(history.searches().size() == 1);
  CHECK(history.following_latest());
}

}  // namespace
}  // namespace ringsim::viz
