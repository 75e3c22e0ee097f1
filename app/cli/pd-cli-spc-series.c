/* pd-cli-spc-series.c — pctdash-cli spc -w: a workspace's series with its stored changes
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-cli-commands.h"
#include "pd-cli-spc-series.h"
#include "domain/pd-indicators.h"
#include "domain/pd-spc-changes.h"
#include "store/pd-workspace.h"

/**
 * pd_cli_spc_read_workspace:
 *
 * The provider's monthly series of the indicator, with the chart's stored baseline,
 * recalculations and ghosts (the Quality view's spc_changes rows) unless @stored is
 * FALSE, as the Quality view and the board pack compute it. The indicator's polarity
 * applies unless the command line gave a direction, and its target unless it gave one.
 * Prints its own error.
 */
gboolean
pd_cli_spc_read_workspace (const char     *workspace_path,
                           const char     *indicator_code,
                           const char     *provider,
                           gboolean        stored,
                           gboolean        improvement_given,
                           PdSpcOptions   *options,
                           PdCliSpcSeries *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree PdSpcPointInput *inputs = NULL;
  guint unmatched = 0;

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace == NULL)
    {
      pd_cli_error ("spc", "%s", error->message);
      return FALSE;
    }
  indicator = pd_indicator_lookup (workspace, indicator_code, &error);
  if (indicator == NULL)
    {
      pd_cli_error ("spc", "--indicator: %s", error->message);
      return FALSE;
    }
  series = pd_indicator_series_query (workspace, indicator->code, provider, PD_PERIOD_MONTH,
                                      NULL, NULL, &error);
  if (series == NULL)
    {
      pd_cli_error ("spc", "%s", error->message);
      return FALSE;
    }
  if (series->points->len == 0)
    {
      pd_cli_error ("spc", "%s: provider “%s” has no monthly values of %s", workspace_path,
                    provider, indicator->code);
      return FALSE;
    }
  if (!improvement_given)
    options->improvement = g_strcmp0 (indicator->polarity, "higher") == 0
                           ? PD_IMPROVEMENT_INCREASE
                           : g_strcmp0 (indicator->polarity, "lower") == 0
                           ? PD_IMPROVEMENT_DECREASE : PD_IMPROVEMENT_NEUTRAL;
  if (isnan (options->target))
    options->target = indicator->target;
  if (stored)
    {
      changes = pd_spc_changes_list (workspace, indicator->code, provider, &error);
      if (changes == NULL)
        {
          pd_cli_error ("spc", "%s", error->message);
          return FALSE;
        }
      if (changes->len > 0)
        inputs = pd_spc_changes_point_inputs (changes, series, options, &unmatched);
      out->applied = changes->len - unmatched;
    }

  out->values = g_array_new (FALSE, FALSE, sizeof (double));
  out->inputs = g_array_new (FALSE, FALSE, sizeof (PdSpcPointInput));
  out->dates = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < series->points->len; i++)
    {
      const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i);
      PdSpcPointInput input = { 0 };

      if (inputs != NULL)
        input = inputs[i];
      else
        {
          input.target = NAN;
          input.denominator = NAN;
        }
      g_array_append_val (out->values, point->value);
      g_array_append_val (out->inputs, input);
      g_ptr_array_add (out->dates, g_strdup (point->period_start));
    }
  return TRUE;
}
