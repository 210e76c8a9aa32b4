// Compiles mmu_records.hpp in both configurations and pins its conversions.
#include "events/mmu_records.hpp"

namespace gh::events {
namespace {

constexpr mmu::PageTableDiff sample_diff{.table = mmu::TableKind::shadow,
                                         .level = 1,
                                         .root = 0x9000'0000,
                                         .va = 0x4000'0000,
                                         .pte_address = 0x9000'0008,
                                         .old_pte = 1,
                                         .new_pte = 3};
static_assert(page_table_diff_record(sample_diff).table == PageTableKind::shadow);
static_assert(page_table_diff_record(sample_diff).pte_address == 0x9000'0008);
static_assert(access_type(access_kind(mmu::AccessType::fetch)) == mmu::AccessType::fetch);
static_assert(region_kind(mmu::RegionKind::mmio) == RegionKind::mmio);

}  // namespace
}  // namespace gh::events
