/* fuzz-xlsx.c — bytes → the XLSX reader (libgsf's zip, libxml2's reader, shared strings,
 * styles, dates) → every sheet's rows. The reader opens a path, so the bytes go to one
 * temporary file, rewritten for each input and removed at exit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "import/pd-xlsx-reader.h"
#include "fuzz-common.h"

static char *tmp_path;

static void
remove_tmp (void)
{
  g_unlink (tmp_path);
  g_free (tmp_path);
}

static gboolean
on_row (const PdRow *row, gpointer user_data, GError **error)
{
  guint *n_rows = user_data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_assert (strlen (row->cells[i].text) == row->cells[i].len);
      g_assert (g_utf8_validate (row->cells[i].text, -1, NULL));
    }
  if (++*n_rows > 2000)
    {
      g_set_error_literal (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED, "enough rows");
      return FALSE;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Small caps, so a few kilobytes can reach them. */
  PdXlsxLimits limits = { .max_uncompressed = 16 << 20, .max_shared_strings = 1 << 20,
                          .max_columns = 256 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = NULL;

  if (tmp_path == NULL)
    {
      int fd = g_file_open_tmp ("fuzz-xlsx-XXXXXX.xlsx", &tmp_path, NULL);
      g_assert (fd >= 0);
      close (fd);
      atexit (remove_tmp);
    }
  if (!g_file_set_contents (tmp_path, (const char *) data, size, NULL))
    g_error ("cannot write %s", tmp_path);

  book = pd_xlsx_book_open (tmp_path, &limits, &error);
  if (book == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
    {
      g_autoptr(GError) sheet_error = NULL;
      guint n_rows = 0;

      g_assert (pd_xlsx_book_get_sheet_name (book, i) != NULL);
      if (!pd_xlsx_book_read_sheet (book, i, on_row, &n_rows, NULL, &sheet_error))
        g_assert (sheet_error != NULL);
    }
  (void) pd_xlsx_book_uses_1904 (book);
  return 0;
}
