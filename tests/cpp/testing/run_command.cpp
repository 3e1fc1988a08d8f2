// Test helpers (testing/run_command.hpp).
#include "run_command.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace fs = std::filesystem;

namespace rdha::testing {

ScratchDir::ScratchDir(const std::string& label) {
  std::random_device device;
  path_ = fs::temp_directory_path() /
          ("rdha-test-" + label + "-" + std::to_string(::getpid()) + "-" + std::to_string(device()));
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandResult run_command(const std::string& command) {
  ScratchDir scratch("cmd");
  const fs::path out = scratch.path() / "out";
  const fs::path err = scratch.path() / "err";
  const std::string full = command + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

CommandResult run_cli(const std::string& arguments) {
  return run_command(std::string(RDHA_CLI_PATH) + " " + arguments);
}

pid_t spawn_cli(const std::vector<std::string>& arguments, const fs::path& log,
                const std::vector<std::string>& environment) {
  return spawn_program(RDHA_CLI_PATH, arguments, log, environment);
}

pid_t spawn_program(const std::string& program, const std::vector<std::string>& arguments, const fs::path& log,
                    const std::vector<std::string>& environment) {
  std::vector<std::string> argv_storage = {program};
  argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argv_storage) argv.push_back(argument.data());
  argv.push_back(nullptr);
  // The given variables replace inherited ones of the same name: with two entries the
  // child would read the first, the inherited one (e.g. a sanitizer's ASAN_OPTIONS).
  const auto overridden = [&](std::string_view entry) {
    const std::string_view name = entry.substr(0, entry.find('='));
    return std::any_of(environment.begin(), environment.end(), [&](const std::string& given) {
      return std::string_view(given).substr(0, given.find('=')) == name;
    });
  };
  std::vector<std::string> env_storage;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (!overridden(*entry)) env_storage.emplace_back(*entry);
  env_storage.insert(env_storage.end(), environment.begin(), environment.end());
  std::vector<char*> envp;
  for (auto& entry : env_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + argv_storage.front());
  return pid;
}

std::vector<std::string> fault_injection(const std::string& variable, const std::string& value) {
  // The preloaded library may come before a sanitizer's runtime in the load order.
  std::string asan = "verify_asan_link_order=0";
  if (const char* options = std::getenv("ASAN_OPTIONS")) asan = std::string(options) + ":" + asan;
  return {"LD_PRELOAD=" RDHA_FAULT_INJECTION_PATH, variable + "=" + value, "ASAN_OPTIONS=" + asan};
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace rdha::testing
