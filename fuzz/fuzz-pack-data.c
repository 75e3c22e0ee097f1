/* fuzz-pack-data.c — fuzz-pack's input and harness (fuzz-pack.c), with the two steps
 * after our code that are neither ours nor under test here replaced, so that a run does
 * several times the executions (docs/fuzzing.md):
 *
 *  - libxlsxwriter's packaging (workbook_close: every part's XML, zlib, the zip) becomes
 *    a check of what our code gave the workbook — every sheet name, defined name and
 *    shared string valid UTF-8 within Excel's limits, and the text libxlsxwriter writes
 *    into XML as it is (sheet names, footers, document properties, links' locations and
 *    texts, and the cells a chart caches: its titles, series names and categories) free
 *    of characters XML cannot carry — and lxw_workbook_free();
 *  - cairo's PNG encoder (libpng, zlib) becomes a PNG of only the signature, the header
 *    with the chart's size and the end (all libxlsxwriter reads of an image).
 *
 * Everything before them runs as in fuzz-pack: the workspace, pd_board_pack_write's
 * queries, sheets, cells, formats, native and rendered charts (pd_chart_render), images
 * and the PDF pack. The stand-ins are definitions in this program, which the linker binds
 * our static libraries' calls to ahead of the shared libraries'; only this target has
 * them, and fuzz-pack (libFuzzer and the fuzz-regress replay) keeps the real path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cairo.h>
#include <xlsxwriter.h>

#define FUZZ_PACK_DATA 1
#include "fuzz-pack.c"

/* Text libxlsxwriter would write as XML: valid UTF-8, at most @max_chars characters. */
static void
check_text (const char *text,
            glong       max_chars)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, max_chars);
}

/* Text libxlsxwriter writes into XML unescaped: none of the characters XML 1.0 cannot
 * carry (pd_export_xml_text()). */
static void
check_raw_xml (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_assert_false ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                      c == 0xFFFE || c == 0xFFFF);
    }
}

/* libxlsxwriter's trees of rows and cells, walked in order (its own walkers are static). */
RB_GENERATE_MINMAX (lxw_table_rows, lxw_row, tree_pointers, static)
RB_GENERATE_NEXT (lxw_table_rows, lxw_row, tree_pointers, static)
RB_GENERATE_MINMAX (lxw_table_cells, lxw_cell, tree_pointers, static)
RB_GENERATE_NEXT (lxw_table_cells, lxw_cell, tree_pointers, static)

/* A link's location, text and tooltip go into the sheet's <hyperlink> as they are. */
static void
check_links (lxw_worksheet *worksheet)
{
  lxw_row *row;
  lxw_cell *cell;

  if (worksheet->hyperlinks == NULL)
    return;
  RB_FOREACH (row, lxw_table_rows, worksheet->hyperlinks)
    RB_FOREACH (cell, lxw_table_cells, row->cells)
      {
        check_raw_xml (cell->u.string);
        check_raw_xml (cell->user_data1);
        check_raw_xml (cell->user_data2);
      }
}

/* workbook_close copies the text cells a chart refers to into the chart's XML (its
 * caches) as they are. */
static void
check_range (lxw_workbook           *workbook,
             const lxw_series_range *range)
{
  lxw_worksheet *worksheet;

  if (range == NULL || range->sheetname == NULL)
    return;
  worksheet = workbook_get_worksheet_by_name (workbook, range->sheetname);
  g_assert_nonnull (worksheet);
  g_assert_cmpuint (range->first_row, <=, range->last_row);
  g_assert_cmpuint (range->first_col, <=, range->last_col);
  for (lxw_row_t r = range->first_row; r <= range->last_row; r++)
    {
      lxw_row *row = lxw_worksheet_find_row (worksheet, r);

      for (lxw_col_t c = range->first_col; row != NULL && c <= range->last_col; c++)
        {
          lxw_cell *cell = lxw_worksheet_find_cell_in_row (row, c);

          if (cell != NULL && cell->type == STRING_CELL)
            check_raw_xml (cell->sst_string);
        }
    }
}

static void
check_chart (lxw_workbook *workbook,
             lxw_chart    *chart)
{
  lxw_chart_series *series;

  check_raw_xml (chart->title.name);
  check_range (workbook, chart->title.range);
  check_raw_xml (chart->x_axis->title.name);
  check_range (workbook, chart->x_axis->title.range);
  check_raw_xml (chart->y_axis->title.name);
  check_range (workbook, chart->y_axis->title.range);
  STAILQ_FOREACH (series, chart->series_list, list_pointers)
    {
      check_raw_xml (series->title.name);
      check_range (workbook, series->title.range);
      check_range (workbook, series->categories);
    }
}

/* Stands in for libxlsxwriter's: checks the workbook our code built, then frees it.
 * pd_export_workbook_close() then renames its (empty) temporary file into place. */
lxw_error
workbook_close (lxw_workbook *workbook)
{
  lxw_worksheet *worksheet;
  lxw_defined_name *name;
  struct sst_element *element;
  lxw_chart *chart;
  guint n_worksheets = 0;

  g_assert_nonnull (workbook);
  STAILQ_FOREACH (worksheet, workbook->worksheets, list_pointers)
    {
      check_text (worksheet->name, LXW_SHEETNAME_MAX);
      check_raw_xml (worksheet->name);
      check_raw_xml (worksheet->header);
      check_raw_xml (worksheet->footer);
      check_links (worksheet);
      n_worksheets++;
    }
  g_assert_cmpuint (n_worksheets, ==, workbook->num_worksheets);
  g_assert_cmpuint (n_worksheets, >, 0);
  TAILQ_FOREACH (name, workbook->defined_names, list_pointers)
    {
      check_text (name->name, LXW_DEFINED_NAME_LENGTH);
      check_text (name->formula, LXW_DEFINED_NAME_LENGTH);
    }
  if (workbook->properties != NULL)
    {
      check_raw_xml (workbook->properties->title);
      check_raw_xml (workbook->properties->subject);
      check_raw_xml (workbook->properties->company);
      check_raw_xml (workbook->properties->category);
      check_raw_xml (workbook->properties->comments);
    }
  STAILQ_FOREACH (chart, workbook->charts, list_pointers)
    check_chart (workbook, chart);
  STAILQ_FOREACH (element, workbook->sst->order_list, sst_order_pointers)
    check_text (element->string, 32767);  /* Excel's most in a cell */
  lxw_workbook_free (workbook);
  return LXW_NO_ERROR;
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  return crc;
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };
  g_byte_array_append (out, bytes, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              guint32       len)
{
  guint32 crc = crc32_update (0xffffffffu, (const guint8 *) type, 4);

  append_be32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  append_be32 (out, ~crc32_update (crc, data, len));
}

/* Stands in for cairo's: the drawing finished (cairo_surface_flush), a PNG of the
 * surface's size without image data. */
cairo_status_t
cairo_surface_write_to_png_stream (cairo_surface_t   *surface,
                                   cairo_write_func_t write_func,
                                   void              *closure)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 width, height;
  guint8 header[13] = { 0 };

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return cairo_surface_status (surface);
  g_assert_cmpint (cairo_surface_get_type (surface), ==, CAIRO_SURFACE_TYPE_IMAGE);
  cairo_surface_flush (surface);
  width = (guint32) cairo_image_surface_get_width (surface);
  height = (guint32) cairo_image_surface_get_height (surface);

  g_byte_array_append (out, signature, sizeof signature);
  header[0] = width >> 24, header[1] = width >> 16, header[2] = width >> 8, header[3] = width;
  header[4] = height >> 24, header[5] = height >> 16, header[6] = height >> 8;
  header[7] = height;
  header[8] = 8;  /* bits a channel */
  header[9] = 6;  /* RGBA */
  append_chunk (out, "IHDR", header, sizeof header);
  append_chunk (out, "IEND", NULL, 0);
  return write_func (closure, out->data, out->len);
}
