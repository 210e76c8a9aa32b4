// Which rights a shadow leaf grants. Everything runs in host U-mode, so every shadow leaf
// has U=1 and the guest's virtual privilege is told apart by using a separate shadow root
// per view (virtual mode, SUM, MXR), as RVirt does.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mmu/page_table_walker.hpp"
#include "riscv/csr.hpp"

namespace gh::mmu {

enum class VirtualMode : uint8_t { user, supervisor };

struct ShadowView {
  VirtualMode mode = VirtualMode::supervisor;
  bool sum = false;  // ignored (normalized away) in user mode
  bool mxr = false;
  // Virtual M-mode with mstatus.MPRV=1 and MPP below M: its loads and stores translate as
  // MPP's mode would, its fetches do not. The shadow maps its code execute-only, so every
  // load and store exits and is emulated (tae/mprv_access.cpp). sum and mxr are false.
  bool fetch_only = false;

  static constexpr size_t count = 7;
  // 0..1: user (mxr); 2..5: supervisor (sum, mxr); 6: fetch only.
  [[nodiscard]] constexpr size_t index() const {
    if (fetch_only) return 6;
    const size_t mxr_bit = mxr ? 1 : 0;
    if (mode == VirtualMode::user) return mxr_bit;
    return 2 + (sum ? 2 : 0) + mxr_bit;
  }
  friend constexpr bool operator==(const ShadowView&, const ShadowView&) = default;
};

// The view for a vCPU at virtual `privilege` with `mstatus`. Virtual M-mode runs untranslated,
// which shadows as supervisor over the bare address space (fetch only while MPRV is in
// effect).
ShadowView shadow_view(riscv::Privilege privilege, uint64_t mstatus);

// The shadow leaf flags (V, U, A, D and R/W/X; 0 = do not map) that give `view` exactly the
// rights the guest's own translation gives it:
//  - U pages: virtual U always; virtual S only with SUM, and never for fetch.
//  - S pages: virtual S only.
//  - R also when X and MXR; W only once the guest PTE's D bit is set, so the first store traps
//    and the walker sets D.
// Untranslated walks (bare, M-mode) grant R, W and X; X alone for the fetch-only view.
uint64_t shadow_leaf_flags(const Walk& walk, ShadowView view);

// `flags` without the `withheld` rights (PTE R, W, X), for pages the debugger keeps
// trapping: withholding R withholds W too (a writable page must be readable), and a leaf
// left with no right is 0 (do not map).
uint64_t withhold_rights(uint64_t flags, uint64_t withheld);

// True when shadow leaf `flags` let host U-mode perform `access`.
bool shadow_flags_allow(uint64_t flags, AccessType access);

}  // namespace gh::mmu
