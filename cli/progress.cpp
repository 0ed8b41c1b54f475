#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace ringsim {

namespace {
constexpr auto kQuietStart = std::chrono::milliseconds(1000);
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;
}  // namespace

ProgressBar::ProgressBar(TimeNs end_ns)
    : end_ns_(end_ns), enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_draw_(start_) {}

void ProgressBar::update(TimeNs now_ns, std::uint64_t events) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (now - start_ < kQuietStart || now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  const double fraction = end_ns_ > 0 ? static_cast<double>(now_ns) / static_cast<double>(end_ns_) : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double wall_s = std::chrono::duration<double>(now - start_).count();
  char bar[kBarWidth + 1];
  for (int i = 0; i < kBarWidth; ++i) bar[i] = i < filled ? '#' : '.';
  bar[kBarWidth] = '\0';
  std::fprintf(stderr, "\r[%s] %5.1f%%  %.1f / %.1f s simulated  %.2f M events/s ", bar,
               fraction * 100, ns_to_s(now_ns), ns_to_s(end_ns_),
               static_cast<double>(events) / wall_s / 1e6);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%*s\r", kBarWidth + 70, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace ringsim
