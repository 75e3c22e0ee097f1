/* pd-stats.c — confidence levels shared by the intervals and funnels
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gsl/gsl_cdf.h>

#include "pd-stats.h"

/**
 * pd_stats_level_probability:
 * @level: a confidence level
 *
 * Returns: the two-sided coverage, 0.95 or 0.998.
 */
double
pd_stats_level_probability (PdConfidenceLevel level)
{
  return level == PD_LEVEL_99_8 ? 0.998 : 0.95;
}

/**
 * pd_stats_level_z:
 * @level: a confidence level
 *
 * Returns: the standard normal quantile for the level's upper tail (1.959964… for 95 %,
 * 3.090232… for 99.8 %), computed rather than rounded, as PHEindicatormethods does.
 */
double
pd_stats_level_z (PdConfidenceLevel level)
{
  double p = pd_stats_level_probability (level);

  return gsl_cdf_ugaussian_Pinv (1.0 - (1.0 - p) / 2.0);
}

/**
 * pd_stats_parse_level:
 * @text: "95", "95%", "0.95", "99.8", "99.8%" or "0.998"
 * @out_level: (out): the level
 *
 * Returns: %TRUE when @text names one of the two levels.
 */
gboolean
pd_stats_parse_level (const char        *text,
                      PdConfidenceLevel *out_level)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_level != NULL, FALSE);

  if (strcmp (text, "95") == 0 || strcmp (text, "95%") == 0 || strcmp (text, "0.95") == 0)
    *out_level = PD_LEVEL_95;
  else if (strcmp (text, "99.8") == 0 || strcmp (text, "99.8%") == 0 ||
           strcmp (text, "0.998") == 0)
    *out_level = PD_LEVEL_99_8;
  else
    return FALSE;

  return TRUE;
}
