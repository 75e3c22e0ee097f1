/* pd-workspace.c — the SQLite workspace file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Journal mode: WAL. Readers never block the writer nor the writer the readers, so the
 * window keeps reading while an import commits on its own connection. When the last
 * connection closes SQLite checkpoints the log and deletes the -wal and -shm files, so at
 * rest the workspace is one self-contained file that can be copied or mailed.
 * synchronous=NORMAL: in WAL mode a crash of the app (or the machine) never corrupts the
 * file; a power cut may lose the last committed transaction, never half of one.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>

#include "pd-workspace.h"
#include "pd-store-private.h"

struct _PdWorkspace
{
  GObject   parent_instance;

  /* owned */
  char     *path;
  sqlite3  *db;
  PdWorkspaceOpenFlags flags;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PdWorkspace, pd_workspace, G_TYPE_OBJECT)
G_DEFINE_QUARK (pd-workspace-error-quark, pd_workspace_error)

static void
pd_workspace_finalize (GObject *object)
{
  PdWorkspace *self = (PdWorkspace *) object;

  /* sqlite3_close_v2 finishes once every statement is finalized; the last close
   * checkpoints the WAL into the main file. */
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pd_workspace_parent_class)->finalize (object);
}

static void
pd_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdWorkspace *self = PD_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, pd_workspace_is_read_only (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_workspace_class_init (PdWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_workspace_finalize;
  object_class->get_property = pd_workspace_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_workspace_init (PdWorkspace *self)
{
}

/* Runs a query that returns one integer; returns FALSE with the SQLite code in *rc. */
static gboolean
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *out,
             int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  int status;

  *out = 0;
  status = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (status == SQLITE_OK)
    {
      status = sqlite3_step (stmt);
      if (status == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          status = SQLITE_OK;
        }
      else if (status == SQLITE_DONE)
        status = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != NULL)
    *rc = status;
  return status == SQLITE_OK;
}

static void
set_error_from_code (GError     **error,
                     int          rc,
                     const char  *display,
                     const char  *detail)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE,
                   "“%s” is not a pctdash workspace: it is not a SQLite database", display);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_CORRUPT,
                   "The workspace “%s” is damaged (%s). Restore it from a backup, or "
                   "rebuild it from the original files.", display, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                   "The workspace “%s” is busy in another program: %s", display, detail);
      break;
    case SQLITE_READONLY:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                   "The workspace “%s” cannot be written: %s", display, detail);
      break;
    default:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not open the workspace “%s”: %s", display, detail);
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *display,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      set_error_from_code (error, sqlite3_extended_errcode (db), display,
                           message != NULL ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A file that is not empty must start with SQLite's magic header. Checked before SQLite
 * opens it, so that a CSV chosen by mistake is never touched. */
static gboolean
check_header (const char  *path,
              const char  *display,
              gboolean    *out_empty,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char buf[16] = { 0 };
  FILE *file;
  size_t n;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, PD_WORKSPACE_ERROR,
                   saved_errno == ENOENT ? PD_WORKSPACE_ERROR_NOT_FOUND : PD_WORKSPACE_ERROR_FAILED,
                   "Could not open “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }
  n = fread (buf, 1, sizeof buf, file);
  fclose (file);

  *out_empty = (n == 0);
  if (n == 0)
    return TRUE;

  if (n < sizeof buf || memcmp (buf, magic, sizeof magic) != 0)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE,
                   "“%s” is not a pctdash workspace: it is not a SQLite database", display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_connection (sqlite3     *db,
                      const char  *display,
                      gboolean     read_only,
                      GError     **error)
{
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, 1);

  if (!exec_sql (db, display, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (!read_only && !exec_sql (db, display, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  /* Keep temporary tables and sort spills in memory; imports stage nothing on disk
   * outside the workspace. */
  if (!exec_sql (db, display, "PRAGMA temp_store = MEMORY", error))
    return FALSE;
  return TRUE;
}

/* Checks that the file is ours and brings its schema up to date. */
static gboolean
prepare_schema (sqlite3     *db,
                const char  *display,
                gboolean     read_only,
                GError     **error)
{
  gint64 app_id, version, n_objects;
  int rc;

  if (!query_int64 (db, "SELECT count(*) FROM sqlite_schema", &n_objects, &rc) ||
      !query_int64 (db, "PRAGMA application_id", &app_id, &rc) ||
      !query_int64 (db, "PRAGMA user_version", &version, &rc))
    {
      set_error_from_code (error, rc, display, sqlite3_errstr (rc));
      return FALSE;
    }

  if (app_id == 0 && version == 0 && n_objects == 0)
    {
      /* A brand-new file: make it ours. */
      if (read_only)
        {
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE,
                       "“%s” is an empty file, not a pctdash workspace", display);
          return FALSE;
        }
      if (!exec_sql (db, display, "PRAGMA journal_mode = WAL", error))
        return FALSE;
      {
        g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d",
                                                PD_WORKSPACE_APPLICATION_ID);
        if (!exec_sql (db, display, sql, error))
          return FALSE;
      }
    }
  else if (app_id != PD_WORKSPACE_APPLICATION_ID)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE,
                   "“%s” is not a pctdash workspace: it is a SQLite database of another "
                   "application", display);
      return FALSE;
    }
  else if (version > (gint64) _pd_migrations_count ())
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of pctdash (workspace version %"
                   G_GINT64_FORMAT ", this version reads up to %u). Update pctdash to open it.",
                   display, version, _pd_migrations_count ());
      return FALSE;
    }

  if (version < (gint64) _pd_migrations_count ())
    {
      if (read_only)
        {
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                       "“%s” needs upgrading to this version of pctdash, which cannot be done "
                       "read-only", display);
          return FALSE;
        }
      if (!_pd_migrations_run (db, _pd_migrations_count (), error))
        {
          g_prefix_error (error, "%s: ", display);
          return FALSE;
        }
    }

  /* A file of ours that lost its tables is damaged, not empty. */
  if (!query_int64 (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                        "name IN ('imports', 'organisations', 'spend', 'indicator_values')",
                    &n_objects, &rc))
    {
      set_error_from_code (error, rc, display, sqlite3_errstr (rc));
      return FALSE;
    }
  if (n_objects != 4)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_CORRUPT,
                   "The workspace “%s” is damaged: tables are missing. Restore it from a "
                   "backup, or rebuild it from the original files.", display);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_workspace_open:
 * @path: the workspace file
 * @flags: whether to create it, whether to open it read-only
 * @error: return location for a #PD_WORKSPACE_ERROR
 *
 * Opens a workspace, creating and migrating it as asked. A file that is not ours, is
 * newer than this build, or is damaged gives an error that names the file.
 *
 * Returns: (transfer full): the workspace, or %NULL with @error set
 */
PdWorkspace *
pd_workspace_open (const char            *path,
                   PdWorkspaceOpenFlags   flags,
                   GError               **error)
{
  g_autoptr(PdWorkspace) self = NULL;
  g_autofree char *display = NULL;
  gboolean read_only = (flags & PD_WORKSPACE_OPEN_READ_ONLY) != 0;
  gboolean empty = FALSE;
  int open_flags;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if ((flags & PD_WORKSPACE_OPEN_CREATE) == 0 || read_only)
        {
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_FOUND,
                       "The workspace “%s” does not exist", display);
          return NULL;
        }
    }
  else if (!check_header (path, display, &empty, error))
    {
      return NULL;
    }
  else if (empty && (flags & PD_WORKSPACE_OPEN_CREATE) == 0)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE,
                   "“%s” is an empty file, not a pctdash workspace", display);
      return NULL;
    }

  self = g_object_new (PD_TYPE_WORKSPACE, NULL);
  self->path = g_strdup (path);
  self->flags = flags;

  open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (read_only)
    open_flags |= SQLITE_OPEN_READONLY;
  else
    open_flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_code (error, rc, display,
                           self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!configure_connection (self->db, display, read_only, error) ||
      !prepare_schema (self->db, display, read_only, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pd_workspace_open_again:
 * @self: a workspace
 * @error: return location for an error
 *
 * Opens a second connection to the same file, for a worker thread: each thread uses its
 * own connection, and WAL lets them read while another writes.
 *
 * Returns: (transfer full): a new workspace object on the same file
 */
PdWorkspace *
pd_workspace_open_again (PdWorkspace  *self,
                         GError      **error)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  return pd_workspace_open (self->path, self->flags & ~PD_WORKSPACE_OPEN_CREATE, error);
}

/**
 * pd_workspace_get_path:
 * @self: a workspace
 *
 * Returns: the file's path
 */
const char *
pd_workspace_get_path (PdWorkspace *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  return self->path;
}

/**
 * pd_workspace_is_read_only:
 * @self: a workspace
 *
 * Returns: whether the workspace was opened read-only
 */
gboolean
pd_workspace_is_read_only (PdWorkspace *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), TRUE);

  return (self->flags & PD_WORKSPACE_OPEN_READ_ONLY) != 0;
}

/**
 * pd_workspace_get_db:
 * @self: a workspace
 *
 * The connection is for the thread that opened the workspace only.
 *
 * Returns: (transfer none): the SQLite connection
 */
sqlite3 *
pd_workspace_get_db (PdWorkspace *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  return self->db;
}

/**
 * pd_workspace_set_error:
 * @self: a workspace
 * @error: return location for an error
 * @what: what was being done, e.g. "Could not add the spend rows"
 *
 * Sets @error from the connection's last SQLite error.
 */
void
pd_workspace_set_error (PdWorkspace  *self,
                        GError      **error,
                        const char   *what)
{
  g_autofree char *display = NULL;
  int rc;

  g_return_if_fail (PD_IS_WORKSPACE (self));

  rc = sqlite3_extended_errcode (self->db);
  display = g_filename_display_basename (self->path);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_CORRUPT,
                   "%s: the workspace “%s” is damaged (%s)", what, display,
                   sqlite3_errmsg (self->db));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                   "%s: the workspace “%s” is busy in another program", what, display);
      break;
    case SQLITE_READONLY:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                   "%s: the workspace “%s” is read-only", what, display);
      break;
    default:
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "%s: %s", what, sqlite3_errmsg (self->db));
    }
}

/**
 * pd_workspace_begin_write:
 * @self: a workspace
 * @error: return location for an error
 *
 * Starts a write transaction and takes the write lock at once, so that a busy workspace
 * is reported before any work is done.
 *
 * Returns: %TRUE when the transaction started
 */
gboolean
pd_workspace_begin_write (PdWorkspace  *self,
                          GError      **error)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);

  if (pd_workspace_is_read_only (self))
    {
      g_autofree char *display = g_filename_display_basename (self->path);
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                   "The workspace “%s” is open read-only", display);
      return FALSE;
    }

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      pd_workspace_set_error (self, error, "Could not start writing");
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_workspace_commit:
 * @self: a workspace
 * @error: return location for an error
 *
 * Commits the transaction begun by pd_workspace_begin_write(); on failure it is rolled
 * back, so the workspace is as it was before.
 *
 * Returns: %TRUE when committed
 */
gboolean
pd_workspace_commit (PdWorkspace  *self,
                     GError      **error)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      pd_workspace_set_error (self, error, "Could not save the changes");
      pd_workspace_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_workspace_rollback:
 * @self: a workspace
 *
 * Abandons the open transaction, if any.
 */
void
pd_workspace_rollback (PdWorkspace *self)
{
  g_return_if_fail (PD_IS_WORKSPACE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
pd_import_record_free (PdImportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->file_name);
  g_free (record->sha256);
  g_free (record->imported_at);
  g_free (record->format);
  g_free (record->encoding);
  g_free (record->kinds);
  g_free (record);
}

void
pd_workspace_summary_free (PdWorkspaceSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->imports, g_ptr_array_unref);
  g_free (summary->first_period);
  g_free (summary->last_period);
  g_free (summary);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/**
 * pd_workspace_query_summary:
 * @self: a workspace
 * @error: return location for an error
 *
 * Reads the imports with their lineage, the number of rows of each kind, the periods
 * covered and the control totals.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
PdWorkspaceSummary *
pd_workspace_query_summary (PdWorkspace  *self,
                            GError      **error)
{
  static const char imports_sql[] =
    "SELECT i.id, i.file_name, i.sha256, i.imported_at, i.format, i.encoding,"
    "       (SELECT group_concat (kind, ',') FROM"
    "          (SELECT kind FROM import_parts p WHERE p.import_id = i.id ORDER BY kind)),"
    "       (SELECT total (rows) FROM import_parts p WHERE p.import_id = i.id)"
    "  FROM imports i ORDER BY i.id";
  /* Periods as ISO dates of their first day; spend and allocations are by financial
   * year (April to March) and calendar month. */
  static const char periods_sql[] =
    "SELECT min (d), max (d) FROM ("
    "  SELECT printf ('%04d-%02d-01', CASE WHEN month IS NULL OR month >= 4 THEN year"
    "                                 ELSE year + 1 END, coalesce (month, 4)) AS d"
    "    FROM (SELECT DISTINCT year, nullif (month, 0) AS month FROM spend_totals)"
    "  UNION ALL SELECT printf ('%04d-04-01', year) FROM allocations"
    "  UNION ALL SELECT printf ('%04d-04-01', year) FROM cquin_schemes"
    "  UNION ALL SELECT min (period_start) FROM indicator_values"
    "  UNION ALL SELECT max (period_start) FROM indicator_values"
    "  UNION ALL SELECT min (date) FROM events"
    "  UNION ALL SELECT max (date) FROM events)";
  static const struct { const char *sql; gsize offset; } counts[] = {
    { "SELECT count(*) FROM organisations", G_STRUCT_OFFSET (PdWorkspaceSummary, n_organisations) },
    { "SELECT sum (rows) FROM spend_totals", G_STRUCT_OFFSET (PdWorkspaceSummary, n_spend) },
    { "SELECT count(*) FROM allocations", G_STRUCT_OFFSET (PdWorkspaceSummary, n_allocations) },
    { "SELECT count(*) FROM cquin_milestones", G_STRUCT_OFFSET (PdWorkspaceSummary, n_cquin_schemes) },
    { "SELECT count(*) FROM cquin_achievement", G_STRUCT_OFFSET (PdWorkspaceSummary, n_cquin_achievement) },
    { "SELECT count(*) FROM indicators", G_STRUCT_OFFSET (PdWorkspaceSummary, n_indicators) },
    { "SELECT count(*) FROM indicator_values", G_STRUCT_OFFSET (PdWorkspaceSummary, n_indicator_values) },
    { "SELECT count(*) FROM events", G_STRUCT_OFFSET (PdWorkspaceSummary, n_events) },
    { "SELECT sum (amount_pence) FROM spend_totals", G_STRUCT_OFFSET (PdWorkspaceSummary, spend_pence) },
    { "SELECT sum (allocation_pence) FROM allocations", G_STRUCT_OFFSET (PdWorkspaceSummary, allocation_pence) },
    { "SELECT sum (count) FROM events", G_STRUCT_OFFSET (PdWorkspaceSummary, event_count) },
  };
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  summary = g_new0 (PdWorkspaceSummary, 1);
  summary->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_import_record_free);

  /* One read transaction, so every figure comes from the same snapshot even while an
   * import commits on another connection. */
  sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);

  for (gsize i = 0; ok && i < G_N_ELEMENTS (counts); i++)
    {
      gint64 *field = G_STRUCT_MEMBER_P (summary, counts[i].offset);

      ok = query_int64 (self->db, counts[i].sql, field, NULL);
    }

  if (ok && sqlite3_prepare_v2 (self->db,
                                "SELECT total (numerator), total (denominator) FROM indicator_values",
                                -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      summary->indicator_numerator = sqlite3_column_double (stmt, 0);
      summary->indicator_denominator = sqlite3_column_double (stmt, 1);
    }
  else
    ok = FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (ok && sqlite3_prepare_v2 (self->db, periods_sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      summary->first_period = dup_column_text (stmt, 0);
      summary->last_period = dup_column_text (stmt, 1);
    }
  else
    ok = FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (ok && sqlite3_prepare_v2 (self->db, imports_sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PdImportRecord *record = g_new0 (PdImportRecord, 1);

          record->id = sqlite3_column_int64 (stmt, 0);
          record->file_name = dup_column_text (stmt, 1);
          record->sha256 = dup_column_text (stmt, 2);
          record->imported_at = dup_column_text (stmt, 3);
          record->format = dup_column_text (stmt, 4);
          record->encoding = dup_column_text (stmt, 5);
          record->kinds = dup_column_text (stmt, 6);
          record->rows = sqlite3_column_int64 (stmt, 7);
          g_ptr_array_add (summary->imports, record);
        }
      ok = (rc == SQLITE_DONE);
    }
  else
    ok = FALSE;

  if (!ok)
    pd_workspace_set_error (self, error, "Could not read the workspace");
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  return ok ? g_steal_pointer (&summary) : NULL;
}

/**
 * _pd_workspace_delete_import:
 * @workspace: a workspace inside a write transaction
 * @import_id: the import to delete
 * @out_found: (out): whether there was such an import
 * @error: return location for an error
 *
 * Takes the import's spend out of spend_totals, deletes its spend rows (the run of
 * rowids import_parts records: spend has no index on import_id) and then the import;
 * its other facts go by cascade. The one place that forgets an import, for removal and
 * for --replace. Foreign keys must be on: a spend row of the import left outside its
 * run would make the delete of the import fail rather than leave an orphan.
 *
 * Returns: %FALSE when SQLite failed
 */
gboolean
_pd_workspace_delete_import (PdWorkspace  *workspace,
                             gint64        import_id,
                             gboolean     *out_found,
                             GError      **error)
{
  /* The import's spend rows are the run of rowids recorded in import_parts. */
#define SPEND_OF_IMPORT \
    " spend.id BETWEEN (SELECT first_row FROM import_parts WHERE import_id = ?1 AND kind = 'spend')" \
    "              AND (SELECT last_row FROM import_parts WHERE import_id = ?1 AND kind = 'spend')" \
    " AND spend.import_id = ?1"
  static const char *const statements[] = {
    "UPDATE spend_totals AS t"
    "   SET amount_pence = t.amount_pence - g.amount_pence, rows = t.rows - g.rows,"
    "       suppressed_rows = t.suppressed_rows - g.suppressed_rows"
    "  FROM (SELECT commissioner, year, coalesce (month, 0) AS month, category,"
    "               coalesce (provider, '') AS provider,"
    "               coalesce (sum (amount_pence), 0) AS amount_pence, count(*) AS rows,"
    "               count(*) - count (amount_pence) AS suppressed_rows"
    "          FROM spend WHERE" SPEND_OF_IMPORT " GROUP BY 1, 2, 3, 4, 5) AS g"
    " WHERE t.commissioner = g.commissioner AND t.year = g.year AND t.month = g.month"
    "   AND t.category = g.category AND t.provider = g.provider",
    "DELETE FROM spend_totals WHERE rows = 0",
    "DELETE FROM spend WHERE" SPEND_OF_IMPORT,
    /* The rest of its facts go by cascade. */
    "DELETE FROM imports WHERE id = ?1",
  };
#undef SPEND_OF_IMPORT
  sqlite3 *db = pd_workspace_get_db (workspace);

  *out_found = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (db, statements[i], -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        {
          if (sqlite3_bind_parameter_count (stmt) > 0)
            sqlite3_bind_int64 (stmt, 1, import_id);
          rc = sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          pd_workspace_set_error (workspace, error, "Could not remove the import");
          return FALSE;
        }
      if (i == G_N_ELEMENTS (statements) - 1)
        *out_found = sqlite3_changes (db) > 0;
    }
  return TRUE;
}

/**
 * pd_workspace_remove_import:
 * @self: a workspace
 * @import_id: the import to remove
 * @error: return location for an error
 *
 * Removes the import and every fact it brought, in one transaction. Refused when facts
 * of other imports still refer to organisations or indicators it defined.
 *
 * Returns: %TRUE when removed
 */
gboolean
pd_workspace_remove_import (PdWorkspace  *self,
                            gint64        import_id,
                            GError      **error)
{
  gboolean found = FALSE;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);

  if (!pd_workspace_begin_write (self, error))
    return FALSE;

  if (!_pd_workspace_delete_import (self, import_id, &found, error))
    {
      pd_workspace_rollback (self);
      return FALSE;
    }

  if (!found)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "There is no import number %" G_GINT64_FORMAT, import_id);
      pd_workspace_rollback (self);
      return FALSE;
    }

  /* Deferred foreign keys are checked here: facts of another import that name an
   * organisation or indicator of this one make the commit fail, and nothing changes. */
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      if ((sqlite3_extended_errcode (self->db) & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                     "Import %" G_GINT64_FORMAT " cannot be removed: other imports use the "
                     "organisations or indicators it defined. Remove those first.", import_id);
      else
        pd_workspace_set_error (self, error, "Could not remove the import");
      pd_workspace_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_workspace_save_as:
 * @self: a workspace
 * @target: where the copy goes
 * @error: return location for an error
 *
 * Writes a complete copy of the workspace to @target, atomically: SQLite's VACUUM INTO
 * writes a temporary file in @target's folder (so the rename stays on one file system),
 * the file is flushed to disk, then renamed over @target. A crash or a failure at any
 * point leaves @target as it was or complete, never half written. @self stays open on
 * its own file. Reading sees one snapshot, so an import committing meanwhile is either
 * wholly in the copy or not at all.
 */
gboolean
pd_workspace_save_as (PdWorkspace  *self,
                      const char   *target,
                      GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  g_autofree char *display = NULL;
  sqlite3_stmt *stmt = NULL;
  int fd, rc, saved_errno;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  display = g_filename_display_name (target);
  template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  /* A unique name that nobody else takes; VACUUM INTO wants it not to exist. */
  fd = g_mkstemp (template);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not save a copy as “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  g_unlink (template);

  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, template, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf ("Could not save a copy as “%s”", display);
      pd_workspace_set_error (self, error, what);
      g_unlink (template);
      return FALSE;
    }

  fd = g_open (template, O_RDWR, 0);
  if (fd < 0 || fsync (fd) != 0 || g_rename (template, target) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        close (fd);
      g_unlink (template);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not save a copy as “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  /* The rename itself is durable once the folder is flushed. */
  fd = g_open (dir, O_RDONLY, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}
