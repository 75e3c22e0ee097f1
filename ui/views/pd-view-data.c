/* pd-view-data.c — what the views read on their worker threads, shared between them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "domain/pd-organisations.h"
#include "pd-view-data.h"

/* An indicator's monthly series as the Overview and Quality views both judge it: Making
 * Data Count's rules, the indicator's polarity and target, the same as the core's charts. */
PdSpcResult *
pd_view_data_series_spc (const PdIndicator        *indicator,
                         const PdIndicatorSeries  *series,
                         GError                  **error)
{
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
  return pd_spc_compute (values, n, NULL, &options, error);
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
 * has no spend by provider. The domain layer has no such query yet: the spend ledger's
 * provider column is the only link between a commissioner and the providers it buys from. */
GPtrArray *
pd_view_data_providers_of (PdWorkspace  *workspace,
                           const char   *commissioner,
                           GError      **error)
{
  g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  g_autoptr(GHashTable) paid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *providers;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = pd_workspace_get_db (workspace);
  int rc;

  if (all == NULL)
    return NULL;
  if (commissioner == NULL)
    return g_steal_pointer (&all);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT DISTINCT provider FROM spend "
                           "WHERE commissioner = ?1 AND provider IS NOT NULL",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, commissioner, -1, SQLITE_TRANSIENT);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (paid, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not read the providers of %s: %s", commissioner, sqlite3_errmsg (db));
      return NULL;
    }
  if (g_hash_table_size (paid) == 0)
    return g_steal_pointer (&all);

  providers = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_organisation_free);
  for (guint i = 0; i < all->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (all, i);

      if (g_hash_table_contains (paid, org->code))
        g_ptr_array_add (providers, pd_organisation_copy (org));
    }
  return providers;
}
