// Host -> hypervisor commands in the stream's own framing, numbered per vCPU.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "events/frame_codec.hpp"
#include "events/wire_format.hpp"

namespace gh::model {

class CommandEncoder {
 public:
  uint32_t next_request_id() { return next_request_id_++; }

  // The encoded frame (delimiter included) for `command` aimed at `vcpu`.
  template <events::WireRecord Command>
  std::vector<uint8_t> encode(const Command& command, uint16_t vcpu = events::all_vcpus) {
    static_assert(events::is_command(Command::kind), "only commands go to the hypervisor");
    events::FrameHeader header{.version = events::wire_version,
                               .kind = Command::kind,
                               .vcpu = vcpu,
                               .sequence = sequences_[vcpu]++,
                               .timestamp = 0};
    events::EncodedFrame frame = events::encode_frame(header, command);
    return {frame.bytes.begin(), frame.bytes.begin() + static_cast<long>(frame.size)};
  }

 private:
  uint32_t next_request_id_ = 1;
  std::map<uint16_t, uint32_t> sequences_;
};

}  // namespace gh::model
