#include "core/text.hpp"

#include <gtest/gtest.h>

using namespace gh::core;

TEST(Writer, FormatsNumbers) {
  char buffer[128];
  BufferSink sink(buffer, sizeof buffer);
  Writer(sink)
      .str("pc ")
      .hex(0x80200000)
      .str(" n=")
      .dec(0)
      .chr(' ')
      .dec(18446744073709551615ull)
      .chr(' ')
      .sdec(-42)
      .chr(' ')
      .hex_fixed(0x13, 8);
  EXPECT_EQ(sink.view(), "pc 0x80200000 n=0 18446744073709551615 -42 0x00000013");
}

TEST(BufferSink, StopsAtCapacityAndSaysSo) {
  char buffer[8];
  BufferSink sink(buffer, sizeof buffer);
  Writer(sink).str("0123456789");
  EXPECT_EQ(sink.view(), "0123456");
  EXPECT_TRUE(sink.overflowed());
}
