/* test-funnel.c — funnel limits, classification and overdispersion against
 * PHEindicatormethods' and FunnelPlotR's published tables
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pd-test-util.h"
#include "stats/pd-funnel.h"
#include "stats/pd-intervals.h"

/* PHEindicatormethods finds the Poisson funnels of ratios and rates by bisection on
 * v = E / (1 + O + E), halving a step from 0.5 until it is at most 1e-7: its last step is
 * 0.5 / 2²³ ≈ 6e-8, so its v is within about that of the true v, which is a relative
 * error of up to 1e-4 in E where E is tiny (the 99.8 % upper limit of one event is at
 * E = 0.001). We solve the same equation to machine precision, so we compare PHE's tables
 * with ours in v, to twice that last step, and our own funnels to 1e-12. */
#define PHE_BISECTION_V_TOLERANCE 1.2e-7

static void
assert_same_v (double      observed,
               double      expected,
               double      phe_expected,
               const char *what)
{
  double v = expected / (1.0 + observed + expected);
  double phe_v = phe_expected / (1.0 + observed + phe_expected);

  if (!(fabs (v - phe_v) <= PHE_BISECTION_V_TOLERANCE))
    g_error ("%s: expected count %.17g, PHE's bisection %.17g (v differs by %.3g)", what,
             expected, phe_expected, fabs (v - phe_v));
}

static double
field_number (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0' || strcmp (text, "NA") == 0)
    return NAN;
  value = g_ascii_strtod (text, &end);
  g_assert_true (end != NULL && *end == '\0');
  return value;
}

static guint
column (char      **header,
        const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  g_error ("no column %s", name);
  return 0;
}

static void
assert_relative (double      expected,
                 double      actual,
                 double      tolerance,
                 const char *what)
{
  if (!(fabs (actual - expected) <= tolerance * fabs (expected)))
    g_error ("%s: expected %.17g, got %.17g (relative error %.3g)", what, expected, actual,
             fabs (actual - expected) / fabs (expected));
}

static void
assert_absolute (double      expected,
                 double      actual,
                 double      tolerance,
                 const char *what)
{
  if (!(fabs (actual - expected) <= tolerance))
    g_error ("%s: expected %.17g, got %.17g (difference %.3g)", what, expected, actual,
             fabs (actual - expected));
}

static PdFunnelClass
phe_significance (const char *text)
{
  if (strcmp (text, "High (0.001)") == 0)
    return PD_FUNNEL_ABOVE_99_8;
  if (strcmp (text, "High (0.025)") == 0)
    return PD_FUNNEL_ABOVE_95;
  if (strcmp (text, "Low (0.001)") == 0)
    return PD_FUNNEL_BELOW_99_8;
  if (strcmp (text, "Low (0.025)") == 0)
    return PD_FUNNEL_BELOW_95;
  if (strcmp (text, "Not significant") == 0)
    return PD_FUNNEL_WITHIN;
  g_error ("unknown significance %s", text);
  return PD_FUNNEL_NOT_CLASSIFIED;
}

/* Reads two numeric columns of a shared CSV and, when asked, a text column beside them. */
static void
read_columns (const char *folder,
              const char *file,
              const char *name_a,
              const char *name_b,
              const char *name_class,
              GArray     *a,
              GArray     *b,
              GPtrArray  *classes)
{
  g_autofree char *path = pd_test_shared_path (folder, file, NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint ca = column (header, name_a), cb = column (header, name_b);
  guint cc = name_class != NULL ? column (header, name_class) : 0;

  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double va = field_number (row[ca]), vb = field_number (row[cb]);

      g_array_append_val (a, va);
      g_array_append_val (b, vb);
      if (classes != NULL)
        g_ptr_array_add (classes, g_strdup (row[cc]));
    }
}

/* ---- PHE proportions ---------------------------------------------------------------- */

static void
check_prop_outputs (const char *file,
                    double      max_denominator,
                    guint       expected_units,
                    double      tolerance)
{
  g_autoptr(GArray) num = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) den = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree char *path = pd_test_shared_path ("phe_funnels", file, NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cpop = column (header, "Population");
  guint cl2 = column (header, "Lower2s0025limit"), cu2 = column (header, "Upper2s0025limit");
  guint cl3 = column (header, "Lower3s0001limit"), cu3 = column (header, "Upper3s0001limit");
  guint cbase = column (header, "Baseline");
  PdFunnelOptions options;

  read_columns ("phe_funnels", "funnel_prop_inputs.csv", "numerator", "denominator", NULL,
                x, y, NULL);
  for (guint i = 0; i < x->len; i++)
    {
      if (g_array_index (y, double, i) < max_denominator)
        {
          g_array_append_val (num, g_array_index (x, double, i));
          g_array_append_val (den, g_array_index (y, double, i));
        }
    }
  g_assert_cmpuint (num->len, ==, expected_units);

  /* phe_funnels() defaults: percentages. */
  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  options.multiplier = 100;
  funnel = pd_funnel_compute ((double *) num->data, (double *) den->data, num->len, &options);
  g_assert_cmpuint (funnel->n, ==, expected_units);

  g_assert_cmpuint (rows->len, ==, 101);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      PdFunnelLimits limits;
      g_autofree char *what = g_strdup_printf ("%s population %s", file, row[cpop]);

      pd_funnel_limits_at (funnel, field_number (row[cpop]), &limits, NULL);
      assert_absolute (field_number (row[cbase]), funnel->target * 100, tolerance, what);
      assert_absolute (field_number (row[cl2]), limits.lcl95, tolerance, what);
      assert_absolute (field_number (row[cu2]), limits.ucl95, tolerance, what);
      assert_absolute (field_number (row[cl3]), limits.lcl998, tolerance, what);
      assert_absolute (field_number (row[cu3]), limits.ucl998, tolerance, what);
    }
}

static void
test_phe_proportion_limits (void)
{
  /* Published to 6 and 8 decimal places: half a unit in the last place, plus rounding. */
  check_prop_outputs ("funnel_prop_outputs.csv", INFINITY, 303, 5.000001e-7);
  check_prop_outputs ("funnel_prop_outputs_with_axis_variation.csv", 31000, 97, 5.00001e-9);
}

static void
test_phe_proportion_significance (void)
{
  g_autoptr(GArray) num = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) den = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdFunnel) funnel = NULL;
  guint counts[PD_FUNNEL_ABOVE_99_8 + 1] = { 0 };

  read_columns ("phe_funnels", "funnel_prop_inputs.csv", "numerator", "denominator",
                "significance", num, den, classes);
  funnel = pd_funnel_compute ((double *) num->data, (double *) den->data, num->len, NULL);

  for (guint i = 0; i < num->len; i++)
    {
      g_assert_cmpstr (pd_funnel_class_to_string (funnel->units[i].classification), ==,
                       pd_funnel_class_to_string (phe_significance (classes->pdata[i])));
      counts[funnel->units[i].classification]++;
    }
  /* The bands PHE's table holds: 168 high at 99.8 %, 10 at 95 %, 32 within, 1 low at
   * 95 %, 92 low at 99.8 %. */
  g_assert_cmpuint (counts[PD_FUNNEL_ABOVE_99_8], ==, 168);
  g_assert_cmpuint (counts[PD_FUNNEL_ABOVE_95], ==, 10);
  g_assert_cmpuint (counts[PD_FUNNEL_WITHIN], ==, 32);
  g_assert_cmpuint (counts[PD_FUNNEL_BELOW_95], ==, 1);
  g_assert_cmpuint (counts[PD_FUNNEL_BELOW_99_8], ==, 92);
}

/* ---- PHE ratios and rates ----------------------------------------------------------- */

/* The expected count at which @observed sits on a limit is the exact Poisson interval of
 * @observed: its upper end for the lower limit, its lower end for the upper limit. */
static double
exact_expected_on_limit (double observed,
                         gsize  side)
{
  double p = side < 2 ? 0.95 : 0.998;

  return side % 2 == 0 ? pd_ci_exact_poisson_upper (observed, p)
                       : pd_ci_exact_poisson_lower (observed, p);
}

static double
pick_limit (const PdFunnelLimits *limits,
            gsize                 side)
{
  const double values[] = { limits->lcl95, limits->ucl95, limits->lcl998, limits->ucl998 };

  return values[side];
}

static void
test_phe_ratio_limits (void)
{
  g_autofree char *path = pd_test_shared_path ("phe_funnels", "funnel_ratio_outputs.csv", NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cobs = column (header, "Observed_events");
  const char *sides[] = { "lower_2s", "upper_2s", "lower_3s", "upper_3s" };
  PdFunnelOptions options;
  double worst = 0.0;

  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  g_assert_cmpuint (rows->len, ==, 101);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double observed = field_number (row[cobs]);

      for (gsize s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          g_autofree char *exp_name = g_strconcat (sides[s], "_exp_events", NULL);
          g_autofree char *count_name = g_strconcat (sides[s], "_count", NULL);
          g_autofree char *isr_name = g_strconcat (sides[s], "_isr", NULL);
          g_autofree char *what = g_strdup_printf ("%g observed, %s", observed, sides[s]);
          double phe_expected = field_number (row[column (header, exp_name)]);
          double expected = exact_expected_on_limit (observed, s);
          PdFunnelLimits limits;

          /* PHE's bisection found this expected count to within its tolerance, and its
           * count and ISR forms are O/E − 1 and 100·O/E at its own E … */
          assert_same_v (observed, expected, phe_expected, what);
          worst = MAX (worst, fabs (phe_expected - expected) / expected);
          assert_same_v (observed, expected,
                         observed / (field_number (row[column (header, count_name)]) + 1.0), what);
          assert_same_v (observed, expected,
                         100 * observed / field_number (row[column (header, isr_name)]), what);
          /* … while our funnel at the exact expected count passes through O/E exactly. */
          pd_funnel_unadjusted_limits (&options, 1.0, expected, &limits);
          assert_relative (observed / expected, pick_limit (&limits, s), 1e-12, what);
        }
    }
  g_test_message ("largest relative error of PHE's bisected expected counts: %.3g", worst);
}

static void
test_phe_ratio_significance (void)
{
  g_autoptr(GArray) obs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  read_columns ("phe_funnels", "funnel_ratio_inputs.csv", "obs", "expected", "significance",
                obs, expected, classes);
  g_assert_cmpuint (obs->len, ==, 300);
  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  funnel = pd_funnel_compute ((double *) obs->data, (double *) expected->data, obs->len,
                              &options);
  g_assert_cmpfloat (funnel->target, ==, 1.0);
  for (guint i = 0; i < obs->len; i++)
    g_assert_cmpstr (pd_funnel_class_to_string (funnel->units[i].classification), ==,
                     pd_funnel_class_to_string (phe_significance (classes->pdata[i])));
}

static void
check_rate_outputs (const char *file)
{
  g_autofree char *path = pd_test_shared_path ("phe_funnels", file, NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  const char *sides[] = { "lower_2s", "upper_2s", "lower_3s", "upper_3s" };
  guint cbase = column (header, "baseline"), cevents = column (header, "Events");
  PdFunnelOptions options;

  pd_funnel_options_init (&options, PD_FUNNEL_RATE);
  options.multiplier = 100000;
  g_assert_cmpuint (rows->len, ==, 101);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      /* PHE's baseline is the pooled rate per 100,000; the tables span 3 years. */
      double target = field_number (row[cbase]) / 100000;
      double events = field_number (row[cevents]);

      for (gsize s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          g_autofree char *pop_name = g_strconcat (sides[s], "_population_1_year", NULL);
          g_autofree char *limit_name = g_strconcat (sides[s], "_limit", NULL);
          g_autofree char *what = g_strdup_printf ("%s row %u %s", file, r, sides[s]);
          double population = exact_expected_on_limit (events, s) / target;
          double rate = events / population * 100000;
          PdFunnelLimits limits;

          assert_same_v (events, population * target,
                         field_number (row[column (header, pop_name)]) * 3 * target, what);
          assert_same_v (events, population * target,
                         events * target * 100000 / field_number (row[column (header, limit_name)]),
                         what);
          pd_funnel_unadjusted_limits (&options, target, population, &limits);
          assert_relative (rate, pick_limit (&limits, s), 1e-12, what);
        }
    }
}

static void
test_phe_rate_limits (void)
{
  check_rate_outputs ("funnel_rate_outputs.csv");
  check_rate_outputs ("funnel_rate_outputs_2.csv");
  check_rate_outputs ("funnel_rate_outputs_3.csv");
}

static void
check_rate_significance (const char *class_column,
                         gboolean    dsr,
                         gboolean    with_zero)
{
  g_autofree char *path = pd_test_shared_path ("phe_funnels", "funnel_rate_dsr_inputs.csv", NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint ccount = column (header, "count"), cpop = column (header, "pop");
  guint crate = column (header, "rate_dsr"), cclass = column (header, class_column);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) denominators = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;
  guint checked = 0;

  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double count = field_number (row[ccount]);
      /* A DSR funnel works on the population the rate implies, 100,000 × count / DSR,
       * which is undefined for no events (PHE leaves such a row out of the average). */
      double denominator = dsr ? (count > 0 ? 100000 * count / field_number (row[crate]) : NAN)
                               : field_number (row[cpop]);

      if (count == 0 && !with_zero)
        continue;
      g_array_append_val (events, count);
      g_array_append_val (denominators, denominator);
      g_ptr_array_add (classes, row[cclass]);
    }

  pd_funnel_options_init (&options, PD_FUNNEL_RATE);
  options.multiplier = 100000;
  funnel = pd_funnel_compute ((double *) events->data, (double *) denominators->data,
                              events->len, &options);
  for (guint i = 0; i < events->len; i++)
    {
      /* PHE does not classify a DSR with fewer than 10 events. */
      if (dsr && g_array_index (events, double, i) < 10)
        {
          g_assert_cmpstr (classes->pdata[i], ==, "Not applicable for events less than 10 for dsrs");
          continue;
        }
      g_assert_cmpstr (pd_funnel_class_to_string (funnel->units[i].classification), ==,
                       pd_funnel_class_to_string (phe_significance (classes->pdata[i])));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 39);
}

static void
test_phe_rate_significance (void)
{
  check_rate_significance ("crude_per_100000_with_0", FALSE, TRUE);
  check_rate_significance ("crude_per_100_with_0", FALSE, TRUE);
  check_rate_significance ("dsr_per_100000_with_0", TRUE, TRUE);
  check_rate_significance ("dsr_per_100_with_0", TRUE, TRUE);
  check_rate_significance ("dsr_per_100000_without_0", TRUE, FALSE);
  check_rate_significance ("dsr_per_100_without_0", TRUE, FALSE);
  check_rate_significance ("crude_per_100000_without_0", FALSE, FALSE);
  check_rate_significance ("crude_per_100_without_0", FALSE, FALSE);
}

/* ---- FunnelPlotR -------------------------------------------------------------------- */

static void
test_funnelplotr_poisson_limits (void)
{
  const double denominators[] = { 15, 20, 30 };
  /* test_assertions.json, "poisson_limits_target1_unadjusted": lower limits to 7
   * decimal places, upper to 6. */
  const double ll95[] = { 0.5596924, 0.610826, 0.6746958 };
  const double ul95[] = { 1.649348, 1.544419, 1.427562 };
  const double ll998[] = { 0.386265, 0.4479107, 0.5289724 };
  const double ul998[] = { 2.082907, 1.902094, 1.702771 };
  PdFunnelOptions options;

  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.poisson_limits = PD_FUNNEL_POISSON_FUNNELPLOTR;
  for (gsize i = 0; i < G_N_ELEMENTS (denominators); i++)
    {
      PdFunnelLimits limits;

      pd_funnel_unadjusted_limits (&options, 1.0, denominators[i], &limits);
      assert_absolute (ll95[i], limits.lcl95, 5.0001e-7, "ll95");
      assert_absolute (ul95[i], limits.ucl95, 5.0001e-7, "ul95");
      assert_absolute (ll998[i], limits.lcl998, 5.0001e-7, "ll998");
      assert_absolute (ul998[i], limits.ucl998, 5.0001e-7, "ul998");
    }

  /* PHE's curve is a different one: at 15 expected its 95 % lower limit is lower. */
  {
    PdFunnelLimits phe;

    options.poisson_limits = PD_FUNNEL_POISSON_PHE;
    pd_funnel_unadjusted_limits (&options, 1.0, 15, &phe);
    g_assert_cmpfloat (phe.lcl95, <, ll95[0] - 0.01);
  }
}

static const double six_num[] = { 100, 150, 180, 80, 120, 225 };
static const double six_den[] = { 108, 112, 165, 95, 100, 220 };

static void
check_six_units_file (void)
{
  g_autofree char *path = pd_test_shared_path ("funnelplotr_testdata", "pkg_test_six_units.csv", NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);

  g_assert_cmpuint (rows->len, ==, 7);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_assert_cmpfloat (field_number (row[0]), ==, six_num[r - 1]);
      g_assert_cmpfloat (field_number (row[1]), ==, six_den[r - 1]);
    }
}

static void
test_funnelplotr_phi (void)
{
  g_autoptr(PdFunnel) funnel = NULL;
  g_autoptr(PdFunnel) plain = NULL;
  PdFunnelOptions options;
  double sum_w = 0, sum_w2 = 0, tau2, z95 = pd_stats_level_z (PD_LEVEL_95);

  check_six_units_file ();
  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI;
  options.poisson_limits = PD_FUNNEL_POISSON_FUNNELPLOTR;
  funnel = pd_funnel_compute (six_num, six_den, 6, &options);

  /* FunnelPlotR: φ = 2.948033 (6 dp) for the default SHMI method; six units are too few
   * for 10 % truncation to drop any. */
  assert_absolute (2.948033, funnel->phi, 5.0001e-7, "phi");
  g_assert_cmpuint (funnel->n, ==, 6);
  g_assert_cmpuint (funnel->n_used, ==, 6);
  for (int i = 0; i < 6; i++)
    {
      g_assert_false (funnel->units[i].trimmed);
      assert_relative (sqrt (six_den[i]) * log (six_num[i] / six_den[i]), funnel->units[i].z,
                       1e-14, "SHMI z");
    }

  /* τ² by DerSimonian–Laird with w = E on the log scale, worked from φ. */
  for (int i = 0; i < 6; i++)
    {
      sum_w += six_den[i];
      sum_w2 += six_den[i] * six_den[i];
    }
  tau2 = (6 * funnel->phi - 5) / (sum_w - sum_w2 / sum_w);
  assert_relative (tau2, funnel->tau2, 1e-14, "tau2");
  assert_absolute (0.019478, funnel->tau2, 1e-6, "tau2 worked by hand");
  g_assert_true (funnel->adjusted);

  /* Unit e (120 over 100 expected): adjusted limits exp(±z √(1/E + τ²)), and
   * FunnelPlotR's relation: the unadjusted 95 % lower limit is above the adjusted one. */
  assert_relative (exp (-z95 * sqrt (1.0 / 100 + tau2)), funnel->units[4].od_limits.lcl95,
                   1e-14, "OD95LCL unit e");
  assert_relative (exp (z95 * sqrt (1.0 / 100 + tau2)), funnel->units[4].od_limits.ucl95,
                   1e-14, "OD95UCL unit e");
  g_assert_cmpfloat (funnel->units[4].limits.lcl95, >, funnel->units[4].od_limits.lcl95);

  /* Unit b (150 over 112) is beyond the unadjusted 99.8 % limit, but within the adjusted
   * 95 % one: overdispersion is why it is no longer flagged. */
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_NONE;
  plain = pd_funnel_compute (six_num, six_den, 6, &options);
  g_assert_cmpint (plain->units[1].classification, ==, PD_FUNNEL_ABOVE_99_8);
  g_assert_cmpint (funnel->units[1].classification, ==, PD_FUNNEL_WITHIN);
  g_assert_true (isnan (plain->phi));
  g_assert_true (isnan (plain->units[1].od_limits.lcl95));
}

static void
test_cqc_method (void)
{
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;
  double z[6], sorted[6], lz, uz, phi = 0, sum_w = 0, sum_w2 = 0, tau2;
  double z998 = pd_stats_level_z (PD_LEVEL_99_8);

  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_CQC;
  funnel = pd_funnel_compute (six_num, six_den, 6, &options);

  /* Square-root scale: z = 2(√O − √E), winsorised at R's type-7 10th and 90th
   * percentiles (h = 0.5 and 4.5 of the sorted six). */
  for (int i = 0; i < 6; i++)
    {
      z[i] = 2 * (sqrt (six_num[i]) - sqrt (six_den[i]));
      sorted[i] = z[i];
      assert_relative (z[i], funnel->units[i].z, 1e-12, "CQC z");
    }
  /* Sort by hand: six values. */
  for (int i = 0; i < 6; i++)
    for (int j = i + 1; j < 6; j++)
      if (sorted[j] < sorted[i])
        {
          double t = sorted[i];
          sorted[i] = sorted[j];
          sorted[j] = t;
        }
  lz = sorted[0] + 0.5 * (sorted[1] - sorted[0]);
  uz = sorted[4] + 0.5 * (sorted[5] - sorted[4]);
  for (int i = 0; i < 6; i++)
    {
      double w = CLAMP (z[i], lz, uz);

      phi += w * w / 6;
      sum_w += 4 * six_den[i];
      sum_w2 += 16 * six_den[i] * six_den[i];
    }
  tau2 = (6 * phi - 5) / (sum_w - sum_w2 / sum_w);
  assert_relative (phi, funnel->phi, 1e-13, "CQC phi");
  assert_relative (tau2, funnel->tau2, 1e-12, "CQC tau2");
  g_assert_cmpuint (funnel->n_used, ==, 6);
  /* The lowest and highest z-scores were pulled in. */
  g_assert_true (funnel->units[3].trimmed);   /* d: 80 over 95 */
  g_assert_true (funnel->units[1].trimmed);   /* b: 150 over 112 */
  g_assert_false (funnel->units[5].trimmed);

  /* Limits (1 ± z √(1/(4E) + τ²))² on the square-root scale. */
  assert_relative (pow (1 + z998 * sqrt (1.0 / 400 + tau2), 2), funnel->units[4].od_limits.ucl998,
                   1e-13, "CQC upper 99.8 at E = 100");
  assert_relative (pow (1 - z998 * sqrt (1.0 / 400 + tau2), 2), funnel->units[4].od_limits.lcl998,
                   1e-13, "CQC lower 99.8 at E = 100");
  g_assert_cmpfloat (funnel->units[4].od_limits.lcl95, <, funnel->units[4].limits.lcl95);
}

static void
test_funnelplotr_outlier_flags (void)
{
  /* test_assertions.json, "outlier_flags": a value strictly outside a limit is an
   * outlier. The 99 % columns there are FunnelPlotR's 99.8 % limits. */
  const double rr[] = { 1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0 };
  const PdFunnelLimits plain = { 0.9, 1.1, 0.59, 1.41 };
  const PdFunnelLimits od = { 0.79, 1.21, 0.38, 1.62 };
  const int out95[] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 };
  const int out95_od[] = { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 };
  const int out99[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1 };
  const int out99_od[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

  for (gsize i = 0; i < G_N_ELEMENTS (rr); i++)
    {
      PdFunnelClass c = pd_funnel_classify (rr[i], &plain);
      PdFunnelClass c_od = pd_funnel_classify (rr[i], &od);
      PdFunnelClass c100 = pd_funnel_classify (rr[i] * 100, &plain);

      g_assert_cmpint (c != PD_FUNNEL_WITHIN, ==, out95[i]);
      g_assert_cmpint (c_od != PD_FUNNEL_WITHIN, ==, out95_od[i]);
      g_assert_cmpint (c == PD_FUNNEL_ABOVE_99_8 || c == PD_FUNNEL_BELOW_99_8, ==, out99[i]);
      g_assert_cmpint (c_od == PD_FUNNEL_ABOVE_99_8 || c_od == PD_FUNNEL_BELOW_99_8, ==,
                       out99_od[i]);
      /* Multiplied values against unmultiplied limits: everything is out. */
      g_assert_cmpint (c100, !=, PD_FUNNEL_WITHIN);
    }

  /* On a limit is not beyond it. */
  g_assert_cmpint (pd_funnel_classify (1.1, &plain), ==, PD_FUNNEL_WITHIN);
  g_assert_cmpint (pd_funnel_classify (1.41, &plain), ==, PD_FUNNEL_ABOVE_95);
  g_assert_cmpint (pd_funnel_classify (0.59, &plain), ==, PD_FUNNEL_BELOW_95);
  g_assert_cmpint (pd_funnel_classify (NAN, &plain), ==, PD_FUNNEL_NOT_CLASSIFIED);
}

/* ---- Our own cases ------------------------------------------------------------------ */

static void
test_truncation_counts (void)
{
  double num[20], den[20];
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;
  guint trimmed = 0;

  /* Twenty ratios 0.62 … 1.38 on 100 expected each: ranks 1, 2, 19 and 20 fall in the
   * outer groups floor(rank × 10 / 21) = 0 or 9 and are truncated. */
  for (int i = 0; i < 20; i++)
    {
      num[i] = 62 + 4 * i;
      den[i] = 100;
    }
  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI;
  funnel = pd_funnel_compute (num, den, 20, &options);
  for (int i = 0; i < 20; i++)
    {
      gboolean outer = i < 2 || i >= 18;

      g_assert_cmpint (funnel->units[i].trimmed, ==, outer);
      trimmed += funnel->units[i].trimmed;
    }
  g_assert_cmpuint (trimmed, ==, 4);
  g_assert_cmpuint (funnel->n_used, ==, 16);
  {
    double phi = 0;

    for (int i = 2; i < 18; i++)
      phi += pow (10 * log (num[i] / 100), 2) / 16;
    assert_relative (phi, funnel->phi, 1e-13, "truncated phi");
  }
}

static void
test_arcsine_winsorised (void)
{
  const double num[] = { 10, 30, 45, 50, 52, 55, 60, 70, 85, 98 };
  const double den[] = { 100, 100, 100, 100, 100, 100, 100, 100, 100, 100 };
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;
  double target = 555.0 / 1000, z[10], lz, uz, phi = 0, tau2, t0 = asin (sqrt (target));
  double z95 = pd_stats_level_z (PD_LEVEL_95);

  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_WINSORISE;
  funnel = pd_funnel_compute (num, den, 10, &options);
  assert_relative (target, funnel->target, 1e-15, "pooled proportion");

  /* Already in order: z = (asin √p − asin √t) · 2√n; type-7 10th percentile at h = 0.9. */
  for (int i = 0; i < 10; i++)
    z[i] = (asin (sqrt (num[i] / 100)) - t0) * 20;
  lz = z[0] + 0.9 * (z[1] - z[0]);
  uz = z[8] + 0.1 * (z[9] - z[8]);
  for (int i = 0; i < 10; i++)
    phi += pow (CLAMP (z[i], lz, uz), 2) / 10;
  /* Equal denominators: Σw − Σw²/Σw = 9w with w = 4n = 400. */
  tau2 = (10 * phi - 9) / (9 * 400.0);
  assert_relative (phi, funnel->phi, 1e-13, "arcsine phi");
  assert_relative (tau2, funnel->tau2, 1e-12, "arcsine tau2");
  g_assert_true (funnel->adjusted);
  assert_relative (pow (sin (t0 + z95 * sqrt (1.0 / 400 + tau2)), 2),
                   funnel->units[0].od_limits.ucl95, 1e-13, "arcsine upper");
  /* Against the binomial limits 10 % and 98 % are far out; the widened limits still
   * flag them, but only at 95 %, and are what the classification uses. */
  g_assert_cmpint (pd_funnel_classify (funnel->units[0].value, &funnel->units[0].limits), ==,
                   PD_FUNNEL_BELOW_99_8);
  g_assert_cmpint (pd_funnel_classify (funnel->units[9].value, &funnel->units[9].limits), ==,
                   PD_FUNNEL_ABOVE_99_8);
  g_assert_cmpint (funnel->units[0].classification, ==, PD_FUNNEL_BELOW_95);
  g_assert_cmpint (funnel->units[9].classification, ==, PD_FUNNEL_ABOVE_95);
  g_assert_cmpint (funnel->units[4].classification, ==, PD_FUNNEL_WITHIN);
}

static void
test_all_units_equal (void)
{
  const double num[] = { 40, 40, 40, 40, 40 };
  const double den[] = { 80, 80, 80, 80, 80 };
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_WINSORISE;
  funnel = pd_funnel_compute (num, den, 5, &options);
  g_assert_cmpfloat (funnel->target, ==, 0.5);
  g_assert_cmpfloat (funnel->phi, ==, 0.0);
  g_assert_cmpfloat (funnel->tau2, ==, 0.0);
  g_assert_false (funnel->adjusted);
  for (int i = 0; i < 5; i++)
    {
      const PdFunnelUnit *unit = &funnel->units[i];

      g_assert_cmpint (unit->classification, ==, PD_FUNNEL_WITHIN);
      g_assert_false (unit->trimmed);
      /* No adjustment needed: the adjusted limits are the unadjusted ones. */
      g_assert_cmpfloat (unit->od_limits.lcl95, ==, unit->limits.lcl95);
      g_assert_cmpfloat (unit->od_limits.ucl998, ==, unit->limits.ucl998);
      /* Symmetric about the target, the normal approximation inverted from Wilson. */
      assert_relative (0.5 - unit->limits.lcl95, unit->limits.ucl95 - 0.5, 1e-13, "symmetric");
      assert_relative (pd_stats_level_z (PD_LEVEL_95) * sqrt (0.25 / 80),
                       unit->limits.ucl95 - 0.5, 1e-13, "z·se");
    }
}

static void
test_too_few_units (void)
{
  const double num[] = { 30, NAN, 5 };
  const double den[] = { 20, 20, 0 };
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  /* One usable unit: no φ, no adjustment, but the unit still gets its limits. */
  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI;
  funnel = pd_funnel_compute (num, den, 3, &options);
  g_assert_cmpuint (funnel->n, ==, 1);
  g_assert_cmpuint (funnel->n_used, ==, 1);
  g_assert_true (isnan (funnel->phi));
  g_assert_true (isnan (funnel->tau2));
  g_assert_false (funnel->adjusted);
  g_assert_cmpfloat (funnel->units[0].value, ==, 1.5);
  g_assert_cmpfloat (funnel->units[0].od_limits.ucl95, ==, funnel->units[0].limits.ucl95);
  g_assert_cmpint (funnel->units[0].classification, !=, PD_FUNNEL_NOT_CLASSIFIED);
  /* Suppressed and zero-denominator units are left out, not crashed on. */
  for (int i = 1; i < 3; i++)
    {
      g_assert_true (isnan (funnel->units[i].value));
      g_assert_true (isnan (funnel->units[i].limits.lcl95));
      g_assert_cmpint (funnel->units[i].classification, ==, PD_FUNNEL_NOT_CLASSIFIED);
    }

  /* No units at all. */
  {
    g_autoptr(PdFunnel) empty = pd_funnel_compute (NULL, NULL, 0, NULL);

    g_assert_cmpuint (empty->n_units, ==, 0);
    g_assert_cmpuint (empty->n, ==, 0);
    g_assert_true (isnan (empty->target));
  }
}

static void
test_zero_events (void)
{
  const double num[] = { 0, 12, 9, 15, 11, 10, 8, 14, 13, 10, 9, 12 };
  const double den[] = { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 };
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  /* No events on the log scale is z = −∞: truncation drops it, φ stays finite. */
  pd_funnel_options_init (&options, PD_FUNNEL_RATIO);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI;
  funnel = pd_funnel_compute (num, den, 12, &options);
  g_assert_true (isinf (funnel->units[0].z) && funnel->units[0].z < 0);
  g_assert_true (funnel->units[0].trimmed);
  g_assert_true (isfinite (funnel->phi));
  g_assert_cmpfloat (funnel->units[0].value, ==, 0.0);
  /* 0 observed against 10 expected is below the 99.8 % limit (P(X = 0) = e⁻¹⁰). */
  g_assert_cmpint (funnel->units[0].classification, ==, PD_FUNNEL_BELOW_99_8);

  /* A proportion with no events anywhere: target 0, every limit 0, all within. */
  {
    const double zeros[] = { 0, 0, 0 };
    const double ns[] = { 10, 20, 30 };
    g_autoptr(PdFunnel) flat = pd_funnel_compute (zeros, ns, 3, NULL);

    g_assert_cmpfloat (flat->target, ==, 0.0);
    for (int i = 0; i < 3; i++)
      {
        g_assert_cmpfloat (flat->units[i].limits.ucl998, ==, 0.0);
        g_assert_cmpint (flat->units[i].classification, ==, PD_FUNNEL_WITHIN);
        g_assert_true (flat->units[i].low_volume);
      }
  }
}

/* Beyond 2^53 a double is not an exact count: no limits and no class, whether the
 * denominator is that large or the expected count (target × population) is. */
static void
test_too_large (void)
{
  const double num[] = { 5, 40, 3 };
  const double den[] = { 80, 200, 100 };
  const double huge_den[] = { 80, 1e280, 100 };
  const PdFunnelLimits limits_none = { NAN, NAN, NAN, NAN };
  PdFunnelOptions options;
  PdFunnelLimits limits, od;

  pd_funnel_options_init (&options, PD_FUNNEL_RATE);
  options.target = 1e30;   /* fuzz-funnel's input: 8 × 10^31 events expected at 80 */
  for (int adjusted = 0; adjusted < 2; adjusted++)
    {
      g_autoptr(PdFunnel) funnel = NULL;

      /* Against the funnel's limits (FunnelPlotR's, adjusted or not): none, no class. */
      options.poisson_limits = PD_FUNNEL_POISSON_FUNNELPLOTR;
      options.overdispersion = adjusted ? PD_FUNNEL_OVERDISPERSION_SHMI : PD_FUNNEL_OVERDISPERSION_NONE;
      funnel = pd_funnel_compute (num, den, 3, &options);
      for (int i = 0; i < 3; i++)
        {
          g_assert_true (isnan (funnel->units[i].limits.ucl95));
          g_assert_true (isnan (funnel->units[i].limits.ucl998));
          g_assert_true (isnan (funnel->units[i].od_limits.ucl998));
          g_assert_cmpint (funnel->units[i].classification, ==, PD_FUNNEL_NOT_CLASSIFIED);
        }
    }
  /* PHE's test puts the target against each unit's own (exact) interval, which these
   * small counts still have: far below a target of 10^30. */
  options.poisson_limits = PD_FUNNEL_POISSON_PHE;
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_NONE;
  {
    g_autoptr(PdFunnel) funnel = pd_funnel_compute (num, den, 3, &options);

    g_assert_true (isnan (funnel->units[0].limits.ucl95));
    g_assert_cmpint (funnel->units[0].classification, ==, PD_FUNNEL_BELOW_99_8);
  }
  g_assert_cmpint (pd_funnel_classify (1.0, &limits_none), ==, PD_FUNNEL_NOT_CLASSIFIED);
  pd_funnel_unadjusted_limits (&options, 1e30, 80, &limits);
  g_assert_true (isnan (limits.lcl95) && isnan (limits.ucl998));
  pd_funnel_adjusted_limits (&options, 1e30, 0.01, 80, &od);
  g_assert_true (isnan (od.lcl95) && isnan (od.ucl998));

  /* Just under the line the limits are there and in order. */
  pd_funnel_unadjusted_limits (&options, 1e13, 900, &limits);
  g_assert_true (isfinite (limits.ucl95) && limits.ucl95 <= limits.ucl998);
  g_assert_true (limits.lcl998 <= limits.lcl95 && limits.lcl95 <= limits.ucl95);

  /* A denominator past 2^53 drops that unit's limits only. */
  options.target = NAN;
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_NONE;
  {
    g_autoptr(PdFunnel) funnel = pd_funnel_compute (num, huge_den, 3, &options);

    g_assert_true (isnan (funnel->units[1].limits.ucl95));
    g_assert_cmpint (funnel->units[1].classification, ==, PD_FUNNEL_NOT_CLASSIFIED);
    g_assert_true (isfinite (funnel->units[0].limits.ucl95));
    g_assert_cmpint (funnel->units[0].classification, !=, PD_FUNNEL_NOT_CLASSIFIED);
  }
}

static void
test_limit_table_and_warnings (void)
{
  const double num[] = { 3, 40, 400 };
  const double den[] = { 4, 50, 500 };
  const double at[] = { 4, 50, 500, 1000 };
  PdFunnelLimits limits[4], od[4];
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  pd_funnel_options_init (&options, PD_FUNNEL_RATE);
  options.multiplier = 1000;
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI;
  funnel = pd_funnel_compute (num, den, 3, &options);
  assert_relative (443.0 / 554.0, funnel->target, 1e-15, "pooled rate");

  pd_funnel_limit_table (funnel, at, 4, limits, od);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (limits[i].lcl95, ==, funnel->units[i].limits.lcl95);
      g_assert_cmpfloat (limits[i].ucl998, ==, funnel->units[i].limits.ucl998);
      g_assert_cmpfloat (od[i].ucl95, ==, funnel->units[i].od_limits.ucl95);
    }
  /* The funnel narrows as the denominator grows, around the target. */
  for (int i = 1; i < 4; i++)
    {
      g_assert_cmpfloat (limits[i].lcl95, >, limits[i - 1].lcl95);
      g_assert_cmpfloat (limits[i].ucl95, <, limits[i - 1].ucl95);
      g_assert_cmpfloat (limits[i].lcl998, <, limits[i].lcl95);
      g_assert_cmpfloat (limits[i].ucl998, >, limits[i].ucl95);
      g_assert_cmpfloat (limits[i].lcl95, <, funnel->target * 1000);
      g_assert_cmpfloat (limits[i].ucl95, >, funnel->target * 1000);
    }
  /* 4 × 0.8 = 3.2 expected events is too few to judge; 40 and 400 are enough. */
  g_assert_true (funnel->units[0].low_volume);
  g_assert_false (funnel->units[1].low_volume);
  g_assert_false (funnel->units[2].low_volume);
}

static void
test_names (void)
{
  PdFunnelType type;
  PdFunnelOverdispersion od;
  PdFunnelPoissonLimits poisson;

  g_assert_true (pd_funnel_parse_type ("ratio", &type) && type == PD_FUNNEL_RATIO);
  g_assert_false (pd_funnel_parse_type ("count", &type));
  g_assert_true (pd_funnel_parse_overdispersion ("cqc", &od) && od == PD_FUNNEL_OVERDISPERSION_CQC);
  g_assert_true (pd_funnel_parse_overdispersion ("winsorise", &od) &&
                 od == PD_FUNNEL_OVERDISPERSION_WINSORISE);
  g_assert_false (pd_funnel_parse_overdispersion ("SHMI", &od));
  g_assert_true (pd_funnel_parse_poisson_limits ("funnelplotr", &poisson) &&
                 poisson == PD_FUNNEL_POISSON_FUNNELPLOTR);
  g_assert_cmpstr (pd_funnel_class_to_string (PD_FUNNEL_ABOVE_99_8), ==, "above_99.8");
  g_assert_cmpstr (pd_funnel_class_to_string (PD_FUNNEL_BELOW_95), ==, "below_95");
  g_assert_cmpstr (pd_funnel_class_to_string (PD_FUNNEL_NOT_CLASSIFIED), ==, "none");
}

/* ---- Real data ---------------------------------------------------------------------- */

/* NHS England's A&E attendances (via NHSRdatasets): four-hour breaches at the 134 type 1
 * departments in March 2019, tens of thousands of events each, as proportions and as
 * rates. With counts this large the exact Poisson limits and PHE's Byar's-based test
 * must agree on every unit, and GSL's own quantile functions (which fail above about a
 * million) are not relied on. */
static void
test_ae_breaches (void)
{
  g_autofree char *path = pd_test_shared_path ("nhsrdatasets_ae_attendances", "ae_attendances.csv",
                                               NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cperiod = column (header, "period"), ctype = column (header, "type");
  guint catt = column (header, "attendances"), cbreach = column (header, "breaches");
  g_autoptr(GArray) breaches = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) attendances = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PdFunnel) rates = NULL;
  g_autoptr(PdFunnel) proportions = NULL;
  PdFunnelOptions options;
  double sum_b = 0, sum_a = 0;

  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double b, a;

      if (strcmp (row[cperiod], "2019-03-01") != 0 || strcmp (row[ctype], "1") != 0)
        continue;
      b = field_number (row[cbreach]);
      a = field_number (row[catt]);
      g_array_append_val (breaches, b);
      g_array_append_val (attendances, a);
      sum_b += b;
      sum_a += a;
    }
  g_assert_cmpuint (breaches->len, ==, 134);

  pd_funnel_options_init (&options, PD_FUNNEL_RATE);
  options.multiplier = 100;
  rates = pd_funnel_compute ((double *) breaches->data, (double *) attendances->data,
                             breaches->len, &options);
  assert_relative (sum_b / sum_a, rates->target, 1e-15, "pooled breach rate");
  for (guint i = 0; i < rates->n_units; i++)
    {
      const PdFunnelUnit *unit = &rates->units[i];

      g_assert_cmpfloat (unit->limits.lcl998, <, unit->limits.lcl95);
      g_assert_cmpfloat (unit->limits.lcl95, <, rates->target * 100);
      g_assert_cmpfloat (unit->limits.ucl95, >, rates->target * 100);
      g_assert_cmpfloat (unit->limits.ucl998, >, unit->limits.ucl95);
      g_assert_cmpint (unit->classification, ==, pd_funnel_classify (unit->value, &unit->limits));
      g_assert_false (unit->low_volume);
    }

  /* As proportions with overdispersion: breach rates vary far more than chance allows. */
  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  options.overdispersion = PD_FUNNEL_OVERDISPERSION_WINSORISE;
  proportions = pd_funnel_compute ((double *) breaches->data, (double *) attendances->data,
                                   breaches->len, &options);
  g_assert_cmpuint (proportions->n_used, ==, 134);
  g_assert_cmpfloat (proportions->phi, >, 100);
  g_assert_true (proportions->adjusted);
  for (guint i = 0; i < proportions->n_units; i++)
    {
      g_assert_cmpfloat (proportions->units[i].od_limits.lcl95, <, proportions->units[i].limits.lcl95);
      g_assert_cmpfloat (proportions->units[i].od_limits.ucl998, >, proportions->units[i].limits.ucl998);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/funnel/phe-proportion-limits", test_phe_proportion_limits);
  g_test_add_func ("/pctdash/funnel/phe-proportion-significance", test_phe_proportion_significance);
  g_test_add_func ("/pctdash/funnel/phe-ratio-limits", test_phe_ratio_limits);
  g_test_add_func ("/pctdash/funnel/phe-ratio-significance", test_phe_ratio_significance);
  g_test_add_func ("/pctdash/funnel/phe-rate-limits", test_phe_rate_limits);
  g_test_add_func ("/pctdash/funnel/phe-rate-significance", test_phe_rate_significance);
  g_test_add_func ("/pctdash/funnel/funnelplotr-poisson-limits", test_funnelplotr_poisson_limits);
  g_test_add_func ("/pctdash/funnel/funnelplotr-phi", test_funnelplotr_phi);
  g_test_add_func ("/pctdash/funnel/cqc", test_cqc_method);
  g_test_add_func ("/pctdash/funnel/funnelplotr-outlier-flags", test_funnelplotr_outlier_flags);
  g_test_add_func ("/pctdash/funnel/truncation", test_truncation_counts);
  g_test_add_func ("/pctdash/funnel/arcsine-winsorised", test_arcsine_winsorised);
  g_test_add_func ("/pctdash/funnel/all-units-equal", test_all_units_equal);
  g_test_add_func ("/pctdash/funnel/too-few-units", test_too_few_units);
  g_test_add_func ("/pctdash/funnel/zero-events", test_zero_events);
  g_test_add_func ("/pctdash/funnel/too-large", test_too_large);
  g_test_add_func ("/pctdash/funnel/limit-table", test_limit_table_and_warnings);
  g_test_add_func ("/pctdash/funnel/names", test_names);
  g_test_add_func ("/pctdash/funnel/ae-breaches", test_ae_breaches);

  return g_test_run ();
}
