#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

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

CountProgress::CountProgress(std::string command, std::string noun, std::size_t total, bool enabled)
    : command_(std::move(command)), noun_(std::move(noun)), total_(total), enabled_(enabled), start_(Clock::now()) {}

bool CountProgress::stderr_is_terminal() {
  const char* forced = std::getenv("RINGSIM_PROGRESS");
  if (forced != nullptr && std::strcmp(forced, "1") == 0) return true;
  return isatty(STDERR_FILENO) == 1;
}

void CountProgress::started() {
  const std::lock_guard<std::mutex> lock(mutex_);
  running_ += 1;
  draw();
}

void CountProgress::finished(const std::string& last) {
  const std::lock_guard<std::mutex> lock(mutex_);
  running_ -= running_ > 0 ? 1 : 0;
  done_ += 1;
  last_ = last;
  draw();
}

void CountProgress::draw() {
  if (!enabled_) return;
  const double wall_s = std::chrono::duration<double>(Clock::now() - start_).count();
  std::string line = command_ + ": " + std::to_string(done_) + "/" + std::to_string(total_) + " " + noun_ + " done (" +
                     std::to_string(running_) + " running), " + std::to_string(static_cast<long long>(wall_s)) + " s";
  if (!last_.empty()) line += "; last: " + last_;
  if (line.size() > 100) line = line.substr(0, 97) + "...";
  std::fprintf(stderr, "\r%-100s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void CountProgress::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!drawn_) return;
  std::fprintf(stderr, "\r%100s\r", "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace ringsim
