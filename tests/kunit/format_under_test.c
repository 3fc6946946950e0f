// SPDX-License-Identifier: GPL-2.0
/* The decoder exactly as sastrace.ko builds it, for the KUnit suites. */
#include "../../module/format.c"
