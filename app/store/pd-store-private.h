/* pd-store-private.h — migrations, shared inside app/store/ and with the tests
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>
#include <glib.h>

#include "pd-workspace.h"

G_BEGIN_DECLS

/* The number of migrations; a workspace at user_version N has had 1…N applied. */
guint    _pd_migrations_count   (void);

/* Applies migrations from the database's user_version up to @target, each in its own
 * transaction together with its user_version bump. */
gboolean _pd_migrations_run     (sqlite3  *db,
                                 guint     target,
                                 GError  **error);

/* Deletes one import with every fact it brought, and takes its spend out of
 * spend_totals, inside the caller's write transaction. Deferred foreign keys are checked
 * when the caller commits. Returns FALSE with @error set when SQLite fails; sets
 * *out_found to whether the import existed. */
gboolean _pd_workspace_delete_import (PdWorkspace  *workspace,
                                      gint64        import_id,
                                      gboolean     *out_found,
                                      GError      **error);

G_END_DECLS
