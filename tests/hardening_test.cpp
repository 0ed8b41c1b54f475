// Issue #18's checks in isolation: the depth scan (and the pointer it names), UTF-8
// validity against RFC 3629's table, strict seeds and sizes, and the ring's merge on join
// against a full sort of every token.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/atomic_output.h"
#include "cluster/placement/ring_placement.h"
#include "run/option_values.h"
#include "run/scenario.h"
#include "sim/config_error.h"
#include "sim/json_text.h"

namespace ringsim {
namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_CASE("json depth: 64 levels parse, 65 are refused with the pointer of the 65th", "[hardening]") {
  CHECK_NOTHROW(parse_json_text(nested(kJsonDepthMax), "f.json"));
  try {
    parse_json_text(R"({"a": [1, {"b": )" + nested(kJsonDepthMax) + "}]}", "f.json");
    FAIL("not refused");
  } catch (const ConfigError& error) {
    // Levels: the object, the array "a", the object at /a/1, then 62 arrays under "b".
    std::string pointer = "/a/1/b";
    for (std::size_t i = 0; i < kJsonDepthMax - 3; ++i) pointer += "/0";
    CHECK(error.pointer() == pointer);
    CHECK_THAT(error.message(), Catch::Contains("deeper than 64"));
  }
  // Brackets inside strings do not count; escaped quotes do not end a string.
  CHECK_NOTHROW(parse_json_text(R"({"k\"[": ")" + std::string(500, '[') + R"("})", "f.json"));
  // 200,000 levels (issue #18): refused, no stack overflow.
  CHECK_THROWS_AS(parse_json_text(nested(200'000), "f.json"), ConfigError);
}

TEST_CASE("utf-8: RFC 3629 well-formed sequences only", "[hardening]") {
  CHECK_FALSE(first_invalid_utf8("plain ascii").has_value());
  CHECK_FALSE(first_invalid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80").has_value());  // é € 😀
  CHECK(first_invalid_utf8("ab\xff") == 2u);
  CHECK(first_invalid_utf8("\xc0\xaf") == 0u);          // Overlong '/'.
  CHECK(first_invalid_utf8("\xed\xa0\x80") == 0u);      // A surrogate.
  CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == 0u);  // Above U+10FFFF.
  CHECK(first_invalid_utf8("x\xe2\x82") == 1u);         // Truncated.
}

TEST_CASE("set override: a value that is not UTF-8 is refused naming the pointer", "[hardening]") {
  try {
    parse_override("/duration_s=\xff");
    FAIL("not refused");
  } catch (const ConfigError& error) {
    CHECK(error.file() == "--set");
    CHECK(error.pointer() == "/duration_s");
  }
  CHECK_THROWS_AS(parse_override("/a=" + nested(kJsonDepthMax)), ConfigError);
  CHECK_NOTHROW(parse_override("/a=" + nested(kJsonDepthMax - 1)));
}

TEST_CASE("seed option: decimal 0..2^64-1 only", "[hardening]") {
  CHECK(seed_text_problem("0").empty());
  CHECK(seed_text_problem("18446744073709551615").empty());
  CHECK_FALSE(seed_text_problem("18446744073709551616").empty());
  CHECK_FALSE(seed_text_problem("-1").empty());
  CHECK_FALSE(seed_text_problem("+1").empty());
  CHECK_FALSE(seed_text_problem("").empty());
  CHECK_FALSE(seed_text_problem("1e3").empty());
}

TEST_CASE("max-memory option: sizes", "[hardening]") {
  CHECK(parse_byte_size("1024") == 1024.0);
  CHECK(parse_byte_size("8G") == 8.0 * (1ull << 30));
  CHECK(parse_byte_size("1.5k") == 1536.0);
  CHECK_FALSE(parse_byte_size("-1G").has_value());
  CHECK_FALSE(parse_byte_size("G").has_value());
  CHECK_FALSE(parse_byte_size("lots").has_value());
}

TEST_CASE("virtual times: one parser for --until and --inject", "[hardening]") {
  CHECK(parse_virtual_time_s("40") == 40.0);
  CHECK(parse_virtual_time_s("40s") == 40.0);
  CHECK(parse_virtual_time_s("500ms") == 0.5);
  CHECK(parse_virtual_time_s("12.5") == 12.5);
  CHECK(parse_virtual_time_s("0") == 0.0);
  for (const char* bad : {"", "s", "ms", "-1", "+1", "inf", "nan", "1h", "1 s", " 1", "1e400", "20sms"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_virtual_time_s(bad).has_value());
  }
}

TEST_CASE("ring: joins merge the newcomer's tokens into the same order a full sort gives", "[hardening]") {
  RingPlacement ring(7, 64);
  std::vector<std::pair<std::uint64_t, NodeId>> expected;
  for (NodeId node : {3, 0, 7, 1, 5}) {
    ring.add_member(node);
    for (std::uint32_t vnode = 0; vnode < 64; ++vnode) expected.emplace_back(ring.token_position(node, vnode), node);
    std::sort(expected.begin(), expected.end());
    REQUIRE(ring.tokens() == expected);
  }
  ring.remove_member(7);
  std::erase_if(expected, [](const auto& token) { return token.second == 7; });
  CHECK(ring.tokens() == expected);
}

// Issue #24: outputs are all-or-nothing; a second writer into one directory is refused.
TEST_CASE("atomic file: nothing at the name until commit, nothing left when abandoned", "[hardening]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "ringsim_atomic_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    AtomicFile file(dir / "a.txt");
    file.stream() << "hello\n";
    CHECK_FALSE(std::filesystem::exists(dir / "a.txt"));
    CHECK(std::filesystem::exists(dir / ".a.txt.partial"));
    CHECK(file.commit() == 6);
  }
  CHECK(std::filesystem::file_size(dir / "a.txt") == 6);
  CHECK_FALSE(std::filesystem::exists(dir / ".a.txt.partial"));
  {
    AtomicFile file(dir / "a.txt");
    file.stream() << "a longer text that is never committed\n";
  }
  CHECK(std::filesystem::file_size(dir / "a.txt") == 6);  // The old file, whole.
  CHECK_FALSE(std::filesystem::exists(dir / ".a.txt.partial"));
  // /dev/full takes the open and fails every write: the error shows at commit.
  if (std::filesystem::exists("/dev/full")) {
    std::filesystem::create_symlink("/dev/full", dir / ".full.txt.partial");
    AtomicFile full(dir / "full.txt");
    full.stream() << std::string(1 << 20, 'x');
    CHECK_THROWS_WITH(full.commit(), Catch::Contains("cannot write") && Catch::Contains("full.txt"));
    CHECK_FALSE(std::filesystem::exists(dir / "full.txt"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("output directory lock: a second holder is refused, released with the first", "[hardening]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "ringsim_lock_test";
  std::filesystem::remove_all(dir);
  {
    OutputDirLock first(dir);
    CHECK_THROWS_AS(OutputDirLock(dir), OutputDirBusy);
    CHECK_THROWS_WITH(OutputDirLock(dir), Catch::Contains("another ringsim process is writing into"));
  }
  CHECK_NOTHROW(OutputDirLock(dir));
  std::ofstream(dir / "summary.json") << "{}";
  std::ofstream(dir / "keep.txt") << "mine";
  std::ofstream(dir / ".trace.jsonl.partial") << "{";
  remove_stale_run_outputs(dir);
  CHECK_FALSE(std::filesystem::exists(dir / "summary.json"));
  CHECK_FALSE(std::filesystem::exists(dir / ".trace.jsonl.partial"));
  CHECK(std::filesystem::exists(dir / "keep.txt"));  // Not a file ringsim writes.
  std::filesystem::remove_all(dir);
}

TEST_CASE("json: duplicate keys are refused naming both positions, NUL is escaped in messages", "[hardening]") {
  try {
    parse_json_text("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}", "f.json");
    FAIL("not refused");
  } catch (const ConfigError& error) {
    CHECK(error.pointer() == "/b/c");
    CHECK_THAT(error.message(), Catch::Contains("first at line 2, column 8, again at line 2, column 16"));
  }
  // The same key in different objects is no duplicate.
  CHECK_NOTHROW(parse_json_text(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}]})", "f.json"));
  const ConfigError error("f.json", std::string("/a\0b", 4), "unknown key");
  CHECK(std::string(error.what()) == "f.json: /a\\u0000b: unknown key");
}

}  // namespace
}  // namespace ringsim
