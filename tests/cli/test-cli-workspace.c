/* test-cli-workspace.c — pctdash-cli demo, import and info, run as a user runs them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <json-glib/json-glib.h>

#include "pd-test-util.h"

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_help_and_usage (void)
{
  const char *const commands[] = { "demo", "import", "info" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;

      g_assert_nonnull (strstr (out, commands[i]));
      g_assert_cmpint (pd_test_run_cli (&help, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, "Usage:"));
    }

  g_assert_cmpint (pd_test_run_cli (NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown command"));
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "file.csv", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "info", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "info", "-w", "x.pctdash", "--bogus", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "-w", "x.pctdash", "--kind", "nonsense", "f.csv", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "demo", NULL), ==, 2);
}

static void
test_import_and_info (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = g_build_filename (dir, "cli.pctdash", NULL);
  g_autofree char *orgs = pd_test_write_file (dir, "orgs.csv",
                                              "code,name,role,population\n"
                                              "00L,Northvale PCT,commissioner,312000\n"
                                              "RA1,Eastmere Hospitals,provider,\n", -1);
  g_autofree char *spend = pd_test_write_file (dir, "spend.csv",
                                               "commissioner,year,month,category,provider,amount\n"
                                               "00L,2009/10,Apr,Acute contracts,RA1,\"£1,000.01\"\n"
                                               "00L,2009/10,May,Acute contracts,RA1,2000.02\n", -1);
  g_autofree char *bad = pd_test_write_file (dir, "bad.csv",
                                             "commissioner,year,allocation\n"
                                             "00L,2009/10,lots\n"
                                             "XXX,2009/10,5\n", -1);
  g_autofree char *errors = g_build_filename (dir, "problems.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *info = NULL;
  g_autofree char *problems = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *counts, *totals;
  JsonArray *imports;

  g_assert_cmpint (pd_test_run_cli (&out, &err, "import", "-w", ws, orgs, spend, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "orgs.csv: imported 2 organisations"));
  g_assert_nonnull (strstr (out, "spend.csv: imported 2 spend"));

  /* A bad file: exit 1, every problem named, nothing imported, all of them in the file. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (&out, &err, "import", "-w", ws, "--errors", errors, bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.csv: 2 problems found; nothing was imported."));
  g_assert_nonnull (strstr (err, "bad.csv: row 2, column C (allocation)"));
  g_assert_nonnull (strstr (err, "bad.csv: row 3, column A (commissioner): unknown organisation code “XXX”"));
  problems = pd_test_read_file (errors, NULL);
  g_assert_true (g_str_has_prefix (problems, "file,sheet,row,column,value,reason\nbad.csv,,2,C,lots,"));

  /* The same file again is refused. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", ws, spend, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "was imported already"));

  g_assert_cmpint (pd_test_run_cli (&info, NULL, "info", "-w", ws, "--json", NULL), ==, 0);
  root = parse_object (parser, info);
  imports = json_object_get_array_member (root, "imports");
  g_assert_cmpuint (json_array_get_length (imports), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (imports, 1), "file_name"), ==, "spend.csv");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (imports, 1), "rows"), ==, 2);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (imports, 0), "sha256")), ==, 64);
  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "organisations"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "spend"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "allocations"), ==, 0);
  g_assert_cmpuint (json_object_get_size (counts), ==, 8);
  totals = json_object_get_object_member (root, "totals");
  g_assert_cmpint (json_object_get_int_member (totals, "spend_pence"), ==, 300003);
  g_assert_cmpint (json_object_get_int_member (totals, "allocation_pence"), ==, 0);
  g_assert_true (json_object_has_member (totals, "indicator_numerator"));
  g_assert_true (json_object_has_member (totals, "indicator_denominator"));
  g_assert_true (json_object_has_member (totals, "event_count"));

  /* The text form shows the same control totals in pounds. */
  g_clear_pointer (&info, g_free);
  g_assert_cmpint (pd_test_run_cli (&info, NULL, "info", "-w", ws, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "£3,000.03"));

  /* info on something that is not a workspace: exit 1, a clear message. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "info", "-w", spend, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a pctdash workspace"));

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_demo (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = g_build_filename (dir, "demo.pctdash", NULL);
  g_autofree char *out = NULL;
  g_autofree char *info = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *counts;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "demo", ws, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Built"));
  g_assert_cmpint (pd_test_run_cli (&info, NULL, "info", "-w", ws, "--json", NULL), ==, 0);
  root = parse_object (parser, info);
  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "organisations"), >=, 30);
  g_assert_cmpint (json_object_get_int_member (counts, "indicators"), >=, 24);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "imports")), ==, 8);

  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/cli/help-and-usage", test_help_and_usage);
  g_test_add_func ("/pctdash/cli/import-and-info", test_import_and_info);
  g_test_add_func ("/pctdash/cli/demo", test_demo);

  return g_test_run ();
}
