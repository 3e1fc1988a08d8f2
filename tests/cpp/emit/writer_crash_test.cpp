// The output writer under kill -9 and concurrency: a write killed at a random moment
// leaves complete files and a set that is the old one, the new one, or marked by the
// sentinel until the next write repairs it (of the first write into a directory too: the
// files it renamed in are rdha's to the next write); concurrent writes take turns; files other
// programs create, replace and rename meanwhile are never lost or rolled back. Each test
// prints its trials and outcomes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "testing/directory_snapshot.hpp"
#include "testing/output_state.hpp"
#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using testing::differences;
using testing::read_file;
using testing::ScratchDir;
using testing::snapshot;
using testing::without;

using testing::Files;
using testing::guarantee_violation;
using testing::names_of;
using testing::OutputState;
using testing::rendered;

// Two sets that differ in every file's bytes and in which files (and directories) exist.
Files old_set() { return rendered("-old"); }
Files new_set() {
  Files files = rendered("-new");
  files.erase("main.tf.json");
  files["modules/extra/main.tf.json"] = "{\"locals\": {\"extra\": true}}\n";
  return files;
}

// The files another program keeps in the output directory.
const std::vector<std::string> kForeign = {"terraform.tfstate", ".terraform", "override.tf.json"};

OutputState state_of(const fs::path& out) { return testing::state_of(out, kForeign); }

void add_foreign_files(const fs::path& out) {
  fs::create_directories(out / ".terraform" / "providers");
  std::ofstream(out / "terraform.tfstate") << "{\"serial\": 41}";
  std::ofstream(out / ".terraform" / "providers" / "lock") << "plugins";
  std::ofstream(out / "override.tf.json") << "{}";
}

// A write in a child process (the library, no exec: the kill lands inside the writer,
// not in process start-up); returns its pid.
pid_t start_write(const Files& files, const fs::path& out, Durability durability = Durability::durable) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      write_files_atomically(files, out, durability);
      ::_exit(0);
    } catch (...) {
      ::_exit(3);
    }
  }
  return pid;
}

int finish(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

struct KillTally {
  int trials = 0, finished = 0, old_set = 0, new_set = 0, interrupted = 0, interrupted_mixed = 0, violations = 0;

  // Counts what a kill of a write from @p other to @p target left.
  void record(const OutputState& state, int status, const Files& target, const Files& other) {
    ++trials;
    if (status == 0) ++finished;
    if (state.sentinel) {
      ++interrupted;
      if (state.owned != target && state.owned != other) ++interrupted_mixed;
    } else if (state.owned == target) {
      ++new_set;
    } else if (state.owned == other) {
      ++old_set;
    }
  }
};

// Uniformly random kill delays within the time an uninterrupted write takes: @p write
// (given the round) is timed six times, the median taken.
std::uniform_real_distribution<double> kill_delays(const std::function<void(int)>& write) {
  std::vector<double> durations;
  for (int i = 0; i < 6; ++i) {
    const auto start = std::chrono::steady_clock::now();
    write(i);
    durations.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(durations.begin(), durations.end());
  return std::uniform_real_distribution<double>(0, durations[durations.size() / 2] * 1.1);
}

// Starts a write of @p files into @p out and kills it after @p delay µs; its exit status.
int kill_write_after(const Files& files, const fs::path& out, double delay, Durability durability) {
  const pid_t pid = start_write(files, out, durability);
  const timespec pause{0, static_cast<long>(delay * 1000)};
  ::nanosleep(&pause, nullptr);
  ::kill(pid, SIGKILL);
  return finish(pid);
}

// Kills writes alternating between the two sets at uniformly random moments within the
// time an uninterrupted write takes (measured first); checks the guarantee after each.
KillTally kill_trials(const fs::path& out, int trials, std::mt19937& random,
                      Durability durability = Durability::durable) {
  const Files a = old_set(), b = new_set();
  write_files_atomically(a, out);
  add_foreign_files(out);
  const auto foreign = snapshot(out);
  auto delay_us =
      kill_delays([&](int i) { EXPECT_EQ(finish(start_write(i % 2 == 0 ? b : a, out, durability)), 0); });

  KillTally tally;
  for (int i = 0; i < trials; ++i) {
    const Files& target = i % 2 == 0 ? b : a;
    const Files& other = i % 2 == 0 ? a : b;
    const double delay = delay_us(random);
    const int status = kill_write_after(target, out, delay, durability);
    EXPECT_TRUE(status == 0 || status == -SIGKILL) << "trial " << i << ": exit " << status;

    const OutputState state = state_of(out);
    const std::string violation = guarantee_violation(state, a, b);
    EXPECT_EQ(violation, "") << "trial " << i << " (killed after " << delay << " µs)";
    const auto foreign_now = snapshot(out);
    for (const auto& [path, entry] : foreign) {
      if (path == "terraform.tfstate" || path.starts_with(".terraform") || path == "override.tf.json") {
        EXPECT_TRUE(foreign_now.contains(path) && foreign_now.at(path) == entry) << "trial " << i << ": " << path;
      }
    }
    if (!violation.empty()) {
      ++tally.violations;
      break;
    }
    tally.record(state, status, target, other);
  }

  // The next complete write repairs whatever the last kill left.
  write_files_atomically(a, out);
  const OutputState repaired = state_of(out);
  EXPECT_FALSE(repaired.sentinel);
  EXPECT_EQ(repaired.temporaries, 0u);
  EXPECT_EQ(repaired.owned, a);
  EXPECT_FALSE(fs::exists(out / "modules"));
  return tally;
}

// Kills the first write into a directory (beside other programs' files, no manifest yet)
// at random moments; the next write, of the other set, must find every file the killed
// write renamed in to be rdha's and complete the directory, never refuse one of them.
struct FirstWriteTally {
  KillTally kills;
  int renamed_in = 0;  // the killed write had renamed some or all of its files into place
};

FirstWriteTally first_write_kill_trials(const fs::path& root, int trials, std::mt19937& random) {
  const Files a = old_set(), b = new_set(), nothing;
  const auto fresh_directory = [&](int i) {
    const fs::path out = root / ("trial-" + std::to_string(i));
    add_foreign_files(out);
    return out;
  };
  auto delay_us = kill_delays([&](int i) { EXPECT_EQ(finish(start_write(b, fresh_directory(-1 - i))), 0); });

  FirstWriteTally tally;
  for (int i = 0; i < trials; ++i) {
    const fs::path out = fresh_directory(i);
    const double delay = delay_us(random);
    const int status = kill_write_after(b, out, delay, Durability::durable);
    EXPECT_TRUE(status == 0 || status == -SIGKILL) << "trial " << i << ": exit " << status;
    const OutputState state = state_of(out);
    std::string violation = guarantee_violation(state, nothing, b);
    if (violation.empty()) {
      tally.kills.record(state, status, b, nothing);
      if (!state.owned.empty()) ++tally.renamed_in;
      try {
        write_files_atomically(a, out);
        const OutputState repaired = state_of(out);
        if (repaired.sentinel || repaired.temporaries != 0 || repaired.owned != a)
          violation = "the next write did not leave exactly the other set";
      } catch (const EmitError& e) {
        violation = std::string("the next write failed: ") + e.what();
      }
    }
    EXPECT_EQ(violation, "") << "trial " << i << " (killed after " << delay << " µs)";
    if (!violation.empty()) {
      ++tally.kills.violations;
      break;
    }
    fs::remove_all(out);
  }
  return tally;
}

void print(const std::string& where, const KillTally& t) {
  std::printf("[ writer  ] kill -9 trials (%s): %d; the write finished before the kill: %d; old set: %d; new set: %d; "
              "interrupted, sentinel present (next write repairs): %d, of which mixed: %d; violations: %d\n",
              where.c_str(), t.trials, t.finished, t.old_set, t.new_set, t.interrupted, t.interrupted_mixed,
              t.violations);
}

int trials_from_environment(int fallback) {
  const char* value = std::getenv("RDHA_WRITER_KILL_TRIALS");
  return value != nullptr ? std::max(1, std::atoi(value)) : fallback;
}

TEST(WriterCrash, KillDashNineAtRandomMomentsOnDisk) {
  ScratchDir scratch("kill-disk");
  std::mt19937 random(20251205);
  const KillTally tally = kill_trials(scratch.path() / "out", trials_from_environment(200), random);
  print("disk, fsync", tally);
  EXPECT_GT(tally.interrupted, 0) << "no kill landed inside a write: the trials test nothing";
}

// Without the flushes the order of the steps is the same, and a killed process's writes
// are all in the page cache: the kill -9 guarantee holds as well.
TEST(WriterCrash, KillDashNineAtRandomMomentsOnDiskWithoutSync) {
  ScratchDir scratch("kill-disk-no-sync");
  std::mt19937 random(20251208);
  const KillTally tally = kill_trials(scratch.path() / "out", trials_from_environment(200), random, Durability::no_sync);
  print("disk, no sync", tally);
  EXPECT_GT(tally.interrupted, 0) << "no kill landed inside a write: the trials test nothing";
}

TEST(WriterCrash, KillDashNineOfAFirstWriteThenTheNextWriteCompletesIt) {
  ScratchDir scratch("kill-first");
  std::mt19937 random(20251207);
  const FirstWriteTally tally = first_write_kill_trials(scratch.path(), trials_from_environment(100), random);
  print("first write into a directory without a manifest", tally.kills);
  std::printf("[ writer  ] ... of which the killed write had renamed files in: %d; each time the next write, of "
              "another config, took them as rdha's and completed the directory (violations: %d)\n",
              tally.renamed_in, tally.kills.violations);
  EXPECT_GT(tally.renamed_in, 0) << "no kill landed after a rename: the trials test nothing";
}

// On tmpfs fsync costs nothing: the kills land elsewhere in the write than on disk.
TEST(WriterCrash, KillDashNineAtRandomMomentsOnTmpfs) {
  if (!fs::is_directory("/dev/shm")) GTEST_SKIP() << "no /dev/shm (tmpfs) on this machine";
  const fs::path root = fs::path("/dev/shm") / ("rdha-kill-" + std::to_string(::getpid()));
  fs::create_directories(root);
  std::mt19937 random(20251206);
  const KillTally tally = kill_trials(root / "out", trials_from_environment(200), random);
  fs::remove_all(root);
  print("tmpfs", tally);
  EXPECT_GT(tally.interrupted, 0) << "no kill landed inside a write: the trials test nothing";
}

// Synths of four different configs started at once, round after round: each ends with
// exit 0 and the directory holds exactly one config's complete output.
TEST(WriterCrash, ConcurrentSynthsTakeTurns) {
  ScratchDir scratch("concurrent-synths");
  const fs::path out = scratch.path() / "out";
  constexpr int kWriters = 4, kRounds = 10;
  std::vector<Files> expected;
  std::vector<std::string> configs;
  for (int w = 0; w < kWriters; ++w) {
    configs.push_back((scratch.path() / ("c" + std::to_string(w) + ".json")).string());
    std::ofstream(configs.back()) << "{\"name_suffix\": \"-c" << w << "\"}";
    expected.push_back(rendered("-c" + std::to_string(w)));
  }
  add_foreign_files(out);
  const auto foreign = snapshot(out);
  std::vector<int> final_winner(kWriters, 0);
  for (int round = 0; round < kRounds; ++round) {
    std::vector<pid_t> pids;
    for (int w = 0; w < kWriters; ++w)
      pids.push_back(testing::spawn_cli({"synth", "--config", configs[w], "--out", out.string()}, scratch.path() / "log"));
    for (pid_t pid : pids) EXPECT_EQ(testing::wait_for(pid), 0) << read_file(scratch.path() / "log");
    const OutputState state = state_of(out);
    EXPECT_FALSE(state.sentinel);
    EXPECT_EQ(state.temporaries, 0u);
    const auto winner = std::find(expected.begin(), expected.end(), state.owned);
    ASSERT_NE(winner, expected.end()) << "round " << round << ": not one config's complete output";
    ++final_winner[winner - expected.begin()];
    EXPECT_EQ(state.manifest_files, names_of(state.owned));
  }
  EXPECT_EQ(differences(foreign, without(snapshot(out), {"database.tf.json", "main.tf.json", "monitoring.tf.json",
                                                          "network.tf.json", "outputs.tf.json", "providers.tf.json",
                                                          "recovery.tf.json", "security.tf.json", "versions.tf.json",
                                                          std::string(kManifestFileName)})),
            "");
  std::printf("[ writer  ] concurrent synths: %d rounds of %d at once (%d synths), all exit 0; each round ended with "
              "one config's complete output (last writer per config: %d/%d/%d/%d); violations: 0\n",
              kRounds, kWriters, kRounds * kWriters, final_winner[0], final_winner[1], final_winner[2],
              final_winner[3]);
}

// Another program works in the output directory during synths the way Terraform and
// editors do: it creates files, replaces its state file by renaming a new one over it,
// renames files and creates directories. Nothing of it is lost or rolled back.
TEST(WriterCrash, FilesAnotherProgramWritesMeanwhileSurvive) {
  ScratchDir scratch("foreign-writer");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out);
  const std::string config = (scratch.path() / "c.json").string();
  std::ofstream(config) << R"({"name_suffix": "-other"})";

  std::atomic<bool> stop{false};
  std::map<std::string, std::string> expected;  // written by the thread, read after join
  int created = 0, state_replacements = 0, renames = 0;
  std::thread other([&] {
    for (int i = 0; !stop; ++i) {
      const std::string name = "user-" + std::to_string(i) + ".txt";
      std::ofstream(out / name) << "content " << i;
      expected[name] = "content " + std::to_string(i);
      ++created;
      std::ofstream(out / "terraform.tfstate.tmp") << "{\"serial\": " << i << "}";
      fs::rename(out / "terraform.tfstate.tmp", out / "terraform.tfstate");
      expected["terraform.tfstate"] = "{\"serial\": " + std::to_string(i) + "}";
      ++state_replacements;
      if (i % 3 == 2) {
        const std::string earlier = "user-" + std::to_string(i - 1) + ".txt";
        fs::rename(out / earlier, out / (earlier + ".renamed"));
        expected[earlier + ".renamed"] = expected[earlier];
        expected.erase(earlier);
        ++renames;
      }
      if (i % 10 == 0) {
        fs::create_directories(out / ("dir-" + std::to_string(i)));
        std::ofstream(out / ("dir-" + std::to_string(i)) / "f") << i;
        expected["dir-" + std::to_string(i) + "/f"] = std::to_string(i);
        ++created;
      }
    }
  });
  constexpr int kSynths = 30;
  for (int s = 0; s < kSynths; ++s) {
    std::vector<std::string> arguments = {"synth", "--out", out.string()};
    if (s % 2 == 1) arguments.insert(arguments.begin() + 1, {"--config", config});
    EXPECT_EQ(testing::wait_for(testing::spawn_cli(arguments, scratch.path() / "log")), 0)
        << read_file(scratch.path() / "log");
  }
  stop = true;
  other.join();

  int lost = 0, rolled_back = 0;
  for (const auto& [name, text] : expected) {
    if (!fs::exists(out / name))
      ++lost;
    else if (read_file(out / name) != text)
      ++rolled_back;
  }
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(rolled_back, 0);
  for (const auto& [name, text] : rendered("-other")) EXPECT_EQ(read_file(out / name), text) << name;
  EXPECT_FALSE(fs::exists(out / kWriteInProgressFileName));
  std::printf("[ writer  ] concurrent writer: %d synths while another program created %d files, replaced its state "
              "file %d times by rename and renamed %d files; lost: %d, rolled back: %d\n",
              kSynths, created, state_replacements, renames, lost, rolled_back);
}

}  // namespace
}  // namespace rdha
