/* test-preview.c — a file's kind, first rows and problems before it is imported
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <xlsxwriter.h>

#include "pd-test-util.h"
#include "import/pd-preview.h"

typedef struct
{
  char        *dir;
  PdWorkspace *workspace;
} Fixture;

static const char organisations_csv[] =
  "code,name,role\n"
  "00L,Northvale PCT,commissioner\n"
  "RA1,Eastmere Hospitals NHS Trust,provider\n";

/* Two title rows and a blank one before the header, as ledger extracts have. */
static const char spend_csv[] =
  "Northvale PCT: spend by category,,,,,\n"
  "Source: ledger extract,,,,,\n"
  ",,,,,\n"
  "commissioner,year,month,category,provider,amount\n"
  "00L,2009/10,Apr,Acute contracts,RA1,\"£1,234.56\"\n"
  "00L,2009/10,May,Acute contracts,RA1,£7.00\n"
  "00L,2009/10,Jun,Prescribing,,£8.00\n"
  "00L,2009/10,Jul,Prescribing,,£9.00\n";

/* Row 3 has a month that is not one, row 4 an unknown commissioner. */
static const char bad_spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "00L,2009/10,Apr,Acute contracts,RA1,100\n"
  "00L,2009/10,Smarch,Acute contracts,RA1,100\n"
  "ZZZ,2009/10,May,Acute contracts,RA1,100\n";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *orgs = NULL;
  g_autoptr(PdImportReport) report = NULL;

  fixture->dir = pd_test_scratch_new ();
  path = g_build_filename (fixture->dir, "test.pctdash", NULL);
  fixture->workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  orgs = pd_test_write_file (fixture->dir, "organisations.csv", organisations_csv, -1);
  report = pd_import_file (fixture->workspace, orgs, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->workspace);
  pd_test_scratch_free (g_steal_pointer (&fixture->dir));
}

static gint64
count_imports (Fixture *fixture)
{
  return pd_test_query_int (pd_workspace_get_db (fixture->workspace),
                            "SELECT count(*) FROM imports");
}

/* The header is found below the title rows, the kind detected, the first rows kept, and
 * the dry run counts every row without keeping any. */
static void
test_csv_good (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = pd_test_write_file (fixture->dir, "spend.csv", spend_csv, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  g_autofree char *problems = NULL;
  PdPreviewTable *table;
  gint64 before = count_imports (fixture);

  preview = pd_preview_file (fixture->workspace, path, PD_KIND_UNKNOWN, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->file_name, ==, "spend.csv");
  g_assert_cmpstr (preview->format, ==, "csv");
  g_assert_cmpuint (preview->tables->len, ==, 1);
  table = g_ptr_array_index (preview->tables, 0);
  g_assert_null (table->sheet);
  g_assert_cmpint (table->kind, ==, PD_KIND_SPEND);
  g_assert_cmpuint (table->header_row, ==, 4);
  g_assert_cmpstr (table->header[0], ==, "commissioner");
  g_assert_cmpstr (table->header[5], ==, "amount");
  g_assert_cmpuint (table->rows->len, ==, 3);
  g_assert_cmpuint (table->row_numbers_first, ==, 5);
  g_assert_cmpstr (((char **) g_ptr_array_index (table->rows, 0))[5], ==, "£1,234.56");
  g_assert_cmpstr (((char **) g_ptr_array_index (table->rows, 2))[2], ==, "Jun");

  g_assert_null (preview->message);
  g_assert_nonnull (preview->check);
  g_assert_cmpuint (preview->check->rows[PD_KIND_SPEND], ==, 4);
  g_assert_cmpuint (pd_preview_count_rows (preview), ==, 4);
  g_assert_cmpint (preview->check->import_id, ==, 0);
  problems = pd_preview_problems_text (preview);
  g_assert_cmpstr (problems, ==, "");

  /* A dry run keeps nothing: no import, no spend. */
  g_assert_cmpint (count_imports (fixture), ==, before);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (fixture->workspace),
                                      "SELECT count(*) FROM spend"), ==, 0);

  /* The real import after the preview still goes in: the dry run left no trace. */
  {
    g_autoptr(PdImportReport) report = pd_import_file (fixture->workspace, path, NULL, NULL,
                                                       NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->rows[PD_KIND_SPEND], ==, 4);
  }
}

/* Every problem names its row and column, and the copied text lists them all. */
static void
test_csv_bad (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = pd_test_write_file (fixture->dir, "bad.csv", bad_spend_csv, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  g_autofree char *text = NULL;
  const PdImportProblem *first;
  PdPreviewTable *table;

  preview = pd_preview_file (fixture->workspace, path, PD_KIND_UNKNOWN, 10, NULL, &error);
  g_assert_no_error (error);
  table = g_ptr_array_index (preview->tables, 0);
  g_assert_cmpint (table->kind, ==, PD_KIND_SPEND);
  g_assert_cmpuint (table->rows->len, ==, 3);

  g_assert_nonnull (preview->message);
  g_assert_nonnull (strstr (preview->message, "bad.csv"));
  /* The summary line only: the list holds the detail. */
  g_assert_null (strchr (preview->message, '\n'));
  g_assert_cmpuint (preview->check->problems->len, ==, 2);
  first = g_ptr_array_index (preview->check->problems, 0);
  g_assert_cmpuint (first->row, ==, 3);
  g_assert_cmpuint (first->column, ==, 3);
  g_assert_cmpstr (first->column_name, ==, "month");
  g_assert_cmpuint (pd_preview_count_rows (preview), ==, 0);

  text = pd_preview_problems_text (preview);
  g_assert_true (g_str_has_prefix (text, preview->message));
  g_assert_nonnull (strstr (text, "bad.csv, row 3, column C (month): "));
  g_assert_nonnull (strstr (text, "bad.csv, row 4, column A (commissioner): "));
  g_assert_nonnull (strstr (text, "ZZZ"));
  g_assert_cmpint (count_imports (fixture), ==, 1);
}

/* A kind chosen by the user that the header does not fit: no header, the first rows as
 * they are, and the importer's reason. */
static void
test_forced_kind (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = pd_test_write_file (fixture->dir, "spend.csv", spend_csv, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  PdPreviewTable *table;

  preview = pd_preview_file (fixture->workspace, path, PD_KIND_EVENTS, 5, NULL, &error);
  g_assert_no_error (error);
  table = g_ptr_array_index (preview->tables, 0);
  g_assert_cmpint (table->kind, ==, PD_KIND_UNKNOWN);
  g_assert_cmpuint (table->header_row, ==, 0);
  g_assert_cmpstr (table->header[0], ==, "Northvale PCT: spend by category");
  g_assert_cmpuint (table->row_numbers_first, ==, 1);
  g_assert_nonnull (preview->message);
  g_assert_nonnull (strstr (preview->message, "events"));
  g_assert_nonnull (preview->message);
}

/* A file imported already: the preview says so before the user tries. */
static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "organisations.csv", NULL);

  preview = pd_preview_file (fixture->workspace, path, PD_KIND_UNKNOWN, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((PdPreviewTable *) g_ptr_array_index (preview->tables, 0))->kind, ==,
                   PD_KIND_ORGANISATIONS);
  g_assert_nonnull (preview->message);
  g_assert_nonnull (strstr (preview->message, "imported already"));
}

/* A workbook: each sheet is a table, its kind from its name or its header. */
static void
test_xlsx (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "book.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *spend = workbook_add_worksheet (workbook, "Spend");
  lxw_worksheet *notes = workbook_add_worksheet (workbook, "Notes");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  const char *const header[] = { "commissioner", "year", "month", "category", "amount", NULL };
  PdPreviewTable *table;

  for (int c = 0; header[c] != NULL; c++)
    worksheet_write_string (spend, 0, c, header[c], NULL);
  for (int r = 1; r <= 4; r++)
    {
      worksheet_write_string (spend, r, 0, "00L", NULL);
      worksheet_write_string (spend, r, 1, "2009/10", NULL);
      worksheet_write_string (spend, r, 2, "Apr", NULL);
      worksheet_write_string (spend, r, 3, "Acute contracts", NULL);
      worksheet_write_number (spend, r, 4, 100.5 * r, NULL);
    }
  worksheet_write_string (notes, 0, 0, "Anything else is left alone", NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  preview = pd_preview_file (fixture->workspace, path, PD_KIND_UNKNOWN, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->format, ==, "xlsx");
  g_assert_cmpuint (preview->tables->len, ==, 2);
  table = g_ptr_array_index (preview->tables, 0);
  g_assert_cmpstr (table->sheet, ==, "Spend");
  g_assert_cmpint (table->kind, ==, PD_KIND_SPEND);
  g_assert_cmpuint (table->rows->len, ==, 2);
  g_assert_cmpstr (((char **) g_ptr_array_index (table->rows, 1))[4], ==, "201");
  table = g_ptr_array_index (preview->tables, 1);
  g_assert_cmpstr (table->sheet, ==, "Notes");
  g_assert_cmpint (table->kind, ==, PD_KIND_UNKNOWN);
  g_assert_cmpstr (table->header[0], ==, "Anything else is left alone");
  g_assert_null (preview->message);
  g_assert_cmpuint (pd_preview_count_rows (preview), ==, 4);
  g_assert_cmpint (count_imports (fixture), ==, 1);
}

/* No workspace: the rows alone, no check. A file that is not there: an error. */
static void
test_no_workspace (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = pd_test_write_file (fixture->dir, "spend.csv", spend_csv, -1);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPreview) preview = NULL;
  g_autoptr(PdPreview) none = NULL;

  preview = pd_preview_file (NULL, path, PD_KIND_UNKNOWN, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (preview->check);
  g_assert_cmpuint (((PdPreviewTable *) g_ptr_array_index (preview->tables, 0))->rows->len, ==, 1);

  none = pd_preview_file (NULL, missing, PD_KIND_UNKNOWN, 1, NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/preview/csv-good", test_csv_good);
  ADD ("/preview/csv-bad", test_csv_bad);
  ADD ("/preview/forced-kind", test_forced_kind);
  ADD ("/preview/duplicate", test_duplicate);
  ADD ("/preview/xlsx", test_xlsx);
  ADD ("/preview/no-workspace", test_no_workspace);
#undef ADD

  return g_test_run ();
}
