/* pd-cli-spc-series.h — pctdash-cli spc -w: a workspace's series with its stored changes
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from pd-cli-spc.c because the domain's and the parser's headers both name the
 * period kinds.
 */

#pragma once

#include "stats/pd-spc.h"

G_BEGIN_DECLS

typedef struct
{
  GArray    *values;   /* double */
  GArray    *inputs;   /* PdSpcPointInput: ghosts, recalculations, a baseline's end */
  GPtrArray *dates;    /* char *: ISO date of each month */
  guint      applied;  /* stored changes at a month of the series */
} PdCliSpcSeries;

gboolean pd_cli_spc_read_workspace (const char     *workspace_path,
                                    const char     *indicator,
                                    const char     *provider,
                                    gboolean        stored,
                                    gboolean        improvement_given,
                                    PdSpcOptions   *options,
                                    PdCliSpcSeries *out);

G_END_DECLS
