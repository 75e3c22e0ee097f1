/* test-spc-edges.c — SPC options, rule interplay, properties and edge cases
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-test-util.h"
#include "stats/pd-spc.h"

/* A baseline with a known centre and spread: 0, 1, 0, 1, … gives mean 0.5 and mean moving
 * range 1, so limits −2.16 and 3.16 and 2σ lines −1.2733… and 2.2733…. */
#define BASELINE 20

static PdSpcResult *
compute_full (const double          *values,
              gsize                  n,
              const PdSpcPointInput *extra,
              const PdSpcOptions    *options)
{
  g_autoptr(GError) error = NULL;
  PdSpcResult *result = pd_spc_compute (values, n, extra, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static PdSpcResult *
compute_after_baseline (const double       *tail,
                        gsize               n_tail,
                        const PdSpcOptions *base_options)
{
  g_autofree double *values = g_new (double, BASELINE + n_tail);
  PdSpcOptions options = *base_options;

  for (guint i = 0; i < BASELINE; i++)
    values[i] = i % 2;
  memcpy (values + BASELINE, tail, n_tail * sizeof (double));
  options.fix_after = BASELINE;
  return compute_full (values, BASELINE + n_tail, NULL, &options);
}

static void
test_presets (void)
{
  PdSpcOptions mdc, legacy, ptd;

  pd_spc_options_init_preset (&mdc, PD_SPC_PRESET_MDC);
  pd_spc_options_init_preset (&legacy, PD_SPC_PRESET_MDC_LEGACY);
  pd_spc_options_init_preset (&ptd, PD_SPC_PRESET_PTD);

  g_assert_false (mdc.screen_outliers);
  g_assert_cmpint (mdc.two_in_three, ==, PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA);
  g_assert_cmpint (mdc.assurance_edge, ==, PD_SPC_ASSURANCE_INCLUSIVE);
  g_assert_false (legacy.screen_outliers);
  g_assert_cmpint (legacy.two_in_three, ==, PD_SPC_TWO_IN_THREE_BAND);
  g_assert_cmpint (legacy.assurance_edge, ==, PD_SPC_ASSURANCE_INCLUSIVE);
  g_assert_true (ptd.screen_outliers);
  g_assert_cmpint (ptd.two_in_three, ==, PD_SPC_TWO_IN_THREE_BAND);
  g_assert_cmpint (ptd.assurance_edge, ==, PD_SPC_ASSURANCE_STRICT);

  for (PdSpcOptions *o = &mdc; o != NULL; o = o == &mdc ? &legacy : o == &legacy ? &ptd : NULL)
    {
      g_assert_cmpint (o->chart, ==, PD_SPC_CHART_XMR);
      g_assert_cmpint (o->improvement, ==, PD_IMPROVEMENT_NEUTRAL);
      g_assert_cmpuint (o->shift_length, ==, 7);
      g_assert_cmpuint (o->trend_length, ==, 7);
      g_assert_cmpuint (o->fix_after, ==, 0);
      g_assert_cmpuint (o->trial_below, ==, 15);
      g_assert_cmpuint (o->warn_below, ==, 12);
      g_assert_true (isnan (o->target));
    }
}

static void
test_invalid (void)
{
  static const double values[] = { 1, 2, INFINITY };
  PdSpcPointInput extra[3] = {
    { .target = NAN, .denominator = 10 },
    { .target = NAN, .denominator = 10 },
    { .target = NAN, .denominator = 10 },
  };
  PdSpcOptions options;
  g_autoptr(GError) error = NULL;
  PdSpcResult *result;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.shift_length = 5;
  result = pd_spc_compute (values, 2, NULL, &options, &error);
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION);
  g_assert_null (result);
  g_clear_error (&error);

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.trend_length = 9;
  g_assert_false (pd_spc_options_validate (&options, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.fix_after = 1;
  g_assert_false (pd_spc_options_validate (&options, &error));
  g_clear_error (&error);

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  result = pd_spc_compute (values, 3, NULL, &options, &error);
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT);
  g_assert_null (result);
  g_clear_error (&error);

  /* p′: no denominators, a numerator above its denominator, a negative denominator. */
  options.chart = PD_SPC_CHART_P_PRIME;
  g_assert_null (pd_spc_compute (values, 2, NULL, &options, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  extra[1].denominator = 1;
  g_assert_null (pd_spc_compute (values, 2, extra, &options, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  extra[1].denominator = -4;
  options.chart = PD_SPC_CHART_U_PRIME;
  g_assert_null (pd_spc_compute (values, 2, extra, &options, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT);
}

static void
test_empty_and_single (void)
{
  static const double one[] = { 42 };
  PdSpcOptions options;
  g_autoptr(PdSpcResult) empty = NULL;
  g_autoptr(PdSpcResult) single = NULL;
  g_autofree char *warnings = NULL;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  options.target = 40;

  empty = compute_full (NULL, 0, NULL, &options);
  g_assert_cmpuint (empty->n_points, ==, 0);
  g_assert_cmpuint (empty->n_partitions, ==, 0);
  g_assert_cmpint (empty->variation, ==, PD_SPC_VARIATION_NONE);
  g_assert_cmpint (empty->assurance, ==, PD_SPC_ASSURANCE_NONE);

  /* One point: a mean but no moving range, so no limits, no rules, no assurance. */
  single = compute_full (one, 1, NULL, &options);
  g_assert_cmpuint (single->n_partitions, ==, 1);
  g_assert_cmpfloat (single->partitions[0].mean, ==, 42);
  g_assert_true (isnan (single->partitions[0].lpl));
  g_assert_true (isnan (single->partitions[0].upl));
  g_assert_true (isnan (single->points[0].upper_2sigma));
  g_assert_cmpint (single->points[0].rule, ==, PD_SPC_RULE_NONE);
  g_assert_cmpint (single->points[0].point_type, ==, PD_SPC_POINT_COMMON_CAUSE);
  g_assert_cmpint (single->variation, ==, PD_SPC_VARIATION_COMMON_CAUSE);
  g_assert_cmpint (single->assurance, ==, PD_SPC_ASSURANCE_NONE);
  warnings = pd_spc_warnings_to_string (single->partitions[0].warnings);
  g_assert_cmpstr (warnings, ==, "short_partition;trial_limits;no_limits");
}

static void
test_all_equal (void)
{
  double values[20];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 5;

  /* NHSRplotthedots 0.2.2 screens every zero range out and has no limits; here the
   * limits sit on the mean and nothing is special. */
  for (PdSpcPreset preset = PD_SPC_PRESET_MDC; preset <= PD_SPC_PRESET_PTD; preset++)
    {
      PdSpcOptions options;
      g_autoptr(PdSpcResult) result = NULL;

      pd_spc_options_init_preset (&options, preset);
      options.improvement = PD_IMPROVEMENT_INCREASE;
      options.target = 5;
      result = compute_full (values, G_N_ELEMENTS (values), NULL, &options);
      g_assert_cmpfloat (result->partitions[0].mean, ==, 5);
      g_assert_cmpfloat (result->partitions[0].lpl, ==, 5);
      g_assert_cmpfloat (result->partitions[0].upl, ==, 5);
      g_assert_cmpuint (result->partitions[0].n_mr_screened, ==, 0);
      g_assert_true (result->partitions[0].warnings & PD_SPC_WARNING_NO_VARIATION);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        g_assert_cmpint (result->points[i].rule, ==, PD_SPC_RULE_NONE);
      /* A target on limits that coincide is met and missed alike. */
      g_assert_cmpint (result->assurance, ==, PD_SPC_ASSURANCE_HIT_OR_MISS);
    }
}

static void
assert_same_except (const PdSpcResult *with,
                    const PdSpcResult *without,
                    guint              skipped)
{
  g_assert_cmpuint (with->n_points, ==, without->n_points + 1);
  g_assert_cmpfloat (with->partitions[0].mean, ==, without->partitions[0].mean);
  g_assert_cmpfloat (with->partitions[0].lpl, ==, without->partitions[0].lpl);
  g_assert_cmpfloat (with->partitions[0].upl, ==, without->partitions[0].upl);
  g_assert_cmpuint (with->partitions[0].n, ==, without->partitions[0].n);
  for (guint i = 0, j = 0; i < with->n_points; i++)
    {
      if (i == skipped)
        continue;
      g_assert_cmpint (with->points[i].rule, ==, without->points[j].rule);
      g_assert_cmpint (with->points[i].rules, ==, without->points[j].rules);
      g_assert_cmpint (with->points[i].point_type, ==, without->points[j].point_type);
      if (j == 0)
        g_assert_true (isnan (with->points[i].moving_range));
      else
        g_assert_cmpfloat (with->points[i].moving_range, ==, without->points[j].moving_range);
      j++;
    }
}

/* A ghost and a missing value leave every calculation as if the point were not there; the
 * moving range joins the points either side. */
static void
test_ghost_and_missing (void)
{
  static const double without[] = { 3, 4, 3, 5, 4, 6, 7, 8, 9, 10, 11, 12, 4, 3, 4 };
  double with[G_N_ELEMENTS (without) + 1];
  PdSpcPointInput extra[G_N_ELEMENTS (with)];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) r_without = NULL;
  g_autoptr(PdSpcResult) r_ghost = NULL;
  g_autoptr(PdSpcResult) r_missing = NULL;
  g_autofree char *explanation = NULL;
  const guint at = 5;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_DECREASE;
  r_without = compute_full (without, G_N_ELEMENTS (without), NULL, &options);
  /* 4, 6, 7, …, 12 is a rising trend: a concern when lower is better. */
  g_assert_cmpint (r_without->points[6].rule, ==, PD_SPC_RULE_TREND);
  g_assert_cmpint (r_without->points[6].point_type, ==, PD_SPC_POINT_SPECIAL_CAUSE_CONCERN);

  for (guint i = 0, j = 0; i < G_N_ELEMENTS (with); i++)
    {
      extra[i] = (PdSpcPointInput) { .target = NAN };
      with[i] = i == at ? 1000 : without[j++];
    }
  extra[at].ghost = TRUE;
  r_ghost = compute_full (with, G_N_ELEMENTS (with), extra, &options);
  assert_same_except (r_ghost, r_without, at);
  g_assert_true (r_ghost->points[at].ghost);
  g_assert_false (r_ghost->points[at].missing);
  g_assert_cmpfloat (r_ghost->points[at].value, ==, 1000);
  g_assert_cmpint (r_ghost->points[at].rule, ==, PD_SPC_RULE_NONE);
  g_assert_true (isnan (r_ghost->points[at].moving_range));
  /* The ghost still carries the lines, so a chart draws them through it. */
  g_assert_cmpfloat (r_ghost->points[at].upl, ==, r_ghost->partitions[0].upl);
  g_assert_cmpfloat (r_ghost->points[at + 1].moving_range, ==, fabs (with[at + 1] - with[at - 1]));
  explanation = pd_spc_point_explain (r_ghost, at);
  g_assert_nonnull (strstr (explanation, "ghosted"));

  with[at] = NAN;
  extra[at].ghost = FALSE;
  r_missing = compute_full (with, G_N_ELEMENTS (with), extra, &options);
  assert_same_except (r_missing, r_without, at);
  g_assert_true (r_missing->points[at].missing);
  g_assert_false (r_missing->points[at].ghost);

  /* A ghost at the end: the variation icon comes from the last point used. */
  {
    g_autoptr(PdSpcResult) r_end = NULL;

    with[at] = 5;
    extra[at].ghost = FALSE;
    extra[G_N_ELEMENTS (with) - 1].ghost = TRUE;
    with[G_N_ELEMENTS (with) - 1] = 1000;
    r_end = compute_full (with, G_N_ELEMENTS (with), extra, &options);
    g_assert_cmpint (r_end->points[G_N_ELEMENTS (with) - 2].point_type, ==,
                     PD_SPC_POINT_COMMON_CAUSE);
    g_assert_cmpint (r_end->variation, ==, PD_SPC_VARIATION_COMMON_CAUSE);
  }
}

static void
test_two_in_three_band (void)
{
  /* 2.5 lies between 2σ (2.2733) and the limit (3.16); 4 is beyond the limit. */
  static const double tail[] = { 2.5, 4, 1 };
  PdSpcOptions options;
  g_autoptr(PdSpcResult) now = NULL;
  g_autoptr(PdSpcResult) before = NULL;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  now = compute_after_baseline (tail, G_N_ELEMENTS (tail), &options);
  g_assert_cmpfloat_with_epsilon (now->partitions[0].upper_2sigma, 0.5 + 2 * 2.66 / 3, 1e-12);
  g_assert_cmpint (now->points[BASELINE].rule, ==, PD_SPC_RULE_TWO_IN_THREE);
  /* The first window that qualifies starts at the baseline's last point (1, above 0.5). */
  g_assert_cmpuint (now->points[BASELINE].run_first, ==, BASELINE - 1);
  g_assert_cmpuint (now->points[BASELINE].run_last, ==, BASELINE + 1);
  g_assert_cmpint (now->points[BASELINE + 1].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  g_assert_true (now->points[BASELINE + 1].rules & PD_SPC_RULE_FLAG_TWO_IN_THREE);
  /* The third point, inside 2σ, is not flagged. */
  g_assert_cmpint (now->points[BASELINE + 2].rule, ==, PD_SPC_RULE_NONE);
  g_assert_cmpint (now->points[BASELINE].point_type, ==, PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT);

  /* Before November 2023 the point beyond the limit did not count towards two in three. */
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC_LEGACY);
  before = compute_after_baseline (tail, G_N_ELEMENTS (tail), &options);
  g_assert_cmpint (before->points[BASELINE].rule, ==, PD_SPC_RULE_NONE);
  g_assert_cmpint (before->points[BASELINE + 1].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  g_assert_false (before->points[BASELINE + 1].rules & PD_SPC_RULE_FLAG_TWO_IN_THREE);
}

static void
test_precedence (void)
{
  /* After the baseline (ending 0, 1): a rise of 1.6 … 2.2, all above the mean 0.5 and
   * inside 2σ, and 3.5 beyond the limit: a trend of 10 from the baseline's 0 and a shift
   * from its 1; then two of three beyond 2σ within the run above the mean. */
  static const double tail[] = {
    1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 3.5, 0.6, 2.5, 0.7, 2.5, 0.6, 0.7, -1,
  };
  PdSpcOptions options;
  g_autoptr(PdSpcResult) r = NULL;
  g_autofree char *trend_text = NULL;
  g_autofree char *shift_text = NULL;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  r = compute_after_baseline (tail, G_N_ELEMENTS (tail), &options);

  for (guint i = BASELINE - 2; i <= BASELINE + 6; i++)
    {
      g_assert_cmpint (r->points[i].rule, ==, PD_SPC_RULE_TREND);
      /* The 0 that starts the rise is below the mean: part of the trend, not the shift. */
      g_assert_cmpint ((r->points[i].rules & PD_SPC_RULE_FLAG_SHIFT) != 0, ==, i >= BASELINE - 1);
      g_assert_cmpint (r->points[i].point_type, ==, PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT);
      g_assert_cmpuint (r->points[i].run_first, ==, BASELINE - 2);
      g_assert_cmpuint (r->points[i].run_last, ==, BASELINE + 7);
    }
  /* 3.5 ends the trend and is beyond the limit: outside_limits names it. */
  g_assert_cmpint (r->points[BASELINE + 7].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  g_assert_true (r->points[BASELINE + 7].rules & PD_SPC_RULE_FLAG_TREND);
  g_assert_true (r->points[BASELINE + 7].rules & PD_SPC_RULE_FLAG_SHIFT);
  /* The shift runs on through 0.6 … 0.7 (all above 0.5); two in three beats it. */
  g_assert_cmpint (r->points[BASELINE + 8].rule, ==, PD_SPC_RULE_SHIFT);
  g_assert_cmpint (r->points[BASELINE + 9].rule, ==, PD_SPC_RULE_TWO_IN_THREE);
  g_assert_true (r->points[BASELINE + 9].rules & PD_SPC_RULE_FLAG_SHIFT);
  g_assert_cmpint (r->points[BASELINE + 10].rule, ==, PD_SPC_RULE_SHIFT);
  g_assert_cmpint (r->points[BASELINE + 11].rule, ==, PD_SPC_RULE_TWO_IN_THREE);
  g_assert_cmpuint (r->points[BASELINE + 13].run_first, ==, BASELINE - 1);
  g_assert_cmpuint (r->points[BASELINE + 13].run_last, ==, BASELINE + 13);
  g_assert_cmpint (r->points[BASELINE + 14].rule, ==, PD_SPC_RULE_NONE);
  g_assert_cmpint (r->variation, ==, PD_SPC_VARIATION_COMMON_CAUSE);

  trend_text = pd_spc_point_explain (r, BASELINE + 3);
  g_assert_nonnull (strstr (trend_text, "improvement"));
  g_assert_nonnull (strstr (trend_text, "rising trend"));
  g_assert_nonnull (strstr (trend_text, "10 points from point 19 to 28"));
  g_assert_nonnull (strstr (trend_text, "Also: shift"));
  g_assert_nonnull (strstr (trend_text, "process limits -2.16 to 3.16"));
  shift_text = pd_spc_point_explain (r, BASELINE + 8);
  g_assert_nonnull (strstr (shift_text, "shift above the mean"));
  g_assert_nonnull (strstr (shift_text, "15 points in a row from point 20 to 34"));
}

static void
test_lengths (void)
{
  /* Six points above the mean, then six rising; the mean is 0.5 from the baseline. */
  static const double shift6[] = { 1, 2, 1, 2, 1, 2, 0, 0.5 };
  static const double trend6[] = { -1, -0.5, 0, 0.6, 1.2, 1.8, 1.8 };
  PdSpcOptions options;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  for (guint length = 6; length <= 8; length++)
    {
      g_autoptr(PdSpcResult) rs = NULL;
      g_autoptr(PdSpcResult) rt = NULL;

      options.shift_length = options.trend_length = length;
      /* The baseline's last point (1) is above the mean too: the shift is 7 long. */
      rs = compute_after_baseline (shift6, G_N_ELEMENTS (shift6), &options);
      g_assert_cmpint (rs->points[BASELINE + 2].rule == PD_SPC_RULE_SHIFT, ==, length <= 7);
      /* A point on the mean ends the run. */
      g_assert_cmpint (rs->points[BASELINE + 7].rule, ==, PD_SPC_RULE_NONE);

      /* From −1 the rise is 6 long, crossing the mean; the tie ends it. */
      rt = compute_after_baseline (trend6, G_N_ELEMENTS (trend6), &options);
      g_assert_cmpint (rt->points[BASELINE + 2].rule == PD_SPC_RULE_TREND, ==, length <= 6);
      g_assert_cmpint (rt->points[BASELINE + 6].rule, ==, PD_SPC_RULE_NONE);
    }
}

static void
test_partitions (void)
{
  double values[40];
  PdSpcPointInput extra[40];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) r = NULL;

  /* 20 points around 10, then 20 around 20: one partition would flag shifts; two
   * partitions each get their own mean and no signal. */
  for (guint i = 0; i < 40; i++)
    {
      values[i] = (i < 20 ? 10 : 20) + (i % 2 ? 1 : -1) * (i % 3);
      extra[i] = (PdSpcPointInput) { .target = NAN };
    }
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  options.target = 12;

  {
    g_autoptr(PdSpcResult) single = compute_full (values, 40, extra, &options);

    /* The second half is all above the mean and mostly beyond its 2σ line. */
    g_assert_true (single->points[39].rules & PD_SPC_RULE_FLAG_SHIFT);
    g_assert_cmpint (single->points[39].rule, ==, PD_SPC_RULE_TWO_IN_THREE);
    g_assert_cmpint (single->variation, ==, PD_SPC_VARIATION_IMPROVEMENT_HIGH);
  }

  extra[20].rebase = TRUE;
  /* A target per period: the later one is in force for the last partition. */
  for (guint i = 30; i < 40; i++)
    extra[i].target = 30;
  r = compute_full (values, 40, extra, &options);
  g_assert_cmpuint (r->n_partitions, ==, 2);
  g_assert_cmpuint (r->partitions[1].first, ==, 20);
  g_assert_cmpuint (r->partitions[1].length, ==, 20);
  g_assert_cmpfloat_with_epsilon (r->partitions[0].mean, 10.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->partitions[0].upl, 15.23, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->partitions[1].mean, 19.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->partitions[1].lpl, 14.58, 1e-12);
  for (guint i = 0; i < 40; i++)
    {
      g_assert_cmpint (r->points[i].rule, ==, PD_SPC_RULE_NONE);
      g_assert_cmpuint (r->points[i].partition, ==, i < 20 ? 0 : 1);
      g_assert_cmpfloat (r->points[i].mean, ==, r->partitions[i < 20 ? 0 : 1].mean);
    }
  g_assert_cmpfloat (r->points[5].target, ==, 12);
  g_assert_cmpfloat (r->points[35].target, ==, 30);
  g_assert_cmpfloat (r->partitions[0].target, ==, 12);
  g_assert_cmpfloat (r->partitions[1].target, ==, 30);
  /* Both partitions have 20 points: neither trial nor short. */
  g_assert_cmpint (r->partitions[1].warnings, ==, 0);
  g_assert_false (r->points[25].trial);
  /* 12 is between the first partition's limits; 30 above the second's upper limit. */
  g_assert_cmpint (r->partitions[0].assurance, ==, PD_SPC_ASSURANCE_HIT_OR_MISS);
  g_assert_cmpint (r->partitions[1].assurance, ==, PD_SPC_ASSURANCE_FAIL);
  g_assert_cmpint (r->assurance, ==, PD_SPC_ASSURANCE_FAIL);
  g_assert_cmpint (r->variation, ==, PD_SPC_VARIATION_COMMON_CAUSE);
}

static void
test_fixed_baseline_and_trial (void)
{
  double values[30];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) fixed = NULL;
  g_autoptr(PdSpcResult) short_series = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 30; i++)
    values[i] = i < 15 ? 50 + (i % 2) : 60;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.fix_after = 15;
  options.improvement = PD_IMPROVEMENT_DECREASE;
  fixed = compute_full (values, 30, NULL, &options);
  g_assert_cmpuint (fixed->partitions[0].n, ==, 30);
  g_assert_cmpuint (fixed->partitions[0].n_baseline, ==, 15);
  g_assert_cmpfloat_with_epsilon (fixed->partitions[0].mean, 50 + 7.0 / 15, 1e-12);
  g_assert_cmpfloat_with_epsilon (fixed->partitions[0].mr_mean, 1, 1e-15);
  g_assert_true (fixed->points[14].baseline);
  g_assert_false (fixed->points[15].baseline);
  /* 15 points are enough: not trial. The jump to 60 is beyond the carried-forward limit. */
  g_assert_false (fixed->partitions[0].trial);
  g_assert_cmpint (fixed->points[20].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  g_assert_cmpint (fixed->points[20].point_type, ==, PD_SPC_POINT_SPECIAL_CAUSE_CONCERN);
  g_assert_cmpint (fixed->variation, ==, PD_SPC_VARIATION_CONCERN_HIGH);
  text = pd_spc_point_explain (fixed, 20);
  g_assert_nonnull (strstr (text, "special cause concern, above the upper process limit 53.12"));

  options.fix_after = 14;
  g_clear_pointer (&fixed, pd_spc_result_free);
  fixed = compute_full (values, 30, NULL, &options);
  g_assert_true (fixed->partitions[0].trial);
  g_assert_true (fixed->points[29].trial);
  g_assert_cmpint (fixed->partitions[0].warnings, ==, PD_SPC_WARNING_TRIAL_LIMITS);

  short_series = compute_full (values, 11, NULL, &options);
  g_assert_cmpint (short_series->partitions[0].warnings, ==,
                   PD_SPC_WARNING_TRIAL_LIMITS | PD_SPC_WARNING_SHORT_PARTITION);
}

static void
test_assurance_on_limit (void)
{
  double values[20];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) first = NULL;

  for (guint i = 0; i < 20; i++)
    values[i] = i % 2;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  first = compute_full (values, 20, NULL, &options);

  for (PdSpcPreset preset = PD_SPC_PRESET_MDC; preset <= PD_SPC_PRESET_PTD; preset++)
    {
      g_autoptr(PdSpcResult) r = NULL;

      pd_spc_options_init_preset (&options, preset);
      options.improvement = PD_IMPROVEMENT_INCREASE;
      options.target = first->partitions[0].lpl;
      r = compute_full (values, 20, NULL, &options);
      g_assert_cmpint (r->assurance, ==, preset == PD_SPC_PRESET_PTD
                                           ? PD_SPC_ASSURANCE_HIT_OR_MISS
                                           : PD_SPC_ASSURANCE_PASS);
      options.improvement = PD_IMPROVEMENT_NEUTRAL;
      g_clear_pointer (&r, pd_spc_result_free);
      r = compute_full (values, 20, NULL, &options);
      g_assert_cmpint (r->assurance, ==, PD_SPC_ASSURANCE_NONE);
    }
}

static void
assert_same_flags (const PdSpcResult *a,
                   const PdSpcResult *b)
{
  for (gsize i = 0; i < a->n_points; i++)
    {
      g_assert_cmpint (a->points[i].rule, ==, b->points[i].rule);
      g_assert_cmpint (a->points[i].rules, ==, b->points[i].rules);
      g_assert_cmpint (a->points[i].point_type, ==, b->points[i].point_type);
      g_assert_cmpuint (a->points[i].run_first, ==, b->points[i].run_first);
      g_assert_cmpuint (a->points[i].run_last, ==, b->points[i].run_last);
    }
}

/* The rules straight from their definitions, one window at a time: slow, obviously right,
 * and independent of the run-length arithmetic in pd-spc.c. */
static PdSpcRuleFlags
rules_by_definition (const PdSpcResult *r,
                     const guint       *used,
                     guint              m,
                     guint              k)
{
  const PdSpcOptions *o = &r->options;
  PdSpcRuleFlags flags = 0;
  const PdSpcPoint *pk = &r->points[used[k]];
  double v = pk->value;
  gboolean outside = v > pk->upl || v < pk->lpl;
  gboolean beyond = (v > pk->upper_2sigma || v < pk->lower_2sigma) &&
                    (o->two_in_three == PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA || !outside);

  if (outside)
    flags |= PD_SPC_RULE_FLAG_OUTSIDE_LIMITS;

  /* Every window of shift_length (trend_length) points that contains k. */
  for (guint start = k + 1 >= o->shift_length ? k + 1 - o->shift_length : 0;
       start <= k && start + o->shift_length <= m; start++)
    {
      gboolean above = TRUE, below = TRUE;

      for (guint j = start; j < start + o->shift_length; j++)
        {
          const PdSpcPoint *p = &r->points[used[j]];

          above = above && p->value > p->mean;
          below = below && p->value < p->mean;
        }
      if (above || below)
        flags |= PD_SPC_RULE_FLAG_SHIFT;
    }
  for (guint start = k + 1 >= o->trend_length ? k + 1 - o->trend_length : 0;
       start <= k && start + o->trend_length <= m; start++)
    {
      gboolean rising = TRUE, falling = TRUE;

      for (guint j = start + 1; j < start + o->trend_length; j++)
        {
          rising = rising && r->points[used[j]].value > r->points[used[j - 1]].value;
          falling = falling && r->points[used[j]].value < r->points[used[j - 1]].value;
        }
      if (rising || falling)
        flags |= PD_SPC_RULE_FLAG_TREND;
    }
  for (guint start = k >= 2 ? k - 2 : 0; beyond && start <= k && start + 3 <= m; start++)
    {
      gboolean above = TRUE, below = TRUE;
      guint count = 0;

      for (guint j = start; j < start + 3; j++)
        {
          const PdSpcPoint *p = &r->points[used[j]];
          gboolean out = p->value > p->upl || p->value < p->lpl;

          above = above && p->value > p->mean;
          below = below && p->value < p->mean;
          count += (p->value > p->upper_2sigma || p->value < p->lower_2sigma) &&
                   (o->two_in_three == PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA || !out);
        }
      if ((above || below) && count >= 2)
        flags |= PD_SPC_RULE_FLAG_TWO_IN_THREE;
    }

  return flags;
}

static void
assert_rules_by_definition (const PdSpcResult *r)
{
  for (guint part = 0; part < r->n_partitions; part++)
    {
      const PdSpcPartition *pp = &r->partitions[part];
      g_autofree guint *used = g_new (guint, pp->length + 1);
      guint m = 0;

      for (guint i = pp->first; i < pp->first + pp->length; i++)
        if (!r->points[i].ghost && !r->points[i].missing)
          used[m++] = i;
      g_assert_cmpuint (m, ==, pp->n);
      for (guint k = 0; k < m; k++)
        {
          const PdSpcPoint *p = &r->points[used[k]];
          PdSpcRuleFlags expected = pp->n_baseline >= 2 ? rules_by_definition (r, used, m, k) : 0;
          PdSpcRule strongest = expected & PD_SPC_RULE_FLAG_OUTSIDE_LIMITS ? PD_SPC_RULE_OUTSIDE_LIMITS
                              : expected & PD_SPC_RULE_FLAG_TREND ? PD_SPC_RULE_TREND
                              : expected & PD_SPC_RULE_FLAG_TWO_IN_THREE ? PD_SPC_RULE_TWO_IN_THREE
                              : expected & PD_SPC_RULE_FLAG_SHIFT ? PD_SPC_RULE_SHIFT
                              : PD_SPC_RULE_NONE;

          g_assert_cmpint (p->rules, ==, expected);
          g_assert_cmpint (p->rule, ==, strongest);
          g_assert_cmpuint (p->run_first, <=, used[k]);
          g_assert_cmpuint (p->run_last, >=, used[k]);
          g_assert_cmpint (p->point_type == PD_SPC_POINT_COMMON_CAUSE, ==,
                           strongest == PD_SPC_RULE_NONE);
        }
    }
}

/* Random integer series: limits are symmetric about the mean; adding a constant moves
 * every line by it and keeps every flag; negating the series and the improvement direction
 * mirrors the lines and keeps every point type. */
static void
test_properties (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);

  for (guint trial = 0; trial < 500; trial++)
    {
      guint n = g_rand_int_range (rand, 2, 90);
      g_autofree double *values = g_new (double, n);
      g_autofree double *shifted = g_new (double, n);
      g_autofree double *negated = g_new (double, n);
      PdSpcOptions options;
      g_autoptr(PdSpcResult) r = NULL;
      g_autoptr(PdSpcResult) rs = NULL;
      g_autoptr(PdSpcResult) rn = NULL;
      int level = g_rand_int_range (rand, -40, 40);
      double offset = g_rand_int_range (rand, -1000, 1000);

      for (guint i = 0; i < n; i++)
        {
          /* Steps and drifts, so every rule fires somewhere. */
          if (g_rand_int_range (rand, 0, 12) == 0)
            level += g_rand_int_range (rand, -15, 16);
          values[i] = level + g_rand_int_range (rand, -6, 7) + (trial % 5 == 0 ? i : 0);
          shifted[i] = values[i] + offset;
          negated[i] = -values[i];
        }

      pd_spc_options_init_preset (&options, trial % 3);
      options.improvement = PD_IMPROVEMENT_INCREASE;
      if (trial % 4 == 0)
        options.fix_after = g_rand_int_range (rand, 2, n + 2);
      r = compute_full (values, n, NULL, &options);
      rs = compute_full (shifted, n, NULL, &options);
      options.improvement = PD_IMPROVEMENT_DECREASE;
      rn = compute_full (negated, n, NULL, &options);

      for (guint i = 0; i < n; i++)
        {
          const PdSpcPoint *p = &r->points[i];
          double tolerance = 1e-9 * (1 + fabs (offset) + fabs (p->mean));

          g_assert_cmpfloat_with_epsilon (p->upl - p->mean, p->mean - p->lpl, tolerance);
          g_assert_cmpfloat_with_epsilon (p->upper_2sigma - p->mean, p->mean - p->lower_2sigma,
                                          tolerance);
          g_assert_cmpfloat_with_epsilon (p->upper_1sigma - p->mean, p->mean - p->lower_1sigma,
                                          tolerance);
          g_assert_cmpfloat_with_epsilon ((p->upl - p->mean) * 2 / 3,
                                          p->upper_2sigma - p->mean, tolerance);
          g_assert_cmpfloat_with_epsilon (rs->points[i].mean, p->mean + offset, tolerance);
          g_assert_cmpfloat_with_epsilon (rs->points[i].lpl, p->lpl + offset, tolerance);
          g_assert_cmpfloat_with_epsilon (rs->points[i].upl, p->upl + offset, tolerance);
          g_assert_cmpfloat_with_epsilon (rn->points[i].upl, -p->lpl, tolerance);
        }
      assert_rules_by_definition (r);
      assert_same_flags (r, rs);
      assert_same_flags (r, rn);
      g_assert_cmpint (r->variation, ==, rs->variation);
    }
}

typedef struct
{
  char   *period;
  double  breaches;
  double  attendances;
} AeMonth;

static int
compare_months (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const AeMonth *) a)->period, ((const AeMonth *) b)->period);
}

/* Every type 1 A&E department in NHS England's attendances 2016–19 (NHSRdatasets): the
 * limits against sums done here, and the rules against their definitions, in every preset,
 * with a ghost, a recalculation and a fixed baseline, on XmR and p′ charts. */
static void
test_real_series (void)
{
  g_autofree char *path = pd_test_shared_path ("nhsrdatasets_ae_attendances",
                                               "ae_attendances.csv", NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  g_autoptr(GHashTable) by_org = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, data;
  guint n_series = 0, n_special = 0;

  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 0))[0], ==, "period");
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);
      GArray *months;
      AeMonth month;

      if (!g_str_equal (row[2], "1"))
        continue;
      months = g_hash_table_lookup (by_org, row[1]);
      if (months == NULL)
        {
          months = g_array_new (FALSE, FALSE, sizeof (AeMonth));
          g_hash_table_insert (by_org, g_strdup (row[1]), months);
        }
      month = (AeMonth) { row[0], g_ascii_strtod (row[4], NULL), g_ascii_strtod (row[3], NULL) };
      g_array_append_val (months, month);
    }
  g_assert_cmpuint (g_hash_table_size (by_org), ==, 140);

  g_hash_table_iter_init (&iter, by_org);
  while (g_hash_table_iter_next (&iter, &key, &data))
    {
      GArray *months = data;
      guint n = months->len;
      g_autofree double *proportion = g_new (double, n);
      g_autofree double *breaches = g_new (double, n);
      g_autofree PdSpcPointInput *extra = g_new0 (PdSpcPointInput, n);

      g_array_sort (months, compare_months);
      for (guint i = 0; i < n; i++)
        {
          AeMonth *month = &g_array_index (months, AeMonth, i);

          proportion[i] = month->breaches / month->attendances;
          breaches[i] = month->breaches;
          extra[i] = (PdSpcPointInput) { .target = NAN, .denominator = month->attendances };
        }

      for (guint variant = 0; variant < 6; variant++)
        {
          PdSpcOptions options;
          g_autoptr(PdSpcResult) r = NULL;
          double sum = 0, mr_sum = 0;

          pd_spc_options_init_preset (&options, variant % 3);
          options.improvement = PD_IMPROVEMENT_DECREASE;
          if (variant == 3 && n > 20)
            extra[n - 13].rebase = TRUE;
          if (variant == 4)
            {
              extra[n / 2].ghost = TRUE;
              options.fix_after = 12;
              options.shift_length = 6;
              options.trend_length = 8;
            }
          if (variant == 5)
            options.chart = PD_SPC_CHART_P_PRIME;
          r = compute_full (variant == 5 ? breaches : proportion, n, extra, &options);
          assert_rules_by_definition (r);

          /* Variants 0–2: one partition, every month in the baseline. */
          if (variant < 3)
            {
              double amr;

              for (guint i = 0; i < n; i++)
                {
                  sum += proportion[i];
                  if (i > 0)
                    mr_sum += fabs (proportion[i] - proportion[i - 1]);
                }
              amr = mr_sum / (n - 1);
              if (options.screen_outliers)
                {
                  double kept = 0;
                  guint n_kept = 0;

                  for (guint i = 1; i < n; i++)
                    if (fabs (proportion[i] - proportion[i - 1]) < 3.267 * amr)
                      {
                        kept += fabs (proportion[i] - proportion[i - 1]);
                        n_kept++;
                      }
                  amr = kept / n_kept;
                }
              g_assert_cmpfloat_with_epsilon (r->partitions[0].mean, sum / n, 1e-14);
              g_assert_cmpfloat_with_epsilon (r->partitions[0].upl, sum / n + 2.66 * amr, 1e-14);
              g_assert_cmpfloat_with_epsilon (r->partitions[0].lpl, sum / n - 2.66 * amr, 1e-14);
            }
          for (guint i = 0; i < n; i++)
            n_special += r->points[i].rule != PD_SPC_RULE_NONE;

          for (guint i = 0; i < n; i++)
            extra[i].rebase = extra[i].ghost = FALSE;
          n_series++;
        }
    }

  g_assert_cmpuint (n_series, ==, 140 * 6);
  /* Four-hour performance got worse over these years: plenty of signals to check. */
  g_test_message ("%u series, %u special-cause points", n_series, n_special);
  g_assert_cmpuint (n_special, >, 1000);
}

static void
test_laney_edges (void)
{
  static const double numerators[] = { 5, 7, 0, 6, 4, 5, 8, 5, 6, 5, 4, 6 };
  static const double zeros[] = { 0, 0, 0, 0, 0 };
  PdSpcPointInput extra[G_N_ELEMENTS (numerators)];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) r = NULL;
  g_autoptr(PdSpcResult) rz = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    extra[i] = (PdSpcPointInput) { .target = NAN, .denominator = 100 + 10 * i };
  extra[2].denominator = 0;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.chart = PD_SPC_CHART_P_PRIME;
  r = compute_full (numerators, G_N_ELEMENTS (numerators), extra, &options);
  g_assert_true (r->points[2].missing);
  g_assert_true (isnan (r->points[2].lpl));
  g_assert_cmpuint (r->partitions[0].n, ==, G_N_ELEMENTS (numerators) - 1);
  g_assert_true (r->partitions[0].warnings & PD_SPC_WARNING_ZERO_DENOMINATORS);
  /* Limits narrow as the denominators grow and never leave [0, 1]. */
  g_assert_cmpfloat (r->points[11].upl - r->points[11].lpl, <, r->points[0].upl - r->points[0].lpl);
  for (guint i = 0; i < G_N_ELEMENTS (numerators); i++)
    if (i != 2)
      g_assert_cmpfloat (r->points[i].lpl, >=, 0);

  /* No events at all: p̄ = 0, the limits collapse onto it. */
  rz = compute_full (zeros, G_N_ELEMENTS (zeros), extra + 3, &options);
  g_assert_cmpfloat (rz->partitions[0].mean, ==, 0);
  g_assert_cmpfloat (rz->partitions[0].upl, ==, 0);
  g_assert_true (rz->partitions[0].warnings & PD_SPC_WARNING_NO_VARIATION);
  g_assert_cmpint (rz->points[4].rule, ==, PD_SPC_RULE_NONE);
}

static void
test_names (void)
{
  PdSpcPreset preset;
  PdSpcChart chart;
  PdImprovement improvement;

  g_assert_cmpstr (pd_spc_rule_to_string (PD_SPC_RULE_OUTSIDE_LIMITS), ==, "outside_limits");
  g_assert_cmpstr (pd_spc_rule_to_string (PD_SPC_RULE_TWO_IN_THREE), ==, "two_in_three");
  g_assert_cmpstr (pd_spc_rule_to_string (PD_SPC_RULE_NONE), ==, "none");
  g_assert_cmpstr (pd_spc_point_type_to_string (PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW), ==,
                   "special_cause_neutral_low");
  g_assert_cmpstr (pd_spc_variation_icon_to_string (PD_SPC_VARIATION_CONCERN_HIGH), ==,
                   "concern_high");
  g_assert_cmpstr (pd_spc_assurance_icon_to_string (PD_SPC_ASSURANCE_HIT_OR_MISS), ==,
                   "hit_or_miss");
  g_assert_true (pd_spc_parse_preset ("mdc-legacy", &preset));
  g_assert_cmpint (preset, ==, PD_SPC_PRESET_MDC_LEGACY);
  g_assert_false (pd_spc_parse_preset ("MDC", &preset));
  g_assert_true (pd_spc_parse_chart ("u-prime", &chart));
  g_assert_cmpint (chart, ==, PD_SPC_CHART_U_PRIME);
  g_assert_true (pd_spc_parse_improvement ("decrease", &improvement));
  g_assert_cmpint (improvement, ==, PD_IMPROVEMENT_DECREASE);
  g_assert_false (pd_spc_parse_improvement ("up", &improvement));
}

/* A baseline in one partition fixes that partition's limits only; options.fix_after fixes
 * every partition's. Points 0–5 are 0, 1, 0, 1, 0, 1 (the first partition: baseline at
 * point 3), then points 6–11 start a partition at 10 with moving ranges 2, 4, 2, 4, 2.
 * Per-point baseline_end: the second partition uses all 6 of its points; fix_after = 4
 * would use only its first 4. */
static void
test_partition_baseline (void)
{
  const double values[] = { 0, 1, 0, 1, 0, 1, 10, 12, 8, 10, 6, 8 };
  PdSpcPointInput extra[G_N_ELEMENTS (values)];
  g_autoptr(PdSpcResult) local = NULL;
  g_autoptr(PdSpcResult) global = NULL;
  PdSpcOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    extra[i] = (PdSpcPointInput) { .target = NAN, .denominator = NAN };
  extra[6].rebase = TRUE;
  extra[3].baseline_end = TRUE;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  local = compute_full (values, G_N_ELEMENTS (values), extra, &options);

  g_assert_cmpuint (local->n_partitions, ==, 2);
  /* First partition: 0, 1, 0, 1: mean 0.5, mean moving range 1. */
  g_assert_cmpuint (local->partitions[0].n_baseline, ==, 4);
  g_assert_cmpfloat_with_epsilon (local->partitions[0].mean, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (local->partitions[0].upl, 0.5 + 2.66, 1e-12);
  g_assert_true (local->points[3].baseline);
  g_assert_false (local->points[4].baseline);
  /* Second partition: every point, 54 / 6 = 9, moving ranges 14 / 5. */
  g_assert_cmpuint (local->partitions[1].n_baseline, ==, 6);
  g_assert_cmpfloat_with_epsilon (local->partitions[1].mean, 9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (local->partitions[1].upl, 9.0 + 2.66 * 14 / 5, 1e-12);
  g_assert_true (local->points[11].baseline);

  /* The old mapping, fix_after = 4 for the series: the second partition is cut too, to
   * 10, 12, 8, 10: mean 10, moving ranges 8 / 3. */
  extra[3].baseline_end = FALSE;
  options.fix_after = 4;
  global = compute_full (values, G_N_ELEMENTS (values), extra, &options);
  g_assert_cmpuint (global->partitions[0].n_baseline, ==, 4);
  g_assert_cmpuint (global->partitions[1].n_baseline, ==, 4);
  g_assert_cmpfloat_with_epsilon (global->partitions[1].mean, 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (global->partitions[1].upl, 10.0 + 2.66 * 8 / 3, 1e-12);
  g_assert_false (global->points[11].baseline);

  /* A baseline on a partition's first point still takes two points; with fix_after set,
   * the marked partition follows its marker and the other keeps fix_after. */
  extra[6].baseline_end = TRUE;
  options.fix_after = 5;
  g_clear_pointer (&local, pd_spc_result_free);
  local = compute_full (values, G_N_ELEMENTS (values), extra, &options);
  g_assert_cmpuint (local->partitions[0].n_baseline, ==, 5);
  g_assert_cmpuint (local->partitions[1].n_baseline, ==, 2);
  g_assert_cmpfloat_with_epsilon (local->partitions[1].mean, 11.0, 1e-12);
}

/* A rate's lower limit below 0: the limits, rules and icons stay as computed; only where a
 * chart draws them (pd_spc_result_shown) stops at the floor, and the explanation says so.
 * A percentage's upper limit above 100 likewise; a value beyond the range voids it. */
static void
test_value_range (void)
{
  double values[20], percents[20];
  PdSpcOptions plain, bounded;
  g_autoptr(PdSpcResult) a = NULL;
  g_autoptr(PdSpcResult) b = NULL;
  g_autoptr(PdSpcResult) c = NULL;
  g_autoptr(PdSpcResult) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said_plain = NULL;
  g_autofree char *said_bounded = NULL;
  double min = 1, max = 1;

  /* 2, 12, 2, 12, … then 40: mean 8.4, mean moving range (18 × 10 + 38) / 19, so a lower
   * limit of −22.12 and an upper of 38.92, which 40 is above. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = i % 2 ? 12 : 2;
  values[19] = 40;  /* above the upper limit 33.6: a rule fires */
  pd_spc_options_init_preset (&plain, PD_SPC_PRESET_MDC);
  g_assert_false (plain.bounded_below);
  g_assert_false (plain.bounded_above);
  bounded = plain;
  g_assert_true (pd_spc_value_range_for_unit ("rate", 1000, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_true (isnan (max));
  pd_spc_options_set_value_range (&bounded, min, max);
  a = compute_full (values, G_N_ELEMENTS (values), NULL, &plain);
  b = compute_full (values, G_N_ELEMENTS (values), NULL, &bounded);

  g_assert_true (isnan (a->shown_min) && isnan (a->shown_max));
  g_assert_cmpfloat (b->shown_min, ==, 0);
  g_assert_true (isnan (b->shown_max));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const PdSpcPoint *pa = &a->points[i], *pb = &b->points[i];

      /* As published, in both. */
      g_assert_cmpfloat_with_epsilon (pb->lpl, 8.4 - 2.66 * 218 / 19.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (pb->upl, 8.4 + 2.66 * 218 / 19.0, 1e-9);
      g_assert_cmpfloat (pa->lpl, ==, pb->lpl);
      g_assert_cmpfloat (pa->upl, ==, pb->upl);
      g_assert_cmpfloat (pa->lower_2sigma, ==, pb->lower_2sigma);
      g_assert_cmpint (pa->rule, ==, pb->rule);
      g_assert_cmpint (pa->rules, ==, pb->rules);
      g_assert_cmpint (pa->point_type, ==, pb->point_type);
      g_assert_cmpfloat (pb->lpl, <, 0);
      /* Drawn at the floor; the upper limit and the mean where they are. */
      g_assert_cmpfloat (pd_spc_result_shown (b, pb->lpl), ==, 0);
      g_assert_cmpfloat (pd_spc_result_shown (b, pb->lower_2sigma), ==, 0);
      g_assert_cmpfloat (pd_spc_result_shown (b, pb->upl), ==, pb->upl);
      g_assert_cmpfloat (pd_spc_result_shown (b, pb->mean), ==, pb->mean);
      g_assert_cmpfloat (pd_spc_result_shown (a, pa->lpl), ==, pa->lpl);
      g_assert_true (isnan (pd_spc_result_shown (b, NAN)));
    }
  g_assert_cmpint (a->variation, ==, b->variation);
  g_assert_cmpint (a->assurance, ==, b->assurance);
  g_assert_cmpint (b->points[19].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  said_plain = pd_spc_point_explain (a, 19);
  said_bounded = pd_spc_point_explain (b, 19);
  g_test_message ("%s", said_bounded);
  g_assert_null (strstr (said_plain, "drawn at"));
  g_assert_nonnull (strstr (said_bounded, "The lower limit is below 0, the least the value can be, and is drawn at 0."));
  /* Everything before that sentence is the same words. */
  g_assert_true (g_str_has_prefix (said_bounded, said_plain));

  /* A value below the floor: the range does not hold, nothing is cut. */
  values[3] = -1;
  c = compute_full (values, G_N_ELEMENTS (values), NULL, &bounded);
  g_assert_true (isnan (c->shown_min));
  g_assert_cmpfloat (pd_spc_result_shown (c, c->points[0].lpl), ==, c->points[0].lpl);

  /* A percentage near 100: the upper limit stops at 100, the lower stays. */
  for (guint i = 0; i < G_N_ELEMENTS (percents); i++)
    percents[i] = i % 2 ? 99 : 93;
  g_assert_true (pd_spc_value_range_for_unit ("proportion", 100, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 100);
  pd_spc_options_set_value_range (&bounded, min, max);
  d = compute_full (percents, G_N_ELEMENTS (percents), NULL, &bounded);
  g_assert_cmpfloat_with_epsilon (d->points[0].upl, 96 + 2.66 * 6, 1e-9);
  g_assert_cmpfloat (pd_spc_result_shown (d, d->points[0].upl), ==, 100);
  g_assert_cmpfloat (pd_spc_result_shown (d, d->points[0].lpl), ==, d->points[0].lpl);
  {
    g_autofree char *said = pd_spc_point_explain (d, 0);
    g_assert_nonnull (strstr (said, "The upper limit is above 100, the most the value can be, and is drawn at 100."));
    g_assert_null (strstr (said, "lower limit is below"));
  }

  /* What each unit says. */
  g_assert_true (pd_spc_value_range_for_unit ("proportion", 1, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 1);
  g_assert_true (pd_spc_value_range_for_unit ("count", 1, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_true (isnan (max));
  g_assert_true (pd_spc_value_range_for_unit ("ratio", 100, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_true (isnan (max));
  g_assert_false (pd_spc_value_range_for_unit ("mean", 1, &min, &max));
  g_assert_true (isnan (min) && isnan (max));
  g_assert_false (pd_spc_value_range_for_unit (NULL, 1, &min, &max));
  g_assert_true (isnan (min) && isnan (max));

  /* A range that is no range is refused. */
  pd_spc_options_set_value_range (&bounded, 5, 5);
  g_assert_null (pd_spc_compute (values, G_N_ELEMENTS (values), NULL, &bounded, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION);
  g_clear_error (&error);
  bounded = plain;
  bounded.bounded_below = TRUE;
  bounded.value_min = INFINITY;
  g_assert_false (pd_spc_options_validate (&bounded, &error));
  g_assert_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/spc/presets", test_presets);
  g_test_add_func ("/pctdash/spc/invalid", test_invalid);
  g_test_add_func ("/pctdash/spc/empty-and-single", test_empty_and_single);
  g_test_add_func ("/pctdash/spc/all-equal", test_all_equal);
  g_test_add_func ("/pctdash/spc/ghost-and-missing", test_ghost_and_missing);
  g_test_add_func ("/pctdash/spc/two-in-three-band", test_two_in_three_band);
  g_test_add_func ("/pctdash/spc/precedence", test_precedence);
  g_test_add_func ("/pctdash/spc/lengths", test_lengths);
  g_test_add_func ("/pctdash/spc/partitions", test_partitions);
  g_test_add_func ("/pctdash/spc/fixed-baseline-and-trial", test_fixed_baseline_and_trial);
  g_test_add_func ("/pctdash/spc/partition-baseline", test_partition_baseline);
  g_test_add_func ("/pctdash/spc/assurance-on-limit", test_assurance_on_limit);
  g_test_add_func ("/pctdash/spc/properties", test_properties);
  g_test_add_func ("/pctdash/spc/real-series", test_real_series);
  g_test_add_func ("/pctdash/spc/laney-edges", test_laney_edges);
  g_test_add_func ("/pctdash/spc/names", test_names);
  g_test_add_func ("/pctdash/spc/value-range", test_value_range);

  return g_test_run ();
}
