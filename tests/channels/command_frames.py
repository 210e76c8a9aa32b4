"""Host -> hypervisor command frames built independently of our C++ encoder, from the wire
format (hypervisor/events/wire_format.hpp, docs/event-stream.md): a 16-byte header, the
record, a CRC-32 (zlib) over both, COBS-stuffed, then a 0x00 delimiter."""
import struct
import zlib

WIRE_VERSION = 1
ALL_VCPUS = 0xFFFF
REQUEST_MEMORY_MAP = 0x83
REQUEST_TRANSLATION = 0x84
ACCESS_LOAD = 1


def cobs(data):
    out, block = bytearray(), bytearray()
    for byte in data:
        if byte == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
            continue
        block.append(byte)
        if len(block) == 254:
            out += bytes([255]) + block
            block = bytearray()
    return bytes(out + bytes([len(block) + 1]) + block)


def frame(kind, vcpu, sequence, body):
    payload = struct.pack("<BBHIQ", WIRE_VERSION, kind, vcpu, sequence, 0) + body
    return cobs(payload + struct.pack("<I", zlib.crc32(payload))) + b"\0"


def memory_map_request(request_id, sequence=0):
    return frame(REQUEST_MEMORY_MAP, ALL_VCPUS, sequence, struct.pack("<II", request_id, 0))


def translation_request(request_id, vcpu, gva, sequence=0):
    return frame(REQUEST_TRANSLATION, vcpu, sequence,
                 struct.pack("<IB3xQ", request_id, ACCESS_LOAD, gva))
