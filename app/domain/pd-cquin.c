/* pd-cquin.c — CQUIN schemes, milestones and achievement, priced by the payment rules
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-cquin.h"
#include "pd-domain-private.h"

static void
scheme_item_clear (gpointer data)
{
  PdCquinSchemeItem *item = data;

  g_free (item->commissioner);
  g_free (item->provider);
}

static void
indicator_item_clear (gpointer data)
{
  PdCquinIndicatorItem *item = data;

  g_free (item->code);
  g_free (item->name);
  g_free (item->domain);
}

static void
milestone_item_clear (gpointer data)
{
  PdCquinMilestoneItem *item = data;

  g_free (item->suppressed);
}

static void
organisation_totals_clear (gpointer data)
{
  PdCquinOrganisationTotals *item = data;

  g_free (item->code);
}

/**
 * pd_cquin_report_free:
 * @report: (nullable): a CQUIN report
 *
 * Frees @report.
 */
void
pd_cquin_report_free (PdCquinReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->schemes, g_array_unref);
  g_clear_pointer (&report->indicators, g_array_unref);
  g_clear_pointer (&report->milestones, g_array_unref);
  g_clear_pointer (&report->providers, g_array_unref);
  g_clear_pointer (&report->commissioners, g_array_unref);
  g_free (report);
}

static PdCquinReport *
report_new (int year)
{
  PdCquinReport *report = g_new0 (PdCquinReport, 1);

  report->year = year;
  report->schemes = g_array_new (FALSE, TRUE, sizeof (PdCquinSchemeItem));
  g_array_set_clear_func (report->schemes, scheme_item_clear);
  report->indicators = g_array_new (FALSE, TRUE, sizeof (PdCquinIndicatorItem));
  g_array_set_clear_func (report->indicators, indicator_item_clear);
  report->milestones = g_array_new (FALSE, TRUE, sizeof (PdCquinMilestoneItem));
  g_array_set_clear_func (report->milestones, milestone_item_clear);
  report->providers = g_array_new (FALSE, TRUE, sizeof (PdCquinOrganisationTotals));
  g_array_set_clear_func (report->providers, organisation_totals_clear);
  report->commissioners = g_array_new (FALSE, TRUE, sizeof (PdCquinOrganisationTotals));
  g_array_set_clear_func (report->commissioners, organisation_totals_clear);
  return report;
}

/* The latest year with a scheme that matches the filters, or 0 when none does. */
static gboolean
latest_year (PdWorkspace  *workspace,
             const char   *commissioner,
             const char   *provider,
             int          *out_year,
             GError      **error)
{
  static const char sql[] =
    "SELECT MAX (year) FROM cquin_schemes"
    " WHERE (?1 IS NULL OR commissioner = ?1) AND (?2 IS NULL OR provider = ?2)";
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the CQUIN schemes", error);
  if (stmt == NULL)
    return FALSE;
  _pd_domain_bind_text (stmt, 1, commissioner);
  _pd_domain_bind_text (stmt, 2, provider);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _pd_domain_check_done (workspace, rc, "Could not read the CQUIN schemes", error);
  *out_year = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Gives each distinct code of @codes (sorted) its index and fills @totals in that order. */
static GHashTable *
index_codes (GPtrArray *codes,
             GArray    *totals)
{
  GHashTable *index_of = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (g_hash_table_contains (index_of, code))
        continue;
      {
        PdCquinOrganisationTotals item = { 0 };

        item.code = g_strdup (code);
        g_array_append_val (totals, item);
        g_hash_table_insert (index_of, item.code, GUINT_TO_POINTER (totals->len - 1));
      }
    }
  return index_of;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * pd_cquin_report_query:
 * @workspace: a workspace
 * @year: the financial year (2010 for 2010/11), or 0 for the latest year with a scheme
 *   that matches the filters
 * @commissioner: (nullable): only this commissioner's schemes
 * @provider: (nullable): only this provider's schemes
 * @error: a #GError
 *
 * The CQUIN schemes of the year, each indicator and each quarterly milestone with the
 * provider's result for that quarter, priced by pd_cquin_payments_compute(): at risk,
 * earned, withheld and still pending, per milestone, indicator, scheme, provider,
 * commissioner and in total. An indicator's value is spread evenly over its milestones
 * (a quarter each for four, all of it for a year-end milestone alone). A result that
 * has not come in, or is suppressed, leaves the milestone pending. What was paid on
 * account during the year comes from the scheme (nothing when it was not imported), and
 * the totals reconcile it against what was earned.
 *
 * Returns: (transfer full): the report (with no schemes when none match), or %NULL with
 * @error set
 */
PdCquinReport *
pd_cquin_report_query (PdWorkspace  *workspace,
                       int           year,
                       const char   *commissioner,
                       const char   *provider,
                       GError      **error)
{
  /* One statement walks scheme → indicator → milestone → the quarter's result along the
   * unique indexes; LEFT JOINs keep a scheme without indicators or milestones. */
  static const char sql[] =
    "SELECT s.commissioner, s.provider, s.contract_value_pence, s.cquin_percent,"
    "       i.id, i.code, i.name, i.domain, i.weight_percent, i.direction, i.payment_rule,"
    "       (SELECT COUNT (*) FROM cquin_milestones c WHERE c.indicator_id = i.id),"
    "       m.quarter, m.min_threshold, m.max_threshold,"
    "       a.numerator, a.denominator, a.value, a.suppressed, s.id,"
    "       coalesce (s.paid_on_account_pence, 0)"
    " FROM cquin_schemes s"
    " LEFT JOIN cquin_indicators i ON i.scheme_id = s.id"
    " LEFT JOIN cquin_milestones m ON m.indicator_id = i.id"
    " LEFT JOIN cquin_achievement a ON a.provider = s.provider AND a.year = s.year"
    "                              AND a.indicator = i.code AND a.quarter = m.quarter"
    " WHERE s.year = ?1 AND (?2 IS NULL OR s.commissioner = ?2)"
    "   AND (?3 IS NULL OR s.provider = ?3)"
    " ORDER BY s.provider, s.commissioner, s.id, i.code, i.id, m.quarter";
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GArray) schemes = NULL;
  g_autoptr(GArray) milestones = NULL;
  g_autoptr(GPtrArray) provider_codes = NULL;
  g_autoptr(GPtrArray) commissioner_codes = NULL;
  g_autoptr(GHashTable) provider_index = NULL;
  g_autoptr(GHashTable) commissioner_index = NULL;
  g_autoptr(PdCquinPayments) payments = NULL;
  gint64 scheme_id = -1, indicator_id = -1;
  gboolean began;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  began = _pd_domain_read_begin (workspace);
  if (year <= 0 && !latest_year (workspace, commissioner, provider, &year, error))
    {
      _pd_domain_read_end (workspace, began);
      return NULL;
    }

  report = report_new (year);
  schemes = g_array_new (FALSE, TRUE, sizeof (PdCquinScheme));
  milestones = g_array_new (FALSE, TRUE, sizeof (PdCquinMilestone));
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, sql,
                                                       "Could not read the CQUIN schemes", error);
    if (stmt == NULL)
      {
        _pd_domain_read_end (workspace, began);
        return NULL;
      }
    sqlite3_bind_int (stmt, 1, year);
    _pd_domain_bind_text (stmt, 2, commissioner);
    _pd_domain_bind_text (stmt, 3, provider);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        PdCquinIndicatorItem *indicator;
        PdCquinMilestoneItem item = { 0 };
        PdCquinMilestone milestone = { 0 };
        gint64 n_milestones;

        if (sqlite3_column_int64 (stmt, 19) != scheme_id)
          {
            PdCquinSchemeItem fresh = { 0 };
            PdCquinScheme input = { 0 };

            scheme_id = sqlite3_column_int64 (stmt, 19);
            fresh.commissioner = _pd_domain_column_strdup (stmt, 0);
            fresh.provider = _pd_domain_column_strdup (stmt, 1);
            fresh.contract_value_pence = sqlite3_column_int64 (stmt, 2);
            fresh.cquin_percent = sqlite3_column_double (stmt, 3);
            g_array_append_val (report->schemes, fresh);
            input.contract_value_pence = fresh.contract_value_pence;
            input.cquin_percent = fresh.cquin_percent;
            input.paid_on_account_pence = sqlite3_column_int64 (stmt, 20);
            g_array_append_val (schemes, input);
            indicator_id = -1;
          }

        if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
          continue;
        if (sqlite3_column_int64 (stmt, 4) != indicator_id)
          {
            PdCquinIndicatorItem fresh = { 0 };

            indicator_id = sqlite3_column_int64 (stmt, 4);
            fresh.scheme = report->schemes->len - 1;
            fresh.code = _pd_domain_column_strdup (stmt, 5);
            fresh.name = _pd_domain_column_strdup (stmt, 6);
            fresh.domain = _pd_domain_column_strdup (stmt, 7);
            fresh.weight_percent = sqlite3_column_double (stmt, 8);
            fresh.lower_is_better =
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), "lower") == 0;
            if (!pd_cquin_parse_payment_rule ((const char *) sqlite3_column_text (stmt, 10),
                                              &fresh.rule))
              fresh.rule = PD_CQUIN_RULE_PROPORTIONAL;
            g_array_append_val (report->indicators, fresh);
          }
        indicator = &g_array_index (report->indicators, PdCquinIndicatorItem,
                                    report->indicators->len - 1);

        if (sqlite3_column_type (stmt, 12) == SQLITE_NULL)
          continue;
        n_milestones = sqlite3_column_int64 (stmt, 11);
        item.indicator = report->indicators->len - 1;
        item.quarter = sqlite3_column_int (stmt, 12);
        item.quarter_share = 1.0 / (double) MAX (n_milestones, 1);
        item.min_threshold = sqlite3_column_double (stmt, 13);
        item.max_threshold = sqlite3_column_double (stmt, 14);
        item.numerator = _pd_domain_column_double (stmt, 15);
        item.denominator = _pd_domain_column_double (stmt, 16);
        item.performance = _pd_domain_column_double (stmt, 17);
        item.suppressed = _pd_domain_column_strdup (stmt, 18);
        g_array_append_val (report->milestones, item);

        milestone.scheme = indicator->scheme;
        milestone.weight_percent = indicator->weight_percent;
        milestone.quarter_share = item.quarter_share;
        milestone.lower_is_better = indicator->lower_is_better;
        milestone.rule = indicator->rule;
        milestone.min_threshold = item.min_threshold;
        milestone.max_threshold = item.max_threshold;
        milestone.performance = item.performance;
        g_array_append_val (milestones, milestone);
      }
    if (!_pd_domain_check_done (workspace, rc, "Could not read the CQUIN schemes", error))
      {
        _pd_domain_read_end (workspace, began);
        return NULL;
      }
  }
  _pd_domain_read_end (workspace, began);

  /* Providers and commissioners get indexes in code order, for the calculator's totals. */
  provider_codes = g_ptr_array_new ();
  commissioner_codes = g_ptr_array_new ();
  for (guint i = 0; i < report->schemes->len; i++)
    {
      PdCquinSchemeItem *item = &g_array_index (report->schemes, PdCquinSchemeItem, i);

      g_ptr_array_add (provider_codes, item->provider);
      g_ptr_array_add (commissioner_codes, item->commissioner);
    }
  g_ptr_array_sort (provider_codes, compare_strings);
  g_ptr_array_sort (commissioner_codes, compare_strings);
  provider_index = index_codes (provider_codes, report->providers);
  commissioner_index = index_codes (commissioner_codes, report->commissioners);
  for (guint i = 0; i < report->schemes->len; i++)
    {
      PdCquinSchemeItem *item = &g_array_index (report->schemes, PdCquinSchemeItem, i);
      PdCquinScheme *input = &g_array_index (schemes, PdCquinScheme, i);

      input->provider = GPOINTER_TO_UINT (g_hash_table_lookup (provider_index, item->provider));
      input->commissioner =
        GPOINTER_TO_UINT (g_hash_table_lookup (commissioner_index, item->commissioner));
    }

  payments = pd_cquin_payments_compute ((const PdCquinScheme *) (gpointer) schemes->data,
                                        schemes->len,
                                        (const PdCquinMilestone *) (gpointer) milestones->data,
                                        milestones->len, error);
  if (payments == NULL)
    {
      g_prefix_error (error, "The CQUIN schemes of %d/%02d cannot be priced: ",
                      year, (year + 1) % 100);
      return NULL;
    }

  for (guint i = 0; i < report->milestones->len; i++)
    {
      PdCquinMilestoneItem *item = &g_array_index (report->milestones, PdCquinMilestoneItem, i);
      PdCquinIndicatorItem *indicator = &g_array_index (report->indicators, PdCquinIndicatorItem,
                                                        item->indicator);

      item->payment = payments->milestones[i];
      if (!_pd_domain_add_pence (&indicator->at_risk_pence, item->payment.at_risk_pence) ||
          !_pd_domain_add_pence (&indicator->earned_pence, item->payment.earned_pence) ||
          !_pd_domain_add_pence (&indicator->withheld_pence, item->payment.withheld_pence) ||
          !_pd_domain_add_pence (&indicator->pending_pence, item->payment.pending_pence))
        {
          g_autofree char *what = g_strdup_printf ("The CQUIN schemes of %d/%02d cannot be "
                                                   "priced", year, (year + 1) % 100);

          _pd_domain_set_overflow_error (error, what);
          return NULL;
        }
    }
  for (guint i = 0; i < report->schemes->len; i++)
    g_array_index (report->schemes, PdCquinSchemeItem, i).totals = payments->schemes[i];
  for (guint i = 0; i < report->providers->len; i++)
    g_array_index (report->providers, PdCquinOrganisationTotals, i).totals =
      payments->providers[i];
  for (guint i = 0; i < report->commissioners->len; i++)
    g_array_index (report->commissioners, PdCquinOrganisationTotals, i).totals =
      payments->commissioners[i];
  report->total = payments->total;

  return g_steal_pointer (&report);
}

/**
 * pd_cquin_years_query:
 * @workspace: a workspace
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type int): the financial years with CQUIN schemes,
 * oldest first, or %NULL with @error set
 */
GArray *
pd_cquin_years_query (PdWorkspace  *workspace,
                      GError      **error)
{
  static const char sql[] = "SELECT DISTINCT year FROM cquin_schemes ORDER BY year";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) years = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the CQUIN schemes", error);
  if (stmt == NULL)
    return NULL;
  years = g_array_new (FALSE, FALSE, sizeof (int));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, year);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the CQUIN schemes", error))
    return NULL;
  return g_steal_pointer (&years);
}
