/* test-cquin.c — CQUIN schemes priced from the workspace: a worked example to the penny
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "domain-fixture.h"
#include "domain/pd-cquin.h"

static const PdCquinMilestoneItem *
milestone (const PdCquinReport *report,
           guint                i)
{
  return &g_array_index (report->milestones, PdCquinMilestoneItem, i);
}

static const PdCquinIndicatorItem *
indicator_of (const PdCquinReport        *report,
              const PdCquinMilestoneItem *item)
{
  return &g_array_index (report->indicators, PdCquinIndicatorItem, item->indicator);
}

static const PdCquinSchemeItem *
scheme_of (const PdCquinReport        *report,
           const PdCquinIndicatorItem *item)
{
  return &g_array_index (report->schemes, PdCquinSchemeItem, item->scheme);
}

static void
assert_money (const PdCquinTotals *totals,
              gint64               at_risk,
              gint64               earned,
              gint64               withheld,
              gint64               pending)
{
  g_assert_cmpint (totals->at_risk_pence, ==, at_risk);
  g_assert_cmpint (totals->earned_pence, ==, earned);
  g_assert_cmpint (totals->withheld_pence, ==, withheld);
  g_assert_cmpint (totals->pending_pence, ==, pending);
}

/* 00L's £10m contract with RA1 at 1.5 % puts £150,000 at risk: CQ-A (60 %) £22,500 a
 * quarter, CQ-B (40 %, year end) £60,000. */
static void
test_worked_example (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  const PdCquinMilestoneItem *item;
  const PdCquinIndicatorItem *indicator;
  const PdCquinSchemeItem *scheme;
  const PdCquinOrganisationTotals *org;

  report = pd_cquin_report_query (fixture->workspace, 2010, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->year, ==, 2010);

  /* Schemes by provider, then commissioner. */
  g_assert_cmpuint (report->schemes->len, ==, 3);
  scheme = &g_array_index (report->schemes, PdCquinSchemeItem, 0);
  g_assert_cmpstr (scheme->provider, ==, "RA1");
  g_assert_cmpstr (scheme->commissioner, ==, "00L");
  g_assert_cmpint (scheme->contract_value_pence, ==, 1000000000);
  g_assert_cmpfloat (scheme->cquin_percent, ==, 1.5);
  g_assert_cmpint (scheme->totals.value_pence, ==, 15000000);
  assert_money (&scheme->totals, 15000000, 4875000, 7875000, 2250000);
  scheme = &g_array_index (report->schemes, PdCquinSchemeItem, 1);
  g_assert_cmpstr (scheme->provider, ==, "RA1");
  g_assert_cmpstr (scheme->commissioner, ==, "5QA");
  assert_money (&scheme->totals, 3000000, 975000, 1575000, 450000);
  scheme = &g_array_index (report->schemes, PdCquinSchemeItem, 2);
  g_assert_cmpstr (scheme->provider, ==, "RB2");
  g_assert_cmpint (scheme->totals.value_pence, ==, 500000);
  assert_money (&scheme->totals, 500000, 0, 0, 500000);

  /* 4 + 1 milestones for each RA1 scheme, 1 for RB2. */
  g_assert_cmpuint (report->indicators->len, ==, 5);
  g_assert_cmpuint (report->milestones->len, ==, 11);

  /* CQ-A Q1: 55 on a 50 to 60 scale earns half. */
  item = milestone (report, 0);
  indicator = indicator_of (report, item);
  g_assert_cmpstr (indicator->code, ==, "CQ-A");
  g_assert_cmpstr (indicator->name, ==, "Discharge summaries");
  g_assert_cmpstr (indicator->domain, ==, "effectiveness");
  g_assert_cmpfloat (indicator->weight_percent, ==, 60.0);
  g_assert_false (indicator->lower_is_better);
  g_assert_cmpint (indicator->rule, ==, PD_CQUIN_RULE_PROPORTIONAL);
  g_assert_cmpstr (scheme_of (report, indicator)->commissioner, ==, "00L");
  g_assert_cmpint (item->quarter, ==, 1);
  g_assert_cmpfloat (item->quarter_share, ==, 0.25);
  g_assert_cmpfloat (item->min_threshold, ==, 50.0);
  g_assert_cmpfloat (item->max_threshold, ==, 60.0);
  g_assert_cmpfloat (item->performance, ==, 55.0);
  g_assert_cmpfloat (item->numerator, ==, 55.0);
  g_assert_cmpfloat (item->denominator, ==, 100.0);
  g_assert_null (item->suppressed);
  g_assert_cmpfloat (item->payment.achievement, ==, 0.5);
  g_assert_cmpint (item->payment.at_risk_pence, ==, 2250000);
  g_assert_cmpint (item->payment.earned_pence, ==, 1125000);
  g_assert_cmpint (item->payment.withheld_pence, ==, 1125000);
  g_assert_cmpint (item->payment.pending_pence, ==, 0);

  /* Q2 above the top earns all; Q3 below the bottom earns nothing. */
  item = milestone (report, 1);
  g_assert_cmpint (item->quarter, ==, 2);
  g_assert_cmpfloat (item->payment.achievement, ==, 1.0);
  g_assert_cmpint (item->payment.earned_pence, ==, 2250000);
  item = milestone (report, 2);
  g_assert_cmpint (item->quarter, ==, 3);
  g_assert_cmpfloat (item->payment.achievement, ==, 0.0);
  g_assert_cmpint (item->payment.withheld_pence, ==, 2250000);

  /* Q4 not in yet: pending, neither earned nor withheld. */
  item = milestone (report, 3);
  g_assert_cmpint (item->quarter, ==, 4);
  g_assert_true (isnan (item->performance));
  g_assert_true (isnan (item->payment.achievement));
  g_assert_cmpint (item->payment.pending_pence, ==, 2250000);
  g_assert_cmpint (item->payment.earned_pence, ==, 0);
  g_assert_cmpint (item->payment.withheld_pence, ==, 0);

  /* CQ-B, lower is better: 3.5 between 2 (all) and 4 (nothing) earns a quarter. */
  item = milestone (report, 4);
  indicator = indicator_of (report, item);
  g_assert_cmpstr (indicator->code, ==, "CQ-B");
  g_assert_true (indicator->lower_is_better);
  g_assert_cmpfloat (item->quarter_share, ==, 1.0);
  g_assert_cmpfloat (item->payment.achievement, ==, 0.25);
  g_assert_cmpint (item->payment.at_risk_pence, ==, 6000000);
  g_assert_cmpint (item->payment.earned_pence, ==, 1500000);
  g_assert_cmpint (item->payment.withheld_pence, ==, 4500000);
  g_assert_cmpint (indicator->at_risk_pence, ==, 6000000);

  /* The indicator adds its quarters. */
  indicator = &g_array_index (report->indicators, PdCquinIndicatorItem, 0);
  g_assert_cmpint (indicator->at_risk_pence, ==, 9000000);
  g_assert_cmpint (indicator->earned_pence, ==, 3375000);
  g_assert_cmpint (indicator->withheld_pence, ==, 3375000);
  g_assert_cmpint (indicator->pending_pence, ==, 2250000);

  /* 5QA's smaller contract: the same results, a fifth of the money. */
  item = milestone (report, 5);
  g_assert_cmpstr (scheme_of (report, indicator_of (report, item))->commissioner, ==, "5QA");
  g_assert_cmpint (item->payment.at_risk_pence, ==, 450000);
  g_assert_cmpint (item->payment.earned_pence, ==, 225000);

  /* RB2's result is suppressed: pending, with the reason kept. 0.5 % of £1,000,000.33 is
   * 500,000.165p, rounded once. */
  item = milestone (report, 10);
  indicator = indicator_of (report, item);
  g_assert_cmpstr (indicator->code, ==, "CQ-C");
  g_assert_cmpint (indicator->rule, ==, PD_CQUIN_RULE_ALL_OR_NOTHING);
  g_assert_nonnull (item->suppressed);
  g_assert_true (isnan (item->performance));
  g_assert_cmpint (item->payment.at_risk_pence, ==, 500000);
  g_assert_cmpint (item->payment.pending_pence, ==, 500000);

  /* Providers and commissioners, by code, and the whole year. */
  g_assert_cmpuint (report->providers->len, ==, 2);
  org = &g_array_index (report->providers, PdCquinOrganisationTotals, 0);
  g_assert_cmpstr (org->code, ==, "RA1");
  assert_money (&org->totals, 18000000, 5850000, 9450000, 2700000);
  org = &g_array_index (report->providers, PdCquinOrganisationTotals, 1);
  g_assert_cmpstr (org->code, ==, "RB2");
  assert_money (&org->totals, 500000, 0, 0, 500000);
  g_assert_cmpuint (report->commissioners->len, ==, 2);
  org = &g_array_index (report->commissioners, PdCquinOrganisationTotals, 0);
  g_assert_cmpstr (org->code, ==, "00L");
  assert_money (&org->totals, 15500000, 4875000, 7875000, 2750000);
  g_assert_cmpint (org->totals.value_pence, ==, 15500000);
  org = &g_array_index (report->commissioners, PdCquinOrganisationTotals, 1);
  g_assert_cmpstr (org->code, ==, "5QA");
  assert_money (&org->totals, 3000000, 975000, 1575000, 450000);
  assert_money (&report->total, 18500000, 5850000, 9450000, 3200000);
  g_assert_cmpint (report->total.paid_on_account_pence, ==, 0);
  g_assert_cmpint (report->total.reconciliation_pence, ==, 5850000);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GArray) years = NULL;

  /* One commissioner. */
  report = pd_cquin_report_query (fixture->workspace, 2010, "5QA", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->schemes->len, ==, 1);
  g_assert_cmpuint (report->milestones->len, ==, 5);
  assert_money (&report->total, 3000000, 975000, 1575000, 450000);
  g_clear_pointer (&report, pd_cquin_report_free);

  /* One provider, latest year. */
  report = pd_cquin_report_query (fixture->workspace, 0, NULL, "RB2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->year, ==, 2010);
  g_assert_cmpuint (report->schemes->len, ==, 1);
  g_assert_cmpstr (g_array_index (report->schemes, PdCquinSchemeItem, 0).provider, ==, "RB2");
  g_clear_pointer (&report, pd_cquin_report_free);

  /* An earlier year: no results were reported, so it is all pending. */
  report = pd_cquin_report_query (fixture->workspace, 2009, "00L", "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->schemes->len, ==, 1);
  g_assert_cmpuint (report->milestones->len, ==, 1);
  assert_money (&report->total, 250000, 0, 0, 250000);
  g_clear_pointer (&report, pd_cquin_report_free);

  /* Nothing matches: an empty report, not an error. */
  report = pd_cquin_report_query (fixture->workspace, 2011, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->schemes->len, ==, 0);
  g_assert_cmpuint (report->providers->len, ==, 0);
  assert_money (&report->total, 0, 0, 0, 0);
  g_clear_pointer (&report, pd_cquin_report_free);

  years = pd_cquin_years_query (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2009);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2010);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pctdash/domain/cquin/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("worked-example", test_worked_example);
  ADD ("filters", test_filters);

  return g_test_run ();
}
