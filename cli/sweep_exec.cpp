#include "cli/sweep_exec.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>

extern char** environ;

namespace ringsim {

namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn_job(const std::string& program, const PointJob& job) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, job.log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& argument : job.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
  return pid;
}

void print_progress(std::size_t done, std::size_t total, std::size_t ran, std::size_t failed,
                    Clock::time_point start) {
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  const double eta_s = ran == 0 ? 0.0 : elapsed_s / static_cast<double>(ran) * static_cast<double>(total - done);
  std::fprintf(stderr, "sweep: %zu/%zu points done", done, total);
  if (failed > 0) std::fprintf(stderr, " (%zu failed)", failed);
  std::fprintf(stderr, ", %.1f s elapsed, ETA %.1f s\n", elapsed_s, eta_s);
}

}  // namespace

std::vector<JobOutcome> run_point_jobs(const std::string& program, const std::vector<PointJob>& jobs,
                                       unsigned parallel_jobs, std::size_t already_done,
                                       int accepted_exit_code_max) {
  const std::size_t total = jobs.size() + already_done;
  const Clock::time_point start = Clock::now();
  // Progress lines at most every ~1 s (and at the end), so big sweeps keep logs short.
  Clock::time_point last_report = start;
  std::map<pid_t, std::size_t> running;
  std::vector<JobOutcome> failures;
  std::size_t next = 0;
  std::size_t finished = 0;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < std::max(1u, parallel_jobs)) {
      running.emplace(spawn_job(program, jobs[next]), next);
      next++;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    const auto found = running.find(pid);
    if (found == running.end()) continue;  // Not one of ours.
    const PointJob& job = jobs[found->second];
    running.erase(found);
    finished++;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code > accepted_exit_code_max) failures.push_back({job.label, job.log_path, code});
    if (Clock::now() - last_report >= std::chrono::seconds(1) || finished == jobs.size()) {
      print_progress(already_done + finished, total, finished, failures.size(), start);
      last_report = Clock::now();
    }
  }
  std::sort(failures.begin(), failures.end(),
            [](const JobOutcome& a, const JobOutcome& b) { return a.label < b.label; });
  return failures;
}

std::string self_executable_path() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

}  // namespace ringsim
