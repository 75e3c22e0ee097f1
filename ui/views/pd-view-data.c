/* pd-view-data.c — what the views read on their worker threads, shared between them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "domain/pd-organisations.h"
#include "domain/pd-spc-changes.h"
#include "pd-view-data.h"

/* An indicator's monthly series as the Overview and Quality views both judge it: Making
 * Data Count's rules, the indicator's polarity and target, the same as the core's charts;
 * @changes (PdSpcChange, may be NULL) the user's baseline, recalculations and ghosts. */
PdSpcResult *
pd_view_data_series_spc (const PdIndicator        *indicator,
                         const PdIndicatorSeries  *series,
                         GPtrArray                *changes,
                         GError                  **error)
{
  g_autofree PdSpcPointInput *extra = NULL;
  gsize n = series->points->len;
  g_autofree double *values = g_new (double, MAX (n, 1));
  PdSpcOptions options;

  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  if (g_strcmp0 (indicator->polarity, "higher") == 0)
    options.improvement = PD_IMPROVEMENT_INCREASE;
  else if (g_strcmp0 (indicator->polarity, "lower") == 0)
    options.improvement = PD_IMPROVEMENT_DECREASE;
  else
    options.improvement = PD_IMPROVEMENT_NEUTRAL;
  options.target = indicator->target;
  if (changes != NULL && changes->len > 0)
    extra = pd_spc_changes_point_inputs (changes, series, &options, NULL);
  return pd_spc_compute (values, n, extra, &options, error);
}

/* How an indicator's values print: percentages as percentages, the rest as numbers. */
PdChartFormat
pd_view_data_indicator_format (const PdIndicator *indicator)
{
  if (g_strcmp0 (indicator->unit, "proportion") == 0)
    return indicator->multiplier == 100 ? PD_CHART_FORMAT_PERCENT
         : indicator->multiplier == 1 ? PD_CHART_FORMAT_PROPORTION : PD_CHART_FORMAT_NUMBER;
  return PD_CHART_FORMAT_NUMBER;
}

/* "Apr 2009" from "2009-04-01". */
char *
pd_view_data_month_label (const char *iso)
{
  g_autoptr(GDateTime) date = NULL;
  int year = 0, month = 0;

  if (sscanf (iso, "%d-%d", &year, &month) != 2 || month < 1 || month > 12)
    return g_strdup (iso);
  date = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  return g_date_time_format (date, "%b %Y");
}

/* The providers @commissioner pays, by code, as PdOrganisation; every provider when it
 * has no spend by provider. The query lives in the domain layer. */
GPtrArray *
pd_view_data_providers_of (PdWorkspace  *workspace,
                           const char   *commissioner,
                           GError      **error)
{
  return pd_organisations_paid_by (workspace, commissioner, error);
}
