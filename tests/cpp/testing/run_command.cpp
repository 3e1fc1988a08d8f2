// Test helpers (testing/run_command.hpp).
#include "run_command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

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

}  // namespace rdha::testing
