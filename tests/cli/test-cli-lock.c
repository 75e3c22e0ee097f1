/* test-cli-lock.c — two pctdash processes on one workspace, and workspaces on network or
 * user-space filesystems (issue 7)
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "pd-test-util.h"
#include "domain/pd-spc-changes.h"
#include "import/pd-importer.h"
#include "store/pd-workspace.h"

typedef struct
{
  char *dir;
  char *ws;
  char *lock;
  char *orgs;
  char *spend;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = pd_test_scratch_new ();
  f->ws = g_build_filename (f->dir, "region.pctdash", NULL);
  f->lock = g_strconcat (f->ws, "-lock", NULL);
  f->orgs = pd_test_write_file (f->dir, "orgs.csv",
                                "code,name,role,population\n"
                                "00L,Northvale PCT,commissioner,312000\n"
                                "RA1,Eastmere Hospitals,provider,\n", -1);
  f->spend = pd_test_write_file (f->dir, "spend.csv",
                                 "commissioner,year,month,category,provider,amount\n"
                                 "00L,2009/10,Apr,Acute contracts,RA1,1000.01\n"
                                 "00L,2009/10,May,Acute contracts,RA1,2000.02\n", -1);
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "-w", f->ws, f->orgs, NULL), ==, 0);
  /* The CLI closed it: no lock is left behind. */
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pd_test_scratch_free (f->dir);
  g_free (f->ws);
  g_free (f->lock);
  g_free (f->orgs);
  g_free (f->spend);
}

static void
assert_intact (const char *ws,
               gint64      spend_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (ws, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_autofree char *check = NULL;

  g_assert_no_error (error);
  check = pd_test_query_text (pd_workspace_get_db (workspace), "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (workspace),
                                      "SELECT count(*) FROM spend"), ==, spend_rows);
}

/* A workspace made as the save-as tests need it: organisations and @spend imported. */
static PdWorkspace *
make_source (Fixture    *f,
             const char *name,
             const char *spend)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  PdWorkspace *source = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PdImportReport) report =
        pd_import_file (source, i == 0 ? f->orgs : spend, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (report->import_id, >, 0);
    }
  return source;
}

/* This process holds the workspace as the window does; pctdash-cli import in another
 * process is refused with a message naming us, and the read-only commands still work. */
static void
test_cli_import_while_held (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) held = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *lock_text = NULL;
  g_autofree char *our_pid = g_strdup_printf ("process %ld on ", (long) getpid ());
  g_autofree char *lock_prefix = g_strdup_printf ("%ld %s ", (long) getpid (), g_get_host_name ());

  g_assert_no_error (error);
  g_assert_false (pd_workspace_is_read_only (held));
  g_assert_null (pd_workspace_get_lock_holder (held));
  lock_text = pd_test_read_file (f->lock, NULL);
  g_assert_true (g_str_has_prefix (lock_text, lock_prefix));

  g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", f->ws, f->spend, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "region.pctdash"));
  g_assert_nonnull (strstr (err, "is open in another pctdash"));
  g_assert_nonnull (strstr (err, our_pid));
  assert_intact (f->ws, 0);

  /* info and export read: they never needed the lock. */
  g_assert_cmpint (pd_test_run_cli (&out, NULL, "info", "-w", f->ws, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "organisations               2"));

  /* Our own writes go on meanwhile. */
  {
    g_autoptr(PdImportReport) report = pd_import_file (held, f->spend, NULL, NULL, NULL, NULL,
                                                       &error);
    g_assert_no_error (error);
    g_assert_nonnull (report);
  }
  assert_intact (f->ws, 2);
  /* export too, of what we just wrote (it needs spend). */
  {
    g_autofree char *pack = g_build_filename (f->dir, "pack.xlsx", NULL);
    g_assert_cmpint (pd_test_run_cli (NULL, NULL, "export", "-w", f->ws, "--pack", pack, NULL), ==, 0);
    g_assert_true (g_file_test (pack, G_FILE_TEST_EXISTS));
  }

  /* Closed: the lock file goes, and the CLI may write again. */
  g_clear_object (&held);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", f->ws, f->spend, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "was imported already"));
}

/* A child process holds the workspace until told to go (or is killed). */
typedef struct
{
  GPid pid;
  int  to_child;
} Holder;

static Holder
start_holder (const char *ws)
{
  int ready[2], go[2];
  Holder holder;
  char byte;

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (go), ==, 0);
  holder.pid = fork ();
  g_assert_cmpint (holder.pid, >=, 0);
  if (holder.pid == 0)
    {
      PdWorkspace *workspace;

      close (ready[0]);
      close (go[1]);
      g_set_prgname ("pctdash-holder");
      workspace = pd_workspace_open (ws, PD_WORKSPACE_OPEN_WRITABLE, NULL);
      byte = workspace != NULL && !pd_workspace_is_read_only (workspace) ? 'y' : 'n';
      if (write (ready[1], &byte, 1) != 1)
        _exit (3);
      if (read (go[0], &byte, 1) < 0)
        _exit (4);
      g_clear_object (&workspace);
      _exit (0);
    }
  close (ready[1]);
  close (go[0]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  g_assert_cmpint (byte, ==, 'y');
  close (ready[0]);
  holder.to_child = go[1];
  return holder;
}

static void
stop_holder (Holder   *holder,
             gboolean  kill_it)
{
  int status;

  if (kill_it)
    kill (holder->pid, SIGKILL);
  close (holder->to_child);
  g_assert_cmpint (waitpid (holder->pid, &status, 0), ==, holder->pid);
  if (!kill_it)
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

/* Another process holds it: opening for writing falls back to read-only and says who has
 * it; every write fails with that message; with WRITABLE the open itself fails. */
static void
test_second_open_read_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspace) again = NULL;
  Holder holder = start_holder (f->ws);
  g_autofree char *who = g_strdup_printf ("pctdash-holder, process %ld on %s", (long) holder.pid,
                                          g_get_host_name ());

  workspace = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (pd_workspace_is_read_only (workspace));
  g_assert_cmpstr (pd_workspace_get_lock_holder (workspace), ==, who);

  /* A worker thread's connection is read-only too, and knows why. */
  again = pd_workspace_open_again (workspace, &error);
  g_assert_no_error (error);
  g_assert_true (pd_workspace_is_read_only (again));
  g_assert_cmpstr (pd_workspace_get_lock_holder (again), ==, who);

  g_assert_false (pd_workspace_begin_write (workspace, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, who));
  g_clear_error (&error);

  {
    g_autoptr(PdImportReport) report = pd_import_file (workspace, f->spend, NULL, NULL, NULL,
                                                       NULL, &error);
    g_assert_nonnull (error);
    g_test_message ("import: %s", error->message);
    g_assert_nonnull (strstr (error->message, who));
    g_clear_error (&error);
  }
  g_assert_cmpint (pd_spc_changes_add (workspace, "Falls", "RA1", PD_SPC_CHANGE_ANNOTATION,
                                       "2009-04-01", "New ward", &error), ==, 0);
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_null (pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, who));
  g_clear_error (&error);

  /* Reading works alongside. */
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (workspace),
                                      "SELECT count(*) FROM organisations"), ==, 2);

  stop_holder (&holder, FALSE);
  g_clear_object (&again);
  g_clear_object (&workspace);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));

  workspace = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  g_assert_false (pd_workspace_is_read_only (workspace));
  g_assert_null (pd_workspace_get_lock_holder (workspace));
  g_clear_object (&workspace);
  assert_intact (f->ws, 0);
}

/* A holder that dies (SIGKILL) leaves its lock file, but not its lock: the next process
 * takes it over. A lock file nobody locks, with any text, is no obstacle either. */
static void
test_stale_lock (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  Holder holder = start_holder (f->ws);
  g_autofree char *lock_text = NULL;
  g_autofree char *ours = g_strdup_printf ("%ld ", (long) getpid ());

  stop_holder (&holder, TRUE);
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));

  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "-w", f->ws, f->spend, NULL), ==, 0);
  assert_intact (f->ws, 2);

  g_assert_true (g_file_set_contents (f->lock, "not a lock file at all", -1, NULL));
  workspace = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  lock_text = pd_test_read_file (f->lock, NULL);
  g_assert_true (g_str_has_prefix (lock_text, ours));
}

/* Save-as onto a workspace another process holds is refused, naming the holder, and leaves
 * the target, its lock and its folder as they were; once the holder closes it, it works. */
static void
test_save_as_onto_held (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) source = NULL;
  g_autofree char *lock_text = NULL;
  g_autofree char *holder_pid = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  Holder holder;
  g_autofree char *who = NULL;
  g_autofree char *cli_stderr = NULL;

  source = make_source (f, "source.pctdash", f->spend);

  holder = start_holder (f->ws);
  who = g_strdup_printf ("pctdash-holder, process %ld on %s", (long) holder.pid,
                         g_get_host_name ());
  holder_pid = g_strdup_printf ("%ld ", (long) holder.pid);

  g_assert_false (pd_workspace_save_as (source, f->ws, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, who));
  g_assert_nonnull (strstr (error->message, "region.pctdash"));
  g_clear_error (&error);

  /* The holder's workspace and lock are untouched, and no temporary copy is left. */
  assert_intact (f->ws, 0);
  lock_text = pd_test_read_file (f->lock, NULL);
  g_assert_true (g_str_has_prefix (lock_text, holder_pid));
  listing = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".region.pctdash."));

  stop_holder (&holder, FALSE);
  g_assert_true (pd_workspace_save_as (source, f->ws, &error));
  g_assert_no_error (error);
  assert_intact (f->ws, 2);
  /* The save-as let go of the lock it took. */
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  /* Another process can write to the copy, which holds the spend already. */
  g_assert_cmpint (pd_test_run_cli (NULL, &cli_stderr, "import", "-w", f->ws, f->spend, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (cli_stderr, "imported already"));
}

/* A writer of the target killed after its last commit leaves that commit in the target's
 * -wal. SQLite does not tie a WAL to its database: without care the copy renamed over the
 * target opened as the old workspace, the old WAL replayed onto it. */
static void
test_save_as_over_stale_wal (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) source = NULL;
  g_autofree char *wal = g_strconcat (f->ws, "-wal", NULL);
  g_autofree char *one_row = pd_test_write_file (f->dir, "one-row.csv",
                                                 "commissioner,year,month,category,provider,amount\n"
                                                 "00L,2010/11,Jun,Prescribing,,7.00\n", -1);
  GStatBuf st;
  pid_t pid;
  int status;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      PdWorkspace *workspace = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, NULL);
      PdImportReport *report = workspace != NULL
        ? pd_import_file (workspace, f->spend, NULL, NULL, NULL, NULL, NULL) : NULL;

      /* Killed, as far as the workspace can tell: no close, no checkpoint. */
      _exit (report != NULL && report->import_id > 0 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  /* The killed writer's import is in the WAL only, or this test tests nothing. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  source = make_source (f, "source.pctdash", one_row);
  g_assert_true (pd_workspace_save_as (source, f->ws, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The target is the copy: one spend row, of June 2010. */
  assert_intact (f->ws, 1);
  {
    g_autoptr(PdWorkspace) copy = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (copy),
                                        "SELECT amount_pence FROM spend"), ==, 700);
  }
}

/* This process's own writing connections share the lock, so it cannot stop a save-as
 * onto a workspace open here (another window's, or the workspace's own file): refused. */
static void
test_save_as_onto_open_here (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) open_here = NULL;
  g_autoptr(PdWorkspace) source = make_source (f, "source.pctdash", f->spend);

  open_here = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  g_assert_false (pd_workspace_save_as (source, f->ws, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "open in this pctdash"));
  g_clear_error (&error);
  g_assert_false (pd_workspace_save_as (open_here, f->ws, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY);
  g_clear_error (&error);
  /* Still ours, still locked, unchanged. */
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_clear_object (&open_here);
  assert_intact (f->ws, 0);
}

/* Connections of one process share its lock: the window's and its worker threads'. */
static void
test_lock_shared_in_process (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_build_filename (f->dir, "link.pctdash", NULL);
  PdWorkspace *first, *second, *worker;

  g_assert_cmpint (symlink (f->ws, link), ==, 0);
  first = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  /* Another name for the same file is the same lock. */
  second = pd_workspace_open (link, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  worker = pd_workspace_open_again (first, &error);
  g_assert_no_error (error);
  g_assert_false (pd_workspace_is_read_only (second));
  g_assert_false (pd_workspace_is_read_only (worker));
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));

  g_object_unref (first);
  g_object_unref (worker);
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "-w", f->ws, f->spend, NULL), ==, 1);
  g_object_unref (second);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pd_test_run_cli (NULL, NULL, "import", "-w", f->ws, f->spend, NULL), ==, 0);
}

/* statfs() f_type numbers to warnings: the kernel's magic numbers, not a guess. */
static void
test_filesystem_kinds (void)
{
  static const struct { guint64 f_type; const char *kind; } cases[] = {
    { 0x6969, "NFS" },
    { 0x517b, "SMB" },
    { 0xff534d42, "SMB/CIFS" },
    { 0xfe534d42, "SMB2/3" },
    { 0x65735546, "FUSE" },
    { 0x5346414f, "AFS" },
    { 0x00c36400, "Ceph" },
    { 0x01021997, "9P" },
    { 0xef53, NULL },        /* ext2/3/4 */
    { 0x58465342, NULL },    /* XFS */
    { 0x9123683e, NULL },    /* Btrfs */
    { 0x01021994, NULL },    /* tmpfs */
    { 0x794c7630, NULL },    /* overlayfs */
    { 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *warning = pd_workspace_filesystem_warning_for_type (cases[i].f_type,
                                                                           "region.pctdash");

      g_assert_cmpstr (pd_workspace_filesystem_kind (cases[i].f_type), ==, cases[i].kind);
      if (cases[i].kind == NULL)
        {
          g_assert_null (warning);
        }
      else
        {
          g_autofree char *in_brackets = g_strdup_printf ("(%s)", cases[i].kind);

          g_assert_nonnull (warning);
          g_assert_nonnull (strstr (warning, "“region.pctdash”"));
          g_assert_nonnull (strstr (warning, in_brackets));
        }
    }
}

/* A workspace in the scratch folder (a local disk here) has no warning. */
static void
test_local_no_warning (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (f->ws, PD_WORKSPACE_OPEN_READ_ONLY,
                                                        &error);
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  if (pd_workspace_get_filesystem_warning (workspace) != NULL)
    {
      g_test_skip ("the scratch folder is itself on a network filesystem");
      return;
    }
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "info", "-w", f->ws, NULL), ==, 0);
  g_assert_null (strstr (err, "network"));
}

/* A real FUSE mount: bindfs mirrors the scratch folder. Needs /dev/fuse, the right to
 * mount (root or fuse group) and bindfs; skipped otherwise. */
static void
test_fuse_mount (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *bindfs = g_find_program_in_path ("bindfs");
  g_autofree char *fusermount = g_find_program_in_path ("fusermount");
  g_autofree char *mnt = g_build_filename (f->dir, "mnt", NULL);
  g_autofree char *src = g_build_filename (f->dir, "src", NULL);
  g_autofree char *ws = g_build_filename (mnt, "region.pctdash", NULL);
  g_autofree char *orgs = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  const char *mount_argv[] = { bindfs, "--no-allow-other", src, mnt, NULL };
  const char *umount_argv[] = { fusermount, "-u", mnt, NULL };
  int wait_status = -1;

  if (bindfs == NULL || fusermount == NULL || !g_file_test ("/dev/fuse", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("bindfs, fusermount or /dev/fuse is missing");
      return;
    }
  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (src, 0700), ==, 0);
  g_spawn_sync (NULL, (char **) mount_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
    {
      g_test_skip ("bindfs could not mount here (no permission to mount FUSE?)");
      return;
    }

  orgs = g_build_filename (f->dir, "orgs.csv", NULL);
  workspace = pd_workspace_open (ws, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pd_workspace_get_filesystem_warning (workspace));
  g_assert_nonnull (strstr (pd_workspace_get_filesystem_warning (workspace), "(FUSE)"));
  g_clear_object (&workspace);

  g_assert_cmpint (pd_test_run_cli (NULL, &err, "import", "-w", ws, orgs, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "(FUSE)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_run_cli (NULL, &err, "info", "-w", ws, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "(FUSE)"));

  g_spawn_sync (NULL, (char **) umount_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-lock/import-while-held", Fixture, NULL, fixture_set_up,
              test_cli_import_while_held, fixture_tear_down);
  g_test_add ("/cli-lock/second-open-read-only", Fixture, NULL, fixture_set_up,
              test_second_open_read_only, fixture_tear_down);
  g_test_add ("/cli-lock/stale-lock", Fixture, NULL, fixture_set_up,
              test_stale_lock, fixture_tear_down);
  g_test_add ("/cli-lock/save-as-onto-held", Fixture, NULL, fixture_set_up,
              test_save_as_onto_held, fixture_tear_down);
  g_test_add ("/cli-lock/save-as-over-stale-wal", Fixture, NULL, fixture_set_up,
              test_save_as_over_stale_wal, fixture_tear_down);
  g_test_add ("/cli-lock/save-as-onto-open-here", Fixture, NULL, fixture_set_up,
              test_save_as_onto_open_here, fixture_tear_down);
  g_test_add ("/cli-lock/shared-in-process", Fixture, NULL, fixture_set_up,
              test_lock_shared_in_process, fixture_tear_down);
  g_test_add_func ("/cli-lock/filesystem-kinds", test_filesystem_kinds);
  g_test_add ("/cli-lock/local-no-warning", Fixture, NULL, fixture_set_up,
              test_local_no_warning, fixture_tear_down);
  g_test_add ("/cli-lock/fuse-mount", Fixture, NULL, fixture_set_up,
              test_fuse_mount, fixture_tear_down);

  return g_test_run ();
}
