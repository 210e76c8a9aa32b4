#include "pipe.hpp"

#include "file.hpp"
#include "page_allocator.hpp"
#include "process.hpp"
#include "spinlock.hpp"

namespace pane {

constexpr uint64_t kPipeSize = 512;

struct Pipe {
  Spinlock lock;
  char data[kPipeSize];
  uint64_t bytes_read;     // total ever read
  uint64_t bytes_written;  // total ever written
  bool read_open;
  bool write_open;
};
static_assert(sizeof(Pipe) <= 4096, "a pipe lives in one page");

int pipe_create(File** read_end, File** write_end) {
  auto* pipe = static_cast<Pipe*>(allocate_page());  // zeroed: counts 0, lock free
  File* reader = file_allocate();
  File* writer = file_allocate();
  if (pipe == nullptr || reader == nullptr || writer == nullptr) {
    if (pipe != nullptr) free_page(pipe);
    if (reader != nullptr) file_close(reader);
    if (writer != nullptr) file_close(writer);
    return -1;
  }
  pipe->lock.name = "pipe";
  pipe->read_open = pipe->write_open = true;
  reader->type = writer->type = FileType::kPipe;
  reader->pipe = writer->pipe = pipe;
  reader->readable = true;
  writer->writable = true;
  *read_end = reader;
  *write_end = writer;
  return 0;
}

void pipe_close(Pipe* pipe, bool write_end) {
  acquire(pipe->lock);
  if (write_end) {
    pipe->write_open = false;
    wakeup(&pipe->bytes_read);  // readers see end of file
  } else {
    pipe->read_open = false;
    wakeup(&pipe->bytes_written);  // writers see the broken pipe
  }
  bool unused = !pipe->read_open && !pipe->write_open;
  release(pipe->lock);
  if (unused) free_page(pipe);
}

int pipe_write(Pipe* pipe, uint64_t src_va, int n) {
  Process* p = current_process();
  int done = 0;
  acquire(pipe->lock);
  while (done < n) {
    if (!pipe->read_open || is_killed(p)) {
      release(pipe->lock);
      return -1;
    }
    if (pipe->bytes_written - pipe->bytes_read == kPipeSize) {
      wakeup(&pipe->bytes_read);
      sleep(&pipe->bytes_written, pipe->lock);
      continue;
    }
    char c;
    if (!copy_in(p->page_table, &c, src_va + done, 1)) break;
    pipe->data[pipe->bytes_written++ % kPipeSize] = c;
    done++;
  }
  wakeup(&pipe->bytes_read);
  release(pipe->lock);
  return (done == 0 && n > 0) ? -1 : done;  // -1 only for a bad first byte
}

int pipe_read(Pipe* pipe, uint64_t dst_va, int n) {
  Process* p = current_process();
  acquire(pipe->lock);
  while (pipe->bytes_read == pipe->bytes_written && pipe->write_open) {
    if (is_killed(p)) {
      release(pipe->lock);
      return -1;
    }
    sleep(&pipe->bytes_read, pipe->lock);
  }
  int done = 0;
  while (done < n && pipe->bytes_read != pipe->bytes_written) {
    char c = pipe->data[pipe->bytes_read % kPipeSize];
    if (!copy_out(p->page_table, dst_va + done, &c, 1)) {
      if (done == 0) done = -1;
      break;
    }
    pipe->bytes_read++;
    done++;
  }
  wakeup(&pipe->bytes_written);
  release(pipe->lock);
  return done;
}

}  // namespace pane
