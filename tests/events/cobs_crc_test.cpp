// COBS framing and CRC-32: the byte-level layers under every frame.
#include <gtest/gtest.h>

#include <vector>

#include "events/cobs.hpp"
#include "events/crc32.hpp"

namespace gh::events {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes encode(const Bytes& payload) {
  Bytes out(cobs_max_encoded_size(payload.size()));
  auto size = cobs_encode(payload, out);
  EXPECT_TRUE(size.has_value());
  out.resize(size.value_or(0));
  return out;
}

std::optional<Bytes> decode(const Bytes& encoded) {
  Bytes out(encoded.size());
  auto size = cobs_decode(encoded, out);
  if (!size) return std::nullopt;
  out.resize(*size);
  return out;
}

TEST(Cobs, KnownVectorsFromTheCobsPaper) {
  EXPECT_EQ(encode({0x00}), (Bytes{0x01, 0x01}));
  EXPECT_EQ(encode({0x00, 0x00}), (Bytes{0x01, 0x01, 0x01}));
  EXPECT_EQ(encode({0x11, 0x22, 0x00, 0x33}), (Bytes{0x03, 0x11, 0x22, 0x02, 0x33}));
  EXPECT_EQ(encode({0x11, 0x00, 0x00, 0x00}), (Bytes{0x02, 0x11, 0x01, 0x01, 0x01}));
  EXPECT_EQ(encode({}), (Bytes{0x01}));
}

TEST(Cobs, EncodedBytesNeverContainZero) {
  Bytes payload(600);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i % 7 == 0 ? 0 : i);
  for (uint8_t byte : encode(payload)) EXPECT_NE(byte, 0);
}

TEST(Cobs, RoundTripsEveryLengthAroundTheBlockSize) {
  for (size_t length : {0u, 1u, 253u, 254u, 255u, 256u, 508u, 509u}) {
    for (uint8_t fill : {0x00, 0x01, 0xFF}) {
      Bytes payload(length, fill);
      if (length > 3) payload[length / 2] = 0;
      auto decoded = decode(encode(payload));
      ASSERT_TRUE(decoded) << "length " << length;
      EXPECT_EQ(*decoded, payload) << "length " << length << " fill " << int(fill);
    }
  }
}

TEST(Cobs, RejectsAZeroInsideAndACodeRunningPastTheEnd) {
  EXPECT_FALSE(decode({0x03, 0x11, 0x00}));
  EXPECT_FALSE(decode({0x05, 0x11, 0x22}));
}

TEST(Cobs, RefusesAnOutputBufferThatIsTooSmall) {
  Bytes payload(10, 0x55);
  Bytes small(5);
  EXPECT_FALSE(cobs_encode(payload, small));
  Bytes encoded = encode(payload);
  EXPECT_FALSE(cobs_decode(encoded, small));
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  const char* text = "123456789";
  Bytes bytes(text, text + 9);
  EXPECT_EQ(crc32(bytes), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value (= zlib)
  EXPECT_EQ(crc32({}), 0u);
}

TEST(Crc32, ContinuesAcrossChunks) {
  Bytes bytes = {1, 2, 3, 4, 5, 6, 7, 8};
  uint32_t whole = crc32(bytes);
  uint32_t first = crc32(std::span<const uint8_t>(bytes).first(3));
  EXPECT_EQ(crc32(std::span<const uint8_t>(bytes).subspan(3), first), whole);
}

TEST(Crc32, IsComputedAtCompileTime) {
  constexpr std::array<uint8_t, 1> byte = {'a'};
  static_assert(crc32(byte) == 0xE8B7BE43u);
}

}  // namespace
}  // namespace gh::events
