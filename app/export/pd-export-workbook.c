/* pd-export-workbook.c — an xlsx workbook written the board pack's way
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "export/pd-export-workbook.h"
#include "store/pd-workspace.h"

/* Excel's limits, which libxlsxwriter enforces by refusing the call. */
#define SHEET_NAME_MAX_CHARS   31
#define STRING_MAX_CHARS       32767
#define HEADER_FOOTER_MAX      255

struct _PdExportWorkbook
{
  lxw_workbook    *workbook;     /* NULL once closed */
  char            *path;         /* the target */
  char            *temp_path;    /* where libxlsxwriter writes; renamed to path at the end */
  char            *dir;
  char            *footer;
  PdExportFormats  formats;
  GPtrArray       *sheets;       /* of PdExportSheet */
  GHashTable      *sheet_names;  /* casefolded sheet names taken */
  GHashTable      *object_names; /* casefolded table and defined names: one namespace */
  GError          *error;        /* the first failure; later calls are ignored */
};

G_DEFINE_QUARK (pd-export-error-quark, pd_export_error)

static void
sheet_free (PdExportSheet *sheet)
{
  g_free (sheet->name);
  g_free (sheet->title);
  g_free (sheet->description);
  g_free (sheet);
}

static lxw_format *
add_format (lxw_workbook *workbook,
            const char   *num_format,
            gboolean      bold,
            double        size)
{
  lxw_format *format = workbook_add_format (workbook);

  if (num_format != NULL)
    format_set_num_format (format, num_format);
  if (bold)
    format_set_bold (format);
  if (size > 0)
    format_set_font_size (format, size);
  format_set_align (format, LXW_ALIGN_VERTICAL_TOP);
  return format;
}

static void
init_formats (PdExportWorkbook *self)
{
  lxw_workbook *wb = self->workbook;
  PdExportFormats *f = &self->formats;

  f->title = add_format (wb, NULL, TRUE, 16);
  f->subtitle = add_format (wb, NULL, FALSE, 11);
  format_set_italic (f->subtitle);
  f->heading = add_format (wb, NULL, TRUE, 13);
  f->header = add_format (wb, NULL, TRUE, 0);
  format_set_text_wrap (f->header);
  f->label = add_format (wb, NULL, TRUE, 0);
  f->text = add_format (wb, NULL, FALSE, 0);
  format_set_text_wrap (f->text);
  /* Negative money in red with a minus sign, so it survives a black-and-white printer. */
  f->pounds = add_format (wb, "£#,##0;[Red]-£#,##0", FALSE, 0);
  f->pounds_exact = add_format (wb, "£#,##0.00;[Red]-£#,##0.00", FALSE, 0);
  f->percent = add_format (wb, "0.0%", FALSE, 0);
  f->number = add_format (wb, "#,##0.00", FALSE, 0);
  f->integer = add_format (wb, "#,##0", FALSE, 0);
  f->month = add_format (wb, "mmm yyyy", FALSE, 0);
  f->timestamp = add_format (wb, "yyyy-mm-dd hh:mm", FALSE, 0);
  f->link = add_format (wb, NULL, FALSE, 0);
  format_set_underline (f->link, LXW_UNDERLINE_SINGLE);
  format_set_font_color (f->link, LXW_COLOR_BLUE);
}

/**
 * pd_export_xml_text:
 * @text: (nullable): text for a part of the file that libxlsxwriter writes as it is
 *
 * @text without the characters XML 1.0 cannot carry: the C0 controls other than tab, line
 * feed and carriage return, and U+FFFE and U+FFFF (invalid UTF-8 is replaced first).
 * libxlsxwriter escapes them in cell text, but writes footers, document properties, chart
 * titles (and the cached text of a title taken from a cell), image descriptions and a
 * link's text (the <hyperlink> element's display) as they are, and Excel refuses such a
 * file as damaged.
 * Workspace text can hold them (an xlsx cell's `_x0013_`), and so can a marking.
 *
 * Returns: (transfer full): the text, empty for %NULL
 */
char *
pd_export_xml_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *clean = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_len (clean, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (clean, FALSE);
}

/**
 * pd_export_footer_text:
 * @marking: the protective marking, e.g. "OFFICIAL-SENSITIVE"; may be empty
 *
 * The footer every sheet prints: the sheet name on the left, the marking in the middle,
 * "Page N of M" on the right. Characters XML cannot carry are dropped from the marking
 * (pd_export_xml_text()), a literal "&" in it is escaped as "&&", and it is shortened
 * (with an ellipsis) so the whole text stays within Excel's 255.
 *
 * Returns: (transfer full): the footer in Excel's header/footer codes
 */
char *
pd_export_footer_text (const char *marking)
{
  g_autofree char *text = pd_export_xml_text (marking);
  gboolean shortened = FALSE;

  for (;;)
    {
      GString *escaped = g_string_new ("&L&A&C");
      char *footer;

      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '&')
            g_string_append (escaped, "&&");
          else
            g_string_append_c (escaped, *p);
        }
      if (shortened)
        g_string_append (escaped, "…");
      g_string_append (escaped, "&RPage &P of &N");
      footer = g_string_free (escaped, FALSE);
      if (strlen (footer) <= HEADER_FOOTER_MAX)
        return footer;
      g_free (footer);
      /* Drop the last character, never half of one. */
      *g_utf8_find_prev_char (text, text + strlen (text)) = '\0';
      shortened = TRUE;
    }
}

/**
 * pd_export_workbook_new:
 * @path: the xlsx file to write; its folder must exist
 * @marking: the protective marking printed in every footer
 * @error: a #GError
 *
 * Starts a workbook. libxlsxwriter writes to a new temporary file beside @path (so the
 * final rename stays on one file system) and keeps its own scratch files in that folder
 * too; pd_export_workbook_close() renames it to @path, and freeing the workbook without
 * closing it removes it. A folder that cannot be written fails here, before any work.
 *
 * Returns: (transfer full): the workbook, or %NULL with @error set
 */
PdExportWorkbook *
pd_export_workbook_new (const char *path,
                        const char *marking,
                        GError    **error)
{
  g_autoptr(PdExportWorkbook) self = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  lxw_workbook_options options = { 0 };
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (PdExportWorkbook, 1);
  self->path = g_strdup (path);
  self->dir = g_path_get_dirname (path);
  self->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  self->sheet_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->object_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->footer = pd_export_footer_text (marking);

  base = g_path_get_basename (path);
  pd_remove_stale_temp_files (path);
  template = g_strdup_printf (".%s.XXXXXX", base);
  self->temp_path = g_build_filename (self->dir, template, NULL);
  /* 0666 so the file gets the permissions the user's umask gives any new file. */
  fd = g_mkstemp_full (self->temp_path, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (self->dir);

      g_clear_pointer (&self->temp_path, g_free);
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE,
                   "Cannot write a file in the folder “%s”: %s", display,
                   g_strerror (saved_errno));
      return NULL;
    }
  close (fd);

  options.constant_memory = LXW_FALSE;
  options.tmpdir = self->dir;
  self->workbook = workbook_new_opt (self->temp_path, &options);
  if (self->workbook == NULL)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_XLSX,
                   "libxlsxwriter could not start a workbook (out of memory?)");
      return NULL;
    }
  init_formats (self);
  return g_steal_pointer (&self);
}

/**
 * pd_export_workbook_free:
 * @self: a workbook
 *
 * Frees @self. A workbook not closed is abandoned: nothing is written and its temporary
 * file is removed.
 */
void
pd_export_workbook_free (PdExportWorkbook *self)
{
  if (self == NULL)
    return;
  if (self->workbook != NULL)
    lxw_workbook_free (self->workbook);
  if (self->temp_path != NULL)
    g_unlink (self->temp_path);
  g_free (self->path);
  g_free (self->temp_path);
  g_free (self->dir);
  g_free (self->footer);
  g_ptr_array_unref (self->sheets);
  g_hash_table_unref (self->sheet_names);
  g_hash_table_unref (self->object_names);
  g_clear_error (&self->error);
  g_free (self);
}

/**
 * pd_export_workbook_get_lxw:
 * @self: a workbook
 *
 * Returns: (transfer none): libxlsxwriter's workbook, for charts and properties
 */
lxw_workbook *
pd_export_workbook_get_lxw (PdExportWorkbook *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->workbook;
}

/**
 * pd_export_workbook_get_formats:
 * @self: a workbook
 *
 * Returns: (transfer none): the shared cell formats
 */
const PdExportFormats *
pd_export_workbook_get_formats (PdExportWorkbook *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->formats;
}

/**
 * pd_export_workbook_get_temp_path:
 * @self: a workbook
 *
 * Returns: the temporary file libxlsxwriter writes to, or %NULL once it is gone
 */
const char *
pd_export_workbook_get_temp_path (PdExportWorkbook *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->temp_path;
}

/**
 * pd_export_workbook_check:
 * @self: a workbook
 * @status: what a libxlsxwriter call returned
 * @what: what the call did, for the message
 *
 * Keeps the first failure, with libxlsxwriter's own explanation, for
 * pd_export_workbook_close() to report.
 *
 * Returns: %TRUE when @status is success
 */
gboolean
pd_export_workbook_check (PdExportWorkbook *self,
                          lxw_error         status,
                          const char       *what)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (status == LXW_NO_ERROR)
    return TRUE;
  if (self->error == NULL)
    self->error = g_error_new (PD_EXPORT_ERROR, PD_EXPORT_ERROR_XLSX, "%s: %s", what,
                               lxw_strerror (status));
  return FALSE;
}

/**
 * pd_export_workbook_fail:
 * @self: a workbook
 * @format: a printf() format for the message
 *
 * Keeps a failure that did not come from libxlsxwriter, unless one is kept already.
 *
 * Returns: %FALSE
 */
gboolean
pd_export_workbook_fail (PdExportWorkbook *self,
                         const char       *format,
                         ...)
{
  va_list args;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    return FALSE;
  va_start (args, format);
  self->error = g_error_new_valist (PD_EXPORT_ERROR, PD_EXPORT_ERROR_XLSX, format, args);
  va_end (args);
  return FALSE;
}

/**
 * pd_export_workbook_ok:
 * @self: a workbook
 *
 * Returns: %TRUE while no call has failed
 */
gboolean
pd_export_workbook_ok (PdExportWorkbook *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->error == NULL;
}

static gboolean
is_forbidden_in_sheet_name (gunichar c)
{
  return c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\' ||
         g_unichar_iscntrl (c);
}

/* The first @n_chars characters of @text. */
static char *
utf8_prefix (const char *text,
             glong       n_chars)
{
  if (g_utf8_strlen (text, -1) <= n_chars)
    return g_strdup (text);
  return g_strndup (text, g_utf8_offset_to_pointer (text, n_chars) - text);
}

/**
 * pd_export_sheet_name_sanitize:
 * @title: what the sheet should be called
 * @taken: (nullable): casefolded names already used; the new one is added
 *
 * The one place sheet names are made acceptable to Excel: forbidden characters
 * (`[]:*?/\` and control characters) become "-", apostrophes cannot start or end it,
 * it is at most 31 characters, it is not "History" (reserved by Excel), and it differs
 * case-insensitively from every name in @taken, by " (2)", " (3)", … if need be.
 *
 * Returns: (transfer full): the sheet name
 */
char *
pd_export_sheet_name_sanitize (const char *title,
                               GHashTable *taken)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *base = NULL;
  char *name;

  if (title != NULL && g_utf8_validate (title, -1, NULL))
    {
      for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (is_forbidden_in_sheet_name (c))
            g_string_append_c (clean, '-');
          else
            g_string_append_unichar (clean, c);
        }
    }
  /* Excel refuses a name that starts or ends with an apostrophe, and blank ones. */
  while (clean->len > 0 && clean->str[0] == '\'')
    g_string_erase (clean, 0, 1);
  g_strstrip (clean->str);
  clean->len = strlen (clean->str);
  if (clean->len == 0)
    g_string_assign (clean, "Sheet");

  base = utf8_prefix (clean->str, SHEET_NAME_MAX_CHARS);
  while (base[0] != '\0' && base[strlen (base) - 1] == '\'')
    base[strlen (base) - 1] = '\0';
  g_strchomp (base);
  name = g_strdup (base);
  for (guint n = 2;; n++)
    {
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (g_strcmp0 (folded, "history") != 0 &&
          (taken == NULL || !g_hash_table_contains (taken, folded)))
        {
          if (taken != NULL)
            g_hash_table_add (taken, g_steal_pointer (&folded));
          return name;
        }
      g_free (name);
      {
        g_autofree char *suffix = g_strdup_printf (" (%u)", n);
        g_autofree char *stem = utf8_prefix (base, SHEET_NAME_MAX_CHARS - (glong) strlen (suffix));
        g_strchomp (stem);
        name = g_strconcat (stem, suffix, NULL);
      }
    }
}

static gboolean
looks_like_cell_reference (const char *name)
{
  /* A1 style (up to XFD) or R1C1 style: Excel reads these as references, not names. */
  return g_regex_match_simple ("^[A-Za-z]{1,3}[0-9]+$", name, 0, 0) ||
         g_regex_match_simple ("^[Rr][0-9]*([Cc][0-9]*)?$", name, 0, 0) ||
         g_regex_match_simple ("^[Cc][0-9]*$", name, 0, 0);
}

/**
 * pd_export_defined_name_sanitize:
 * @text: what a table or defined name should say, e.g. "Spend mix 2011/12"
 *
 * Makes @text a valid Excel name: letters, digits, "_" and "." only (anything else
 * becomes "_"), starting with a letter or "_", and not readable as a cell reference.
 *
 * Returns: (transfer full): the name
 */
char *
pd_export_defined_name_sanitize (const char *text)
{
  GString *name = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '_' || *p == '.')
        g_string_append_c (name, *p);
      else if (name->len == 0 || name->str[name->len - 1] != '_')
        g_string_append_c (name, '_');
    }
  while (name->len > 1 && name->str[name->len - 1] == '_')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0 || !(g_ascii_isalpha (name->str[0]) || name->str[0] == '_') ||
      looks_like_cell_reference (name->str))
    g_string_prepend_c (name, '_');
  /* Excel's limit for a name is 255 characters. */
  if (name->len > 200)
    g_string_truncate (name, 200);
  return g_string_free (name, FALSE);
}

/* A table or defined name unique in the workbook's one namespace for both. */
static char *
unique_object_name (PdExportWorkbook *self,
                    const char       *text)
{
  g_autofree char *base = pd_export_defined_name_sanitize (text);
  char *name = g_strdup (base);

  for (guint n = 2;; n++)
    {
      g_autofree char *folded = g_ascii_strdown (name, -1);
      if (!g_hash_table_contains (self->object_names, folded))
        {
          g_hash_table_add (self->object_names, g_steal_pointer (&folded));
          return name;
        }
      g_free (name);
      name = g_strdup_printf ("%s_%u", base, n);
    }
}

/**
 * pd_export_workbook_add_sheet:
 * @self: a workbook
 * @title: the sheet's title; its name is sanitised from it
 * @description: one line for the contents sheet
 *
 * Adds a worksheet set up for print: A4 landscape, one page wide and as many long as it
 * needs, the footer of pd_export_footer_text(). Its repeated rows, print area and frozen
 * panes follow from the sheet's fields when the workbook is closed.
 *
 * Returns: (transfer none): the sheet, or %NULL after a failure (kept in @self)
 */
PdExportSheet *
pd_export_workbook_add_sheet (PdExportWorkbook *self,
                              const char       *title,
                              const char       *description)
{
  g_autofree char *name = NULL;
  lxw_worksheet *worksheet;
  PdExportSheet *sheet;

  g_return_val_if_fail (self != NULL && self->workbook != NULL, NULL);

  name = pd_export_sheet_name_sanitize (title, self->sheet_names);
  if (!pd_export_workbook_check (self, workbook_validate_sheet_name (self->workbook, name),
                                 "Sheet name"))
    return NULL;
  worksheet = workbook_add_worksheet (self->workbook, name);
  if (worksheet == NULL)
    {
      pd_export_workbook_fail (self, "Could not add the sheet “%s”", name);
      return NULL;
    }
  worksheet_set_paper (worksheet, 9);  /* A4; Excel's default is US Letter */
  worksheet_set_landscape (worksheet);
  worksheet_fit_to_pages (worksheet, 1, 0);
  worksheet_set_margins (worksheet, 0.5, 0.5, 0.6, 0.7);
  pd_export_workbook_check (self, worksheet_set_footer (worksheet, self->footer), "Footer");

  sheet = g_new0 (PdExportSheet, 1);
  sheet->worksheet = worksheet;
  sheet->name = g_steal_pointer (&name);
  sheet->title = g_strdup (title);
  sheet->description = g_strdup (description);
  g_ptr_array_add (self->sheets, sheet);
  return sheet;
}

/**
 * pd_export_workbook_get_sheets:
 * @self: a workbook
 *
 * Returns: (transfer none) (element-type PdExportSheet): the sheets, in order
 */
GPtrArray *
pd_export_workbook_get_sheets (PdExportWorkbook *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sheets;
}

static void
widen (PdExportSheet *sheet,
       lxw_row_t      row,
       lxw_col_t      col)
{
  sheet->last_col = MAX (sheet->last_col, col);
  sheet->row = MAX (sheet->row, row + 1);
}

/**
 * pd_export_workbook_add_table:
 * @self: a workbook
 * @sheet: the sheet holding the cells
 * @name: what the table is called; made a valid, unique Excel name
 * @first_row: the header row
 * @first_col: the first column
 * @last_row: the last data row; must be below @first_row (a table has data)
 * @headers: (array zero-terminated=1): one header per column
 *
 * Makes the written cells an Excel table (banded, with filters) whose header row holds
 * @headers.
 *
 * Returns: (transfer full): the table's name, or %NULL after a failure
 */
char *
pd_export_workbook_add_table (PdExportWorkbook   *self,
                              PdExportSheet      *sheet,
                              const char         *name,
                              lxw_row_t           first_row,
                              lxw_col_t           first_col,
                              lxw_row_t           last_row,
                              const char * const *headers)
{
  guint n = g_strv_length ((char **) headers);
  g_autofree lxw_table_column *columns = g_new0 (lxw_table_column, MAX (n, 1));
  g_autofree lxw_table_column **column_list = g_new0 (lxw_table_column *, n + 1);
  lxw_table_options options = { 0 };
  g_autofree char *table_name = NULL;

  g_return_val_if_fail (self != NULL && sheet != NULL, NULL);
  g_return_val_if_fail (last_row > first_row && n > 0, NULL);

  table_name = unique_object_name (self, name);
  for (guint i = 0; i < n; i++)
    {
      columns[i].header = (char *) headers[i];
      columns[i].header_format = self->formats.header;
      column_list[i] = &columns[i];
    }
  options.name = table_name;
  options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
  options.style_type_number = 9;
  options.columns = column_list;
  if (!pd_export_workbook_check (self, worksheet_add_table (sheet->worksheet, first_row,
                                                            first_col, last_row,
                                                            first_col + n - 1, &options),
                                 "Table"))
    return NULL;
  widen (sheet, last_row, first_col + n - 1);
  return g_steal_pointer (&table_name);
}

/* 'Sheet name' as a formula or a range quotes it, apostrophes doubled. */
static char *
quoted_sheet_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "'", -1);
  g_autofree char *doubled = g_strjoinv ("''", parts);
  return g_strdup_printf ("'%s'", doubled);
}

/**
 * pd_export_workbook_define_name:
 * @self: a workbook
 * @name: the name, made valid and unique
 * @sheet: the sheet of the cell
 * @row: the cell's row
 * @col: the cell's column
 *
 * Gives one cell a workbook-wide name, so a formula elsewhere can say `=CQUIN_Earned`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_workbook_define_name (PdExportWorkbook *self,
                                const char       *name,
                                PdExportSheet    *sheet,
                                lxw_row_t         row,
                                lxw_col_t         col)
{
  g_autofree char *unique = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *formula = NULL;
  char cell[32];

  g_return_val_if_fail (self != NULL && sheet != NULL, FALSE);

  unique = unique_object_name (self, name);
  quoted = quoted_sheet_name (sheet->name);
  lxw_rowcol_to_cell_abs (cell, row, col, LXW_TRUE, LXW_TRUE);
  formula = g_strdup_printf ("=%s!%s", quoted, cell);
  return pd_export_workbook_check (self, workbook_define_name (self->workbook, unique, formula),
                                   "Defined name");
}

/**
 * pd_export_write_text:
 * @self: a workbook
 * @sheet: the sheet
 * @row: the row
 * @col: the column
 * @text: (nullable): the text; %NULL writes nothing
 * @format: (nullable): the cell format
 *
 * Writes text from the data as a string, always: "=HYPERLINK(…)" or "0044" stays what it
 * says. Text beyond Excel's 32,767 characters is cut there; bytes that are not UTF-8
 * become U+FFFD.
 */
void
pd_export_write_text (PdExportWorkbook *self,
                      PdExportSheet    *sheet,
                      lxw_row_t         row,
                      lxw_col_t         col,
                      const char       *text,
                      lxw_format       *format)
{
  g_autofree char *valid = NULL;
  g_autofree char *cut = NULL;

  g_return_if_fail (self != NULL && sheet != NULL);

  if (text == NULL)
    return;
  /* Bytes that are not UTF-8 would make the part invalid XML, and Excel would offer to
   * repair the file: they become U+FFFD instead. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (text, -1) > STRING_MAX_CHARS)
    text = cut = utf8_prefix (text, STRING_MAX_CHARS);
  pd_export_workbook_check (self, worksheet_write_string (sheet->worksheet, row, col, text,
                                                          format),
                            "Text cell");
  widen (sheet, row, col);
}

/**
 * pd_export_write_number:
 * @self: a workbook
 * @sheet: the sheet
 * @row: the row
 * @col: the column
 * @value: the number; NaN (missing or suppressed) leaves the cell empty, never 0
 * @format: (nullable): the number format
 *
 * Writes a number as a number.
 */
void
pd_export_write_number (PdExportWorkbook *self,
                        PdExportSheet    *sheet,
                        lxw_row_t         row,
                        lxw_col_t         col,
                        double            value,
                        lxw_format       *format)
{
  lxw_error status;

  g_return_if_fail (self != NULL && sheet != NULL);

  if (isfinite (value))
    status = worksheet_write_number (sheet->worksheet, row, col, value, format);
  else
    status = worksheet_write_blank (sheet->worksheet, row, col, format);
  pd_export_workbook_check (self, status, "Number cell");
  widen (sheet, row, col);
}

/**
 * pd_export_write_pence:
 * @self: a workbook
 * @sheet: the sheet
 * @row: the row
 * @col: the column
 * @pence: an amount in whole pence
 *
 * Writes money as pounds (the pence kept as decimals) in the pounds format.
 */
void
pd_export_write_pence (PdExportWorkbook *self,
                       PdExportSheet    *sheet,
                       lxw_row_t         row,
                       lxw_col_t         col,
                       gint64            pence)
{
  pd_export_write_number (self, sheet, row, col, pence / 100.0, self->formats.pounds);
}

/**
 * pd_export_write_date:
 * @self: a workbook
 * @sheet: the sheet
 * @row: the row
 * @col: the column
 * @iso_date: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS…" for a time of day as well
 * @format: the date format
 *
 * Writes a date as an Excel date (a number), so it sorts and charts as one; text that is
 * not a date is written as text.
 */
void
pd_export_write_date (PdExportWorkbook *self,
                      PdExportSheet    *sheet,
                      lxw_row_t         row,
                      lxw_col_t         col,
                      const char       *iso_date,
                      lxw_format       *format)
{
  int year, month, day, hour = 0, min = 0, sec = 0;
  lxw_datetime datetime;

  g_return_if_fail (self != NULL && sheet != NULL);

  if (iso_date == NULL)
    return;
  if (sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3 || month < 1 || month > 12 ||
      day < 1 || day > 31)
    {
      pd_export_write_text (self, sheet, row, col, iso_date, NULL);
      return;
    }
  if (strlen (iso_date) >= 19)
    sscanf (iso_date + 11, "%2d:%2d:%2d", &hour, &min, &sec);
  datetime = (lxw_datetime) { year, month, day, hour, min, sec };
  pd_export_workbook_check (self, worksheet_write_datetime (sheet->worksheet, row, col, &datetime,
                                                            format),
                            "Date cell");
  widen (sheet, row, col);
}

/**
 * pd_export_write_cell_link:
 * @self: a workbook
 * @sheet: the sheet to write in
 * @row: the row
 * @col: the column
 * @target: the sheet the link opens
 * @target_row: the row of column A it opens at (0-based)
 * @text: what the cell shows
 *
 * Writes a hyperlink to a row of another sheet of the workbook. libxlsxwriter writes the
 * text into the sheet's <hyperlink> element as it is, so it goes through
 * pd_export_xml_text() first.
 */
void
pd_export_write_cell_link (PdExportWorkbook    *self,
                           PdExportSheet       *sheet,
                           lxw_row_t            row,
                           lxw_col_t            col,
                           const PdExportSheet *target,
                           lxw_row_t            target_row,
                           const char          *text)
{
  g_autofree char *quoted = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (self != NULL && sheet != NULL && target != NULL);

  quoted = quoted_sheet_name (target->name);
  url = g_strdup_printf ("internal:%s!A%u", quoted, (guint) target_row + 1);
  shown = pd_export_xml_text (text);
  pd_export_workbook_check (self, worksheet_write_url_opt (sheet->worksheet, row, col, url,
                                                           self->formats.link, shown, NULL),
                            "Hyperlink");
  widen (sheet, row, col);
}

/**
 * pd_export_write_sheet_link:
 * @self: a workbook
 * @sheet: the sheet to write in
 * @row: the row
 * @col: the column
 * @target: the sheet the link opens (at A1)
 * @text: what the cell shows
 *
 * Writes a hyperlink to another sheet of the workbook.
 */
void
pd_export_write_sheet_link (PdExportWorkbook    *self,
                            PdExportSheet       *sheet,
                            lxw_row_t            row,
                            lxw_col_t            col,
                            const PdExportSheet *target,
                            const char          *text)
{
  pd_export_write_cell_link (self, sheet, row, col, target, 0, text);
}

/**
 * pd_export_write_heading:
 * @self: a workbook
 * @sheet: a new sheet
 * @subtitle: (nullable): the line under the title, e.g. the organisation and period
 * @contents: (nullable): the contents sheet, for a "Back to contents" link
 *
 * Writes the rows every sheet starts with (title, subtitle, link back to the contents),
 * which repeat on every printed page, and moves the sheet's next row below them.
 */
void
pd_export_write_heading (PdExportWorkbook    *self,
                         PdExportSheet       *sheet,
                         const char          *subtitle,
                         const PdExportSheet *contents)
{
  g_return_if_fail (self != NULL && sheet != NULL);

  pd_export_write_text (self, sheet, 0, 0, sheet->title, self->formats.title);
  pd_export_write_text (self, sheet, 1, 0, subtitle, self->formats.subtitle);
  if (contents != NULL && contents != sheet)
    pd_export_write_sheet_link (self, sheet, 2, 0, contents, "Back to contents");
  pd_export_workbook_check (self, worksheet_set_row (sheet->worksheet, 0, 22, NULL), "Row height");
  sheet->repeat_last = 2;
  sheet->row = 4;
}

/* Repeated rows, print area and frozen panes, once the sheet's extent is known. */
static void
finish_sheet (PdExportWorkbook *self,
              PdExportSheet    *sheet)
{
  lxw_row_t last_row = sheet->row > 0 ? sheet->row - 1 : 0;
  lxw_row_t freeze = sheet->freeze_row > 0 ? sheet->freeze_row : sheet->repeat_last + 1;

  pd_export_workbook_check (self, worksheet_repeat_rows (sheet->worksheet, 0, sheet->repeat_last),
                            "Repeated rows");
  pd_export_workbook_check (self, worksheet_print_area (sheet->worksheet, 0, 0, last_row,
                                                        sheet->last_col),
                            "Print area");
  worksheet_freeze_panes (sheet->worksheet, freeze, 0);
}

/**
 * pd_export_workbook_close:
 * @self: a workbook
 * @error: a #GError
 *
 * Finishes every sheet, has libxlsxwriter write and close the file, and puts it in place
 * of the target with pd_replace_file_durably(). On any failure, the first one kept or
 * libxlsxwriter's at closing, the temporary file is removed and the target is left as it
 * was.
 *
 * Returns: %TRUE when the file is in place
 */
gboolean
pd_export_workbook_close (PdExportWorkbook *self,
                          GError          **error)
{
  lxw_error status;
  int saved_errno;

  g_return_val_if_fail (self != NULL && self->workbook != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->sheets->len; i++)
    finish_sheet (self, g_ptr_array_index (self->sheets, i));
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  /* workbook_close frees the workbook whatever it returns. */
  errno = 0;
  status = workbook_close (g_steal_pointer (&self->workbook));
  if (status != LXW_NO_ERROR)
    {
      g_autofree char *display = NULL;

      saved_errno = errno;
      display = g_filename_display_name (self->path);

      /* A full disk or a failing device shows as a zip error; the system's reason, still
       * in errno, is what the user can act on. */
      if (saved_errno != 0 && (status == LXW_ERROR_CREATING_XLSX_FILE ||
                               status == LXW_ERROR_ZIP_FILE_OPERATION ||
                               status == LXW_ERROR_ZIP_FILE_ADD ||
                               status == LXW_ERROR_ZIP_CLOSE))
        g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE,
                     "Could not write “%s”: %s", display, g_strerror (saved_errno));
      else
        g_set_error (error, PD_EXPORT_ERROR,
                     status == LXW_ERROR_CREATING_XLSX_FILE ? PD_EXPORT_ERROR_WRITE
                                                            : PD_EXPORT_ERROR_XLSX,
                     "Could not write “%s”: %s", display, lxw_strerror (status));
      return FALSE;
    }
  saved_errno = pd_replace_file_durably (self->temp_path, self->path);
  if (saved_errno != 0)
    {
      g_autofree char *display = g_filename_display_name (self->path);
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE, "Could not write “%s”: %s",
                   display, g_strerror (saved_errno));
      return FALSE;
    }
  g_clear_pointer (&self->temp_path, g_free);
  return TRUE;
}
