/* pd-importer.h — files into the workspace, all or nothing
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/pd-workspace.h"
#include "import/pd-table.h"

G_BEGIN_DECLS

/* The kinds of data a file can hold; each has its canonical header (docs/data-formats.md). */
typedef enum
{
  PD_KIND_UNKNOWN = -1,
  PD_KIND_ORGANISATIONS = 0,
  PD_KIND_SPEND,
  PD_KIND_ALLOCATIONS,
  PD_KIND_CQUIN_SCHEMES,
  PD_KIND_CQUIN_ACHIEVEMENT,
  PD_KIND_INDICATORS,
  PD_KIND_INDICATOR_VALUES,
  PD_KIND_EVENTS,
  PD_N_KINDS
} PdKind;

const char *pd_kind_to_string   (PdKind      kind);
PdKind      pd_kind_from_string (const char *text);

typedef struct
{
  PdKind      kind;                 /* PD_KIND_UNKNOWN: detect from the header or sheet name */
  gboolean    replace;              /* swap out an earlier import of the same file */
  gboolean    create_organisations; /* create unknown organisation codes, with a warning */
  gboolean    us_dates;             /* read nn/nn/yyyy as mm/dd/yyyy */
  gboolean    dry_run;              /* read and check every row, then roll back: the report
                                     * counts the rows that would go in; nothing is kept */
} PdImportOptions;

/* One bad cell or row. */
typedef struct
{
  char   *file;     /* base name */
  char   *sheet;    /* XLSX sheet, or NULL */
  guint64 row;      /* 1-based, as a spreadsheet shows it; 0 for the file as a whole */
  guint   column;   /* 1-based; 0 for the row as a whole */
  char   *column_name;
  char   *value;
  char   *reason;
} PdImportProblem;

void pd_import_problem_free (PdImportProblem *problem);

/* The outcome of one import, good or bad. */
typedef struct
{
  gint64     import_id;      /* 0 when nothing was imported */
  char      *file_name;
  char      *format;         /* "csv" or "xlsx" */
  char      *encoding;
  guint64    rows[PD_N_KINDS];
  GPtrArray *problems;       /* of PdImportProblem: why nothing was imported */
  GPtrArray *warnings;       /* of char *: e.g. organisations created */
} PdImportReport;

void pd_import_report_free (PdImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportReport, pd_import_report_free)

/* Progress from 0 to 1; called on the importing thread. */
typedef void (*PdProgressFunc) (double   fraction,
                                gpointer user_data);

PdImportReport *pd_import_file (PdWorkspace            *workspace,
                                const char             *path,
                                const PdImportOptions  *options,
                                PdProgressFunc          progress,
                                gpointer                progress_data,
                                GCancellable           *cancellable,
                                GError                **error);

/* How well @row serves as @kind's header: the number of its columns found, or -1 when a
 * required column is missing. The importer takes the kind with the highest score. */
int    pd_import_header_score (PdKind       kind,
                               const PdRow *row);

/* The kind whose header @row is (the highest score), or PD_KIND_UNKNOWN. */
PdKind pd_import_detect_kind  (const PdRow *row);

/* Writes every problem as CSV: file,sheet,row,column,value,reason. */
gboolean pd_import_report_write_problems (const PdImportReport *report,
                                          const char           *path,
                                          GError              **error);

G_END_DECLS
