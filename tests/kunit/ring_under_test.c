// SPDX-License-Identifier: GPL-2.0
/* The ring exactly as sastrace.ko builds it, for the KUnit suites. */
#include "../../module/ring.c"
