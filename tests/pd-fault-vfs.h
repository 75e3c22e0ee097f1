/* pd-fault-vfs.h — a SQLite VFS that fails the Nth write, sync or truncate (tests only)
 *
 * As SQLite's own I/O-error tests do: a sqlite3_vfs wrapping the default ("unix") VFS whose
 * files pass every call through, except that the Nth xWrite, xSync or xTruncate (of the
 * kinds armed, counted over every file: main database, WAL, journal) returns
 * SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC or SQLITE_IOERR_TRUNCATE without touching the
 * file, and, for persistent faults, every one after it too.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  PD_FAULT_WRITE    = 1 << 0,
  PD_FAULT_SYNC     = 1 << 1,
  PD_FAULT_TRUNCATE = 1 << 2,
} PdFaultOps;

#define PD_FAULT_ALL (PD_FAULT_WRITE | PD_FAULT_SYNC | PD_FAULT_TRUNCATE)

/* Registers the VFS as "pd-fault"; with @make_default, every connection opened afterwards
 * (pd_workspace_open included) uses it. Call once, before opening. */
void     pd_fault_vfs_register   (gboolean    make_default);

/* Makes the default VFS "unix" again (for checking files after a fault) or "pd-fault". */
void     pd_fault_vfs_set_default (gboolean   fault_vfs);

/* When FALSE, xSync returns SQLITE_OK without syncing: for tests of other faults, where
 * thousands of fsyncs would only cost time. Default TRUE. */
void     pd_fault_vfs_set_real_sync (gboolean real_sync);

/* From now on, the @n-th (1-based) call of the kinds in @ops fails; with @persistent, so
 * does every call of those kinds after it. */
void     pd_fault_vfs_arm        (gint64      n,
                                  PdFaultOps  ops,
                                  gboolean    persistent);
void     pd_fault_vfs_disarm     (void);

/* Whether a fault was injected since the last arm. */
gboolean pd_fault_vfs_fired      (void);

/* Calls of the armed kinds seen since the last arm (failed ones included). */
gint64   pd_fault_vfs_calls      (void);

G_END_DECLS
