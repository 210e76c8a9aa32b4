// exec(): replace the calling process's memory with a program from the file system.
//
// The new address space is built completely before the old one is dropped, so a
// failing exec() returns -1 to a process that is still intact. Layout:
//   [loaded segments][guard page][stack, kUserStackPages pages] <- sp; heap above.
#include "../common/string.hpp"
#include "elf.hpp"
#include "filesystem.hpp"
#include "memory_layout.hpp"
#include "process.hpp"

namespace pane {
namespace {

constexpr int kMaxArguments = 32;

MemoryRef kernel_memory(void* pointer) {
  return MemoryRef{nullptr, reinterpret_cast<uint64_t>(pointer), false};
}

Pte segment_permissions(uint32_t flags) {
  Pte permissions = 0;
  if (flags & elf::kReadable) permissions |= kPteRead;
  if (flags & elf::kWritable) permissions |= kPteWrite;
  if (flags & elf::kExecutable) permissions |= kPteExecute;
  return permissions;
}

// Maps and fills one loadable segment, growing `size` to cover it.
bool load_segment(PageTable table, uint64_t& size, uint32_t inum,
                  const elf::ProgramHeader& segment) {
  uint64_t start = segment.virtual_address;
  uint64_t end = start + segment.memory_size;
  if (segment.memory_size < segment.file_size || end < start || start % kPageSize != 0 ||
      start < size) {
    return false;
  }
  // Segments are page-aligned (user.ld) and ascending, so growing to `end` maps them.
  uint64_t grown = user_space_grow(table, size, end, segment_permissions(segment.flags));
  if (grown == 0) return false;
  size = grown;
  MemoryRef destination{table, start, true};
  return fs_read(inum, destination, segment.offset, segment.file_size) ==
         static_cast<int>(segment.file_size);
}

bool load_program(PageTable table, uint64_t& size, uint32_t inum, const elf::FileHeader& header) {
  for (uint16_t i = 0; i < header.program_header_count; i++) {
    elf::ProgramHeader segment;
    uint64_t at = header.program_header_offset + i * sizeof segment;
    if (fs_read(inum, kernel_memory(&segment), at, sizeof segment) != sizeof segment) {
      return false;
    }
    if (segment.type != elf::kLoadSegment || segment.memory_size == 0) continue;
    if (!load_segment(table, size, inum, segment)) return false;
  }
  return size != 0;
}

// Copies the argument strings and the argv array onto the new stack. Returns the new
// stack pointer (16-byte aligned, pointing at argv[0]), or 0 if they do not fit.
uint64_t push_arguments(PageTable table, uint64_t sp, uint64_t stack_bottom,
                        const char* const* argv, int argc) {
  uint64_t pointers[kMaxArguments + 1];
  for (int i = 0; i < argc; i++) {
    uint64_t length = strlen(argv[i]) + 1;
    sp = (sp - length) & ~15ull;
    if (sp < stack_bottom || !copy_out(table, sp, argv[i], length)) return 0;
    pointers[i] = sp;
  }
  pointers[argc] = 0;
  uint64_t array_size = (argc + 1) * sizeof(uint64_t);
  sp = (sp - array_size) & ~15ull;
  if (sp < stack_bottom || !copy_out(table, sp, pointers, array_size)) return 0;
  return sp;
}

const char* last_component(const char* path) {
  const char* name = path;
  for (const char* c = path; *c; c++) {
    if (*c == '/') name = c + 1;
  }
  return name;
}

}  // namespace

int exec(const char* path, const char* const* argv) {
  int argc = 0;
  while (argv[argc] != nullptr) {
    if (++argc > kMaxArguments) return -1;
  }
  int inum = fs_open(path, 0);
  elf::FileHeader header;
  if (inum < 0 || fs_read(inum, kernel_memory(&header), 0, sizeof header) != sizeof header ||
      header.magic != elf::kMagic) {
    return -1;
  }
  Process* p = current_process();
  PageTable table = user_space_create(reinterpret_cast<uint64_t>(p->trapframe));
  if (table == nullptr) return -1;

  uint64_t size = 0;
  bool ok = load_program(table, size, inum, header);
  uint64_t stack_bottom = page_round_up(size) + kPageSize;  // above the guard page
  uint64_t sp = 0;
  if (ok) {
    uint64_t grown = user_space_grow(table, size, stack_bottom + kUserStackPages * kPageSize,
                                     kPteRead | kPteWrite);
    ok = grown != 0;
    if (ok) size = grown;
  }
  if (ok) {
    user_space_forbid(table, stack_bottom - kPageSize);
    sp = push_arguments(table, size, stack_bottom, argv, argc);
    ok = sp != 0;
  }
  if (!ok) {
    user_space_free(table, size);
    return -1;
  }

  // Commit: from here on exec() cannot fail.
  strlcpy_pane(p->name, last_component(path), sizeof p->name);
  PageTable old_table = p->page_table;
  uint64_t old_size = p->size;
  p->page_table = table;
  p->size = size;
  p->trapframe->user_pc = header.entry;
  p->trapframe->x[kRegSp] = sp;
  p->trapframe->x[kRegA0] = argc;  // main(argc, argv)
  p->trapframe->x[kRegA1] = sp;
  user_space_free(old_table, old_size);
  return argc;  // the system call's result lands in a0 as well
}

}  // namespace pane
