/* test-intervals.c — confidence intervals against PHEindicatormethods' published tables
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pd-test-util.h"
#include "stats/pd-intervals.h"

/* PHEindicatormethods' own tests compare with testthat's default, a relative tolerance
 * of about 1.5e-8 (sqrt of double epsilon); we hold ourselves to the same. */
#define PHE_TOLERANCE 1.5e-8

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

static void
assert_close (double      expected,
              double      actual,
              double      tolerance,
              const char *what)
{
  if (isnan (expected))
    {
      if (!isnan (actual))
        g_error ("%s: expected no value (NaN), got %.17g", what, actual);
      return;
    }
  if (!(fabs (actual - expected) <= tolerance * fabs (expected)))
    g_error ("%s: expected %.17g, got %.17g (relative error %.3g)", what, expected, actual,
             fabs (actual - expected) / fabs (expected));
}

/* Finds a header's column; fails the test when absent. */
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
test_byars_wilson_table (void)
{
  g_autofree char *path = pd_test_shared_path ("phe_ci", "byars_wilson_expected.csv", NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cx = column (header, "x"), cn = column (header, "n");
  guint clo = column (header, "lowercl"), chi = column (header, "uppercl");
  guint cconf = column (header, "confidence"), cmethod = column (header, "method");
  guint n_byar = 0, n_wilson = 0;

  g_assert_cmpuint (rows->len, ==, 14);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      gboolean level998 = strcmp (row[cconf], "99.8%") == 0;
      double p = level998 ? 0.998 : 0.95;
      double x = field_number (row[cx]);
      g_autofree char *what = g_strdup_printf ("row %u (%s %s)", r, row[cmethod], row[cconf]);

      if (strcmp (row[cmethod], "Byars") == 0)
        {
          assert_close (field_number (row[clo]), pd_ci_byar_lower (x, p), PHE_TOLERANCE, what);
          assert_close (field_number (row[chi]), pd_ci_byar_upper (x, p), PHE_TOLERANCE, what);
          n_byar++;
        }
      else
        {
          PdInterval ci = pd_ci_wilson (x, field_number (row[cn]),
                                        level998 ? PD_LEVEL_99_8 : PD_LEVEL_95, 1.0);

          g_assert_cmpstr (row[cmethod], ==, "Wilson");
          assert_close (field_number (row[clo]), ci.lower, PHE_TOLERANCE, what);
          assert_close (field_number (row[chi]), ci.upper, PHE_TOLERANCE, what);
          n_wilson++;
        }
    }
  g_assert_cmpuint (n_byar, ==, 7);
  g_assert_cmpuint (n_wilson, ==, 6);
}

/* One PHE table with 95 % and 99.8 % columns side by side. */
static void
check_two_level_table (const char *file,
                       PdCiMethod  method,
                       guint       expected_rows)
{
  g_autofree char *path = pd_test_shared_path ("phe_ci", file, NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cnum = column (header, "Numerator"), cden = column (header, "Denominator");
  guint cvalue = column (header, "value"), cmult = column (header, "multiplier");
  guint clo95 = column (header, "lower95_0cl"), chi95 = column (header, "upper95_0cl");
  guint clo998 = column (header, "lower99_8cl"), chi998 = column (header, "upper99_8cl");
  guint cmethod = column (header, "method");

  g_assert_cmpuint (rows->len, ==, expected_rows + 1);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      double x = field_number (row[cnum]), n = field_number (row[cden]);
      double multiplier = field_number (row[cmult]);
      PdInterval ci95 = pd_ci_compute (method, x, n, PD_LEVEL_95, multiplier);
      PdInterval ci998 = pd_ci_compute (method, x, n, PD_LEVEL_99_8, multiplier);
      g_autofree char *what = g_strdup_printf ("%s row %u (%s)", file, r, row[0]);

      assert_close (field_number (row[cvalue]), ci95.value, PHE_TOLERANCE, what);
      assert_close (field_number (row[clo95]), ci95.lower, PHE_TOLERANCE, what);
      assert_close (field_number (row[chi95]), ci95.upper, PHE_TOLERANCE, what);
      assert_close (field_number (row[clo998]), ci998.lower, PHE_TOLERANCE, what);
      assert_close (field_number (row[chi998]), ci998.upper, PHE_TOLERANCE, what);

      /* PHE names the method it used; "poisson" must agree on which. */
      if (method == PD_CI_POISSON && !isnan (x))
        g_assert_cmpstr (row[cmethod], ==, x < 10 ? "Exact" : "Byars");
    }
}

static void
check_grouped_table (const char *file,
                     PdCiMethod  method,
                     guint       expected_rows)
{
  g_autofree char *path = pd_test_shared_path ("phe_ci", file, NULL);
  g_autoptr(GPtrArray) rows = pd_test_read_csv (path);
  char **header = g_ptr_array_index (rows, 0);
  guint cnum = column (header, "Numerator"), cden = column (header, "Denominator");
  guint cvalue = column (header, "value"), cmult = column (header, "multiplier");
  guint clo = column (header, "lowercl"), chi = column (header, "uppercl");
  guint cconf = column (header, "confidence");

  g_assert_cmpuint (rows->len, ==, expected_rows + 1);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      PdInterval ci = pd_ci_compute (method, field_number (row[cnum]), field_number (row[cden]),
                                     PD_LEVEL_95, field_number (row[cmult]));
      g_autofree char *what = g_strdup_printf ("%s row %u (%s)", file, r, row[0]);

      g_assert_cmpstr (row[cconf], ==, "95%");
      assert_close (field_number (row[cvalue]), ci.value, PHE_TOLERANCE, what);
      assert_close (field_number (row[clo]), ci.lower, PHE_TOLERANCE, what);
      assert_close (field_number (row[chi]), ci.upper, PHE_TOLERANCE, what);
    }
}

static void
test_proportion_table (void)
{
  check_two_level_table ("proportion_wilson_expected.csv", PD_CI_WILSON, 19);
  check_grouped_table ("proportion_wilson_grouped_expected.csv", PD_CI_WILSON, 11);
}

static void
test_rate_table (void)
{
  check_two_level_table ("rate_byars_exact_expected.csv", PD_CI_POISSON, 20);
  check_grouped_table ("rate_byars_exact_grouped_expected.csv", PD_CI_POISSON, 12);
}

static void
test_poisson_switch (void)
{
  /* "poisson" is exact at 9 events and Byar's at 10, whatever the level. */
  for (int level = PD_LEVEL_95; level <= PD_LEVEL_99_8; level++)
    {
      PdInterval nine = pd_ci_poisson (9, 1, level, 1);
      PdInterval nine_exact = pd_ci_exact_poisson (9, 1, level, 1);
      PdInterval ten = pd_ci_poisson (10, 1, level, 1);
      PdInterval ten_byar = pd_ci_byar (10, 1, level, 1);

      g_assert_cmpfloat (nine.lower, ==, nine_exact.lower);
      g_assert_cmpfloat (nine.upper, ==, nine_exact.upper);
      g_assert_cmpfloat (ten.lower, ==, ten_byar.lower);
      g_assert_cmpfloat (ten.upper, ==, ten_byar.upper);
    }
}

static void
test_exact_binomial (void)
{
  PdInterval ci;
  double tail = 0.025;

  /* R: binom.test(5, 10)$conf.int = 0.1870860 0.8129140 (to the 7 places R prints). */
  ci = pd_ci_exact_binomial (5, 10, PD_LEVEL_95, 1);
  g_assert_cmpfloat_with_epsilon (ci.value, 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (ci.lower, 0.1870860, 5e-8);
  g_assert_cmpfloat_with_epsilon (ci.upper, 0.8129140, 5e-8);
  /* Symmetric about one half for x = n/2. */
  g_assert_cmpfloat_with_epsilon (ci.lower, 1.0 - ci.upper, 1e-12);

  /* Closed forms at the edges: 0 of n gives [0, 1 − (α/2)^(1/n)], n of n the mirror. */
  ci = pd_ci_exact_binomial (0, 20, PD_LEVEL_95, 100);
  g_assert_cmpfloat (ci.lower, ==, 0.0);
  assert_close (100.0 * (1.0 - pow (tail, 1.0 / 20.0)), ci.upper, 1e-12, "0 of 20");
  ci = pd_ci_exact_binomial (20, 20, PD_LEVEL_99_8, 1);
  g_assert_cmpfloat (ci.upper, ==, 1.0);
  assert_close (pow (0.001, 1.0 / 20.0), ci.lower, 1e-12, "20 of 20");

  /* Clopper–Pearson is wider than Wilson. */
  {
    PdInterval wilson = pd_ci_wilson (7, 40, PD_LEVEL_95, 1);
    PdInterval exact = pd_ci_exact_binomial (7, 40, PD_LEVEL_95, 1);

    g_assert_cmpfloat (exact.lower, <, wilson.lower);
    g_assert_cmpfloat (exact.upper, >, wilson.upper);
  }
}

static void
test_zero_events (void)
{
  PdInterval ci;

  /* Exact Poisson for no events: [0, −ln(α/2)]. */
  ci = pd_ci_exact_poisson (0, 1, PD_LEVEL_95, 1);
  g_assert_cmpfloat (ci.value, ==, 0.0);
  g_assert_cmpfloat (ci.lower, ==, 0.0);
  assert_close (-log (0.025), ci.upper, 1e-12, "exact 0 events");
  ci = pd_ci_poisson (0, 1000, PD_LEVEL_99_8, 100000);
  g_assert_cmpfloat (ci.lower, ==, 0.0);
  assert_close (-log (0.001) / 1000 * 100000, ci.upper, 1e-12, "poisson 0 events");

  /* Wilson for 0 of n: lower exactly 0, upper z²/(n + z²). */
  ci = pd_ci_wilson (0, 50, PD_LEVEL_95, 1);
  {
    double z = pd_stats_level_z (PD_LEVEL_95);

    g_assert_cmpfloat (ci.lower, ==, 0.0);
    assert_close (z * z / (50 + z * z), ci.upper, 1e-14, "wilson 0 of 50");
  }

  /* Byar's lower limit for no events is 0, not PHE's NA. */
  g_assert_cmpfloat (pd_ci_byar_lower (0, 0.95), ==, 0.0);
  /* Byar's turns negative for 1 event at 99.8 %: PHE gives NA, so do we. */
  g_assert_true (isnan (pd_ci_byar_lower (1, 0.998)));
}

static void
test_unusable_inputs (void)
{
  const PdCiMethod methods[] = {
    PD_CI_WILSON, PD_CI_EXACT_BINOMIAL, PD_CI_BYAR, PD_CI_EXACT_POISSON, PD_CI_POISSON,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      const double bad[][2] = {
        { 5, 0 },       /* zero denominator */
        { NAN, 10 },    /* suppressed numerator */
        { 5, NAN },     /* suppressed denominator */
        { -1, 10 },     /* negative count */
        { 5, -10 },     /* negative denominator */
        { INFINITY, 10 },
      };

      for (gsize j = 0; j < G_N_ELEMENTS (bad); j++)
        {
          PdInterval ci = pd_ci_compute (methods[i], bad[j][0], bad[j][1], PD_LEVEL_95, 1);

          g_assert_true (isnan (ci.value));
          g_assert_true (isnan (ci.lower));
          g_assert_true (isnan (ci.upper));
        }
    }

  /* A proportion cannot exceed its denominator; a rate can. */
  g_assert_true (isnan (pd_ci_wilson (11, 10, PD_LEVEL_95, 1).value));
  g_assert_true (isnan (pd_ci_exact_binomial (11, 10, PD_LEVEL_95, 1).upper));
  assert_close (1.1, pd_ci_poisson (11, 10, PD_LEVEL_95, 1).value, 1e-15, "rate above 1");
}

static void
test_array_and_multiplier (void)
{
  const double x[] = { 1, 65, NAN, 0 };
  const double n[] = { 100, 100, 100, 0 };
  PdInterval out[4];

  pd_ci_compute_array (PD_CI_WILSON, x, n, 4, PD_LEVEL_95, 100, out);
  /* PHE's percentage row for 65 of 100. */
  assert_close (65, out[1].value, 1e-15, "65%");
  assert_close (55.25444329688797, out[1].lower, PHE_TOLERANCE, "65% lower");
  assert_close (73.635751756902465, out[1].upper, PHE_TOLERANCE, "65% upper");
  g_assert_true (isnan (out[2].value));
  g_assert_true (isnan (out[3].lower));

  /* The multiplier scales value and limits alike. */
  {
    PdInterval a = pd_ci_byar (250, 220, PD_LEVEL_95, 1);
    PdInterval b = pd_ci_byar (250, 220, PD_LEVEL_95, 100000);

    assert_close (a.lower * 100000, b.lower, 1e-14, "byar multiplied");
    assert_close (a.upper * 100000, b.upper, 1e-14, "byar multiplied");
  }
}

static void
test_method_names (void)
{
  const char *names[] = { "wilson", "exact-binomial", "byar", "exact-poisson", "poisson" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PdCiMethod method;

      g_assert_true (pd_ci_parse_method (names[i], &method));
      g_assert_cmpstr (pd_ci_method_to_string (method), ==, names[i]);
      g_assert_cmpint (pd_ci_method_is_proportion (method), ==, i < 2);
    }
  {
    PdCiMethod method;

    g_assert_false (pd_ci_parse_method ("Wilson ", &method));
    g_assert_false (pd_ci_parse_method ("", &method));
  }
}

static void
test_large_counts (void)
{
  PdInterval exact, byar, cp, wilson;

  /* Above about a million events GSL's gamma and beta quantile functions give NaN, a
   * wrong number or never return; ours must still be exact. For so many events Byar's
   * approximation is good to about 1e-12, so the two must agree. */
  exact = pd_ci_exact_poisson (7776456, 7564336677, PD_LEVEL_95, 100);
  byar = pd_ci_byar (7776456, 7564336677, PD_LEVEL_95, 100);
  assert_close (byar.lower, exact.lower, 1e-10, "exact Poisson, 7.8 million events");
  assert_close (byar.upper, exact.upper, 1e-10, "exact Poisson, 7.8 million events");
  exact = pd_ci_exact_poisson (2e8, 1, PD_LEVEL_99_8, 1);
  byar = pd_ci_byar (2e8, 1, PD_LEVEL_99_8, 1);
  assert_close (byar.lower, exact.lower, 1e-10, "exact Poisson, 2e8 events");
  assert_close (byar.upper, exact.upper, 1e-10, "exact Poisson, 2e8 events");

  /* Clopper–Pearson for a million of two million: the Wilson interval widened by about
   * the half-unit continuity correction, 0.5/n, at each end. */
  cp = pd_ci_exact_binomial (1e6, 2e6, PD_LEVEL_95, 1);
  wilson = pd_ci_wilson (1e6, 2e6, PD_LEVEL_95, 1);
  g_assert_cmpfloat (wilson.lower - cp.lower, >, 0.45 / 2e6);
  g_assert_cmpfloat (wilson.lower - cp.lower, <, 0.55 / 2e6);
  g_assert_cmpfloat (cp.upper - wilson.upper, >, 0.45 / 2e6);
  g_assert_cmpfloat (cp.upper - wilson.upper, <, 0.55 / 2e6);

  /* PHE's largest proportion, 7.8 million of 7.6 billion, at 99.8 %: so rare an event
   * is nearly Poisson, where expanding Byar's cube gives the exact limits as
   * x − z√x + (z² − 1)/3 and x + 1 + z√x + (z² − 1)/3 events, and Wilson's as
   * x + z²/2 ∓ z√x: the exact interval sits (z²/6 + 1/3)/n below Wilson's at the lower
   * end and (z²/6 − 2/3)/n below it at the upper (it is narrower there at 99.8 %). */
  {
    double n = 7564336677, z = pd_stats_level_z (PD_LEVEL_99_8);

    cp = pd_ci_exact_binomial (7776456, n, PD_LEVEL_99_8, 1);
    wilson = pd_ci_wilson (7776456, n, PD_LEVEL_99_8, 1);
    assert_close ((z * z / 6 + 1.0 / 3) / n, wilson.lower - cp.lower, 0.02,
                  "exact binomial below Wilson, lower");
    assert_close ((z * z / 6 - 2.0 / 3) / n, wilson.upper - cp.upper, 0.02,
                  "exact binomial below Wilson, upper");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/intervals/phe-byars-wilson", test_byars_wilson_table);
  g_test_add_func ("/pctdash/intervals/phe-proportions", test_proportion_table);
  g_test_add_func ("/pctdash/intervals/phe-rates", test_rate_table);
  g_test_add_func ("/pctdash/intervals/poisson-switch", test_poisson_switch);
  g_test_add_func ("/pctdash/intervals/exact-binomial", test_exact_binomial);
  g_test_add_func ("/pctdash/intervals/zero-events", test_zero_events);
  g_test_add_func ("/pctdash/intervals/unusable-inputs", test_unusable_inputs);
  g_test_add_func ("/pctdash/intervals/array-multiplier", test_array_and_multiplier);
  g_test_add_func ("/pctdash/intervals/method-names", test_method_names);
  g_test_add_func ("/pctdash/intervals/large-counts", test_large_counts);

  return g_test_run ();
}
