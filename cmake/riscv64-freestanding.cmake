# Toolchain file: freestanding riscv64 C++20 with Debian's cross compiler.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_COMPILER riscv64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER riscv64-linux-gnu-g++)
set(CMAKE_ASM_COMPILER riscv64-linux-gnu-gcc)

# Integer-only ABI: the hypervisor never touches the FP registers, so the guest's FP state
# stays live in hardware across VM exits.
set(GLASSHOUSE_RISCV_FLAGS
    "-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -ffreestanding -fno-pic -fno-pie -nostdlib -fno-builtin -fno-stack-protector -ffunction-sections -fdata-sections")
set(GLASSHOUSE_RISCV_FLAGS "${GLASSHOUSE_RISCV_FLAGS} -isystem ${CMAKE_CURRENT_LIST_DIR}/freestanding-include")
set(CMAKE_C_FLAGS_INIT "${GLASSHOUSE_RISCV_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT
    "${GLASSHOUSE_RISCV_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none -Wl,--no-warn-rwx-segments")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
