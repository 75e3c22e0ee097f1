/* fuzz-ci.c — text → confidence intervals. Line 1: "method=wilson level=99.8
 * multiplier=100"; each further line "numerator,denominator". Every method runs on every
 * pair, then the chosen one through pd_ci_compute_array, and the results are checked
 * for order (lower ≤ value ≤ upper when all three are numbers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/pd-intervals.h"
#include "stats/pd-stats.h"
#include "fuzz-common.h"

static void
check (PdInterval interval)
{
  if (!isnan (interval.lower) && !isnan (interval.upper))
    g_assert (interval.lower <= interval.upper);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) lines = fuzz_lines (data, size);
  g_autoptr(GArray) numerators = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) denominators = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree PdInterval *out = NULL;
  g_autofree char *method_text = NULL, *level_text = NULL, *multiplier_text = NULL;
  PdCiMethod method = PD_CI_WILSON;
  PdConfidenceLevel level = PD_LEVEL_95;
  double multiplier = 1;

  if (lines[0] == NULL)
    return 0;
  method_text = fuzz_option (lines[0], "method");
  if (method_text != NULL && !pd_ci_parse_method (method_text, &method))
    return 0;
  level_text = fuzz_option (lines[0], "level");
  if (level_text != NULL && !pd_stats_parse_level (level_text, &level))
    return 0;
  multiplier_text = fuzz_option (lines[0], "multiplier");
  if (multiplier_text != NULL)
    {
      multiplier = fuzz_number (multiplier_text);
      if (!(multiplier > 0))
        return 0;
    }
  (void) pd_ci_method_to_string (method);
  (void) pd_ci_method_is_proportion (method);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 3);
      double numerator, denominator;

      if (fields[0] == NULL)
        continue;
      numerator = fuzz_number (fields[0]);
      denominator = fields[1] != NULL ? fuzz_number (fields[1]) : 1;
      g_array_append_val (numerators, numerator);
      g_array_append_val (denominators, denominator);

      check (pd_ci_wilson (numerator, denominator, level, multiplier));
      check (pd_ci_exact_binomial (numerator, denominator, level, multiplier));
      check (pd_ci_byar (numerator, denominator, level, multiplier));
      check (pd_ci_exact_poisson (numerator, denominator, level, multiplier));
      check (pd_ci_poisson (numerator, denominator, level, multiplier));
      if (numerator >= 0 && numerator < 1e6)
        {
          (void) pd_ci_exact_poisson_lower (numerator, pd_stats_level_probability (level));
          (void) pd_ci_exact_poisson_upper (numerator, pd_stats_level_probability (level));
          (void) pd_ci_byar_lower (numerator, pd_stats_level_probability (level));
          (void) pd_ci_byar_upper (numerator, pd_stats_level_probability (level));
        }
    }
  out = g_new0 (PdInterval, numerators->len + 1);
  pd_ci_compute_array (method, (const double *) numerators->data,
                       (const double *) denominators->data, numerators->len, level,
                       multiplier, out);
  for (guint i = 0; i < numerators->len; i++)
    check (out[i]);
  return 0;
}
