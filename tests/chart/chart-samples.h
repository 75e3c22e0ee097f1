/* chart-samples.h — fixed, realistic chart specs the chart tests share
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each builder computes its statistics with the real app/stats code from deterministic
 * data shaped like the demo region's, so the tests draw what users will see.
 */

#pragma once

#include "chart/pd-chart.h"

G_BEGIN_DECLS

/* The sample of @kind; @empty gives the same chart with no data. */
PdChartSpec *chart_sample_new (PdChartKind kind,
                               gboolean    empty);

/* Kinds with a sample (every kind the renderer draws). */
extern const PdChartKind chart_sample_kinds[];
extern const gsize chart_sample_n_kinds;

/* The SPC sample's point 40 is a special cause concern (a run of high values). */
#define CHART_SAMPLE_SPC_CONCERN_POINT 40

/* Spend per weighted head across the ten sample PCTs, "5Z3 Kingsmere" (group 4)
 * highlighted with £1,070 a head on acute contracts against peers near £824. */
PdChartSpec *chart_sample_per_head (gboolean empty);

/* An SPC chart of @n points (a long series for the benchmark and the thinning test). */
PdChartSpec *chart_sample_spc_long (gsize n);

G_END_DECLS
