/* pd-finance.c — the financial outlook: allocation against spend, and scenarios
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-finance.h"
#include "pd-domain-private.h"

static void
finance_year_clear (gpointer data)
{
  PdFinanceYear *year = data;

  g_free (year->commissioner);
}

/**
 * pd_finance_outlook_query:
 * @workspace: a workspace
 * @commissioner: (nullable): one commissioner, or %NULL for all
 * @error: a #GError
 *
 * Each commissioner's allocation and spend by financial year, and the gap between them.
 * A year with an allocation but no spend, or spend but no allocation, still has its row.
 * Suppressed spend rows are left out of the sum and counted, so the gap is then an upper
 * bound; a suppressed allocation gives no gap at all.
 *
 * Returns: (transfer full) (element-type PdFinanceYear): sorted by commissioner and year,
 * or %NULL with @error set
 */
GArray *
pd_finance_outlook_query (PdWorkspace  *workspace,
                          const char   *commissioner,
                          GError      **error)
{
  /* spend_totals holds the sums by commissioner, year, month, category and provider
   * (kept by the importer): a few thousand rows whatever the size of the spend table. */
  static const char sql[] =
    "WITH s AS ("
    "  SELECT commissioner, year, SUM (amount_pence) AS amount, SUM (rows) AS n,"
    "         SUM (suppressed_rows) AS suppressed"
    "  FROM spend_totals"
    "  WHERE ?1 IS NULL OR commissioner = ?1"
    "  GROUP BY commissioner, year),"
    " a AS (SELECT commissioner, year, allocation_pence FROM allocations"
    "       WHERE ?1 IS NULL OR commissioner = ?1)"
    " SELECT COALESCE (a.commissioner, s.commissioner), COALESCE (a.year, s.year),"
    "        a.allocation_pence, s.amount, s.n, s.suppressed"
    " FROM a FULL JOIN s ON s.commissioner = a.commissioner AND s.year = a.year"
    " ORDER BY 1, 2";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) years = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the allocations and spend", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, commissioner);

  years = g_array_new (FALSE, TRUE, sizeof (PdFinanceYear));
  g_array_set_clear_func (years, finance_year_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdFinanceYear year = { 0 };

      year.commissioner = _pd_domain_column_strdup (stmt, 0);
      year.year = sqlite3_column_int (stmt, 1);
      year.has_allocation = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      year.allocation_pence = sqlite3_column_int64 (stmt, 2);
      year.spend_pence = sqlite3_column_int64 (stmt, 3);
      year.spend_rows = (guint) sqlite3_column_int64 (stmt, 4);
      year.spend_suppressed = (guint) sqlite3_column_int64 (stmt, 5);
      if (year.has_allocation &&
          __builtin_sub_overflow (year.allocation_pence, year.spend_pence, &year.gap_pence))
        {
          g_autofree char *label = pd_financial_year_label (year.year);
          g_autofree char *what = g_strdup_printf ("The gap between %s's allocation and "
                                                   "spend in %s", year.commissioner, label);

          finance_year_clear (&year);
          _pd_domain_set_overflow_error (error, what);
          return NULL;
        }
      if (year.has_allocation)
        {
          year.gap_percent = year.allocation_pence != 0
            ? (double) year.gap_pence / (double) year.allocation_pence * 100.0 : NAN;
        }
      else
        {
          year.gap_percent = NAN;
        }
      g_array_append_val (years, year);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the allocations and spend", error))
    return NULL;
  return g_steal_pointer (&years);
}

static gboolean
check_rate (double       percent,
            const char  *what,
            GError     **error)
{
  if (isfinite (percent) && percent > -100.0 && percent < 1000.0)
    return TRUE;
  g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
               "The %s of %g %% a year is out of range", what, percent);
  return FALSE;
}

/* round() goes half away from zero, as finance tables do. FALSE when the amount does not
 * fit gint64: converting it would be undefined behaviour. */
static gboolean
round_pence (double  pence,
             gint64 *out)
{
  double rounded = round (pence);

  if (!(rounded > -0x1p63 && rounded < 0x1p63))
    return FALSE;
  *out = (gint64) rounded;
  return TRUE;
}

/**
 * pd_finance_project:
 * @scenario: the scenario
 * @error: a #GError
 *
 * Projects year by year from the base year, with g, c, i and d the growth, real-terms
 * cut, inflation and demand percentages as fractions:
 *
 * - allocation: A(y) = A(y−1) × (1 + g) up to growth_until_year, then
 *   A(y) = A(y−1) × (1 + i) × (1 − c): cash that keeps pace with inflation less the cut;
 * - spend if nothing changes: S(y) = S(y−1) × (1 + i) × (1 + d), from the base spend;
 * - gap: A(y) − S(y), below 0 a shortfall;
 * - savings: the plan spends P(y) = min(A(y), P(y−1) × (1 + i) × (1 + d)) with P(base)
 *   the base spend, so each year must find the new recurrent savings
 *   max(0, P(y−1) × (1 + i) × (1 + d) − A(y)); savings once made stay made, and a base
 *   year overspend is recovered in the first year. The cumulative savings add those up.
 *
 * Arithmetic runs unrounded; each money figure is rounded once to whole pence (half away
 * from zero), and the gap and the cumulative savings are computed from the rounded
 * figures, so a table of them adds up.
 *
 * Returns: (transfer full) (element-type PdFinanceProjection): n_years projections from
 * base_year + 1, or %NULL with @error set when a percentage is not above −100 or not finite
 * (%PD_DOMAIN_ERROR_INVALID), or a figure passes G_MAXINT64 pence (%PD_DOMAIN_ERROR_OVERFLOW)
 */
GArray *
pd_finance_project (const PdFinanceScenario  *scenario,
                    GError                  **error)
{
  g_autoptr(GArray) projections = NULL;
  double allocation, spend, planned, cost_growth;
  gint64 cumulative = 0;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_rate (scenario->growth_percent, "growth", error) ||
      !check_rate (scenario->real_cut_percent, "real-terms cut", error) ||
      !check_rate (scenario->inflation_percent, "inflation", error) ||
      !check_rate (scenario->demand_percent, "demand growth", error))
    return NULL;
  if (scenario->n_years > 100)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "A projection of %u years is too long", scenario->n_years);
      return NULL;
    }

  cost_growth = (1.0 + scenario->inflation_percent / 100.0) *
                (1.0 + scenario->demand_percent / 100.0);
  allocation = (double) scenario->base_allocation_pence;
  spend = (double) scenario->base_spend_pence;
  planned = spend;

  projections = g_array_sized_new (FALSE, TRUE, sizeof (PdFinanceProjection), scenario->n_years);
  for (guint n = 1; n <= scenario->n_years; n++)
    {
      PdFinanceProjection projection = { 0 };
      double savings;

      projection.year = scenario->base_year + (int) n;
      if (projection.year <= scenario->growth_until_year)
        allocation *= 1.0 + scenario->growth_percent / 100.0;
      else
        allocation *= (1.0 + scenario->inflation_percent / 100.0) *
                      (1.0 - scenario->real_cut_percent / 100.0);
      spend *= cost_growth;
      planned *= cost_growth;
      savings = MAX (0.0, planned - allocation);
      planned -= savings;

      if (!round_pence (allocation, &projection.allocation_pence) ||
          !round_pence (spend, &projection.spend_pence) ||
          __builtin_sub_overflow (projection.allocation_pence, projection.spend_pence,
                                  &projection.gap_pence) ||
          !round_pence (savings, &projection.savings_pence) ||
          !_pd_domain_add_pence (&cumulative, projection.savings_pence))
        {
          g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW,
                       "The projection cannot go on to %d/%02d: its figures pass "
                       "£92,233,720,368,547,758.07, the most pctdash can count. Check the "
                       "percentages and the base year's figures", projection.year,
                       (projection.year + 1) % 100);
          return NULL;
        }
      projection.cumulative_savings_pence = cumulative;
      g_array_append_val (projections, projection);
    }
  return g_steal_pointer (&projections);
}
