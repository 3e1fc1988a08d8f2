// benchmarks/durable_write.cpp — `rdha synth` on tmpfs, on disk (durable and --no-sync)
// and the floor of a durable write on the same disk, plus `rdha --version` against
// /bin/true, timed in interleaved rounds: on a shared machine every figure sees the same
// load, which a run of one command after the other does not guarantee.
//
//   durable_write RDHA TMPFS_DIR DISK_DIR ROUNDS OUT_JSON
//
// The floor is what any durable replace-by-rename costs, measured in this process (no
// start-up): write one 4 KiB file, fdatasync it, rename it into place, fsync the
// directory. Each round runs the commands in a rotated order. Prints the medians and
// writes them with the 10th and 90th percentiles and the load average to OUT_JSON.
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Wall time of one run of @p argv, its output discarded; exits on failure.
double run(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const auto& argument : argv) pointers.push_back(const_cast<char*>(argument.c_str()));
  pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid = -1;
  int status = 0;
  if (posix_spawn(&pid, pointers[0], &actions, nullptr, pointers.data(), environ) != 0 ||
      waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "durable_write: %s failed\n", argv[0].c_str());
    std::exit(2);
  }
  const double elapsed = seconds_since(start);
  posix_spawn_file_actions_destroy(&actions);
  return elapsed;
}

// One durable replace-by-rename of a 4 KiB file in @p directory.
double floor_write(const fs::path& directory) {
  static const std::string text(4096, 'x');
  const auto start = Clock::now();
  const fs::path temporary = directory / ".floor.tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || dir < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fdatasync(fd) != 0 || ::rename(temporary.c_str(), (directory / "floor").c_str()) != 0 || ::fsync(dir) != 0) {
    std::perror("durable_write: floor");
    std::exit(2);
  }
  ::close(fd);
  ::close(dir);
  return seconds_since(start);
}

std::vector<double> load_average() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return {};
  return {load[0], load[1], load[2]};
}

std::string utc_now() {
  char text[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: durable_write RDHA TMPFS_DIR DISK_DIR ROUNDS OUT_JSON\n");
    return 2;
  }
  const std::string rdha = argv[1];
  const fs::path tmpfs = argv[2], disk = argv[3];
  const int rounds = std::max(1, std::atoi(argv[4]));
  fs::create_directories(disk / "floor");

  struct Measure {
    std::string name;
    std::function<double()> once;
    std::vector<double> seconds;
  };
  std::vector<Measure> measures = {
      {"synth_tmpfs", [&] { return run({rdha, "synth", "--out", (tmpfs / "rdha").string()}); }, {}},
      {"synth_disk", [&] { return run({rdha, "synth", "--out", (disk / "durable").string()}); }, {}},
      {"synth_disk_no_sync", [&] { return run({rdha, "synth", "--no-sync", "--out", (disk / "no-sync").string()}); }, {}},
      {"floor_fdatasync_rename_fsync_dir", [&] { return floor_write(disk / "floor"); }, {}},
      {"version", [&] { return run({rdha, "--version"}); }, {}},
      {"bin_true", [&] { return run({"/bin/true"}); }, {}},
  };
  const auto load_before = load_average();
  const std::string date = utc_now();
  for (auto& measure : measures) measure.once();  // warm-up: the caches, the first write's directories
  for (int round = 0; round < rounds; ++round)
    for (std::size_t i = 0; i < measures.size(); ++i) {
      Measure& measure = measures[(i + static_cast<std::size_t>(round)) % measures.size()];
      measure.seconds.push_back(measure.once());
    }

  nlohmann::json results = nlohmann::json::object();
  for (const auto& measure : measures) {
    double total = 0;
    for (double s : measure.seconds) total += s;
    results[measure.name] = {{"median_s", percentile(measure.seconds, 0.5)},
                             {"p10_s", percentile(measure.seconds, 0.1)},
                             {"p90_s", percentile(measure.seconds, 0.9)},
                             {"mean_s", total / static_cast<double>(measure.seconds.size())}};
    std::printf("%-34s median %8.3f ms   p10 %8.3f ms   p90 %8.3f ms\n", measure.name.c_str(),
                percentile(measure.seconds, 0.5) * 1e3, percentile(measure.seconds, 0.1) * 1e3,
                percentile(measure.seconds, 0.9) * 1e3);
  }
  const auto load_after = load_average();
  std::printf("rounds: %d; load average before %.2f %.2f %.2f, after %.2f %.2f %.2f\n", rounds, load_before[0],
              load_before[1], load_before[2], load_after[0], load_after[1], load_after[2]);
  const nlohmann::json document = {
      {"rounds", rounds},          {"results", results},      {"date", date}, {"load_average_before", load_before},
      {"load_average_after", load_after}, {"realtime", sched_getscheduler(0) == SCHED_FIFO}};
  std::ofstream(argv[5]) << document.dump(2) << "\n";
  return 0;
}
