/* pd-table.h — rows of cells, as the CSV and XLSX readers hand them to the importer
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_IMPORT_ERROR (pd_import_error_quark ())

/* Every message in this domain names the file, and where it can the row and column
 * ("spend.csv: row 12, column C (amount): …"). */
typedef enum
{
  PD_IMPORT_ERROR_IO,            /* could not read the file */
  PD_IMPORT_ERROR_EMPTY,         /* no bytes, or no rows */
  PD_IMPORT_ERROR_ENCODING,      /* bytes that no supported encoding accepts */
  PD_IMPORT_ERROR_MALFORMED,     /* broken CSV quoting, broken zip or XML */
  PD_IMPORT_ERROR_TOO_LARGE,     /* a size cap hit: file, field, row, uncompressed size */
  PD_IMPORT_ERROR_UNSAFE,        /* zip bomb ratio, DTD or entity in XML */
  PD_IMPORT_ERROR_UNKNOWN_KIND,  /* headers match no kind */
  PD_IMPORT_ERROR_INVALID,       /* one or more rows are invalid: see the problem list */
  PD_IMPORT_ERROR_DUPLICATE,     /* the same file (SHA-256) was imported already */
  PD_IMPORT_ERROR_CANCELLED,
} PdImportErrorCode;

GQuark pd_import_error_quark (void);

typedef enum
{
  PD_CELL_EMPTY,    /* no value: text is "" */
  PD_CELL_TEXT,     /* every CSV cell, and XLSX strings */
  PD_CELL_NUMBER,   /* XLSX number: text is the shortest decimal that round-trips */
  PD_CELL_BOOLEAN,  /* XLSX boolean: text is "TRUE" or "FALSE" */
  PD_CELL_DATE,     /* XLSX number with a date format: text is ISO "2009-04-01" (or
                     * "2009-04-01T10:30:00" when it has a time); number is the serial in
                     * the 1900 system whatever the workbook's own date system */
  PD_CELL_ERROR,    /* XLSX error value: text is e.g. "#N/A" */
} PdCellType;

typedef struct
{
  PdCellType  type;
  const char *text;   /* UTF-8, NUL-terminated, never NULL; valid during the callback only */
  gsize       len;    /* strlen (text) */
  double      number; /* for NUMBER and DATE */
} PdCell;

typedef struct
{
  guint64       number;   /* 1-based row as a spreadsheet shows it (CSV: record number) */
  const PdCell *cells;    /* cells[0] is column A; trailing empty cells may be absent */
  guint         n_cells;
  double        progress; /* fraction of the input read so far, 0 to 1 */
} PdRow;

/* Called once per row, in order. Return FALSE and set @error to stop reading. */
typedef gboolean (*PdRowFunc) (const PdRow *row,
                               gpointer     user_data,
                               GError     **error);

/* "A", "B", … "Z", "AA": the spreadsheet name of a 1-based column. */
char *pd_column_name (guint column);

G_END_DECLS
