// benchmarks/flush_strategies.cpp — ways to make a set of new files durable before they
// are renamed into place, on the disk under DIRECTORY, in interleaved rounds: the choice
// behind the writer's flushes (src/emit/atomic_write.cpp). Each round writes files of the
// default stack's sizes, flushes them one way, renames them and fsyncs the directory.
//
//   flush_strategies DIRECTORY ROUNDS OUT_JSON
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

// The default stack's nine files and two manifests (bytes).
const std::vector<std::size_t> kSizes = {12930, 161, 23627, 11879, 2420, 505, 32413, 56826, 287, 1500, 1500};

enum class Strategy { fsync_each, write_back_then_fsync_each, write_back_then_fdatasync_each, wait_then_fdatasync_each };

const char* name_of(Strategy strategy) {
  switch (strategy) {
    case Strategy::fsync_each: return "fsync each file";
    case Strategy::write_back_then_fsync_each: return "sync_file_range(WRITE) all, then fsync each";
    case Strategy::write_back_then_fdatasync_each: return "sync_file_range(WRITE) all, then fdatasync each";
    case Strategy::wait_then_fdatasync_each: return "sync_file_range(WRITE), (WAIT) all, then fdatasync each";
  }
  return "";
}

void check(bool ok, const char* what) {
  if (ok) return;
  std::perror(what);
  std::exit(2);
}

double write_set(const fs::path& directory, Strategy strategy) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> fds;
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    const std::string text(kSizes[i], 'x');
    const int fd = ::open((directory / (".tmp-" + std::to_string(i))).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    check(fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()), "write");
    if (strategy != Strategy::fsync_each) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    fds.push_back(fd);
  }
  if (strategy == Strategy::wait_then_fdatasync_each)
    for (const int fd : fds)
      ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  const bool data_only =
      strategy == Strategy::write_back_then_fdatasync_each || strategy == Strategy::wait_then_fdatasync_each;
  for (const int fd : fds) {
    check((data_only ? ::fdatasync(fd) : ::fsync(fd)) == 0, "flush");
    ::close(fd);
  }
  for (std::size_t i = 0; i < kSizes.size(); ++i)
    check(::rename((directory / (".tmp-" + std::to_string(i))).c_str(), (directory / std::to_string(i)).c_str()) == 0,
          "rename");
  const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  check(dir >= 0 && ::fsync(dir) == 0, "fsync directory");
  ::close(dir);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: flush_strategies DIRECTORY ROUNDS OUT_JSON\n");
    return 2;
  }
  const fs::path directory = argv[1];
  const int rounds = std::max(1, std::atoi(argv[2]));
  fs::create_directories(directory);
  const std::vector<Strategy> strategies = {Strategy::fsync_each, Strategy::write_back_then_fsync_each,
                                            Strategy::write_back_then_fdatasync_each,
                                            Strategy::wait_then_fdatasync_each};
  std::vector<std::vector<double>> seconds(strategies.size());
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  for (int round = 0; round < rounds; ++round)
    for (std::size_t i = 0; i < strategies.size(); ++i) {
      const std::size_t k = (i + static_cast<std::size_t>(round)) % strategies.size();
      seconds[k].push_back(write_set(directory, strategies[k]));
    }
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t k = 0; k < strategies.size(); ++k) {
    results.push_back({{"strategy", name_of(strategies[k])},
                       {"median_s", percentile(seconds[k], 0.5)},
                       {"p10_s", percentile(seconds[k], 0.1)},
                       {"p90_s", percentile(seconds[k], 0.9)}});
    std::printf("%-58s median %7.3f ms   p10 %7.3f ms   p90 %8.3f ms\n", name_of(strategies[k]),
                percentile(seconds[k], 0.5) * 1e3, percentile(seconds[k], 0.1) * 1e3, percentile(seconds[k], 0.9) * 1e3);
  }
  std::printf("rounds: %d; load average at the start %.2f %.2f %.2f\n", rounds, load[0], load[1], load[2]);
  std::ofstream(argv[3]) << nlohmann::json{{"rounds", rounds}, {"results", results},
                                           {"load_average", {load[0], load[1], load[2]}},
                                           {"realtime", sched_getscheduler(0) == SCHED_FIFO}}
                                .dump(2)
                         << "\n";
  return 0;
}
