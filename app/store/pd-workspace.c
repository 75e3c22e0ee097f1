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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
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
  struct _WorkspaceLock *lock;   /* NULL when read-only */
  char     *lock_holder;         /* who holds the lock when we fell back to read-only */
  char     *filesystem_warning;
  sqlite3_stmt *rollback;        /* prepared by the first begin_write: see pd_workspace_rollback */
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

/* ---- The workspace lock: one writing process at a time ----
 *
 * SQLite's own locks only last a transaction, so two pctdash processes could both hold a
 * workspace open for writing and interleave imports, SPC changes and snapshots. A process
 * that opens a workspace for writing therefore takes an advisory flock() on a sibling file,
 * "<workspace>-lock", beside SQLite's -wal and -shm files, and keeps it until it closes the
 * workspace. The lock is never taken on the database file itself: closing any descriptor
 * on the database would drop SQLite's POSIX locks on it in this process.
 *
 * flock() belongs to the open file description, so a second open in the same process
 * would conflict with the first: connections of one process (the window's, the worker
 * threads' from pd_workspace_open_again) share one refcounted lock from a table keyed by
 * the workspace's canonical path. The file holds "pid host program" of the holder, so the
 * other process can say who has it. The kernel drops the lock when the holder dies, so a
 * lock file left by a crash is simply taken over. */

typedef struct _WorkspaceLock
{
  char *key;        /* canonical workspace path */
  char *lock_path;
  int   fd;
  int   refs;
  pid_t pid;        /* the process that took it (a forked child inherits the table) */
} WorkspaceLock;

static GMutex      locks_mutex;
static GHashTable *locks;   /* key → WorkspaceLock*, guarded by locks_mutex */

/* The workspace's absolute path with symbolic links resolved, also for a file that does
 * not exist yet (its folder resolved), so that two names for one file share one lock. */
static char *
canonical_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *resolved;

  resolved = realpath (absolute, NULL);
  if (resolved != NULL)
    {
      char *copy = g_strdup (resolved);
      free (resolved);
      return copy;
    }
  dir = g_path_get_dirname (absolute);
  base = g_path_get_basename (absolute);
  resolved = realpath (dir, NULL);
  if (resolved != NULL)
    {
      char *joined = g_build_filename (resolved, base, NULL);
      free (resolved);
      return joined;
    }
  return g_steal_pointer (&absolute);
}

/* Who holds @lock_path, as written in it, e.g. "pctdash-cli, process 4242 on ward-pc";
 * NULL when it cannot be read (it may be being written at this moment). */
static char *
read_lock_holder (const char *lock_path)
{
  g_autofree char *contents = NULL;
  g_autofree char *host = NULL;
  g_autofree char *program = NULL;
  gint64 pid;

  if (!g_file_get_contents (lock_path, &contents, NULL, NULL))
    return NULL;
  host = g_malloc0 (strlen (contents) + 1);
  program = g_malloc0 (strlen (contents) + 1);
  if (sscanf (contents, "%" G_GINT64_FORMAT " %s %s", &pid, host, program) != 3 || pid <= 0)
    return NULL;
  return g_strdup_printf ("%s, process %" G_GINT64_FORMAT " on %s", program, pid, host);
}

static void
lock_release (WorkspaceLock *lock)
{
  g_mutex_lock (&locks_mutex);
  if (--lock->refs == 0)
    {
      g_hash_table_remove (locks, lock->key);
      /* Unlinked while still locked: a process that opened the old file meanwhile
       * sees after its flock() that the name no longer leads to it and tries again. */
      if (lock->pid == getpid ())
        g_unlink (lock->lock_path);
      close (lock->fd);
      g_free (lock->key);
      g_free (lock->lock_path);
      g_free (lock);
    }
  g_mutex_unlock (&locks_mutex);
}

/* Takes (or shares, within this process) the lock of the workspace at @path. Returns NULL
 * and sets @error: PD_WORKSPACE_ERROR_BUSY when another process holds it, with its
 * holder in *@out_holder when known; PD_WORKSPACE_ERROR_FAILED when the lock file cannot
 * be made (a read-only folder, say), with the system's errno in *@out_errno. */
static WorkspaceLock *
lock_acquire (const char  *path,
              char       **out_holder,
              int         *out_errno,
              GError     **error)
{
  g_autofree char *key = canonical_path (path);
  g_autofree char *lock_path = g_strconcat (key, "-lock", NULL);
  g_autofree char *display = g_filename_display_basename (path);
  WorkspaceLock *lock;
  int fd = -1;

  *out_holder = NULL;
  *out_errno = 0;

  g_mutex_lock (&locks_mutex);
  if (locks == NULL)
    locks = g_hash_table_new (g_str_hash, g_str_equal);
  lock = g_hash_table_lookup (locks, key);
  if (lock != NULL)
    {
      lock->refs++;
      g_mutex_unlock (&locks_mutex);
      return lock;
    }

  for (int attempt = 0; attempt < 10; attempt++)
    {
      struct stat by_fd, by_name;

      fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        {
          int saved_errno = *out_errno = errno;
          g_mutex_unlock (&locks_mutex);
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                       "Could not lock the workspace “%s” for writing: %s", display,
                       g_strerror (saved_errno));
          return NULL;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved_errno = errno;
          close (fd);
          g_mutex_unlock (&locks_mutex);
          if (saved_errno == EWOULDBLOCK)
            {
              *out_holder = read_lock_holder (lock_path);
              g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                           "The workspace “%s” is open in another pctdash (%s). Close it "
                           "there and try again.", display,
                           *out_holder != NULL ? *out_holder : "process unknown");
            }
          else
            {
              *out_errno = saved_errno;
              g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                           "Could not lock the workspace “%s” for writing: %s", display,
                           g_strerror (saved_errno));
            }
          return NULL;
        }
      /* The holder before us may have unlinked the file between our open and flock. */
      if (fstat (fd, &by_fd) == 0 && stat (lock_path, &by_name) == 0 &&
          by_fd.st_dev == by_name.st_dev && by_fd.st_ino == by_name.st_ino)
        break;
      close (fd);
      fd = -1;
    }
  if (fd < 0)
    {
      g_mutex_unlock (&locks_mutex);
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                   "Could not lock the workspace “%s” for writing: its lock file keeps "
                   "changing", display);
      return NULL;
    }

  {
    g_autofree char *program = g_path_get_basename (g_get_prgname () != NULL ? g_get_prgname ()
                                                                              : "pctdash");
    g_autofree char *line = NULL;
    ssize_t written;

    g_strdelimit (program, " \t\n", '-');
    line = g_strdup_printf ("%ld %s %s\n", (long) getpid (), g_get_host_name (), program);
    /* Who holds it is only for messages: a failure to write it is no failure to lock. */
    if (ftruncate (fd, 0) == 0)
      {
        written = pwrite (fd, line, strlen (line), 0);
        (void) written;
      }
  }

  lock = g_new0 (WorkspaceLock, 1);
  lock->key = g_steal_pointer (&key);
  lock->lock_path = g_steal_pointer (&lock_path);
  lock->fd = fd;
  lock->refs = 1;
  lock->pid = getpid ();
  g_hash_table_insert (locks, lock->key, lock);
  g_mutex_unlock (&locks_mutex);
  return lock;
}

/* ---- Network and user-space filesystems ----
 *
 * SQLite warns against databases on network filesystems: their byte-range locks are
 * missing or unreliable, and WAL mode needs shared memory (the -shm file mapped by every
 * connection) that only works between processes of one computer. A workspace there can be
 * damaged when two computers write to it. The workspace's folder is checked with statfs()
 * when it is opened and the user is warned; nothing is refused. The f_type numbers are the
 * kernel's (linux/magic.h and the filesystems' own headers), written out because not every
 * one is in the headers Debian installs. */

/**
 * pd_workspace_filesystem_kind:
 * @f_type: statfs()'s f_type of a folder
 *
 * Returns: (nullable): the name of the network or user-space filesystem @f_type is, e.g.
 *   "NFS", or %NULL for a local one
 */
const char *
pd_workspace_filesystem_kind (guint64 f_type)
{
  switch (f_type)
    {
    case 0x6969:      return "NFS";                 /* NFS_SUPER_MAGIC */
    case 0x517b:      return "SMB";                 /* SMB_SUPER_MAGIC, smbfs */
    case 0xff534d42:  return "SMB/CIFS";            /* CIFS_MAGIC_NUMBER */
    case 0xfe534d42:  return "SMB2/3";              /* SMB2_MAGIC_NUMBER */
    case 0x65735546:  return "FUSE";                /* FUSE_SUPER_MAGIC: sshfs, rclone, gvfs… */
    case 0x65735543:  return "FUSE control";        /* FUSE_CTL_SUPER_MAGIC */
    case 0x5346414f:  return "AFS";                 /* AFS_SUPER_MAGIC */
    case 0x6b414653:  return "AFS";                 /* AFS_FS_MAGIC (kAFS) */
    case 0x73757245:  return "Coda";                /* CODA_SUPER_MAGIC */
    case 0x00c36400:  return "Ceph";                /* CEPH_SUPER_MAGIC */
    case 0x01021997:  return "9P";                  /* V9FS_MAGIC: WSL, virtual machines */
    case 0x564c:      return "NCP";                 /* NCP_SUPER_MAGIC, NetWare */
    case 0x0bd00bd0:  return "Lustre";              /* LL_SUPER_MAGIC */
    case 0x01161970:  return "GFS2";                /* GFS2_MAGIC */
    case 0x7461636f:  return "OCFS2";               /* OCFS2_SUPER_MAGIC */
    case 0x47504653:  return "GPFS";                /* IBM Spectrum Scale */
    case 0x786f4256:  return "VirtualBox shared folder"; /* vboxsf */
    default:          return NULL;
    }
}

/**
 * pd_workspace_filesystem_warning_for_type:
 * @f_type: statfs()'s f_type of the workspace's folder
 * @display: the workspace's name as shown to the user
 *
 * Returns: (transfer full) (nullable): the warning for a workspace on that filesystem,
 *   or %NULL for a local one
 */
char *
pd_workspace_filesystem_warning_for_type (guint64     f_type,
                                          const char *display)
{
  const char *kind = pd_workspace_filesystem_kind (f_type);

  if (kind == NULL)
    return NULL;
  return g_strdup_printf ("The workspace “%s” is on a network or user-space filesystem (%s). "
                          "SQLite cannot lock files reliably there, and two computers writing "
                          "to it at once can damage it. Keep workspaces on a local disk and "
                          "copy them to the share with Save As.", display, kind);
}

static char *
filesystem_warning_for_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (absolute);
  g_autofree char *display = g_filename_display_basename (path);
  struct statfs info;

  if (statfs (dir, &info) != 0)
    return NULL;
  return pd_workspace_filesystem_warning_for_type ((guint64) (gulong) info.f_type, display);
}

static void
pd_workspace_finalize (GObject *object)
{
  PdWorkspace *self = (PdWorkspace *) object;

  /* sqlite3_close_v2 finishes once every statement is finalized; the last close
   * checkpoints the WAL into the main file. */
  g_clear_pointer (&self->rollback, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  /* After the close, so that the last checkpoint happens under the lock. */
  g_clear_pointer (&self->lock, lock_release);
  g_clear_pointer (&self->lock_holder, g_free);
  g_clear_pointer (&self->filesystem_warning, g_free);
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
 * Without %PD_WORKSPACE_OPEN_READ_ONLY the process takes the workspace's lock (the
 * "-lock" file beside it) until the workspace is closed. When another process holds it,
 * the workspace opens read-only and pd_workspace_get_lock_holder() says who has it, or,
 * with %PD_WORKSPACE_OPEN_WRITABLE, the open fails with %PD_WORKSPACE_ERROR_BUSY.
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
  self->filesystem_warning = filesystem_warning_for_path (path);

  /* One writing process at a time: take the workspace lock before SQLite opens the file,
   * so that not even a migration runs beside another process's work. */
  if (!read_only)
    {
      g_autoptr(GError) lock_error = NULL;
      g_autofree char *holder = NULL;
      int lock_errno;

      self->lock = lock_acquire (path, &holder, &lock_errno, &lock_error);
      if (self->lock == NULL)
        {
          /* Another process has it: read it alongside (WAL lets us), unless writing was
           * the point or there is nothing to read yet. */
          if (!g_error_matches (lock_error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY) ||
              (flags & PD_WORKSPACE_OPEN_WRITABLE) != 0 ||
              !g_file_test (path, G_FILE_TEST_EXISTS) || empty)
            {
              g_propagate_error (error, g_steal_pointer (&lock_error));
              return NULL;
            }
          read_only = TRUE;
          self->flags |= PD_WORKSPACE_OPEN_READ_ONLY;
          self->lock_holder = holder != NULL ? g_steal_pointer (&holder)
                                             : g_strdup ("process unknown");
        }
    }

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
  PdWorkspace *again;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  /* A writable workspace holds the lock, which this process shares; one that fell back
   * to read-only opens read-only again and tells the same holder. */
  again = pd_workspace_open (self->path, self->flags & ~PD_WORKSPACE_OPEN_CREATE, error);
  if (again != NULL && self->lock_holder != NULL && again->lock_holder == NULL)
    again->lock_holder = g_strdup (self->lock_holder);
  return again;
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
 * pd_workspace_get_lock_holder:
 * @self: a workspace
 *
 * When the workspace was asked for writing but another pctdash process held it, it was
 * opened read-only instead; this says who holds it.
 *
 * Returns: (nullable): the other holder, e.g. "pctdash, process 4242 on ward-pc" (or
 *   "process unknown"), or %NULL when this workspace was not turned read-only by a lock
 */
const char *
pd_workspace_get_lock_holder (PdWorkspace *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  return self->lock_holder;
}

/**
 * pd_workspace_get_filesystem_warning:
 * @self: a workspace
 *
 * Returns: (nullable): a warning for the user when the workspace's folder is on a network
 *   or user-space filesystem (see pd_workspace_filesystem_kind()), or %NULL
 */
const char *
pd_workspace_get_filesystem_warning (PdWorkspace *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE (self), NULL);

  return self->filesystem_warning;
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
      if (self->lock_holder != NULL)
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                     "%s: the workspace “%s” is open read-only, because another pctdash "
                     "has it open (%s)", what, display, self->lock_holder);
      else
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                     "%s: the workspace “%s” is read-only", what, display);
      break;
    case SQLITE_ERROR:
      /* SQLite's sum() of integers fails so rather than wrap or round. */
      if (strcmp (sqlite3_errmsg (self->db), "integer overflow") == 0)
        {
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_OVERFLOW,
                       "%s: the amounts in the workspace “%s” add up to more than "
                       "£92,233,720,368,547,758.07, the most pctdash can count. An imported "
                       "amount must be wrong (pence imported as pounds?): remove that import",
                       what, display);
          break;
        }
      G_GNUC_FALLTHROUGH;
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
      if (self->lock_holder != NULL)
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                     "The workspace “%s” is open read-only, because another pctdash has it "
                     "open (%s). Close it there and open the workspace again to change it.",
                     display, self->lock_holder);
      else
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY,
                     "The workspace “%s” is open read-only", display);
      return FALSE;
    }

  if ((self->rollback == NULL &&
       sqlite3_prepare_v2 (self->db, "ROLLBACK", -1, &self->rollback, NULL) != SQLITE_OK) ||
      sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      pd_workspace_set_error (self, error, "Could not start writing");
      return FALSE;
    }
  return TRUE;
}

/* Commit and rollback hooks, installed only while pd_workspace_commit's COMMIT runs. */
typedef struct
{
  gboolean committing;
  gboolean rolled_back;
} CommitWatch;

static int
watch_commit (void *data)
{
  ((CommitWatch *) data)->committing = TRUE;
  return 0;
}

static void
watch_rollback (void *data)
{
  ((CommitWatch *) data)->rolled_back = TRUE;
}

/**
 * pd_workspace_commit:
 * @self: a workspace
 * @error: return location for an error
 *
 * Commits the transaction begun by pd_workspace_begin_write(); on failure it is rolled
 * back, so the workspace is as it was before.
 *
 * SQLite can return an error from a COMMIT that took effect: a fault after the commit
 * (out of memory re-reading the schema, say) makes the statement fail, and it may even
 * run again and report "no transaction is active". So the outcome is read from what
 * happened, not from the return code: the commit hook says the commit began, the rollback
 * hook says it was undone (SQLite rolls back every failed commit of a write transaction,
 * calling the hook), and an open transaction says it never finished (a deferred foreign
 * key failing, say). tests/import/test-faults.c fails each allocation of a COMMIT in turn.
 *
 * Returns: %TRUE when committed
 */
gboolean
pd_workspace_commit (PdWorkspace  *self,
                     GError      **error)
{
  CommitWatch watch = { FALSE, FALSE };
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);

  /* SQLite rolls the whole transaction back after some errors in any statement (out of
   * memory, a full disk); statements run after that were each their own transaction. */
  if (sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not save the changes: an earlier error ended the transaction, "
                   "so they were not saved together");
      return FALSE;
    }

  sqlite3_commit_hook (self->db, watch_commit, &watch);
  sqlite3_rollback_hook (self->db, watch_rollback, &watch);
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  sqlite3_commit_hook (self->db, NULL, NULL);
  sqlite3_rollback_hook (self->db, NULL, NULL);

  if (rc == SQLITE_OK ||
      (sqlite3_get_autocommit (self->db) && watch.committing && !watch.rolled_back))
    return TRUE;

  pd_workspace_set_error (self, error, "Could not save the changes");
  pd_workspace_rollback (self);
  return FALSE;
}

/**
 * pd_workspace_rollback:
 * @self: a workspace
 *
 * Abandons the open transaction, if any. The ROLLBACK statement was prepared when the
 * transaction began, because a rollback is most needed when memory has run out, and
 * preparing it then would fail and leave the transaction — and the write lock — open.
 */
void
pd_workspace_rollback (PdWorkspace *self)
{
  g_return_if_fail (PD_IS_WORKSPACE (self));

  if (sqlite3_get_autocommit (self->db))
    return;
  if (self->rollback != NULL)
    {
      sqlite3_step (self->rollback);
      sqlite3_reset (self->rollback);
    }
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

/* Whether @name is "<prefix>XXXXXX" (g_mkstemp's six letters and digits), optionally with
 * SQLite's "-journal" or "-wal" after it. */
static gboolean
is_temp_name (const char *name,
              const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;
  rest = name + strlen (prefix);
  for (int i = 0; i < 6; i++)
    if (!g_ascii_isalnum (rest[i]))
      return FALSE;
  rest += 6;
  return *rest == '\0' || strcmp (rest, "-journal") == 0 || strcmp (rest, "-wal") == 0;
}

/**
 * pd_remove_stale_temp_files:
 * @target: the file an atomic write is about to replace
 *
 * Removes the temporary files that earlier writes of @target left in its folder when they
 * were killed, once they are older than %PD_STALE_TEMP_AGE. Errors are ignored: a file
 * that cannot be removed stays, and the write goes on.
 *
 * Returns: how many files were removed
 */
guint
pd_remove_stale_temp_files (const char *target)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  time_t now = time (NULL);
  guint removed = 0;

  g_return_val_if_fail (target != NULL, 0);

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  prefix = g_strdup_printf (".%s.", base);
  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    return 0;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!is_temp_name (name, prefix))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          st.st_mtime < now - PD_STALE_TEMP_AGE && g_unlink (path) == 0)
        removed++;
    }
  return removed;
}

/* Removes the temporary copy and whatever SQLite left beside it. */
static void
remove_temp_copy (const char *template)
{
  g_autofree char *journal = g_strconcat (template, "-journal", NULL);
  g_autofree char *wal = g_strconcat (template, "-wal", NULL);

  g_unlink (template);
  g_unlink (journal);
  g_unlink (wal);
}

/**
 * pd_replace_file_durably:
 * @temp: the finished temporary file, in @target's folder
 * @target: the file it replaces
 *
 * fsync(2)s @temp before the rename, as a rename can reach the disk before the data it
 * names, and the folder after it, so that the rename itself survives a power cut.
 *
 * Returns: 0, or the errno of the fsync or the rename that failed
 */
int
pd_replace_file_durably (const char *temp,
                         const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  int fd, saved_errno;

  fd = g_open (temp, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return errno;
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      return saved_errno;
    }
  close (fd);
  if (g_rename (temp, target) != 0)
    return errno;
  /* Some file systems cannot flush a folder (EINVAL); the file is in place all the same. */
  fd = g_open (dir, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return 0;
}

/* A writer of the old @target that was killed leaves its last transactions in
 * "@target-wal". SQLite does not tie a WAL to its database file: renamed over @target, the
 * copy would be opened with that WAL replayed onto it, and show the old workspace's pages
 * (seen: the old tables, integrity_check "ok"). With the target's lock held no pctdash
 * writes there, so the old WAL is checkpointed into the old file, which leaves @target
 * whole if the rename then fails, and removed; if SQLite cannot do that (the old file is
 * no workspace, say), the WAL and its -shm are removed, as the copy replaces them. */
static void
settle_old_wal (const char *target)
{
  g_autofree char *wal = g_strconcat (target, "-wal", NULL);
  g_autofree char *shm = g_strconcat (target, "-shm", NULL);
  sqlite3 *db = NULL;

  if (!g_file_test (wal, G_FILE_TEST_EXISTS))
    return;
  if (sqlite3_open_v2 (target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
      SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 1000);
      sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
  /* The last connection to close checkpoints again and deletes the WAL. */
  sqlite3_close (db);
  g_unlink (wal);
  g_unlink (shm);
}

/* pd_workspace_save_as() with the target's lock held. */
static gboolean
save_as_locked (PdWorkspace  *self,
                const char   *target,
                const char   *display,
                GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  sqlite3_stmt *stmt = NULL;
  int fd, rc, saved_errno;

  pd_remove_stale_temp_files (target);
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
      remove_temp_copy (template);
      return FALSE;
    }

  settle_old_wal (target);
  saved_errno = pd_replace_file_durably (template, target);
  if (saved_errno != 0)
    {
      remove_temp_copy (template);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not save a copy as “%s”: %s", display, g_strerror (saved_errno));
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
 * wholly in the copy or not at all. A failure removes the temporary file and the rollback
 * journal VACUUM INTO may leave beside it (seen on a full disk); temporary files of a
 * killed earlier save-as are removed once stale (pd_remove_stale_temp_files()).
 *
 * A target that another pctdash process has open for writing is not replaced: the save
 * takes the target's "-lock" as an open for writing does, and fails with
 * %PD_WORKSPACE_ERROR_BUSY naming the holder when it cannot; also when this process has
 * the target open for writing (@self's own file included). A WAL left beside the target
 * by a killed writer is settled first, so that it cannot be replayed onto the copy.
 */
gboolean
pd_workspace_save_as (PdWorkspace  *self,
                      const char   *target,
                      GError      **error)
{
  g_autofree char *display = NULL;
  g_autofree char *holder = NULL;
  g_autoptr(GError) lock_error = NULL;
  WorkspaceLock *lock;
  int lock_errno;
  gboolean open_here;
  gboolean ok;

  g_return_val_if_fail (PD_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  display = g_filename_display_name (target);

  /* Replacing a workspace that another pctdash has open for writing would pull the file
   * from under its imports: its later writes would go to the unlinked old file, or, with
   * the -wal of the old file beside the new one, damage it. The target's lock is taken as
   * an open for writing takes it, and held until the copy is in place. Within this
   * process the lock is shared, as it is between a window and its workers. */
  lock = lock_acquire (target, &holder, &lock_errno, &lock_error);
  if (lock == NULL)
    {
      if (g_error_matches (lock_error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY))
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                     "Could not save a copy as “%s”: that workspace is open in another "
                     "pctdash (%s). Close it there and try again.", display,
                     holder != NULL ? holder : "process unknown");
      else if (lock_errno != 0)
        /* The lock file could not be made where the copy was to go: the folder's fault
         * (missing, read-only, full), reported as writing the copy would report it. */
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (lock_errno),
                     "Could not save a copy as “%s”: %s", display, g_strerror (lock_errno));
      else
        g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                     "Could not save a copy as “%s”: %s", display, lock_error->message);
      return FALSE;
    }
  /* Open for writing in this process (another window, or this very workspace): the
   * lock is shared, so it stops nothing, and the copy would be renamed from under that
   * connection, whose WAL would then be replayed onto the copy. */
  g_mutex_lock (&locks_mutex);
  open_here = lock->refs > 1;
  g_mutex_unlock (&locks_mutex);
  if (open_here)
    {
      lock_release (lock);
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY,
                   "Could not save a copy as “%s”: that workspace is open in this pctdash. "
                   "Close its window and try again.", display);
      return FALSE;
    }
  ok = save_as_locked (self, target, display, error);
  lock_release (lock);
  return ok;
}
