/* pd-indicators.c — quality indicators: definitions, series, funnels, latest values
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pd-indicators.h"
#include "pd-domain-private.h"

static const char *const period_kinds[] = { "month", "quarter", "year" };
static const int period_months[] = { 1, 3, 12 };

/**
 * pd_period_kind_to_string:
 * @kind: a period kind
 *
 * Returns: "month", "quarter" or "year", as the workspace stores it
 */
const char *
pd_period_kind_to_string (PdPeriodKind kind)
{
  g_return_val_if_fail (kind <= PD_PERIOD_YEAR, NULL);

  return period_kinds[kind];
}

/**
 * pd_indicator_free:
 * @indicator: (nullable): an indicator definition
 *
 * Frees @indicator.
 */
void
pd_indicator_free (PdIndicator *indicator)
{
  if (indicator == NULL)
    return;

  g_free (indicator->code);
  g_free (indicator->name);
  g_free (indicator->domain);
  g_free (indicator->unit);
  g_free (indicator->polarity);
  g_free (indicator->source);
  g_free (indicator);
}

#define INDICATOR_COLUMNS "code, name, domain, unit, polarity, target, multiplier, source"

static PdIndicator *
indicator_from_row (PdDomainStmt *stmt)
{
  PdIndicator *indicator = g_new0 (PdIndicator, 1);

  indicator->code = _pd_domain_column_strdup (stmt, 0);
  indicator->name = _pd_domain_column_strdup (stmt, 1);
  indicator->domain = _pd_domain_column_strdup (stmt, 2);
  indicator->unit = _pd_domain_column_strdup (stmt, 3);
  indicator->polarity = _pd_domain_column_strdup (stmt, 4);
  indicator->target = _pd_domain_column_double (stmt, 5);
  indicator->multiplier = sqlite3_column_double (stmt, 6);
  indicator->source = _pd_domain_column_strdup (stmt, 7);
  return indicator;
}

/**
 * pd_indicators_query:
 * @workspace: a workspace
 * @domain: (nullable): only this domain ("safety", "effectiveness", "experience",
 *   "resources"), or %NULL for all
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type PdIndicator): the definitions, by domain and
 * code, or %NULL with @error set
 */
GPtrArray *
pd_indicators_query (PdWorkspace  *workspace,
                     const char   *domain,
                     GError      **error)
{
  static const char sql[] =
    "SELECT " INDICATOR_COLUMNS " FROM indicators WHERE ?1 IS NULL OR domain = ?1"
    " ORDER BY CASE domain WHEN 'safety' THEN 0 WHEN 'effectiveness' THEN 1"
    "                      WHEN 'experience' THEN 2 ELSE 3 END, code";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GPtrArray) indicators = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the indicators", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, domain);
  indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_indicator_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (indicators, indicator_from_row (stmt));
  if (!_pd_domain_check_done (workspace, rc, "Could not read the indicators", error))
    return NULL;
  return g_steal_pointer (&indicators);
}

/**
 * pd_indicator_lookup:
 * @workspace: a workspace
 * @code: an indicator code
 * @error: a #GError
 *
 * Returns: (transfer full): the definition, or %NULL with @error set
 * (%PD_DOMAIN_ERROR_NOT_FOUND for an unknown code)
 */
PdIndicator *
pd_indicator_lookup (PdWorkspace  *workspace,
                     const char   *code,
                     GError      **error)
{
  static const char sql[] = "SELECT " INDICATOR_COLUMNS " FROM indicators WHERE code = ?1";
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the indicators", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return indicator_from_row (stmt);
  if (_pd_domain_check_done (workspace, rc, "Could not read the indicators", error))
    g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                 "No indicator has the code “%s”", code);
  return NULL;
}

/**
 * pd_indicator_series_free:
 * @series: (nullable): a series
 *
 * Frees @series.
 */
void
pd_indicator_series_free (PdIndicatorSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->provider);
  g_clear_pointer (&series->points, g_array_unref);
  g_free (series);
}

/* A period start as a month number (year × 12 + month − 1), or -1 when it is not a date. */
static int
month_number (const char *iso)
{
  int year, month, day;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      month < 1 || month > 12)
    return -1;
  return year * 12 + month - 1;
}

static gboolean
check_date (const char  *iso,
            GError     **error)
{
  if (iso == NULL || month_number (iso) >= 0)
    return TRUE;
  g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
               "“%s” is not an ISO date (YYYY-MM-DD)", iso);
  return FALSE;
}

/* A series of every period from month number @first to @last, all gaps. */
static PdIndicatorSeries *
series_new (const char   *provider,
            PdPeriodKind  kind,
            int           first,
            int           last)
{
  PdIndicatorSeries *series = g_new0 (PdIndicatorSeries, 1);
  int step = period_months[kind];

  series->provider = g_strdup (provider);
  series->points = g_array_new (FALSE, TRUE, sizeof (PdIndicatorPoint));
  for (int m = first; first >= 0 && m <= last; m += step)
    {
      PdIndicatorPoint point = { 0 };

      g_snprintf (point.period_start, sizeof point.period_start, "%04d-%02d-01", m / 12,
                  m % 12 + 1);
      point.value = point.numerator = point.denominator = NAN;
      g_array_append_val (series->points, point);
    }
  return series;
}

/* Places the current row (period_start, numerator, denominator, value, suppressed from
 * column @first on) into @series, whose first period is month number @origin. */
static void
series_place (PdIndicatorSeries *series,
              PdPeriodKind       kind,
              int                origin,
              PdDomainStmt      *stmt,
              int                first)
{
  int m = month_number ((const char *) sqlite3_column_text (stmt, first));
  int step = period_months[kind];
  PdIndicatorPoint *point;

  /* Periods off the grid (a quarter starting in February) cannot be placed. */
  if (m < origin || (m - origin) % step != 0 ||
      (guint) ((m - origin) / step) >= series->points->len)
    return;
  point = &g_array_index (series->points, PdIndicatorPoint, (m - origin) / step);
  point->present = TRUE;
  point->numerator = _pd_domain_column_double (stmt, first + 1);
  point->denominator = _pd_domain_column_double (stmt, first + 2);
  point->value = _pd_domain_column_double (stmt, first + 3);
  point->suppressed = sqlite3_column_type (stmt, first + 4) != SQLITE_NULL;
  if (point->suppressed)
    point->value = NAN;
}

/* The span of the rows matching the filters: the first and last period_start. */
static gboolean
query_span (PdWorkspace  *workspace,
            const char   *indicator,
            const char   *provider,
            PdPeriodKind  kind,
            const char   *first,
            const char   *last,
            int          *out_first,
            int          *out_last,
            GError      **error)
{
  static const char sql[] =
    "SELECT MIN (period_start), MAX (period_start) FROM indicator_values"
    " WHERE indicator = ?1 AND (?2 IS NULL OR provider = ?2) AND period_kind = ?3"
    "   AND (?4 IS NULL OR period_start >= ?4) AND (?5 IS NULL OR period_start <= ?5)";
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the indicator values", error);
  if (stmt == NULL)
    return FALSE;
  _pd_domain_bind_text (stmt, 1, indicator);
  _pd_domain_bind_text (stmt, 2, provider);
  _pd_domain_bind_text (stmt, 3, period_kinds[kind]);
  _pd_domain_bind_text (stmt, 4, first);
  _pd_domain_bind_text (stmt, 5, last);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _pd_domain_check_done (workspace, rc, "Could not read the indicator values", error);
  *out_first = month_number ((const char *) sqlite3_column_text (stmt, 0));
  *out_last = month_number ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

static const char series_sql[] =
  "SELECT provider, period_start, numerator, denominator, value, suppressed"
  " FROM indicator_values"
  " WHERE indicator = ?1 AND (?2 IS NULL OR provider = ?2) AND period_kind = ?3"
  "   AND (?4 IS NULL OR period_start >= ?4) AND (?5 IS NULL OR period_start <= ?5)"
  " ORDER BY provider, period_start";

/* Shared by the two series queries: @provider NULL reads every provider. */
static GPtrArray *
query_series (PdWorkspace  *workspace,
              const char   *indicator,
              const char   *provider,
              PdPeriodKind  kind,
              const char   *first,
              const char   *last,
              GError      **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(PdIndicator) definition = NULL;
  PdIndicatorSeries *series = NULL;
  int span_first = -1, span_last = -1;
  gboolean began;
  int rc;

  if (!check_date (first, error) || !check_date (last, error))
    return NULL;

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_indicator_series_free);
  began = _pd_domain_read_begin (workspace);
  definition = pd_indicator_lookup (workspace, indicator, error);
  if (definition == NULL ||
      !query_span (workspace, indicator, provider, kind, first, last, &span_first, &span_last,
                   error))
    {
      _pd_domain_read_end (workspace, began);
      return NULL;
    }
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, series_sql,
                                                       "Could not read the indicator values",
                                                       error);
    if (stmt == NULL)
      {
        _pd_domain_read_end (workspace, began);
        return NULL;
      }
    _pd_domain_bind_text (stmt, 1, indicator);
    _pd_domain_bind_text (stmt, 2, provider);
    _pd_domain_bind_text (stmt, 3, period_kinds[kind]);
    _pd_domain_bind_text (stmt, 4, first);
    _pd_domain_bind_text (stmt, 5, last);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *code = (const char *) sqlite3_column_text (stmt, 0);

        if (series == NULL || strcmp (series->provider, code) != 0)
          {
            series = series_new (code, kind, span_first, span_last);
            g_ptr_array_add (all, series);
          }
        series_place (series, kind, span_first, stmt, 1);
      }
    if (!_pd_domain_check_done (workspace, rc, "Could not read the indicator values", error))
      {
        _pd_domain_read_end (workspace, began);
        return NULL;
      }
  }
  _pd_domain_read_end (workspace, began);
  return g_steal_pointer (&all);
}

/**
 * pd_indicator_series_query:
 * @workspace: a workspace
 * @indicator: an indicator code
 * @provider: a provider's code
 * @kind: monthly, quarterly or yearly values
 * @first: (nullable): the first period start to include (ISO date), or %NULL
 * @last: (nullable): the last period start to include (ISO date), or %NULL
 * @error: a #GError
 *
 * One provider's series, one point per period from its first value to its last within
 * @first and @last, oldest first. A period without a row is a gap (present FALSE), never
 * a zero; a suppressed value is present, marked suppressed, with a NaN value.
 *
 * Returns: (transfer full): the series (with no points when there are no values), or
 * %NULL with @error set (%PD_DOMAIN_ERROR_NOT_FOUND for an unknown indicator)
 */
PdIndicatorSeries *
pd_indicator_series_query (PdWorkspace  *workspace,
                           const char   *indicator,
                           const char   *provider,
                           PdPeriodKind  kind,
                           const char   *first,
                           const char   *last,
                           GError      **error)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (indicator != NULL && provider != NULL, NULL);
  g_return_val_if_fail (kind <= PD_PERIOD_YEAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  all = query_series (workspace, indicator, provider, kind, first, last, error);
  if (all == NULL)
    return NULL;
  if (all->len == 0)
    return series_new (provider, kind, -1, -1);
  return g_ptr_array_steal_index (all, 0);
}

/**
 * pd_indicator_all_series_query:
 * @workspace: a workspace
 * @indicator: an indicator code
 * @kind: monthly, quarterly or yearly values
 * @first: (nullable): the first period start to include (ISO date), or %NULL
 * @last: (nullable): the last period start to include (ISO date), or %NULL
 * @error: a #GError
 *
 * Every provider's series for one indicator, in one read, for small multiples and
 * faceted SPC. All series share one span, from the earliest value of any provider to the
 * latest, so point i is the same period in each; see pd_indicator_series_query() for
 * gaps and suppression.
 *
 * Returns: (transfer full) (element-type PdIndicatorSeries): by provider code, or %NULL
 * with @error set
 */
GPtrArray *
pd_indicator_all_series_query (PdWorkspace  *workspace,
                               const char   *indicator,
                               PdPeriodKind  kind,
                               const char   *first,
                               const char   *last,
                               GError      **error)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (indicator != NULL, NULL);
  g_return_val_if_fail (kind <= PD_PERIOD_YEAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_series (workspace, indicator, NULL, kind, first, last, error);
}

static void
indicator_total_clear (gpointer data)
{
  PdIndicatorTotal *total = data;

  g_free (total->provider);
}

/**
 * pd_indicator_totals_query:
 * @workspace: a workspace
 * @indicator: an indicator code
 * @kind: which values to add: monthly, quarterly or yearly
 * @first: (nullable): the first period start to include (ISO date), or %NULL
 * @last: (nullable): the last period start to include (ISO date), or %NULL
 * @error: a #GError
 *
 * Each provider's numerator and denominator over the span, for a funnel plot: a ratio
 * of sums, never a mean of monthly values. A period counts only with both parts known
 * and not suppressed (for a count, the numerator alone), because adding a period's
 * denominator without its numerator would bias the rate down; the periods left out are
 * counted. value = numerator / denominator × multiplier (NaN when the denominator is 0);
 * for a count it is the numerator.
 *
 * Returns: (transfer full) (element-type PdIndicatorTotal): one per provider with values,
 * by code, or %NULL with @error set
 */
GArray *
pd_indicator_totals_query (PdWorkspace  *workspace,
                           const char   *indicator,
                           PdPeriodKind  kind,
                           const char   *first,
                           const char   *last,
                           GError      **error)
{
  static const char sql[] =
    "SELECT provider, SUM (numerator) FILTER (WHERE ok), SUM (denominator) FILTER (WHERE ok),"
    "       COUNT (*) FILTER (WHERE ok), COUNT (*) FILTER (WHERE NOT ok)"
    " FROM (SELECT v.provider, v.numerator, v.denominator,"
    "              v.suppressed IS NULL AND v.numerator IS NOT NULL"
    "              AND (v.denominator IS NOT NULL OR ?6 = 'count') AS ok"
    "       FROM indicator_values v"
    "       WHERE v.indicator = ?1 AND v.period_kind = ?3"
    "         AND (?4 IS NULL OR v.period_start >= ?4) AND (?5 IS NULL OR v.period_start <= ?5))"
    " GROUP BY provider ORDER BY provider";
  g_autoptr(PdIndicator) definition = NULL;
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) totals = NULL;
  gboolean is_count;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (indicator != NULL, NULL);
  g_return_val_if_fail (kind <= PD_PERIOD_YEAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_date (first, error) || !check_date (last, error))
    return NULL;
  definition = pd_indicator_lookup (workspace, indicator, error);
  if (definition == NULL)
    return NULL;
  is_count = g_strcmp0 (definition->unit, "count") == 0;

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the indicator values", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, indicator);
  _pd_domain_bind_text (stmt, 3, period_kinds[kind]);
  _pd_domain_bind_text (stmt, 4, first);
  _pd_domain_bind_text (stmt, 5, last);
  _pd_domain_bind_text (stmt, 6, definition->unit);

  totals = g_array_new (FALSE, TRUE, sizeof (PdIndicatorTotal));
  g_array_set_clear_func (totals, indicator_total_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdIndicatorTotal total = { 0 };

      total.provider = _pd_domain_column_strdup (stmt, 0);
      total.n_periods = (guint) sqlite3_column_int64 (stmt, 3);
      total.n_left_out = (guint) sqlite3_column_int64 (stmt, 4);
      total.numerator = total.n_periods > 0 ? sqlite3_column_double (stmt, 1) : NAN;
      total.denominator = _pd_domain_column_double (stmt, 2);
      if (is_count)
        total.value = total.numerator;
      else if (total.denominator > 0)
        total.value = total.numerator / total.denominator * definition->multiplier;
      else
        total.value = NAN;
      g_array_append_val (totals, total);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the indicator values", error))
    return NULL;
  return g_steal_pointer (&totals);
}

static void
indicator_latest_clear (gpointer data)
{
  PdIndicatorLatest *latest = data;

  g_free (latest->indicator);
  g_free (latest->provider);
}

/**
 * pd_indicator_latest_query:
 * @workspace: a workspace
 * @indicator: (nullable): one indicator, or %NULL for all
 * @provider: (nullable): one provider, or %NULL for all
 * @kind: monthly, quarterly or yearly values
 * @error: a #GError
 *
 * The most recent period of each indicator at each provider, for tiles and the provider
 * × domain summary. The latest row counts even when it is suppressed, so a tile says
 * "suppressed" rather than showing an older value as if it were current.
 *
 * Returns: (transfer full) (element-type PdIndicatorLatest): by indicator and provider,
 * or %NULL with @error set
 */
GArray *
pd_indicator_latest_query (PdWorkspace  *workspace,
                           const char   *indicator,
                           const char   *provider,
                           PdPeriodKind  kind,
                           GError      **error)
{
  /* One descending seek on the unique (indicator, provider, period_kind, period_start)
   * index per indicator and provider, rather than a scan of every value. */
  static const char sql[] =
    "SELECT v.indicator, v.provider, v.period_start, v.suppressed IS NOT NULL, v.value,"
    "       v.numerator, v.denominator"
    " FROM indicators i JOIN organisations o"
    " JOIN indicator_values v ON v.id = (SELECT w.id FROM indicator_values w"
    "                                    WHERE w.indicator = i.code AND w.provider = o.code"
    "                                      AND w.period_kind = ?3"
    "                                    ORDER BY w.period_start DESC LIMIT 1)"
    " WHERE (?1 IS NULL OR i.code = ?1) AND (?2 IS NULL OR o.code = ?2)"
    "   AND o.role = 'provider'"
    " ORDER BY i.code, o.code";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) latest = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (kind <= PD_PERIOD_YEAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the indicator values", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, indicator);
  _pd_domain_bind_text (stmt, 2, provider);
  _pd_domain_bind_text (stmt, 3, period_kinds[kind]);

  latest = g_array_new (FALSE, TRUE, sizeof (PdIndicatorLatest));
  g_array_set_clear_func (latest, indicator_latest_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdIndicatorLatest item = { 0 };

      item.indicator = _pd_domain_column_strdup (stmt, 0);
      item.provider = _pd_domain_column_strdup (stmt, 1);
      g_strlcpy (item.period_start, (const char *) sqlite3_column_text (stmt, 2),
                 sizeof item.period_start);
      item.suppressed = sqlite3_column_int (stmt, 3) != 0;
      item.value = item.suppressed ? NAN : _pd_domain_column_double (stmt, 4);
      item.numerator = _pd_domain_column_double (stmt, 5);
      item.denominator = _pd_domain_column_double (stmt, 6);
      g_array_append_val (latest, item);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the indicator values", error))
    return NULL;
  return g_steal_pointer (&latest);
}
