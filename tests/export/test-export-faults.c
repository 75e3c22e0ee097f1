/* test-export-faults.c — the board pack (xlsx, pdf) and save-as into a read-only folder,
 * onto a full disk, and killed with SIGKILL while writing
 *
 * Each must give a clear error (a GError with a message) and leave the target as it was
 * (an old file intact, or no file), with no temporary file left behind. A process killed
 * while writing leaves the target old or complete; its temporary file stays (nobody is left
 * to remove it), and the next export or save-as of that name into the folder removes it
 * once it is stale (pd_remove_stale_temp_files(), docs/robustness.md).
 *
 * Read-only folder: as root (CI), directory permissions do not apply, so the folder is
 * bind-mounted read-only in a private mount namespace (unshare); otherwise chmod 0555.
 * Full disk: a small tmpfs in that namespace, so root only; skipped otherwise.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>

#include "export/pd-board-pack.h"
#include "import/pd-demo.h"
#include "store/pd-workspace.h"
#include "pd-test-util.h"

/* libgsf 1.14 has no autoptr support of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

typedef enum
{
  TARGET_XLSX,
  TARGET_PDF,
  TARGET_WORKSPACE,
} Target;

static const char *const target_names[] = { "pack.xlsx", "pack.pdf", "copy.pctdash" };

static char *scratch;
static char *workspace_path;
static gboolean can_mount;        /* root, in a private mount namespace */
static const char *mount_refused; /* why not, when root */

static gboolean
write_target (Target       target,
              const char  *path,
              GError     **error)
{
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path,
                                                        PD_WORKSPACE_OPEN_READ_ONLY, error);
  PdBoardPackOptions options;

  if (workspace == NULL)
    return FALSE;
  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  switch (target)
    {
    case TARGET_XLSX:
      return pd_board_pack_write (workspace, &options, path, NULL, error);
    case TARGET_PDF:
      return pd_board_pack_write_pdf (workspace, &options, path, NULL, error);
    case TARGET_WORKSPACE:
      return pd_workspace_save_as (workspace, path, error);
    }
  g_assert_not_reached ();
}

/* The names in @dir, sorted, joined by commas. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/* Writes @target into @dir and expects a failure whose message names the folder or the
 * file and says @reason, with the old file intact and nothing else left there. */
static void
assert_failed_cleanly (Target       target,
                       const char  *dir,
                       const char  *old,
                       const char  *why,
                       const char  *reason)
{
  g_autofree char *path = g_build_filename (dir, target_names[target], NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;

  g_assert_false (write_target (target, path, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s %s: “%s”", target_names[target], why, error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, reason));
  /* The old file is intact and nothing else is there. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
  names = listing (dir);
  g_assert_cmpstr (names, ==, target_names[target]);
}

/* mount(2) ignores the file system type for a bind mount, a remount and a change of
 * propagation; a string all the same, not NULL, because valgrind's memcheck (3.19) reads
 * it whatever the flags and reported "Syscall param mount(type) points to unaddressable
 * byte(s)" for NULL. */
#define IGNORED_FS_TYPE "none"

static void
test_read_only_folder (gconstpointer data)
{
  Target target = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_build_filename (scratch, "read-only", NULL);
  g_autofree char *old_path = g_build_filename (dir, target_names[target], NULL);
  gboolean mounted = FALSE;

  if (geteuid () == 0 && !can_mount)
    {
      g_test_skip (mount_refused);
      return;
    }
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (old_path, "the old file", -1, NULL));
  if (geteuid () == 0)
    {
      /* Root writes through any permission bits: a read-only bind mount instead. */
      g_assert_cmpint (mount (dir, dir, IGNORED_FS_TYPE, MS_BIND, NULL), ==, 0);
      g_assert_cmpint (mount (NULL, dir, IGNORED_FS_TYPE, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
                       ==, 0);
      mounted = TRUE;
    }
  else
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  assert_failed_cleanly (target, dir, "the old file", "into a read-only folder",
                         g_strerror (mounted ? EROFS : EACCES));

  if (mounted)
    g_assert_cmpint (umount (dir), ==, 0);
  else
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_unlink (old_path);
  g_rmdir (dir);
}

static void
test_full_disk (gconstpointer data)
{
  Target target = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_build_filename (scratch, "full", NULL);
  g_autofree char *probe = g_build_filename (scratch, target_names[target], NULL);
  g_autofree char *old_path = g_build_filename (dir, target_names[target], NULL);
  g_autofree char *size_option = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (!can_mount)
    {
      g_test_skip (geteuid () == 0 ? mount_refused
                                   : "a full disk needs a small tmpfs, which only root can mount");
      return;
    }
  /* A tmpfs half the size of the finished file: the write fails part way. */
  g_assert_true (write_target (target, probe, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (probe, &st), ==, 0);
  g_unlink (probe);
  size_option = g_strdup_printf ("size=%" G_GINT64_FORMAT,
                                 MAX ((gint64) 16384, ((gint64) st.st_size / 2) & ~(gint64) 4095));
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, size_option), ==, 0);
  g_assert_true (g_file_set_contents (old_path, "the old file", -1, NULL));

  /* SQLite says it in its own words for save-as; the packs give the system's. */
  assert_failed_cleanly (target, dir, "the old file", "onto a full disk",
                         target == TARGET_WORKSPACE ? "disk is full" : g_strerror (ENOSPC));

  g_unlink (old_path);
  g_assert_cmpint (umount (dir), ==, 0);
  g_rmdir (dir);
}

/* ---- SIGKILL while writing ---- */

static guint
check_xml_parts (GsfInfile  *dir,
                 const char *prefix)
{
  guint parts = 0;

  for (int i = 0; i < gsf_infile_num_children (dir); i++)
    {
      g_autoptr(GsfInput) child = gsf_infile_child_by_index (dir, i);
      g_autofree char *name = g_strconcat (prefix, gsf_input_name (child), NULL);

      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        {
          g_autofree char *sub = g_strconcat (name, "/", NULL);
          parts += check_xml_parts (GSF_INFILE (child), sub);
          continue;
        }
      {
        gsf_off_t size = gsf_input_size (child);
        g_autofree guint8 *bytes = g_malloc (size + 1);

        if (size > 0 && gsf_input_read (child, size, bytes) == NULL)
          g_error ("part %s of the xlsx cannot be read", name);
        if (g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".rels"))
          {
            xmlDoc *doc = xmlReadMemory ((const char *) bytes, (int) size, name, NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
            if (doc == NULL)
              g_error ("part %s of the xlsx is not well-formed XML", name);
            xmlFreeDoc (doc);
          }
        parts++;
      }
    }
  return parts;
}

/* What identifies a complete file of the kind: the xlsx's parts (all readable, the XML
 * ones well-formed), the pdf's header and trailer, the workspace's integrity and summary. */
static char *
complete_state (Target      target,
                const char *path)
{
  switch (target)
    {
    case TARGET_XLSX:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GsfInput) input = gsf_input_stdio_new (path, &error);
        g_autoptr(GsfInfile) zip = NULL;

        g_assert_no_error (error);
        zip = gsf_infile_zip_new (input, &error);
        if (zip == NULL)
          g_error ("%s is not a whole zip: %s", path, error->message);
        return g_strdup_printf ("%u parts", check_xml_parts (zip, ""));
      }
    case TARGET_PDF:
      {
        g_autofree char *bytes = NULL;
        gsize len = 0;
        g_autofree char *tail = NULL;

        g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
        g_assert_true (len > 16 && memcmp (bytes, "%PDF-", 5) == 0);
        tail = g_strndup (bytes + len - 16, 16);
        g_assert_nonnull (strstr (tail, "%%EOF"));
        return g_strdup ("pdf");
      }
    case TARGET_WORKSPACE:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(PdWorkspace) copy = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
        g_autoptr(PdWorkspaceSummary) summary = NULL;
        g_autofree char *check = NULL;

        g_assert_no_error (error);
        check = pd_test_query_text (pd_workspace_get_db (copy), "PRAGMA integrity_check");
        g_assert_cmpstr (check, ==, "ok");
        summary = pd_workspace_query_summary (copy, &error);
        g_assert_no_error (error);
        return g_strdup_printf ("imports=%u spend=%" G_GINT64_FORMAT " pence=%" G_GINT64_FORMAT,
                                summary->imports->len, summary->n_spend, summary->spend_pence);
      }
    }
  g_assert_not_reached ();
}

static guint
count_temp_files (const char *dir,
                  const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

static void
test_kill (gconstpointer data)
{
  Target target = GPOINTER_TO_INT (data);
  g_autofree char *kill_dir = g_strdup_printf ("kill-%s", target_names[target]);
  g_autofree char *dir = g_build_filename (scratch, kill_dir, NULL);
  g_autofree char *path = g_build_filename (dir, target_names[target], NULL);
  g_autofree char *reference = NULL;
  const char *moments_env = g_getenv ("PD_CRASH_MOMENTS");
  guint moments = moments_env != NULL ? (guint) atoi (moments_env) : 50;
  guint killed = 0, completed = 0, left = 0;
  gint64 started, duration;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  /* The old file, complete; and how long one write takes. */
  started = g_get_monotonic_time ();
  g_assert_true (write_target (target, path, &error));
  g_assert_no_error (error);
  duration = g_get_monotonic_time () - started;
  reference = complete_state (target, path);

  for (guint i = 0; i < moments; i++)
    {
      /* Spread over the write's whole time and a little after it. */
      gint64 delay = g_test_rand_int_range (0, (gint32) MAX (1, duration * 6 / 5));
      g_autofree char *state = NULL;
      int status = 0;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        _exit (write_target (target, path, NULL) ? 0 : 1);
      g_usleep (delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (WIFSIGNALED (status))
        killed++;
      else
        {
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          completed++;
        }
      /* The target is the old file or the new one, complete either way. */
      state = complete_state (target, path);
      g_assert_cmpstr (state, ==, reference);
    }
  left = count_temp_files (dir, target_names[target]);

  /* The policy: the next write of that name removes temporary files older than
   * PD_STALE_TEMP_AGE. Age the ones the kills left, and write once more. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    struct utimbuf old_times = { .actime = time (NULL) - 2 * 3600, .modtime = time (NULL) - 2 * 3600 };

    while ((name = g_dir_read_name (d)) != NULL)
      if (name[0] == '.')
        {
          g_autofree char *temp = g_build_filename (dir, name, NULL);
          g_assert_cmpint (utime (temp, &old_times), ==, 0);
        }
  }
  g_assert_true (write_target (target, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_temp_files (dir, target_names[target]), ==, 0);
  g_test_message ("%s, SIGKILL at %u moments over %.3f s: %u killed mid-write, %u finished; "
                  "target complete every time; %u temporary files left by the kills, removed by "
                  "the next write", target_names[target], moments, duration / 1e6, killed,
                  completed, left);
  g_unlink (path);
  if (g_rmdir (dir) != 0)
    {
      /* Say what is left; the scratch folder's removal takes it. */
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        g_test_message ("left in %s: %s", kill_dir, name);
    }
}

static void
enter_mount_namespace (void)
{
  if (geteuid () != 0)
    return;
  /* Mounts made here vanish with the process, even if a test fails half way. */
  if (unshare (CLONE_NEWNS) != 0)
    mount_refused = "root, but cannot make a mount namespace (unshare) to mount a read-only "
                    "or small file system in";
  else if (mount (NULL, "/", IGNORED_FS_TYPE, MS_REC | MS_PRIVATE, NULL) != 0)
    mount_refused = "root, but cannot make mounts private in the new namespace";
  else
    can_mount = TRUE;
}

/* The end of every atomic write: the temporary file takes the target's place, or nothing
 * changes and the reason comes back. */
static void
test_replace_durably (void)
{
  g_autofree char *dir = g_build_filename (scratch, "replace", NULL);
  g_autofree char *target = g_build_filename (dir, "pack.xlsx", NULL);
  g_autofree char *temp = g_build_filename (dir, ".pack.xlsx.ABCDEF", NULL);
  g_autofree char *missing = g_build_filename (dir, ".pack.xlsx.GHIJKL", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "the old file", -1, NULL));
  g_assert_true (g_file_set_contents (temp, "the new file", -1, NULL));

  g_assert_cmpint (pd_replace_file_durably (missing, target), ==, ENOENT);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");
  g_clear_pointer (&contents, g_free);

  g_assert_cmpint (pd_replace_file_durably (temp, target), ==, 0);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the new file");
  names = listing (dir);
  g_assert_cmpstr (names, ==, "pack.xlsx");

  g_unlink (target);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  static const char *const kinds[] = { "xlsx", "pdf", "save-as" };
  int status;

  g_test_init (&argc, &argv, NULL);
  enter_mount_namespace ();
  scratch = pd_test_scratch_new ();
  workspace_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, workspace_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);

  for (Target t = TARGET_XLSX; t <= TARGET_WORKSPACE; t++)
    {
      g_autofree char *ro = g_strdup_printf ("/export-faults/read-only-folder/%s", kinds[t]);
      g_autofree char *full = g_strdup_printf ("/export-faults/full-disk/%s", kinds[t]);
      g_autofree char *killed = g_strdup_printf ("/export-faults/sigkill/%s", kinds[t]);

      g_test_add_data_func (ro, GINT_TO_POINTER (t), test_read_only_folder);
      g_test_add_data_func (full, GINT_TO_POINTER (t), test_full_disk);
      /* Only with -m slow: about a minute of CPU (suite slow runs them). */
      if (g_test_slow ())
        g_test_add_data_func (killed, GINT_TO_POINTER (t), test_kill);
    }
  g_test_add_func ("/export-faults/replace-durably", test_replace_durably);
  status = g_test_run ();
  pd_test_scratch_free (scratch);
  g_free (workspace_path);
  return status;
}
