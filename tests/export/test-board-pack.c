/* test-board-pack.c — the demo workspace's board pack, re-read from the zip
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cells come back through the importer's own XLSX reader; print setup, hyperlinks, number
 * formats, defined names, tables and charts are read from the XML parts with libgsf and
 * libxml2's XPath, and compared with what the domain queries and statistics say.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sqlite3.h>

#include "domain/pd-cquin.h"
#include "domain/pd-finance.h"
#include "domain/pd-indicators.h"
#include "domain/pd-spend.h"
#include "export/pd-board-pack.h"
#include "export/pd-export-workbook.h"
#include "import/pd-demo.h"
#include "import/pd-xlsx-reader.h"
#include "stats/pd-funnel.h"
#include "stats/pd-spc.h"
#include "pd-test-util.h"

/* libgsf 1.14 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

#define MARKING  "OFFICIAL-SENSITIVE & COMMERCIAL"
#define FOOTER   "&L&A&COFFICIAL-SENSITIVE && COMMERCIAL&RPage &P of &N"

static const char * const sheet_names[] = {
  "Cover", "Contents", "Executive summary", "Scorecard", "Spend mix", "Financial outlook",
  "CQUIN", "Safety", "Effectiveness", "Experience", "Benchmarks", "Exceptions",
  "Data sources and notes",
};

static guint
sheet_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    if (g_strcmp0 (sheet_names[i], name) == 0)
      return i;
  g_assert_not_reached ();
}

static char *scratch;
static char *workspace_path;
static char *out_dir;
static char *demo_pack;  /* shared_pack () */
static const char *shared_pack (void);
static GHashTable *demo_cells;  /* "Sheet!B7" → Cell; shared_cells () */
static GHashTable *shared_cells (void);

typedef struct
{
  PdCellType type;
  char      *text;
  double     number;
} Cell;

static void
cell_free (Cell *cell)
{
  g_free (cell->text);
  g_free (cell);
}

typedef struct
{
  GHashTable *cells;
  const char *sheet;
} ReadState;

static gboolean
read_row_cb (const PdRow *row,
             gpointer     user_data,
             GError     **error)
{
  ReadState *state = user_data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *column = NULL;
      Cell *cell;

      if (row->cells[i].type == PD_CELL_EMPTY)
        continue;
      column = pd_column_name (i + 1);
      cell = g_new0 (Cell, 1);
      cell->type = row->cells[i].type;
      cell->text = g_strdup (row->cells[i].text);
      cell->number = row->cells[i].number;
      g_hash_table_insert (state->cells,
                           g_strdup_printf ("%s!%s%" G_GUINT64_FORMAT, state->sheet, column,
                                            row->number),
                           cell);
    }
  return TRUE;
}

static GHashTable *
read_cells (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (path, NULL, &error);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) cell_free);

  g_assert_no_error (error);
  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, G_N_ELEMENTS (sheet_names));
  for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
    {
      ReadState state = { table, pd_xlsx_book_get_sheet_name (book, i) };
      g_assert_true (pd_xlsx_book_read_sheet (book, i, read_row_cb, &state, NULL, &error));
      g_assert_no_error (error);
    }
  return table;
}

static const Cell *
cell_in (GHashTable *table,
         const char *sheet,
         const char *ref)
{
  g_autofree char *key = g_strdup_printf ("%s!%s", sheet, ref);
  return g_hash_table_lookup (table, key);
}

static const Cell *
cell_at (const char *sheet,
         const char *column,
         guint       row)
{
  g_autofree char *ref = g_strdup_printf ("%s%u", column, row);
  return cell_in (shared_cells (), sheet, ref);
}

static void
assert_text (const char *sheet,
             const char *ref,
             const char *text)
{
  const Cell *cell = cell_in (shared_cells (), sheet, ref);

  g_assert_nonnull (cell);
  g_assert_cmpint (cell->type, ==, PD_CELL_TEXT);
  g_assert_cmpstr (cell->text, ==, text);
}

/* A number cell holds @value as libxlsxwriter writes numbers, to 16 significant digits
 * ("%.16G"): exact for money in pence, the last bit of a share or a limit aside. */
static void
assert_number (const Cell *cell,
               double      value)
{
  char written[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_nonnull (cell);
  if (isnan (value))
    {
      g_assert_cmpint (cell->type, ==, PD_CELL_EMPTY);
      return;
    }
  g_assert_cmpint (cell->type, ==, PD_CELL_NUMBER);
  g_ascii_formatd (written, sizeof written, "%.16G", value);
  g_assert_cmpfloat (g_ascii_strtod (cell->text, NULL), ==, g_ascii_strtod (written, NULL));
}

static void
assert_pence (const Cell *cell,
              gint64      pence)
{
  g_assert_nonnull (cell);
  g_assert_cmpint (cell->type, ==, PD_CELL_NUMBER);
  /* Pounds with two decimals come back exactly. */
  g_assert_cmpfloat (g_ascii_strtod (cell->text, NULL), ==, pence / 100.0);
  g_assert_cmpint ((gint64) llround (g_ascii_strtod (cell->text, NULL) * 100), ==, pence);
}

/* Parts of the zip. */
static char *
read_part (const char *xlsx,
           const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (xlsx, &error);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) child = NULL;
  g_auto(GStrv) names = g_strsplit (part, "/", -1);
  gsf_off_t size;
  char *data;

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  child = gsf_infile_child_by_aname (zip, (const char **) names);
  if (child == NULL)
    return NULL;
  size = gsf_input_size (child);
  data = g_malloc (size + 1);
  g_assert_nonnull (gsf_input_read (child, size, (guint8 *) data));
  data[size] = '\0';
  return data;
}

static guint
count_parts (const char *xlsx,
             const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (xlsx, &error);
  g_autoptr(GsfInfile) zip = gsf_infile_zip_new (input, &error);
  g_auto(GStrv) names = g_strsplit (folder, "/", -1);
  g_autoptr(GsfInput) child = gsf_infile_child_by_aname (zip, (const char **) names);

  g_assert_no_error (error);
  if (child == NULL || !GSF_IS_INFILE (child))
    return 0;
  return (guint) gsf_infile_num_children (GSF_INFILE (child));
}

static char *
sheet_part (guint index)
{
  return g_strdup_printf ("xl/worksheets/sheet%u.xml", index + 1);
}

static xmlXPathObjectPtr
xpath_eval (const char         *xml,
            const char         *expr,
            xmlDocPtr          *out_doc,
            xmlXPathContextPtr *out_ctx)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "part.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx;

  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, BAD_CAST "m",
                      BAD_CAST "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
  xmlXPathRegisterNs (ctx, BAD_CAST "c",
                      BAD_CAST "http://schemas.openxmlformats.org/drawingml/2006/chart");
  *out_doc = doc;
  *out_ctx = ctx;
  return xmlXPathEvalExpression (BAD_CAST expr, ctx);
}

static char *
xpath_string (const char *xml,
              const char *format,
              ...)
{
  g_autofree char *expr = NULL;
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  xmlChar *value;
  char *result;
  va_list args;

  va_start (args, format);
  expr = g_strdup_vprintf (format, args);
  va_end (args);
  obj = xpath_eval (xml, expr, &doc, &ctx);
  g_assert_nonnull (obj);
  value = xmlXPathCastToString (obj);
  result = g_strdup ((const char *) value);
  xmlFree (value);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return result;
}

static double
xpath_number (const char *xml,
              const char *expr)
{
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj = xpath_eval (xml, expr, &doc, &ctx);
  double value;

  g_assert_nonnull (obj);
  value = xmlXPathCastToNumber (obj);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return value;
}

/* The number format of one cell, through styles.xml. */
static char *
number_format (guint       sheet,
               const char *ref)
{
  g_autofree char *part = sheet_part (sheet);
  g_autofree char *xml = read_part (shared_pack (), part);
  g_autofree char *styles = read_part (shared_pack (), "xl/styles.xml");
  g_autofree char *style = xpath_string (xml, "string(//m:c[@r='%s']/@s)", ref);
  g_autofree char *id = NULL;

  id = xpath_string (styles, "string(/m:styleSheet/m:cellXfs/m:xf[%d]/@numFmtId)",
                     atoi (style) + 1);
  if (g_strcmp0 (id, "0") == 0)
    return g_strdup ("General");
  return xpath_string (styles, "string(//m:numFmts/m:numFmt[@numFmtId='%s']/@formatCode)", id);
}

static PdWorkspace *
open_workspace (void)
{
  g_autoptr(GError) error = NULL;
  PdWorkspace *workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY,
                                              &error);
  g_assert_no_error (error);
  return workspace;
}

static void
write_pack (const char *workspace_file,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_file,
                                                        PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  PdBoardPackOptions options;

  g_assert_no_error (error);
  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.marking = MARKING;
  options.generated_at = at;
  g_assert_true (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
}

/* The demo's pack for 5Z1 in 2011/12, which most tests read: written on first use, so
 * that a run of only the tests that write packs of their own (valgrind's split of this
 * program, tests/export/meson.build) does not pay for it. */
static const char *
shared_pack (void)
{
  if (demo_pack == NULL)
    {
      demo_pack = g_build_filename (out_dir, "pack.xlsx", NULL);
      write_pack (workspace_path, demo_pack);
      demo_cells = read_cells (demo_pack);
    }
  return demo_pack;
}

static GHashTable *
shared_cells (void)
{
  shared_pack ();
  return demo_cells;
}

static void
test_sheets_and_cover (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (shared_pack (), NULL, &error);
  g_autofree char *workbook = read_part (shared_pack (), "xl/workbook.xml");
  g_autofree char *sha256 = NULL;
  g_autofree char *bytes = NULL;
  gsize len;
  const Cell *generated;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, i), ==, sheet_names[i]);

  assert_text ("Cover", "A1", "Board pack: Northvale PCT, 2011/12");
  assert_text ("Cover", "B5", "Northvale PCT (5Z1)");
  assert_text ("Cover", "B6", "2011/12");
  /* The main provider: the largest CQUIN contract of 5Z1 in 2011/12. */
  assert_text ("Cover", "B7", "Northvale General Hospital NHS Foundation Trust (R9A)");
  generated = cell_in (shared_cells (), "Cover", "B8");
  g_assert_cmpint (generated->type, ==, PD_CELL_DATE);
  g_assert_cmpstr (generated->text, ==, "2012-04-20T09:30:00");
  assert_text ("Cover", "B9", PACKAGE_VERSION);
  assert_text ("Cover", "B10", "demo.pctdash");
  bytes = pd_test_read_file (workspace_path, &len);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
  assert_text ("Cover", "B11", sha256);
  assert_text ("Cover", "B12", MARKING);

  /* Defined names point at the cells they name. */
  {
    static const struct { const char *name; const char *ref; } names[] = {
      { "Pack_Organisation", "'Cover'!$B$5" },
      { "Pack_Period", "'Cover'!$B$6" },
      { "Pack_Generated", "'Cover'!$B$8" },
      { "Pack_Marking", "'Cover'!$B$12" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *ref = xpath_string (workbook, "string(//m:definedName[@name='%s'])",
                                             names[i].name);
        g_assert_cmpstr (ref, ==, names[i].ref);
      }
  }
}

static void
test_contents_links (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      g_autofree char *part = sheet_part (i);
      g_autofree char *xml = read_part (shared_pack (), part);
      g_autofree char *back = xpath_string (xml,
                                            "string(//m:hyperlink[@ref='A3']/@location)");

      if (i == 1)
        {
          g_assert_cmpstr (back, ==, "");
          continue;
        }
      g_assert_cmpstr (back, ==, "'Contents'!A1");
      assert_text (sheet_names[i], "A3", "Back to contents");
    }

  /* The contents list every other sheet in order, each a link with a description. */
  {
    g_autofree char *xml = read_part (shared_pack (), "xl/worksheets/sheet2.xml");
    guint row = 6;

    assert_text ("Contents", "A5", "Sheet");
    assert_text ("Contents", "B5", "What it holds");
    for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++, row++)
      {
        g_autofree char *ref = NULL;
        g_autofree char *location = NULL;
        g_autofree char *expected = NULL;
        const Cell *description;

        if (i == 1)
          {
            row--;
            continue;
          }
        ref = g_strdup_printf ("A%u", row);
        location = xpath_string (xml, "string(//m:hyperlink[@ref='%s']/@location)", ref);
        expected = g_strdup_printf ("'%s'!A1", sheet_names[i]);
        g_assert_cmpstr (location, ==, expected);
        assert_text ("Contents", ref, sheet_names[i]);
        description = cell_at ("Contents", "B", row);
        g_assert_nonnull (description);
        g_assert_cmpuint (strlen (description->text), >, 10);
      }
    g_assert_null (cell_at ("Contents", "A", row));
  }
}

static void
test_print_setup (void)
{
  g_autofree char *workbook = read_part (shared_pack (), "xl/workbook.xml");

  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      g_autofree char *part = sheet_part (i);
      g_autofree char *xml = read_part (shared_pack (), part);
      g_autofree char *paper = xpath_string (xml, "string(//m:pageSetup/@paperSize)");
      g_autofree char *orientation = xpath_string (xml, "string(//m:pageSetup/@orientation)");
      g_autofree char *fit_height = xpath_string (xml, "string(//m:pageSetup/@fitToHeight)");
      g_autofree char *fit_width = xpath_string (xml, "string(//m:pageSetup/@fitToWidth)");
      g_autofree char *fit = xpath_string (xml, "string(//m:sheetPr/m:pageSetUpPr/@fitToPage)");
      g_autofree char *footer = xpath_string (xml, "string(//m:headerFooter/m:oddFooter)");
      g_autofree char *pane = xpath_string (xml, "string(//m:pane/@state)");
      g_autofree char *split = xpath_string (xml, "string(//m:pane/@ySplit)");
      g_autofree char *titles = NULL;
      g_autofree char *area = NULL;
      g_autofree char *expected_titles = NULL;

      g_assert_cmpstr (paper, ==, "9");
      g_assert_cmpstr (orientation, ==, "landscape");
      g_assert_cmpstr (fit, ==, "1");
      /* One page wide (fitToWidth's default is 1), as many pages long as it takes. */
      g_assert_true (g_strcmp0 (fit_width, "") == 0 || g_strcmp0 (fit_width, "1") == 0);
      g_assert_cmpstr (fit_height, ==, "0");
      g_assert_cmpstr (footer, ==, FOOTER);
      g_assert_cmpstr (pane, ==, "frozen");
      /* Below the title rows; the contents and the scorecard below their table's header. */
      g_assert_cmpstr (split, ==, i == sheet_index ("Contents") ? "5"
                                  : i == sheet_index ("Scorecard") ? "7" : "3");

      titles = xpath_string (workbook, "string(//m:definedName[@name='_xlnm.Print_Titles' and "
                                       "@localSheetId='%u'])", i);
      expected_titles = g_strdup_printf ("'%s'!$1:$3", sheet_names[i]);
      if (strchr (sheet_names[i], ' ') == NULL)
        {
          g_free (expected_titles);
          expected_titles = g_strdup_printf ("%s!$1:$3", sheet_names[i]);
        }
      g_assert_cmpstr (titles, ==, expected_titles);
      area = xpath_string (workbook, "string(//m:definedName[@name='_xlnm.Print_Area' and "
                                     "@localSheetId='%u'])", i);
      g_assert_true (g_str_has_prefix (area, expected_titles[0] == '\'' ? "'" : sheet_names[i]));
      g_assert_nonnull (strstr (area, "!$A$1:$"));
    }
}

static void
test_spend_values (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSpendMix) mix = pd_spend_mix_query (workspace, 2011, 2011, NULL, &error);
  g_autofree char *money = NULL;
  g_autofree char *share = NULL;
  g_autofree char *per_head = NULL;
  g_autofree char *workbook = read_part (shared_pack (), "xl/workbook.xml");
  g_autofree char *total_name = NULL;
  int r;
  guint row = 7;

  g_assert_no_error (error);
  r = pd_spend_mix_find_row (mix, "5Z1", -1);
  g_assert_cmpint (r, >=, 0);
  assert_text ("Spend mix", "A5", "Spend by category, 2011/12");
  assert_text ("Spend mix", "B6", "Spend (£)");
  for (guint c = 0; c < mix->categories->len; c++)
    {
      const PdSpendCell *cell = pd_spend_mix_cell (mix, r, c);

      if (cell->n_rows == 0)
        continue;
      g_assert_cmpstr (cell_at ("Spend mix", "A", row)->text, ==,
                       g_ptr_array_index (mix->categories, c));
      assert_pence (cell_at ("Spend mix", "B", row), cell->amount_pence);
      assert_number (cell_at ("Spend mix", "C", row), cell->share);
      assert_number (cell_at ("Spend mix", "D", row), cell->pence_per_head / 100.0);
      row++;
    }
  g_assert_cmpuint (row, ==, 7 + 15);
  g_assert_cmpstr (cell_at ("Spend mix", "A", row)->text, ==, "Total");
  assert_pence (cell_at ("Spend mix", "B", row),
                 g_array_index (mix->rows, PdSpendRow, r).total.amount_pence);
  total_name = xpath_string (workbook, "string(//m:definedName[@name='Spend_Total'])");
  g_assert_cmpstr (total_name, ==, "'Spend mix'!$B$22");

  money = number_format (sheet_index ("Spend mix"), "B7");
  share = number_format (sheet_index ("Spend mix"), "C7");
  per_head = number_format (sheet_index ("Spend mix"), "D7");
  g_assert_cmpstr (money, ==, "£#,##0;[Red]-£#,##0");
  g_assert_cmpstr (share, ==, "0.0%");
  g_assert_cmpstr (per_head, ==, "£#,##0.00;[Red]-£#,##0.00");
}

static void
test_outlook_values (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = pd_finance_outlook_query (workspace, "5Z1", &error);
  guint row = 8, n = 0;

  g_assert_no_error (error);
  assert_text ("Financial outlook", "A7", "Financial year");
  for (guint i = 0; i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);
      g_autofree char *label = pd_financial_year_label (year->year);

      if (year->year > 2011)
        continue;
      g_assert_cmpstr (cell_at ("Financial outlook", "A", row)->text, ==, label);
      g_assert_true (year->has_allocation);
      assert_pence (cell_at ("Financial outlook", "B", row), year->allocation_pence);
      assert_pence (cell_at ("Financial outlook", "C", row), year->spend_pence);
      assert_pence (cell_at ("Financial outlook", "D", row), year->gap_pence);
      assert_number (cell_at ("Financial outlook", "E", row), year->gap_percent / 100.0);
      row++;
      n++;
    }
  /* The demo region: five years, 2007/08 to 2011/12. */
  g_assert_cmpuint (n, ==, 5);
  g_assert_null (cell_at ("Financial outlook", "A", row));
}

static void
test_cquin_values (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCquinReport) report = pd_cquin_report_query (workspace, 2011, "5Z1", NULL, &error);
  g_autofree char *workbook = read_part (shared_pack (), "xl/workbook.xml");
  static const char * const names[] = { "CQUIN_Value", "CQUIN_Earned", "CQUIN_Withheld",
                                        "CQUIN_Pending" };
  gint64 expected[4];
  guint row;

  g_assert_no_error (error);
  expected[0] = report->total.value_pence;
  expected[1] = report->total.earned_pence;
  expected[2] = report->total.withheld_pence;
  expected[3] = report->total.pending_pence;
  /* Money earned plus money withheld and pending is the money at risk. */
  g_assert_cmpint (expected[1] + expected[2] + expected[3], ==, report->total.at_risk_pence);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *ref = xpath_string (workbook, "string(//m:definedName[@name='%s'])",
                                           names[i]);
      g_autofree char *cell_ref = NULL;

      g_assert_true (g_str_has_prefix (ref, "'CQUIN'!$D$"));
      cell_ref = g_strdup_printf ("D%s", ref + strlen ("'CQUIN'!$D$"));
      assert_pence (cell_in (shared_cells (), "CQUIN", cell_ref), expected[i]);
    }

  /* The milestones table: one row per milestone, with thresholds, result and money. */
  for (row = 1; row < 200; row++)
    {
      const Cell *cell = cell_at ("CQUIN", "A", row);
      if (cell != NULL && g_strcmp0 (cell->text, "Milestones: thresholds, results and money") == 0)
        break;
    }
  g_assert_cmpuint (row, <, 200);
  row += 2;
  for (guint m = 0; m < report->milestones->len; m++, row++)
    {
      const PdCquinMilestoneItem *ms = &g_array_index (report->milestones, PdCquinMilestoneItem, m);
      const PdCquinIndicatorItem *ind = &g_array_index (report->indicators, PdCquinIndicatorItem,
                                                        ms->indicator);

      g_assert_cmpstr (cell_at ("CQUIN", "B", row)->text, ==, ind->code);
      assert_number (cell_at ("CQUIN", "G", row), ms->min_threshold);
      assert_number (cell_at ("CQUIN", "H", row), ms->max_threshold);
      assert_number (cell_at ("CQUIN", "I", row), ms->performance);
      assert_number (cell_at ("CQUIN", "J", row), ms->payment.achievement);
      assert_pence (cell_at ("CQUIN", "K", row), ms->payment.at_risk_pence);
      assert_pence (cell_at ("CQUIN", "L", row), ms->payment.earned_pence);
      assert_pence (cell_at ("CQUIN", "M", row), ms->payment.withheld_pence);
    }
  g_assert_cmpuint (report->milestones->len, >, 20);
}

/* Every table of a pack: its name → its range, from xl/tables/tableN.xml. */
static GHashTable *
table_ranges (const char *path)
{
  GHashTable *ranges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *part = g_strdup_printf ("xl/tables/table%u.xml", i);
      g_autofree char *xml = read_part (path, part);

      if (xml == NULL)
        break;
      g_hash_table_insert (ranges, xpath_string (xml, "string(/m:table/@displayName)"),
                           xpath_string (xml, "string(/m:table/@ref)"));
    }
  return ranges;
}

/* The table's range, from xl/tables/tableN.xml. */
static char *
table_range (const char *name)
{
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *part = g_strdup_printf ("xl/tables/table%u.xml", i);
      g_autofree char *xml = read_part (shared_pack (), part);
      g_autofree char *display = NULL;

      if (xml == NULL)
        break;
      display = xpath_string (xml, "string(/m:table/@displayName)");
      if (g_strcmp0 (display, name) == 0)
        return xpath_string (xml, "string(/m:table/@ref)");
    }
  return NULL;
}

static void
test_spc_table (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdIndicator) indicator = pd_indicator_lookup (workspace, "FALLS", &error);
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdSpcResult) result = NULL;
  g_autofree double *values = NULL;
  g_autofree char *range = table_range ("Safety_FALLS");
  g_autofree char *formula = NULL;
  g_autofree char *month_format = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *header_ref = NULL;
  PdSpcOptions options;
  guint first = 0, last = 0, n_special = 0;
  gboolean chart_found = FALSE;

  g_assert_no_error (error);
  series = pd_indicator_series_query (workspace, "FALLS", "R9A", PD_PERIOD_MONTH, NULL,
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->points->len, ==, 60);
  values = g_new (double, series->points->len);
  for (guint i = 0; i < series->points->len; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_DECREASE;
  options.target = indicator->target;
  result = pd_spc_compute (values, series->points->len, NULL, &options, &error);
  g_assert_no_error (error);

  g_assert_nonnull (range);
  g_assert_cmpint (sscanf (range, "A%u:H%u", &first, &last), ==, 2);
  g_assert_cmpuint (last - first, ==, 60);
  header_ref = g_strdup_printf ("A%u", first);
  assert_text ("Safety", header_ref, "Month");
  for (guint i = 0; i < 60; i++)
    {
      guint row = first + 1 + i;
      const PdSpcPoint *point = &result->points[i];
      const Cell *month = cell_at ("Safety", "A", row);
      const Cell *flag = cell_at ("Safety", "G", row);

      g_assert_cmpint (month->type, ==, PD_CELL_DATE);
      g_assert_cmpstr (month->text, ==,
                       g_array_index (series->points, PdIndicatorPoint, i).period_start);
      assert_number (cell_at ("Safety", "B", row), point->value);
      assert_number (cell_at ("Safety", "C", row), point->mean);
      assert_number (cell_at ("Safety", "D", row), point->lpl);
      assert_number (cell_at ("Safety", "E", row), point->upl);
      if (point->point_type == PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT)
        g_assert_cmpstr (flag->text, ==, "Special cause: improvement");
      else if (point->point_type == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN)
        {
          g_assert_cmpstr (flag->text, ==, "Special cause: concern");
          n_special++;
        }
      else if (point->point_type == PD_SPC_POINT_COMMON_CAUSE && !point->missing)
        g_assert_cmpstr (flag->text, ==, "Common cause");
    }
  /* The demo's story: R9A's falls spike in January 2009 (7.1 against a mean of 4.1),
   * the 22nd month from April 2007, beyond the upper limit. */
  g_assert_cmpuint (n_special, >, 0);
  {
    const Cell *month = cell_at ("Safety", "A", first + 1 + 21);
    const Cell *flag = cell_at ("Safety", "G", first + 1 + 21);
    const Cell *rule = cell_at ("Safety", "H", first + 1 + 21);

    g_assert_cmpstr (month->text, ==, "2009-01-01");
    g_assert_cmpstr (flag->text, ==, "Special cause: concern");
    g_assert_cmpstr (rule->text, ==, "Beyond a process limit");
  }
  ref = g_strdup_printf ("A%u", first + 1);
  month_format = number_format (sheet_index ("Safety"), ref);
  g_assert_cmpstr (month_format, ==, "mmm yyyy");

  /* A native line chart plots the value column of exactly these rows. */
  formula = g_strdup_printf ("Safety!$B$%u:$B$%u", first + 1, last);
  for (guint i = 1; i < 100 && !chart_found; i++)
    {
      g_autofree char *part = g_strdup_printf ("xl/charts/chart%u.xml", i);
      g_autofree char *xml = read_part (shared_pack (), part);
      if (xml == NULL)
        break;
      if (strstr (xml, formula) != NULL)
        {
          g_autofree char *categories = g_strdup_printf ("Safety!$A$%u:$A$%u", first + 1, last);
          g_assert_nonnull (strstr (xml, "<c:lineChart>"));
          g_assert_nonnull (strstr (xml, categories));
          g_assert_cmpfloat (xpath_number (xml, "count(//c:ser)"), ==, 4);  /* no target */
          /* Its title is the heading's cell two rows above the table, text cached. */
          {
            g_autofree char *heading_ref = g_strdup_printf ("A%u", first - 2);
            g_autofree char *title_ref = g_strdup_printf ("Safety!$A$%u", first - 2);
            g_autofree char *title_f = xpath_string (xml, "string(//c:title//c:f)");
            g_autofree char *title_v = xpath_string (xml, "string(//c:title//c:v)");

            g_assert_cmpstr (title_f, ==, title_ref);
            assert_text ("Safety", heading_ref, title_v);
            g_assert_true (g_str_has_prefix (title_v, indicator->name));
          }
          chart_found = TRUE;
        }
    }
  g_assert_true (chart_found);
}

/* The rows of the exception blocks' headings, "1. …", "2. …", in order. */
static GArray *
exception_rows (void)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint row = 1; row < 2000; row++)
    {
      const Cell *cell = cell_at ("Exceptions", "A", row);
      g_autofree char *prefix = g_strdup_printf ("%u. ", rows->len + 1);

      if (cell != NULL && g_str_has_prefix (cell->text, prefix))
        g_array_append_val (rows, row);
    }
  return rows;
}

static void
test_images_and_charts (void)
{
  /* One rendered PNG per indicator reported by R9A, per exception and per funnel, plus
   * the scorecard's icons, spend mix, outlook and CQUIN; one native chart per indicator
   * reported by R9A. */
  g_autoptr(GArray) exceptions = exception_rows ();
  guint images = count_parts (shared_pack (), "xl/media");
  guint charts = count_parts (shared_pack (), "xl/charts");
  guint funnels = 0;

  for (guint row = 1; row < 2000; row++)
    {
      const Cell *cell = cell_at ("Benchmarks", "A", row);
      funnels += cell != NULL && g_str_has_suffix (cell->text, ", 2011/12");
    }
  g_assert_cmpuint (charts, >=, 15);
  g_assert_cmpuint (funnels, >=, 10);
  g_assert_cmpuint (images, ==, charts + 4 + exceptions->len + funnels);
}

/* The scorecard, the exceptions and the summary agree with the statistics: every indicator
 * at the four providers holding 5Z1's CQUIN contracts in 2011/12, SPC as Making Data Count. */
static void
test_scorecard_and_exceptions (void)
{
  static const char * const providers[] = { "R9A", "R9N", "R9J", "R9R" };
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, &error);
  g_autoptr(GArray) exceptions = exception_rows ();
  g_autofree char *summary_xml = NULL;
  g_autofree char *workbook = read_part (shared_pack (), "xl/workbook.xml");
  g_autofree char *concerns_ref = NULL;
  g_autofree char *fails_ref = NULL;
  g_autofree char *concerns_cell = NULL;
  g_autofree char *fails_cell = NULL;
  guint row = 8, n_concern = 0, n_fail = 0, n_exception = 0;

  g_assert_no_error (error);
  assert_text ("Scorecard", "A7", "Provider");
  assert_text ("Scorecard", "M7", "Assurance");
  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    for (guint i = 0; i < indicators->len; i++)
      {
        const PdIndicator *indicator = g_ptr_array_index (indicators, i);
        g_autoptr(PdIndicatorSeries) series = NULL;
        g_autoptr(PdSpcResult) result = NULL;
        g_autofree double *values = NULL;
        PdSpcOptions options;
        gssize latest = -1;
        gboolean concern, fails;

        series = pd_indicator_series_query (workspace, indicator->code, providers[p],
                                            PD_PERIOD_MONTH, NULL, "2012-03-01", &error);
        g_assert_no_error (error);
        values = g_new (double, MAX (series->points->len, 1));
        for (guint k = 0; k < series->points->len; k++)
          {
            values[k] = g_array_index (series->points, PdIndicatorPoint, k).value;
            if (isfinite (values[k]))
              latest = k;
          }
        if (latest < 0)
          continue;
        pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
        options.improvement = PD_IMPROVEMENT_NEUTRAL;
        if (g_strcmp0 (indicator->polarity, "higher") == 0)
          options.improvement = PD_IMPROVEMENT_INCREASE;
        else if (g_strcmp0 (indicator->polarity, "lower") == 0)
          options.improvement = PD_IMPROVEMENT_DECREASE;
        options.target = indicator->target;
        result = pd_spc_compute (values, series->points->len, NULL, &options, &error);
        g_assert_no_error (error);

        g_assert_cmpstr (cell_at ("Scorecard", "A", row)->text, ==, providers[p]);
        g_assert_cmpstr (cell_at ("Scorecard", "D", row)->text, ==, indicator->code);
        g_assert_cmpstr (cell_at ("Scorecard", "F", row)->text, ==,
                         g_array_index (series->points, PdIndicatorPoint, latest).period_start);
        assert_number (cell_at ("Scorecard", "G", row), result->points[latest].value);
        assert_number (cell_at ("Scorecard", "I", row), result->points[latest].mean);
        concern = result->variation == PD_SPC_VARIATION_CONCERN_HIGH ||
                  result->variation == PD_SPC_VARIATION_CONCERN_LOW;
        fails = result->assurance == PD_SPC_ASSURANCE_FAIL;
        n_concern += concern;
        n_fail += fails;
        if (concern || fails)
          {
            guint block = g_array_index (exceptions, guint, n_exception);
            g_autofree char *heading = g_strdup_printf ("%u. %s — %s", n_exception + 1,
                                                        indicator->name,
                                                        cell_at ("Scorecard", "B", row)->text);
            const Cell *gap = cell_at ("Exceptions", "B", block + 3);

            g_assert_cmpstr (cell_at ("Exceptions", "A", block)->text, ==, heading);
            g_assert_cmpstr (cell_at ("Exceptions", "A", block + 3)->text, ==, "Gap to target");
            if (isfinite (indicator->target))
              assert_number (gap, result->points[latest].value - result->points[latest].target);
            g_assert_cmpstr (cell_at ("Exceptions", "A", block + 5)->text, ==, "Owner");
            g_assert_cmpstr (cell_at ("Exceptions", "B", block + 5)->text, ==,
                             cell_at ("Scorecard", "B", row)->text);
            n_exception++;
          }
        row++;
      }
  g_assert_null (cell_at ("Scorecard", "A", row));
  g_assert_cmpuint (row - 8, >, 50);
  g_assert_cmpuint (n_exception, ==, exceptions->len);
  g_assert_cmpuint (n_exception, >, 0);

  /* The summary counts them, and links to each block. */
  concerns_ref = xpath_string (workbook, "string(//m:definedName[@name='Summary_Concerns'])");
  fails_ref = xpath_string (workbook, "string(//m:definedName[@name='Summary_Fails'])");
  g_assert_true (g_str_has_prefix (concerns_ref, "'Executive summary'!$B$"));
  concerns_cell = g_strdup_printf ("B%s", concerns_ref + strlen ("'Executive summary'!$B$"));
  fails_cell = g_strdup_printf ("B%s", fails_ref + strlen ("'Executive summary'!$B$"));
  assert_number (cell_in (shared_cells (), "Executive summary", concerns_cell), n_concern);
  assert_number (cell_in (shared_cells (), "Executive summary", fails_cell), n_fail);
  summary_xml = read_part (shared_pack (), "xl/worksheets/sheet3.xml");
  for (guint i = 0; i < exceptions->len; i++)
    {
      g_autofree char *location = g_strdup_printf ("'Exceptions'!A%u",
                                                   g_array_index (exceptions, guint, i));
      g_autofree char *expr = g_strdup_printf ("count(//m:hyperlink[@location=\"%s\"])", location);
      g_assert_cmpfloat (xpath_number (summary_xml, expr), ==, 1);
    }
}

/* A funnel's table: every provider's year total, its limits and where it lies, as the
 * funnel statistics give them. */
static void
test_benchmark (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdIndicator) indicator = pd_indicator_lookup (workspace, "READM28", &error);
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree double *num = NULL;
  g_autofree double *den = NULL;
  g_autofree char *range = table_range ("Benchmark_READM28");
  PdFunnelOptions options;
  guint first = 0, last = 0;

  g_assert_no_error (error);
  totals = pd_indicator_totals_query (workspace, "READM28", PD_PERIOD_MONTH, "2011-04-01",
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  num = g_new (double, totals->len);
  den = g_new (double, totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      num[i] = g_array_index (totals, PdIndicatorTotal, i).numerator;
      den[i] = g_array_index (totals, PdIndicatorTotal, i).denominator;
    }
  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  options.multiplier = indicator->multiplier;
  funnel = pd_funnel_compute (num, den, totals->len, &options);

  g_assert_nonnull (range);
  g_assert_cmpint (sscanf (range, "A%u:K%u", &first, &last), ==, 2);
  g_assert_cmpuint (last - first, ==, totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *total = &g_array_index (totals, PdIndicatorTotal, i);
      const PdFunnelUnit *unit = &funnel->units[i];
      guint row = first + 1 + i;
      const char *where = cell_at ("Benchmarks", "K", row)->text;

      g_assert_cmpstr (cell_at ("Benchmarks", "A", row)->text, ==, total->provider);
      g_assert_cmpstr (cell_at ("Benchmarks", "C", row)->text, ==,
                       g_strcmp0 (total->provider, "R9A") == 0 ? "yes" : "no");
      assert_number (cell_at ("Benchmarks", "D", row), total->numerator);
      assert_number (cell_at ("Benchmarks", "E", row), total->denominator);
      assert_number (cell_at ("Benchmarks", "F", row), unit->value);
      assert_number (cell_at ("Benchmarks", "G", row), unit->limits.lcl998);
      assert_number (cell_at ("Benchmarks", "J", row), unit->limits.ucl998);
      if (unit->classification == PD_FUNNEL_WITHIN)
        g_assert_cmpstr (where, ==, "Within the limits");
      else
        g_assert_true (g_str_has_prefix (where, "Above") || g_str_has_prefix (where, "Below"));
    }
  g_assert_cmpuint (totals->len, >=, 6);
}

/* A public pack shows no count from 1 to 4 and nothing that would give one back. */
static void
test_public_pack (void)
{
  static const char * const domains[] = { "Safety", "Effectiveness", "Experience" };
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  g_autofree char *path = g_build_filename (scratch, "public.xlsx", NULL);
  g_autoptr(GHashTable) public_cells = NULL;
  g_autoptr(GHashTable) ranges = NULL;
  GHashTableIter iter;
  gpointer key, value;
  PdBoardPackOptions options;
  const Cell *cell;
  guint n_tables = 0, n_hidden_series = 0, n_small_cells = 0;

  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.generated_at = at;
  options.public_pack = TRUE;
  g_assert_true (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  public_cells = read_cells (path);
  ranges = table_ranges (path);

  cell = cell_in (public_cells, "Cover", "A13");
  g_assert_cmpstr (cell->text, ==, "Small numbers");
  cell = cell_in (public_cells, "Cover", "B13");
  g_assert_true (g_str_has_prefix (cell->text, "Public pack: counts from 1 to 4"));

  /* Every SPC table: a month is "*" exactly when its count (or numerator) is 1 to 4, and
   * a series with any such month shows no mean, limits or flags. */
  g_hash_table_iter_init (&iter, ranges);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      const char *sheet = NULL;
      g_autoptr(PdIndicator) indicator = NULL;
      g_autoptr(PdIndicatorSeries) series = NULL;
      guint first, last, n_small = 0;

      for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
        if (g_str_has_prefix (name, domains[d]) && name[strlen (domains[d])] == '_')
          sheet = domains[d];
      if (sheet == NULL)
        continue;
      n_tables++;
      indicator = pd_indicator_lookup (workspace, name + strlen (sheet) + 1, &error);
      g_assert_no_error (error);
      series = pd_indicator_series_query (workspace, indicator->code, "R9A", PD_PERIOD_MONTH,
                                          NULL, "2012-03-01", &error);
      g_assert_no_error (error);
      g_assert_cmpint (sscanf (value, "A%u:H%u", &first, &last), ==, 2);
      g_assert_cmpuint (last - first, ==, series->points->len);
      for (guint i = 0; i < series->points->len; i++)
        {
          const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i);
          double count = g_strcmp0 (indicator->unit, "count") == 0 ? point->value
                                                                   : point->numerator;
          n_small += isfinite (count) && count > 0 && count < 5;
        }
      for (guint i = 0; i < series->points->len; i++)
        {
          const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i);
          double count = g_strcmp0 (indicator->unit, "count") == 0 ? point->value
                                                                   : point->numerator;
          g_autofree char *b = g_strdup_printf ("B%u", first + 1 + i);
          g_autofree char *c = g_strdup_printf ("C%u", first + 1 + i);
          const Cell *shown = cell_in (public_cells, sheet, b);
          const Cell *mean = cell_in (public_cells, sheet, c);

          if (isfinite (count) && count > 0 && count < 5)
            {
              g_assert_cmpstr (shown->text, ==, "*");
              n_small_cells++;
            }
          else if (isfinite (point->value))
            assert_number (shown, point->value);
          if (n_small > 0)
            g_assert_cmpstr (mean->text, ==, "*");
          else
            g_assert_cmpint (mean->type, ==, PD_CELL_NUMBER);
        }
      n_hidden_series += n_small > 0;
    }
  g_assert_cmpuint (n_tables, >=, 15);
  /* MRSA and mixed-sex accommodation are small counts at R9A, C. difficile has small
   * monthly numerators. */
  g_assert_cmpuint (n_hidden_series, >=, 3);
  g_assert_cmpuint (n_small_cells, >, 30);

  /* No native chart is drawn over a hidden series: 19 in the full pack, fewer here. */
  g_assert_cmpuint (count_parts (path, "xl/charts"), ==,
                    count_parts (shared_pack (), "xl/charts") - n_hidden_series);
  g_unlink (path);
}

/* Occurrences of @needle in binary @bytes (a PDF has NUL bytes, so no str* search). */
static guint
count_matches (const char *bytes,
               gsize       len,
               const char *needle)
{
  gsize n_len = strlen (needle);
  guint n = 0;

  for (gsize i = 0; i + n_len <= len; i++)
    if (bytes[i] == needle[0] && memcmp (bytes + i, needle, n_len) == 0)
      {
        n++;
        i += n_len - 1;
      }
  return n;
}

/* The PDF pack: A4 landscape pages as the plan says (cover, contents, summary, the
 * scorecard 24 rows a page, three money charts, the main provider's SPC charts two to a
 * page by domain, its funnels two to a page, a page per exception, the sources and the
 * indicator definitions 24 rows a page), an
 * outline entry and a contents link per
 * section, written whole or not at all; a public one with fewer charts. */
/* The PDF pages of a workbook table's rows (and @extra more), 26 rows a page. */
static guint
table_pages (const char *name,
             guint       extra)
{
  g_autofree char *range = table_range (name);
  guint first = 0, last = 0, rows;

  g_assert_nonnull (range);
  g_assert_cmpint (sscanf (range, "%*[A-Z]%u:%*[A-Z]%u", &first, &last), ==, 2);
  rows = last - first + extra;
  return rows == 0 ? 1 : (rows + 25) / 26;
}

static void
test_pdf (void)
{
  static const char * const domains[] = { "safety", "effectiveness", "experience" };
  static const char * const sections[] = {
    "Executive summary", "Scorecard", "Spend mix", "Financial outlook", "CQUIN", "Safety",
    "Effectiveness", "Experience", "Benchmarks", "Exceptions", "Data sources",
  };
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  g_autoptr(GArray) exceptions = exception_rows ();
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, &error);
  g_autofree char *folder = g_build_filename (scratch, "pdf", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GDir) dir = NULL;
  PdBoardPackOptions options;
  guint expected = 3 + 3 + exceptions->len + 1, funnels = 0, scorecard = 0;
  gsize len;

  g_assert_no_error (error);
  for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
    {
      guint n = 0;
      for (guint row = 8; cell_at ("Scorecard", "A", row) != NULL; row++)
        n += g_strcmp0 (cell_at ("Scorecard", "A", row)->text, "R9A") == 0 &&
             g_strcmp0 (cell_at ("Scorecard", "C", row)->text, domains[d]) == 0;
      /* One page an indicator: its chart and the year's SPC table. */
      expected += n;
    }
  for (guint row = 8; cell_at ("Scorecard", "A", row) != NULL; row++)
    for (guint i = 0; i < indicators->len; i++)
      {
        const PdIndicator *ind = g_ptr_array_index (indicators, i);
        if (g_strcmp0 (ind->code, cell_at ("Scorecard", "D", row)->text) == 0 &&
            g_strcmp0 (cell_at ("Scorecard", "A", row)->text, "R9A") == 0 &&
            g_strcmp0 (ind->domain, "resources") != 0 &&
            (g_strcmp0 (ind->unit, "proportion") == 0 || g_strcmp0 (ind->unit, "rate") == 0 ||
             g_strcmp0 (ind->unit, "ratio") == 0))
          funnels++;
      }
  /* One page a funnel: the plot and its table. */
  expected += funnels;
  /* The tables of spend (and its total), spend by year, the outlook, CQUIN schemes and
   * milestones, 26 rows a page, as the workbook's tables have them; and the stored SPC
   * changes in force (none here: one page saying so). */
  expected += table_pages ("Spend_mix", 1) + table_pages ("Spend_by_year", 0) +
              table_pages ("Financial_outlook", 0) + table_pages ("CQUIN_schemes", 0) +
              table_pages ("CQUIN_milestones", 0) + 1;
  /* The scorecard, 24 rows a page. */
  for (guint row = 8; cell_at ("Scorecard", "A", row) != NULL; row++)
    scorecard++;
  expected += (scorecard + 23) / 24;
  /* The indicator definitions after the imports, 24 rows a page. */
  expected += (indicators->len + 23) / 24;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.generated_at = at;
  options.marking = MARKING;
  g_assert_true (pd_board_pack_write_pdf (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  bytes = pd_test_read_file (path, &len);
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);
  g_assert_cmpuint (count_matches (bytes, len, "/MediaBox [ 0 0 841.89 595.28 ]"), ==, expected);
  g_assert_cmpuint (count_matches (bytes, len, "/MediaBox"), ==, expected);
  g_assert_cmpuint (count_matches (bytes, len, "/Subtype /Link"), ==, G_N_ELEMENTS (sections));
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *entry = g_strdup_printf ("/Title (%s)", sections[i]);
      g_assert_cmpuint (count_matches (bytes, len, entry), ==, 1);
    }
  g_assert_cmpuint (count_matches (bytes, len, "(Board pack: Northvale PCT, 2011/12)"), >, 0);
  g_assert_cmpuint (count_matches (bytes, len, "(pctdash " PACKAGE_VERSION ")"), ==, 1);
  dir = g_dir_open (folder, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "pack.pdf");
  g_assert_null (g_dir_read_name (dir));

  /* A public PDF leaves out the charts that would show small numbers: MRSA, mixed-sex
   * accommodation and C. difficile at R9A, and the funnels with small numerators. */
  options.public_pack = TRUE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&bytes, g_free);
  path = g_build_filename (folder, "public.pdf", NULL);
  g_assert_true (pd_board_pack_write_pdf (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  bytes = pd_test_read_file (path, &len);
  /* Each is a page of its own now (chart and table): the three SPC pages at least, and
   * no more than three funnels. */
  g_assert_cmpuint (count_matches (bytes, len, "/MediaBox"), <=, expected - 3);
  g_assert_cmpuint (count_matches (bytes, len, "/MediaBox"), >=, expected - 6);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *entry = g_strdup_printf ("/Title (%s)", sections[i]);
      g_assert_cmpuint (count_matches (bytes, len, entry), ==, 1);
    }
}

/* Only the sections asked for, after the cover and the contents, in both formats; the
 * summary names its exceptions without links when their sheet is left out. */
static void
test_sections (void)
{
  static const char * const expected[] = { "Cover", "Contents", "Executive summary",
                                            "Data sources and notes" };
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch, "sections.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (scratch, "sections.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *summary_xml = NULL;
  g_autoptr(PdXlsxBook) book = NULL;
  PdBoardPackOptions options;
  PdBoardPackSections sections = 0;
  gsize len;

  g_assert_true (pd_board_pack_parse_sections ("summary, Sources", &sections, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sections, ==, PD_BOARD_PACK_SUMMARY | PD_BOARD_PACK_SOURCES);
  g_assert_false (pd_board_pack_parse_sections ("summary,charts", &sections, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“charts”"));
  g_clear_error (&error);

  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.sections = PD_BOARD_PACK_SUMMARY | PD_BOARD_PACK_SOURCES;
  g_assert_true (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  book = pd_xlsx_book_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, i), ==, expected[i]);
  summary_xml = read_part (path, "xl/worksheets/sheet3.xml");
  g_assert_cmpfloat (xpath_number (summary_xml, "count(//m:hyperlink[starts-with(@location, "
                                                "\"'Exceptions'\")])"), ==, 0);
  g_assert_cmpfloat (xpath_number (summary_xml, "count(//m:hyperlink)"), ==, 1);

  /* Cover, contents, summary, one page of sources, the demo's 28 indicator definitions
   * on two pages of 24 rows, and the stored SPC changes in force (none). */
  g_assert_true (pd_board_pack_write_pdf (workspace, &options, pdf, NULL, &error));
  g_assert_no_error (error);
  bytes = pd_test_read_file (pdf, &len);
  g_assert_cmpuint (count_matches (bytes, len, "/MediaBox"), ==, 7);
  g_assert_cmpuint (count_matches (bytes, len, "/Subtype /Link"), ==, 2);
  g_unlink (path);
  g_unlink (pdf);
}

/* Scorecard rows of a pack read back: "provider|indicator" → "variation|assurance". */
static GHashTable *
scorecard_icons (GHashTable *pack_cells)
{
  GHashTable *icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint row = 8;; row++)
    {
      g_autofree char *a = g_strdup_printf ("A%u", row);
      g_autofree char *d = g_strdup_printf ("D%u", row);
      g_autofree char *l = g_strdup_printf ("L%u", row);
      g_autofree char *m = g_strdup_printf ("M%u", row);
      const Cell *provider = cell_in (pack_cells, "Scorecard", a);

      if (provider == NULL)
        break;
      g_hash_table_insert (icons,
                           g_strdup_printf ("%s|%s", provider->text,
                                            ((const Cell *) cell_in (pack_cells, "Scorecard",
                                                                     d))->text),
                           g_strdup_printf ("%s|%s",
                                            ((const Cell *) cell_in (pack_cells, "Scorecard",
                                                                     l))->text,
                                            ((const Cell *) cell_in (pack_cells, "Scorecard",
                                                                     m))->text));
    }
  return icons;
}

/* Each scorecard row's latest month and value as the pack shows them. */
static GHashTable *
scorecard_latest (GHashTable *pack_cells)
{
  GHashTable *latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint row = 8;; row++)
    {
      g_autofree char *a = g_strdup_printf ("A%u", row);
      g_autofree char *d = g_strdup_printf ("D%u", row);
      g_autofree char *f = g_strdup_printf ("F%u", row);
      g_autofree char *g = g_strdup_printf ("G%u", row);
      const Cell *provider = cell_in (pack_cells, "Scorecard", a);
      const Cell *month = cell_in (pack_cells, "Scorecard", f);
      const Cell *value = cell_in (pack_cells, "Scorecard", g);

      if (provider == NULL)
        break;
      g_hash_table_insert (latest,
                           g_strdup_printf ("%s|%s", provider->text,
                                            ((const Cell *) cell_in (pack_cells, "Scorecard",
                                                                     d))->text),
                           g_strdup_printf ("%.7s|%s", month != NULL ? month->text : "",
                                            value != NULL ? value->text : ""));
    }
  return latest;
}

/* Given last year's pack, the summary lists every indicator whose variation, assurance,
 * latest month or latest value is not what that pack's scorecard said. */
static void
test_changes_since_previous (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = g_build_filename (scratch, "previous.xlsx", NULL);
  g_autofree char *now = g_build_filename (scratch, "now.xlsx", NULL);
  g_autofree char *same = g_build_filename (scratch, "same.xlsx", NULL);
  g_autoptr(GHashTable) previous_cells = NULL;
  g_autoptr(GHashTable) now_cells = NULL;
  g_autoptr(GHashTable) same_cells = NULL;
  g_autoptr(GHashTable) then_icons = NULL;
  g_autoptr(GHashTable) now_icons = NULL;
  g_autoptr(GHashTable) then_latest = NULL;
  g_autoptr(GHashTable) now_latest = NULL;
  g_autofree char *range = NULL;
  g_autoptr(GHashTable) ranges = NULL;
  GHashTableIter iter;
  gpointer key, value;
  PdBoardPackOptions options;
  guint expected = 0, icons_changed = 0, first, last, row = 0;

  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.charts = FALSE;
  options.year = 2010;
  g_assert_true (pd_board_pack_write (workspace, &options, previous, NULL, &error));
  g_assert_no_error (error);
  options.year = 2011;
  options.previous_pack = previous;
  g_assert_true (pd_board_pack_write (workspace, &options, now, NULL, &error));
  g_assert_no_error (error);

  previous_cells = read_cells (previous);
  now_cells = read_cells (now);
  then_icons = scorecard_icons (previous_cells);
  now_icons = scorecard_icons (now_cells);
  then_latest = scorecard_latest (previous_cells);
  now_latest = scorecard_latest (now_cells);
  g_hash_table_iter_init (&iter, now_icons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      icons_changed += g_strcmp0 (g_hash_table_lookup (then_icons, key), value) != 0;
      expected += g_strcmp0 (g_hash_table_lookup (then_icons, key), value) != 0 ||
                  g_strcmp0 (g_hash_table_lookup (then_latest, key),
                             g_hash_table_lookup (now_latest, key)) != 0;
    }
  g_assert_cmpuint (icons_changed, >, 0);
  g_assert_cmpuint (expected, >=, icons_changed);

  ranges = table_ranges (now);
  range = g_strdup (g_hash_table_lookup (ranges, "Changes"));
  g_assert_nonnull (range);
  g_assert_cmpint (sscanf (range, "A%u:K%u", &first, &last), ==, 2);
  g_assert_cmpuint (last - first, ==, expected);
  for (row = first + 1; row <= last; row++)
    {
      g_autofree char *a = g_strdup_printf ("A%u", row);
      g_autofree char *b = g_strdup_printf ("B%u", row);
      g_autofree char *j = g_strdup_printf ("J%u", row);
      g_autofree char *k = g_strdup_printf ("K%u", row);
      g_autofree char *f = g_strdup_printf ("F%u", row);
      g_autofree char *g = g_strdup_printf ("G%u", row);
      g_autofree char *id = g_strdup_printf (
        "%s|%s", ((const Cell *) cell_in (now_cells, "Executive summary", a))->text,
        ((const Cell *) cell_in (now_cells, "Executive summary", b))->text);
      g_autofree char *now_icon = g_strdup_printf (
        "%s|%s", ((const Cell *) cell_in (now_cells, "Executive summary", j))->text,
        ((const Cell *) cell_in (now_cells, "Executive summary", k))->text);
      const char *then_icon = g_hash_table_lookup (then_icons, id);

      g_assert_cmpstr (now_icon, ==, g_hash_table_lookup (now_icons, id));
      g_assert_true (g_strcmp0 (now_icon, then_icon) != 0 ||
                     g_strcmp0 (g_hash_table_lookup (then_latest, id),
                                g_hash_table_lookup (now_latest, id)) != 0);
      if (then_icon != NULL)
        {
          g_autofree char *then_cells = g_strdup_printf (
            "%s|%s", ((const Cell *) cell_in (now_cells, "Executive summary", f))->text,
            ((const Cell *) cell_in (now_cells, "Executive summary", g))->text);
          g_assert_cmpstr (then_cells, ==, then_icon);
        }
    }

  /* Compared with itself, nothing changed. */
  options.previous_pack = now;
  g_assert_true (pd_board_pack_write (workspace, &options, same, NULL, &error));
  g_assert_no_error (error);
  same_cells = read_cells (same);
  {
    gboolean found = FALSE;
    for (row = 1; row < 80; row++)
      {
        g_autofree char *a = g_strdup_printf ("A%u", row);
        const Cell *cell = cell_in (same_cells, "Executive summary", a);
        found |= cell != NULL &&
                 g_strcmp0 (cell->text,
                            "No indicator's variation, assurance or latest value changed.") == 0;
      }
    g_assert_true (found);
  }

  /* A previous "pack" that is not a workbook stops the export with a clear error. */
  options.previous_pack = workspace_path;
  g_assert_false (pd_board_pack_write (workspace, &options, same, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not read the previous pack"));
  g_unlink (previous);
  g_unlink (now);
  g_unlink (same);
}

static void
test_sources (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspaceSummary) summary = pd_workspace_query_summary (workspace, &error);

  g_assert_no_error (error);
  assert_text ("Data sources and notes", "A6", "File");
  assert_text ("Data sources and notes", "G6", "SHA-256");
  for (guint i = 0; i < summary->imports->len; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);

      g_assert_cmpstr (cell_at ("Data sources and notes", "A", 7 + i)->text, ==,
                       record->file_name);
      g_assert_cmpstr (cell_at ("Data sources and notes", "G", 7 + i)->text, ==, record->sha256);
      assert_number (cell_at ("Data sources and notes", "F", 7 + i), record->rows);
    }
  g_assert_cmpuint (summary->imports->len, ==, 8);
}

static void
test_no_temporary_files (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  /* The packs written so far (the demo's at least, whichever tests ran before), and no
   * temporary file beside them. */
  shared_pack ();
  dir = g_dir_open (out_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "."));
      g_assert_true (g_str_has_suffix (name, ".xlsx"));
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
}

/* The same workspace and options give the same cells, byte for byte. */
static void
test_reproducible (void)
{
  g_autofree char *again = g_build_filename (out_dir, "again.xlsx", NULL);

  write_pack (workspace_path, again);
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      g_autofree char *part = sheet_part (i);
      g_autofree char *a = read_part (shared_pack (), part);
      g_autofree char *b = read_part (again, part);
      g_assert_cmpstr (a, ==, b);
    }
  {
    g_autofree char *a = read_part (shared_pack (), "xl/sharedStrings.xml");
    g_autofree char *b = read_part (again, "xl/sharedStrings.xml");
    g_assert_cmpstr (a, ==, b);
  }
}

static void
expect_line (GString    *out,
             const char *sheet,
             const char *ref,
             const char *kind,
             const char *value)
{
  g_string_append_printf (out, "%s\t%s\t%s\t%s\n", sheet, ref, kind, value);
}

static void
expect_number (GString    *out,
               const char *sheet,
               const char *column,
               guint       row,
               double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *ref = g_strdup_printf ("%s%u", column, row);

  if (isnan (value))
    return;
  g_ascii_formatd (text, sizeof text, "%.17g", value);
  expect_line (out, sheet, ref, "number", text);
}

/* Debian's openpyxl reads the same pack: sheets, print setup, footers, links, defined
 * names, charts and images, and the workspace's values in the cells. */
static void
test_openpyxl (void)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(PdSpendMix) mix = pd_spend_mix_query (workspace, 2011, 2011, NULL, &error);
  g_autoptr(GArray) years = pd_finance_outlook_query (workspace, "5Z1", &error);
  g_autoptr(PdCquinReport) report = pd_cquin_report_query (workspace, 2011, "5Z1", NULL, &error);
  g_autofree char *expected_path = g_build_filename (scratch, "expected.tsv", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "export",
                                                   "check-pack-openpyxl.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *range = table_range ("Safety_FALLS");
  const char *argv[] = { "/usr/bin/python3", script, shared_pack (), expected_path, FOOTER, NULL };
  guint row, first = 0, last = 0;
  int r, status;

  g_assert_no_error (error);
  expect_line (expected, "Cover", "B5", "text", "Northvale PCT (5Z1)");
  expect_line (expected, "Cover", "B6", "text", "2011/12");
  expect_line (expected, "Cover", "B8", "date", "2012-04-20T09:30:00");
  expect_line (expected, "Cover", "B12", "text", MARKING);
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      /* The contents list every sheet but themselves, from row 6. */
      g_autofree char *ref = g_strdup_printf ("A%u", i == 0 ? 6 : 5 + i);
      g_autofree char *location = g_strdup_printf ("'%s'!A1", sheet_names[i]);

      if (i == 1)
        continue;
      expect_line (expected, "Contents", ref, "link", location);
    }

  r = pd_spend_mix_find_row (mix, "5Z1", -1);
  row = 7;
  for (guint c = 0; c < mix->categories->len; c++)
    {
      const PdSpendCell *cell = pd_spend_mix_cell (mix, r, c);
      g_autofree char *ref = g_strdup_printf ("A%u", row);
      g_autofree char *money = g_strdup_printf ("B%u", row);
      g_autofree char *share = g_strdup_printf ("C%u", row);

      if (cell->n_rows == 0)
        continue;
      expect_line (expected, "Spend mix", ref, "text", g_ptr_array_index (mix->categories, c));
      expect_number (expected, "Spend mix", "B", row, cell->amount_pence / 100.0);
      expect_number (expected, "Spend mix", "C", row, cell->share);
      expect_line (expected, "Spend mix", money, "format", "£#,##0;[Red]-£#,##0");
      expect_line (expected, "Spend mix", share, "format", "0.0%");
      row++;
    }

  row = 8;
  for (guint i = 0; i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);
      if (year->year > 2011)
        continue;
      expect_number (expected, "Financial outlook", "B", row, year->allocation_pence / 100.0);
      expect_number (expected, "Financial outlook", "C", row, year->spend_pence / 100.0);
      expect_number (expected, "Financial outlook", "D", row, year->gap_pence / 100.0);
      row++;
    }

  expect_number (expected, "CQUIN", "D", 6, report->total.value_pence / 100.0);
  expect_number (expected, "CQUIN", "D", 7, report->total.earned_pence / 100.0);
  expect_number (expected, "CQUIN", "D", 8, report->total.withheld_pence / 100.0);

  g_assert_cmpint (sscanf (range, "A%u:H%u", &first, &last), ==, 2);
  for (row = first + 1; row <= last; row++)
    {
      const Cell *month = cell_at ("Safety", "A", row);
      g_autofree char *ref = g_strdup_printf ("A%u", row);

      expect_line (expected, "Safety", ref, "date", month->text);
      expect_line (expected, "Safety", ref, "format", "mmm yyyy");
    }

  g_assert_true (g_file_set_contents (expected_path, expected->str, -1, &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("openpyxl check failed:\n%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "checked "));
  g_assert_cmpint (atoi (out + strlen ("checked ")), >, 250);
}

/* A provider named like a formula is text in the pack, never a formula. */
static void
test_formula_text_stays_text (void)
{
  static const char *evil = "=HYPERLINK(\"http://example.com/x\",\"Click\")";
  g_autofree char *copy = g_build_filename (scratch, "evil.pctdash", NULL);
  g_autofree char *path = g_build_filename (scratch, "evil.xlsx", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *cover = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) evil_cells = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const Cell *cell;
  guint n_evil_titles = 0;

  bytes = pd_test_read_file (workspace_path, &len);
  g_assert_true (g_file_set_contents (copy, bytes, len, &error));
  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (copy, PD_WORKSPACE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    sql = sqlite3_mprintf ("UPDATE organisations SET name = %Q WHERE code = 'R9A';"
                           "UPDATE indicators SET name = %Q WHERE code = 'FALLS'", evil, evil);
    g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace), sql, NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_free (g_steal_pointer (&sql));
  }
  write_pack (copy, path);

  evil_cells = read_cells (path);
  cell = cell_in (evil_cells, "CQUIN", "B13");
  g_assert_nonnull (cell);
  g_assert_cmpint (cell->type, ==, PD_CELL_TEXT);
  g_assert_cmpstr (cell->text, ==, evil);
  cell = cell_in (evil_cells, "Cover", "B7");
  g_assert_cmpstr (cell->text, ==, "=HYPERLINK(\"http://example.com/x\",\"Click\") (R9A)");
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      g_autofree char *part = sheet_part (i);
      g_autofree char *xml = read_part (path, part);
      g_assert_cmpfloat (xpath_number (xml, "count(//m:f)"), ==, 0);
    }
  cover = read_part (path, "xl/worksheets/sheet1.xml");
  g_assert_null (strstr (cover, "example.com"));
  /* A chart titled by the indicator's name refers to the heading's cell; libxlsxwriter
   * would have made "=HYPERLINK(…)" as a title text into a broken reference. */
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *part = g_strdup_printf ("xl/charts/chart%u.xml", i);
      g_autofree char *xml = read_part (path, part);
      g_autofree char *title_f = NULL;
      g_autofree char *title_v = NULL;

      if (xml == NULL)
        break;
      title_f = xpath_string (xml, "string(//c:title//c:f)");
      title_v = xpath_string (xml, "string(//c:title//c:v)");
      g_assert_true (*title_f == '\0' || g_regex_match_simple ("^'?[A-Za-z ]+'?!\\$A\\$[0-9]+$",
                                                                title_f, 0, 0));
      if (g_str_has_prefix (title_v, evil))
        n_evil_titles++;
    }
  g_assert_cmpuint (n_evil_titles, >, 0);
  g_unlink (path);
  g_unlink (copy);
}

static void
test_read_only_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  gboolean as_root = geteuid () == 0;

  /* Root writes through permissions, so it gets a folder no one can write: /sys. */
  if (as_root)
    folder = g_strdup ("/sys");
  else
    {
      folder = g_build_filename (scratch, "read-only", NULL);
      g_assert_cmpint (g_mkdir (folder, 0555), ==, 0);
    }
  path = g_build_filename (folder, "pack.xlsx", NULL);
  g_assert_false (pd_board_pack_write (workspace, NULL, path, NULL, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_nonnull (strstr (error->message, g_strerror (EACCES)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  if (!as_root)
    {
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
      g_chmod (folder, 0755);
    }
}

/* A workspace with spend alone still gets a whole pack, each empty section saying so;
 * one without spend has nothing to report on. */
static void
test_sparse_workspaces (void)
{
  g_autofree char *fixture = pd_test_fixture_path ("export", "pack", NULL);
  g_autofree char *organisations = g_build_filename (fixture, "organisations.csv", NULL);
  g_autofree char *spend = g_build_filename (fixture, "spend.csv", NULL);
  g_autofree char *sparse = g_build_filename (scratch, "sparse.pctdash", NULL);
  g_autofree char *empty = g_build_filename (scratch, "empty.pctdash", NULL);
  g_autofree char *path = g_build_filename (scratch, "sparse.xlsx", NULL);
  g_autoptr(GHashTable) sparse_cells = NULL;
  g_autoptr(GError) error = NULL;
  const char *import_argv[] = { g_getenv ("PD_CLI"), "import", "-w", sparse, organisations,
                                spend, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) import_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (sparse, PD_WORKSPACE_OPEN_READ_ONLY,
                                                          &error);
    g_assert_no_error (error);
    g_assert_true (pd_board_pack_write (workspace, NULL, path, NULL, &error));
    g_assert_no_error (error);
  }
  /* An import with no parts (kinds unknown) in a workspace written by something other
   * than the importer: the PDF's sources page lists it with no kinds (it used to hand
   * Pango a NULL). */
  {
    g_autofree char *pdf = g_build_filename (scratch, "sparse.pdf", NULL);
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (sparse, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace),
                                   "INSERT INTO imports (file_name, sha256, size, imported_at,"
                                   " format, encoding) VALUES ('by-hand.csv', printf ('%064d', 1),"
                                   " 0, '2026-12-04T18:00:00Z', 'csv', 'UTF-8')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (pd_board_pack_write_pdf (workspace, NULL, pdf, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_unlink (pdf);
  }
  sparse_cells = read_cells (path);
  g_assert_cmpstr (((const Cell *) cell_in (sparse_cells, "Cover", "B6"))->text, ==, "2011/12");
  g_assert_cmpstr (((const Cell *) cell_in (sparse_cells, "CQUIN", "A5"))->text, ==,
                   "No CQUIN schemes are imported for this commissioner and year.");
  g_assert_cmpstr (((const Cell *) cell_in (sparse_cells, "Safety", "A5"))->text, ==,
                   "No indicators of this domain are defined in the workspace.");
  g_assert_cmpstr (((const Cell *) cell_in (sparse_cells, "Spend mix", "A7"))->text, ==,
                   "Acute contracts");
  g_unlink (path);

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (empty, PD_WORKSPACE_OPEN_CREATE,
                                                          &error);
    g_assert_no_error (error);
    g_assert_false (pd_board_pack_write (workspace, NULL, path, NULL, &error));
    g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "no spend"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

static void
test_unknown_commissioner (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autofree char *path = g_build_filename (scratch, "unknown.xlsx", NULL);
  PdBoardPackOptions options;

  pd_board_pack_options_init (&options);
  options.commissioner = "R9A";
  g_assert_false (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "R9A"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncResult;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *outcome = user_data;

  outcome->ok = pd_board_pack_write_finish (PD_WORKSPACE (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
write_async_and_wait (const char   *path,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(PdWorkspace) workspace = open_workspace ();
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  PdBoardPackOptions options;
  AsyncResult outcome = { 0 };

  pd_board_pack_options_init (&options);
  options.commissioner = "5Z5";
  options.generated_at = at;
  options.charts = FALSE;
  pd_board_pack_write_async (workspace, &options, path, cancellable, async_done_cb, &outcome);
  /* The options are copied: the caller's may change at once. */
  options.commissioner = "gone";
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (outcome.ok == (outcome.error == NULL));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

/* The window's export runs in a worker thread on its own connection. */
static void
test_async (void)
{
  g_autofree char *path = g_build_filename (scratch, "async.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) async_cells = NULL;

  g_assert_true (write_async_and_wait (path, NULL, &error));
  g_assert_no_error (error);
  async_cells = read_cells (path);
  g_assert_cmpstr (((const Cell *) cell_in (async_cells, "Cover", "B5"))->text, ==,
                   "Eastmere PCT (5Z5)");
  g_unlink (path);
}

static void
test_async_pdf (void)
{
  g_autofree char *path = g_build_filename (scratch, "async.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (write_async_and_wait (path, NULL, &error));
  g_assert_no_error (error);
  bytes = pd_test_read_file (path, &len);
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);
  g_assert_cmpuint (count_matches (bytes, len, "/Title (Data sources)"), ==, 1);
  g_unlink (path);
}

static void
test_async_cancelled (void)
{
  g_autofree char *folder = g_build_filename (scratch, "cancelled", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.xlsx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_cancellable_cancel (cancellable);
  g_assert_false (write_async_and_wait (path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Neither the pack nor its temporary file is left behind. */
  dir = g_dir_open (folder, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

static int
run_cli (const char * const *args,
         char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PD_CLI"));
  g_ptr_array_add (argv, (gpointer) "export");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, out_stderr, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *path = g_build_filename (scratch, "cli.xlsx", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GHashTable) cli_cells = NULL;
  const char *ok[] = { "-w", workspace_path, "--pack", path, "--commissioner", "5Z3",
                       "--period", "2010/11", "--no-charts", NULL };
  const char *bad_year[] = { "-w", workspace_path, "--pack", path, "--period", "2010/12", NULL };
  const char *not_xlsx[] = { "-w", workspace_path, "--pack", "pack.ods", NULL };
  const char *unknown[] = { "-w", workspace_path, "--pack", path, "--commissioner", "XXX", NULL };
  const char *public[] = { "-w", workspace_path, "--pack", path, "--commissioner", "5Z1",
                           "--public", "--no-charts", NULL };
  g_autofree char *pdf_path = g_build_filename (scratch, "cli.pdf", NULL);
  g_autofree char *pdf_bytes = NULL;
  const char *pdf[] = { "-w", workspace_path, "--pack", pdf_path, NULL };
  const char *pdf_no_charts[] = { "-w", workspace_path, "--pack", pdf_path, "--no-charts",
                                  NULL };
  const char *sections[] = { "-w", workspace_path, "--pack", path, "--sections",
                             "scorecard,cquin", "--no-charts", NULL };
  const char *bad_sections[] = { "-w", workspace_path, "--pack", path, "--sections", "charts",
                                 NULL };
  const char *bad_small[] = { "-w", workspace_path, "--pack", path, "--public",
                              "--small-number", "1", NULL };

  g_assert_cmpint (run_cli (ok, NULL), ==, 0);
  cli_cells = read_cells (path);
  g_assert_cmpstr (((const Cell *) cell_in (cli_cells, "Cover", "B5"))->text, ==,
                   "Redmarsh PCT (5Z3)");
  g_assert_cmpstr (((const Cell *) cell_in (cli_cells, "Cover", "B6"))->text, ==, "2010/11");
  g_assert_cmpuint (count_parts (path, "xl/media"), ==, 0);

  g_assert_cmpint (run_cli (public, NULL), ==, 0);
  g_clear_pointer (&cli_cells, g_hash_table_unref);
  cli_cells = read_cells (path);
  g_assert_cmpstr (((const Cell *) cell_in (cli_cells, "Cover", "A13"))->text, ==,
                   "Small numbers");

  g_assert_cmpint (run_cli (pdf, NULL), ==, 0);
  pdf_bytes = pd_test_read_file (pdf_path, NULL);
  g_assert_true (g_str_has_prefix (pdf_bytes, "%PDF-"));
  g_assert_cmpint (run_cli (pdf_no_charts, NULL), ==, 2);

  g_assert_cmpint (run_cli (sections, NULL), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, 4);
    g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 2), ==, "Scorecard");
    g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 3), ==, "CQUIN");
  }
  g_assert_cmpint (run_cli (bad_sections, NULL), ==, 2);

  g_assert_cmpint (run_cli (bad_year, NULL), ==, 2);
  g_assert_cmpint (run_cli (bad_small, NULL), ==, 2);
  g_assert_cmpint (run_cli (not_xlsx, NULL), ==, 2);
  g_assert_cmpint (run_cli (unknown, &err), ==, 1);
  g_assert_nonnull (strstr (err, "XXX"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PD_CLI") == NULL)
    g_error ("PD_CLI is not set: run through meson test");

  scratch = pd_test_scratch_new ();
  workspace_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, workspace_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);
  out_dir = g_build_filename (scratch, "out", NULL);
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);

  /* Two groups, which tests/export/meson.build runs as two tests (so that the two test
   * processes share the work, under valgrind most of all): demo/ reads the demo's pack
   * (shared_pack) and a few more; write/ writes packs of its own. */
  g_test_add_func ("/pctdash/export/pack/demo/sheets-and-cover", test_sheets_and_cover);
  g_test_add_func ("/pctdash/export/pack/demo/contents-links", test_contents_links);
  g_test_add_func ("/pctdash/export/pack/demo/print-setup", test_print_setup);
  g_test_add_func ("/pctdash/export/pack/demo/spend-values", test_spend_values);
  g_test_add_func ("/pctdash/export/pack/demo/outlook-values", test_outlook_values);
  g_test_add_func ("/pctdash/export/pack/demo/cquin-values", test_cquin_values);
  g_test_add_func ("/pctdash/export/pack/demo/spc-table", test_spc_table);
  g_test_add_func ("/pctdash/export/pack/demo/images-and-charts", test_images_and_charts);
  g_test_add_func ("/pctdash/export/pack/demo/scorecard-and-exceptions",
                   test_scorecard_and_exceptions);
  g_test_add_func ("/pctdash/export/pack/demo/benchmark", test_benchmark);
  g_test_add_func ("/pctdash/export/pack/demo/public", test_public_pack);
  g_test_add_func ("/pctdash/export/pack/demo/sources", test_sources);
  g_test_add_func ("/pctdash/export/pack/demo/no-temporary-files", test_no_temporary_files);
  g_test_add_func ("/pctdash/export/pack/demo/reproducible", test_reproducible);
  g_test_add_func ("/pctdash/export/pack/demo/openpyxl", test_openpyxl);
  g_test_add_func ("/pctdash/export/pack/write/pdf", test_pdf);
  g_test_add_func ("/pctdash/export/pack/write/sections", test_sections);
  g_test_add_func ("/pctdash/export/pack/write/changes-since-previous",
                   test_changes_since_previous);
  g_test_add_func ("/pctdash/export/pack/write/formula-text-stays-text",
                   test_formula_text_stays_text);
  g_test_add_func ("/pctdash/export/pack/write/read-only-folder", test_read_only_folder);
  g_test_add_func ("/pctdash/export/pack/write/unknown-commissioner", test_unknown_commissioner);
  g_test_add_func ("/pctdash/export/pack/write/sparse-workspaces", test_sparse_workspaces);
  g_test_add_func ("/pctdash/export/pack/write/async", test_async);
  g_test_add_func ("/pctdash/export/pack/write/async-pdf", test_async_pdf);
  g_test_add_func ("/pctdash/export/pack/write/async-cancelled", test_async_cancelled);
  g_test_add_func ("/pctdash/export/pack/write/cli", test_cli);
  status = g_test_run ();

  g_clear_pointer (&demo_cells, g_hash_table_unref);
  g_free (demo_pack);
  g_free (out_dir);
  g_free (workspace_path);
  pd_test_scratch_free (scratch);
  return status;
}
