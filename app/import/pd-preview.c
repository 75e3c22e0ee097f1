/* pd-preview.c — what a file holds before it is imported: its kind, first rows, problems
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first rows are read straight from the CSV or XLSX reader, so a preview shows the
 * file as it is, header and all, even when the importer would refuse it. The problems
 * come from the importer itself, run as a dry run (PdImportOptions.dry_run): the same
 * parsing and checks as the real import, in a transaction that is rolled back.
 */

#include "config.h"

#include <string.h>

#include "import/pd-csv-reader.h"
#include "import/pd-preview.h"
#include "import/pd-xlsx-reader.h"

/* The importer looks this far for a header; so does the preview. */
#define ROWS_BEFORE_HEADER 20

/* The callbacks stop a read early with this error, which is then dropped. */
#define PREVIEW_STOP (g_quark_from_static_string ("pd-preview-stop"))

static void
preview_table_free (PdPreviewTable *table)
{
  g_free (table->sheet);
  g_strfreev (table->header);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

void
pd_preview_free (PdPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->path);
  g_free (preview->file_name);
  g_free (preview->format);
  g_clear_pointer (&preview->tables, g_ptr_array_unref);
  g_clear_pointer (&preview->check, pd_import_report_free);
  g_free (preview->message);
  g_free (preview);
}

typedef struct
{
  PdPreviewTable *table;
  PdKind          forced;    /* the sheet name's or the caller's kind */
  guint           n_rows;
  GStrv           first;     /* the first non-blank row, shown when no header is found */
  guint64         first_number;
} ReadState;

static GStrv
row_texts (const PdRow *row)
{
  GStrv texts = g_new0 (char *, row->n_cells + 1);
  guint n = row->n_cells;

  /* Trailing empty cells are not columns. */
  while (n > 0 && row->cells[n - 1].text[0] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    texts[i] = g_utf8_make_valid (row->cells[i].text, row->cells[i].len);
  return texts;
}

static gboolean
preview_row_cb (const PdRow  *row,
                gpointer      user_data,
                GError      **error)
{
  ReadState *state = user_data;
  PdPreviewTable *table = state->table;

  if (table->header_row == 0)
    {
      gboolean blank = TRUE;

      for (guint i = 0; i < row->n_cells && blank; i++)
        blank = strspn (row->cells[i].text, " \t") == row->cells[i].len;
      if (blank)
        return TRUE;
      if (state->first == NULL)
        {
          state->first = row_texts (row);
          state->first_number = row->number;
        }

      if (state->forced != PD_KIND_UNKNOWN)
        {
          if (pd_import_header_score (state->forced, row) >= 0)
            table->kind = state->forced;
        }
      else
        table->kind = pd_import_detect_kind (row);

      if (table->kind != PD_KIND_UNKNOWN)
        {
          table->header_row = row->number;
          table->header = row_texts (row);
          return TRUE;
        }
      if (row->number >= ROWS_BEFORE_HEADER)
        {
          g_set_error_literal (error, PREVIEW_STOP, 0, "no header");
          return FALSE;
        }
      return TRUE;
    }

  if (table->rows->len == 0)
    table->row_numbers_first = row->number;
  g_ptr_array_add (table->rows, row_texts (row));
  if (table->rows->len >= state->n_rows)
    {
      g_set_error_literal (error, PREVIEW_STOP, 0, "enough rows");
      return FALSE;
    }
  return TRUE;
}

static PdPreviewTable *
preview_table_new (const char *sheet)
{
  PdPreviewTable *table = g_new0 (PdPreviewTable, 1);

  table->sheet = g_strdup (sheet);
  table->kind = PD_KIND_UNKNOWN;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

/* With no header found, the table shows its first rows as they are. */
static void
read_finished (ReadState *state)
{
  PdPreviewTable *table = state->table;

  if (table->header_row == 0)
    {
      table->kind = PD_KIND_UNKNOWN;
      table->header = g_steal_pointer (&state->first);
      table->row_numbers_first = state->first_number;
    }
  g_clear_pointer (&state->first, g_strfreev);
}

static gboolean
swallow_stop (gboolean   ok,
              GError   **error)
{
  if (!ok && error != NULL && *error != NULL && (*error)->domain == PREVIEW_STOP)
    {
      g_clear_error (error);
      return TRUE;
    }
  return ok;
}

static gboolean
read_csv (PdPreview     *preview,
          PdKind         kind,
          guint          n_rows,
          GCancellable  *cancellable,
          GError       **error)
{
  PdPreviewTable *table = preview_table_new (NULL);
  ReadState state = { table, kind, n_rows, NULL, 0 };
  GError *local = NULL;
  gboolean ok;

  g_ptr_array_add (preview->tables, table);
  ok = pd_csv_read_file (preview->path, NULL, preview_row_cb, &state, NULL, cancellable, &local);
  ok = swallow_stop (ok, &local);
  read_finished (&state);
  if (!ok)
    g_propagate_error (error, local);
  return ok;
}

static gboolean
read_xlsx (PdPreview     *preview,
           PdKind         kind,
           guint          n_rows,
           GCancellable  *cancellable,
           GError       **error)
{
  PdXlsxLimits limits = { .max_columns = 256 };
  g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (preview->path, &limits, error);
  guint n_sheets;

  if (book == NULL)
    return FALSE;
  n_sheets = pd_xlsx_book_get_n_sheets (book);
  for (guint i = 0; i < n_sheets; i++)
    {
      const char *name = pd_xlsx_book_get_sheet_name (book, i);
      PdPreviewTable *table = preview_table_new (name);
      PdKind named = pd_kind_from_string (name);
      ReadState state = { table, named != PD_KIND_UNKNOWN ? named : kind, n_rows, NULL, 0 };
      GError *local = NULL;
      gboolean ok;

      g_ptr_array_add (preview->tables, table);
      ok = pd_xlsx_book_read_sheet (book, i, preview_row_cb, &state, cancellable, &local);
      ok = swallow_stop (ok, &local);
      read_finished (&state);
      if (!ok)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * pd_preview_file:
 * @workspace: (nullable): a connection of this thread to run the dry run on, or %NULL
 *   for none
 * @path: a CSV or XLSX file
 * @kind: the kind to read it as, or %PD_KIND_UNKNOWN to detect it as the importer does
 * @n_rows: rows to keep after each table's header
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Returns: (transfer full): the preview; %NULL when @path could not be read at all or
 *   the preview was cancelled
 */
PdPreview *
pd_preview_file (PdWorkspace   *workspace,
                 const char    *path,
                 PdKind         kind,
                 guint          n_rows,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PdPreview) preview = NULL;
  g_autoptr(GError) read_error = NULL;
  gboolean xlsx;

  g_return_val_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  xlsx = pd_xlsx_is_xlsx_file (path);
  preview = g_new0 (PdPreview, 1);
  preview->path = g_strdup (path);
  preview->file_name = g_filename_display_basename (path);
  preview->format = g_strdup (xlsx ? "xlsx" : "csv");
  preview->kind = kind;
  preview->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_table_free);

  if (!(xlsx ? read_xlsx (preview, kind, MAX (n_rows, 1), cancellable, &read_error)
             : read_csv (preview, kind, MAX (n_rows, 1), cancellable, &read_error)))
    {
      gboolean read_any = FALSE;

      for (guint i = 0; i < preview->tables->len; i++)
        read_any |= ((PdPreviewTable *) g_ptr_array_index (preview->tables, i))->header != NULL;
      if (g_cancellable_is_cancelled (cancellable) || !read_any)
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          return NULL;
        }
      /* What was read is still worth showing beside the reason it stopped. */
      preview->message = g_strdup (read_error->message);
    }

  if (workspace != NULL && preview->message == NULL)
    {
      PdImportOptions options = { .kind = kind, .dry_run = TRUE };
      g_autoptr(GError) check_error = NULL;

      preview->check = pd_import_file (workspace, path, &options, NULL, NULL, cancellable,
                                       &check_error);
      if (check_error != NULL)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_propagate_error (error, g_steal_pointer (&check_error));
              return NULL;
            }
          /* With problems, the list says it all; the message's first line sums it up. */
          if (preview->check != NULL && preview->check->problems->len > 0)
            {
              const char *newline = strchr (check_error->message, '\n');

              preview->message = newline != NULL
                                 ? g_strndup (check_error->message, newline - check_error->message)
                                 : g_strdup (check_error->message);
            }
          else
            preview->message = g_strdup (check_error->message);
        }
    }

  return g_steal_pointer (&preview);
}

guint64
pd_preview_count_rows (const PdPreview *preview)
{
  guint64 rows = 0;

  g_return_val_if_fail (preview != NULL, 0);

  if (preview->check == NULL || preview->message != NULL)
    return 0;
  for (int k = 0; k < PD_N_KINDS; k++)
    rows += preview->check->rows[k];
  return rows;
}

char *
pd_preview_problem_location (const PdImportProblem *problem)
{
  GString *out;

  g_return_val_if_fail (problem != NULL, NULL);

  out = g_string_new (problem->file);
  if (problem->sheet != NULL)
    g_string_append_printf (out, ", sheet “%s”", problem->sheet);
  if (problem->row > 0)
    g_string_append_printf (out, ", row %" G_GUINT64_FORMAT, problem->row);
  if (problem->column > 0)
    {
      g_autofree char *letter = pd_column_name (problem->column);

      g_string_append_printf (out, ", column %s", letter);
      if (problem->column_name != NULL)
        g_string_append_printf (out, " (%s)", problem->column_name);
    }
  return g_string_free (out, FALSE);
}

char *
pd_preview_problems_text (const PdPreview *preview)
{
  GString *out;

  g_return_val_if_fail (preview != NULL, NULL);

  out = g_string_new (NULL);
  if (preview->message != NULL)
    g_string_append_printf (out, "%s\n", preview->message);
  for (guint i = 0; preview->check != NULL && i < preview->check->problems->len; i++)
    {
      const PdImportProblem *problem = g_ptr_array_index (preview->check->problems, i);
      g_autofree char *where = pd_preview_problem_location (problem);

      g_string_append_printf (out, "%s: %s\n", where, problem->reason);
    }
  return g_string_free (out, FALSE);
}
