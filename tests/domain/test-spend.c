/* test-spend.c — organisations, peers, the spend mix, monthly spend, the financial outlook
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "domain-fixture.h"
#include "domain/pd-finance.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"

static void
test_organisations (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commissioners = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(PdOrganisation) trust = NULL;
  PdOrganisation *first;

  commissioners = pd_organisations_query (fixture->workspace, PD_ROLE_COMMISSIONER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commissioners->len, ==, 3);
  first = g_ptr_array_index (commissioners, 0);
  g_assert_cmpstr (first->code, ==, "00L");
  g_assert_cmpstr (first->name, ==, "Northvale PCT");
  g_assert_cmpint (first->role, ==, PD_ROLE_COMMISSIONER);
  g_assert_cmpstr (first->region, ==, "North");
  g_assert_cmpint (first->population, ==, 200000);
  g_assert_cmpint (((PdOrganisation *) g_ptr_array_index (commissioners, 2))->population, ==, -1);

  everyone = pd_organisations_query (fixture->workspace, PD_ROLE_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, ==, 5);

  trust = pd_organisation_lookup (fixture->workspace, "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trust->name, ==, "Eastmere Hospitals, NHS Trust");
  g_assert_cmpint (trust->role, ==, PD_ROLE_PROVIDER);
  g_assert_cmpstr (trust->type, ==, "acute");

  g_assert_null (pd_organisation_lookup (fixture->workspace, "0L", &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
}

static void
test_peers (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *basis = NULL;
  PdPeerGroup *group;

  /* No peer groups: the region decides. */
  peers = pd_organisation_peers (fixture->workspace, "00L", &basis, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peers->len, ==, 1);
  g_assert_cmpstr (((PdOrganisation *) g_ptr_array_index (peers, 0))->code, ==, "5QA");
  g_assert_cmpstr (basis, ==, "region North");
  g_clear_pointer (&peers, g_ptr_array_unref);
  g_clear_pointer (&basis, g_free);

  /* Alone in its region: no peers and no basis. */
  peers = pd_organisation_peers (fixture->workspace, "5QB", &basis, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peers->len, ==, 0);
  g_assert_null (basis);
  g_clear_pointer (&peers, g_ptr_array_unref);

  /* With peer groups, the smallest group that holds it wins over the region. */
  fixture_exec (fixture,
                "INSERT INTO peer_groups (id, name, description) VALUES"
                " (1, 'All PCTs', 'Every PCT'), (2, 'Urban', NULL), (3, 'Empty', NULL);"
                "INSERT INTO peer_group_members (group_id, org_code) VALUES"
                " (1, '00L'), (1, '5QA'), (1, '5QB'), (2, '5QB'), (2, '00L');");
  peers = pd_organisation_peers (fixture->workspace, "00L", &basis, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peers->len, ==, 1);
  g_assert_cmpstr (((PdOrganisation *) g_ptr_array_index (peers, 0))->code, ==, "5QB");
  g_assert_cmpstr (basis, ==, "peer group Urban");
  g_clear_pointer (&peers, g_ptr_array_unref);

  groups = pd_peer_groups_query (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->name, ==, "All PCTs");
  g_assert_cmpstr (group->description, ==, "Every PCT");
  g_assert_cmpuint (g_strv_length (group->members), ==, 3);
  g_assert_cmpstr (group->members[0], ==, "00L");
  g_assert_cmpstr (group->members[2], ==, "5QB");
  group = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (group->name, ==, "Empty");
  g_assert_cmpuint (g_strv_length (group->members), ==, 0);

  g_assert_null (pd_organisation_peers (fixture->workspace, "XXX", NULL, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
}

static void
test_spend_mix (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  const PdSpendRow *row;
  const PdSpendCell *cell;

  mix = pd_spend_mix_query (fixture->workspace, 2009, 2009, NULL, &error);
  g_assert_no_error (error);

  /* Categories largest first; every commissioner has a row, even without spend. */
  g_assert_cmpuint (mix->categories->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (mix->categories, 0), ==, "Acute contracts");
  g_assert_cmpstr (g_ptr_array_index (mix->categories, 1), ==, "Community nursing");
  g_assert_cmpstr (g_ptr_array_index (mix->categories, 2), ==, "Prescribing");
  g_assert_cmpuint (mix->rows->len, ==, 3);
  g_assert_cmpuint (mix->cells->len, ==, 9);

  row = &g_array_index (mix->rows, PdSpendRow, 0);
  g_assert_cmpstr (row->commissioner, ==, "00L");
  g_assert_cmpint (row->year, ==, -1);
  g_assert_cmpint (row->total.amount_pence, ==, 375000053);
  g_assert_cmpuint (row->total.n_rows, ==, 5);
  g_assert_cmpuint (row->total.n_suppressed, ==, 1);
  g_assert_cmpfloat (row->total.share, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (row->total.pence_per_head, 1875.000265, 1e-9);

  cell = pd_spend_mix_cell (mix, 0, 0);
  g_assert_cmpint (cell->amount_pence, ==, 300000003);
  g_assert_cmpuint (cell->n_rows, ==, 2);
  g_assert_cmpuint (cell->n_suppressed, ==, 0);
  g_assert_cmpfloat (cell->share, ==, 300000003.0 / 375000053.0);
  g_assert_cmpfloat (cell->pence_per_head, ==, 300000003.0 / 200000.0);

  /* The suppressed community row adds nothing and is counted, never read as zero. */
  cell = pd_spend_mix_cell (mix, 0, 1);
  g_assert_cmpint (cell->amount_pence, ==, 50000050);
  g_assert_cmpuint (cell->n_rows, ==, 2);
  g_assert_cmpuint (cell->n_suppressed, ==, 1);

  /* 5QA: the whole-year prescribing row counts in the year. */
  row = &g_array_index (mix->rows, PdSpendRow, 1);
  g_assert_cmpstr (row->commissioner, ==, "5QA");
  g_assert_cmpint (row->total.amount_pence, ==, 110000000);
  cell = pd_spend_mix_cell (mix, 1, 2);
  g_assert_cmpint (cell->amount_pence, ==, 10000000);
  g_assert_cmpfloat (cell->share, ==, 1.0 / 11.0);
  g_assert_cmpfloat (cell->pence_per_head, ==, 100.0);

  /* 5QB: no spend and no population. */
  row = &g_array_index (mix->rows, PdSpendRow, 2);
  g_assert_cmpstr (row->commissioner, ==, "5QB");
  g_assert_cmpint (row->total.amount_pence, ==, 0);
  g_assert_cmpuint (row->total.n_rows, ==, 0);
  g_assert_true (isnan (row->total.share));
  g_assert_true (isnan (row->total.pence_per_head));
  g_assert_true (isnan (pd_spend_mix_cell (mix, 2, 0)->share));

  g_assert_cmpint (pd_spend_mix_find_row (mix, "5QA", -1), ==, 1);
  g_assert_cmpint (pd_spend_mix_find_row (mix, "RA1", -1), ==, -1);
  g_assert_cmpint (pd_spend_mix_find_category (mix, "Prescribing"), ==, 2);
  g_assert_cmpint (pd_spend_mix_find_category (mix, "Dental"), ==, -1);

  /* The peer mean counts each commissioner once and skips those without spend. */
  {
    const char *const peers[] = { "5QA", "5QB", NULL };
    const char *const both[] = { "00L", "5QA", NULL };

    g_assert_cmpfloat (pd_spend_mix_mean_share (mix, 0, peers), ==, 6.0 / 11.0);
    g_assert_cmpfloat_with_epsilon (pd_spend_mix_mean_share (mix, 0, both),
                                    (300000003.0 / 375000053.0 + 6.0 / 11.0) / 2.0, 1e-15);
  }
}

static void
test_spend_mix_span_and_choice (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *const chosen[] = { "5QB", "00L", NULL };
  const char *const unknown[] = { "00L", "RA1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  const PdSpendRow *row;

  /* Two years, two commissioners in the order asked for. Per head is a yearly average. */
  mix = pd_spend_mix_query (fixture->workspace, 2009, 2010, chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mix->rows->len, ==, 2);
  row = &g_array_index (mix->rows, PdSpendRow, 0);
  g_assert_cmpstr (row->commissioner, ==, "5QB");
  row = &g_array_index (mix->rows, PdSpendRow, 1);
  g_assert_cmpstr (row->commissioner, ==, "00L");
  g_assert_cmpint (row->total.amount_pence, ==, 685000053);
  g_assert_cmpfloat (row->total.pence_per_head, ==, 685000053.0 / 200000.0 / 2.0);
  g_assert_cmpint (pd_spend_mix_cell (mix, 1, 0)->amount_pence, ==, 610000003);
  g_assert_cmpstr (g_ptr_array_index (mix->categories, 0), ==, "Acute contracts");
  g_clear_pointer (&mix, pd_spend_mix_free);

  /* A provider is not a commissioner. */
  g_assert_null (pd_spend_mix_query (fixture->workspace, 2009, 2010, unknown, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (pd_spend_mix_query (fixture->workspace, 2010, 2009, NULL, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_clear_error (&error);

  /* Over the years: one row per year with spend. */
  mix = pd_spend_mix_over_years (fixture->workspace, "00L", &error);
  g_assert_no_error (error);
  g_assert_cmpint (mix->first_year, ==, 2009);
  g_assert_cmpint (mix->last_year, ==, 2010);
  g_assert_cmpuint (mix->rows->len, ==, 2);
  g_assert_cmpint (g_array_index (mix->rows, PdSpendRow, 0).year, ==, 2009);
  g_assert_cmpint (g_array_index (mix->rows, PdSpendRow, 1).year, ==, 2010);
  g_assert_cmpint (pd_spend_mix_find_row (mix, "00L", 2010), ==, 1);
  row = &g_array_index (mix->rows, PdSpendRow, 1);
  g_assert_cmpint (row->total.amount_pence, ==, 310000000);
  g_assert_cmpfloat (row->total.pence_per_head, ==, 1550.0);
  g_assert_cmpfloat (pd_spend_mix_cell (mix, 1, 0)->share, ==, 1.0);
  g_assert_cmpint (pd_spend_mix_cell (mix, 1, 1)->amount_pence, ==, 0);
  g_assert_cmpfloat (pd_spend_mix_cell (mix, 1, 1)->share, ==, 0.0);
  g_clear_pointer (&mix, pd_spend_mix_free);

  mix = pd_spend_mix_over_years (fixture->workspace, "RA1", &error);
  g_assert_null (mix);
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
}

static void
test_spend_monthly (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) years = NULL;
  const PdSpendMonth *month;

  months = pd_spend_monthly_query (fixture->workspace, "00L", NULL, 2009, 2010, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 24);

  /* April 2009 first, in financial order; gaps are months without rows, not zeros. */
  month = &g_array_index (months, PdSpendMonth, 0);
  g_assert_cmpint (month->financial_year, ==, 2009);
  g_assert_cmpint (month->year, ==, 2009);
  g_assert_cmpint (month->month, ==, 4);
  g_assert_cmpint (month->amount_pence, ==, 150000051);
  g_assert_cmpuint (month->n_rows, ==, 2);
  month = &g_array_index (months, PdSpendMonth, 1);
  g_assert_cmpint (month->amount_pence, ==, 200000002);
  month = &g_array_index (months, PdSpendMonth, 2);
  g_assert_cmpint (month->month, ==, 6);
  g_assert_cmpint (month->amount_pence, ==, 0);
  g_assert_cmpuint (month->n_rows, ==, 1);
  g_assert_cmpuint (month->n_suppressed, ==, 1);
  month = &g_array_index (months, PdSpendMonth, 3);
  g_assert_cmpuint (month->n_rows, ==, 0);
  month = &g_array_index (months, PdSpendMonth, 9);
  g_assert_cmpint (month->year, ==, 2010);
  g_assert_cmpint (month->month, ==, 1);
  g_assert_cmpint (month->financial_year, ==, 2009);
  g_assert_cmpint (month->amount_pence, ==, 25000000);
  month = &g_array_index (months, PdSpendMonth, 12);
  g_assert_cmpint (month->financial_year, ==, 2010);
  g_assert_cmpint (month->month, ==, 4);
  g_assert_cmpint (month->amount_pence, ==, 310000000);
  month = &g_array_index (months, PdSpendMonth, 23);
  g_assert_cmpint (month->year, ==, 2011);
  g_assert_cmpint (month->month, ==, 3);
  g_clear_pointer (&months, g_array_unref);

  /* One category; the whole-year row of 5QA has no month to go in. */
  months = pd_spend_monthly_query (fixture->workspace, "00L", "Community nursing", 2009, 2009,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (months, PdSpendMonth, 0).amount_pence, ==, 50000050);
  g_assert_cmpuint (g_array_index (months, PdSpendMonth, 1).n_rows, ==, 0);
  g_clear_pointer (&months, g_array_unref);
  months = pd_spend_monthly_query (fixture->workspace, "5QA", "Prescribing", 2009, 2009, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < months->len; i++)
    g_assert_cmpuint (g_array_index (months, PdSpendMonth, i).n_rows, ==, 0);
  g_assert_cmpint (g_array_index (months, PdSpendMonth, 11).month, ==, 3);

  years = pd_spend_years_query (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2009);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2010);
}

static void
test_finance_outlook (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  const PdFinanceYear *year;

  years = pd_finance_outlook_query (fixture->workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 4);

  year = &g_array_index (years, PdFinanceYear, 0);
  g_assert_cmpstr (year->commissioner, ==, "00L");
  g_assert_cmpint (year->year, ==, 2009);
  g_assert_true (year->has_allocation);
  g_assert_cmpint (year->allocation_pence, ==, 400000000);
  g_assert_cmpint (year->spend_pence, ==, 375000053);
  g_assert_cmpuint (year->spend_rows, ==, 5);
  g_assert_cmpuint (year->spend_suppressed, ==, 1);
  g_assert_cmpint (year->gap_pence, ==, 24999947);
  g_assert_cmpfloat (year->gap_percent, ==, 24999947.0 / 400000000.0 * 100.0);

  /* Overspent. */
  year = &g_array_index (years, PdFinanceYear, 1);
  g_assert_cmpint (year->year, ==, 2010);
  g_assert_cmpint (year->gap_pence, ==, -10000000);
  g_assert_cmpfloat (year->gap_percent, ==, -10000000.0 / 300000000.0 * 100.0);

  /* A suppressed allocation gives no gap, and spend still shows. */
  year = &g_array_index (years, PdFinanceYear, 2);
  g_assert_cmpstr (year->commissioner, ==, "5QA");
  g_assert_false (year->has_allocation);
  g_assert_cmpint (year->spend_pence, ==, 110000000);
  g_assert_cmpint (year->gap_pence, ==, 0);
  g_assert_true (isnan (year->gap_percent));

  /* An allocation without spend. */
  year = &g_array_index (years, PdFinanceYear, 3);
  g_assert_cmpstr (year->commissioner, ==, "5QB");
  g_assert_cmpint (year->allocation_pence, ==, 50000000);
  g_assert_cmpuint (year->spend_rows, ==, 0);
  g_assert_cmpint (year->gap_pence, ==, 50000000);
  g_clear_pointer (&years, g_array_unref);

  years = pd_finance_outlook_query (fixture->workspace, "00L", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (g_array_index (years, PdFinanceYear, 1).spend_pence, ==, 310000000);
}

static void
test_finance_scenario (void)
{
  /* The cold-climate plan: 5.5 % growth to 2011/12, then a 3 % real-terms cut, with
   * 2.5 % inflation and 2 % demand growth. Each figure worked with the formula. */
  PdFinanceScenario scenario = {
    .base_year = 2009,
    .base_allocation_pence = 1234567890,
    .base_spend_pence = 1234567890,
    .growth_until_year = 2011,
    .growth_percent = 5.5,
    .real_cut_percent = 3.0,
    .inflation_percent = 2.5,
    .demand_percent = 2.0,
    .n_years = 4,
  };
  static const gint64 expected[][5] = {
    /* allocation, spend, gap, savings, cumulative */
    { 1302469124, 1290740729, 11728395, 0, 0 },
    { 1374104926, 1349469432, 24635494, 0, 0 },
    { 1366203822, 1410870291, -44666469, 44666469, 44666469 },
    { 1358348150, 1475064890, -116716740, 70017946, 114684415 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) projections = pd_finance_project (&scenario, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (projections->len, ==, 4);
  for (guint i = 0; i < projections->len; i++)
    {
      const PdFinanceProjection *p = &g_array_index (projections, PdFinanceProjection, i);

      g_assert_cmpint (p->year, ==, 2010 + (int) i);
      g_assert_cmpint (p->allocation_pence, ==, expected[i][0]);
      g_assert_cmpint (p->spend_pence, ==, expected[i][1]);
      g_assert_cmpint (p->gap_pence, ==, expected[i][2]);
      g_assert_cmpint (p->savings_pence, ==, expected[i][3]);
      g_assert_cmpint (p->cumulative_savings_pence, ==, expected[i][4]);
    }
  g_clear_pointer (&projections, g_array_unref);

  /* A base-year overspend is recovered in the first year. */
  scenario.base_allocation_pence = 100000;
  scenario.base_spend_pence = 110000;
  scenario.growth_percent = 0.0;
  scenario.inflation_percent = 0.0;
  scenario.demand_percent = 0.0;
  scenario.real_cut_percent = 0.0;
  scenario.n_years = 2;
  projections = pd_finance_project (&scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (projections, PdFinanceProjection, 0).savings_pence, ==, 10000);
  g_assert_cmpint (g_array_index (projections, PdFinanceProjection, 1).savings_pence, ==, 0);
  g_assert_cmpint (g_array_index (projections, PdFinanceProjection, 1).gap_pence, ==, -10000);
  g_assert_cmpint (g_array_index (projections, PdFinanceProjection, 1).cumulative_savings_pence,
                   ==, 10000);
  g_clear_pointer (&projections, g_array_unref);

  scenario.real_cut_percent = -100.0;
  g_assert_null (pd_finance_project (&scenario, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_clear_error (&error);
  scenario.real_cut_percent = NAN;
  g_assert_null (pd_finance_project (&scenario, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
}

/* Sums of money beyond G_MAXINT64 pence are an error that says so, not a wrapped negative
 * amount (UBSan's signed overflow) or SQLite's bare "integer overflow". £90 million
 * million is absurd, but pence imported as pounds come close. */
static void
test_spend_overflow (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *const westmere[] = { "5QB", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;

  /* Two categories, each total fits: their sum, added in C, does not. */
  fixture_import (fixture, "huge.csv",
                  "commissioner,year,month,category,provider,amount\n"
                  "5QB,2011/12,Apr,Acute contracts,RA1,90000000000000000.00\n"
                  "5QB,2011/12,Apr,Community nursing,RB2,90000000000000000.00\n");
  g_assert_null (pd_spend_mix_query (fixture->workspace, 2011, 2011, westmere, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "5QB"));
  g_assert_nonnull (strstr (error->message, "£92,233,720,368,547,758.07"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_null (pd_spend_mix_over_years (fixture->workspace, "5QB", &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* The other commissioners' figures are still there. */
  mix = pd_spend_mix_query (fixture->workspace, 2009, 2009, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (mix->rows, PdSpendRow, 0).total.amount_pence, ==, 375000053);
  g_clear_pointer (&mix, pd_spend_mix_free);

  /* Two months of one category: SQLite's sum() overflows inside the query. */
  fixture_import (fixture, "huge-may.csv",
                  "commissioner,year,month,category,provider,amount\n"
                  "5QB,2011/12,May,Acute contracts,RA1,90000000000000000.00\n");
  g_assert_null (pd_spend_mix_query (fixture->workspace, 2011, 2011, westmere, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_assert_null (strstr (error->message, "integer overflow"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The workspace's summary adds every amount. */
  summary = pd_workspace_query_summary (fixture->workspace, &error);
  g_assert_null (summary);
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "£92,233,720,368,547,758.07"));
  g_assert_null (strstr (error->message, "integer overflow"));
  g_test_message ("%s", error->message);
}

/* An allocation and a credit (negative spend) that each fit, but whose gap does not:
 * an overflow error naming the commissioner, not a wrapped gap (found by fuzz-pack). */
static void
test_gap_overflow (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;

  fixture_import (fixture, "huge-allocation.csv",
                  "commissioner,year,allocation\n"
                  "5QB,2010/11,90000000000000000.00\n");
  fixture_import (fixture, "huge-credit.csv",
                  "commissioner,year,month,category,provider,amount\n"
                  "5QB,2010/11,Apr,Acute contracts,RA1,-90000000000000000.00\n");
  g_assert_null (pd_finance_outlook_query (fixture->workspace, "5QB", &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "5QB"));
  g_assert_nonnull (strstr (error->message, "2010/11"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The other commissioners' years are still there. */
  years = pd_finance_outlook_query (fixture->workspace, "00L", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, >, 0);
}

/* A projection that grows past G_MAXINT64 pence stops with an error naming the year. */
static void
test_finance_overflow (void)
{
  PdFinanceScenario scenario = {
    .base_year = 2009,
    .base_allocation_pence = 100000000,
    .base_spend_pence = 100000000,
    .growth_until_year = 2100,
    .growth_percent = 900.0,
    .inflation_percent = 0.0,
    .n_years = 20,
  };
  g_autoptr(GError) error = NULL;

  /* £1m × 10^n passes £92 million million million in the 11th year, 2020/21. */
  g_assert_null (pd_finance_project (&scenario, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "2020/21"));
  g_test_message ("%s", error->message);
}

static void
test_financial_years (void)
{
  g_autofree char *label = pd_financial_year_label (2009);
  g_autofree char *millennium = pd_financial_year_label (1999);

  g_assert_cmpstr (label, ==, "2009/10");
  g_assert_cmpstr (millennium, ==, "1999/00");
  g_assert_cmpuint (pd_financial_month_index (4), ==, 0);
  g_assert_cmpuint (pd_financial_month_index (12), ==, 8);
  g_assert_cmpuint (pd_financial_month_index (3), ==, 11);
  g_assert_cmpint (pd_financial_year_of_month (2010, 1), ==, 2009);
  g_assert_cmpint (pd_financial_year_of_month (2010, 4), ==, 2010);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pctdash/domain/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("organisations", test_organisations);
  ADD ("peers", test_peers);
  ADD ("spend-mix", test_spend_mix);
  ADD ("spend-mix-span-and-choice", test_spend_mix_span_and_choice);
  ADD ("spend-monthly", test_spend_monthly);
  ADD ("finance-outlook", test_finance_outlook);
  ADD ("spend-overflow", test_spend_overflow);
  ADD ("gap-overflow", test_gap_overflow);
  g_test_add_func ("/pctdash/domain/finance-overflow", test_finance_overflow);
  g_test_add_func ("/pctdash/domain/finance-scenario", test_finance_scenario);
  g_test_add_func ("/pctdash/domain/financial-years", test_financial_years);

  return g_test_run ();
}
