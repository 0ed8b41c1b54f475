#include "workloads/isolated_call.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <optional>

#include "sim/config_error.h"

#if defined(__SANITIZE_ADDRESS__)
#define RINGSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RINGSIM_ASAN 1
#endif
#endif
#ifdef RINGSIM_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace ringsim {

namespace {

// The child ended before its result was whole (a short read on the pipe).
struct ChildEnded {};

// Child exit codes other than 0 (a signal is reported by its name instead).
constexpr int kExitOtherError = 3;
constexpr int kExitOutOfMemory = 4;

void write_all(int fd, const void* data, std::size_t size) {
  const char* at = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t done = ::write(fd, at, size);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) ::_exit(kExitOtherError);  // The parent is gone: nobody to tell.
    at += done;
    size -= static_cast<std::size_t>(done);
  }
}

// Reads up to `size` bytes; returns how many arrived before end of file.
std::size_t read_some(int fd, void* data, std::size_t size) {
  char* at = static_cast<char*>(data);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t done = ::read(fd, at + got, size - got);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) break;
    got += static_cast<std::size_t>(done);
  }
  return got;
}

void write_text(int fd, const std::string& text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  write_all(fd, &size, sizeof size);
  write_all(fd, text.data(), size);
}

std::string read_text(PipeReader& in) {
  const auto size = in.value<std::uint32_t>();
  if (size > (1u << 20)) throw ChildEnded{};  // A message, not a payload.
  std::string text(size, '\0');
  in.bytes(text.data(), size);
  return text;
}

std::uint64_t address_space_now() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

void apply_limits(const IsolationLimits& limits) {
  const rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
  if (limits.address_space_bytes > 0) {
    const rlim_t bytes = address_space_now() + limits.address_space_bytes;
    const rlimit space{bytes, bytes};
    ::setrlimit(RLIMIT_AS, &space);
  }
}

[[noreturn]] void run_child(int fd, const IsolationLimits& limits, const std::function<void(PipeWriter&)>& work) {
  // The child ends by the default action of any signal: Ctrl-C ends it at once (the parent's
  // handler decides the run's exit code), and a crash handler inherited from the parent (under
  // libFuzzer, one that saves the input as a find) must not run for the isolated library.
  for (const int signal : {SIGINT, SIGTERM, SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGXCPU}) {
    ::signal(signal, SIG_DFL);
  }
#ifdef RINGSIM_ASAN
  __sanitizer_set_death_callback(nullptr);
#endif
  apply_limits(limits);
  PipeWriter out(fd);
  try {
    work(out);
    if (!out.started()) out.bytes(nullptr, 0);
    ::_exit(0);
  } catch (const ConfigError& error) {
    if (out.started()) ::_exit(kExitOtherError);
    write_all(fd, "E", 1);
    write_text(fd, error.file());
    write_text(fd, error.pointer());
    write_text(fd, error.message());
    ::_exit(0);
  } catch (const std::bad_alloc&) {
    ::_exit(kExitOutOfMemory);
  } catch (...) {
    ::_exit(kExitOtherError);
  }
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV, a crash";
    case SIGBUS: return "SIGBUS, a crash";
    case SIGFPE: return "SIGFPE, a crash";
    case SIGILL: return "SIGILL, a crash";
    case SIGABRT: return "SIGABRT, an abort";
    case SIGXCPU: return "SIGXCPU, its CPU time limit";
    case SIGKILL: return "SIGKILL, killed from outside, often for memory";
    case SIGINT: return "SIGINT, interrupted";
    case SIGTERM: return "SIGTERM, terminated";
    default: return "signal " + std::to_string(signal);
  }
}

int wait_for(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Waits for the child and turns an abnormal end into the user's error.
void reap(const std::string& path, pid_t child, const IsolationLimits& limits, bool result_complete) {
  const int status = wait_for(child);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && result_complete) return;
  std::string why;
  if (WIFSIGNALED(status)) {
    why = "the reader stopped on " + signal_name(WTERMSIG(status));
    if (WTERMSIG(status) == SIGXCPU) why += " of " + std::to_string(limits.cpu_seconds) + " s";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) {
    why = "the reader needed more memory than the file's size can justify (limit " +
          std::to_string(limits.address_space_bytes >> 20) + " MiB)";
  } else {
    why = "the reader failed (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
  }
  throw ConfigError(path, "", why + "; the file is damaged, truncated or not in the expected format");
}

}  // namespace

void PipeWriter::bytes(const void* data, std::size_t size) {
  if (!started_) {
    write_all(fd_, "D", 1);
    started_ = true;
  }
  if (size > 0) write_all(fd_, data, size);
}

void PipeReader::bytes(void* data, std::size_t size) {
  if (read_some(fd_, data, size) != size) throw ChildEnded{};
}

void run_isolated(const std::string& path, const IsolationLimits& limits,
                  const std::function<void(PipeWriter&)>& child_work,
                  const std::function<void(PipeReader&)>& parent_read) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw ConfigError(path, "", std::string("cannot make a pipe: ") + std::strerror(errno));
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw ConfigError(path, "", std::string("cannot start the reader process: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    run_child(fds[1], limits, child_work);
  }
  ::close(fds[1]);
  PipeReader in(fds[0]);
  std::optional<ConfigError> refused;  // the child's ConfigError, or the parent's own refusal
  bool complete = false;
  try {
    char kind = 0;
    if (read_some(fds[0], &kind, 1) == 1 && kind == 'E') {
      std::string file = read_text(in);
      std::string pointer = read_text(in);
      refused.emplace(std::move(file), std::move(pointer), read_text(in));
    } else if (kind == 'D') {
      parent_read(in);
      complete = true;
    }
  } catch (const ChildEnded&) {
  } catch (const ConfigError& error) {
    refused = error;  // The result broke the parent's own checks: the child's end no longer matters.
    ::kill(child, SIGKILL);
  } catch (...) {
    ::kill(child, SIGKILL);
    ::close(fds[0]);
    wait_for(child);
    throw;
  }
  ::close(fds[0]);
  if (refused) {
    wait_for(child);
    throw *refused;
  }
  reap(path, child, limits, complete);
}

}  // namespace ringsim
