/* test-importer.c — the import pipeline: every kind, all or nothing, lineage, replace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>
#include <gsf/gsf.h>

#include "pd-test-util.h"
#include "import/pd-demo.h"
#include "import/pd-importer.h"

typedef struct
{
  char        *dir;
  char        *path;
  PdWorkspace *workspace;
} Fixture;

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North Cluster,312000\n"
  "5QA,Eastmere PCT,commissioner,pct,North Cluster,254000\n"
  "RA1,Eastmere Hospitals NHS Trust,provider,acute,North Cluster,\n"
  "RB2,Northvale Community Services,provider,Community,North Cluster,\n";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = pd_test_scratch_new ();
  fixture->path = g_build_filename (fixture->dir, "test.pctdash", NULL);
  fixture->workspace = pd_workspace_open (fixture->path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->workspace);
  g_clear_pointer (&fixture->path, g_free);
  pd_test_scratch_free (g_steal_pointer (&fixture->dir));
}

static gint64 query_int (PdWorkspace *workspace,
                         const char  *sql);

/* Imports @contents as a file called @name and expects success. */
static PdImportReport *
import_ok (Fixture               *fixture,
           const char            *name,
           const char            *contents,
           gssize                 len,
           const PdImportOptions *options)
{
  g_autofree char *file = pd_test_write_file (fixture->dir, name, contents, len);
  g_autoptr(GError) error = NULL;
  PdImportReport *report;

  report = pd_import_file (fixture->workspace, file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->import_id, >, 0);
  /* The import turns foreign key checks off for its own transaction only. */
  g_assert_cmpint (query_int (fixture->workspace, "PRAGMA foreign_keys"), ==, 1);
  return report;
}

/* A fingerprint of everything a user could see in the workspace: row counts, control
 * totals, lineage and every fact row. Equal before and after a failed import. */
static char *
workspace_fingerprint (PdWorkspace *workspace)
{
  static const char *const tables[] = {
    "imports", "import_parts", "organisations", "peer_groups", "peer_group_members", "spend",
    "allocations", "cquin_schemes", "cquin_indicators", "cquin_milestones",
    "cquin_achievement", "indicators", "indicator_values", "events",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = pd_workspace_query_summary (workspace, &error);
  GString *out = g_string_new (NULL);
  sqlite3 *db = pd_workspace_get_db (workspace);

  g_assert_no_error (error);
  g_string_append_printf (out, "spend=%" G_GINT64_FORMAT " alloc=%" G_GINT64_FORMAT
                          " num=%.17g den=%.17g events=%" G_GINT64_FORMAT " imports=%u\n",
                          summary->spend_pence, summary->allocation_pence,
                          summary->indicator_numerator, summary->indicator_denominator,
                          summary->event_count, summary->imports->len);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c) != NULL
                                    ? (const char *) sqlite3_column_text (stmt, c) : "NULL");
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

/* Imports @contents and expects @code; the workspace must be unchanged. Returns the
 * error message (and the report through @out_report when asked). */
static char *
import_fails (Fixture          *fixture,
              const char       *name,
              const char       *contents,
              gssize            len,
              const PdImportOptions *options,
              PdImportErrorCode code,
              PdImportReport  **out_report)
{
  g_autofree char *file = pd_test_write_file (fixture->dir, name, contents, len);
  g_autofree char *before = workspace_fingerprint (fixture->workspace);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;

  report = pd_import_file (fixture->workspace, file, options, NULL, NULL, NULL, &error);
  g_assert_error (error, PD_IMPORT_ERROR, (int) code);
  /* Every message names the file. */
  g_assert_nonnull (strstr (error->message, name));
  after = workspace_fingerprint (fixture->workspace);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture->workspace, "PRAGMA foreign_keys"), ==, 1);
  if (report != NULL)
    g_assert_cmpint (report->import_id, ==, 0);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return g_strdup (error->message);
}

static gint64
query_int (PdWorkspace *workspace,
           const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static double
query_double (PdWorkspace *workspace,
              const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (PdWorkspace *workspace,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* spend_totals, kept by the importer and by import removal, equals the sums of the
 * spend rows themselves. */
static void
assert_spend_totals_consistent (PdWorkspace *workspace)
{
  static const char sql[] =
    "SELECT count(*) FROM ("
    "  SELECT commissioner, year, coalesce (month, 0) AS month, category,"
    "         coalesce (provider, '') AS provider, coalesce (sum (amount_pence), 0) AS amount_pence,"
    "         count(*) AS rows, count(*) - count (amount_pence) AS suppressed_rows"
    "    FROM spend GROUP BY 1, 2, 3, 4, 5"
    "  EXCEPT SELECT * FROM spend_totals"
    "  UNION ALL"
    "  SELECT * FROM spend_totals EXCEPT"
    "  SELECT commissioner, year, coalesce (month, 0), category, coalesce (provider, ''),"
    "         coalesce (sum (amount_pence), 0), count(*), count(*) - count (amount_pence)"
    "    FROM spend GROUP BY 1, 2, 3, 4, 5)";

  g_assert_cmpint (query_int (workspace, sql), ==, 0);
}

static void
import_organisations (Fixture *fixture)
{
  g_autoptr(PdImportReport) report = import_ok (fixture, "organisations.csv", organisations_csv, -1, NULL);

  g_assert_cmpuint (report->rows[PD_KIND_ORGANISATIONS], ==, 4);
}

static const char indicators_csv[] =
  "code,name,domain,unit,polarity,target,multiplier,source\n"
  "FALLS,Falls per 1000 bed days,Safety,rate,lower,,1000,Provider quality report\n"
  "VTE,VTE risk assessment,safety,proportion,Higher is better,95,100,Unify\n"
  "FFT,Friends and family score,Patient experience,mean,higher,,1,Survey\n";

/* ------------------------------------------------------------------------------------ */

static void
test_organisations (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *type = NULL;

  import_organisations (fixture);
  /* Leading zeros survive; free-text types are normalised. */
  code = query_text (fixture->workspace, "SELECT code FROM organisations WHERE name = 'Northvale PCT'");
  g_assert_cmpstr (code, ==, "00L");
  type = query_text (fixture->workspace, "SELECT type FROM organisations WHERE code = 'RB2'");
  g_assert_cmpstr (type, ==, "community");
  g_assert_cmpint (query_int (fixture->workspace, "SELECT population FROM organisations WHERE code = '5QA'"), ==, 254000);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM organisations WHERE population IS NULL"), ==, 2);
}

/* Money to the penny, in every notation a finance export uses. */
static void
test_spend_money (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;

  import_organisations (fixture);
  report = import_ok (fixture, "spend.csv",
                      "commissioner,year,month,category,provider,amount\n"
                      "00L,2009/10,Apr,Acute contracts,RA1,\"£1,234,567.89\"\n"
                      "00L,2009-10,May,Acute contracts,RA1,(1234)\n"
                      "00L,200910,Jan,Community nursing,RB2,-£5\n"
                      "5QA,2009/10,M12,Health visiting,,0.10\n"
                      "5QA,2010/11,2010-04,Prescribing,,*\n", -1, NULL);
  g_assert_cmpuint (report->rows[PD_KIND_SPEND], ==, 5);
  g_assert_cmpstr (report->encoding, ==, "UTF-8");

  summary = pd_workspace_query_summary (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->spend_pence, ==, 123456789 - 123400 - 500 + 10);
  g_assert_cmpint (summary->n_spend, ==, 5);
  /* Month 12 of 2009/10 is March 2010; January is month 1 of the same financial year. */
  g_assert_cmpint (query_int (fixture->workspace, "SELECT month FROM spend WHERE category = 'Health visiting'"), ==, 3);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT year FROM spend WHERE category = 'Community nursing'"), ==, 2009);
  /* Suppressed is NULL with its reason, never 0. */
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM spend WHERE amount_pence IS NULL "
                                                  "AND suppressed LIKE 'amount: suppressed%'"), ==, 1);
  g_assert_cmpstr (summary->first_period, ==, "2009-04-01");
  g_assert_cmpstr (summary->last_period, ==, "2010-04-01");
  assert_spend_totals_consistent (fixture->workspace);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT suppressed_rows FROM spend_totals "
                                                  "WHERE category = 'Prescribing'"), ==, 1);
}

static void
test_every_kind (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdImportReport) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autofree char *type = NULL;
  g_autofree char *suppressed = NULL;

  import_organisations (fixture);
  r1 = import_ok (fixture, "indicators.csv", indicators_csv, -1, NULL);
  g_assert_cmpuint (r1->rows[PD_KIND_INDICATORS], ==, 3);

  r2 = import_ok (fixture, "allocations.csv",
                  "commissioner,year,allocation\n00L,2009/10,\"£400,000,000.00\"\n"
                  "00L,2010/11,422000000\n5QA,2009/10,300000000.5\n", -1, NULL);
  g_assert_cmpuint (r2->rows[PD_KIND_ALLOCATIONS], ==, 3);

  r3 = import_ok (fixture, "cquin.csv",
                  "commissioner,provider,year,contract_value,cquin_percent,indicator,name,domain,"
                  "weight_percent,direction,quarter,min_threshold,max_threshold,payment_rule\n"
                  "00L,RA1,2009/10,\"£120,000,000\",0.5%,CQ-VTE,VTE assessment,safety,60,higher,Q1,80,90,proportional\n"
                  "00L,RA1,2009/10,\"£120,000,000\",0.5%,CQ-VTE,VTE assessment,safety,60,higher,Q2,82,92,proportional\n"
                  "00L,RA1,2009/10,\"£120,000,000\",0.5%,CQ-FFT,Patient survey,Patient experience,40,higher,Q1,70,80,All or nothing\n",
                  -1, NULL);
  g_assert_cmpuint (r3->rows[PD_KIND_CQUIN_SCHEMES], ==, 3);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM cquin_schemes"), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM cquin_indicators"), ==, 2);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT contract_value_pence FROM cquin_schemes"), ==, 12000000000);
  g_assert_cmpfloat (query_double (fixture->workspace, "SELECT cquin_percent FROM cquin_schemes"), ==, 0.5);

  r4 = import_ok (fixture, "achievement.csv",
                  "provider,year,indicator,quarter,numerator,denominator,value\n"
                  "RA1,2009/10,CQ-VTE,1,850,1000,85\n"
                  "RA1,2009/10,CQ-FFT,Q1,*,*,*\n", -1, NULL);
  g_assert_cmpuint (r4->rows[PD_KIND_CQUIN_ACHIEVEMENT], ==, 2);

  r5 = import_ok (fixture, "values.csv",
                  "indicator,provider,period,numerator,denominator,value\n"
                  "FALLS,RA1,2009-04,52,20000,\n"
                  "FALLS,RA1,May 2009,48,19800,2.42\n"
                  "VTE,RA1,2009/10 Q1,900,1000,90\n"
                  "VTE,RB2,2009/10,*,120,*\n", -1, NULL);
  g_assert_cmpuint (r5->rows[PD_KIND_INDICATOR_VALUES], ==, 4);
  /* A missing value is derived with the indicator's multiplier: 52 / 20000 × 1000. */
  g_assert_cmpfloat_with_epsilon (query_double (fixture->workspace,
                                                "SELECT value FROM indicator_values WHERE period_start = '2009-04-01' AND indicator = 'FALLS'"),
                                  2.6, 1e-12);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM indicator_values WHERE period_kind = 'quarter'"), ==, 1);
  suppressed = query_text (fixture->workspace, "SELECT suppressed FROM indicator_values WHERE provider = 'RB2'");
  g_assert_cmpstr (suppressed, ==, "numerator: suppressed (*); value: suppressed (*)");

  r6 = import_ok (fixture, "events.csv",
                  "provider,date,type,count,note,source\n"
                  "RA1,03/11/2010,Serious incident,1,\"Fall with harm, ward 7\",STEIS\n"
                  "RA1,2010-11-15,Never Event,1,Wrong site surgery,STEIS\n"
                  "RA1,40512,Complaints,12,,PALS\n"
                  "RB2,30/11/2010,C. difficile,2,,HPA\n", -1, NULL);
  g_assert_cmpuint (r6->rows[PD_KIND_EVENTS], ==, 4);
  type = query_text (fixture->workspace, "SELECT type FROM events WHERE provider = 'RB2'");
  g_assert_cmpstr (type, ==, "c_difficile");
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM events WHERE date = '2010-11-03'"), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM events WHERE date = '2010-11-30'"), ==, 2);

  summary = pd_workspace_query_summary (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->allocation_pence, ==, 40000000000 + 42200000000 + 30000000050);
  g_assert_cmpint (summary->event_count, ==, 16);
  g_assert_cmpfloat (summary->indicator_numerator, ==, 52 + 48 + 900);
  g_assert_cmpfloat (summary->indicator_denominator, ==, 20000 + 19800 + 1000 + 120);
  g_assert_cmpint (summary->n_cquin_schemes, ==, 3);
  g_assert_cmpint (summary->n_indicators, ==, 3);
  g_assert_cmpuint (summary->imports->len, ==, 7);
}

/* NHS exports name columns their own way and put titles above the header. */
static void
test_aliases_and_title_rows (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdImportReport) spend = NULL;

  report = import_ok (fixture, "orgs-export.csv",
                      "Organisation list,,,\n"
                      "Extracted 01/04/2010,,,\n"
                      ",,,\n"
                      "ODS Code,Organisation Name,Org Role,Org Type\n"
                      "00L,Northvale PCT,PCT,PCT\n"
                      "RA1,Eastmere Hospitals,Trust,Acute\n", -1, NULL);
  g_assert_cmpuint (report->rows[PD_KIND_ORGANISATIONS], ==, 2);

  spend = import_ok (fixture, "ledger.csv",
                     "PCT Code,Financial Year,Month,Programme,Supplier,Amount (GBP)\n"
                     "00L,2009/10,Apr,Acute contracts,RA1,100.00\n", -1, NULL);
  g_assert_cmpuint (spend->rows[PD_KIND_SPEND], ==, 1);
}

static void
test_kind_override (Fixture       *fixture,
                    gconstpointer  data)
{
  PdImportOptions options = { PD_KIND_SPEND, FALSE, FALSE, FALSE };
  g_autofree char *message = NULL;

  message = import_fails (fixture, "orgs-as-spend.csv", organisations_csv, -1, &options,
                          PD_IMPORT_ERROR_UNKNOWN_KIND, NULL);
  g_assert_nonnull (strstr (message, "no header row for spend"));
  g_assert_nonnull (strstr (message, "commissioner,year,category,amount"));
}

/* Every bad row is reported with file, row, column and value; nothing is imported. */
static void
test_invalid_rows (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdImportReport) report = NULL;
  g_autofree char *message = NULL;
  g_autofree char *errors_path = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;

  import_organisations (fixture);
  message = import_fails (fixture, "bad-spend.csv",
                          "commissioner,year,month,category,provider,amount\n"
                          "00L,2009/10,Apr,Acute contracts,RA1,100.00\n"
                          "00L,2009/10,Apr,Acute contracts,RA1,\"1.234,56\"\n"
                          "ZZZ,2009/10,Apr,Acute contracts,RA1,5\n"
                          "00L,2009/13,Apr,Acute contracts,RA1,5\n"
                          "00L,2009/10,Apr,Acute contracts,00L,5\n"
                          "00L,2009/10,Apr,Acute contracts\n"
                          "00L,2009/10,Apr,,RA1,5\n", -1, NULL, PD_IMPORT_ERROR_INVALID, &report);

  g_assert_nonnull (report);
  g_assert_cmpuint (report->problems->len, ==, 6);
  g_assert_nonnull (strstr (message, "6 problems found; nothing was imported"));
  g_assert_nonnull (strstr (message, "bad-spend.csv: row 3, column F (amount): “1.234,56” is ambiguous"));
  g_assert_nonnull (strstr (message, "row 4, column A (commissioner): unknown organisation code “ZZZ”"));
  g_assert_nonnull (strstr (message, "row 5, column B (year): “2009/13”"));
  g_assert_nonnull (strstr (message, "row 6, column E (provider): “00L” is a commissioner, not a provider"));
  g_assert_nonnull (strstr (message, "row 7: the row has 4 fields but the header has 6"));
  g_assert_nonnull (strstr (message, "row 8, column D (category): category is missing"));

  errors_path = g_build_filename (fixture->dir, "errors.csv", NULL);
  g_assert_true (pd_import_report_write_problems (report, errors_path, &error));
  g_assert_no_error (error);
  errors = pd_test_read_file (errors_path, NULL);
  g_assert_true (g_str_has_prefix (errors, "file,sheet,row,column,value,reason\n"
                                           "bad-spend.csv,,3,F,\"1.234,56\","));
}

/* Spend totals past G_MAXINT64 pence: within one file a problem naming the row and the
 * amount's cell; with what earlier imports brought, an error naming what would overflow.
 * Either way nothing is imported, instead of a sum wrapped to a negative amount. */
static void
test_spend_overflow (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdImportReport) half = NULL;
  g_autofree char *message = NULL;
  g_autofree char *again = NULL;

  import_organisations (fixture);
  message = import_fails (fixture, "huge.csv",
                          "commissioner,year,month,category,provider,amount\n"
                          "00L,2009/10,Apr,Acute contracts,RA1,90000000000000000.00\n"
                          "00L,2009/10,Apr,Acute contracts,RA1,90000000000000000.00\n"
                          "00L,2009/10,Apr,Refunds,RA1,-90000000000000000.00\n"
                          "00L,2009/10,Apr,Refunds,RA1,-90000000000000000.00\n"
                          "00L,2009/10,May,Acute contracts,RA1,90000000000000000.00\n",
                          -1, NULL, PD_IMPORT_ERROR_INVALID, &report);
  g_test_message ("%s", message);
  g_assert_cmpuint (report->problems->len, ==, 2);
  g_assert_nonnull (strstr (message, "huge.csv: row 3, column F (amount): with this amount the "
                                     "file's spend of 00L on Acute contracts in 2009/10 passes "
                                     "£92,233,720,368,547,758.07"));
  g_assert_nonnull (strstr (message, "row 5, column F (amount): with this amount the file's "
                                     "spend of 00L on Refunds in 2009/10 passes"));

  half = import_ok (fixture, "half.csv",
                    "commissioner,year,month,category,provider,amount\n"
                    "00L,2009/10,Apr,Acute contracts,RA1,90000000000000000.00\n", -1, NULL);
  again = import_fails (fixture, "other-half.csv",
                        "commissioner,year,month,category,provider,amount\n"
                        "00L,2009/10,Apr,Acute contracts,RA1,90000000000000000.01\n",
                        -1, NULL, PD_IMPORT_ERROR_INVALID, NULL);
  g_test_message ("%s", again);
  g_assert_nonnull (strstr (again, "other-half.csv: with the spend already in the workspace, "
                                   "the spend of 00L on Acute contracts in 2009/10 passes "
                                   "£92,233,720,368,547,758.07"));
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals"), ==,
                   G_GINT64_CONSTANT (9000000000000000000));
}

/* More than a hundred bad rows: the message shows 100 and counts the rest. */
static void
test_many_problems (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("commissioner,year,allocation\n");
  g_autoptr(PdImportReport) report = NULL;
  g_autofree char *message = NULL;

  import_organisations (fixture);
  for (int i = 0; i < 250; i++)
    g_string_append_printf (csv, "00L,%d/%02d,abc\n", 1900 + i, (1901 + i) % 100);
  message = import_fails (fixture, "many.csv", csv->str, csv->len, NULL, PD_IMPORT_ERROR_INVALID, &report);
  g_assert_cmpuint (report->problems->len, ==, 250);
  g_assert_nonnull (strstr (message, "250 problems found"));
  g_assert_nonnull (strstr (message, "… and 150 more"));
}

static void
test_duplicate_keys (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *again = NULL;

  import_organisations (fixture);
  message = import_fails (fixture, "dup-alloc.csv",
                          "commissioner,year,allocation\n00L,2009/10,5\n5QA,2009/10,6\n00L,2009-10,7\n",
                          -1, NULL, PD_IMPORT_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "row 4: duplicate: an allocation for this commissioner and year"));

  again = import_fails (fixture, "dup-orgs.csv",
                        "code,name,role\nRZ9,New Trust,provider\n00L,Again,commissioner\n",
                        -1, NULL, PD_IMPORT_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (again, "row 3, column A (code): duplicate: the organisation “00L”"));
}

static void
test_malformed_files (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *quote = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *header_only = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *junk_message = NULL;
  g_autofree char *big_message = NULL;
  g_autoptr(GString) big = g_string_new ("code,name,role\n00X,\"");
  char junk[4096];

  import_organisations (fixture);

  quote = import_fails (fixture, "quote.csv",
                        "commissioner,year,allocation\n00L,2009/10,5\n00L,\"2010/11,6\n",
                        -1, NULL, PD_IMPORT_ERROR_MALFORMED, NULL);
  g_assert_nonnull (strstr (quote, "row 3"));

  empty = import_fails (fixture, "empty.csv", "", 0, NULL, PD_IMPORT_ERROR_EMPTY, NULL);
  header_only = import_fails (fixture, "header.csv", "commissioner,year,allocation\n", -1, NULL,
                              PD_IMPORT_ERROR_EMPTY, NULL);
  g_assert_nonnull (strstr (header_only, "no rows follow"));

  unknown = import_fails (fixture, "unknown.csv", "foo,bar\n1,2\n", -1, NULL,
                          PD_IMPORT_ERROR_UNKNOWN_KIND, NULL);
  g_assert_nonnull (strstr (unknown, "cquin_achievement: provider,year,indicator,quarter"));

  /* A 2 MiB field. */
  for (int i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\",provider\n");
  big_message = import_fails (fixture, "big.csv", big->str, big->len, NULL, PD_IMPORT_ERROR_TOO_LARGE, NULL);
  g_assert_nonnull (strstr (big_message, "row 2"));

  /* Binary junk. */
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (char) ((i * 131 + 7) % 256);
  junk_message = import_fails (fixture, "junk.csv", junk, sizeof junk, NULL,
                               PD_IMPORT_ERROR_ENCODING, NULL);
  (void) junk_message;
}

/* The same file twice is refused; --replace swaps it in one transaction. */
static void
test_reimport_and_replace (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char alloc_v1[] = "commissioner,year,allocation\n00L,2009/10,100\n5QA,2009/10,200\n";
  static const char alloc_v2[] = "commissioner,year,allocation\n00L,2009/10,150\n5QA,2009/10,200\n";
  PdImportOptions replace = { PD_KIND_UNKNOWN, TRUE, FALSE, FALSE };
  g_autoptr(PdImportReport) first = NULL;
  g_autoptr(PdImportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autofree char *message = NULL;

  import_organisations (fixture);
  first = import_ok (fixture, "alloc.csv", alloc_v1, -1, NULL);
  /* The import records the file's SHA-256 and size (hashed on a thread of its own). */
  {
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, alloc_v1, -1);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM imports WHERE id = %" G_GINT64_FORMAT
                                            " AND sha256 = '%s' AND size = %" G_GSIZE_FORMAT,
                                            first->import_id, expected, strlen (alloc_v1));

    g_assert_cmpint (query_int (fixture->workspace, sql), ==, 1);
  }
  message = import_fails (fixture, "alloc.csv", alloc_v1, -1, NULL, PD_IMPORT_ERROR_DUPLICATE, NULL);
  g_assert_nonnull (strstr (message, "was imported already"));

  /* A corrected file of the same name replaces the earlier one. */
  second = import_ok (fixture, "alloc.csv", alloc_v2, -1, &replace);
  g_assert_cmpint (second->import_id, !=, first->import_id);
  summary = pd_workspace_query_summary (fixture->workspace, &error);
  g_assert_cmpint (summary->allocation_pence, ==, 35000);
  g_assert_cmpint (summary->n_allocations, ==, 2);
  g_assert_cmpuint (summary->imports->len, ==, 2);

  /* Replacing the organisations while spend refers to them works atomically. */
  {
    g_autoptr(PdImportReport) orgs = import_ok (fixture, "organisations.csv", organisations_csv, -1, &replace);
    g_assert_cmpuint (orgs->rows[PD_KIND_ORGANISATIONS], ==, 4);
  }
  /* …but not when the new file drops an organisation still in use: nothing changes. */
  {
    g_autofree char *dropped = NULL;
    dropped = import_fails (fixture, "organisations.csv",
                            "code,name,role\nRA1,Eastmere Hospitals NHS Trust,provider\n",
                            -1, &replace, PD_IMPORT_ERROR_INVALID, NULL);
    (void) dropped;
  }
}

static void
test_create_organisations (Fixture       *fixture,
                           gconstpointer  data)
{
  PdImportOptions create = { PD_KIND_UNKNOWN, FALSE, TRUE, FALSE };
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdImportReport) spend = NULL;
  g_autofree char *role = NULL;
  g_autofree char *message = NULL;

  message = import_fails (fixture, "values-first.csv",
                          "commissioner,year,allocation\n07X,2009/10,5\n", -1, NULL,
                          PD_IMPORT_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "unknown organisation code “07X”"));

  report = import_ok (fixture, "values-first.csv",
                      "commissioner,year,allocation\n07X,2009/10,5\n07X,2010/11,6\n", -1, &create);
  g_assert_cmpuint (report->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 0), "Created the commissioner “07X”"));
  role = query_text (fixture->workspace, "SELECT role FROM organisations WHERE code = '07X'");
  g_assert_cmpstr (role, ==, "commissioner");

  /* Spend naming organisations created on the way (and one created earlier): each is
   * keyed in the running totals like those the workspace held already. */
  spend = import_ok (fixture, "spend-new.csv",
                     "commissioner,year,month,category,provider,amount\n"
                     "08Y,2009/10,Apr,Acute,RZ9,1.00\n"
                     "07X,2009/10,May,Acute,,3.00\n"
                     "08Y,2009/10,Apr,Acute,RZ9,2.00\n"
                     "08Y,2009/10,Apr,Dental,RZ9,4.00\n"
                     "07X,2009/10,May,Acute,RZ9,*\n", -1, &create);
  g_assert_cmpuint (spend->rows[PD_KIND_SPEND], ==, 5);
  g_assert_cmpuint (spend->warnings->len, ==, 2);
  assert_spend_totals_consistent (fixture->workspace);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM spend_totals"), ==, 4);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals WHERE"
                              " commissioner = '08Y' AND category = 'Acute'"), ==, 300);
}

static void
cancel_at_once_cb (double   fraction,
                   gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("commissioner,year,month,category,provider,amount\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_organisations (fixture);
  for (int i = 0; i < 50000; i++)
    g_string_append_printf (csv, "00L,2009/10,Apr,Acute contracts,RA1,%d.%02d\n", i, i % 100);
  file = pd_test_write_file (fixture->dir, "large.csv", csv->str, csv->len);
  before = workspace_fingerprint (fixture->workspace);

  report = pd_import_file (fixture->workspace, file, NULL, cancel_at_once_cb, cancellable,
                           cancellable, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED);
  after = workspace_fingerprint (fixture->workspace);
  g_assert_cmpstr (before, ==, after);
}

/* Windows-1252 and UTF-16 exports arrive as UTF-8 in the workspace, with the encoding
 * recorded in the lineage. */
static void
test_encodings (Fixture       *fixture,
                gconstpointer  data)
{
  static const char cp1252[] = "code,name,role\nRC3,St Mary\x92s \xA3 Trust,provider\n";
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdImportReport) utf16 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *encoding = NULL;
  g_autofree gunichar2 *wide = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  glong n_units = 0;

  report = import_ok (fixture, "cp1252.csv", cp1252, -1, NULL);
  g_assert_cmpstr (report->encoding, ==, "Windows-1252");
  name = query_text (fixture->workspace, "SELECT name FROM organisations WHERE code = 'RC3'");
  g_assert_cmpstr (name, ==, "St Mary’s £ Trust");
  encoding = query_text (fixture->workspace, "SELECT encoding FROM imports WHERE file_name = 'cp1252.csv'");
  g_assert_cmpstr (encoding, ==, "Windows-1252");

  wide = g_utf8_to_utf16 ("code,name,role\r\nRD4,Ærø £ Services,provider\r\n", -1, NULL, &n_units, NULL);
  g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 pair[2] = { wide[i] & 0xff, wide[i] >> 8 };
      g_byte_array_append (bytes, pair, 2);
    }
  utf16 = import_ok (fixture, "utf16.csv", (const char *) bytes->data, bytes->len, NULL);
  g_assert_cmpstr (utf16->encoding, ==, "UTF-16LE");
  g_clear_pointer (&name, g_free);
  name = query_text (fixture->workspace, "SELECT name FROM organisations WHERE code = 'RD4'");
  g_assert_cmpstr (name, ==, "Ærø £ Services");
}

static void
write_row (lxw_worksheet *sheet,
           int            row,
           const char    *const *cells)
{
  for (int c = 0; cells[c] != NULL; c++)
    g_assert_cmpint (worksheet_write_string (sheet, row, c, cells[c], NULL), ==, LXW_NO_ERROR);
}

/* A workbook whose sheets are named after kinds imports them all in one go, in
 * dependency order whatever the sheet order. */
static void
test_xlsx_workbook (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "pack.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *spend = workbook_add_worksheet (workbook, "Spend");
  lxw_worksheet *orgs = workbook_add_worksheet (workbook, "Organisations");
  lxw_worksheet *notes = workbook_add_worksheet (workbook, "Notes");
  lxw_format *date_format = workbook_add_format (workbook);
  lxw_datetime april = { 2009, 4, 1, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  const char *const org_header[] = { "code", "name", "role", NULL };
  const char *const org_row[] = { "00L", "Northvale PCT", "commissioner", NULL };
  const char *const spend_header[] = { "commissioner", "year", "month", "category", "amount", NULL };

  format_set_num_format (date_format, "dd/mm/yyyy");
  write_row (orgs, 0, org_header);
  write_row (orgs, 1, org_row);
  write_row (spend, 0, spend_header);
  for (int r = 1; r <= 3; r++)
    {
      worksheet_write_string (spend, r, 0, "00L", NULL);
      worksheet_write_string (spend, r, 1, "2009/10", NULL);
      worksheet_write_datetime (spend, r, 2, &april, date_format);
      worksheet_write_string (spend, r, 3, "Acute contracts", NULL);
      worksheet_write_number (spend, r, 4, 1234.56 * r, NULL);
    }
  worksheet_write_string (notes, 0, 0, "Anything else is left alone", NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  report = pd_import_file (fixture->workspace, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->format, ==, "xlsx");
  g_assert_cmpuint (report->rows[PD_KIND_ORGANISATIONS], ==, 1);
  g_assert_cmpuint (report->rows[PD_KIND_SPEND], ==, 3);
  summary = pd_workspace_query_summary (fixture->workspace, &error);
  /* 1234.56 + 2469.12 + 3703.68, to the penny. */
  g_assert_cmpint (summary->spend_pence, ==, 740736);
  g_assert_cmpuint (summary->imports->len, ==, 1);
  g_assert_cmpstr (((PdImportRecord *) g_ptr_array_index (summary->imports, 0))->kinds, ==,
                   "organisations,spend");
  assert_spend_totals_consistent (fixture->workspace);
}

static void
test_xlsx_truncated (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "whole.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *orgs = workbook_add_worksheet (workbook, "organisations");
  const char *const org_header[] = { "code", "name", "role", NULL };
  g_autofree char *bytes = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *cut = NULL;

  write_row (orgs, 0, org_header);
  for (int r = 1; r < 2000; r++)
    {
      g_autofree char *code = g_strdup_printf ("R%04d", r);
      worksheet_write_string (orgs, r, 0, code, NULL);
      worksheet_write_string (orgs, r, 1, "A provider", NULL);
      worksheet_write_string (orgs, r, 2, "provider", NULL);
    }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  bytes = pd_test_read_file (path, &len);
  cut = pd_test_write_file (fixture->dir, "cut.xlsx", bytes, len / 2);
  before = workspace_fingerprint (fixture->workspace);
  report = pd_import_file (fixture->workspace, cut, NULL, NULL, NULL, NULL, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PD_IMPORT_ERROR);
  g_assert_nonnull (strstr (error->message, "cut.xlsx"));
  after = workspace_fingerprint (fixture->workspace);
  g_assert_cmpstr (before, ==, after);
}

/* Writes a zip with the given parts, deflated. */
static void
write_zip (const char         *path,
           const char *const  *names,
           const char *const  *contents,
           const gsize        *lengths,
           guint               n_parts)
{
  g_autoptr(GError) error = NULL;
  /* libgsf 1.14 declares no autoptr cleanups. */
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip = NULL;

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_parts; i++)
    {
      GsfOutput *part = gsf_outfile_new_child_full (zip, names[i], FALSE, "compression-level",
                                                    GSF_ZIP_DEFLATED, NULL);
      g_assert_true (gsf_output_write (part, lengths[i], (const guint8 *) contents[i]));
      g_assert_true (gsf_output_close (part));
      g_object_unref (part);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_object_unref (sink);
}

/* A sheet that inflates a thousandfold: refused as unsafe, the workspace unchanged. */
static void
test_xlsx_zip_bomb (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
  static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"organisations\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
  static const char head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  static const char tail[] = "</sheetData></worksheet>";
  /* Sampled (PCTDASH_TEST_SAMPLE): 4 MiB, still over the 1 MiB floor of the ratio check. */
  gsize spaces = pd_test_sample_size (64 << 20, 4 << 20);
  g_autofree char *sheet = g_malloc (sizeof head + spaces + sizeof tail);
  g_autofree char *path = g_build_filename (fixture->dir, "bomb.xlsx", NULL);
  g_autofree char *before = workspace_fingerprint (fixture->workspace);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;
  const char *names[] = { "[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                          "xl/worksheets/sheet1.xml" };
  const char *contents[] = { content_types, workbook, rels, sheet };
  gsize lengths[] = { strlen (content_types), strlen (workbook), strlen (rels), 0 };

  memcpy (sheet, head, strlen (head));
  memset (sheet + strlen (head), ' ', spaces);
  memcpy (sheet + strlen (head) + spaces, tail, strlen (tail));
  lengths[3] = strlen (head) + spaces + strlen (tail);
  write_zip (path, names, contents, lengths, G_N_ELEMENTS (names));

  report = pd_import_file (fixture->workspace, path, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "bomb.xlsx"));
  after = workspace_fingerprint (fixture->workspace);
  g_assert_cmpstr (before, ==, after);
}

/* Dates that do not exist, or are written the US way without being asked. */
static void
test_bad_dates (Fixture       *fixture,
                gconstpointer  data)
{
  PdImportOptions us = { PD_KIND_UNKNOWN, FALSE, FALSE, TRUE };
  g_autofree char *message = NULL;
  g_autoptr(PdImportReport) report = NULL;

  import_organisations (fixture);
  message = import_fails (fixture, "bad-events.csv",
                          "provider,date,type,count\n"
                          "RA1,31/02/2010,complaint,1\n"
                          "RA1,12/31/2010,complaint,1\n"
                          "RA1,yesterday,complaint,1\n"
                          "RA1,01/03/2010,flood,1\n", -1, NULL, PD_IMPORT_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "4 problems found"));
  g_assert_nonnull (strstr (message, "row 2, column B (date)"));
  g_assert_nonnull (strstr (message, "row 3, column B (date)"));
  g_assert_nonnull (strstr (message, "row 4, column B (date)"));
  g_assert_nonnull (strstr (message, "row 5, column C (type): “flood” is not a known type"));

  /* With --us-dates the US order is read as asked. */
  report = import_ok (fixture, "us-events.csv", "provider,date,type,count\nRA1,12/31/2010,complaint,1\n",
                      -1, &us);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM events WHERE date = '2010-12-31'"), ==, 1);

  /* The same bytes again without --us-dates: its rows are now bad, but the file was
   * imported already, and that is what is said (the check the hash is for comes first,
   * though the hash is computed beside the reading), with no report of the rows. */
  {
    PdImportReport *again = NULL;

    g_free (message);
    message = import_fails (fixture, "us-events.csv",
                            "provider,date,type,count\nRA1,12/31/2010,complaint,1\n", -1, NULL,
                            PD_IMPORT_ERROR_DUPLICATE, &again);
    g_assert_null (again);
    g_assert_nonnull (strstr (message, "was imported already"));
  }
}

/* Spend totals follow imports in, replacements and removals out, to the penny. */
static void
test_spend_totals (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char jan[] =
    "commissioner,year,month,category,provider,amount\n"
    "00L,2009/10,Apr,Acute contracts,RA1,100.10\n"
    "00L,2009/10,Apr,Acute contracts,RA1,0.90\n"
    "00L,2009/10,,Acute contracts,RA1,5\n"
    "5QA,2009/10,May,Health visiting,,*\n";
  static const char feb[] =
    "commissioner,year,month,category,provider,amount\n"
    "00L,2009/10,Apr,Acute contracts,RA1,9\n"
    "5QA,2009/10,May,Health visiting,,7.50\n";
  static const char feb_fixed[] =
    "commissioner,year,month,category,provider,amount\n"
    "00L,2009/10,Apr,Acute contracts,RA1,19\n";
  PdImportOptions replace = { PD_KIND_UNKNOWN, TRUE, FALSE, FALSE };
  g_autoptr(PdImportReport) first = NULL;
  g_autoptr(PdImportReport) second = NULL;
  g_autoptr(PdImportReport) fixed = NULL;
  g_autoptr(GError) error = NULL;

  import_organisations (fixture);
  first = import_ok (fixture, "jan.csv", jan, -1, NULL);
  second = import_ok (fixture, "feb.csv", feb, -1, NULL);
  assert_spend_totals_consistent (fixture->workspace);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals WHERE "
                              "commissioner = '00L' AND month = 4"), ==, 11000);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT rows FROM spend_totals WHERE "
                              "commissioner = '00L' AND month = 4"), ==, 3);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals WHERE "
                              "commissioner = '00L' AND month = 0"), ==, 500);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT suppressed_rows FROM spend_totals WHERE "
                              "commissioner = '5QA'"), ==, 1);

  fixed = import_ok (fixture, "feb.csv", feb_fixed, -1, &replace);
  assert_spend_totals_consistent (fixture->workspace);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals WHERE "
                              "commissioner = '00L' AND month = 4"), ==, 12000);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals WHERE "
                              "commissioner = '5QA'"), ==, 0);

  g_assert_true (pd_workspace_remove_import (fixture->workspace, first->import_id, &error));
  g_assert_no_error (error);
  assert_spend_totals_consistent (fixture->workspace);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM spend_totals"), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT amount_pence FROM spend_totals"), ==, 1900);
}

/* Enough rows for many of the writer thread's batches: every row arrives, the totals
 * match, and removal takes exactly those rows, by their run of rowids. */
static void
test_large_spend (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("commissioner,year,month,category,provider,amount\n");
  g_autoptr(PdImportReport) first = NULL;
  g_autoptr(PdImportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_sha256 = NULL;
  g_autofree char *sha256 = NULL;
  gint64 expected = 0;
  /* Sampled (PCTDASH_TEST_SAMPLE): fewer rows, still not a multiple of the 32-row batch. */
  int n_rows = (int) pd_test_sample_size (20011, 32 * 15 + 11) / 32 * 32 + 11;

  import_organisations (fixture);
  for (int i = 0; i < n_rows; i++)
    {
      g_string_append_printf (csv, "%s,2010/11,%s,Category %d,%s,%d.%02d\n",
                              i % 2 ? "00L" : "5QA", i % 3 ? "Jun" : "Feb", i % 7,
                              i % 5 ? "RA1" : "", i, i % 100);
      expected += (gint64) i * 100 + i % 100;
    }
  first = import_ok (fixture, "big-a.csv", csv->str, csv->len, NULL);
  g_assert_cmpuint (first->rows[PD_KIND_SPEND], ==, (guint) n_rows);
  /* The lineage's hash (Nettle) is the file's SHA-256 as GLib computes it. */
  expected_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) csv->str,
                                                 csv->len);
  sha256 = query_text (fixture->workspace, "SELECT sha256 FROM imports WHERE file_name = 'big-a.csv'");
  g_assert_cmpstr (sha256, ==, expected_sha256);
  second = import_ok (fixture, "small-b.csv",
                      "commissioner,year,month,category,provider,amount\n"
                      "00L,2010/11,Jun,Category 1,RA1,1.00\n", -1, NULL);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM spend"), ==, n_rows + 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (amount_pence) FROM spend"), ==, expected + 100);
  assert_spend_totals_consistent (fixture->workspace);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT last_row - first_row + 1 FROM import_parts "
                                            "WHERE kind = 'spend' AND rows = %d", n_rows);
    g_assert_cmpint (query_int (fixture->workspace, sql), ==, n_rows);
  }
  /* The writer inserts 32 rows a statement, then one at a time for the last 11: the run
   * it records is exactly the rows it wrote. */
  g_assert_cmpint (query_int (fixture->workspace,
                              "SELECT count(*) FROM import_parts p WHERE kind = 'spend' AND"
                              " first_row = (SELECT min (id) FROM spend s WHERE s.import_id = p.import_id) AND"
                              " last_row = (SELECT max (id) FROM spend s WHERE s.import_id = p.import_id)"), ==, 2);

  g_assert_true (pd_workspace_remove_import (fixture->workspace, first->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count(*) FROM spend"), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (amount_pence) FROM spend_totals"), ==, 100);
  assert_spend_totals_consistent (fixture->workspace);
}

static void
test_remove_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;

  import_organisations (fixture);
  report = import_ok (fixture, "alloc.csv", "commissioner,year,allocation\n00L,2009/10,100\n", -1, NULL);
  g_assert_true (pd_workspace_remove_import (fixture->workspace, report->import_id, &error));
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (fixture->workspace, &error);
  g_assert_cmpint (summary->n_allocations, ==, 0);
  g_assert_cmpuint (summary->imports->len, ==, 1);
}

static void
test_kind_names (void)
{
  for (int k = 0; k < PD_N_KINDS; k++)
    g_assert_cmpint (pd_kind_from_string (pd_kind_to_string (k)), ==, k);
  g_assert_cmpint (pd_kind_from_string ("CQUIN Schemes"), ==, PD_KIND_CQUIN_SCHEMES);
  g_assert_cmpint (pd_kind_from_string ("indicator-values"), ==, PD_KIND_INDICATOR_VALUES);
  g_assert_cmpint (pd_kind_from_string ("Notes"), ==, PD_KIND_UNKNOWN);
}

/* The demo region builds through the real importer into a complete file. */
static void
test_demo (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "demo.pctdash", NULL);
  g_autofree char *demo_dir = pd_test_demo_path (".", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;

  g_assert_true (pd_demo_build (demo_dir, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* No temporary file, log or lock is left beside it: one self-contained file. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (listing)) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }


  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imports->len, ==, 8);
  g_assert_cmpint (summary->n_organisations, >=, 30);
  g_assert_cmpint (summary->n_indicators, >=, 24);
  g_assert_cmpint (summary->n_spend, >, 0);
  g_assert_cmpint (summary->n_events, >, 0);
  g_assert_cmpstr (summary->first_period, ==, "2007-04-01");
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM peer_groups"), >, 1);

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pctdash/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("organisations", test_organisations);
  ADD ("spend-money", test_spend_money);
  ADD ("every-kind", test_every_kind);
  ADD ("aliases-and-title-rows", test_aliases_and_title_rows);
  ADD ("kind-override", test_kind_override);
  ADD ("invalid-rows", test_invalid_rows);
  ADD ("many-problems", test_many_problems);
  ADD ("spend-overflow", test_spend_overflow);
  ADD ("duplicate-keys", test_duplicate_keys);
  ADD ("malformed-files", test_malformed_files);
  ADD ("reimport-and-replace", test_reimport_and_replace);
  ADD ("create-organisations", test_create_organisations);
  ADD ("cancel", test_cancel);
  ADD ("encodings", test_encodings);
  ADD ("xlsx-workbook", test_xlsx_workbook);
  ADD ("xlsx-truncated", test_xlsx_truncated);
  ADD ("xlsx-zip-bomb", test_xlsx_zip_bomb);
  ADD ("bad-dates", test_bad_dates);
  ADD ("spend-totals", test_spend_totals);
  ADD ("large-spend", test_large_spend);
  ADD ("remove-import", test_remove_import);
  g_test_add_func ("/pctdash/import/kind-names", test_kind_names);
  g_test_add_func ("/pctdash/import/demo", test_demo);

  return g_test_run ();
}
