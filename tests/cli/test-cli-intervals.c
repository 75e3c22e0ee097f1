/* test-cli-intervals.c — pctdash-cli ci and funnel, run as a user runs them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-test-util.h"

typedef struct
{
  char *scratch;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->scratch = pd_test_scratch_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pd_test_scratch_free (fixture->scratch);
}

/* Lines of CSV without quoted fields as rows of fields. */
static GPtrArray *
split_rows (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      guint      column)
{
  char **fields = g_ptr_array_index (rows, row);

  g_assert_cmpuint (column, <, g_strv_length (fields));
  return fields[column];
}

static double
number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  g_assert_true (*text != '\0' && *end == '\0');
  return value;
}

static void
assert_relative (double expected,
                 double actual,
                 double tolerance)
{
  if (!(fabs (actual - expected) <= tolerance * fabs (expected)))
    g_error ("expected %.17g, got %.17g", expected, actual);
}

/* ---- ci ----------------------------------------------------------------------------- */

static void
test_ci_rates (Fixture       *fixture,
               gconstpointer  data)
{
  /* PHEindicatormethods' rate table: Area1 (Exact), Area3 and Area12 (Byar's), a
   * suppressed numerator and a zero denominator. */
  g_autofree char *path = pd_test_write_file (fixture->scratch, "rates.csv",
                                              "Area,numerator,denominator\n"
                                              "Area1,1,100\n"
                                              "Area3,20,100\n"
                                              "Area12,250,220\n"
                                              "Area09,*,100\n"
                                              "Area13,5,0\n", -1);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", "--method", "poisson", "--multiplier", "100000",
                            path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "Area");
  g_assert_cmpstr (cell (rows, 0, 3), ==, "value");
  g_assert_cmpstr (cell (rows, 0, 4), ==, "lower");
  g_assert_cmpstr (cell (rows, 0, 5), ==, "upper");
  g_assert_cmpstr (cell (rows, 1, 0), ==, "Area1");
  assert_relative (1000, number (cell (rows, 1, 3)), 1e-15);
  assert_relative (25.317807984289896, number (cell (rows, 1, 4)), 1.5e-8);
  assert_relative (5571.6433909388979, number (cell (rows, 1, 5)), 1.5e-8);
  assert_relative (12211.428834875936, number (cell (rows, 2, 4)), 1.5e-8);
  assert_relative (30889.880369197064, number (cell (rows, 2, 5)), 1.5e-8);
  assert_relative (113636.36363636365, number (cell (rows, 3, 3)), 1e-15);
  assert_relative (99984.947385328764, number (cell (rows, 3, 4)), 1.5e-8);
  assert_relative (128631.14487455782, number (cell (rows, 3, 5)), 1.5e-8);
  /* Suppressed and zero-denominator rows stay, with empty results. */
  g_assert_cmpstr (cell (rows, 4, 1), ==, "*");
  g_assert_cmpstr (cell (rows, 4, 3), ==, "");
  g_assert_cmpstr (cell (rows, 5, 4), ==, "");

  /* 99.8 %. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", "--method", "poisson", "--multiplier", "100000",
                            "--level", "99.8", path, NULL), ==, 0);
  rows = split_rows (out);
  assert_relative (1.0005003335835343, number (cell (rows, 1, 4)), 1.5e-8);
  assert_relative (137651.23772147458, number (cell (rows, 3, 5)), 1.5e-8);
}

static void
test_ci_proportions (Fixture       *fixture,
                     gconstpointer  data)
{
  /* Wilson is the default with a denominator; an existing value column is replaced. */
  g_autofree char *path = pd_test_write_file (fixture->scratch, "props.csv",
                                              "Area,Numerator,Denominator,value\n"
                                              "Area4,65,100,old\n"
                                              "Area5,\"9,856\",12345,old\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", "--multiplier", "100", path, NULL), ==, 0);
  /* Area5's quoted "9,856" comes back quoted. */
  g_assert_nonnull (strstr (out, "Area5,\"9,856\",12345,"));
  rows = split_rows (out);
  g_assert_cmpstr (out, !=, "");
  g_assert_cmpstr (cell (rows, 0, 3), ==, "value");
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, 0)), ==, 6);
  assert_relative (65, number (cell (rows, 1, 3)), 1e-15);
  assert_relative (55.25444329688797, number (cell (rows, 1, 4)), 1.5e-8);
  assert_relative (73.635751756902465, number (cell (rows, 1, 5)), 1.5e-8);

  /* Exact binomial is wider. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", "--method", "exact-binomial", path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpfloat (number (cell (rows, 1, 4)), <, 0.5525444329688797);

  /* JSON: numbers at full precision, the method named. */
  g_assert_cmpint (pd_test_run_cli (&json, NULL, "ci", "--json", path, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (json, "["));
  g_assert_nonnull (strstr (json, "\"Area\":\"Area4\""));
  g_assert_nonnull (strstr (json, "\"numerator\":65,\"denominator\":100,\"value\":0.65000000000000002,"));
  g_assert_nonnull (strstr (json, "\"method\":\"wilson\""));
}

static void
test_ci_counts (Fixture       *fixture,
                gconstpointer  data)
{
  /* Without a denominator column the rows are counts and "poisson" is the default. */
  g_autofree char *path = pd_test_write_file (fixture->scratch, "counts.csv",
                                              "provider,numerator\nRXX,65\nRYY,0\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpstr (cell (rows, 0, 2), ==, "value");
  assert_relative (65, number (cell (rows, 1, 2)), 1e-15);
  /* PHE's Byar's interval for 65 events. */
  assert_relative (50.163187710459454, number (cell (rows, 1, 3)), 1.5e-8);
  assert_relative (82.849138545939837, number (cell (rows, 1, 4)), 1.5e-8);
  g_assert_cmpfloat (number (cell (rows, 2, 3)), ==, 0.0);
  assert_relative (-log (0.025), number (cell (rows, 2, 4)), 1e-12);

  g_assert_cmpint (pd_test_run_cli (&json, NULL, "ci", "--json", path, NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"method\":\"byar\""));
  g_assert_nonnull (strstr (json, "\"method\":\"exact-poisson\""));
}

static void
test_ci_empty (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *empty = pd_test_write_file (fixture->scratch, "empty.csv", "", 0);
  g_autofree char *header = pd_test_write_file (fixture->scratch, "header.csv",
                                                "numerator,denominator\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *out_header = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", empty, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "numerator,denominator,value,lower,upper\n");
  g_assert_cmpint (pd_test_run_cli (&out_header, NULL, "ci", header, NULL), ==, 0);
  g_assert_cmpstr (out_header, ==, "numerator,denominator,value,lower,upper\n");
  g_assert_cmpint (pd_test_run_cli (&json, NULL, "ci", "--json", empty, NULL), ==, 0);
  g_assert_cmpstr (json, ==, "[]\n");
}

static void
test_ci_errors (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *good = pd_test_write_file (fixture->scratch, "good.csv",
                                              "numerator,denominator\n1,2\n", -1);
  g_autofree char *text = pd_test_write_file (fixture->scratch, "text.csv",
                                              "numerator,denominator\nmany,2\n", -1);
  g_autofree char *over = pd_test_write_file (fixture->scratch, "over.csv",
                                              "numerator,denominator\n3,2\n", -1);
  g_autofree char *negative = pd_test_write_file (fixture->scratch, "negative.csv",
                                                  "numerator,denominator\n-3,2\n", -1);
  g_autofree char *no_numerator = pd_test_write_file (fixture->scratch, "nonum.csv",
                                                      "count,denominator\n3,2\n", -1);
  g_autofree char *missing = g_build_filename (fixture->scratch, "missing.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  /* Usage: exit 2. */
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", "--method", "normal", good, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", "--level", "90", good, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", "--multiplier", "0", good, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", "--bogus", good, NULL), ==, 2);

  /* Input: exit 1, with the row and column named. */
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "ci", text, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 2, column numerator"));
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", over, NULL), ==, 1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", "--method", "wilson", over, NULL), ==, 1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", negative, NULL), ==, 1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", no_numerator, NULL), ==, 1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "ci", missing, NULL), ==, 1);

  /* A rate may exceed 1. */
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "ci", "--method", "byar", over, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "numerator,denominator,value,lower,upper\n3,2,1.5,"));
}

/* ---- funnel ------------------------------------------------------------------------- */

static char *
six_units (Fixture *fixture)
{
  g_autofree char *source = pd_test_shared_path ("funnelplotr_testdata", "pkg_test_six_units.csv",
                                                 NULL);
  g_autoptr(GString) csv = g_string_new ("unit,numerator,denominator\n");
  g_autoptr(GPtrArray) rows = pd_test_read_csv (source);

  /* FunnelPlotR's file has num, denom, group: rewrite it with our column names. */
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_string_append_printf (csv, "%s,%s,%s\n", row[2], row[0], row[1]);
    }
  return pd_test_write_file (fixture->scratch, "six.csv", csv->str, -1);
}

static void
test_funnel_overdispersion (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = six_units (fixture);
  g_autofree char *out = NULL;
  g_autofree char *units = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) unit_rows = NULL;
  g_autoptr(GPtrArray) plain_rows = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "funnel", "--type", "ratio", "--overdispersion", "shmi",
                            "--summary", path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "target");
  g_assert_cmpstr (cell (rows, 0, 5), ==, "adjusted");
  g_assert_cmpstr (cell (rows, 1, 0), ==, "1");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "6");
  g_assert_cmpstr (cell (rows, 1, 2), ==, "6");
  /* FunnelPlotR's φ for these six units. */
  g_assert_cmpfloat_with_epsilon (number (cell (rows, 1, 3)), 2.948033, 5.0001e-7);
  g_assert_cmpfloat (number (cell (rows, 1, 4)), >, 0.0);
  g_assert_cmpstr (cell (rows, 1, 5), ==, "1");

  /* Unit b is beyond the plain 99.8 % limit but within the adjusted ones. */
  g_assert_cmpint (pd_test_run_cli (&units, NULL, "funnel", "--type", "ratio", "--overdispersion",
                            "shmi", path, NULL), ==, 0);
  unit_rows = split_rows (units);
  header = g_strjoinv (",", g_ptr_array_index (unit_rows, 0));
  g_assert_cmpstr (header, ==,
                   "unit,numerator,denominator,value,lcl95,ucl95,lcl998,ucl998,od_lcl95,"
                   "od_ucl95,od_lcl998,od_ucl998,classification");
  g_assert_cmpuint (unit_rows->len, ==, 7);
  g_assert_cmpstr (cell (unit_rows, 2, 0), ==, "b");
  g_assert_cmpstr (cell (unit_rows, 2, 1), ==, "150");
  g_assert_cmpstr (cell (unit_rows, 2, 2), ==, "112");
  assert_relative (150.0 / 112, number (cell (unit_rows, 2, 3)), 1e-15);
  g_assert_cmpfloat (number (cell (unit_rows, 2, 3)), >, number (cell (unit_rows, 2, 7)));
  g_assert_cmpfloat (number (cell (unit_rows, 2, 3)), <, number (cell (unit_rows, 2, 9)));
  g_assert_cmpstr (cell (unit_rows, 2, 12), ==, "within");

  /* Without overdispersion the od_ columns are empty and b is flagged. */
  g_assert_cmpint (pd_test_run_cli (&plain, NULL, "funnel", "--type", "ratio", path, NULL), ==, 0);
  plain_rows = split_rows (plain);
  g_assert_cmpstr (cell (plain_rows, 2, 8), ==, "");
  g_assert_cmpstr (cell (plain_rows, 2, 11), ==, "");
  g_assert_cmpstr (cell (plain_rows, 2, 12), ==, "above_99.8");
}

static void
test_funnel_proportions (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Five of PHE's PCTs; with so few the pooled proportion differs from PHE's, so the
   * bands are checked against the limits printed beside them. */
  g_autofree char *path = pd_test_write_file (fixture->scratch, "pcts.csv",
                                              "unit,numerator,denominator\n"
                                              "New Forest PCT,35078.4880000,41980\n"
                                              "Norwich PCT,24803.6256000,31824\n"
                                              "\"Havering, PCT\",48686.4364000,59804\n"
                                              "Suppressed PCT,*,100\n"
                                              "Tiny PCT,3,4\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, &err, "funnel", "--multiplier", "100", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"Havering, PCT\","));
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 6);
  for (guint r = 1; r <= 2; r++)
    {
      double value = number (cell (rows, r, 3));
      const char *band = cell (rows, r, 12);

      g_assert_cmpfloat (number (cell (rows, r, 4)), <, number (cell (rows, r, 5)));
      if (value > number (cell (rows, r, 7)))
        g_assert_cmpstr (band, ==, "above_99.8");
      else if (value < number (cell (rows, r, 6)))
        g_assert_cmpstr (band, ==, "below_99.8");
    }
  /* New Forest 83.6 % is above, Norwich 77.9 % below. */
  g_assert_cmpstr (cell (rows, 1, 12), ==, "above_99.8");
  g_assert_cmpstr (cell (rows, 2, 12), ==, "below_99.8");
  g_assert_cmpstr (cell (rows, 4, 3), ==, "");
  g_assert_cmpstr (cell (rows, 4, 12), ==, "none");
  /* Four people is a low volume, and the user is told. */
  g_assert_nonnull (strstr (err, "Tiny PCT"));

  g_assert_cmpint (pd_test_run_cli (&json, NULL, "funnel", "--json", path, NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"unit\":\"Tiny PCT\""));
  g_assert_nonnull (strstr (json, "\"low_volume\":true,\"classification\":"));
  g_assert_nonnull (strstr (json, "\"od_lcl95\":null"));
}

static void
test_funnel_limits_at (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = six_units (fixture);
  g_autofree char *at = pd_test_write_file (fixture->scratch, "at.csv",
                                            "expected\n15\n20\n30\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* FunnelPlotR's Poisson limits at 15, 20 and 30 expected. */
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "funnel", "--type", "ratio", "--poisson-limits",
                            "funnelplotr", "--limits-at", at, path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "denominator");
  g_assert_cmpstr (cell (rows, 1, 0), ==, "15");
  g_assert_cmpfloat_with_epsilon (number (cell (rows, 1, 2)), 0.5596924, 5.0001e-8);
  g_assert_cmpfloat_with_epsilon (number (cell (rows, 2, 3)), 1.544419, 5.0001e-7);
  g_assert_cmpfloat_with_epsilon (number (cell (rows, 3, 4)), 0.5289724, 5.0001e-8);
  g_assert_cmpfloat_with_epsilon (number (cell (rows, 3, 5)), 1.702771, 5.0001e-7);

  g_assert_cmpint (pd_test_run_cli (&json, NULL, "funnel", "--type", "ratio", "--json", "--limits-at",
                            at, path, NULL), ==, 0);
  g_assert_nonnull (strstr (json, "{\"denominator\":20,\"target\":1,\"lcl95\":"));
}

static void
test_funnel_empty_and_errors (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *empty = pd_test_write_file (fixture->scratch, "empty.csv", "", 0);
  g_autofree char *over = pd_test_write_file (fixture->scratch, "over.csv",
                                              "unit,numerator,denominator\nA,5,4\n", -1);
  g_autofree char *no_den = pd_test_write_file (fixture->scratch, "noden.csv",
                                                "unit,numerator\nA,5\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *summary = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "funnel", empty, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "unit,numerator,denominator,value,lcl95,ucl95,lcl998,ucl998,"
                            "od_lcl95,od_ucl95,od_lcl998,od_ucl998,classification\n");
  g_assert_cmpint (pd_test_run_cli (&summary, NULL, "funnel", "--summary", empty, NULL), ==, 0);
  g_assert_cmpstr (summary, ==, "target,n,n_used,phi,tau2,adjusted\n,0,0,,,0\n");

  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--type", "count", empty, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--trim", "0.5", empty, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--overdispersion", "spiegelhalter", empty,
                            NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--summary", "--limits-at", empty, empty,
                            NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", over, NULL), ==, 1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--type", "ratio", no_den, NULL), ==, 1);
  /* As a ratio, 5 observed against 4 expected is fine. */
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "funnel", "--type", "ratio", over, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/pctdash/cli/ci/rates", test_ci_rates);
  ADD ("/pctdash/cli/ci/proportions", test_ci_proportions);
  ADD ("/pctdash/cli/ci/counts", test_ci_counts);
  ADD ("/pctdash/cli/ci/empty", test_ci_empty);
  ADD ("/pctdash/cli/ci/errors", test_ci_errors);
  ADD ("/pctdash/cli/funnel/overdispersion", test_funnel_overdispersion);
  ADD ("/pctdash/cli/funnel/proportions", test_funnel_proportions);
  ADD ("/pctdash/cli/funnel/limits-at", test_funnel_limits_at);
  ADD ("/pctdash/cli/funnel/empty-and-errors", test_funnel_empty_and_errors);

#undef ADD

  return g_test_run ();
}
