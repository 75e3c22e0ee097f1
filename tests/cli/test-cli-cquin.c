/* test-cli-cquin.c — pctdash-cli cquin on an imported workspace: a worked example in
 * pence, the filters, JSON, and the mistakes a user makes
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <json-glib/json-glib.h>

#include "pd-test-util.h"

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North,200000\n"
  "5QA,Eastmere PCT,commissioner,pct,North,100000\n"
  "RA1,\"Eastmere Hospitals, NHS Trust\",provider,acute,North,\n"
  "RB2,Northvale Community Services,provider,community,North,\n";

/* 00L's £10m and 5QA's £2m contracts with RA1 at 1.5 %; 00L's £1,000,000.33 with RB2 at
 * 0.5 %, all or nothing. 00L paid RA1 £100,000 on account in 2010/11; nothing else was
 * recorded as paid on account. */
static const char schemes_csv[] =
  "commissioner,provider,year,contract_value,cquin_percent,indicator,name,domain,"
  "weight_percent,direction,quarter,min_threshold,max_threshold,payment_rule,paid_on_account\n"
  "00L,RA1,2010/11,\"£10,000,000.00\",1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q1,50,60,proportional,\"£100,000.00\"\n"
  "00L,RA1,2010/11,\"£10,000,000.00\",1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q2,55,65,proportional,\"£100,000.00\"\n"
  "00L,RA1,2010/11,\"£10,000,000.00\",1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q3,60,70,proportional,\"£100,000.00\"\n"
  "00L,RA1,2010/11,\"£10,000,000.00\",1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q4,65,75,proportional,\"£100,000.00\"\n"
  "00L,RA1,2010/11,\"£10,000,000.00\",1.5,CQ-B,Pressure ulcers,safety,40,lower,Q4,2,4,proportional,\"£100,000.00\"\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q1,50,60,proportional,\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q2,55,65,proportional,\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q3,60,70,proportional,\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,60,higher,Q4,65,75,proportional,\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-B,Pressure ulcers,safety,40,lower,Q4,2,4,proportional,\n"
  "00L,RB2,2010/11,1000000.33,0.5,CQ-C,Care plans,experience,100,higher,Q4,80,80,all_or_nothing,\n"
  "00L,RA1,2009/10,500000.00,0.5,CQ-A,\"Discharge summaries, within 24h\",effectiveness,100,higher,Q4,50,60,proportional,\n";

static const char achievement_csv[] =
  "provider,year,indicator,quarter,numerator,denominator,value\n"
  "RA1,2010/11,CQ-A,Q1,55,100,55\n"
  "RA1,2010/11,CQ-A,Q2,70,100,70\n"
  "RA1,2010/11,CQ-A,Q3,58,100,58\n"
  "RA1,2010/11,CQ-B,Q4,7,200,3.5\n"
  "RB2,2010/11,CQ-C,Q4,,,*\n";

static const char *const columns[] = {
  "level", "year", "commissioner", "provider", "indicator", "name", "domain", "weight_percent",
  "direction", "payment_rule", "quarter", "quarter_share", "min_threshold", "max_threshold",
  "performance", "suppressed", "achievement", "contract_value_pence", "cquin_percent",
  "value_pence", "at_risk_pence", "earned_pence", "withheld_pence", "pending_pence",
  "paid_on_account_pence", "reconciliation_pence",
};

/* A workspace with the three files imported through `pctdash-cli import`. */
static char *
make_workspace (const char *dir)
{
  g_autofree char *orgs = pd_test_write_file (dir, "organisations.csv", organisations_csv, -1);
  g_autofree char *schemes = pd_test_write_file (dir, "cquin_schemes.csv", schemes_csv, -1);
  g_autofree char *results = pd_test_write_file (dir, "cquin_achievement.csv", achievement_csv, -1);
  char *ws = g_build_filename (dir, "cquin.pctdash", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", ws, orgs, schemes, results, NULL), ==, 0);
  return ws;
}

/* Parses CSV output through a file, so quoting is handled by the shared reader. */
static GPtrArray *
parse_csv (const char *dir,
           const char *text)
{
  g_autofree char *path = pd_test_write_file (dir, "out.csv", text, -1);
  GPtrArray *rows = pd_test_read_csv (path);

  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, 0)), ==, G_N_ELEMENTS (columns));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[i], ==, columns[i]);
  return rows;
}

static int
column (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (strcmp (columns[i], name) == 0)
      return (int) i;
  g_assert_not_reached ();
}

/* The row whose level, commissioner, provider, indicator and quarter are given ("" for an
 * empty cell). */
static char **
find_row (GPtrArray  *rows,
          const char *level,
          const char *commissioner,
          const char *provider,
          const char *indicator,
          const char *quarter)
{
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      if (strcmp (row[column ("level")], level) == 0 &&
          strcmp (row[column ("commissioner")], commissioner) == 0 &&
          strcmp (row[column ("provider")], provider) == 0 &&
          strcmp (row[column ("indicator")], indicator) == 0 &&
          strcmp (row[column ("quarter")], quarter) == 0)
        return row;
    }
  g_error ("no %s row for %s %s %s %s", level, commissioner, provider, indicator, quarter);
}

static void
assert_money (char       **row,
              const char  *at_risk,
              const char  *earned,
              const char  *withheld,
              const char  *pending)
{
  g_assert_cmpstr (row[column ("at_risk_pence")], ==, at_risk);
  g_assert_cmpstr (row[column ("earned_pence")], ==, earned);
  g_assert_cmpstr (row[column ("withheld_pence")], ==, withheld);
  g_assert_cmpstr (row[column ("pending_pence")], ==, pending);
}

static void
assert_reconciliation (char       **row,
                       const char  *paid_on_account,
                       const char  *reconciliation)
{
  g_assert_cmpstr (row[column ("paid_on_account_pence")], ==, paid_on_account);
  g_assert_cmpstr (row[column ("reconciliation_pence")], ==, reconciliation);
}

static void
test_csv (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = make_workspace (dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **row;

  g_assert_cmpint (pd_test_run_cli (&out, &err, "cquin", "-w", ws, "--year", "2010/11", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  rows = parse_csv (dir, out);
  /* 11 milestones, 5 indicators, 3 schemes, 2 providers, 2 commissioners, 1 total. */
  g_assert_cmpuint (rows->len, ==, 1 + 11 + 5 + 3 + 2 + 2 + 1);

  /* CQ-A Q1 for 00L: 55 on a 50 to 60 scale earns half of £22,500. */
  row = find_row (rows, "milestone", "00L", "RA1", "CQ-A", "Q1");
  g_assert_cmpstr (row[column ("year")], ==, "2010/11");
  g_assert_cmpstr (row[column ("name")], ==, "Discharge summaries, within 24h");
  g_assert_cmpstr (row[column ("domain")], ==, "effectiveness");
  g_assert_cmpstr (row[column ("weight_percent")], ==, "60");
  g_assert_cmpstr (row[column ("direction")], ==, "higher");
  g_assert_cmpstr (row[column ("payment_rule")], ==, "proportional");
  g_assert_cmpstr (row[column ("quarter_share")], ==, "0.25");
  g_assert_cmpstr (row[column ("min_threshold")], ==, "50");
  g_assert_cmpstr (row[column ("max_threshold")], ==, "60");
  g_assert_cmpstr (row[column ("performance")], ==, "55");
  g_assert_cmpstr (row[column ("achievement")], ==, "0.5");
  g_assert_cmpstr (row[column ("contract_value_pence")], ==, "1000000000");
  g_assert_cmpstr (row[column ("cquin_percent")], ==, "1.5");
  assert_money (row, "2250000", "1125000", "1125000", "0");

  /* Q4 has no result yet: pending, with empty performance and achievement. */
  row = find_row (rows, "milestone", "00L", "RA1", "CQ-A", "Q4");
  g_assert_cmpstr (row[column ("performance")], ==, "");
  g_assert_cmpstr (row[column ("achievement")], ==, "");
  assert_money (row, "2250000", "0", "0", "2250000");

  /* Lower is better: 3.5 between 2 and 4 earns a quarter of £60,000. */
  row = find_row (rows, "milestone", "00L", "RA1", "CQ-B", "Q4");
  g_assert_cmpstr (row[column ("direction")], ==, "lower");
  g_assert_cmpstr (row[column ("quarter_share")], ==, "1");
  g_assert_cmpstr (row[column ("achievement")], ==, "0.25");
  assert_money (row, "6000000", "1500000", "4500000", "0");

  /* A suppressed result says so and stays pending. */
  row = find_row (rows, "milestone", "00L", "RB2", "CQ-C", "Q4");
  g_assert_cmpstr (row[column ("payment_rule")], ==, "all_or_nothing");
  g_assert_cmpstr (row[column ("suppressed")], !=, "");
  assert_money (row, "500000", "0", "0", "500000");

  row = find_row (rows, "indicator", "00L", "RA1", "CQ-A", "");
  assert_money (row, "9000000", "3375000", "3375000", "2250000");
  assert_reconciliation (row, "", "");
  /* Year end: 00L paid £100,000 on account for £48,750 earned, so RA1 owes £51,250 back. */
  row = find_row (rows, "scheme", "00L", "RA1", "", "");
  g_assert_cmpstr (row[column ("value_pence")], ==, "15000000");
  assert_money (row, "15000000", "4875000", "7875000", "2250000");
  assert_reconciliation (row, "10000000", "-5125000");
  row = find_row (rows, "scheme", "5QA", "RA1", "", "");
  assert_money (row, "3000000", "975000", "1575000", "450000");
  assert_reconciliation (row, "0", "975000");
  row = find_row (rows, "provider", "", "RA1", "", "");
  assert_money (row, "18000000", "5850000", "9450000", "2700000");
  assert_reconciliation (row, "10000000", "-4150000");
  row = find_row (rows, "commissioner", "00L", "", "", "");
  assert_money (row, "15500000", "4875000", "7875000", "2750000");
  assert_reconciliation (row, "10000000", "-5125000");
  row = find_row (rows, "total", "", "", "", "");
  g_assert_cmpstr (row[column ("value_pence")], ==, "18500000");
  assert_money (row, "18500000", "5850000", "9450000", "3200000");
  assert_reconciliation (row, "10000000", "-4150000");

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_filters (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = make_workspace (dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **row;

  /* Without --year: the latest year with a scheme. */
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "cquin", "-w", ws, "--commissioner", "5QA", NULL), ==, 0);
  rows = parse_csv (dir, out);
  g_assert_cmpuint (rows->len, ==, 1 + 5 + 2 + 1 + 1 + 1 + 1);
  row = find_row (rows, "total", "", "", "", "");
  g_assert_cmpstr (row[column ("year")], ==, "2010/11");
  assert_money (row, "3000000", "975000", "1575000", "450000");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "cquin", "-w", ws, "--provider", "RA1", "--year", "2009/10",
                            NULL), ==, 0);
  rows = parse_csv (dir, out);
  row = find_row (rows, "total", "", "", "", "");
  g_assert_cmpstr (row[column ("year")], ==, "2009/10");
  assert_money (row, "250000", "0", "0", "250000");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&out, g_free);

  /* A year without schemes: the header and a zero total, and a word on stderr. */
  g_assert_cmpint (pd_test_run_cli (&out, &err, "cquin", "-w", ws, "--year", "2011/12", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "no CQUIN scheme matches"));
  rows = parse_csv (dir, out);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_money (g_ptr_array_index (rows, 1), "0", "0", "0", "0");

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_json (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = make_workspace (dir);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *scheme, *indicator, *milestone, *total;
  JsonArray *schemes, *milestones;

  g_assert_cmpint (pd_test_run_cli (&out, NULL, "cquin", "-w", ws, "--year", "2010/11", "--json", NULL),
                   ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "year"), ==, "2010/11");

  schemes = json_object_get_array_member (root, "schemes");
  g_assert_cmpuint (json_array_get_length (schemes), ==, 3);
  scheme = json_array_get_object_element (schemes, 0);
  g_assert_cmpstr (json_object_get_string_member (scheme, "commissioner"), ==, "00L");
  g_assert_cmpint (json_object_get_int_member (scheme, "contract_value_pence"), ==, 1000000000);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (scheme, "totals"),
                                               "earned_pence"), ==, 4875000);
  indicator = json_array_get_object_element (json_object_get_array_member (scheme, "indicators"),
                                             0);
  g_assert_cmpstr (json_object_get_string_member (indicator, "code"), ==, "CQ-A");
  g_assert_cmpint (json_object_get_int_member (indicator, "withheld_pence"), ==, 3375000);
  milestones = json_object_get_array_member (indicator, "milestones");
  g_assert_cmpuint (json_array_get_length (milestones), ==, 4);
  milestone = json_array_get_object_element (milestones, 0);
  g_assert_cmpfloat (json_object_get_double_member (milestone, "achievement"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (milestone, "numerator"), ==, 55.0);
  milestone = json_array_get_object_element (milestones, 3);
  g_assert_true (json_object_get_null_member (milestone, "performance"));
  g_assert_true (json_object_get_null_member (milestone, "achievement"));
  g_assert_cmpint (json_object_get_int_member (milestone, "pending_pence"), ==, 2250000);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "providers")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "commissioners")),
                    ==, 2);
  total = json_object_get_object_member (root, "total");
  g_assert_cmpint (json_object_get_int_member (total, "at_risk_pence"), ==, 18500000);
  g_assert_cmpint (json_object_get_int_member (total, "earned_pence"), ==, 5850000);
  g_assert_cmpint (json_object_get_int_member (total, "withheld_pence"), ==, 9450000);
  g_assert_cmpint (json_object_get_int_member (total, "pending_pence"), ==, 3200000);
  g_assert_cmpint (json_object_get_int_member (total, "paid_on_account_pence"), ==, 10000000);
  g_assert_cmpint (json_object_get_int_member (total, "reconciliation_pence"), ==, -4150000);

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_mistakes (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *ws = make_workspace (dir);
  g_autofree char *missing = g_build_filename (dir, "missing.pctdash", NULL);
  g_autofree char *help = NULL;
  g_autofree char *list = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pd_test_run_cli (&list, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "cquin"));
  g_assert_cmpint (pd_test_run_cli (&help, NULL, "cquin", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (help, "--commissioner"));

  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "cquin", NULL), ==, 2);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "cquin", "-w", ws, "--year", "last year", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--year"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "cquin", "-w", ws, "--provider", "00L", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a provider"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "cquin", "-w", ws, "--commissioner", "0L", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "0L"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "cquin", "-w", missing, NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  /* Rows of one scheme must agree on the payment on account; the error names the row
   * and the column, and nothing is imported. */
  {
    static const char disagreeing[] =
      "commissioner,provider,year,contract_value,cquin_percent,indicator,weight_percent,"
      "quarter,min_threshold,max_threshold,paid_on_account\n"
      "00L,RB2,2011/12,1000000,1.5,CQ-D,100,Q1,10,20,5000\n"
      "00L,RB2,2011/12,1000000,1.5,CQ-D,100,Q2,10,20,6000\n"
      "00L,RA1,2011/12,1000000,1.5,CQ-D,100,Q2,10,20,-5\n";
    g_autofree char *bad = pd_test_write_file (dir, "bad_schemes.csv", disagreeing, -1);

    g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", ws, "--kind", "cquin_schemes", bad,
                              NULL), ==, 1);
    g_assert_nonnull (strstr (err, "row 3"));
    g_assert_nonnull (strstr (err, "payment on account differs"));
    g_assert_nonnull (strstr (err, "row 4"));
    g_assert_nonnull (strstr (err, "cannot be negative"));
  }

  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/cli/cquin/csv", test_csv);
  g_test_add_func ("/pctdash/cli/cquin/filters", test_filters);
  g_test_add_func ("/pctdash/cli/cquin/json", test_json);
  g_test_add_func ("/pctdash/cli/cquin/mistakes", test_mistakes);

  return g_test_run ();
}
