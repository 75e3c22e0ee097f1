/* test-faults.c — out of memory inside SQLite, over import and migration
 *
 * As SQLite's own malloc tests do: an allocator (sqlite3_config (SQLITE_CONFIG_MALLOC)) that
 * fails the Nth allocation, with N looped from 1 until the operation succeeds. Every failure
 * must be a GError with a message, and the workspace must stay intact: integrity_check ok,
 * counts and control totals as before. Both transient (only the Nth fails) and persistent
 * (the Nth and every later one fail) faults. With PCTDASH_TEST_SAMPLE=K (valgrind) N steps
 * by K: allocations 1, 1 + K, 1 + 2K, … and the run that no longer fails.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "import/pd-importer.h"
#include "pd-fault-vfs.h"
#include "pd-test-util.h"

static sqlite3_mem_methods default_mem;
static gint64 fault_countdown;  /* 0: off; otherwise fail when it reaches 1 */
static gboolean fault_persistent;
static gboolean fault_fired;
static gint64 fault_calls;      /* allocations seen since arm () */

static gboolean
should_fail (void)
{
  if (fault_countdown == 0)
    return FALSE;
  fault_calls++;
  if (fault_fired)
    return fault_persistent;
  if (--fault_countdown == 0)
    {
      fault_fired = TRUE;
      fault_countdown = 1;  /* stays armed, for persistent faults */
      return TRUE;
    }
  return FALSE;
}

static void *
fault_malloc (int n)
{
  return should_fail () ? NULL : default_mem.xMalloc (n);
}

static void *
fault_realloc (void *p,
               int   n)
{
  return should_fail () ? NULL : default_mem.xRealloc (p, n);
}

static void
install_fault_malloc (void)
{
  sqlite3_mem_methods methods;

  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_GETMALLOC, &default_mem), ==, SQLITE_OK);
  methods = default_mem;
  methods.xMalloc = fault_malloc;
  methods.xRealloc = fault_realloc;
  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_MALLOC, &methods), ==, SQLITE_OK);
  /* Lookaside would hide most small allocations from the allocator. */
  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_LOOKASIDE, 0, 0), ==, SQLITE_OK);
}

static void
arm (gint64   n,
     gboolean persistent)
{
  fault_countdown = n;
  fault_persistent = persistent;
  fault_fired = FALSE;
  fault_calls = 0;
}

static void
disarm (void)
{
  fault_countdown = 0;
  fault_fired = FALSE;
}

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North Cluster,312000\n"
  "5QA,Eastmere PCT,commissioner,pct,North Cluster,254000\n"
  "RA1,Eastmere Hospitals NHS Trust,provider,acute,North Cluster,\n";

static const char spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "00L,2009/10,Apr,Acute contracts,RA1,1234.56\n"
  "00L,2009/10,May,Acute contracts,RA1,(12.34)\n"
  "5QA,2009/10,Jun,Prescribing,,99.99\n"
  "5QA,2010/11,Jul,Community nursing,RA1,*\n";

static char *
state_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  char *state;

  g_assert_no_error (error);
  db = pd_workspace_get_db (workspace);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_no_error (error);
  state = g_strdup_printf ("imports=%u orgs=%" G_GINT64_FORMAT " spend=%" G_GINT64_FORMAT
                           " pence=%" G_GINT64_FORMAT " first=%s last=%s",
                           summary->imports->len, summary->n_organisations, summary->n_spend,
                           summary->spend_pence, summary->first_period, summary->last_period);
  return state;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (to, "-wal", NULL);
  g_autofree char *shm = g_strconcat (to, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

static void
oom_import (gboolean persistent)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *base = g_build_filename (dir, "base.pctdash", NULL);
  g_autofree char *run = g_build_filename (dir, "run.pctdash", NULL);
  g_autofree char *orgs = pd_test_write_file (dir, "organisations.csv", organisations_csv, -1);
  g_autofree char *spend = pd_test_write_file (dir, "spend.csv", spend_csv, -1);
  g_autofree char *before = NULL;
  g_autofree char *after_success = NULL;
  g_autofree char *whole = NULL;
  guint failures = 0, false_failures = 0;
  gint64 n;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (base, PD_WORKSPACE_OPEN_CREATE, &error);
    g_autoptr(PdImportReport) report = NULL;

    g_assert_no_error (error);
    report = pd_import_file (workspace, orgs, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  before = state_of (base);

  /* The workspace after the import with no faults. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = NULL;
    g_autoptr(PdImportReport) report = NULL;

    copy_file (base, run);
    workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    report = pd_import_file (workspace, spend, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&workspace);
    whole = state_of (run);
  }

  for (n = 1;; n += pd_test_sample_stride ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdWorkspace) workspace = NULL;
      g_autoptr(PdImportReport) report = NULL;
      gboolean fired;

      copy_file (base, run);
      workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);

      arm (n, persistent);
      report = pd_import_file (workspace, spend, NULL, NULL, NULL, NULL, &error);
      fired = fault_fired;
      disarm ();
      g_clear_object (&workspace);

      if (report != NULL && report->import_id > 0)
        {
          g_assert_no_error (error);
          g_free (after_success);
          after_success = state_of (run);
          if (!fired)
            break;
          /* A fault SQLite recovered from on its own: the import is whole. */
          continue;
        }
      g_assert_true (fired);
      /* A clear error: a GError, or a report whose problems say why. */
      if (error != NULL)
        {
          g_assert_nonnull (error->message);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        {
          g_assert_nonnull (report);
          g_assert_cmpuint (report->problems->len, >, 0);
        }
      failures++;
      {
        g_autofree char *after = state_of (run);
        if (whole != NULL && g_strcmp0 (after, whole) == 0)
          {
            /* The commit took effect but the import reported failure: SQLite's COMMIT
             * returns SQLITE_NOMEM when a fault it recovered from happened inside it, and
             * the importer takes that for a failed commit. Whole, not partial: counted and
             * reported rather than failed (see docs/robustness.md). */
            false_failures++;
            g_test_message ("allocation %" G_GINT64_FORMAT ": error “%s”, but the import was "
                            "committed whole", n, error ? error->message : "problems");
          }
        else if (g_strcmp0 (after, before) != 0)
          g_error ("the import failed at allocation %" G_GINT64_FORMAT " (%s) but changed the "
                   "workspace: %s, was %s", n, error ? error->message : "problems", after, before);
      }
    }
  g_assert_nonnull (after_success);
  g_assert_cmpstr (after_success, ==, whole);
  /* The importer checks whether a COMMIT that reported an error took effect, so a
   * single fault never reports a whole import as failed. With every later allocation
   * failing too, that check itself may fail and the import be reported as failed. */
  if (!persistent)
    g_assert_cmpuint (false_failures, ==, 0);
  g_test_message ("%s out-of-memory over an import: about %" G_GINT64_FORMAT " allocations "
                  "(every %uth failed in turn), %u failures with an error, the workspace unchanged after %u of them and "
                  "holding the whole import after %u (an error after a commit)",
                  persistent ? "persistent" : "transient", n - 1, pd_test_sample_stride (),
                  failures, failures - false_failures, false_failures);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_oom_import_transient (void)
{
  oom_import (FALSE);
}

static void
test_oom_import_persistent (void)
{
  oom_import (TRUE);
}

static gboolean
insert_organisation (sqlite3_stmt *insert,
                     const char   *code,
                     const char   *name)
{
  gboolean ok = sqlite3_bind_text (insert, 1, code, -1, SQLITE_STATIC) == SQLITE_OK &&
                sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC) == SQLITE_OK &&
                sqlite3_step (insert) == SQLITE_DONE;

  sqlite3_reset (insert);
  return ok;
}

/* pd_workspace_commit under a fault at each allocation of its COMMIT (the writes before it
 * run without faults): it returns TRUE exactly when the changes are in the workspace.
 * SQLite can report an error from a COMMIT that took effect (found over the importer's
 * own COMMIT, see docs/robustness.md); the workspace must not then say it failed. */
static void
oom_commit (gboolean persistent)
{
  static const char changes[] =
    "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding)"
    " VALUES (7, 'orgs.csv', printf ('%064d', 7), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
    "INSERT INTO import_parts (import_id, kind, rows) VALUES (7, 'organisations', 2);";
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *base = g_build_filename (dir, "base.pctdash", NULL);
  g_autofree char *run = g_build_filename (dir, "run.pctdash", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after_commit = NULL;
  guint failures = 0, successes = 0, false_failures = 0, recovered = 0;
  gint64 n;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (base, PD_WORKSPACE_OPEN_CREATE, &error);
    g_assert_no_error (error);
  }
  before = state_of (base);

  for (n = 1;; n += pd_test_sample_stride ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdWorkspace) workspace = NULL;
      g_autofree char *state = NULL;
      sqlite3_stmt *insert = NULL;
      sqlite3 *db;
      gboolean committed, fired;

      copy_file (base, run);
      workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);

      /* The whole write, as the importer makes one: foreign keys off, the transaction, a
       * persistent prepared statement still open at the commit, then the commit. */
      arm (n, persistent);
      db = pd_workspace_get_db (workspace);
      sqlite3_exec (db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
      committed = pd_workspace_begin_write (workspace, &error);
      if (committed &&
          (sqlite3_exec (db, changes, NULL, NULL, NULL) != SQLITE_OK ||
           sqlite3_prepare_v3 (db, "INSERT INTO organisations (code, name, role, import_id)"
                                   " VALUES (?, ?, 'commissioner', 7)", -1,
                               SQLITE_PREPARE_PERSISTENT, &insert, NULL) != SQLITE_OK ||
           !insert_organisation (insert, "00L", "Northvale PCT") ||
           !insert_organisation (insert, "5QA", "Eastmere PCT")))
        {
          pd_workspace_set_error (workspace, &error, "Could not make the changes");
          pd_workspace_rollback (workspace);
          committed = FALSE;
        }
      committed = committed && pd_workspace_commit (workspace, &error);
      /* A COMMIT that reported an error but took effect leaves its code behind. */
      if (committed && sqlite3_errcode (db) != SQLITE_OK)
        recovered++;
      g_clear_pointer (&insert, sqlite3_finalize);
      fired = fault_fired;
      disarm ();
      sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      /* Afterwards no transaction is left open, whatever happened. */
      g_assert_true (sqlite3_get_autocommit (pd_workspace_get_db (workspace)));
      g_clear_object (&workspace);

      state = state_of (run);
      if (committed)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (state, !=, before);
          if (after_commit == NULL)
            after_commit = g_strdup (state);
          g_assert_cmpstr (state, ==, after_commit);
          successes++;
        }
      else
        {
          g_assert_true (fired);
          g_assert_nonnull (error);
          g_assert_cmpstr (error->message, !=, "");
          failures++;
          if (g_strcmp0 (state, before) != 0)
            {
              false_failures++;
              g_test_message ("allocation %" G_GINT64_FORMAT ": “%s”, but the commit took effect",
                              n, error->message);
            }
        }
      if (!fired)
        break;
    }
  /* With only the Nth allocation failing, the commit never claims failure for changes it
   * saved. (With every later allocation failing, finding out may itself fail.) */
  if (!persistent)
    g_assert_cmpuint (false_failures, ==, 0);
  g_test_message ("%s out-of-memory over pd_workspace_commit: about %" G_GINT64_FORMAT
                  " allocations (every %uth failed in turn), %u failures (%u of them after the changes were saved), %u successes (%u "
                  "of them a COMMIT that reported an error but took effect)",
                  persistent ? "persistent" : "transient", n - 1, pd_test_sample_stride (),
                  failures, false_failures, successes, recovered);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_oom_commit_transient (void)
{
  oom_commit (FALSE);
}

static void
test_oom_commit_persistent (void)
{
  oom_commit (TRUE);
}

/* A transaction SQLite ended behind the caller's back (as it does after an out-of-memory
 * error in any statement) is not reported as committed. */
static void
test_commit_lost_transaction (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "lost.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (pd_workspace_begin_write (workspace, &error));
  g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace), "ROLLBACK", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_false (pd_workspace_commit (workspace, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "ended the transaction"));
  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* Creating a workspace runs every migration; a fault anywhere leaves a file that the next
 * open (without faults) migrates to a good workspace, or no file.
 *
 * Creating one takes about 19,000 allocations (each migration's SQL is parsed, and the
 * schema re-read after each commit), so the full loop runs about 19,000 creations per
 * variant: minutes, and with a real fsync at each close, half an hour — which is why it
 * once looked like a hang (the backtraces showed fdatasync in the close's checkpoint and
 * the loop counter moving on, about 20 creations a second). By default the loop takes
 * every allocation up to MIGRATE_EVERY and then about MIGRATE_SAMPLES of the rest with
 * an even stride from a random offset (g_test_rand: each run covers other allocations;
 * --seed repeats one); with -m slow (suite slow) it takes every one. PCTDASH_TEST_SAMPLE=K
 * (valgrind) multiplies both steps by K. */
#define MIGRATE_EVERY 100
#define MIGRATE_SAMPLES 100

static void
oom_migrate (gboolean persistent)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "new.pctdash", NULL);
  g_autofree char *good = NULL;
  guint failures = 0, runs = 0;
  gint64 n, total, stride, slowest = 0;
  gint64 sample = pd_test_sample_stride ();
  gboolean offset_taken = FALSE;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = NULL;

    arm (G_MAXINT64, FALSE);
    workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
    g_clear_object (&workspace);
    total = fault_calls;
    disarm ();
    g_assert_no_error (error);
  }
  good = state_of (path);
  stride = g_test_slow () ? 1 : MAX (1, (total - MIGRATE_EVERY) / MIGRATE_SAMPLES);

  for (n = 1;; n += (n < MIGRATE_EVERY ? 1 : stride) * sample)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdWorkspace) workspace = NULL;
      gboolean fired;
      gint64 started = g_get_monotonic_time ();

      if (n >= MIGRATE_EVERY && !offset_taken && stride > 1)
        {
          offset_taken = TRUE;
          n += g_test_rand_int_range (0, (gint32) stride);
        }
      g_unlink (path);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);
        g_unlink (wal);
        g_unlink (shm);
      }
      arm (n, persistent);
      workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
      fired = fault_fired;
      g_clear_object (&workspace);
      disarm ();
      if (!fired)
        {
          g_assert_no_error (error);
          break;
        }
      runs++;
      if (error != NULL)
        {
          g_assert_cmpstr (error->message, !=, "");
          failures++;
        }
      /* Whatever was left, opening it again without faults gives a good workspace. */
      {
        g_autoptr(GError) again_error = NULL;
        g_autoptr(PdWorkspace) again = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &again_error);
        g_autofree char *state = NULL;

        if (again == NULL)
          g_error ("after a fault at allocation %" G_GINT64_FORMAT ", reopening failed: %s",
                   n, again_error->message);
        g_clear_object (&again);
        state = state_of (path);
        g_assert_cmpstr (state, ==, good);
      }
      /* A fault that left a lock or a retry loop behind would show as one slow run (the
       * busy timeout is 5 s). Under valgrind (sampling on) a clean run itself can take
       * seconds, so there the check is only reported. */
      slowest = MAX (slowest, g_get_monotonic_time () - started);
      if (sample == 1)
        g_assert_cmpint (slowest, <, 4 * G_USEC_PER_SEC);
    }
  g_test_message ("%s out-of-memory over creation and migration: %" G_GINT64_FORMAT
                  " allocations, %u of them failed in turn (stride %" G_GINT64_FORMAT " after the "
                  "first %d), %u clean failures, every leftover reopened to a good workspace; "
                  "slowest run %.3f s", persistent ? "persistent" : "transient", total, runs,
                  stride, MIGRATE_EVERY, failures, slowest / (double) G_USEC_PER_SEC);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_oom_migrate_transient (void)
{
  oom_migrate (FALSE);
}

static void
test_oom_migrate_persistent (void)
{
  oom_migrate (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  install_fault_malloc ();
  g_test_init (&argc, &argv, NULL);
  /* Every connection goes through the fault VFS, never armed here, whose successful
   * syncs do not reach the disk: thousands of fsyncs would only cost time. */
  pd_fault_vfs_register (TRUE);
  pd_fault_vfs_set_real_sync (FALSE);
  g_test_add_func ("/faults/oom/import/transient", test_oom_import_transient);
  g_test_add_func ("/faults/oom/import/persistent", test_oom_import_persistent);
  g_test_add_func ("/faults/commit/lost-transaction", test_commit_lost_transaction);
  g_test_add_func ("/faults/oom/commit/transient", test_oom_commit_transient);
  g_test_add_func ("/faults/oom/commit/persistent", test_oom_commit_persistent);
  g_test_add_func ("/faults/oom/migrate/transient", test_oom_migrate_transient);
  g_test_add_func ("/faults/oom/migrate/persistent", test_oom_migrate_persistent);
  return g_test_run ();
}
