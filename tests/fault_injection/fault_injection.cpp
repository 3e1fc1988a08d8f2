// A library the tests preload (LD_PRELOAD) into the `rdha` CLI or Python to make one call
// fail, which stops the output writer at an exact step or throws where no rdha code does:
//   RDHA_FAIL_RENAMEAT=N  the N-th renameat() fails with EIO (a failure half-way: the
//                         first rename is the pending manifest, then the files in order)
//   RDHA_FAIL_FSYNC=N     the N-th flush, fsync() or fdatasync(), fails with EIO (the
//                         first ones are the files' flushes, before any rename)
//   RDHA_FAIL_NEW=N       the N-th operator new throws what RDHA_FAIL_NEW_THROWS names:
//                         "bad_alloc" (default), "runtime_error" or "int"
// rdha_fault_arm_new(kind), called in process (Python's ctypes), makes the next operator
// new throw @p kind.
#include <dlfcn.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

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

namespace {
std::atomic<int> flush_calls{0};  // fsync and fdatasync: RDHA_FAIL_FSYNC counts both
}  // namespace

extern "C" int fsync(int fd) {
  if (fails_now("RDHA_FAIL_FSYNC", flush_calls)) {
    errno = EIO;
    return -1;
  }
  static const auto next = real<int (*)(int)>("fsync");
  return next(fd);
}

extern "C" int fdatasync(int fd) {
  if (fails_now("RDHA_FAIL_FSYNC", flush_calls)) {
    errno = EIO;
    return -1;
  }
  static const auto next = real<int (*)(int)>("fdatasync");
  return next(fd);
}

namespace {

std::atomic<long> new_calls{0};
std::atomic<long> new_fails_at{-1};  // the call number that throws; -1: none
const char* new_throws = "bad_alloc";

[[noreturn]] void throw_kind(const char* kind) {
  if (std::strcmp(kind, "runtime_error") == 0) throw std::runtime_error("injected by the tests' fault library");
  if (std::strcmp(kind, "int") == 0) throw 42;
  throw std::bad_alloc();
}

}  // namespace

extern "C" void rdha_fault_arm_new(const char* kind) {
  new_throws = kind;
  new_fails_at = new_calls + 1;
}

// The next operator new in line (the C++ runtime's, or a sanitizer's) does the
// allocating, so operator delete stays whatever pairs with it.
void* operator new(std::size_t size) {
  static const bool from_environment = [] {
    if (const char* at = std::getenv("RDHA_FAIL_NEW")) {
      new_fails_at = std::atol(at);
      if (const char* kind = std::getenv("RDHA_FAIL_NEW_THROWS")) new_throws = kind;
    }
    return true;
  }();
  static_cast<void>(from_environment);
  if (++new_calls == new_fails_at) throw_kind(new_throws);
  static const auto next = real<void* (*)(std::size_t)>("_Znwm");
  return next(size);
}
