/* pd-demo.c — the bundled demo region, built through the real importer
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pd-demo.h"

/* In dependency order: organisations and indicator definitions before the facts. */
static const char *const demo_files[] = {
  "organisations.csv",
  "indicators.csv",
  "allocations.csv",
  "spend.csv",
  "cquin_schemes.csv",
  "cquin_achievement.csv",
  "indicator_values.csv",
  "events.csv",
};

/**
 * pd_demo_data_dir:
 *
 * Returns: the folder of the demo CSVs: $PD_DEMO_DIR when set, else the installed copy
 *   when present, else the source tree this build came from
 */
const char *
pd_demo_data_dir (void)
{
  const char *dir = g_getenv ("PD_DEMO_DIR");

  if (dir != NULL && dir[0] != '\0')
    return dir;
  if (g_file_test (PD_INSTALLED_DEMO_DATA_DIR, G_FILE_TEST_IS_DIR))
    return PD_INSTALLED_DEMO_DATA_DIR;
  return PD_DEMO_DATA_DIR;
}

typedef struct
{
  PdProgressFunc progress;
  gpointer       progress_data;
  double         base;
  double         scale;
} DemoProgress;

static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  DemoProgress *p = user_data;

  if (p->progress != NULL)
    p->progress (p->base + p->scale * fraction, p->progress_data);
}

/* Peer groups a commissioner expects to find: the commissioners of each region, and the
 * providers of each type. */
static gboolean
create_peer_groups (PdWorkspace  *workspace,
                    GError      **error)
{
  static const char sql[] =
    "INSERT INTO peer_groups (name, description)"
    "  SELECT DISTINCT 'Commissioners in ' || region, 'Every commissioner of the region'"
    "    FROM organisations WHERE role = 'commissioner' AND region IS NOT NULL;"
    "INSERT INTO peer_group_members (group_id, org_code)"
    "  SELECT g.id, o.code FROM organisations o JOIN peer_groups g"
    "    ON g.name = 'Commissioners in ' || o.region WHERE o.role = 'commissioner';"
    "INSERT INTO peer_groups (name, description)"
    "  SELECT DISTINCT 'Providers: ' || replace (type, '_', ' '), 'Every provider of this type'"
    "    FROM organisations WHERE role = 'provider' AND type IS NOT NULL;"
    "INSERT INTO peer_group_members (group_id, org_code)"
    "  SELECT g.id, o.code FROM organisations o JOIN peer_groups g"
    "    ON g.name = 'Providers: ' || replace (o.type, '_', ' ') WHERE o.role = 'provider';";
  char *message = NULL;

  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  if (sqlite3_exec (pd_workspace_get_db (workspace), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not create the peer groups: %s", message);
      sqlite3_free (message);
      pd_workspace_rollback (workspace);
      return FALSE;
    }
  return pd_workspace_commit (workspace, error);
}

static void
remove_workspace_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

static gboolean
build_into (const char      *demo_dir,
            const char      *path,
            DemoProgress    *progress,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(PdWorkspace) workspace = NULL;
  guint64 sizes[G_N_ELEMENTS (demo_files)];
  guint64 total = 0, done = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo_files); i++)
    {
      g_autofree char *file = g_build_filename (demo_dir, demo_files[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "The demo data is incomplete: %s is missing", file);
          return FALSE;
        }
      sizes[i] = st.st_size;
      total += st.st_size;
    }

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, error);
  if (workspace == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_files); i++)
    {
      g_autofree char *file = g_build_filename (demo_dir, demo_files[i], NULL);
      g_autoptr(PdImportReport) report = NULL;

      progress->base = total > 0 ? (double) done / total : 0;
      progress->scale = total > 0 ? (double) sizes[i] / total : 0;
      report = pd_import_file (workspace, file, NULL, demo_progress_cb, progress, cancellable,
                               error);
      if (report == NULL || report->import_id == 0)
        {
          g_prefix_error (error, "The demo workspace could not be built: ");
          return FALSE;
        }
      done += sizes[i];
    }

  return create_peer_groups (workspace, error);
}

/**
 * pd_demo_build:
 * @demo_dir: (nullable): the folder of the demo CSVs, or %NULL for pd_demo_data_dir()
 * @out_path: the workspace to write; replaced if it exists
 * @progress: (nullable): called with the fraction done
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Builds the demo workspace through the same importer a user's files go through. It is
 * built in a temporary file beside @out_path and renamed into place when complete, so
 * @out_path is never half-built.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_demo_build (const char     *demo_dir,
               const char     *out_path,
               PdProgressFunc  progress,
               gpointer        progress_data,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  DemoProgress state = { progress, progress_data, 0, 0 };
  int fd;

  g_return_val_if_fail (out_path != NULL, FALSE);

  if (demo_dir == NULL)
    demo_dir = pd_demo_data_dir ();

  dir = g_path_get_dirname (out_path);
  base = g_path_get_basename (out_path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write in %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  if (!build_into (demo_dir, tmp_path, &state, cancellable, error))
    {
      remove_workspace_files (tmp_path);
      return FALSE;
    }

  /* The workspace was closed above, so the log is checkpointed and gone: the temporary
   * file is complete and self-contained. */
  if (g_rename (tmp_path, out_path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write %s: %s", out_path, g_strerror (saved_errno));
      remove_workspace_files (tmp_path);
      return FALSE;
    }

  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}
