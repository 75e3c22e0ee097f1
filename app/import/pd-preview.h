/* pd-preview.h — what a file holds before it is imported: its kind, first rows, problems
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "import/pd-importer.h"

G_BEGIN_DECLS

/* One table: a CSV file, or one sheet of a workbook. */
typedef struct
{
  char      *sheet;       /* XLSX sheet name, or NULL for a CSV file */
  PdKind     kind;        /* from the sheet name or the header; PD_KIND_UNKNOWN if neither */
  guint64    header_row;  /* 1-based row of the header; 0 when none was found */
  GStrv      header;      /* the header's cells (or, with no header, the first row's) */
  GPtrArray *rows;        /* of GStrv: up to n_rows rows after the header */
  guint64    row_numbers_first; /* the row number of rows[0], as a spreadsheet shows it */
} PdPreviewTable;

typedef struct
{
  char           *path;
  char           *file_name;  /* display base name */
  char           *format;     /* "csv" or "xlsx" */
  GPtrArray      *tables;     /* of PdPreviewTable */
  PdKind          kind;       /* the kind the check ran with (PD_KIND_UNKNOWN: detected) */
  /* The dry run: every row read and checked as the import would, then rolled back. */
  PdImportReport *check;      /* row counts when good; problems when not; may be NULL */
  char           *message;    /* why the file would not import, or NULL when it would */
} PdPreview;

void pd_preview_free (PdPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPreview, pd_preview_free)

/* Reads the first @n_rows rows of each table of @path (without the importer) and, when
 * @workspace is not NULL, runs the import as a dry run on it with @kind (PD_KIND_UNKNOWN:
 * detect). @workspace must be a connection of this thread. Blocks: call it on a worker.
 * Returns NULL (with @error) only when the file cannot be read at all. */
PdPreview *pd_preview_file (PdWorkspace   *workspace,
                            const char    *path,
                            PdKind         kind,
                            guint          n_rows,
                            GCancellable  *cancellable,
                            GError       **error);

/* The rows the dry run counted, over all kinds. */
guint64 pd_preview_count_rows (const PdPreview *preview);

/* Every problem as text, one a line: "file, sheet “S”, row R, column C (name): reason";
 * the message first when there is one. What the import dialog's Copy button copies. */
char   *pd_preview_problems_text (const PdPreview *preview);

/* "file, sheet “S”, row R, column C (name)" for one problem. */
char   *pd_preview_problem_location (const PdImportProblem *problem);

G_END_DECLS
