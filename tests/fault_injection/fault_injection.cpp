// A library the tests preload (LD_PRELOAD) into the `rdha` CLI to make one system call
// fail, which stops the output writer at an exact step:
//   RDHA_FAIL_RENAMEAT=N  the N-th renameat() fails with EIO (a failure half-way: the
//                         first rename is the pending manifest, then the files in order)
//   RDHA_FAIL_FSYNC=N     the N-th fsync() fails with EIO (a failure before any rename)
#include <dlfcn.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace {

bool fails_now(const char* variable, std::atomic<int>& calls) {
  const char* chosen = std::getenv(variable);
  return chosen != nullptr && ++calls == std::atoi(chosen);
}

template <class Function>
Function real(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" int renameat(int old_directory, const char* old_path, int new_directory, const char* new_path) {
  static std::atomic<int> calls{0};
  if (fails_now("RDHA_FAIL_RENAMEAT", calls)) {
    errno = EIO;
    return -1;
  }
  static const auto next = real<int (*)(int, const char*, int, const char*)>("renameat");
  return next(old_directory, old_path, new_directory, new_path);
}

extern "C" int fsync(int fd) {
  static std::atomic<int> calls{0};
  if (fails_now("RDHA_FAIL_FSYNC", calls)) {
    errno = EIO;
    return -1;
  }
  static const auto next = real<int (*)(int)>("fsync");
  return next(fd);
}
