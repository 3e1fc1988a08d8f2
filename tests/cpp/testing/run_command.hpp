// Test helpers: run a command and capture what it printed, and scratch directories.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rdha::testing {

/// @brief Exit code and captured stdout / stderr of a finished command.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// @brief Runs @p command through /bin/sh, capturing stdout and stderr separately.
CommandResult run_command(const std::string& command);

/// @brief Runs the built `rdha` CLI with @p arguments (already shell-quoted).
CommandResult run_cli(const std::string& arguments);

/// @brief Starts the built `rdha` CLI with @p arguments (not through a shell), its stdout
///        and stderr appended to @p log and @p environment ("NAME=value") added to its own;
///        returns its process id for wait_for().
pid_t spawn_cli(const std::vector<std::string>& arguments, const std::filesystem::path& log,
                const std::vector<std::string>& environment = {});

/// @brief spawn_cli for another build of the CLI, @p program (e.g. RDHA_CLI_SHARED_RUNTIME_PATH).
pid_t spawn_program(const std::string& program, const std::vector<std::string>& arguments,
                    const std::filesystem::path& log, const std::vector<std::string>& environment = {});

/// @brief The environment ("NAME=value") that preloads the tests' fault library
///        (tests/fault_injection/) into a started program and sets @p variable to @p value,
///        e.g. ("RDHA_FAIL_FSYNC", "2"): the program's second fsync fails.
std::vector<std::string> fault_injection(const std::string& variable, const std::string& value);

/// @brief Waits for @p pid: its exit code, or minus the signal that killed it.
int wait_for(pid_t pid);

/// @brief A fresh empty directory, removed when the object goes out of scope.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& label);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// @brief The whole content of a file.
std::string read_file(const std::filesystem::path& path);

}  // namespace rdha::testing
