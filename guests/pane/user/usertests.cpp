// usertests: pokes at the corners of Pane's contract with user programs. Every fault
// must kill only the faulting process (the kernel prints why); every bad pointer given
// to a system call must make it fail, not crash the kernel; memory must come back.
// Prints "ALL TESTS PASSED" and exits 0 when everything held.
#include "../include/pane/fs_format.hpp"
#include "pane.hpp"

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxVa = 1ull << 38;  // Pane's user address space ends below this
constexpr uint64_t kKernelBase = 0x8000'0000;

int failures = 0;
const char* current_test = "";

void fail(const char* what) {
  printf("usertests: %s FAILED: %s\n", current_test, what);
  failures++;
}

void expect(bool condition, const char* what) {
  if (!condition) fail(what);
}

// Runs body in a child; true if the child exited with `status`.
bool child_exits_with(void (*body)(), int expected) {
  int pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    body();
    exit(0);
  }
  int status = 12345;
  return wait(&status) == pid && status == expected;
}

template <typename T>
T* at(uint64_t address) {
  return reinterpret_cast<T*>(address);
}

// ---- faults kill the process, and only it

uint64_t fault_address;

void read_fault_address() { (void)*at<volatile char>(fault_address); }
void write_fault_address() { *at<volatile char>(fault_address) = 1; }

void expect_fault_kills(uint64_t address) {
  fault_address = address;
  expect(child_exits_with(read_fault_address, -1), "a bad load did not kill the process");
  expect(child_exits_with(write_fault_address, -1), "a bad store did not kill the process");
}

void kernel_memory() {
  expect_fault_kills(kKernelBase);            // kernel text
  expect_fault_kills(kKernelBase + 0x10000);  // kernel data
  expect_fault_kills(0x1000'0000);            // the UART
  expect_fault_kills(0x0c00'0000);            // the PLIC
}

void top_of_address_space() {
  expect_fault_kills(kMaxVa - 2 * kPage);  // the trapframe: kernel only
  expect_fault_kills(kMaxVa - kPage);      // the trampoline: kernel only
  expect_fault_kills(kMaxVa - 1);
  expect_fault_kills(kMaxVa);  // not a valid Sv39 address
  expect_fault_kills(kMaxVa * 2);
  expect_fault_kills(0xffff'ffc0'0000'0000);  // the upper half of Sv39
  expect_fault_kills(0xffff'ffff'ffff'fff0);
}

void write_own_text() { *reinterpret_cast<volatile char*>(&write_own_text) = 0; }

void read_only_text() {
  expect(child_exits_with(write_own_text, -1), "writing program text did not kill");
}

void touch_guard_page() {
  char local;
  uint64_t top_stack_page = reinterpret_cast<uint64_t>(&local) & ~(kPage - 1);
  // Two stack pages (the top one holds this frame), then the guard page.
  (void)*at<volatile char>(top_stack_page - 2 * kPage + 8);
}

void stack_guard_page() { expect(child_exits_with(touch_guard_page, -1), "guard page readable"); }

void privileged_csr() {
  uint64_t value;
  asm volatile("csrr %0, sstatus" : "=r"(value));
}
void privileged_satp() { asm volatile("csrw satp, zero"); }
void privileged_sret() { asm volatile("sret"); }
void unimplemented() { asm volatile("unimp"); }

void illegal_instructions() {
  expect(child_exits_with(privileged_csr, -1), "reading sstatus did not kill");
  expect(child_exits_with(privileged_satp, -1), "writing satp did not kill");
  expect(child_exits_with(privileged_sret, -1), "sret did not kill");
  expect(child_exits_with(unimplemented, -1), "unimp did not kill");
}

// ---- bad pointers make system calls fail

long raw_syscall(long number, long argument) {
  register long a0 asm("a0") = argument;
  register long a7 asm("a7") = number;
  asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

const uint64_t kBadPointers[] = {kKernelBase, 0x1000'0000, kMaxVa - kPage,       kMaxVa - 2 * kPage,
                                 kMaxVa - 1,  kMaxVa,      0xffff'ffff'ffff'f000};

void bad_pointers_to_io() {
  int fd = open("README", O_READ);
  expect(fd >= 0, "cannot open README");
  for (uint64_t bad : kBadPointers) {
    expect(write(kStdout, at<char>(bad), 8) == -1, "write from a bad pointer");
    expect(read(fd, at<char>(bad), 8) == -1, "read into a bad pointer");
    expect(open(at<char>(bad), O_READ) == -1, "open with a bad path");
    expect(pipe(at<int>(bad)) == -1, "pipe into a bad pointer");
    expect(fstat(fd, at<pane::FileStatus>(bad)) == -1, "fstat into a bad pointer");
    expect(unlink(at<char>(bad)) == -1, "unlink with a bad path");
  }
  expect(read(fd, reinterpret_cast<void*>(&bad_pointers_to_io), 8) == -1, "read into text");
  expect(pipe(reinterpret_cast<int*>(&bad_pointers_to_io)) == -1, "pipe into text");
  char* end = sbrk(0);
  expect(read(fd, end - 4, 8) != 8, "read across the end of memory");
  close(fd);
  int again = open("README", O_READ);  // failed calls leaked no descriptors
  expect(again == fd, "a failed call leaked a file descriptor");
  close(again);
}

void bad_pointers_to_exec() {
  const char* good[] = {"echo", nullptr};
  const char* bad_string[] = {"echo", at<const char>(kKernelBase), nullptr};
  for (uint64_t bad : kBadPointers) {
    expect(exec(at<char>(bad), good) == -1, "exec with a bad path");
    expect(exec("/echo", at<const char* const>(bad)) == -1, "exec with a bad argv");
  }
  expect(exec("/echo", bad_string) == -1, "exec with a bad argument string");
  expect(exec("/no-such-program", good) == -1, "exec of a missing file");
  expect(exec("/README", good) == -1, "exec of a text file");
}

void exit_seven() { exit(7); }

void bad_pointer_to_wait() {
  int pid = fork();
  if (pid == 0) exit(7);
  expect(wait(at<int>(kKernelBase)) == -1, "wait into kernel memory");
  int status = 0;
  expect(wait(&status) == pid && status == 7, "the child was lost after a failed wait");
  expect(wait(nullptr) == -1, "wait without children");
}

void unknown_system_call() {
  expect(raw_syscall(999, 0) == -1, "system call 999 did not fail");
  expect(raw_syscall(-1, 0) == -1, "system call -1 did not fail");
  expect(raw_syscall(0, 0) == -1, "system call 0 did not fail");
}

// ---- memory

void touch_freed() { (void)*at<volatile char>(reinterpret_cast<uint64_t>(sbrk(0)) + 100); }

void grow_and_shrink() {
  char* start = sbrk(10 * kPage);
  expect(start != reinterpret_cast<char*>(-1), "sbrk(40 KiB) failed");
  for (uint64_t i = 0; i < 10 * kPage; i += 512) start[i] = static_cast<char>(i);
  expect(start[512] == static_cast<char>(512), "heap memory lost a value");
  expect(sbrk(-10 * static_cast<long>(kPage)) == start + 10 * kPage, "shrinking failed");
  expect(child_exits_with(touch_freed, -1), "freed heap still accessible");
  expect(sbrk(1L << 40) == reinterpret_cast<char*>(-1), "sbrk(1 TiB) succeeded");
  expect(sbrk(-(1L << 40)) == reinterpret_cast<char*>(-1), "sbrk(-1 TiB) succeeded");
}

void exhaust_memory() {
  long megabytes = 0;
  char* last = nullptr;
  for (;;) {
    char* more = sbrk(1 << 20);
    if (more == reinterpret_cast<char*>(-1)) break;
    last = more;
    megabytes++;
  }
  if (last != nullptr) last[(1 << 20) - 1] = 1;  // the last block really is there
  exit(megabytes >= 32 ? 0 : 1);                 // we had 128 MiB to begin with
}

void out_of_memory() {
  long before = freemem();
  expect(child_exits_with(exhaust_memory, 0), "could not allocate 32 MiB before running out");
  expect(freemem() == before, "memory not returned after the child exited");
  expect(child_exits_with(exit_seven, 7), "fork failed after running out of memory");
}

// ---- processes

void many_processes() {
  long before = freemem();
  int children = 0;
  for (;;) {
    int pid = fork();
    if (pid == 0) exit(0);
    if (pid < 0) break;
    children++;
  }
  expect(children >= 20, "could not fork 20 processes");
  expect(children < 1000, "fork never failed");
  for (int i = 0; i < children; i++) expect(wait(nullptr) > 0, "a child went missing");
  expect(wait(nullptr) == -1, "wait returned an extra child");
  expect(freemem() == before, "memory not returned after the children exited");
}

volatile long spins;

void spin_forever() {
  for (;;) spins = spins + 1;
}

// Four children spin on three harts: only preemption lets the parent run again.
void preemption() {
  int pids[4];
  for (int& pid : pids) {
    pid = fork();
    if (pid == 0) spin_forever();
  }
  long start = uptime();
  expect(sleep(5) == 0, "sleep failed");
  expect(uptime() - start >= 5, "sleep returned early");
  for (int pid : pids) expect(kill(pid) == 0, "kill failed");
  for (int i = 0; i < 4; i++) {
    int status = 0;
    expect(wait(&status) > 0 && status == -1, "a killed child did not exit with -1");
  }
}

// Spins for a while and exits with a bit mask of the harts it ran on.
void report_harts() {
  int seen = 0;
  long until = uptime() + 30;
  while (uptime() < until) seen |= 1 << hartid();
  exit(seen);
}

void several_harts() {
  for (int i = 0; i < 6; i++) {
    if (fork() == 0) report_harts();
  }
  int all = 0;
  for (int i = 0; i < 6; i++) {
    int status = 0;
    wait(&status);
    all |= status;
  }
  int harts = 0;
  for (int bit = 0; bit < 8; bit++) harts += (all >> bit) & 1;
  // (The count itself varies from run to run, so it is not printed.)
  expect(harts >= 2, "all children ran on one hart");
}

void sleep_long() { sleep(100000); }

void kill_sleeper() {
  int pid = fork();
  if (pid == 0) sleep_long();
  sleep(2);
  expect(kill(pid) == 0, "kill failed");
  int status = 0;
  expect(wait(&status) == pid && status == -1, "a killed sleeper did not exit with -1");
  expect(kill(99999) == -1, "killing a missing pid succeeded");
  expect(kill(1) == -1, "killing init succeeded");
}

void pipes() {
  int fds[2];
  expect(pipe(fds) == 0, "pipe failed");
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    char block[100];
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < 100; j++) block[j] = static_cast<char>(i + j);
      write(fds[1], block, sizeof block);
    }
    exit(0);
  }
  close(fds[1]);
  long total = 0;
  bool intact = true;
  char buffer[64];
  int n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
    for (int k = 0; k < n; k++, total++) {
      intact = intact && buffer[k] == static_cast<char>(total / 100 + total % 100);
    }
  }
  close(fds[0]);
  expect(total == 10000, "lost bytes in the pipe");
  expect(intact, "bytes changed in the pipe");
  expect(wait(nullptr) == pid, "the writer went missing");
}

void run_programs() {
  const char* echo[] = {"echo", "exec", "works", nullptr};
  expect(run(echo) == 0, "echo did not exit 0");
  const char* missing[] = {"no-such-program", nullptr};
  expect(run(missing) == 127, "a missing program did not give 127");
}

// ---- files

// Writes, reads back and removes a file of `size` bytes filled from `seed`.
bool file_round_trip(const char* name, int size, int seed) {
  int fd = open(name, O_WRITE | O_CREATE | O_TRUNCATE);
  if (fd < 0) return false;
  char block[256];
  for (int done = 0; done < size; done += sizeof block) {
    for (int i = 0; i < static_cast<int>(sizeof block); i++)
      block[i] = static_cast<char>(seed + done + i);
    if (write(fd, block, sizeof block) != sizeof block) return false;
  }
  close(fd);
  fd = open(name, O_READ);
  pane::FileStatus status{};
  if (fd < 0 || fstat(fd, &status) < 0 || status.size != static_cast<uint64_t>(size)) return false;
  for (int done = 0; done < size; done += sizeof block) {
    if (read(fd, block, sizeof block) != sizeof block) return false;
    for (int i = 0; i < static_cast<int>(sizeof block); i++) {
      if (block[i] != static_cast<char>(seed + done + i)) return false;
    }
  }
  bool at_end = read(fd, block, 1) == 0;
  close(fd);
  return at_end && unlink(name) == 0 && open(name, O_READ) == -1;
}

void files() {
  expect(file_round_trip("ut-small", 512, 1), "a small file did not survive");
  expect(file_round_trip("ut-large", 40 * 1024, 2),
         "a 40 KiB file (indirect block) did not survive");
  expect(open("/", O_WRITE) == -1, "the directory opened for writing");
  expect(open("a/b", O_CREATE | O_WRITE) == -1, "a path with a subdirectory was created");
  expect(open("a-name-much-too-long-for-panefs", O_CREATE | O_WRITE) == -1, "a long name");
  expect(unlink("/") == -1, "unlinking the root succeeded");
}

void write_own_file() {
  char name[] = "ut-hart-x";
  name[8] = static_cast<char>('a' + getpid() % 26);
  exit(file_round_trip(name, 8 * 1024, getpid()) ? 0 : 1);
}

void files_in_parallel() {
  for (int i = 0; i < 3; i++) {
    if (fork() == 0) write_own_file();
  }
  for (int i = 0; i < 3; i++) {
    int status = 1;
    wait(&status);
    expect(status == 0, "a file written in parallel did not survive");
  }
}

struct Test {
  const char* name;
  void (*run)();
};

const Test kTests[] = {
    {"kernel_memory", kernel_memory},
    {"top_of_address_space", top_of_address_space},
    {"read_only_text", read_only_text},
    {"stack_guard_page", stack_guard_page},
    {"illegal_instructions", illegal_instructions},
    {"bad_pointers_to_io", bad_pointers_to_io},
    {"bad_pointers_to_exec", bad_pointers_to_exec},
    {"bad_pointer_to_wait", bad_pointer_to_wait},
    {"unknown_system_call", unknown_system_call},
    {"grow_and_shrink", grow_and_shrink},
    {"out_of_memory", out_of_memory},
    {"many_processes", many_processes},
    {"preemption", preemption},
    {"several_harts", several_harts},
    {"kill_sleeper", kill_sleeper},
    {"pipes", pipes},
    {"run_programs", run_programs},
    {"files", files},
    {"files_in_parallel", files_in_parallel},
};

}  // namespace

int main(int argc, char** argv) {
  for (const Test& test : kTests) {
    if (argc > 1 && strcmp(argv[1], test.name) != 0) continue;  // usertests NAME: one test
    current_test = test.name;
    int before = failures;
    printf("usertests: %s\n", test.name);
    test.run();
    if (failures == before) printf("usertests: %s ok\n", test.name);
  }
  if (failures > 0) {
    printf("usertests: %d FAILURES\n", failures);
    return 1;
  }
  printf("ALL TESTS PASSED\n");
  return 0;
}
