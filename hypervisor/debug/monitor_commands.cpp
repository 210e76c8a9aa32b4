// VmDebugTarget: `monitor` commands. `monitor help` lists them.
#include <string_view>

#include "debug/page_table_dump.hpp"
#include "debug/text_output.hpp"
#include "debug/vm_debug_target.hpp"
#include "riscv/trap_names.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

using gdbstub::Status;

namespace {

constexpr std::string_view help_text =
    "Glasshouse monitor commands:\n"
    "  help               this list\n"
    "  phys               memory commands use guest-physical addresses\n"
    "  virt               memory commands use the selected vCPU's translation (default)\n"
    "  vcpus              each vCPU: mode, run state, pc, satp\n"
    "  counters           each vCPU's exit counters\n"
    "  translate ADDR     walk ADDR through vCPU 0's guest page table, level by level\n"
    "  breakpoints        how many breakpoints are planted in guest RAM, and hardware ones\n"
    "  pagetable          the selected vCPU's guest page table (satp), merged ranges\n"
    "  shadow             the shadow page table the vCPU runs on (host-physical)\n"
    "  catch              the catchpoints set; with one of these it adds one:\n"
    "  catch trap CAUSE   stop when the guest takes exception CAUSE (its own handler's)\n"
    "  catch satp         stop after the guest writes satp\n"
    "  catch mode         stop after the guest's virtual mode changes (trap, xRET)\n"
    "  catch sbi          stop after an SBI call\n"
    "  catch none         remove every catchpoint\n"
    "  why                what the last catchpoint each vCPU hit was\n";

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> parse_number(std::string_view s) {
  unsigned base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                     : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                            : 99;
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
  }
  return value;
}

const char* run_state_name(tae::TaeVcpu::RunState state) {
  switch (state) {
    case tae::TaeVcpu::RunState::running:
      return "running";
    case tae::TaeVcpu::RunState::waiting:
      return "in wfi";
    case tae::TaeVcpu::RunState::stopped:
      return "stopped";
  }
  return "?";
}

void describe_vcpus(tae::VirtualMachine& vm, core::Writer& w) {
  for (uint32_t i = 0; i < vm.vcpu_count(); ++i) {
    tae::TaeVcpu& v = vm.vcpu(i);
    w.str("vCPU ").dec(i).str(": mode ").chr(riscv::privilege_letter(v.hart().privilege()));
    w.str(", ").str(run_state_name(v.run_state())).str(", pc ").hex(v.state().pc);
    w.str(", satp ").hex(v.hart().satp()).nl();
  }
}

void describe_counters(tae::VirtualMachine& vm, core::Writer& w) {
  for (uint32_t i = 0; i < vm.vcpu_count(); ++i) {
    const tae::ExitCounters& c = vm.vcpu(i).counters();
    w.str("vCPU ").dec(i).str(": ").dec(c.exits).str(" exits, ").dec(c.emulated_instructions);
    w.str(" emulated, ").dec(c.shadow_fills).str(" shadow fills, ").dec(c.mmio_accesses);
    w.str(" mmio, ").dec(c.sbi_calls).str(" sbi, ").dec(c.exceptions_delivered);
    w.str(" exceptions, ").dec(c.interrupts_delivered).str(" interrupts").nl();
  }
}

void describe_walk(const mmu::Walk& walk, core::Writer& w) {
  w.str("gva ").hex(walk.gva);
  if (!walk.translated_by_tables)
    w.str(": no translation (bare or M-mode)").nl();
  else
    w.str(": satp root ").hex(walk.steps[0].table_gpa).nl();
  for (unsigned i = 0; i < walk.step_count; ++i) {
    const mmu::WalkStep& s = walk.steps[i];
    w.str("  level ").dec(s.level).str(" index ").dec(s.index).str(": pte at gpa ");
    w.hex(s.pte_gpa).str(" = ").hex_fixed(s.pte, 16).nl();
  }
  if (!walk.ok()) {
    w.str("  fault: ")
        .str(walk.outcome == mmu::WalkOutcome::page_fault ? "page fault" : "access fault");
    w.str(" at level ").sdec(walk.failed_level).nl();
    return;
  }
  w.str("  -> gpa ").hex(walk.gpa);
  if (walk.region.kind == mmu::RegionKind::ram)
    w.str(" (RAM, hpa ").hex(walk.region.hpa).str(")");
  else if (walk.region.kind == mmu::RegionKind::mmio)
    w.str(" (device)");
  else
    w.str(" (hole)");
  w.nl();
}

void dump_tables(tae::VirtualMachine& vm, tae::TaeVcpu& vcpu, bool shadow, core::Writer& w) {
  const std::optional<tae::PageTableRoot> table = tae::current_page_table(vcpu, shadow);
  const uint64_t satp = shadow ? vcpu.host_satp() : vcpu.hart().satp();
  if (!table) {
    w.str("satp ").hex(satp).str(": no paging\n");
    return;
  }
  w.str(shadow ? "shadow" : "guest").str(" page table, satp ").hex(satp).nl();
  dump_page_table(vm, *table, w);
}

}  // namespace

void VmDebugTarget::catch_command(std::string_view what, core::Writer& w) {
  Catchpoints& catches = hold_.catchpoints();
  if (what == "satp") {
    catches.catch_satp_writes();
  } else if (what == "mode") {
    catches.catch_mode_changes();
  } else if (what == "sbi") {
    catches.catch_sbi_calls();
  } else if (what == "none") {
    catches.clear();
  } else if (what.substr(0, 5) == "trap ") {
    auto cause = parse_number(trim(what.substr(5)));
    if (!cause || *cause >= 64) {
      w.str("usage: monitor catch trap CAUSE (an exception number, 0..63)\n");
      return;
    }
    catches.catch_trap(static_cast<unsigned>(*cause));
  } else if (!what.empty()) {
    w.str("usage: monitor catch [trap CAUSE | satp | mode | sbi | none]\n");
    return;
  }
  catches.list(w);
}

Status VmDebugTarget::monitor_command(std::span<const char> command, gdbstub::TextSink& output) {
  const std::string_view text = trim(std::string_view(command.data(), command.size()));
  TextSinkBytes bytes(output);
  core::Writer w(bytes);
  if (text.empty() || text == "help") {
    w.str(help_text);
  } else if (text == "phys") {
    memory_.set_space(AddressSpace::guest_physical);
    w.str("memory commands now use guest-physical addresses\n");
  } else if (text == "virt") {
    memory_.set_space(AddressSpace::guest_virtual);
    w.str("memory commands now use the selected vCPU's guest-virtual addresses\n");
  } else if (text == "vcpus") {
    describe_vcpus(vm_, w);
  } else if (text == "counters") {
    describe_counters(vm_, w);
  } else if (text == "breakpoints") {
    w.dec(breakpoints_.count()).str(" breakpoint(s) planted in guest RAM, ");
    w.dec(hold_.hw_breakpoints().count()).str(" hardware breakpoint(s)\n");
  } else if (text == "catch" || text.substr(0, 6) == "catch ") {
    catch_command(trim(text.substr(5)), w);
  } else if (text == "pagetable" || text == "shadow") {
    tae::TaeVcpu* vcpu = held_vcpu(pending_stop_.thread);
    if (vcpu == nullptr) {
      w.str("the guest is running: stop it first\n");
    } else {
      dump_tables(vm_, *vcpu, text == "shadow", w);
    }
  } else if (text == "why") {
    for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
      w.str("vCPU ").dec(i).str(": ");
      Catchpoints::describe(hold_.last_catch(i), w);
      w.nl();
    }
  } else if (text.substr(0, 10) == "translate ") {
    auto gva = parse_number(trim(text.substr(10)));
    tae::TaeVcpu* vcpu = held_vcpu(pending_stop_.thread);
    if (!gva || vcpu == nullptr) {
      w.str("usage: monitor translate ADDR (with the guest stopped)\n");
    } else {
      describe_walk(memory_.walk(*vcpu, *gva), w);
    }
  } else {
    w.str("unknown monitor command; `monitor help` lists them\n");
  }
  return Status::ok;
}

}  // namespace gh::debug
