/* test-spc.c — SPC against the values nhspy-plotthedots, NHSRplotthedots, PowerBI-SPC and
 * the issue publish
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <json-glib/json-glib.h>

#include "pd-test-util.h"
#include "stats/pd-spc.h"
#include "stats/pd-spc-private.h"

static void
assert_close (double actual,
              double expected,
              double tolerance)
{
  if (isnan (expected))
    {
      g_assert_true (isnan (actual));
      return;
    }
  if (!(fabs (actual - expected) <= tolerance * MAX (1.0, fabs (expected))))
    g_error ("expected %.17g, got %.17g (tolerance %g)", expected, actual, tolerance);
}

static JsonObject *
load_vectors (JsonParser **out_parser,
              const char  *name)
{
  g_autofree char *path = pd_test_shared_path ("spc_published_vectors", name, NULL);
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  *out_parser = parser;
  return json_node_get_object (json_parser_get_root (parser));
}

static double *
doubles_from (JsonArray *array,
              gsize     *n)
{
  guint len = json_array_get_length (array);
  double *values = g_new0 (double, MAX (len, 1));

  for (guint i = 0; i < len; i++)
    values[i] = json_array_get_double_element (array, i);
  *n = len;
  return values;
}

static PdSpcResult *
compute (const double       *values,
         gsize               n,
         const PdSpcOptions *options)
{
  g_autoptr(GError) error = NULL;
  PdSpcResult *result = pd_spc_compute (values, n, NULL, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* nhspy-plotthedots' limits_calculations: mean, limits and 2σ lines, no screening. */
static void
test_nhspy_limits (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "nhspy_limits_vectors.json");
  JsonArray *cases = json_object_get_array_member (root, "limits_calculations");
  PdSpcOptions options;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  g_assert_cmpuint (json_array_get_length (cases), ==, 8);

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *vector = json_array_get_object_element (cases, c);
      JsonArray *out = json_object_get_array_member (vector, "out");
      gsize n;
      g_autofree double *values = doubles_from (json_object_get_array_member (vector, "in"), &n);
      g_autoptr(PdSpcResult) result = compute (values, n, &options);
      const PdSpcPartition *part = &result->partitions[0];

      g_test_message ("limits_calculations case %u", c);
      g_assert_cmpuint (result->n_partitions, ==, 1);
      assert_close (part->mean, json_array_get_double_element (out, 0), 1e-13);
      assert_close (part->lpl, json_array_get_double_element (out, 1), 1e-13);
      assert_close (part->upl, json_array_get_double_element (out, 2), 1e-13);
      assert_close (part->lower_2sigma, json_array_get_double_element (out, 3), 1e-13);
      assert_close (part->upper_2sigma, json_array_get_double_element (out, 4), 1e-13);
      /* Every point carries the partition's lines for the chart. */
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpfloat (result->points[i].lpl, ==, part->lpl);
          g_assert_cmpfloat (result->points[i].upper_2sigma, ==, part->upper_2sigma);
        }
    }
}

/* nhspy-plotthedots' spc_x_calc: screening on, a fixed baseline, and the flags. */
static void
test_nhspy_x_calc (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "nhspy_limits_vectors.json");
  JsonArray *cases = json_object_get_array_member (root, "spc_x_calc");

  g_assert_cmpuint (json_array_get_length (cases), ==, 4);

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *vector = json_array_get_object_element (cases, c);
      JsonArray *outside = json_object_get_array_member (vector, "outside_limits");
      JsonArray *rtm = json_object_get_array_member (vector, "relative_to_mean");
      JsonArray *close = json_object_get_array_member (vector, "close_to_limits");
      JsonArray *flag = json_object_get_array_member (vector, "special_cause_flag");
      PdSpcOptions options;
      gsize n;
      g_autofree double *values = doubles_from (json_object_get_array_member (vector, "in"), &n);
      g_autoptr(PdSpcResult) result = NULL;

      /* nhspy follows NHSRplotthedots: screening on, only the 2σ–3σ band is "close". */
      pd_spc_options_init_preset (&options, PD_SPC_PRESET_PTD);
      if (!json_object_get_null_member (vector, "fix_after_n_points"))
        options.fix_after = json_object_get_int_member (vector, "fix_after_n_points");
      result = compute (values, n, &options);

      g_test_message ("spc_x_calc case %u", c);
      assert_close (result->partitions[0].mean, json_object_get_double_member (vector, "mean"),
                    1e-13);
      assert_close (result->partitions[0].lpl, json_object_get_double_member (vector, "lpl"),
                    1e-13);
      assert_close (result->partitions[0].upl, json_object_get_double_member (vector, "upl"),
                    1e-13);
      for (gsize i = 0; i < n; i++)
        {
          const PdSpcPoint *p = &result->points[i];
          gboolean is_outside = (p->rules & PD_SPC_RULE_FLAG_OUTSIDE_LIMITS) != 0;
          gboolean is_close = !is_outside &&
                              (p->value > p->upper_2sigma || p->value < p->lower_2sigma);
          int side = (p->value > p->mean) - (p->value < p->mean);

          g_assert_cmpint (is_outside, ==, json_array_get_boolean_element (outside, i));
          g_assert_cmpint (side, ==, json_array_get_int_element (rtm, i));
          g_assert_cmpint (is_close, ==, json_array_get_boolean_element (close, i));
          g_assert_cmpint (p->rule != PD_SPC_RULE_NONE, ==,
                           json_array_get_boolean_element (flag, i));
        }
    }
}

/* The values quoted in the issue (nhspy with screening; NHSRplotthedots' "deviations"
 * vignette). */
static void
test_issue_values (void)
{
  static const double ramp[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  static const double wave[] = { 1, 2, 3, 4, 5, 4, 3, 2, 1, 2 };
  static const double deviations[] = { 1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };
  PdSpcOptions options;
  g_autoptr(PdSpcResult) r_ramp = NULL;
  g_autoptr(PdSpcResult) r_wave = NULL;
  g_autoptr(PdSpcResult) r_screened = NULL;
  g_autoptr(PdSpcResult) r_unscreened = NULL;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.screen_outliers = TRUE;
  r_ramp = compute (ramp, G_N_ELEMENTS (ramp), &options);
  assert_close (r_ramp->partitions[0].mean, 5.5, 1e-15);
  assert_close (r_ramp->partitions[0].lpl, 2.84, 1e-14);
  assert_close (r_ramp->partitions[0].upl, 8.16, 1e-14);

  r_wave = compute (wave, G_N_ELEMENTS (wave), &options);
  assert_close (r_wave->partitions[0].mean, 2.7, 1e-15);
  assert_close (r_wave->partitions[0].lpl, 0.04, 1e-14);
  assert_close (r_wave->partitions[0].upl, 5.36, 1e-14);

  /* The vignette's figures are rounded to two places (1.94 is 35 / 18). */
  r_screened = compute (deviations, G_N_ELEMENTS (deviations), &options);
  g_assert_cmpuint (r_screened->partitions[0].n_mr_screened, ==, 2);
  g_assert_true (r_screened->points[4].mr_screened);
  g_assert_true (r_screened->points[5].mr_screened);
  assert_close (r_screened->partitions[0].mean, 35.0 / 18, 1e-15);
  assert_close (round (r_screened->partitions[0].upl * 100) / 100, 4.60, 1e-15);
  assert_close (round (r_screened->partitions[0].mean * 100) / 100, 1.94, 1e-15);
  assert_close (round (r_screened->partitions[0].lpl * 100) / 100, -0.72, 1e-15);
  assert_close (r_screened->partitions[0].mr_mean, 1.0, 1e-15);

  options.screen_outliers = FALSE;
  r_unscreened = compute (deviations, G_N_ELEMENTS (deviations), &options);
  g_assert_cmpuint (r_unscreened->partitions[0].n_mr_screened, ==, 0);
  assert_close (round (r_unscreened->partitions[0].upl * 100) / 100, 6.95, 1e-15);
  assert_close (round (r_unscreened->partitions[0].lpl * 100) / 100, -3.06, 1e-15);
  assert_close (r_unscreened->partitions[0].mr_mean, 32.0 / 17, 1e-15);
  /* The 10 is far outside either way; the moving-range chart's limit is 3.267 × mean. */
  g_assert_cmpint (r_unscreened->points[4].rule, ==, PD_SPC_RULE_OUTSIDE_LIMITS);
  assert_close (r_unscreened->partitions[0].mr_upl, 3.267 * 32.0 / 17, 1e-15);
}

/* Runs the rules alone on points whose lines the test sets, as NHSRplotthedots' helper
 * tests do: mean 0, 2σ at ±50, limits at ±100 unless NaN. */
static PdSpcPoint *
rule_points (const double *values,
             gsize         n,
             gboolean      with_lines,
             guint       **out_used)
{
  PdSpcPoint *points = g_new0 (PdSpcPoint, MAX (n, 1));
  guint *used = g_new0 (guint, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      points[i].value = values[i];
      points[i].mean = with_lines ? 0 : NAN;
      points[i].lpl = with_lines ? -100 : NAN;
      points[i].upl = with_lines ? 100 : NAN;
      points[i].lower_2sigma = with_lines ? -50 : NAN;
      points[i].upper_2sigma = with_lines ? 50 : NAN;
      points[i].run_first = points[i].run_last = i;
      used[i] = i;
    }
  *out_used = used;
  return points;
}

/* NHSRplotthedots marks the point that completes a run, then flags it and the run_length − 1
 * points before it ("part of"); this expands markers the same way. */
static gboolean
part_of_run (JsonArray *markers,
             guint      i,
             guint      run_length)
{
  for (guint j = i; j < json_array_get_length (markers) && j < i + run_length; j++)
    if (json_array_get_int_element (markers, j) != 0)
      return TRUE;
  return FALSE;
}

static void
test_ptd_shift_vectors (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "unit_rule_vectors.json");
  JsonArray *cases = json_object_get_array_member (
    json_object_get_object_member (root, "seven_point_one_side_mean"), "cases");
  PdSpcOptions options;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_PTD);
  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *vector = json_array_get_object_element (cases, c);
      JsonArray *out = json_object_get_array_member (vector, "out");
      gsize n;
      g_autofree double *values = doubles_from (json_object_get_array_member (vector, "in"), &n);
      g_autofree guint *used = NULL;
      g_autofree PdSpcPoint *points = rule_points (values, n, TRUE, &used);

      _pd_spc_apply_rules (points, used, n, &options);
      for (guint i = 0; i < n; i++)
        {
          gboolean expected = part_of_run (out, i, 7);

          g_assert_cmpint ((points[i].rules & PD_SPC_RULE_FLAG_SHIFT) != 0, ==, expected);
          g_assert_cmpint (points[i].rule == PD_SPC_RULE_SHIFT, ==, expected);
          if (expected)
            g_assert_cmpint (points[i].point_type, ==, values[i] > 0
                               ? PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH
                               : PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW);
        }
    }
}

static void
test_ptd_trend_vectors (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "unit_rule_vectors.json");
  JsonArray *trends = json_object_get_array_member (
    json_object_get_object_member (root, "seven_point_trend"), "cases");
  JsonArray *parts = json_object_get_array_member (
    json_object_get_object_member (root, "part_of_seven_trend"), "cases");
  PdSpcOptions options;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_PTD);
  options.improvement = PD_IMPROVEMENT_INCREASE;

  /* seven_point_trend: y values in, ±1 where a run of 7 ends. */
  for (guint c = 0; c < json_array_get_length (trends); c++)
    {
      JsonObject *vector = json_array_get_object_element (trends, c);
      JsonArray *out = json_object_get_array_member (vector, "out");
      gsize n;
      g_autofree double *values = doubles_from (json_object_get_array_member (vector, "in"), &n);
      g_autofree guint *used = NULL;
      g_autofree PdSpcPoint *points = rule_points (values, n, FALSE, &used);
      int direction = 0;

      for (guint i = 0; i < n; i++)
        direction += json_array_get_int_element (out, i);

      _pd_spc_apply_rules (points, used, n, &options);
      for (guint i = 0; i < n; i++)
        {
          gboolean expected = part_of_run (out, i, 7);

          g_assert_cmpint (points[i].rule == PD_SPC_RULE_TREND, ==, expected);
          if (expected)
            g_assert_cmpint (points[i].point_type, ==, direction > 0
                               ? PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT
                               : PD_SPC_POINT_SPECIAL_CAUSE_CONCERN);
        }
    }

  /* part_of_seven_trend: a marker where a run of 7 ends; build y rising (falling) over
   * exactly those points and flat elsewhere. */
  for (guint c = 0; c < json_array_get_length (parts); c++)
    {
      JsonObject *vector = json_array_get_object_element (parts, c);
      JsonArray *markers = json_object_get_array_member (vector, "in");
      JsonArray *out = json_object_get_array_member (vector, "out");
      guint n = json_array_get_length (markers);
      g_autofree double *values = g_new0 (double, MAX (n, 1));
      g_autofree guint *used = NULL;
      g_autofree PdSpcPoint *points = NULL;

      for (guint i = 1; i < n; i++)
        {
          int step = 0;

          for (guint j = i; j < n && j < i + 6; j++)
            if (json_array_get_int_element (markers, j) != 0)
              step = json_array_get_int_element (markers, j);
          values[i] = values[i - 1] + step;
        }
      points = rule_points (values, n, FALSE, &used);
      _pd_spc_apply_rules (points, used, n, &options);
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (points[i].rule == PD_SPC_RULE_TREND, ==,
                         json_array_get_int_element (out, i));
    }
}

static void
test_ptd_two_in_three_vectors (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "unit_rule_vectors.json");
  const char *sets[] = { "two_in_three", "part_of_two_in_three" };

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      JsonArray *cases = json_object_get_array_member (
        json_object_get_object_member (root, sets[s]), "cases");

      for (guint c = 0; c < json_array_get_length (cases); c++)
        {
          JsonObject *vector = json_array_get_object_element (cases, c);
          JsonArray *close = json_object_get_array_member (vector, "close");
          JsonArray *rtm = json_object_get_array_member (vector, "rtm");
          JsonArray *out = json_object_get_array_member (vector, "out");
          guint n = json_array_get_length (close);
          g_autofree double *values = g_new0 (double, MAX (n, 1));
          g_autofree guint *used = NULL;
          g_autofree PdSpcPoint *points = NULL;

          /* Close points between 2σ (50) and the limit (100); the others inside 2σ. */
          for (guint i = 0; i < n; i++)
            values[i] = json_array_get_int_element (rtm, i) *
                        (json_array_get_int_element (close, i) ? 60 : 10);

          /* In the band both rules agree, so each vector checks both. */
          for (PdSpcTwoInThree rule = PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA;
               rule <= PD_SPC_TWO_IN_THREE_BAND; rule++)
            {
              PdSpcOptions options;

              pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
              options.two_in_three = rule;
              g_clear_pointer (&points, g_free);
              g_clear_pointer (&used, g_free);
              points = rule_points (values, n, TRUE, &used);
              _pd_spc_apply_rules (points, used, n, &options);
              for (guint i = 0; i < n; i++)
                {
                  /* two_in_three gives the windows; only their close points are flagged. */
                  gboolean expected = json_array_get_int_element (out, i) &&
                                      json_array_get_int_element (close, i);

                  g_assert_cmpint (points[i].rule == PD_SPC_RULE_TWO_IN_THREE, ==, expected);
                }
            }
        }
    }
}

static PdSpcAssuranceIcon
assurance_from_name (const char *name)
{
  if (name == NULL)
    return PD_SPC_ASSURANCE_NONE;
  if (g_str_equal (name, "consistent_pass"))
    return PD_SPC_ASSURANCE_PASS;
  if (g_str_equal (name, "consistent_fail"))
    return PD_SPC_ASSURANCE_FAIL;
  if (g_str_equal (name, "inconsistent"))
    return PD_SPC_ASSURANCE_HIT_OR_MISS;
  g_assert_not_reached ();
}

static void
test_ptd_assurance_vectors (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "unit_rule_vectors.json");
  JsonArray *cases = json_object_get_array_member (
    json_object_get_object_member (root, "assurance"), "cases");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *vector = json_array_get_object_element (cases, c);
      PdImprovement improvement;
      double target = json_object_get_null_member (vector, "target")
                        ? NAN : json_object_get_double_member (vector, "target");
      const char *out = json_object_get_null_member (vector, "out")
                          ? NULL : json_object_get_string_member (vector, "out");

      g_assert_true (pd_spc_parse_improvement (json_object_get_string_member (vector,
                                                                              "direction"),
                                               &improvement));
      g_assert_cmpint (_pd_spc_assurance_icon (target,
                                               json_object_get_double_member (vector, "lpl"),
                                               json_object_get_double_member (vector, "upl"),
                                               improvement, PD_SPC_ASSURANCE_STRICT),
                       ==, assurance_from_name (out));
    }

  /* On a limit: hit or miss for NHSRplotthedots, consistent for MDC. */
  g_assert_cmpint (_pd_spc_assurance_icon (1, 1, 3, PD_IMPROVEMENT_INCREASE,
                                           PD_SPC_ASSURANCE_STRICT), ==,
                   PD_SPC_ASSURANCE_HIT_OR_MISS);
  g_assert_cmpint (_pd_spc_assurance_icon (1, 1, 3, PD_IMPROVEMENT_INCREASE,
                                           PD_SPC_ASSURANCE_INCLUSIVE), ==,
                   PD_SPC_ASSURANCE_PASS);
  g_assert_cmpint (_pd_spc_assurance_icon (3, 1, 3, PD_IMPROVEMENT_INCREASE,
                                           PD_SPC_ASSURANCE_INCLUSIVE), ==,
                   PD_SPC_ASSURANCE_FAIL);
  g_assert_cmpint (_pd_spc_assurance_icon (3, 1, 3, PD_IMPROVEMENT_DECREASE,
                                           PD_SPC_ASSURANCE_INCLUSIVE), ==,
                   PD_SPC_ASSURANCE_PASS);
  g_assert_cmpint (_pd_spc_assurance_icon (1, 1, 3, PD_IMPROVEMENT_DECREASE,
                                           PD_SPC_ASSURANCE_INCLUSIVE), ==,
                   PD_SPC_ASSURANCE_FAIL);
  g_assert_cmpint (_pd_spc_assurance_icon (3, 1, 3, PD_IMPROVEMENT_DECREASE,
                                           PD_SPC_ASSURANCE_STRICT), ==,
                   PD_SPC_ASSURANCE_HIT_OR_MISS);
}

static void
test_ptd_partition_vectors (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = load_vectors (&parser, "unit_rule_vectors.json");
  JsonArray *rebase_cases = json_object_get_array_member (
    json_object_get_object_member (root, "rebase_column"), "cases");
  JsonArray *warning_cases = json_object_get_array_member (
    json_object_get_object_member (root, "short_group_warning"), "cases");
  JsonArray *groups = json_object_get_array_member (
    json_array_get_object_element (rebase_cases, 2), "out_rebase_group");
  PdSpcOptions options;
  double values[100];
  PdSpcPointInput extra[100];

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_PTD);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      values[i] = (i * 7) % 5;
      extra[i] = (PdSpcPointInput) { .target = NAN };
    }

  /* A rebase flag on point 11 of 20 starts the second partition there. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdSpcResult) result = NULL;

    extra[10].rebase = TRUE;
    result = pd_spc_compute (values, 20, extra, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->n_partitions, ==, 2);
    for (guint i = 0; i < 20; i++)
      g_assert_cmpuint (result->points[i].partition, ==, json_array_get_int_element (groups, i));
    extra[10].rebase = FALSE;
  }

  /* Fewer than 12 points in a partition warn; exactly 12 does not. */
  for (guint c = 0; c < json_array_get_length (warning_cases); c++)
    {
      JsonObject *vector = json_array_get_object_element (warning_cases, c);
      JsonArray *sizes = json_object_get_array_member (vector, "group_sizes");
      JsonArray *out = json_object_get_array_member (vector, "out");
      g_autoptr(GError) error = NULL;
      g_autoptr(PdSpcResult) result = NULL;
      guint n = 0;

      for (guint g = 0; g < json_array_get_length (sizes); g++)
        {
          extra[n].rebase = TRUE;
          n += json_array_get_int_element (sizes, g);
        }
      result = pd_spc_compute (values, n, extra, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->n_partitions, ==, json_array_get_length (sizes));
      for (guint g = 0; g < result->n_partitions; g++)
        {
          g_assert_cmpuint (result->partitions[g].n, ==, json_array_get_int_element (sizes, g));
          g_assert_cmpint ((result->partitions[g].warnings & PD_SPC_WARNING_SHORT_PARTITION) != 0,
                           ==, json_array_get_boolean_element (out, g));
        }
      for (guint i = 0; i < n; i++)
        extra[i].rebase = FALSE;
    }
}

/* PowerBI-SPC's p′ and u′ chart tests (AUS-DOH-Safety-and-Quality, test/Chart Types):
 * 20 months of large denominators; limits to 4 decimal places. */
static const double laney_numerators[] = {
  266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320,
  267923, 271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989,
};
static const double laney_denominators[] = {
  280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529,
  279618, 283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772,
};

static PdSpcResult *
compute_laney (PdSpcChart chart)
{
  PdSpcPointInput extra[G_N_ELEMENTS (laney_numerators)];
  g_autoptr(GError) error = NULL;
  PdSpcOptions options;
  PdSpcResult *result;

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    extra[i] = (PdSpcPointInput) { .target = NAN, .denominator = laney_denominators[i] };
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.chart = chart;
  result = pd_spc_compute (laney_numerators, G_N_ELEMENTS (laney_numerators), extra,
                           &options, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_laney_p_prime (void)
{
  /* In per cent, as published. */
  static const double ul99[] = {
    96.567, 96.5753, 96.5421, 96.5326, 96.5627, 96.5775, 96.5593, 96.5345, 96.5579, 96.5623,
    96.5689, 96.5591, 96.5996, 96.5961, 96.5753, 96.5877, 96.6012, 96.583, 96.5713, 96.5824,
  };
  static const double ul95[] = {
    96.1413, 96.1469, 96.1247, 96.1184, 96.1384, 96.1483, 96.1362, 96.1197, 96.1353, 96.1382,
    96.1426, 96.1361, 96.1631, 96.1607, 96.1469, 96.1551, 96.1641, 96.152, 96.1442, 96.1516,
  };
  static const double ll95[] = {
    94.4386, 94.4331, 94.4552, 94.4615, 94.4415, 94.4316, 94.4438, 94.4603, 94.4447, 94.4418,
    94.4374, 94.4439, 94.4169, 94.4192, 94.4331, 94.4248, 94.4158, 94.4279, 94.4358, 94.4283,
  };
  static const double ll99[] = {
    94.013, 94.0046, 94.0378, 94.0473, 94.0173, 94.0025, 94.0207, 94.0454, 94.022, 94.0177,
    94.0111, 94.0208, 93.9803, 93.9839, 94.0046, 93.9923, 93.9788, 93.9969, 94.0087, 93.9975,
  };
  g_autoptr(PdSpcResult) result = compute_laney (PD_SPC_CHART_P_PRIME);

  for (guint i = 0; i < G_N_ELEMENTS (ul99); i++)
    {
      const PdSpcPoint *p = &result->points[i];

      g_assert_cmpfloat_with_epsilon (p->upl * 100, ul99[i], 0.5e-4);
      g_assert_cmpfloat_with_epsilon (p->upper_2sigma * 100, ul95[i], 0.5e-4);
      g_assert_cmpfloat_with_epsilon (p->lower_2sigma * 100, ll95[i], 0.5e-4);
      g_assert_cmpfloat_with_epsilon (p->lpl * 100, ll99[i], 0.5e-4);
      assert_close (p->value, laney_numerators[i] / laney_denominators[i], 1e-15);
    }
  /* p̄ is the pooled proportion. */
  assert_close (result->partitions[0].mean, 5324775.0 / 5587970.0, 1e-15);
}

static void
test_laney_u_prime (void)
{
  static const double ul99[] = {
    0.9657, 0.9658, 0.9654, 0.9653, 0.9656, 0.9658, 0.9656, 0.9653, 0.9656, 0.9656,
    0.9657, 0.9656, 0.966, 0.966, 0.9658, 0.9659, 0.966, 0.9658, 0.9657, 0.9658,
  };
  static const double ll99[] = {
    0.9401, 0.940, 0.9404, 0.9405, 0.9402, 0.94, 0.9402, 0.9405, 0.9402, 0.9402,
    0.9401, 0.9402, 0.9398, 0.9398, 0.94, 0.9399, 0.9398, 0.94, 0.9401, 0.94,
  };
  g_autoptr(PdSpcResult) result = compute_laney (PD_SPC_CHART_U_PRIME);

  for (guint i = 0; i < G_N_ELEMENTS (ul99); i++)
    {
      g_assert_cmpfloat_with_epsilon (result->points[i].upl, ul99[i], 0.5e-4);
      g_assert_cmpfloat_with_epsilon (result->points[i].lpl, ll99[i], 0.5e-4);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/spc/nhspy-limits", test_nhspy_limits);
  g_test_add_func ("/pctdash/spc/nhspy-x-calc", test_nhspy_x_calc);
  g_test_add_func ("/pctdash/spc/issue-values", test_issue_values);
  g_test_add_func ("/pctdash/spc/ptd-shift-vectors", test_ptd_shift_vectors);
  g_test_add_func ("/pctdash/spc/ptd-trend-vectors", test_ptd_trend_vectors);
  g_test_add_func ("/pctdash/spc/ptd-two-in-three-vectors", test_ptd_two_in_three_vectors);
  g_test_add_func ("/pctdash/spc/ptd-assurance-vectors", test_ptd_assurance_vectors);
  g_test_add_func ("/pctdash/spc/ptd-partition-vectors", test_ptd_partition_vectors);
  g_test_add_func ("/pctdash/spc/laney-p-prime", test_laney_p_prime);
  g_test_add_func ("/pctdash/spc/laney-u-prime", test_laney_u_prime);

  return g_test_run ();
}
