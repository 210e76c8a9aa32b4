// Pipes: a bounded byte queue between a writing and a reading file descriptor.
#pragma once

#include <cstdint>

namespace pane {

struct File;
struct Pipe;

int pipe_create(File** read_end, File** write_end);  // 0, or -1 when out of resources
void pipe_close(Pipe* pipe, bool write_end);
int pipe_read(Pipe* pipe, uint64_t dst_va, int n);   // 0 at end of file
int pipe_write(Pipe* pipe, uint64_t src_va, int n);  // -1 once the reader is gone

}  // namespace pane
