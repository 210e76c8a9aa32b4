#include "inspector_model.hpp"

namespace gh::inspector {

namespace {
constexpr size_t kept_problems = 100;
}

void InspectorModel::apply(const std::vector<model::DecodedItem>& items) {
  for (const model::DecodedItem& item : items) apply(item);
}

void InspectorModel::apply(const model::DecodedItem& item) {
  ++generation_;
  state_.apply(item);
  if (const auto* problem = std::get_if<model::Problem>(&item)) {
    if (problems_.size() == kept_problems) problems_.erase(problems_.begin());
    problems_.push_back(*problem);
    return;
  }
  const EventIndex index = log_.append(std::get<model::Event>(item));
  timeline_.add(log_, index);
  history_.add(log_, index);
}

}  // namespace gh::inspector
