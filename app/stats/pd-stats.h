/* pd-stats.h — what every statistic in app/stats/ shares
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which way is better for a measure. */
typedef enum
{
  PD_IMPROVEMENT_NEUTRAL,
  PD_IMPROVEMENT_INCREASE,
  PD_IMPROVEMENT_DECREASE,
} PdImprovement;

/* The two confidence levels PHE Fingertips publishes. */
typedef enum
{
  PD_LEVEL_95,
  PD_LEVEL_99_8,
} PdConfidenceLevel;

double pd_stats_level_probability (PdConfidenceLevel level);
double pd_stats_level_z           (PdConfidenceLevel level);
gboolean pd_stats_parse_level     (const char        *text,
                                   PdConfidenceLevel *out_level);

G_END_DECLS
