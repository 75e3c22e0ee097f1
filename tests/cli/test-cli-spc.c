/* test-cli-spc.c — pctdash-cli spc, run as a user runs it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sys/wait.h>
#include <json-glib/json-glib.h>

#include "domain/pd-indicators.h"
#include "domain/pd-spc-changes.h"
#include "stats/pd-spc.h"
#include "store/pd-workspace.h"
#include "pd-test-util.h"

/* NHSRplotthedots' "deviations" vignette series, one point a month. */
static const double deviations[] = { 1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };

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

/* Runs pctdash-cli with @args (NULL-terminated, after "spc"); returns its exit status and
 * its standard output (always captured, so it never mixes with the TAP stream). */
static int
run_spc (char       **out_stdout,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *discarded = NULL;
  const char *cli = g_getenv ("PD_CLI");
  int wait_status;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "spc");
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out_stdout != NULL ? out_stdout : &discarded, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* Lines of plain CSV (the test data needs no quoting) as rows of fields. */
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
field (GPtrArray  *rows,
       guint       row,
       const char *column)
{
  GStrv header = g_ptr_array_index (rows, 0);
  GStrv cells = g_ptr_array_index (rows, row);

  for (guint c = 0; header[c] != NULL; c++)
    if (g_str_equal (header[c], column))
      return cells[c];
  g_error ("no column %s", column);
}

static double
field_double (GPtrArray  *rows,
              guint       row,
              const char *column)
{
  const char *text = field (rows, row, column);
  char *end;
  double value = g_ascii_strtod (text, &end);

  g_assert_true (*text != '\0' && *end == '\0');
  return value;
}

static char *
write_deviations (const char *dir,
                  const char *extra_header,
                  const char *(*extra_cells) (guint))
{
  g_autoptr(GString) csv = g_string_new ("date,value");

  if (extra_header != NULL)
    g_string_append_printf (csv, ",%s", extra_header);
  g_string_append_c (csv, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (deviations); i++)
    {
      g_string_append_printf (csv, "%04u-%02u-01,%g", 2020 + i / 12, 1 + i % 12, deviations[i]);
      if (extra_cells != NULL)
        g_string_append_printf (csv, ",%s", extra_cells (i));
      g_string_append_c (csv, '\n');
    }
  return pd_test_write_file (dir, "deviations.csv", csv->str, -1);
}

static void
test_points (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_deviations (fixture->scratch, NULL, NULL);
  g_autofree char *out = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (run_spc (&out, path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (deviations));
  header = g_strjoinv (",", g_ptr_array_index (rows, 0));
  g_assert_cmpstr (header, ==,
                   "facet,date,value,mean,lpl,upl,lower_2sigma,upper_2sigma,partition,ghost,"
                   "outside_limits,rule,point_type");

  /* Unscreened (the mdc default): upper 6.95, lower −3.06; full precision in the text. */
  g_assert_cmpstr (field (rows, 1, "mean"), ==, "1.9444444444444444");
  g_assert_cmpfloat_with_epsilon (field_double (rows, 1, "upl"), 35.0 / 18 + 2.66 * 32 / 17,
                                  1e-15);
  g_assert_cmpfloat (round (field_double (rows, 1, "upl") * 100), ==, 695);
  g_assert_cmpfloat (round (field_double (rows, 1, "lpl") * 100), ==, -306);
  g_assert_cmpstr (field (rows, 5, "date"), ==, "2020-05-01");
  g_assert_cmpstr (field (rows, 5, "outside_limits"), ==, "1");
  g_assert_cmpstr (field (rows, 5, "rule"), ==, "outside_limits");
  g_assert_cmpstr (field (rows, 5, "point_type"), ==, "special_cause_neutral_high");
  g_assert_cmpstr (field (rows, 6, "rule"), ==, "none");
  g_assert_cmpstr (field (rows, 6, "partition"), ==, "1");
  g_assert_cmpstr (field (rows, 6, "ghost"), ==, "0");
}

static void
test_summary_presets (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = write_deviations (fixture->scratch, NULL, NULL);
  g_autofree char *ptd = NULL;
  g_autofree char *unscreened = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows_unscreened = NULL;

  /* ptd screens: upper 4.60, mean 1.94, lower −0.72. The last point, 1, is below the mean
   * but common cause; a target of 3 lies between the limits. */
  g_assert_cmpint (run_spc (&ptd, "--preset", "ptd", "--summary", "--improvement", "decrease",
                            "--target", "3", path, NULL), ==, 0);
  rows = split_rows (ptd);
  g_assert_cmpuint (rows->len, ==, 2);
  header = g_strjoinv (",", g_ptr_array_index (rows, 0));
  g_assert_cmpstr (header, ==,
                   "facet,partition,n,mean,lpl,upl,variation_icon,assurance_icon,warnings");
  g_assert_cmpstr (field (rows, 1, "partition"), ==, "1");
  g_assert_cmpstr (field (rows, 1, "n"), ==, "18");
  g_assert_cmpfloat (round (field_double (rows, 1, "upl") * 100), ==, 460);
  g_assert_cmpfloat (round (field_double (rows, 1, "mean") * 100), ==, 194);
  g_assert_cmpfloat (round (field_double (rows, 1, "lpl") * 100), ==, -72);
  g_assert_cmpstr (field (rows, 1, "variation_icon"), ==, "common_cause");
  g_assert_cmpstr (field (rows, 1, "assurance_icon"), ==, "hit_or_miss");
  g_assert_cmpstr (field (rows, 1, "warnings"), ==, "");

  /* An individual option overrides the preset. */
  g_assert_cmpint (run_spc (&unscreened, "--preset", "ptd", "--no-screen-outliers",
                            "--summary", path, NULL), ==, 0);
  rows_unscreened = split_rows (unscreened);
  g_assert_cmpfloat (round (field_double (rows_unscreened, 1, "upl") * 100), ==, 695);
  g_assert_cmpstr (field (rows_unscreened, 1, "assurance_icon"), ==, "none");
}

/* Two providers in one file, rows out of order, one ghost, one rebase and a suppressed
 * value. */
static void
test_facets (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Facet,Date,Value,Ghost,Rebase,Target\n");
  g_autofree char *path = NULL;
  g_autofree char *points = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) sums = NULL;

  for (int i = 23; i >= 0; i--)
    {
      /* RXX: flat at 50 ± 1 then, from month 13, at 60 ± 1, rebased there; month 6 is a
       * ghost of 500 and month 9 suppressed. */
      double rxx = (i < 12 ? 50 : 60) + (i % 2 ? 1 : -1);
      const char *value = i == 8 ? "*" : NULL;
      g_autofree char *number = g_strdup_printf ("%g", i == 5 ? 500 : rxx);

      g_string_append_printf (csv, "RXX,%04d-%02d-01,%s,%d,%d,\n", 2019 + i / 12, 1 + i % 12,
                              value != NULL ? value : number, i == 5, i == 12);
      g_string_append_printf (csv, "RYY,%04d-%02d-01,%d,0,0,%s\n", 2019 + i / 12, 1 + i % 12,
                              10 + i, i == 23 ? "5" : "");
    }
  path = pd_test_write_file (fixture->scratch, "two.csv", csv->str, -1);

  g_assert_cmpint (run_spc (&points, "--improvement", "increase", path, NULL), ==, 0);
  rows = split_rows (points);
  g_assert_cmpuint (rows->len, ==, 1 + 48);
  /* RXX comes first (first seen), in date order. */
  g_assert_cmpstr (field (rows, 1, "facet"), ==, "RXX");
  g_assert_cmpstr (field (rows, 1, "date"), ==, "2019-01-01");
  g_assert_cmpstr (field (rows, 24, "date"), ==, "2020-12-01");
  g_assert_cmpstr (field (rows, 25, "facet"), ==, "RYY");
  g_assert_cmpstr (field (rows, 25, "date"), ==, "2019-01-01");
  /* The ghost keeps its value, takes no part and is not flagged. */
  g_assert_cmpstr (field (rows, 6, "value"), ==, "500");
  g_assert_cmpstr (field (rows, 6, "ghost"), ==, "1");
  g_assert_cmpstr (field (rows, 6, "rule"), ==, "none");
  /* The suppressed value is empty and missing. */
  g_assert_cmpstr (field (rows, 9, "value"), ==, "");
  /* Partition 1: 50 ± 1 without the ghost and the missing month, mean 50. */
  g_assert_cmpstr (field (rows, 1, "mean"), ==, "50");
  g_assert_cmpstr (field (rows, 13, "partition"), ==, "2");
  g_assert_cmpstr (field (rows, 13, "mean"), ==, "60");
  /* RYY rises every month (mean 21.5, limits 18.84 to 24.16): its middle months are a
   * trend, improvement when higher is better; its first months are below the limit. */
  g_assert_cmpstr (field (rows, 36, "value"), ==, "21");
  g_assert_cmpstr (field (rows, 36, "rule"), ==, "trend");
  g_assert_cmpstr (field (rows, 36, "point_type"), ==, "special_cause_improvement");
  g_assert_cmpstr (field (rows, 25, "rule"), ==, "outside_limits");
  g_assert_cmpstr (field (rows, 25, "point_type"), ==, "special_cause_concern");

  g_assert_cmpint (run_spc (&summary, "--improvement", "increase", "--summary", path, NULL),
                   ==, 0);
  sums = split_rows (summary);
  g_assert_cmpuint (sums->len, ==, 1 + 3);
  g_assert_cmpstr (field (sums, 1, "facet"), ==, "RXX");
  g_assert_cmpstr (field (sums, 1, "n"), ==, "10");
  g_assert_cmpstr (field (sums, 1, "warnings"), ==, "short_partition;trial_limits");
  g_assert_cmpstr (field (sums, 2, "partition"), ==, "2");
  g_assert_cmpstr (field (sums, 2, "n"), ==, "12");
  g_assert_cmpstr (field (sums, 2, "warnings"), ==, "trial_limits");
  g_assert_cmpstr (field (sums, 3, "facet"), ==, "RYY");
  g_assert_cmpstr (field (sums, 3, "variation_icon"), ==, "improvement_high");
  /* RYY's target of 5 (on its last month) is below its lower limit: met every month. */
  g_assert_cmpstr (field (sums, 3, "assurance_icon"), ==, "pass");
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = write_deviations (fixture->scratch, NULL, NULL);
  g_autofree char *out = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *points, *parts;
  JsonObject *fifth, *part;

  g_assert_cmpint (run_spc (&out, "--json", "--improvement", "decrease", path, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  points = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (points), ==, G_N_ELEMENTS (deviations));
  fifth = json_array_get_object_element (points, 4);
  g_assert_cmpfloat (json_object_get_double_member (fifth, "value"), ==, 10);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fifth, "upl"),
                                  35.0 / 18 + 2.66 * 32 / 17, 1e-15);
  g_assert_true (json_object_get_boolean_member (fifth, "outside_limits"));
  g_assert_cmpstr (json_object_get_string_member (fifth, "rule"), ==, "outside_limits");
  g_assert_cmpstr (json_object_get_string_member (fifth, "point_type"), ==,
                   "special_cause_concern");
  g_assert_nonnull (strstr (json_object_get_string_member (fifth, "explanation"),
                            "above the upper process limit"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (points, 0),
                                              "moving_range"));

  g_assert_cmpint (run_spc (&summary, "--json", "--summary", "--fix-after", "12", path, NULL),
                   ==, 0);
  json_parser_load_from_data (parser, summary, -1, &error);
  g_assert_no_error (error);
  parts = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (parts), ==, 1);
  part = json_array_get_object_element (parts, 0);
  g_assert_cmpint (json_object_get_int_member (part, "n_baseline"), ==, 12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (part, "mean"), 26.0 / 12,
                                  1e-15);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (part, "warnings")),
                    ==, 1);
}

static void
test_laney (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = pd_test_write_file (fixture->scratch, "p.csv",
                                              "date,numerator,denominator\n"
                                              "2021-04,266501,280443\n"
                                              "2021-05,264225,276823\n"
                                              "2021-06,276532,291681\n"
                                              "2021-07,281461,296155\n", -1);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (run_spc (&out, "--chart", "p-prime", path, NULL), ==, 0);
  rows = split_rows (out);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpfloat (field_double (rows, 1, "value"), ==, 266501.0 / 280443.0);
  g_assert_cmpfloat (field_double (rows, 1, "mean"), ==,
                     (266501.0 + 264225 + 276532 + 281461) / (280443.0 + 276823 + 291681 + 296155));
  /* Limits vary with the denominator: the largest month has the narrowest. */
  g_assert_cmpfloat (field_double (rows, 4, "upl") - field_double (rows, 4, "lpl"), <,
                     field_double (rows, 2, "upl") - field_double (rows, 2, "lpl"));
}

static void
test_exit_codes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *good = write_deviations (fixture->scratch, NULL, NULL);
  g_autofree char *bad_value = pd_test_write_file (fixture->scratch, "bad.csv",
                                                   "date,value\n2020-01-01,1\n2020-02-01,abc\n",
                                                   -1);
  g_autofree char *no_value = pd_test_write_file (fixture->scratch, "novalue.csv",
                                                  "date,amount\n2020-01-01,1\n", -1);
  g_autofree char *bad_flag = pd_test_write_file (fixture->scratch, "flag.csv",
                                                  "date,value,ghost\n2020-01-01,1,maybe\n", -1);
  g_autofree char *empty = pd_test_write_file (fixture->scratch, "empty.csv", "date,value\n", -1);
  g_autofree char *missing = g_build_filename (fixture->scratch, "nope.csv", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (run_spc (NULL, "--shift", "5", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--trend", "9", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--preset", "nhs", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--improvement", "up", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--chart", "c", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--fix-after", "1", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--target", "high", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "--screen-outliers", "--no-screen-outliers", good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, good, good, NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, missing, NULL), ==, 1);
  g_assert_cmpint (run_spc (NULL, bad_value, NULL), ==, 1);
  g_assert_cmpint (run_spc (NULL, no_value, NULL), ==, 1);
  g_assert_cmpint (run_spc (NULL, bad_flag, NULL), ==, 1);
  g_assert_cmpint (run_spc (NULL, "--chart", "p-prime", good, NULL), ==, 1);
  g_assert_cmpint (run_spc (NULL, "--help", NULL), ==, 0);

  /* A header alone is no error: no rows out. */
  g_assert_cmpint (run_spc (&out, empty, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "facet,date,value,mean,lpl,upl,lower_2sigma,upper_2sigma,partition,"
                            "ghost,outside_limits,rule,point_type\n");
}

/* spc -w reads a workspace's series and applies the chart's stored baseline and ghost,
 * as the Quality view and the board pack do; --no-stored-changes leaves them out. */
static void
test_workspace (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->scratch, "demo.pctdash", NULL);
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  g_autoptr(GPtrArray) with_rows = NULL;
  g_autoptr(GPtrArray) without_rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSpcResult) expected = NULL;
  g_autofree PdSpcPointInput *inputs = NULL;
  g_autofree double *values = NULL;
  const char *demo[] = { g_getenv ("PD_CLI"), "demo", path, NULL };
  PdSpcOptions options;
  int wait_status;
  gsize n;

  g_assert_true (g_spawn_sync (NULL, (char **) demo, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait_status, ==, 0);
  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_WRITABLE,
                                                          &error);
    g_autoptr(PdIndicator) indicator = NULL;
    g_autoptr(PdIndicatorSeries) series = NULL;
    g_autoptr(GPtrArray) changes = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_BASELINE,
                                         "2008-03-01", "First year", &error), >, 0);
    g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_GHOST,
                                         "2009-01-01", "Data error", &error), >, 0);
    g_assert_no_error (error);
    indicator = pd_indicator_lookup (workspace, "FALLS", &error);
    series = pd_indicator_series_query (workspace, "FALLS", "R9A", PD_PERIOD_MONTH, NULL,
                                        NULL, &error);
    changes = pd_spc_changes_list (workspace, "FALLS", "R9A", &error);
    g_assert_no_error (error);
    n = series->points->len;
    values = g_new (double, n);
    for (gsize i = 0; i < n; i++)
      values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
    pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
    options.improvement = g_strcmp0 (indicator->polarity, "lower") == 0
                          ? PD_IMPROVEMENT_DECREASE
                          : g_strcmp0 (indicator->polarity, "higher") == 0
                          ? PD_IMPROVEMENT_INCREASE : PD_IMPROVEMENT_NEUTRAL;
    options.target = indicator->target;
    inputs = pd_spc_changes_point_inputs (changes, series, &options, NULL);
    expected = pd_spc_compute (values, n, inputs, &options, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpint (run_spc (&with, "-w", path, "--indicator", "FALLS", "--provider", "R9A",
                            NULL), ==, 0);
  g_assert_cmpint (run_spc (&without, "-w", path, "--indicator", "FALLS", "--provider", "R9A",
                            "--no-stored-changes", NULL), ==, 0);
  with_rows = split_rows (with);
  without_rows = split_rows (without);
  g_assert_cmpuint (with_rows->len, ==, n + 1);
  g_assert_cmpstr (field (with_rows, 1, "facet"), ==, "R9A");
  g_assert_cmpstr (field (with_rows, 22, "date"), ==, "2009-01-01");
  g_assert_cmpstr (field (with_rows, 22, "ghost"), ==, "1");
  g_assert_cmpstr (field (without_rows, 22, "ghost"), ==, "0");
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (field_double (with_rows, i + 1, "mean"),
                                      expected->points[i].mean, 1e-12);
      g_assert_cmpfloat_with_epsilon (field_double (with_rows, i + 1, "upl"),
                                      expected->points[i].upl, 1e-12);
    }
  g_assert_cmpfloat (fabs (field_double (with_rows, n, "mean") -
                           field_double (without_rows, n, "mean")), >, 1e-6);

  /* Bad usage: -w without the indicator, a CSV file with -w, an unknown indicator. */
  g_assert_cmpint (run_spc (NULL, "-w", path, "--provider", "R9A", NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "-w", path, "--indicator", "FALLS", "--provider", "R9A",
                            "values.csv", NULL), ==, 2);
  g_assert_cmpint (run_spc (NULL, "-w", path, "--indicator", "NOPE", "--provider", "R9A",
                            NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pctdash/cli/spc/points", Fixture, NULL, fixture_set_up, test_points,
              fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/summary-presets", Fixture, NULL, fixture_set_up,
              test_summary_presets, fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/facets", Fixture, NULL, fixture_set_up, test_facets,
              fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/json", Fixture, NULL, fixture_set_up, test_json,
              fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/laney", Fixture, NULL, fixture_set_up, test_laney,
              fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/exit-codes", Fixture, NULL, fixture_set_up, test_exit_codes,
              fixture_tear_down);
  g_test_add ("/pctdash/cli/spc/workspace", Fixture, NULL, fixture_set_up, test_workspace,
              fixture_tear_down);

  return g_test_run ();
}
