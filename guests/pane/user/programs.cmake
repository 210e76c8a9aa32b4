# The user programs packed into Pane's disk image (read by both configurations).
set(PANE_USER_PROGRAMS init sh echo cat ls wc rm hello poweroff usertests)
