/* test-export-workbook.c — the form rules of the xlsx layer: names, footers, failures
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "export/pd-export-workbook.h"
#include "import/pd-xlsx-reader.h"
#include "pd-test-util.h"

static GHashTable *
new_taken (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Excel's rules, checked by libxlsxwriter itself on an unwritten workbook. */
static void
assert_valid_sheet_name (const char *name)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (scratch, "names.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);

  g_assert_nonnull (workbook);
  g_assert_cmpint (workbook_validate_sheet_name (workbook, name), ==, LXW_NO_ERROR);
  g_assert_nonnull (workbook_add_worksheet (workbook, name));
  lxw_workbook_free (workbook);
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

static void
test_sheet_names (void)
{
  static const struct { const char *title; const char *name; } cases[] = {
    { "Spend: 2011/12 [draft]*?", "Spend- 2011-12 -draft---" },
    { "Back\\slash", "Back-slash" },
    { "'Quoted'", "Quoted" },
    { "  ", "Sheet" },
    { "History", "History (2)" },
    { "Outcomes for people with a learning disability", "Outcomes for people with a lear" },
    { "Dépenses par catégorie — région Wessmoor", "Dépenses par catégorie — région" },
  };
  g_autoptr(GHashTable) taken = new_taken ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = pd_export_sheet_name_sanitize (cases[i].title, taken);

      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_cmpint (g_utf8_strlen (name, -1), <=, 31);
      assert_valid_sheet_name (name);
    }
}

static void
test_sheet_names_unique (void)
{
  g_autoptr(GHashTable) taken = new_taken ();
  g_autofree char *a = pd_export_sheet_name_sanitize ("Safety", taken);
  g_autofree char *b = pd_export_sheet_name_sanitize ("SAFETY", taken);
  g_autofree char *c = pd_export_sheet_name_sanitize ("safety", taken);
  g_autofree char *long1 = pd_export_sheet_name_sanitize ("Effectiveness indicators by provider",
                                                          taken);
  g_autofree char *long2 = pd_export_sheet_name_sanitize ("Effectiveness indicators by provider",
                                                          taken);

  g_assert_cmpstr (a, ==, "Safety");
  g_assert_cmpstr (b, ==, "SAFETY (2)");
  g_assert_cmpstr (c, ==, "safety (3)");
  g_assert_cmpstr (long1, ==, "Effectiveness indicators by pro");
  /* The suffix fits inside 31 characters by shortening the stem, not by overflowing. */
  g_assert_cmpstr (long2, ==, "Effectiveness indicators by (2)");
  g_assert_cmpint (g_utf8_strlen (long2, -1), ==, 31);
}

static void
test_defined_names (void)
{
  static const struct { const char *text; const char *name; } cases[] = {
    { "Spend mix 2011/12", "Spend_mix_2011_12" },
    { "Safety_CQ-DISCH", "Safety_CQ_DISCH" },
    { "A1", "_A1" },
    { "XFD100", "_XFD100" },
    { "R1C1", "_R1C1" },
    { "C", "_C" },
    { "2011", "_2011" },
    { "CQUIN_Earned", "CQUIN_Earned" },
    { "", "_" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = pd_export_defined_name_sanitize (cases[i].text);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_xml_text (void)
{
  static const struct { const char *text; const char *clean; } cases[] = {
    { "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE" },
    { "OFFICIAL-\x13SENSITIVE", "OFFICIAL-SENSITIVE" },
    { "\x01North\x1bvale\x7f", "Northvale\x7f" },  /* DEL is allowed in XML 1.0 */
    { "tab\tline\nreturn\r", "tab\tline\nreturn\r" },
    { "not\xef\xbf\xbe a\xef\xbf\xbf character", "not a character" },  /* U+FFFE, U+FFFF */
    { "Trust \xe2\x80\x94 \xc3\xa9", "Trust \xe2\x80\x94 \xc3\xa9" },
    { "", "" },
  };
  g_autofree char *none = pd_export_xml_text (NULL);
  g_autofree char *invalid = pd_export_xml_text ("bad \xff byte");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = pd_export_xml_text (cases[i].text);
      g_assert_cmpstr (clean, ==, cases[i].clean);
    }
  g_assert_cmpstr (none, ==, "");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "bad "));
}

static void
test_footer (void)
{
  g_autofree char *plain = pd_export_footer_text ("OFFICIAL");
  g_autofree char *amp = pd_export_footer_text ("OFFICIAL & COMMERCIAL");
  g_autofree char *none = pd_export_footer_text (NULL);
  g_autoptr(GString) long_marking = g_string_new (NULL);
  g_autofree char *cut = NULL;
  const char *centre, *right;
  guint ampersands = 0;

  g_assert_cmpstr (plain, ==, "&L&A&COFFICIAL&RPage &P of &N");
  g_assert_cmpstr (amp, ==, "&L&A&COFFICIAL && COMMERCIAL&RPage &P of &N");
  g_assert_cmpstr (none, ==, "&L&A&C&RPage &P of &N");
  {
    /* A control character would make the sheet's XML invalid (fuzz-pack found it). */
    g_autofree char *control = pd_export_footer_text ("OFFICIAL-\x13SENSITIVE");
    g_assert_cmpstr (control, ==, "&L&A&COFFICIAL-SENSITIVE&RPage &P of &N");
  }

  /* 200 "é&" pairs: 600 bytes escaped, far over 255, and no pair may be split. */
  for (guint i = 0; i < 200; i++)
    g_string_append (long_marking, "é&");
  cut = pd_export_footer_text (long_marking->str);
  g_assert_cmpuint (strlen (cut), <=, 255);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_true (g_str_has_suffix (cut, "…&RPage &P of &N"));
  centre = cut + strlen ("&L&A&C");
  right = strstr (cut, "…&R");
  for (const char *p = centre; p < right; p++)
    ampersands += *p == '&';
  g_assert_cmpuint (ampersands % 2, ==, 0);
  g_assert_cmpuint (ampersands, >, 50);
}

/* A call libxlsxwriter refuses is reported with its own words, nothing is written, and a
 * file already at the target is left as it was. */
static void
test_failure_leaves_target (void)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *target = pd_test_write_file (scratch, "pack.xlsx", "last month's pack", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (target, "OFFICIAL", &error);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *contents = NULL;
  PdExportSheet *sheet;
  guint n_files = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_test (pd_export_workbook_get_temp_path (book), G_FILE_TEST_EXISTS));
  sheet = pd_export_workbook_add_sheet (book, "Spend", "Spend");
  g_assert_nonnull (sheet);
  /* Excel has 1,048,576 rows. */
  pd_export_write_text (book, sheet, 2000000, 0, "too far", NULL);
  g_assert_false (pd_export_workbook_ok (book));
  g_assert_false (pd_export_workbook_close (book, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_XLSX);
  g_assert_nonnull (strstr (error->message, lxw_strerror (LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)));
  g_clear_pointer (&book, pd_export_workbook_free);

  contents = pd_test_read_file (target, NULL);
  g_assert_cmpstr (contents, ==, "last month's pack");
  dir = g_dir_open (scratch, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

/* A workbook that closes cleanly replaces the old file in one rename. */
static void
test_close_replaces_target (void)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *target = pd_test_write_file (scratch, "pack.xlsx", "last month's pack", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (target, "OFFICIAL", &error);
  g_autofree char *temp = NULL;
  g_autofree char *bytes = NULL;
  PdExportSheet *sheet;
  gsize len;

  g_assert_no_error (error);
  temp = g_strdup (pd_export_workbook_get_temp_path (book));
  g_assert_true (g_str_has_prefix (temp, scratch));
  sheet = pd_export_workbook_add_sheet (book, "Spend", "Spend");
  pd_export_write_heading (book, sheet, "Subtitle", NULL);
  pd_export_write_pence (book, sheet, sheet->row, 1, 123456789);
  g_assert_true (pd_export_workbook_close (book, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
  bytes = pd_test_read_file (target, &len);
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (bytes, 2, "PK", 2);
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

static gboolean
collect_text_cb (const PdRow *row,
                 gpointer     user_data,
                 GError     **error)
{
  GPtrArray *texts = user_data;

  g_assert_cmpuint (row->n_cells, >=, 1);
  g_assert_cmpint (row->cells[0].type, ==, PD_CELL_TEXT);
  g_ptr_array_add (texts, g_strdup (row->cells[0].text));
  return TRUE;
}

/* The first cell of each row of @path's first sheet, read back with our reader (libxml2),
 * which fails on a part that is not XML, as Excel refuses it. */
static GPtrArray *
read_first_column (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) reader = pd_xlsx_book_open (path, NULL, &error);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_true (pd_xlsx_book_read_sheet (reader, 0, collect_text_cb, texts, NULL, &error));
  g_assert_no_error (error);
  return texts;
}

/* Text as the data has it: formula-looking, too long or not UTF-8, it is a valid string
 * cell, and the workbook closes. */
static void
test_text_cells (void)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *target = g_build_filename (scratch, "text.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (target, "OFFICIAL", &error);
  g_autoptr(GString) long_text = g_string_new (NULL);
  PdExportSheet *sheet;

  g_assert_no_error (error);
  sheet = pd_export_workbook_add_sheet (book, "Text", "Text");
  for (guint i = 0; i < 40000; i++)
    g_string_append (long_text, "é");
  pd_export_write_text (book, sheet, 0, 0, "=HYPERLINK(\"http://example.com\",\"x\")", NULL);
  pd_export_write_text (book, sheet, 1, 0, long_text->str, NULL);
  pd_export_write_text (book, sheet, 2, 0, "caf\xe9 \xff", NULL);
  g_assert_true (pd_export_workbook_ok (book));
  g_assert_cmpuint (sheet->row, ==, 3);
  g_assert_true (pd_export_workbook_close (book, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) texts = read_first_column (target);

    g_assert_cmpuint (texts->len, ==, 3);
    g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "=HYPERLINK(\"http://example.com\",\"x\")");
    g_assert_cmpint (g_utf8_strlen (g_ptr_array_index (texts, 1), -1), ==, 32767);
    g_assert_cmpstr (g_ptr_array_index (texts, 2), ==, "caf\uFFFD \uFFFD");
  }
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

/* A link's text goes into the sheet's <hyperlink> element as libxlsxwriter is given it:
 * a control character there made the sheet invalid XML (fuzz-pack found it, 6 December
 * 2026), which Excel refuses and our reader (libxml2) cannot read. */
static void
test_link_text (void)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *target = g_build_filename (scratch, "link.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (target, "OFFICIAL", &error);
  PdExportSheet *contents, *spend;

  g_assert_no_error (error);
  contents = pd_export_workbook_add_sheet (book, "Contents", "Contents");
  spend = pd_export_workbook_add_sheet (book, "Spend mix", "Spend mix");
  pd_export_write_sheet_link (book, contents, 0, 0, spend, "Spend\x02 mix \x13\x7f\xff");
  g_assert_true (pd_export_workbook_ok (book));
  g_assert_true (pd_export_workbook_close (book, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) texts = read_first_column (target);

    g_assert_cmpuint (texts->len, ==, 1);
    /* DEL (U+007F) is allowed in XML 1.0; invalid UTF-8 becomes U+FFFD. */
    g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "Spend mix \x7f\uFFFD");
  }
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

static void
test_missing_folder (void)
{
  g_autofree char *scratch = pd_test_scratch_new ();
  g_autofree char *target = g_build_filename (scratch, "no such folder", "pack.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (target, "OFFICIAL", &error);

  g_assert_null (book);
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no such folder"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  pd_test_scratch_free (g_steal_pointer (&scratch));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/export/workbook/sheet-names", test_sheet_names);
  g_test_add_func ("/pctdash/export/workbook/sheet-names-unique", test_sheet_names_unique);
  g_test_add_func ("/pctdash/export/workbook/defined-names", test_defined_names);
  g_test_add_func ("/pctdash/export/workbook/xml-text", test_xml_text);
  g_test_add_func ("/pctdash/export/workbook/footer", test_footer);
  g_test_add_func ("/pctdash/export/workbook/failure-leaves-target", test_failure_leaves_target);
  g_test_add_func ("/pctdash/export/workbook/close-replaces-target", test_close_replaces_target);
  g_test_add_func ("/pctdash/export/workbook/text-cells", test_text_cells);
  g_test_add_func ("/pctdash/export/workbook/link-text", test_link_text);
  g_test_add_func ("/pctdash/export/workbook/missing-folder", test_missing_folder);
  return g_test_run ();
}
