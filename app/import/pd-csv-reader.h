/* pd-csv-reader.h — CSV files to rows of UTF-8 cells: decoding, strict quoting, size caps
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "import/pd-table.h"

G_BEGIN_DECLS

/* Caps that keep a hostile or mistaken file from eating the machine. A zero member means
 * the default shown. */
typedef struct
{
  guint64 max_file_size;  /* bytes of the file as stored; default 4 GiB */
  gsize   max_field_size; /* bytes of one decoded field; default 1 MiB */
  guint   max_columns;    /* fields in one row; default 1000 */
} PdCsvLimits;

#define PD_CSV_DEFAULT_MAX_FILE_SIZE  (G_GUINT64_CONSTANT (4) << 30)
#define PD_CSV_DEFAULT_MAX_FIELD_SIZE ((gsize) 1 << 20)
#define PD_CSV_DEFAULT_MAX_COLUMNS    1000

/* The encodings the reader recognises, as reported through @out_encoding. */
#define PD_CSV_ENCODING_UTF8         "UTF-8"
#define PD_CSV_ENCODING_UTF8_BOM     "UTF-8 (BOM)"
#define PD_CSV_ENCODING_UTF16LE      "UTF-16LE"
#define PD_CSV_ENCODING_UTF16BE      "UTF-16BE"
#define PD_CSV_ENCODING_WINDOWS_1252 "Windows-1252"

/* Reads @path (memory-mapped) and calls @func once per row, in order. Cells are
 * PD_CELL_TEXT (PD_CELL_EMPTY when ""), UTF-8, with spaces and tabs around unquoted fields
 * trimmed; rows come as they are in the file (ragged rows included: the caller checks
 * column counts). Entirely blank rows (a blank line, or only empty fields) are skipped but
 * still counted, so row numbers match what a spreadsheet shows. @out_encoding receives
 * one of the PD_CSV_ENCODING_* names (set as soon as it is known, even if reading fails
 * later). Errors are in PD_IMPORT_ERROR and their message starts with the file's base
 * name, then the row and column when known: "spend.csv: row 12, column C: …". When @func
 * fails, its error is passed on unchanged. */
gboolean pd_csv_read_file  (const char         *path,
                            const PdCsvLimits  *limits,
                            PdRowFunc           func,
                            gpointer            user_data,
                            char              **out_encoding,
                            GCancellable       *cancellable,
                            GError            **error);

/* The same over @len bytes of memory; @display_name names them in messages (its base
 * name is used, so a path is fine). */
gboolean pd_csv_read_bytes (const char         *display_name,
                            const void         *data,
                            gsize               len,
                            const PdCsvLimits  *limits,
                            PdRowFunc           func,
                            gpointer            user_data,
                            char              **out_encoding,
                            GCancellable       *cancellable,
                            GError            **error);

G_END_DECLS
