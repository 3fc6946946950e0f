// SPDX-License-Identifier: GPL-2.0
/* record.c exactly as sastrace.ko builds it (the hooks under test use it). */
#include "../../module/record.c"
