#include "mmu/shadow_permissions.hpp"

namespace gh::mmu {
namespace {

namespace pte = riscv::pte;

constexpr uint64_t always = pte::v | pte::u | pte::a | pte::d;

bool view_may_use_page(uint64_t guest_pte, ShadowView view) {
  const bool user_page = (guest_pte & pte::u) != 0;
  if (view.mode == VirtualMode::user) return user_page;
  return !user_page || view.sum;
}

uint64_t rights_from_guest(uint64_t guest_pte, ShadowView view) {
  uint64_t rights = 0;
  const bool readable = (guest_pte & pte::r) != 0 || ((guest_pte & pte::x) != 0 && view.mxr);
  if (readable) rights |= pte::r;
  if (readable && (guest_pte & pte::w) != 0 && (guest_pte & pte::d) != 0) rights |= pte::w;
  const bool supervisor_on_user_page =
      view.mode == VirtualMode::supervisor && (guest_pte & pte::u) != 0;
  if ((guest_pte & pte::x) != 0 && !supervisor_on_user_page) rights |= pte::x;
  return rights;
}

}  // namespace

ShadowView shadow_view(riscv::Privilege privilege, uint64_t mstatus) {
  ShadowView view;
  if (mprv_in_effect(privilege, mstatus)) {
    view.fetch_only = true;
    return view;
  }
  view.mode = privilege == riscv::Privilege::user ? VirtualMode::user : VirtualMode::supervisor;
  view.sum = view.mode == VirtualMode::supervisor && (mstatus & riscv::mstatus::sum) != 0;
  view.mxr = (mstatus & riscv::mstatus::mxr) != 0;
  return view;
}

uint64_t shadow_leaf_flags(const Walk& walk, ShadowView view) {
  if (view.fetch_only) return walk.translated_by_tables ? 0 : always | pte::x;
  if (!walk.translated_by_tables) return always | pte::r | pte::w | pte::x;
  if (!view_may_use_page(walk.leaf_pte, view)) return 0;
  const uint64_t rights = rights_from_guest(walk.leaf_pte, view);
  return rights == 0 ? 0 : always | rights;
}

uint64_t withhold_rights(uint64_t flags, uint64_t withheld) {
  if ((withheld & pte::r) != 0) withheld |= pte::w;
  const uint64_t left = flags & ~(withheld & (pte::r | pte::w | pte::x));
  return (left & (pte::r | pte::w | pte::x)) == 0 ? 0 : left;
}

bool shadow_flags_allow(uint64_t flags, AccessType access) {
  switch (access) {
    case AccessType::load:
      return (flags & pte::r) != 0;
    case AccessType::store:
      return (flags & pte::w) != 0;
    case AccessType::fetch:
      return (flags & pte::x) != 0;
  }
  return false;
}

}  // namespace gh::mmu
