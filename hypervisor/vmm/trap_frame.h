/* The per-vCPU trap frame: the one home of its layout, shared by trampoline.S and C++.
 * The page lives in hypervisor memory and is mapped (never user-accessible) at
 * GH_WINDOW_FRAME_VA in every shadow root, so the trampoline can save the guest's
 * registers before it switches to the hypervisor's own page table. */
#ifndef GH_VMM_TRAP_FRAME_H
#define GH_VMM_TRAP_FRAME_H

#define GH_FRAME_X(n) ((n) * 8)        /* guest x0..x31 (x0 unused) */
#define GH_FRAME_PC 256                /* guest pc (sepc on entry) */
#define GH_FRAME_VMM_SATP 264          /* the hypervisor's satp */
#define GH_FRAME_VMM_SP 272            /* top of this hart's hypervisor stack */
#define GH_FRAME_VMM_TP 280            /* this hart's per-hart pointer */
#define GH_FRAME_VMM_HANDLER 288       /* C++ entry: void(TrapFrame* physical) */
#define GH_FRAME_VMM_STVEC 296         /* the hypervisor's own fault vector */
#define GH_FRAME_SELF 304              /* physical address of this frame */
#define GH_FRAME_GUEST_STVEC 312       /* window address of the guest trap entry */
#define GH_FRAME_FAST_ENABLED 320      /* tae::FastExitState: the fast path may run */
#define GH_FRAME_FAST_SSTATUS 328      /* ... the guest's sstatus, SIE live */
#define GH_FRAME_FAST_PENDING 336      /* ... an interrupt is pending and enabled */
#define GH_FRAME_FAST_EXITS 344        /* ... fast exits since the last full exit */
                                       /* ... then the mirrored CSRs' values (C++ only) */
#define GH_FRAME_SIZE 392
/* The fast path runs on a small stack at the top of the frame's page. */
#define GH_FRAME_FAST_STACK_TOP 4096

/* The hypervisor's reserved window: the top 2 MiB of the Sv39/Sv48 address space.
 * The trampoline's code page and the trap frame sit in its last two pages. */
#define GH_WINDOW_BASE 0xFFFFFFFFFFE00000
#define GH_WINDOW_TRAMPOLINE_VA 0xFFFFFFFFFFFFE000
#define GH_WINDOW_FRAME_VA 0xFFFFFFFFFFFFF000

#endif
