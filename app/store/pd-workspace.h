/* pd-workspace.h — the SQLite workspace file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* SQLite's PRAGMA application_id for pctdash workspaces: "PCTD" in ASCII. */
#define PD_WORKSPACE_APPLICATION_ID 0x50435444

#define PD_WORKSPACE_ERROR (pd_workspace_error_quark ())

typedef enum
{
  PD_WORKSPACE_ERROR_NOT_FOUND,     /* the file does not exist and we were not asked to create it */
  PD_WORKSPACE_ERROR_NOT_WORKSPACE, /* a SQLite file of another application, or not SQLite at all */
  PD_WORKSPACE_ERROR_TOO_NEW,       /* written by a newer pctdash */
  PD_WORKSPACE_ERROR_CORRUPT,       /* integrity check or schema check failed */
  PD_WORKSPACE_ERROR_READ_ONLY,     /* opened read-only and asked to write */
  PD_WORKSPACE_ERROR_BUSY,          /* another process holds the write lock */
  PD_WORKSPACE_ERROR_FAILED,        /* any other SQLite failure */
  PD_WORKSPACE_ERROR_OVERFLOW,      /* a sum of money beyond G_MAXINT64 pence: an imported
                                     * amount is wrong */
} PdWorkspaceError;

typedef enum
{
  PD_WORKSPACE_OPEN_DEFAULT   = 0,
  PD_WORKSPACE_OPEN_CREATE    = 1 << 0, /* create (and migrate) when the file is missing */
  PD_WORKSPACE_OPEN_READ_ONLY = 1 << 1,
  /* Without READ_ONLY a workspace another pctdash process holds (its "-lock" file) opens
   * read-only instead (see pd_workspace_get_lock_holder()); with WRITABLE that is an
   * error, PD_WORKSPACE_ERROR_BUSY. */
  PD_WORKSPACE_OPEN_WRITABLE  = 1 << 2,
} PdWorkspaceOpenFlags;

#define PD_TYPE_WORKSPACE (pd_workspace_get_type ())
G_DECLARE_FINAL_TYPE (PdWorkspace, pd_workspace, PD, WORKSPACE, GObject)

GQuark       pd_workspace_error_quark (void);

PdWorkspace *pd_workspace_open        (const char            *path,
                                       PdWorkspaceOpenFlags   flags,
                                       GError               **error);
PdWorkspace *pd_workspace_open_again  (PdWorkspace           *self,
                                       GError               **error);
const char  *pd_workspace_get_path    (PdWorkspace           *self);
gboolean     pd_workspace_is_read_only (PdWorkspace          *self);
sqlite3     *pd_workspace_get_db      (PdWorkspace           *self);
const char  *pd_workspace_get_lock_holder (PdWorkspace       *self);

/* Network and user-space filesystems (NFS, SMB, FUSE…), where SQLite's locking fails. */
const char  *pd_workspace_get_filesystem_warning (PdWorkspace *self);
const char  *pd_workspace_filesystem_kind (guint64            f_type);
char        *pd_workspace_filesystem_warning_for_type (guint64     f_type,
                                                       const char *display);

/* Transactions. begin_write takes the write lock at once (BEGIN IMMEDIATE). */
gboolean     pd_workspace_begin_write (PdWorkspace           *self,
                                       GError               **error);
gboolean     pd_workspace_commit      (PdWorkspace           *self,
                                       GError               **error);
void         pd_workspace_rollback    (PdWorkspace           *self);

/* Sets @error from the connection's last SQLite error, with @what as context. */
void         pd_workspace_set_error   (PdWorkspace           *self,
                                       GError               **error,
                                       const char            *what);

/* One row of the imports table: the lineage of every fact. */
typedef struct
{
  gint64  id;
  char   *file_name;     /* base name of the file as imported */
  char   *sha256;        /* hex SHA-256 of the file's bytes */
  char   *imported_at;   /* ISO 8601, UTC */
  char   *format;        /* "csv" or "xlsx" */
  char   *encoding;      /* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "Windows-1252", "xlsx" */
  char   *kinds;         /* comma separated kinds, e.g. "spend" or "organisations,spend" */
  gint64  rows;          /* fact rows added */
} PdImportRecord;

void         pd_import_record_free    (PdImportRecord        *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportRecord, pd_import_record_free)

/* Everything `pctdash-cli info` and the start page show about a workspace. */
typedef struct
{
  GPtrArray *imports;              /* of PdImportRecord, oldest first */
  gint64     n_organisations;
  gint64     n_spend;
  gint64     n_allocations;
  gint64     n_cquin_schemes;      /* rows of the cquin_schemes kind (indicator x quarter) */
  gint64     n_cquin_achievement;
  gint64     n_indicators;
  gint64     n_indicator_values;
  gint64     n_events;
  char      *first_period;         /* ISO date of the earliest fact, or NULL */
  char      *last_period;          /* ISO date of the latest fact, or NULL */
  /* Control totals a finance user reconciles against the source system. */
  gint64     spend_pence;
  gint64     allocation_pence;
  double     indicator_numerator;
  double     indicator_denominator;
  gint64     event_count;
} PdWorkspaceSummary;

void         pd_workspace_summary_free (PdWorkspaceSummary  *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdWorkspaceSummary, pd_workspace_summary_free)

PdWorkspaceSummary *pd_workspace_query_summary (PdWorkspace  *self,
                                                GError      **error);

/* Removes one import and every fact it brought, in one transaction. */
gboolean     pd_workspace_remove_import (PdWorkspace         *self,
                                         gint64               import_id,
                                         GError             **error);

/* Atomic writes (save-as, the board pack) write "<folder>/.<name>.XXXXXX" and rename it to
 * <name>. A process killed meanwhile leaves that file; the next write of <name> into the
 * folder removes those older than PD_STALE_TEMP_AGE seconds (a younger one may belong to a
 * write still running in another process). Returns how many were removed. */
#define PD_STALE_TEMP_AGE (60 * 60)
guint        pd_remove_stale_temp_files (const char          *target);

/* Ends an atomic write: flushes @temp to the disk, renames it over @target and flushes
 * the folder, so that after a crash or a power cut @target is the old file or the whole
 * new one. Returns 0, or the errno of the step that failed (@temp then stays, for the
 * caller to remove). */
int          pd_replace_file_durably    (const char          *temp,
                                         const char          *target);

/* Writes a complete copy to @target atomically: @target is left as it was or complete. */
gboolean     pd_workspace_save_as       (PdWorkspace         *self,
                                         const char          *target,
                                         GError             **error);

G_END_DECLS
