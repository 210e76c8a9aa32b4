// A small, known event stream made with the hypervisor's own encoder (EventStream and
// EventRing), for the decoder, session and CLI tests.
#pragma once

#include <cstdint>
#include <vector>

namespace gh::events::test {

using Bytes = std::vector<uint8_t>;

// Two vCPUs: hello, memory map, lifecycle, traps, a satp write, guest and shadow PT
// diffs, a mode change, gdb stop/resume, wfi, replies (vCPU state, a translation, a
// page-table dump), and vCPU 1 overflowing a small ring (3 events dropped, then a
// drop-count record).
Bytes sample_stream();

// The sample split into its frames (each with its 0x00 delimiter).
std::vector<Bytes> sample_frames();

// The sample damaged: it starts in the middle of a frame, one frame has a flipped byte,
// one of vCPU 0's frames is missing, and it ends inside a frame.
Bytes corrupted_sample_stream();

}  // namespace gh::events::test
