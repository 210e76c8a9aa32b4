// Loads an event stream into an InspectorModel the way the inspector does (a Session
// over the bytes), for the view-model tests.
#pragma once

#include <vector>

#include "inspector_model.hpp"
#include "session.hpp"

namespace gh::inspector::test {

inline void load(InspectorModel& model, const std::vector<uint8_t>& bytes) {
  model::Session session(model::memory_source("test", bytes), {.keep_log = false});
  std::vector<model::DecodedItem> items;
  while (session.poll(0, &items)) {
  }
  model.apply(items);
}

}  // namespace gh::inspector::test
