/* Where every user program starts: exec() put argc in a0 and argv in a1. */
.section .text.start, "ax"
.globl _start
_start:
  call main
  call exit       /* main's return value is the exit status */
