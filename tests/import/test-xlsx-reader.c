/* test-xlsx-reader.c — the XLSX reader on real, hand-made and hostile workbooks
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workbooks are written at run time: with libxlsxwriter, as Excel-like files, and with
 * libgsf's zip writer when a test needs XML that no honest writer produces.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "import/pd-xlsx-reader.h"
#include "pd-test-util.h"

/* ---- collecting rows ------------------------------------------------------------ */

typedef struct
{
  PdCellType type;
  char      *text;
  double     number;
} TestCell;

typedef struct
{
  guint64  number;
  GArray  *cells;   /* TestCell */
  double   progress;
} TestRow;

static void
test_cell_clear (gpointer data)
{
  g_free (((TestCell *) data)->text);
}

static void
test_row_free (TestRow *row)
{
  g_array_unref (row->cells);
  g_free (row);
}

static gboolean
collect_cb (const PdRow *row,
            gpointer     user_data,
            GError     **error)
{
  GPtrArray *rows = user_data;
  TestRow *copy = g_new0 (TestRow, 1);

  copy->number = row->number;
  copy->progress = row->progress;
  copy->cells = g_array_new (FALSE, FALSE, sizeof (TestCell));
  g_array_set_clear_func (copy->cells, test_cell_clear);
  for (guint i = 0; i < row->n_cells; i++)
    {
      TestCell cell = { row->cells[i].type, g_strdup (row->cells[i].text),
                        row->cells[i].number };

      /* The contract: text is never NULL and len is its length. */
      g_assert_cmpuint (strlen (row->cells[i].text), ==, row->cells[i].len);
      g_array_append_val (copy->cells, cell);
    }
  g_ptr_array_add (rows, copy);
  return TRUE;
}

static GPtrArray *
read_sheet (PdXlsxBook *book,
            guint       index)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) test_row_free);

  g_assert_true (pd_xlsx_book_read_sheet (book, index, collect_cb, rows, NULL, &error));
  g_assert_no_error (error);
  return rows;
}

static const TestCell *
cell_at (GPtrArray *rows,
         guint      row_index,
         guint      column)
{
  TestRow *row;

  g_assert_cmpuint (row_index, <, rows->len);
  row = g_ptr_array_index (rows, row_index);
  g_assert_cmpuint (column, <, row->cells->len);
  return &g_array_index (row->cells, TestCell, column);
}

static void
assert_cell (GPtrArray  *rows,
             guint       row_index,
             guint       column,
             PdCellType  type,
             const char *text)
{
  const TestCell *cell = cell_at (rows, row_index, column);

  g_assert_cmpstr (cell->text, ==, text);
  g_assert_cmpint (cell->type, ==, type);
}

static void
assert_number (GPtrArray  *rows,
               guint       row_index,
               guint       column,
               PdCellType  type,
               const char *text,
               double      number)
{
  assert_cell (rows, row_index, column, type, text);
  g_assert_cmpfloat (cell_at (rows, row_index, column)->number, ==, number);
}

static guint
n_cells (GPtrArray *rows,
         guint      row_index)
{
  return ((TestRow *) g_ptr_array_index (rows, row_index))->cells->len;
}

static guint64
row_number (GPtrArray *rows,
            guint      row_index)
{
  return ((TestRow *) g_ptr_array_index (rows, row_index))->number;
}

/* ---- writing workbooks ----------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *content;
  gssize      len;      /* -1: strlen */
} ZipEntry;

static char *
write_zip (const char     *dir,
           const char     *file,
           const ZipEntry *entries,
           guint           n_entries,
           gboolean        stored)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, file, NULL);
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_entries; i++)
    {
      gsize len = entries[i].len < 0 ? strlen (entries[i].content) : (gsize) entries[i].len;
      GsfOutput *child = gsf_outfile_new_child_full (zip, entries[i].name, FALSE,
                                                     "compression-level",
                                                     stored ? GSF_ZIP_STORED
                                                            : GSF_ZIP_DEFLATED,
                                                     NULL);

      g_assert_nonnull (child);
      g_assert_true (gsf_output_write (child, len, (const guint8 *) entries[i].content));
      g_assert_true (gsf_output_close (child));
      g_object_unref (child);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_object_unref (sink);
  return path;
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

typedef struct
{
  const char *name;
  const char *rows;      /* the XML inside <sheetData> */
  const char *raw;       /* or the whole part */
  gssize      raw_len;   /* 0: strlen */
} MiniSheet;

typedef struct
{
  gboolean         date1904;
  const char      *shared;     /* <si> elements, or NULL for no shared strings part */
  const char      *num_fmts;   /* <numFmt> elements */
  const char      *cell_xfs;   /* <xf> elements, or NULL for no styles part */
  const MiniSheet *sheets;
  guint            n_sheets;
  const char      *workbook;   /* replaces xl/workbook.xml when set */
  gboolean         stored;
} MiniBook;

/* The smallest workbook Excel opens: content types, relationships, workbook, sheets, and
 * the optional styles and shared strings. */
static char *
write_mini_xlsx (const char     *dir,
                 const char     *file,
                 const MiniBook *book)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ZipEntry));
  g_autoptr(GString) workbook = g_string_new (XML_HEAD);
  g_autoptr(GString) rels = g_string_new (XML_HEAD);
  ZipEntry entry;

#define ADD(n, c) G_STMT_START { \
    entry.name = (n); entry.content = (c); entry.len = -1; \
    g_array_append_val (entries, entry); } G_STMT_END

  ADD ("[Content_Types].xml",
       XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
  ADD ("_rels/.rels",
       XML_HEAD "<Relationships xmlns=\"" NS_PKG "\">"
       "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
       "</Relationships>");

  g_string_append_printf (workbook, "<workbook xmlns=\"%s\" xmlns:r=\"%s\">"
                          "<workbookPr%s/><sheets>", NS_MAIN, NS_REL,
                          book->date1904 ? " date1904=\"1\"" : "");
  g_string_append (rels, "<Relationships xmlns=\"" NS_PKG "\">");
  for (guint i = 0; i < book->n_sheets; i++)
    {
      char *name = g_strdup_printf ("xl/worksheets/sheet%u.xml", i + 1);
      char *content = book->sheets[i].raw
                      ? g_memdup2 (book->sheets[i].raw, book->sheets[i].raw_len
                                   ? (gsize) book->sheets[i].raw_len
                                   : strlen (book->sheets[i].raw) + 1)
                      : g_strdup_printf (XML_HEAD "<worksheet xmlns=\"%s\"><sheetData>%s"
                                         "</sheetData></worksheet>",
                                         NS_MAIN, book->sheets[i].rows);

      g_ptr_array_add (texts, name);
      g_ptr_array_add (texts, content);
      ADD (name, content);
      if (book->sheets[i].raw_len)
        g_array_index (entries, ZipEntry, entries->len - 1).len = book->sheets[i].raw_len;
      g_string_append_printf (workbook, "<sheet name=\"%s\" sheetId=\"%u\" r:id=\"rId%u\"/>",
                              book->sheets[i].name, i + 1, i + 1);
      g_string_append_printf (rels, "<Relationship Id=\"rId%u\" Type=\"%s/worksheet\" "
                              "Target=\"worksheets/sheet%u.xml\"/>", i + 1, NS_REL, i + 1);
    }
  g_string_append (workbook, "</sheets></workbook>");
  if (book->shared != NULL)
    {
      char *content = g_strdup_printf (XML_HEAD "<sst xmlns=\"%s\">%s</sst>", NS_MAIN,
                                       book->shared);

      g_ptr_array_add (texts, content);
      ADD ("xl/sharedStrings.xml", content);
      g_string_append_printf (rels, "<Relationship Id=\"rId100\" Type=\"%s/sharedStrings\" "
                              "Target=\"sharedStrings.xml\"/>", NS_REL);
    }
  if (book->cell_xfs != NULL)
    {
      /* cellStyleXfs holds a date format that must not leak into the cell formats. */
      char *content = g_strdup_printf (XML_HEAD "<styleSheet xmlns=\"%s\"><numFmts>%s</numFmts>"
                                       "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
                                       "<cellXfs>%s</cellXfs></styleSheet>", NS_MAIN,
                                       book->num_fmts ? book->num_fmts : "", book->cell_xfs);

      g_ptr_array_add (texts, content);
      ADD ("xl/styles.xml", content);
      g_string_append_printf (rels, "<Relationship Id=\"rId101\" Type=\"%s/styles\" "
                              "Target=\"/xl/styles.xml\"/>", NS_REL);
    }
  g_string_append (rels, "</Relationships>");
  ADD ("xl/workbook.xml", book->workbook ? book->workbook : workbook->str);
  ADD ("xl/_rels/workbook.xml.rels", rels->str);
#undef ADD

  return write_zip (dir, file, (ZipEntry *) entries->data, entries->len, book->stored);
}

static char *
write_one_sheet (const char *dir,
                 const char *file,
                 const char *shared,
                 const char *rows)
{
  MiniSheet sheet = { "spend", rows, NULL };
  MiniBook book = { FALSE, shared, NULL, NULL, &sheet, 1, NULL, FALSE };

  return write_mini_xlsx (dir, file, &book);
}

static void
check_lxw (lxw_error err)
{
  if (err != LXW_NO_ERROR)
    g_error ("libxlsxwriter: %s", lxw_strerror (err));
}

static lxw_workbook *
new_workbook (const char *path,
              const char *tmpdir,
              gboolean    constant_memory)
{
  lxw_workbook_options options = { .constant_memory = constant_memory,
                                   .tmpdir = (char *) tmpdir };
  lxw_workbook *workbook = workbook_new_opt (path, &options);

  g_assert_nonnull (workbook);
  return workbook;
}

static PdXlsxBook *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdXlsxBook *book = pd_xlsx_book_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (book);
  return book;
}

static void
assert_message_names_file (const GError *error,
                           const char   *file)
{
  if (!g_str_has_prefix (error->message, file))
    g_error ("“%s” does not start with the file name %s", error->message, file);
}

/* ---- values from an Excel-like workbook ------------------------------------------ */

static void
test_values (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "pack.xlsx", NULL);
  lxw_workbook *workbook = new_workbook (path, dir, FALSE);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "spend");
  lxw_format *dmy = workbook_add_format (workbook);
  lxw_format *stamp = workbook_add_format (workbook);
  lxw_format *percent = workbook_add_format (workbook);
  lxw_format *pounds = workbook_add_format (workbook);
  lxw_format *long_date = workbook_add_format (workbook);
  lxw_format *builtin14 = workbook_add_format (workbook);
  lxw_format *clock = workbook_add_format (workbook);
  lxw_format *bold = workbook_add_format (workbook);
  lxw_datetime april = { 2009, 4, 1, 0, 0, 0 };
  lxw_datetime april_morning = { 2009, 4, 1, 10, 30, 0 };
  lxw_datetime half_past_ten = { 0, 0, 0, 10, 30, 0 };
  lxw_rich_string_tuple bold_run = { bold, "Acute " };
  lxw_rich_string_tuple plain_run = { NULL, "trust" };
  lxw_rich_string_tuple *runs[] = { &bold_run, &plain_run, NULL };
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  format_set_num_format (dmy, "dd/mm/yyyy");
  format_set_num_format (stamp, "yyyy-mm-dd hh:mm:ss");
  format_set_num_format (percent, "0.00%");
  format_set_num_format (pounds, "£#,##0");
  format_set_num_format (long_date, "[$-809]dd mmmm yyyy");
  format_set_num_format_index (builtin14, 14);
  format_set_num_format (clock, "h:mm");
  format_set_bold (bold);

  check_lxw (worksheet_write_string (sheet, 0, 0, "code", NULL));
  check_lxw (worksheet_write_string (sheet, 0, 1, "amount", NULL));
  check_lxw (worksheet_write_string (sheet, 1, 0, "00L", NULL));
  check_lxw (worksheet_write_number (sheet, 1, 1, 1234.56, NULL));
  check_lxw (worksheet_write_number (sheet, 1, 2, 42, NULL));
  check_lxw (worksheet_write_number (sheet, 1, 3, -5, NULL));
  check_lxw (worksheet_write_number (sheet, 1, 4, 1e20, NULL));
  check_lxw (worksheet_write_number (sheet, 1, 5, 0.125, percent));
  check_lxw (worksheet_write_number (sheet, 1, 6, 1234, pounds));
  check_lxw (worksheet_write_boolean (sheet, 1, 7, 1, NULL));
  check_lxw (worksheet_write_boolean (sheet, 1, 8, 0, NULL));
  check_lxw (worksheet_write_formula_str (sheet, 1, 9, "=\"a\"&\"b\"", NULL, "ab"));
  check_lxw (worksheet_write_datetime (sheet, 2, 0, &april, dmy));
  check_lxw (worksheet_write_datetime (sheet, 2, 1, &april_morning, stamp));
  check_lxw (worksheet_write_datetime (sheet, 2, 2, &april, long_date));
  check_lxw (worksheet_write_datetime (sheet, 2, 3, &april, builtin14));
  check_lxw (worksheet_write_datetime (sheet, 2, 4, &half_past_ten, clock));
  check_lxw (worksheet_write_rich_string (sheet, 3, 0, runs, NULL));
  check_lxw (worksheet_write_string (sheet, 3, 1, "  padded  ", NULL));
  check_lxw (worksheet_write_string (sheet, 3, 2, "Croydon — £5 “quoted”", NULL));
  check_lxw (worksheet_write_string (sheet, 3, 3, "00L", NULL));
  check_lxw (workbook_close (workbook));

  g_assert_true (pd_xlsx_is_xlsx_file (path));
  book = open_ok (path);
  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, 1);
  g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 0), ==, "spend");
  g_assert_false (pd_xlsx_book_uses_1904 (book));
  rows = read_sheet (book, 0);

  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpuint (row_number (rows, 0), ==, 1);
  assert_cell (rows, 0, 0, PD_CELL_TEXT, "code");
  assert_cell (rows, 0, 1, PD_CELL_TEXT, "amount");
  g_assert_cmpuint (n_cells (rows, 0), ==, 2);

  assert_cell (rows, 1, 0, PD_CELL_TEXT, "00L");
  assert_number (rows, 1, 1, PD_CELL_NUMBER, "1234.56", 1234.56);
  assert_number (rows, 1, 2, PD_CELL_NUMBER, "42", 42);
  assert_number (rows, 1, 3, PD_CELL_NUMBER, "-5", -5);
  assert_number (rows, 1, 4, PD_CELL_NUMBER, "1e+20", 1e20);
  assert_number (rows, 1, 5, PD_CELL_NUMBER, "0.125", 0.125);   /* 0.00% is no date */
  assert_number (rows, 1, 6, PD_CELL_NUMBER, "1234", 1234);     /* £#,##0 is no date */
  assert_cell (rows, 1, 7, PD_CELL_BOOLEAN, "TRUE");
  assert_cell (rows, 1, 8, PD_CELL_BOOLEAN, "FALSE");
  assert_cell (rows, 1, 9, PD_CELL_TEXT, "ab");

  assert_number (rows, 2, 0, PD_CELL_DATE, "2009-04-01", 39904);
  assert_number (rows, 2, 1, PD_CELL_DATE, "2009-04-01T10:30:00", 39904.4375);
  assert_number (rows, 2, 2, PD_CELL_DATE, "2009-04-01", 39904);
  assert_number (rows, 2, 3, PD_CELL_DATE, "2009-04-01", 39904);
  /* A time of day alone is day 0 of the 1900 system, Excel's "1900-01-00". */
  assert_number (rows, 2, 4, PD_CELL_DATE, "1899-12-31T10:30:00", 0.4375);

  assert_cell (rows, 3, 0, PD_CELL_TEXT, "Acute trust");
  assert_cell (rows, 3, 1, PD_CELL_TEXT, "  padded  ");
  assert_cell (rows, 3, 2, PD_CELL_TEXT, "Croydon — £5 “quoted”");
  assert_cell (rows, 3, 3, PD_CELL_TEXT, "00L");
  g_assert_cmpfloat (((TestRow *) g_ptr_array_index (rows, 3))->progress, <=, 1.0);

  pd_test_scratch_free (dir);
}

/* Numbers arrive as the shortest decimal that reads back as the same double. */
static void
test_numbers_round_trip (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = write_one_sheet (dir, "numbers.xlsx", NULL,
    "<row r=\"1\">"
    "<c r=\"A1\"><v>0.30000000000000004</v></c>"
    "<c r=\"B1\"><v>1234.5599999999999</v></c>"
    "<c r=\"C1\"><v>0.1</v></c>"
    "<c r=\"D1\"><v>-0</v></c>"
    "<c r=\"E1\"><v>1.5E-3</v></c>"
    "<c r=\"F1\"><v>123456789012345678</v></c>"
    "<c r=\"G1\" t=\"n\"><v>007</v></c>"
    "<c r=\"H1\"><v>2.2250738585072014E-308</v></c>"
    "</row>");
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = read_sheet (book, 0);

  assert_number (rows, 0, 0, PD_CELL_NUMBER, "0.30000000000000004", 0.1 + 0.2);
  assert_number (rows, 0, 1, PD_CELL_NUMBER, "1234.56", 1234.56);
  assert_number (rows, 0, 2, PD_CELL_NUMBER, "0.1", 0.1);
  assert_number (rows, 0, 3, PD_CELL_NUMBER, "0", 0);
  assert_number (rows, 0, 4, PD_CELL_NUMBER, "0.0015", 0.0015);
  assert_number (rows, 0, 5, PD_CELL_NUMBER, "1.2345678901234568e+17", 123456789012345678.0);
  assert_number (rows, 0, 6, PD_CELL_NUMBER, "7", 7);
  assert_number (rows, 0, 7, PD_CELL_NUMBER, "2.2250738585072014e-308", 2.2250738585072014E-308);

  pd_test_scratch_free (dir);
}

/* ---- dates --------------------------------------------------------------------------- */

static const char *date_xfs =
  "<xf numFmtId=\"0\"/>"       /* 0: General */
  "<xf numFmtId=\"14\"/>"      /* 1: built-in short date */
  "<xf numFmtId=\"22\"/>"      /* 2: built-in date and time */
  "<xf numFmtId=\"164\"/>"     /* 3: dd/mm/yyyy */
  "<xf numFmtId=\"165\"/>"     /* 4: [$-809]dd mmmm yyyy */
  "<xf numFmtId=\"166\"/>"     /* 5: 0.00% */
  "<xf numFmtId=\"167\"/>"     /* 6: £#,##0 */
  "<xf numFmtId=\"168\"/>"     /* 7: "Day "0 — a d inside quotes */
  "<xf numFmtId=\"169\"/>"     /* 8: [h]:mm:ss — elapsed time */
  "<xf numFmtId=\"10\"/>"      /* 9: built-in 0.00% */
  "<xf numFmtId=\"45\"/>"      /* 10: built-in mm:ss */
  "<xf numFmtId=\"170\"/>"     /* 11: [Red]#,##0.00;[Blue]\\-#,##0.00 */
  "<xf numFmtId=\"171\"/>";    /* 12: 0.0_s — an s after _ is a space width */

static const char *date_fmts =
  "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
  "<numFmt numFmtId=\"165\" formatCode=\"[$-809]dd mmmm yyyy\"/>"
  "<numFmt numFmtId=\"166\" formatCode=\"0.00%\"/>"
  "<numFmt numFmtId=\"167\" formatCode=\"£#,##0\"/>"
  "<numFmt numFmtId=\"168\" formatCode=\"&quot;Day &quot;0\"/>"
  "<numFmt numFmtId=\"169\" formatCode=\"[h]:mm:ss\"/>"
  "<numFmt numFmtId=\"170\" formatCode=\"[Red]#,##0.00;[Blue]\\-#,##0.00\"/>"
  "<numFmt numFmtId=\"171\" formatCode=\"0.0_s\"/>";

static void
test_date_formats (void)
{
  char *dir = pd_test_scratch_new ();
  g_autoptr(GString) cells = g_string_new ("<row r=\"1\">");
  MiniSheet sheet = { "dates", NULL, NULL };
  MiniBook mini = { FALSE, NULL, date_fmts, date_xfs, &sheet, 1, NULL, FALSE };
  g_autofree char *path = NULL;
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const gboolean is_date[] = { FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, TRUE,
                               FALSE, TRUE, FALSE, FALSE };

  for (guint s = 0; s < G_N_ELEMENTS (is_date); s++)
    g_string_append_printf (cells, "<c s=\"%u\"><v>39904</v></c>", s);
  g_string_append (cells, "</row>");
  sheet.rows = cells->str;
  path = write_mini_xlsx (dir, "formats.xlsx", &mini);

  book = open_ok (path);
  rows = read_sheet (book, 0);
  for (guint s = 0; s < G_N_ELEMENTS (is_date); s++)
    {
      if (is_date[s])
        assert_number (rows, 0, s, PD_CELL_DATE, "2009-04-01", 39904);
      else
        assert_number (rows, 0, s, PD_CELL_NUMBER, "39904", 39904);
    }

  pd_test_scratch_free (dir);
}

/* Excel kept Lotus 1-2-3's leap day: serial 60 is 29 February 1900, a day that never was,
 * so the serials before it are one day off the plain count. */
static void
test_dates_1900_quirk (void)
{
  char *dir = pd_test_scratch_new ();
  MiniSheet sheet = { "dates",
    "<row r=\"1\"><c s=\"1\"><v>1</v></c><c s=\"1\"><v>59</v></c><c s=\"1\"><v>60</v></c>"
    "<c s=\"1\"><v>61</v></c><c s=\"1\"><v>39904</v></c><c s=\"2\"><v>39904.4375</v></c>"
    "<c s=\"2\"><v>59.5</v></c><c s=\"2\"><v>40633.999999999</v></c>"
    "<c s=\"1\"><v>-1</v></c></row>", NULL };
  MiniBook mini = { FALSE, NULL, date_fmts, date_xfs, &sheet, 1, NULL, FALSE };
  g_autofree char *path = write_mini_xlsx (dir, "quirk.xlsx", &mini);
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = read_sheet (book, 0);

  g_assert_false (pd_xlsx_book_uses_1904 (book));
  assert_number (rows, 0, 0, PD_CELL_DATE, "1900-01-01", 1);
  assert_number (rows, 0, 1, PD_CELL_DATE, "1900-02-28", 59);
  assert_number (rows, 0, 2, PD_CELL_DATE, "1900-02-29", 60);
  assert_number (rows, 0, 3, PD_CELL_DATE, "1900-03-01", 61);
  assert_number (rows, 0, 4, PD_CELL_DATE, "2009-04-01", 39904);
  assert_number (rows, 0, 5, PD_CELL_DATE, "2009-04-01T10:30:00", 39904.4375);
  assert_number (rows, 0, 6, PD_CELL_DATE, "1900-02-28T12:00:00", 59.5);
  /* A hair before midnight rounds to the next day, not to 23:59:60. */
  assert_number (rows, 0, 7, PD_CELL_DATE, "2011-04-01", 40633.999999999);
  /* Excel shows no date before its epoch: a negative serial stays a number. */
  assert_number (rows, 0, 8, PD_CELL_NUMBER, "-1", -1);

  pd_test_scratch_free (dir);
}

/* Old Mac workbooks count from 1 January 1904; the reader hands on 1900-system serials. */
static void
test_dates_1904 (void)
{
  char *dir = pd_test_scratch_new ();
  MiniSheet sheet = { "dates",
    "<row r=\"1\"><c s=\"1\"><v>0</v></c><c s=\"1\"><v>38442</v></c>"
    "<c s=\"2\"><v>38442.75</v></c><c s=\"0\"><v>38442</v></c></row>", NULL };
  MiniBook mini = { TRUE, NULL, date_fmts, date_xfs, &sheet, 1, NULL, FALSE };
  g_autofree char *path = write_mini_xlsx (dir, "mac.xlsx", &mini);
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = read_sheet (book, 0);

  g_assert_true (pd_xlsx_book_uses_1904 (book));
  assert_number (rows, 0, 0, PD_CELL_DATE, "1904-01-01", 1462);
  assert_number (rows, 0, 1, PD_CELL_DATE, "2009-04-01", 39904);
  assert_number (rows, 0, 2, PD_CELL_DATE, "2009-04-01T18:00:00", 39904.75);
  /* Not a date format: the number is the workbook's own. */
  assert_number (rows, 0, 3, PD_CELL_NUMBER, "38442", 38442);

  pd_test_scratch_free (dir);
}

/* ---- cell types, strings, sparse sheets ------------------------------------------ */

static void
test_cell_types (void)
{
  char *dir = pd_test_scratch_new ();
  const char *shared =
    "<si><t>plain</t></si>"
    "<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space=\"preserve\">text </t></r>"
    "<r><t>here</t></r></si>"
    "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>"
    "<si><t>line_x000D_break and _x005F_x0041_ kept</t></si>"
    "<si><t/></si>"
    "<si><t>&lt;tag&gt; &amp; &#163;5</t></si>";
  MiniSheet sheet = { "types",
    "<row r=\"1\">"
    "<c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"s\"><v>2</v></c>"
    "<c r=\"D1\" t=\"s\"><v>3</v></c>"
    "<c r=\"E1\" t=\"s\"><v>5</v></c>"
    "</row>"
    "<row r=\"2\">"
    "<c r=\"A2\" t=\"inlineStr\"><is><t>inline</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><r><t>in</t></r><r><rPr><i/></rPr><t>line rich</t></r>"
    "</is></c>"
    "<c r=\"C2\" t=\"str\"><f>A1&amp;\"!\"</f><v>plain!</v></c>"
    "<c r=\"D2\" t=\"b\"><v>1</v></c>"
    "<c r=\"E2\" t=\"b\"><v>0</v></c>"
    "<c r=\"F2\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
    "<c r=\"G2\" t=\"e\"><v>#DIV/0!</v></c>"
    "<c r=\"H2\" t=\"d\"><v>2009-04-01T10:30:00</v></c>"
    "<c r=\"I2\"><f>1+1</f><v>2</v></c>"
    "<c r=\"J2\" t=\"s\"><v>4</v></c>"
    "<c r=\"K2\" s=\"0\"/>"
    "<c r=\"L2\" t=\"d\"><v>1900-02-28</v></c>"
    "<c r=\"M2\"><v>1</v></c>"
    "<c r=\"N2\"/>"
    "</row>", NULL };
  MiniBook mini = { FALSE, shared, NULL, "<xf numFmtId=\"0\"/>", &sheet, 1, NULL, FALSE };
  g_autofree char *path = write_mini_xlsx (dir, "types.xlsx", &mini);
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = read_sheet (book, 0);

  g_assert_cmpuint (rows->len, ==, 2);
  assert_cell (rows, 0, 0, PD_CELL_TEXT, "plain");
  assert_cell (rows, 0, 1, PD_CELL_TEXT, "Rich text here");
  assert_cell (rows, 0, 2, PD_CELL_TEXT, "東京");   /* the phonetic guide is left out */
  assert_cell (rows, 0, 3, PD_CELL_TEXT, "line\rbreak and _x0041_ kept");
  assert_cell (rows, 0, 4, PD_CELL_TEXT, "<tag> & £5");

  assert_cell (rows, 1, 0, PD_CELL_TEXT, "inline");
  assert_cell (rows, 1, 1, PD_CELL_TEXT, "inline rich");
  assert_cell (rows, 1, 2, PD_CELL_TEXT, "plain!");
  assert_number (rows, 1, 3, PD_CELL_BOOLEAN, "TRUE", 1);
  assert_number (rows, 1, 4, PD_CELL_BOOLEAN, "FALSE", 0);
  assert_cell (rows, 1, 5, PD_CELL_ERROR, "#N/A");
  assert_cell (rows, 1, 6, PD_CELL_ERROR, "#DIV/0!");
  assert_number (rows, 1, 7, PD_CELL_DATE, "2009-04-01T10:30:00", 39904.4375);
  assert_number (rows, 1, 8, PD_CELL_NUMBER, "2", 2);
  assert_cell (rows, 1, 9, PD_CELL_EMPTY, "");      /* an empty shared string */
  assert_cell (rows, 1, 10, PD_CELL_EMPTY, "");     /* a formatted cell with no value */
  assert_number (rows, 1, 11, PD_CELL_DATE, "1900-02-28", 59);
  assert_number (rows, 1, 12, PD_CELL_NUMBER, "1", 1);
  /* The trailing valueless N2 is not delivered. */
  g_assert_cmpuint (n_cells (rows, 1), ==, 13);

  pd_test_scratch_free (dir);
}

static void
test_sparse (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = write_one_sheet (dir, "sparse.xlsx", NULL,
    "<row r=\"2\"><c r=\"B2\"><v>1</v></c></row>"
    "<row r=\"7\"><c r=\"C7\"><v>3</v></c><c r=\"F7\"><v>6</v></c></row>"
    "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E8\"><v>5</v></c><c><v>6</v></c></row>"
    "<row r=\"10\" ht=\"20\" customHeight=\"1\"/>"
    "<row r=\"11\"><c r=\"A11\" s=\"0\"/><c r=\"B11\"><v>2</v></c><c r=\"C11\" s=\"0\"/></row>");
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = read_sheet (book, 0);

  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpuint (row_number (rows, 0), ==, 2);
  g_assert_cmpuint (n_cells (rows, 0), ==, 2);
  assert_cell (rows, 0, 0, PD_CELL_EMPTY, "");
  assert_number (rows, 0, 1, PD_CELL_NUMBER, "1", 1);

  g_assert_cmpuint (row_number (rows, 1), ==, 7);
  g_assert_cmpuint (n_cells (rows, 1), ==, 6);
  assert_cell (rows, 1, 0, PD_CELL_EMPTY, "");
  assert_cell (rows, 1, 1, PD_CELL_EMPTY, "");
  assert_number (rows, 1, 2, PD_CELL_NUMBER, "3", 3);
  assert_cell (rows, 1, 3, PD_CELL_EMPTY, "");
  assert_cell (rows, 1, 4, PD_CELL_EMPTY, "");
  assert_number (rows, 1, 5, PD_CELL_NUMBER, "6", 6);

  /* A row without r follows the last; cells without r follow theirs. */
  g_assert_cmpuint (row_number (rows, 2), ==, 8);
  g_assert_cmpuint (n_cells (rows, 2), ==, 6);
  assert_number (rows, 2, 0, PD_CELL_NUMBER, "1", 1);
  assert_number (rows, 2, 1, PD_CELL_NUMBER, "2", 2);
  assert_cell (rows, 2, 2, PD_CELL_EMPTY, "");
  assert_number (rows, 2, 4, PD_CELL_NUMBER, "5", 5);
  assert_number (rows, 2, 5, PD_CELL_NUMBER, "6", 6);

  g_assert_cmpuint (row_number (rows, 3), ==, 10);
  g_assert_cmpuint (n_cells (rows, 3), ==, 0);

  g_assert_cmpuint (row_number (rows, 4), ==, 11);
  g_assert_cmpuint (n_cells (rows, 4), ==, 2);

  pd_test_scratch_free (dir);
}

/* ---- sheets ---------------------------------------------------------------------------- */

static void
test_sheets (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "kinds.xlsx", NULL);
  lxw_workbook *workbook = new_workbook (path, dir, FALSE);
  const char *names[] = { "organisations", "spend", "Notes & sources" };
  g_autoptr(PdXlsxBook) book = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      lxw_worksheet *sheet = workbook_add_worksheet (workbook, names[i]);

      for (guint r = 0; r <= i; r++)
        check_lxw (worksheet_write_string (sheet, r, 0, names[i], NULL));
    }
  check_lxw (workbook_close (workbook));

  book = open_ok (path);
  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPtrArray) rows = read_sheet (book, i);

      g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, i), ==, names[i]);
      g_assert_cmpuint (rows->len, ==, i + 1);
      assert_cell (rows, i, 0, PD_CELL_TEXT, names[i]);
    }

  /* A sheet can be read again. */
  {
    g_autoptr(GPtrArray) again = read_sheet (book, 1);

    g_assert_cmpuint (again->len, ==, 2);
  }

  pd_test_scratch_free (dir);
}

/* Workbook order wins over the order of parts and relationships; targets may be absolute,
 * relative with "..", and chart sheets are left out. */
static void
test_sheet_order (void)
{
  char *dir = pd_test_scratch_new ();
  const char *sheet_xml = XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
                          "<row r=\"1\"><c t=\"inlineStr\"><is><t>%s</t></is></c></row>"
                          "</sheetData></worksheet>";
  g_autofree char *first = g_strdup_printf (sheet_xml, "first");
  g_autofree char *second = g_strdup_printf (sheet_xml, "second");
  ZipEntry entries[] = {
    { "xl/worksheets/zzz.xml", first, -1 },
    { "xl/worksheets/aaa.xml", second, -1 },
    { "xl/chartsheets/sheet1.xml", XML_HEAD "<chartsheet xmlns=\"" NS_MAIN "\"/>", -1 },
    { "xl/_rels/workbook.xml.rels",
      XML_HEAD "<Relationships xmlns=\"" NS_PKG "\">"
      "<Relationship Id=\"rId9\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/aaa.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"" NS_REL "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" "
      "Target=\"./worksheets/../worksheets/zzz.xml\"/>"
      "<Relationship Id=\"rId5\" Type=\"" NS_REL "/hyperlink\" "
      "Target=\"https://example.org/\" TargetMode=\"External\"/>"
      "</Relationships>", -1 },
    { "xl/workbook.xml",
      XML_HEAD "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
      "<sheet name=\"Zeta\" sheetId=\"7\" r:id=\"rId1\"/>"
      "<sheet name=\"Chart\" sheetId=\"2\" r:id=\"rId2\"/>"
      "<sheet name=\"Alpha\" sheetId=\"3\" r:id=\"rId9\" state=\"hidden\"/>"
      "</sheets></workbook>", -1 },
  };
  g_autofree char *path = write_zip (dir, "order.xlsx", entries, G_N_ELEMENTS (entries), FALSE);
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) zeta = NULL;
  g_autoptr(GPtrArray) alpha = NULL;

  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, 2);
  g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 0), ==, "Zeta");
  g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 1), ==, "Alpha");
  zeta = read_sheet (book, 0);
  alpha = read_sheet (book, 1);
  assert_cell (zeta, 0, 0, PD_CELL_TEXT, "first");
  assert_cell (alpha, 0, 0, PD_CELL_TEXT, "second");

  pd_test_scratch_free (dir);
}

/* ---- a big sheet ------------------------------------------------------------------- */

/* Sampled (PCTDASH_TEST_SAMPLE=N, valgrind): a Nth of the rows. */
#define LARGE_ROWS 100000

typedef struct
{
  guint64 rows;
  guint64 bad;
  gint64  sum;
  double  last_progress;
} LargeCheck;

static gboolean
large_cb (const PdRow *row,
          gpointer     user_data,
          GError     **error)
{
  LargeCheck *check = user_data;
  guint64 i = row->number - 1;
  char expected[64];

  if (row->progress < check->last_progress || row->progress > 1.0)
    check->bad++;
  check->last_progress = row->progress;
  check->rows++;

  if (i == 0)
    {
      if (row->n_cells != 4 || strcmp (row->cells[0].text, "id") != 0
          || strcmp (row->cells[3].text, "date") != 0)
        check->bad++;
      return TRUE;
    }

  g_snprintf (expected, sizeof expected, "%" G_GUINT64_FORMAT, i);
  if (row->n_cells != 4 || row->cells[0].type != PD_CELL_NUMBER
      || strcmp (row->cells[0].text, expected) != 0)
    check->bad++;
  g_snprintf (expected, sizeof expected, "RX%05" G_GUINT64_FORMAT, i % 1000);
  if (row->cells[1].type != PD_CELL_TEXT || strcmp (row->cells[1].text, expected) != 0)
    check->bad++;
  g_snprintf (expected, sizeof expected, "%" G_GUINT64_FORMAT ".25", i);
  if (row->cells[2].type != PD_CELL_NUMBER || strcmp (row->cells[2].text, expected) != 0)
    check->bad++;
  if (row->cells[3].type != PD_CELL_DATE || row->cells[3].number != 39904 + (double) (i % 365))
    check->bad++;
  check->sum += (gint64) row->cells[0].number;
  return TRUE;
}

static void
test_large_sheet (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "large.xlsx", NULL);
  /* constant_memory mode writes inline strings, as streaming writers do. */
  lxw_workbook *workbook = new_workbook (path, dir, TRUE);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "spend");
  lxw_format *date = workbook_add_format (workbook);
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GError) error = NULL;
  LargeCheck check = { 0 };
  gint64 start;
  guint n_rows = (guint) pd_test_sample_size (LARGE_ROWS, 1000);

  format_set_num_format (date, "yyyy-mm-dd");
  check_lxw (worksheet_write_string (sheet, 0, 0, "id", NULL));
  check_lxw (worksheet_write_string (sheet, 0, 1, "provider", NULL));
  check_lxw (worksheet_write_string (sheet, 0, 2, "amount", NULL));
  check_lxw (worksheet_write_string (sheet, 0, 3, "date", NULL));
  for (guint i = 1; i < n_rows; i++)
    {
      char code[16];

      g_snprintf (code, sizeof code, "RX%05u", i % 1000);
      check_lxw (worksheet_write_number (sheet, i, 0, i, NULL));
      check_lxw (worksheet_write_string (sheet, i, 1, code, NULL));
      check_lxw (worksheet_write_number (sheet, i, 2, i + 0.25, NULL));
      check_lxw (worksheet_write_number (sheet, i, 3, 39904 + i % 365, date));
    }
  check_lxw (workbook_close (workbook));

  start = g_get_monotonic_time ();
  book = open_ok (path);
  g_assert_true (pd_xlsx_book_read_sheet (book, 0, large_cb, &check, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("read %u rows in %.2f s", n_rows,
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (check.rows, ==, n_rows);
  g_assert_cmpuint (check.bad, ==, 0);
  g_assert_cmpint (check.sum, ==, (gint64) (n_rows - 1) * n_rows / 2);
  g_assert_cmpfloat (check.last_progress, >, 0.99);

  pd_test_scratch_free (dir);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       rows;
} CancelCheck;

static gboolean
cancel_cb (const PdRow *row,
           gpointer     user_data,
           GError     **error)
{
  CancelCheck *check = user_data;

  if (++check->rows == 5000)
    g_cancellable_cancel (check->cancellable);
  return TRUE;
}

static gboolean
refuse_cb (const PdRow *row,
           gpointer     user_data,
           GError     **error)
{
  if (row->number == 3)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "row 3 is wrong");
      return FALSE;
    }
  return TRUE;
}

static void
test_cancel (void)
{
  char *dir = pd_test_scratch_new ();
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelCheck check = { cancellable, 0 };

  for (guint i = 1; i <= 20000; i++)
    g_string_append_printf (rows, "<row r=\"%u\"><c><v>%u</v></c></row>", i, i);
  path = write_one_sheet (dir, "cancel.xlsx", NULL, rows->str);
  book = open_ok (path);

  g_assert_false (pd_xlsx_book_read_sheet (book, 0, cancel_cb, &check, cancellable, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED);
  assert_message_names_file (error, "cancel.xlsx");
  /* Stopped within the next few thousand rows, not at the end. */
  g_assert_cmpuint (check.rows, >=, 5000);
  g_assert_cmpuint (check.rows, <, 10000);
  g_clear_error (&error);

  /* The callback's own error comes back untouched. */
  g_assert_false (pd_xlsx_book_read_sheet (book, 0, refuse_cb, NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "row 3 is wrong");

  pd_test_scratch_free (dir);
}

/* ---- hostile and broken input ---------------------------------------------------- */

static void
assert_open_fails (const char         *path,
                   const PdXlsxLimits *limits,
                   int                 code,
                   const char         *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (path, limits, &error);

  g_assert_null (book);
  g_assert_error (error, PD_IMPORT_ERROR, code);
  g_test_message ("%s", error->message);
  assert_message_names_file (error, base);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
assert_read_fails (const char *path,
                   int         code,
                   const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = open_ok (path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) test_row_free);

  g_assert_false (pd_xlsx_book_read_sheet (book, 0, collect_cb, rows, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start “%s”", error->message, prefix);
}

static void
test_zip_bomb (void)
{
  char *dir = pd_test_scratch_new ();
  /* Sampled (PCTDASH_TEST_SAMPLE): 4 MiB, still over the 1 MiB floor of the ratio check. */
  gsize len = pd_test_sample_size (50 << 20, 4 << 20);
  g_autofree char *spaces = g_malloc (len + 200);
  g_autofree char *path = NULL;
  gsize head, tail;
  GStatBuf st;
  PdXlsxLimits tight = { .max_ratio = 2 };
  MiniSheet sheet = { "spend", "<row r=\"1\"><c><v>1</v></c></row>", NULL };
  MiniBook mini = { FALSE, NULL, NULL, NULL, &sheet, 1, NULL, FALSE };
  g_autofree char *small = NULL;

  /* 50 MiB of XML whitespace inside an otherwise valid sheet: deflate shrinks it about
   * a thousand times. */
  head = (gsize) g_snprintf (spaces, 200, XML_HEAD "<worksheet xmlns=\"%s\"><sheetData>", NS_MAIN);
  memset (spaces + head, ' ', len);
  tail = (gsize) g_snprintf (spaces + head + len, 100, "</sheetData></worksheet>");
  sheet.raw = spaces;
  (void) tail;
  path = write_mini_xlsx (dir, "bomb.xlsx", &mini);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 200 * 1024);
  assert_open_fails (path, NULL, PD_IMPORT_ERROR_UNSAFE, "zip bomb");

  /* The same caps, tightened by the caller. */
  sheet.raw = NULL;
  small = write_mini_xlsx (dir, "small.xlsx", &mini);
  {
    PdXlsxLimits tiny = { .max_uncompressed = 100 };

    assert_open_fails (small, &tiny, PD_IMPORT_ERROR_TOO_LARGE, "limit");
  }
  /* Below 1 MiB a part is never refused for its ratio alone. */
  {
    g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (small, &tight, NULL);

    g_assert_nonnull (book);
  }

  pd_test_scratch_free (dir);
}

static void
test_not_xlsx (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *csv = pd_test_write_file (dir, "spend.xlsx",
                                             "commissioner,year\n5A1,2009\n", -1);
  g_autofree char *empty = pd_test_write_file (dir, "empty.xlsx", "", 0);
  g_autofree char *xls = pd_test_write_file (dir, "old.xlsx",
                                             "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
  g_autofree char *missing = g_build_filename (dir, "missing.xlsx", NULL);
  g_autofree char *pk_junk = pd_test_write_file (dir, "junk.xlsx",
                                                 "PK\003\004 and then nothing", -1);
  ZipEntry entries[] = { { "readme.txt", "not a workbook", -1 } };
  g_autofree char *plain_zip = write_zip (dir, "plain.xlsx", entries, 1, FALSE);

  g_assert_false (pd_xlsx_is_xlsx_file (csv));
  g_assert_false (pd_xlsx_is_xlsx_file (empty));
  g_assert_false (pd_xlsx_is_xlsx_file (missing));
  g_assert_true (pd_xlsx_is_xlsx_file (plain_zip));

  assert_open_fails (csv, NULL, PD_IMPORT_ERROR_MALFORMED, "not a zip archive");
  assert_open_fails (empty, NULL, PD_IMPORT_ERROR_EMPTY, "empty");
  assert_open_fails (xls, NULL, PD_IMPORT_ERROR_MALFORMED, ".xls");
  assert_open_fails (missing, NULL, PD_IMPORT_ERROR_IO, "");
  assert_open_fails (pk_junk, NULL, PD_IMPORT_ERROR_MALFORMED, "truncated");
  assert_open_fails (plain_zip, NULL, PD_IMPORT_ERROR_MALFORMED, "xl/workbook.xml");

  pd_test_scratch_free (dir);
}

static void
test_truncated (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "whole.xlsx", NULL);
  lxw_workbook *workbook = new_workbook (path, dir, FALSE);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "spend");
  g_autofree char *bytes = NULL;
  gsize len;
  const double cuts[] = { 0.5, 0.9, 0.999 };

  for (guint i = 0; i < 200; i++)
    check_lxw (worksheet_write_number (sheet, i, 0, i * 1.5, NULL));
  check_lxw (workbook_close (workbook));
  bytes = pd_test_read_file (path, &len);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut%u.xlsx", i);
      g_autofree char *cut = pd_test_write_file (dir, name, bytes, (gssize) (len * cuts[i]));

      assert_open_fails (cut, NULL, PD_IMPORT_ERROR_MALFORMED, "truncated");
    }

  pd_test_scratch_free (dir);
}

/* A byte changed inside a stored (uncompressed) sheet: only the CRC can tell. */
static void
test_damaged_member (void)
{
  char *dir = pd_test_scratch_new ();
  MiniSheet sheet = { "spend", "<row r=\"1\"><c><v>12345</v></c></row>", NULL };
  MiniBook mini = { FALSE, NULL, NULL, NULL, &sheet, 1, NULL, TRUE };
  g_autofree char *path = write_mini_xlsx (dir, "damaged.xlsx", &mini);
  g_autofree char *bytes = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *stamp = NULL;
  char *digit;
  gsize len;

  /* The intact file reads. */
  {
    g_autoptr(PdXlsxBook) book = open_ok (path);
    g_autoptr(GPtrArray) rows = read_sheet (book, 0);

    assert_number (rows, 0, 0, PD_CELL_NUMBER, "12345", 12345);
  }

  bytes = pd_test_read_file (path, &len);
  digit = NULL;
  for (gsize i = 0; i + 5 <= len && digit == NULL; i++)   /* the zip has NULs: no strstr */
    if (memcmp (bytes + i, "12345", 5) == 0)
      digit = bytes + i;
  g_assert_nonnull (digit);
  digit[0] = '9';
  damaged = pd_test_write_file (dir, "damaged2.xlsx", bytes, (gssize) len);
  assert_read_fails (damaged, PD_IMPORT_ERROR_MALFORMED,
                     "damaged2.xlsx, sheet “spend”: the part is damaged");

  /* An impossible date stamp on the sheet (month 0) in the zip directory: libgsf would
   * raise a GLib critical, fatal under these tests, so the reader must refuse it first. */
  digit[0] = '1';
  for (gsize i = 0; i + 46 + 24 <= len; i++)
    if (memcmp (bytes + i, "PK\001\002", 4) == 0
        && memcmp (bytes + i + 46, "xl/worksheets/sheet1.xml", 24) == 0)
      {
        bytes[i + 14] = 0x01;   /* day 1, month 0 … */
        bytes[i + 15] = 0x3a;   /* … of 2009 */
        stamp = pd_test_write_file (dir, "stamp.xlsx", bytes, (gssize) len);
      }
  g_assert_nonnull (stamp);
  assert_open_fails (stamp, NULL, PD_IMPORT_ERROR_MALFORMED, "date stamp is impossible");

  pd_test_scratch_free (dir);
}

static void
test_no_workbook (void)
{
  char *dir = pd_test_scratch_new ();
  ZipEntry entries[] = {
    { "[Content_Types].xml", XML_HEAD "<Types/>", -1 },
    { "xl/worksheets/sheet1.xml", XML_HEAD "<worksheet><sheetData/></worksheet>", -1 },
  };
  g_autofree char *path = write_zip (dir, "noworkbook.xlsx", entries, G_N_ELEMENTS (entries),
                                     FALSE);
  MiniBook none = { FALSE, NULL, NULL, NULL, NULL, 0, NULL, FALSE };
  g_autofree char *empty = write_mini_xlsx (dir, "nosheets.xlsx", &none);

  assert_open_fails (path, NULL, PD_IMPORT_ERROR_MALFORMED, "has no xl/workbook.xml");

  /* A Word document is a zip with an office document, but no workbook. */
  {
    ZipEntry docx[] = {
      { "_rels/.rels",
        XML_HEAD "<Relationships xmlns=\"" NS_PKG "\">"
        "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" "
        "Target=\"word/document.xml\"/>"
        "</Relationships>", -1 },
      { "word/document.xml", XML_HEAD "<w:document xmlns:w=\"urn:w\"><w:body/></w:document>", -1 },
    };
    g_autofree char *word = write_zip (dir, "letter.xlsx", docx, G_N_ELEMENTS (docx), FALSE);

    assert_open_fails (word, NULL, PD_IMPORT_ERROR_MALFORMED, "its main part is a “document”");
  }
  assert_open_fails (empty, NULL, PD_IMPORT_ERROR_EMPTY, "no worksheets");

  pd_test_scratch_free (dir);
}

static void
test_doctype (void)
{
  char *dir = pd_test_scratch_new ();
  const char *laughs =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE worksheet [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    "]>\n"
    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">"
    "<c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
  const char *external =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE sst [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<sst xmlns=\"" NS_MAIN "\"><si><t>&secret;</t></si></sst>";
  MiniSheet sheet = { "spend", NULL, laughs };
  MiniBook mini = { FALSE, NULL, NULL, NULL, &sheet, 1, NULL, FALSE };
  g_autofree char *path = write_mini_xlsx (dir, "laughs.xlsx", &mini);
  ZipEntry entries[] = {
    { "xl/workbook.xml",
      XML_HEAD "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
      "<sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", -1 },
    { "xl/_rels/workbook.xml.rels",
      XML_HEAD "<Relationships xmlns=\"" NS_PKG "\">"
      "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sst.xml\"/>"
      "</Relationships>", -1 },
    { "xl/sheet1.xml", XML_HEAD "<worksheet><sheetData/></worksheet>", -1 },
    { "xl/sst.xml", external, -1 },
  };
  g_autofree char *xxe = write_zip (dir, "xxe.xlsx", entries, G_N_ELEMENTS (entries), FALSE);
  MiniBook in_workbook = { FALSE, NULL, NULL, NULL, &sheet, 1,
                           "<?xml version=\"1.0\"?><!DOCTYPE workbook><workbook/>", FALSE };
  g_autofree char *doctype_workbook = write_mini_xlsx (dir, "doctype.xlsx", &in_workbook);

  assert_read_fails (path, PD_IMPORT_ERROR_UNSAFE, "laughs.xlsx, sheet “spend”: ");

  /* In UTF-16 the byte search cannot see the DOCTYPE: libxml2's reader must still stop. */
  {
    const char *utf8 =
      "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
      "<!DOCTYPE worksheet [<!ENTITY name \"value\">]>"
      "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">"
      "<c t=\"inlineStr\"><is><t>&name;</t></is></c></row></sheetData></worksheet>";
    gsize len = 0;
    g_autofree char *utf16 = g_convert (utf8 + 3, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
    g_autofree char *with_bom = g_malloc (len + 2);
    MiniSheet wide_sheet = { "spend", NULL, NULL };
    MiniBook wide = { FALSE, NULL, NULL, NULL, &wide_sheet, 1, NULL, FALSE };
    g_autofree char *wide_path = NULL;

    g_assert_nonnull (utf16);
    memcpy (with_bom, "\xff\xfe", 2);
    memcpy (with_bom + 2, utf16, len);
    wide_sheet.raw = with_bom;
    wide_sheet.raw_len = (gssize) len + 2;
    wide_path = write_mini_xlsx (dir, "utf16.xlsx", &wide);
    assert_read_fails (wide_path, PD_IMPORT_ERROR_UNSAFE, "utf16.xlsx, sheet “spend”: ");
  }
  assert_open_fails (xxe, NULL, PD_IMPORT_ERROR_UNSAFE, "DOCTYPE");
  assert_open_fails (doctype_workbook, NULL, PD_IMPORT_ERROR_UNSAFE, "DOCTYPE");

  pd_test_scratch_free (dir);
}

static void
test_bad_cells (void)
{
  char *dir = pd_test_scratch_new ();
  const char *shared = "<si><t>a</t></si><si><t>b</t></si>";
  g_autofree char *sst = write_one_sheet (dir, "sst.xlsx", shared,
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"B3\" t=\"s\"><v>2</v></c></row>");
  g_autofree char *negative = write_one_sheet (dir, "negative.xlsx", shared,
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>");
  g_autofree char *xfe = write_one_sheet (dir, "xfe.xlsx", NULL,
    "<row r=\"4\"><c r=\"XFD4\"><v>1</v></c></row>"
    "<row r=\"5\"><c r=\"XFE5\"><v>1</v></c></row>");
  g_autofree char *far_row = write_one_sheet (dir, "farrow.xlsx", NULL,
    "<row r=\"1048577\"><c><v>1</v></c></row>");
  g_autofree char *nan = write_one_sheet (dir, "nan.xlsx", NULL,
    "<row r=\"2\"><c r=\"C2\"><v>12abc</v></c></row>");
  g_autofree char *backwards = write_one_sheet (dir, "backwards.xlsx", NULL,
    "<row r=\"5\"><c><v>1</v></c></row><row r=\"4\"><c><v>1</v></c></row>");
  g_autofree char *broken = write_one_sheet (dir, "broken.xlsx", NULL,
    "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></row>");
  g_autofree char *wide = write_one_sheet (dir, "wide.xlsx", NULL,
    "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"D1\"><v>1</v></c></row>");
  g_autofree char *bad_bool = write_one_sheet (dir, "bool.xlsx", NULL,
    "<row r=\"9\"><c r=\"B9\" t=\"b\"><v>yes</v></c></row>");

  assert_read_fails (sst, PD_IMPORT_ERROR_MALFORMED,
                     "sst.xlsx, sheet “spend”: row 3, column B: "
                     "shared string “2” does not exist");
  assert_read_fails (negative, PD_IMPORT_ERROR_MALFORMED,
                     "negative.xlsx, sheet “spend”: row 1, column A: shared string");
  assert_read_fails (xfe, PD_IMPORT_ERROR_MALFORMED,
                     "xfe.xlsx, sheet “spend”: row 5: the cell reference “XFE5” is beyond");
  assert_read_fails (far_row, PD_IMPORT_ERROR_MALFORMED,
                     "farrow.xlsx, sheet “spend”: row 1048577: the row is beyond");
  assert_read_fails (nan, PD_IMPORT_ERROR_MALFORMED,
                     "nan.xlsx, sheet “spend”: row 2, column C: “12abc” is not a number");
  assert_read_fails (backwards, PD_IMPORT_ERROR_MALFORMED,
                     "backwards.xlsx, sheet “spend”: row 4: ");
  assert_read_fails (broken, PD_IMPORT_ERROR_MALFORMED,
                     "broken.xlsx, sheet “spend”: broken XML at line ");
  assert_read_fails (bad_bool, PD_IMPORT_ERROR_MALFORMED,
                     "bool.xlsx, sheet “spend”: row 9, column B: “yes” is not a boolean");

  /* One cell's text is capped at 1 MiB. */
  {
    gsize len = (1 << 20) + 1;
    guint32 seed = 1;
    g_autoptr(GString) rows = g_string_new ("<row r=\"2\"><c r=\"E2\" t=\"inlineStr\"><is><t>");
    g_autofree char *huge = NULL;


    /* Letters that do not repeat, or the part would be refused as a zip bomb first. */
    for (gsize i = 0; i < len; i++)
      {
        seed = seed * 1103515245u + 12345u;
        g_string_append_c (rows, 'a' + (seed >> 16) % 26);
      }
    g_string_append (rows, "</t></is></c></row>");
    huge = write_one_sheet (dir, "huge.xlsx", NULL, rows->str);
    assert_read_fails (huge, PD_IMPORT_ERROR_TOO_LARGE,
                       "huge.xlsx, sheet “spend”: row 2, column E: the cell holds more than");
  }

  /* A caller's own column cap. */
  {
    PdXlsxLimits limits = { .max_columns = 3 };
    g_autoptr(GError) error = NULL;
    g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (wide, &limits, &error);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) test_row_free);

    g_assert_no_error (error);
    g_assert_false (pd_xlsx_book_read_sheet (book, 0, collect_cb, rows, NULL, &error));
    g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (error->message,
                                     "wide.xlsx, sheet “spend”: row 1, column D: "));
  }

  pd_test_scratch_free (dir);
}

static void
test_shared_strings_cap (void)
{
  char *dir = pd_test_scratch_new ();
  g_autoptr(GString) shared = g_string_new (NULL);
  g_autofree char *path = NULL;
  PdXlsxLimits limits = { .max_shared_strings = 4096 };

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (shared, "<si><t>string number %u</t></si>", i);
  path = write_one_sheet (dir, "strings.xlsx", shared->str,
                          "<row r=\"1\"><c t=\"s\"><v>999</v></c></row>");

  assert_open_fails (path, &limits, PD_IMPORT_ERROR_TOO_LARGE,
                     "strings.xlsx, part xl/sharedStrings.xml: the shared strings take more");
  {
    g_autoptr(PdXlsxBook) book = open_ok (path);
    g_autoptr(GPtrArray) rows = read_sheet (book, 0);

    assert_cell (rows, 0, 0, PD_CELL_TEXT, "string number 999");
  }

  pd_test_scratch_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gsf_init ();

  g_test_add_func ("/pctdash/import/xlsx/values", test_values);
  g_test_add_func ("/pctdash/import/xlsx/numbers-round-trip", test_numbers_round_trip);
  g_test_add_func ("/pctdash/import/xlsx/date-formats", test_date_formats);
  g_test_add_func ("/pctdash/import/xlsx/dates-1900-quirk", test_dates_1900_quirk);
  g_test_add_func ("/pctdash/import/xlsx/dates-1904", test_dates_1904);
  g_test_add_func ("/pctdash/import/xlsx/cell-types", test_cell_types);
  g_test_add_func ("/pctdash/import/xlsx/sparse", test_sparse);
  g_test_add_func ("/pctdash/import/xlsx/sheets", test_sheets);
  g_test_add_func ("/pctdash/import/xlsx/sheet-order", test_sheet_order);
  g_test_add_func ("/pctdash/import/xlsx/large-sheet", test_large_sheet);
  g_test_add_func ("/pctdash/import/xlsx/cancel", test_cancel);
  g_test_add_func ("/pctdash/import/xlsx/zip-bomb", test_zip_bomb);
  g_test_add_func ("/pctdash/import/xlsx/not-xlsx", test_not_xlsx);
  g_test_add_func ("/pctdash/import/xlsx/truncated", test_truncated);
  g_test_add_func ("/pctdash/import/xlsx/damaged-member", test_damaged_member);
  g_test_add_func ("/pctdash/import/xlsx/no-workbook", test_no_workbook);
  g_test_add_func ("/pctdash/import/xlsx/doctype", test_doctype);
  g_test_add_func ("/pctdash/import/xlsx/bad-cells", test_bad_cells);
  g_test_add_func ("/pctdash/import/xlsx/shared-strings-cap", test_shared_strings_cap);

  return g_test_run ();
}
