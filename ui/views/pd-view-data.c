/* pd-view-data.c — what the views read on their worker threads, shared between them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "domain/pd-organisations.h"
#include "domain/pd-spc-changes.h"
#include "pd-view-data.h"

/* An indicator's monthly series as the Overview and Quality views both judge it: the rule
 * @preset (GSettings spc-rule-preset), the indicator's polarity and target, the same as
 * the core's charts; @changes (PdSpcChange, may be NULL) the user's baselines,
 * recalculations and ghosts. */
PdSpcResult *
pd_view_data_series_spc (const PdIndicator        *indicator,
                         const PdIndicatorSeries  *series,
                         GPtrArray                *changes,
                         PdSpcPreset               preset,
                         GError                  **error)
{
  g_autofree PdSpcPointInput *extra = NULL;
  gsize n = series->points->len;
  g_autofree double *values = g_new (double, MAX (n, 1));
  PdSpcOptions options;

  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  pd_spc_options_init_preset (&options, preset);
  if (g_strcmp0 (indicator->polarity, "higher") == 0)
    options.improvement = PD_IMPROVEMENT_INCREASE;
  else if (g_strcmp0 (indicator->polarity, "lower") == 0)
    options.improvement = PD_IMPROVEMENT_DECREASE;
  else
    options.improvement = PD_IMPROVEMENT_NEUTRAL;
  options.target = indicator->target;
  {
    double min, max;

    /* Only how the chart is drawn: a rate's limits and axis stop at 0. */
    if (pd_spc_value_range_for_unit (indicator->unit, indicator->multiplier, &min, &max))
      pd_spc_options_set_value_range (&options, min, max);
  }
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

/* Every chart's changes (from pd_spc_changes_list (workspace, NULL, NULL)), by
 * "indicator\tprovider": the Overview reads them once per load, not once per cell. The
 * table holds references to GPtrArrays that borrow @changes' elements: keep @changes. */
GHashTable *
pd_view_data_changes_by_chart (GPtrArray *changes)
{
  GHashTable *by_chart = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      PdSpcChange *change = g_ptr_array_index (changes, i);
      g_autofree char *key = g_strdup_printf ("%s\t%s", change->indicator, change->provider);
      GPtrArray *list = g_hash_table_lookup (by_chart, key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_chart, g_steal_pointer (&key), list);
        }
      g_ptr_array_add (list, change);
    }
  return by_chart;
}

/* The changes of one chart in a table from pd_view_data_changes_by_chart(), or NULL. */
GPtrArray *
pd_view_data_changes_lookup (GHashTable *by_chart,
                             const char *indicator,
                             const char *provider)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s", indicator, provider);

  return g_hash_table_lookup (by_chart, key);
}

/* A count of the chart changes made through the views on @workspace (the object the
 * window hands every view), so a view that keeps results, the Overview, knows when its
 * are out of date. Main thread only. */
guint
pd_view_data_changes_serial (PdWorkspace *workspace)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (workspace), "pd-spc-changes-serial"));
}

void
pd_view_data_changes_bump (PdWorkspace *workspace)
{
  g_object_set_data (G_OBJECT (workspace), "pd-spc-changes-serial",
                     GUINT_TO_POINTER (pd_view_data_changes_serial (workspace) + 1));
}

/* The GSettings spc-rule-preset nick of @preset ("mdc", "mdc-legacy", "ptd"). */
const char *
pd_view_data_preset_to_string (PdSpcPreset preset)
{
  switch (preset)
    {
    case PD_SPC_PRESET_MDC_LEGACY:
      return "mdc-legacy";
    case PD_SPC_PRESET_PTD:
      return "ptd";
    case PD_SPC_PRESET_MDC:
    default:
      return "mdc";
    }
}

/* What the Quality view's rule dropdown calls @preset. */
const char *
pd_view_data_preset_label (PdSpcPreset preset)
{
  switch (preset)
    {
    case PD_SPC_PRESET_MDC_LEGACY:
      return _("Making Data Count before Nov 2023");
    case PD_SPC_PRESET_PTD:
      return _("NHSRplotthedots defaults");
    case PD_SPC_PRESET_MDC:
    default:
      return _("Making Data Count");
    }
}
