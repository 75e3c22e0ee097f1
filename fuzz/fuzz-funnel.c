/* fuzz-funnel.c — text → a funnel plot. Line 1: "type=proportion od=shmi poisson=phe
 * trim=0.1 target=0.5 multiplier=100"; each further line "numerator,denominator". The
 * funnel, its limit table and the limits at a few denominators are computed and checked
 * for order.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/pd-funnel.h"
#include "fuzz-common.h"

static void
check (const PdFunnelLimits *limits)
{
  if (!isnan (limits->lcl998) && !isnan (limits->lcl95))
    g_assert (limits->lcl998 <= limits->lcl95);
  if (!isnan (limits->ucl998) && !isnan (limits->ucl95))
    g_assert (limits->ucl95 <= limits->ucl998);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) lines = fuzz_lines (data, size);
  g_autoptr(GArray) numerators = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) denominators = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree PdFunnelLimits *limits = NULL, *od_limits = NULL;
  g_autofree char *type_text = NULL, *od = NULL, *poisson = NULL, *trim = NULL;
  g_autofree char *target = NULL, *multiplier = NULL;
  PdFunnelOptions options;
  PdFunnelType type = PD_FUNNEL_PROPORTION;

  if (lines[0] == NULL)
    return 0;
  type_text = fuzz_option (lines[0], "type");
  if (type_text != NULL && !pd_funnel_parse_type (type_text, &type))
    return 0;
  pd_funnel_options_init (&options, type);
  od = fuzz_option (lines[0], "od");
  if (od != NULL && !pd_funnel_parse_overdispersion (od, &options.overdispersion))
    return 0;
  poisson = fuzz_option (lines[0], "poisson");
  if (poisson != NULL && !pd_funnel_parse_poisson_limits (poisson, &options.poisson_limits))
    return 0;
  /* The CLI's checks on these. */
  trim = fuzz_option (lines[0], "trim");
  if (trim != NULL)
    {
      options.trim = fuzz_number (trim);
      if (!(options.trim >= 0 && options.trim < 0.5))
        return 0;
    }
  target = fuzz_option (lines[0], "target");
  if (target != NULL)
    {
      options.target = fuzz_number (target);
      if (!(options.target >= 0))
        return 0;
    }
  multiplier = fuzz_option (lines[0], "multiplier");
  if (multiplier != NULL)
    {
      options.multiplier = fuzz_number (multiplier);
      if (!(options.multiplier > 0))
        return 0;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 3);
      double numerator, denominator;

      if (fields[0] == NULL)
        continue;
      numerator = fuzz_number (fields[0]);
      denominator = fields[1] != NULL ? fuzz_number (fields[1]) : NAN;
      g_array_append_val (numerators, numerator);
      g_array_append_val (denominators, denominator);
    }

  funnel = pd_funnel_compute ((const double *) numerators->data,
                              (const double *) denominators->data, numerators->len, &options);
  g_assert (funnel != NULL && funnel->n_units == numerators->len);
  for (gsize i = 0; i < funnel->n_units; i++)
    {
      check (&funnel->units[i].limits);
      (void) pd_funnel_class_to_string (funnel->units[i].classification);
    }
  limits = g_new0 (PdFunnelLimits, numerators->len + 1);
  od_limits = g_new0 (PdFunnelLimits, numerators->len + 1);
  pd_funnel_limit_table (funnel, (const double *) denominators->data, numerators->len,
                         limits, od_limits);
  for (gsize i = 0; i < numerators->len; i++)
    check (&limits[i]);
  return 0;
}
