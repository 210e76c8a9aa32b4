// GdbStub: one debugging session of the GDB remote serial protocol over a byte stream.
//
//   GdbStub stub(target, sink);
//   stub.feed(bytes_from_gdb);          // replies go to sink
//   stub.report_stop(event);            // when the target stops after resume/interrupt
//
// No heap, no libc: every buffer is a member. Not thread-safe: call feed() and
// report_stop() from one context (report_stop may be called from inside Target::resume).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "gdbstub/byte_sink.hpp"
#include "gdbstub/limits.hpp"
#include "gdbstub/packet_framer.hpp"
#include "gdbstub/packet_reader.hpp"
#include "gdbstub/reply_builder.hpp"
#include "gdbstub/stop_queue.hpp"
#include "gdbstub/target.hpp"

namespace gh::gdbstub {

class GdbStub {
 public:
  GdbStub(Target& target, ByteSink& sink);

  void feed(uint8_t byte);
  void feed(std::span<const uint8_t> bytes);

  // The target stopped a thread (after resume, interrupt or on its own).
  void report_stop(const StopEvent& event);

  // A new connection: acknowledgements on, all-stop, no pending notification.
  void reset_session();

  // Tell the stub the guest is already running (before gdb attaches): the first `?`
  // then interrupts it.
  void set_running() { mark_all_running(); }

  bool ack_mode() const { return ack_mode_; }
  bool non_stop() const { return non_stop_; }
  bool waiting_for_stop() const { return awaiting_stop_reply_; }

 private:
  enum class Answer : uint8_t { reply, no_reply };
  struct ThreadState {
    bool running = false;
    bool has_stop = false;
    StopEvent last_stop{};
  };

  // Framing and transmission (gdb_stub.cpp).
  void on_frame_event(FrameEvent event);
  void handle_packet(std::span<const uint8_t> payload);
  Answer dispatch(PacketReader& packet);
  void send_reply();
  void transmit(std::span<const uint8_t> framed);
  size_t frame_in_place(std::span<uint8_t> buffer, size_t payload_length, char start);
  Answer error(uint8_t code);
  Answer ok();

  // Session (session_packets.cpp): ?, D, k, vKill, QStartNoAckMode, QNonStop.
  Answer handle_stop_status();
  Answer handle_detach();
  Answer handle_kill();
  Answer handle_start_no_ack(PacketReader& packet);
  Answer handle_non_stop(PacketReader& packet);

  // Queries (query_packets.cpp): qSupported, qAttached, qC, qfThreadInfo, qsThreadInfo,
  // qThreadExtraInfo, qRcmd, qXfer.
  Answer handle_query(PacketReader& packet);
  Answer handle_set(PacketReader& packet);
  Answer handle_supported(PacketReader& packet);
  Answer handle_thread_list();
  Answer handle_thread_extra_info(PacketReader& packet);
  Answer handle_monitor(PacketReader& packet);

  // qXfer (xfer_packets.cpp).
  Answer handle_xfer(PacketReader& packet);

  // Registers (register_packets.cpp): g, G, p, P.
  Answer handle_read_all_registers();
  Answer handle_write_all_registers(PacketReader& packet);
  Answer handle_read_register(PacketReader& packet);
  Answer handle_write_register(PacketReader& packet);
  bool put_register(unsigned regnum);  // false if the target failed

  // Memory (memory_packets.cpp): m, M, X.
  Answer handle_read_memory(PacketReader& packet);
  Answer handle_write_memory_hex(PacketReader& packet);
  Answer handle_write_memory_binary(PacketReader& packet);

  // Threads (thread_packets.cpp): H, T.
  Answer handle_set_thread(PacketReader& packet);
  Answer handle_thread_alive(PacketReader& packet);
  ThreadId general_thread();
  bool valid_thread(ThreadId thread);

  // Resumption (resume_packets.cpp): c, C, s, S, vCont, vCont?, vCtrlC.
  Answer handle_legacy_resume(PacketReader& packet, ResumeKind kind, bool with_signal);
  Answer handle_v_packet(PacketReader& packet);
  Answer handle_vcont(PacketReader& packet);
  Answer start_resume();
  bool parse_vcont_action(PacketReader& packet);
  void on_interrupt();

  // Breakpoints (breakpoint_packets.cpp): Z0-Z4, z0-z4.
  Answer handle_breakpoint(PacketReader& packet, bool insert);

  // Stop replies and non-stop notifications (stop_reply.cpp).
  void put_stop_reply(ReplyBuilder& out, const StopEvent& event);
  void deliver_stops();
  void deliver_all_stop();
  void deliver_non_stop();
  void record_stop(const StopEvent& event);
  void mark_all_running();
  Answer handle_vstopped();
  Answer report_stopped_threads();
  void release_deferred_stops(std::span<const uint8_t> packet);

  Target& target_;
  ByteSink& sink_;
  PacketFramer framer_;

  bool ack_mode_ = true;
  bool non_stop_ = false;
  bool gdb_reports_swbreak_ = false;
  bool gdb_reports_hwbreak_ = false;
  bool handling_packet_ = false;
  bool awaiting_stop_reply_ = false;     // all-stop: gdb waits for a stop reply
  bool notification_in_flight_ = false;  // non-stop: %Stop sent, vStopped sequence open
  size_t thread_list_cursor_ = 0;

  ThreadSelector general_selector_{};
  ThreadSelector continue_selector_{};
  ThreadId last_stopped_thread_ = 1;
  std::array<ThreadState, kMaxThreads> threads_{};
  std::array<ResumeAction, kMaxThreads> resume_actions_{};
  std::array<bool, kMaxThreads> assigned_{};  // vCont: thread already has an action
  StopQueue pending_stops_;
  StopQueue deferred_stops_;  // non-stop: threads found stopped at `?`, reported later

  // The last packet sent, framed ($...#cs), kept for retransmission on '-'.
  std::array<uint8_t, kMaxPayload + 4> transmit_buffer_{};
  size_t transmit_length_ = 0;
  ReplyBuilder reply_{std::span<uint8_t>(transmit_buffer_).subspan(1, kMaxPayload)};
  // Notifications (%Stop) and console output (O packets) have their own buffer so the
  // last reply stays available for retransmission.
  std::array<uint8_t, 2 * kMaxText + 8> side_buffer_{};

  friend class MonitorOutput;
};

}  // namespace gh::gdbstub
