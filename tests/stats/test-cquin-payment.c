/* test-cquin-payment.c — CQUIN payments against worked examples
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-test-util.h"
#include "stats/pd-cquin-payment.h"

static PdCquinMilestone
milestone (gsize              scheme,
           double             weight_percent,
           double             quarter_share,
           gboolean           lower_is_better,
           PdCquinPaymentRule rule,
           double             min_threshold,
           double             max_threshold,
           double             performance)
{
  PdCquinMilestone m = {
    .scheme = scheme,
    .weight_percent = weight_percent,
    .quarter_share = quarter_share,
    .lower_is_better = lower_is_better,
    .rule = rule,
    .min_threshold = min_threshold,
    .max_threshold = max_threshold,
    .performance = performance,
  };

  return m;
}

static void
test_achievement (void)
{
  /* Higher is better, thresholds 60 and 90: 75 is half way. */
  g_assert_cmpfloat (pd_cquin_achievement (75, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.5);
  g_assert_cmpfloat (pd_cquin_achievement (50, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.0);
  g_assert_cmpfloat (pd_cquin_achievement (95, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 1.0);
  g_assert_cmpfloat (pd_cquin_achievement (60, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.0);
  g_assert_cmpfloat (pd_cquin_achievement (90, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 1.0);

  /* Lower is better, mirrored: full payment at 10 or below, nothing at 20 or above;
   * the thresholds may come either way round. */
  g_assert_cmpfloat (pd_cquin_achievement (12, 10, 20, TRUE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.8);
  g_assert_cmpfloat (pd_cquin_achievement (12, 20, 10, TRUE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.8);
  g_assert_cmpfloat (pd_cquin_achievement (25, 20, 10, TRUE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.0);
  g_assert_cmpfloat (pd_cquin_achievement (5, 20, 10, TRUE, PD_CQUIN_RULE_PROPORTIONAL), ==, 1.0);

  /* All or nothing: the better threshold must be reached, inclusive. */
  g_assert_cmpfloat (pd_cquin_achievement (89.9, 60, 90, FALSE, PD_CQUIN_RULE_ALL_OR_NOTHING), ==, 0.0);
  g_assert_cmpfloat (pd_cquin_achievement (90, 60, 90, FALSE, PD_CQUIN_RULE_ALL_OR_NOTHING), ==, 1.0);
  g_assert_cmpfloat (pd_cquin_achievement (10, 10, 20, TRUE, PD_CQUIN_RULE_ALL_OR_NOTHING), ==, 1.0);
  g_assert_cmpfloat (pd_cquin_achievement (10.5, 10, 20, TRUE, PD_CQUIN_RULE_ALL_OR_NOTHING), ==, 0.0);

  /* Equal thresholds cannot be interpolated: a proportional rule becomes all or nothing
   * there rather than dividing by zero. */
  g_assert_cmpfloat (pd_cquin_achievement (95, 95, 95, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 1.0);
  g_assert_cmpfloat (pd_cquin_achievement (94.99, 95, 95, FALSE, PD_CQUIN_RULE_PROPORTIONAL), ==, 0.0);
  g_assert_cmpfloat (pd_cquin_achievement (3, 3, 3, TRUE, PD_CQUIN_RULE_PROPORTIONAL), ==, 1.0);

  /* No result yet. */
  g_assert_true (isnan (pd_cquin_achievement (NAN, 60, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL)));
  g_assert_true (isnan (pd_cquin_achievement (70, NAN, 90, FALSE, PD_CQUIN_RULE_PROPORTIONAL)));
}

static void
test_rounding (void)
{
  g_assert_cmpint (pd_cquin_round_pence (2.5), ==, 3);
  g_assert_cmpint (pd_cquin_round_pence (-2.5), ==, -3);
  g_assert_cmpint (pd_cquin_round_pence (2.4999), ==, 2);
  g_assert_cmpint (pd_cquin_round_pence (0.0), ==, 0);
  /* Beyond gint64 (fuzz-pack: a contract of £1e300) saturates; NaN is no payment. */
  g_assert_cmpint (pd_cquin_round_pence (1e300), ==, G_MAXINT64);
  g_assert_cmpint (pd_cquin_round_pence (-1e300), ==, G_MININT64);
  g_assert_cmpint (pd_cquin_round_pence (9223372036854775807.0), ==, G_MAXINT64);
  g_assert_cmpint (pd_cquin_round_pence (9.2e18), ==, (gint64) 9.2e18);
  g_assert_cmpint (pd_cquin_round_pence (NAN), ==, 0);
  /* 2.3 % of £15 is 34.5 pence, but 1500 × 2.3 × 100 / 10000 is 34.49999999999999 in
   * binary: still a half penny, so 35. */
  g_assert_cmpint (pd_cquin_round_pence (1500 * 2.3 * 100 / 10000), ==, 35);
  g_assert_cmpint (pd_cquin_round_pence (12344.499999999998), ==, 12345);
  g_assert_cmpint (pd_cquin_round_pence (12344.4999), ==, 12344);
}

/* Worked example: one acute trust, £100,000,000 contract, CQUIN 2.5 % = £2,500,000.
 *
 *   A  effectiveness, weight 40 %, proportional, higher better, thresholds 60–90, equal
 *      quarters (£1,000,000 a year, £250,000 a quarter):
 *        Q1 75 → 0.5  → £125,000.00 earned, £125,000.00 withheld
 *        Q2 90 → 1    → £250,000.00 earned
 *        Q3 58 → 0    → £250,000.00 withheld
 *        Q4 not reported → £250,000.00 pending
 *   B  safety, weight 35 %, proportional, lower better, thresholds 20 (nothing) and 10
 *      (everything), year-end only (£875,000 in Q4):
 *        Q4 13 → (20 − 13)/10 = 0.7 → £612,500.00 earned, £262,500.00 withheld
 *   C  experience, weight 25 %, all or nothing at 85, two halves (£312,500 each):
 *        Q2 84.9 → £0, £312,500.00 withheld; Q4 85 → £312,500.00 earned
 *
 *   Earned £1,300,000.00; withheld £950,000.00; pending £250,000.00: £2,500,000.00 in all.
 *   Paid on account: £2,000,000.00, so at year end the provider repays £700,000.00. */
static void
test_worked_scheme (void)
{
  const PdCquinScheme schemes[] = {
    { .contract_value_pence = G_GINT64_CONSTANT (10000000000), .cquin_percent = 2.5,
      .paid_on_account_pence = G_GINT64_CONSTANT (200000000), .provider = 0, .commissioner = 0 },
  };
  const PdCquinMilestone milestones[] = {
    milestone (0, 40, 0.25, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 60, 90, 75),
    milestone (0, 40, 0.25, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 60, 90, 90),
    milestone (0, 40, 0.25, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 60, 90, 58),
    milestone (0, 40, 0.25, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 60, 90, NAN),
    milestone (0, 35, 1.0, TRUE, PD_CQUIN_RULE_PROPORTIONAL, 20, 10, 13),
    milestone (0, 25, 0.5, FALSE, PD_CQUIN_RULE_ALL_OR_NOTHING, 85, 85, 84.9),
    milestone (0, 25, 0.5, FALSE, PD_CQUIN_RULE_ALL_OR_NOTHING, 85, 85, 85),
  };
  const gint64 earned[] = { 12500000, 25000000, 0, 0, 61250000, 0, 31250000 };
  const gint64 withheld[] = { 12500000, 0, 25000000, 0, 26250000, 31250000, 0 };
  const gint64 pending[] = { 0, 0, 0, 25000000, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinPayments) payments = NULL;
  const PdCquinTotals *scheme;

  payments = pd_cquin_payments_compute (schemes, 1, milestones, G_N_ELEMENTS (milestones), &error);
  g_assert_no_error (error);
  g_assert_nonnull (payments);

  for (gsize i = 0; i < G_N_ELEMENTS (milestones); i++)
    {
      const PdCquinMilestonePayment *paid = &payments->milestones[i];

      g_assert_cmpint (paid->earned_pence, ==, earned[i]);
      g_assert_cmpint (paid->withheld_pence, ==, withheld[i]);
      g_assert_cmpint (paid->pending_pence, ==, pending[i]);
      g_assert_cmpint (paid->at_risk_pence, ==, earned[i] + withheld[i] + pending[i]);
    }
  g_assert_cmpfloat (payments->milestones[0].achievement, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (payments->milestones[4].achievement, 0.7, 1e-15);
  g_assert_true (isnan (payments->milestones[3].achievement));

  scheme = &payments->schemes[0];
  g_assert_cmpint (scheme->value_pence, ==, 250000000);
  g_assert_cmpint (scheme->at_risk_pence, ==, 250000000);
  g_assert_cmpint (scheme->earned_pence, ==, 130000000);
  g_assert_cmpint (scheme->withheld_pence, ==, 95000000);
  g_assert_cmpint (scheme->pending_pence, ==, 25000000);
  g_assert_cmpint (scheme->paid_on_account_pence, ==, 200000000);
  g_assert_cmpint (scheme->reconciliation_pence, ==, -70000000);

  g_assert_cmpuint (payments->n_providers, ==, 1);
  g_assert_cmpuint (payments->n_commissioners, ==, 1);
  g_assert_cmpint (payments->providers[0].earned_pence, ==, 130000000);
  g_assert_cmpint (payments->commissioners[0].reconciliation_pence, ==, -70000000);
  g_assert_cmpint (payments->total.withheld_pence, ==, 95000000);
}

/* Rounding: £123,456.78 at 1.5 % is £1,851.8517 (185,185.17 pence). Three indicators of
 * 1/3 each (33.333… %) over four quarters: each indicator-quarter is 15,432.0975 pence at
 * risk → 15,432. Two thirds achievement earns 10,288.065 → 10,288.
 * Totals are sums of the rounded parts: at risk 12 × 15,432 = 185,184 (two pence below
 * the scheme value rounded on its own, 185,185), earned 12 × 10,288 = 123,456, withheld
 * 12 × 5,144 = 61,728. */
static void
test_rounding_totals (void)
{
  const PdCquinScheme schemes[] = {
    { .contract_value_pence = 12345678, .cquin_percent = 1.5, .paid_on_account_pence = 0 },
  };
  PdCquinMilestone milestones[12];
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinPayments) payments = NULL;
  gint64 sum_earned = 0, sum_at_risk = 0;

  for (int i = 0; i < 12; i++)
    milestones[i] = milestone (0, 100.0 / 3.0, 0.25, FALSE, PD_CQUIN_RULE_PROPORTIONAL,
                               0, 3, 2);

  payments = pd_cquin_payments_compute (schemes, 1, milestones, 12, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 12; i++)
    {
      g_assert_cmpint (payments->milestones[i].at_risk_pence, ==, 15432);
      g_assert_cmpint (payments->milestones[i].earned_pence, ==, 10288);
      g_assert_cmpint (payments->milestones[i].withheld_pence, ==, 5144);
      sum_earned += payments->milestones[i].earned_pence;
      sum_at_risk += payments->milestones[i].at_risk_pence;
    }
  g_assert_cmpint (payments->schemes[0].value_pence, ==, 185185);
  g_assert_cmpint (payments->schemes[0].at_risk_pence, ==, 185184);
  g_assert_cmpint (payments->schemes[0].at_risk_pence, ==, sum_at_risk);
  g_assert_cmpint (payments->schemes[0].earned_pence, ==, 123456);
  g_assert_cmpint (payments->schemes[0].earned_pence, ==, sum_earned);
  g_assert_cmpint (payments->schemes[0].withheld_pence, ==, 61728);
  /* Nothing paid on account: the whole earned sum is due at year end. */
  g_assert_cmpint (payments->schemes[0].reconciliation_pence, ==, 123456);
}

/* Two commissioners, three providers, four schemes: totals add up both ways.
 *   scheme 0: CCG 0 × provider 0, £1,000,000 at 2 % = £20,000; one indicator 100 %,
 *             full year, achieved 1 → £20,000 earned; paid on account £15,000 → +£5,000
 *   scheme 1: CCG 1 × provider 0, £500,000 at 1 % = £5,000; achieved 0.25 → £1,250;
 *             paid on account £5,000 → −£3,750
 *   scheme 2: CCG 0 × provider 2, £200,000 at 1.5 % = £3,000; not reported → pending
 *   scheme 3: CCG 1 × provider 2, £0 contract: nothing at risk */
static void
test_totals_by_organisation (void)
{
  const PdCquinScheme schemes[] = {
    { 100000000, 2.0, 1500000, 0, 0 },
    { 50000000, 1.0, 500000, 0, 1 },
    { 20000000, 1.5, 0, 2, 0 },
    { 0, 1.5, 0, 2, 1 },
  };
  const PdCquinMilestone milestones[] = {
    milestone (0, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 100, 100),
    milestone (1, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 100, 25),
    milestone (2, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 100, NAN),
    milestone (3, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 100, 100),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinPayments) payments = NULL;

  payments = pd_cquin_payments_compute (schemes, 4, milestones, 4, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (payments->n_providers, ==, 3);
  g_assert_cmpuint (payments->n_commissioners, ==, 2);

  g_assert_cmpint (payments->providers[0].at_risk_pence, ==, 2500000);
  g_assert_cmpint (payments->providers[0].earned_pence, ==, 2125000);
  g_assert_cmpint (payments->providers[0].withheld_pence, ==, 375000);
  g_assert_cmpint (payments->providers[0].reconciliation_pence, ==, 500000 - 375000);
  /* Provider 1 has no scheme: all zero. */
  g_assert_cmpint (payments->providers[1].at_risk_pence, ==, 0);
  g_assert_cmpint (payments->providers[2].pending_pence, ==, 300000);
  g_assert_cmpint (payments->providers[2].earned_pence, ==, 0);

  g_assert_cmpint (payments->commissioners[0].at_risk_pence, ==, 2300000);
  g_assert_cmpint (payments->commissioners[0].earned_pence, ==, 2000000);
  g_assert_cmpint (payments->commissioners[0].pending_pence, ==, 300000);
  g_assert_cmpint (payments->commissioners[0].reconciliation_pence, ==, 500000);
  g_assert_cmpint (payments->commissioners[1].earned_pence, ==, 125000);
  g_assert_cmpint (payments->commissioners[1].reconciliation_pence, ==, -375000);

  g_assert_cmpint (payments->total.at_risk_pence, ==, 2800000);
  g_assert_cmpint (payments->total.earned_pence + payments->total.withheld_pence +
                   payments->total.pending_pence, ==, payments->total.at_risk_pence);
  g_assert_cmpint (payments->total.reconciliation_pence, ==, 125000);
}

static void
test_invalid_inputs (void)
{
  const PdCquinScheme good[] = { { 100, 1.5, 0, 0, 0 } };
  const PdCquinScheme negative[] = { { -100, 1.5, 0, 0, 0 } };
  const PdCquinScheme percent[] = { { 100, 150, 0, 0, 0 } };
  const PdCquinMilestone ok = milestone (0, 50, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1);
  const PdCquinMilestone bad_share = milestone (0, 50, 1.5, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1);
  const PdCquinMilestone bad_weight = milestone (0, NAN, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1);
  const PdCquinMilestone bad_scheme = milestone (3, 50, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1);
  struct { const PdCquinScheme *scheme; const PdCquinMilestone *milestone; } cases[] = {
    { negative, &ok }, { percent, &ok }, { good, &bad_share }, { good, &bad_weight },
    { good, &bad_scheme },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      PdCquinPayments *payments;

      payments = pd_cquin_payments_compute (cases[i].scheme, 1, cases[i].milestone, 1, &error);
      g_assert_null (payments);
      g_assert_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_INVALID);
    }

  /* Nothing to pay is not an error. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdCquinPayments) payments = pd_cquin_payments_compute (NULL, 0, NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (payments->total.at_risk_pence, ==, 0);
    g_assert_cmpuint (payments->n_providers, ==, 0);
  }
}

/* Totals beyond gint64 are an error naming where, not a sum wrapped to a negative
 * amount (which UBSan reports as signed overflow). Contract values near G_MAXINT64 pence
 * are absurd, but an amount in pence imported as pounds gets within reach. */
static void
test_overflow (void)
{
  const gint64 big = G_GINT64_CONSTANT (6000000000000000000);  /* £60 million million */
  const PdCquinScheme one[] = { { G_MAXINT64, 100, 0, 0, 0 } };
  const PdCquinScheme two[] = { { big, 100, 0, 0, 0 }, { big, 100, 0, 1, 0 } };
  const PdCquinScheme fits[] = { { big / 2, 100, 0, 0, 0 }, { big / 2, 100, 0, 1, 0 } };
  const PdCquinMilestone halves[] = {
    milestone (0, 60, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1),
    milestone (0, 60, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1),
  };
  const PdCquinMilestone each[] = {
    milestone (0, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, 1),
    milestone (1, 100, 1, FALSE, PD_CQUIN_RULE_PROPORTIONAL, 0, 1, NAN),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinPayments) payments = NULL;

  /* One scheme's milestones: 60 % + 60 % of G_MAXINT64. */
  payments = pd_cquin_payments_compute (one, 1, halves, 2, &error);
  g_assert_null (payments);
  g_assert_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "Scheme 1"));
  g_assert_nonnull (strstr (error->message, "£92,233,720,368,547,758.07"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Each scheme fits; their total does not. */
  payments = pd_cquin_payments_compute (two, 2, each, 2, &error);
  g_assert_null (payments);
  g_assert_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "total"));
  g_clear_error (&error);

  /* Half as much adds up exactly. */
  payments = pd_cquin_payments_compute (fits, 2, each, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (payments->total.at_risk_pence, ==, big);
  g_assert_cmpint (payments->total.earned_pence, ==, big / 2);
  g_assert_cmpint (payments->total.pending_pence, ==, big / 2);
  g_assert_cmpint (payments->total.value_pence, ==, big);
}

static void
test_rule_names (void)
{
  PdCquinPaymentRule rule;

  g_assert_true (pd_cquin_parse_payment_rule ("all_or_nothing", &rule));
  g_assert_cmpint (rule, ==, PD_CQUIN_RULE_ALL_OR_NOTHING);
  g_assert_true (pd_cquin_parse_payment_rule ("proportional", &rule));
  g_assert_cmpint (rule, ==, PD_CQUIN_RULE_PROPORTIONAL);
  g_assert_false (pd_cquin_parse_payment_rule ("partial", &rule));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/cquin-payment/achievement", test_achievement);
  g_test_add_func ("/pctdash/cquin-payment/rounding", test_rounding);
  g_test_add_func ("/pctdash/cquin-payment/worked-scheme", test_worked_scheme);
  g_test_add_func ("/pctdash/cquin-payment/rounding-totals", test_rounding_totals);
  g_test_add_func ("/pctdash/cquin-payment/totals-by-organisation", test_totals_by_organisation);
  g_test_add_func ("/pctdash/cquin-payment/invalid-inputs", test_invalid_inputs);
  g_test_add_func ("/pctdash/cquin-payment/overflow", test_overflow);
  g_test_add_func ("/pctdash/cquin-payment/rule-names", test_rule_names);

  return g_test_run ();
}
