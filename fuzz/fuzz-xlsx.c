/* fuzz-xlsx.c — bytes → the XLSX reader (libgsf's zip, libxml2's reader, shared strings,
 * styles, dates) → every sheet's rows. The reader opens a path, so the bytes go to one
 * file, made once a process in /dev/shm (memory) where there is one, rewritten in place
 * for each input (no file made or removed per input) and removed at exit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "import/pd-xlsx-reader.h"
#include "fuzz-common.h"

static char *tmp_path;
static int   tmp_fd = -1;

static void
remove_tmp (void)
{
  close (tmp_fd);
  g_unlink (tmp_path);
  g_free (tmp_path);
}

/* Once a process: the file each input is written to, kept open. */
static void
make_tmp (void)
{
  g_autofree char *template = NULL;
  const char *dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();

  template = g_build_filename (dir, "fuzz-xlsx-XXXXXX.xlsx", NULL);
  tmp_fd = g_mkstemp (template);
  if (tmp_fd < 0)
    {
      /* /dev/shm may be there but not writable (some containers): the usual folder. */
      g_free (template);
      template = g_build_filename (g_get_tmp_dir (), "fuzz-xlsx-XXXXXX.xlsx", NULL);
      tmp_fd = g_mkstemp (template);
    }
  if (tmp_fd < 0)
    g_error ("cannot make %s: %s", template, g_strerror (errno));
  tmp_path = g_steal_pointer (&template);
  atexit (remove_tmp);
}

/* @data becomes the whole of the file: written over its start, then cut to @size. */
static void
write_tmp (const uint8_t *data,
           size_t         size)
{
  size_t done = 0;

  while (done < size)
    {
      ssize_t n = pwrite (tmp_fd, data + done, size - done, (off_t) done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("cannot write %s: %s", tmp_path, g_strerror (errno));
      done += (size_t) n;
    }
  if (ftruncate (tmp_fd, (off_t) size) != 0)
    g_error ("cannot write %s: %s", tmp_path, g_strerror (errno));
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
    make_tmp ();
  write_tmp (data, size);

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
