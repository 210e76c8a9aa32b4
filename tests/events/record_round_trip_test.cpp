// Every record kind survives encode -> frame -> decode bit for bit.
#include <gtest/gtest.h>

#include <cstring>

#include "events/frame_codec.hpp"
#include "events/mmu_records.hpp"
#include "record.hpp"

namespace gh::events {
namespace {

// A record filled with a byte pattern so every field is non-zero and distinct.
template <typename R>
R patterned(uint8_t seed) {
  std::array<uint8_t, sizeof(R)> raw{};
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(seed + i * 7 + 1);
  return std::bit_cast<R>(raw);
}

template <typename R>
void expect_round_trip(uint8_t seed) {
  R record = patterned<R>(seed);
  FrameHeader header{.version = wire_version,
                     .kind = R::kind,
                     .vcpu = 3,
                     .sequence = 0x01020304u + seed,
                     .timestamp = 0x1122334455667788ull};
  EncodedFrame frame = encode_frame(header, record);
  ASSERT_GT(frame.size, sizeof(FrameHeader) + sizeof(R));
  ASSERT_EQ(frame.bytes[frame.size - 1], 0) << "ends with the delimiter";
  for (size_t i = 0; i + 1 < frame.size; ++i) ASSERT_NE(frame.bytes[i], 0);

  DecodedFrame decoded;
  ASSERT_EQ(decode_frame({frame.bytes.data(), frame.size - 1}, decoded), FrameError::none)
      << static_cast<int>(R::kind);
  EXPECT_EQ(decoded.header.kind, R::kind);
  EXPECT_EQ(decoded.header.vcpu, 3);
  EXPECT_EQ(decoded.header.sequence, header.sequence);
  EXPECT_EQ(decoded.header.timestamp, header.timestamp);
  auto back = decoded.as<R>();
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(std::memcmp(&*back, &record, sizeof(R)), 0);
  auto as_variant = model::record_of(decoded);
  ASSERT_TRUE(as_variant.has_value());
  EXPECT_TRUE(std::holds_alternative<R>(*as_variant));
}

template <typename... Records>
void expect_all_round_trip(RecordList<Records...>) {
  uint8_t seed = 0;
  (expect_round_trip<Records>(seed += 13), ...);
}

TEST(RecordRoundTrip, EveryRecordKindSurvivesEncodeAndDecode) {
  expect_all_round_trip(AllRecords{});
}

TEST(RecordRoundTrip, EveryKindHasItsBodySize) {
  EXPECT_EQ(body_size(RecordKind::trap), sizeof(TrapRecord));
  EXPECT_EQ(body_size(RecordKind::translation), sizeof(TranslationRecord));
  EXPECT_EQ(body_size(static_cast<RecordKind>(0x7F)), 0u);
}

TEST(RecordRoundTrip, AFrameOfTheWrongSizeOrVersionIsRejected) {
  FrameHeader header{.kind = RecordKind::trap};
  std::array<uint8_t, 8> short_body{};
  EncodedFrame frame = encode_frame_bytes(header, short_body);
  DecodedFrame decoded;
  EXPECT_EQ(decode_frame({frame.bytes.data(), frame.size - 1}, decoded), FrameError::bad_size);

  header.version = wire_version + 1;
  frame = encode_frame(header, TrapRecord{});
  EXPECT_EQ(decode_frame({frame.bytes.data(), frame.size - 1}, decoded), FrameError::bad_version);
}

TEST(RecordRoundTrip, AnyFlippedBitIsCaught) {
  FrameHeader header{.kind = RecordKind::trap, .vcpu = 1, .sequence = 9, .timestamp = 77};
  EncodedFrame frame = encode_frame(header, TrapRecord{.cause = 2, .pc = 0x80200010});
  for (size_t byte = 0; byte + 1 < frame.size; ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      EncodedFrame damaged = frame;
      damaged.bytes[byte] ^= static_cast<uint8_t>(1 << bit);
      DecodedFrame decoded;
      EXPECT_NE(decode_frame({damaged.bytes.data(), frame.size - 1}, decoded), FrameError::none)
          << "byte " << byte << " bit " << bit;
    }
  }
}

TEST(MmuRecords, APageTableDiffKeepsEveryField) {
  mmu::PageTableDiff diff{.table = mmu::TableKind::shadow,
                          .level = 1,
                          .root = 0x90000000,
                          .va = 0x40000000,
                          .pte_address = 0x90000008,
                          .old_pte = 1,
                          .new_pte = 0x2400000f};
  PageTableDiffRecord record = page_table_diff_record(diff);
  EXPECT_EQ(record.table, PageTableKind::shadow);
  EXPECT_EQ(record.level, 1);
  EXPECT_EQ(record.root, 0x90000000u);
  EXPECT_EQ(record.va, 0x40000000u);
  EXPECT_EQ(record.pte_address, 0x90000008u);
  EXPECT_EQ(record.old_pte, 1u);
  EXPECT_EQ(record.new_pte, 0x2400000fu);
}

TEST(MmuRecords, AWalkBecomesATranslationRecord) {
  mmu::Walk walk;
  walk.gva = 0x1234;
  walk.access = mmu::AccessType::store;
  walk.context.satp = 0x8000000000080400;
  walk.step_count = 2;
  walk.steps[0] = {
      .level = 2, .index = 0, .table_gpa = 0x80400000, .pte_gpa = 0x80400000, .pte = 0x20100c01};
  walk.steps[1] = {
      .level = 1, .index = 5, .table_gpa = 0x80403000, .pte_gpa = 0x80403028, .pte = 0};
  walk.outcome = mmu::WalkOutcome::page_fault;
  walk.failed_rule = mmu::WalkRule::invalid_pte;
  walk.failed_level = 1;
  TranslationRecord record = translation_record(walk, 42);
  EXPECT_EQ(record.request_id, 42u);
  EXPECT_EQ(record.access, AccessKind::store);
  EXPECT_EQ(record.outcome, WalkOutcome::page_fault);
  EXPECT_EQ(record.failed_rule, static_cast<uint8_t>(mmu::WalkRule::invalid_pte));
  EXPECT_EQ(record.failed_level, 1);
  EXPECT_EQ(record.step_count, 2);
  EXPECT_EQ(record.steps[1].index, 5);
  EXPECT_EQ(record.steps[1].pte_gpa, 0x80403028u);
  EXPECT_EQ(record.satp, 0x8000000000080400u);
}

TEST(MmuRecords, AGuestRegionBecomesAMemoryRegionRecord) {
  mmu::GuestRegion region{
      .gpa = 0x80000000, .size = 0x100000, .kind = mmu::RegionKind::ram, .hpa = 0x88000000};
  MemoryRegionRecord record = memory_region_record(region, 7);
  EXPECT_EQ(record.region, RegionKind::ram);
  EXPECT_EQ(record.hpa, 0x88000000u);
  EXPECT_EQ(record.request_id, 7u);
}

}  // namespace
}  // namespace gh::events
