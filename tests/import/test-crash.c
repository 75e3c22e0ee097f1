/* test-crash.c — SIGKILL during a large import, at many random moments
 *
 * A child process imports a large spend file into a copy of a workspace; the parent kills it
 * with SIGKILL after a random delay. Afterwards the workspace must pass PRAGMA
 * integrity_check and hold the import entirely or not at all: the spend rows, the imports
 * row and the spend_totals control totals agree.
 *
 * PD_CRASH_MOMENTS sets the number of kills (default 120); with PCTDASH_TEST_SAMPLE=N
 * (valgrind, where each child runs under memcheck too) every Nth of them is made.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "import/pd-importer.h"
#include "pd-test-util.h"

#define N_SPEND_ROWS 60000

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North Cluster,312000\n"
  "5QA,Eastmere PCT,commissioner,pct,North Cluster,254000\n"
  "RA1,Eastmere Hospitals NHS Trust,provider,acute,North Cluster,\n"
  "RB2,Northvale Community Services,provider,Community,North Cluster,\n";

/* A spend file of N_SPEND_ROWS rows; returns its control total in pence. */
static char *
write_spend_file (const char *dir,
                  gint64     *total_pence)
{
  static const char *const months[] = { "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                        "Oct", "Nov", "Dec", "Jan", "Feb", "Mar" };
  g_autoptr(GString) csv = g_string_new ("commissioner,year,month,category,provider,amount\n");

  *total_pence = 0;
  for (guint i = 0; i < N_SPEND_ROWS; i++)
    {
      gint64 pence = 100 + (gint64) (i % 9973) * 137;
      *total_pence += pence;
      g_string_append_printf (csv, "%s,%u/%02u,%s,Category %u,%s,%" G_GINT64_FORMAT ".%02d\n",
                              (i % 2) ? "00L" : "5QA", 2000 + i % 11, (1 + i % 11) % 100,
                              months[i % 12], i % 37, (i % 3) ? "RA1" : "RB2",
                              pence / 100, (int) (pence % 100));
    }
  return pd_test_write_file (dir, "spend.csv", csv->str, csv->len);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

static void
remove_workspace (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

/* In the child: import and exit 0 on success. Never returns. */
G_GNUC_NORETURN static void
child_import (const char *workspace_path,
              const char *spend_path)
{
  g_autoptr(GError) error = NULL;
  PdWorkspace *workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  PdImportReport *report;

  if (workspace == NULL)
    _exit (2);
  report = pd_import_file (workspace, spend_path, NULL, NULL, NULL, NULL, &error);
  if (report == NULL || report->import_id == 0)
    _exit (3);
  pd_import_report_free (report);
  g_object_unref (workspace);
  _exit (0);
}

/* Runs one import in a child; kills it after @delay_us unless it finished. Returns TRUE
 * when the child was killed. */
static gboolean
run_child (const char *workspace_path,
           const char *spend_path,
           gint64      delay_us,
           gint64     *elapsed_us)
{
  gint64 start = g_get_monotonic_time ();
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    child_import (workspace_path, spend_path);

  for (;;)
    {
      pid_t done = waitpid (pid, &status, WNOHANG);
      g_assert_cmpint (done, >=, 0);
      if (done == pid)
        {
          if (elapsed_us != NULL)
            *elapsed_us = g_get_monotonic_time () - start;
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          return FALSE;
        }
      if (delay_us >= 0 && g_get_monotonic_time () - start >= delay_us)
        break;
      g_usleep (200);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status))
    {
      /* It finished between the last poll and the kill. */
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      return FALSE;
    }
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  return TRUE;
}

/* Opens the workspace as the app would after the crash and checks it. Returns TRUE when
 * the import is present. */
static gboolean
check_workspace (const char *path,
                 gint64      total_pence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_autofree char *integrity = NULL;
  sqlite3 *db;
  gint64 n_imports, n_spend, spend_pence, totals_pence, import_rows;

  g_assert_no_error (error);
  db = pd_workspace_get_db (workspace);
  integrity = pd_test_query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  n_imports = pd_test_query_int (db, "SELECT count(*) FROM import_parts WHERE kind = 'spend'");
  n_spend = pd_test_query_int (db, "SELECT count(*) FROM spend");
  spend_pence = pd_test_query_int (db, "SELECT coalesce(sum(amount_pence), 0) FROM spend");
  totals_pence = pd_test_query_int (db, "SELECT coalesce(sum(amount_pence), 0) FROM spend_totals");
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM organisations"), ==, 4);
  /* The organisations' import, and the spend import's row only with its part. */
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM imports"), ==, 1 + n_imports);

  if (n_imports == 0)
    {
      g_assert_cmpint (n_spend, ==, 0);
      g_assert_cmpint (spend_pence, ==, 0);
      g_assert_cmpint (totals_pence, ==, 0);
      return FALSE;
    }
  g_assert_cmpint (n_imports, ==, 1);
  import_rows = pd_test_query_int (db, "SELECT rows FROM import_parts WHERE kind = 'spend'");
  g_assert_cmpint (import_rows, ==, N_SPEND_ROWS);
  g_assert_cmpint (n_spend, ==, N_SPEND_ROWS);
  g_assert_cmpint (spend_pence, ==, total_pence);
  g_assert_cmpint (totals_pence, ==, total_pence);
  return TRUE;
}

static void
test_sigkill_import (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *base = g_build_filename (dir, "base.pctdash", NULL);
  g_autofree char *run = g_build_filename (dir, "run.pctdash", NULL);
  g_autofree char *orgs = pd_test_write_file (dir, "organisations.csv", organisations_csv, -1);
  g_autofree char *spend = NULL;
  const char *env = g_getenv ("PD_CRASH_MOMENTS");
  guint moments = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 120;
  gint64 total_pence = 0, full_us = 0;
  guint killed = 0, present = 0, absent = 0, made = 0;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (base, PD_WORKSPACE_OPEN_CREATE, &error);
    g_autoptr(PdImportReport) report = NULL;

    g_assert_no_error (error);
    report = pd_import_file (workspace, orgs, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (report->import_id, >, 0);
  }
  spend = write_spend_file (dir, &total_pence);

  /* How long a whole import takes here, so the kills spread over all of it (opening,
   * reading, inserting, committing, checkpointing). */
  remove_workspace (run);
  copy_file (base, run);
  run_child (run, spend, -1, &full_us);
  g_assert_true (check_workspace (run, total_pence));
  g_test_message ("a whole import of %d rows in a child: %.3f s", N_SPEND_ROWS, full_us / 1e6);

  for (guint i = 0; i < moments; i++)
    {
      gint64 delay = g_test_rand_int_range (0, (gint32) (full_us * 11 / 10) + 1);

      if (!pd_test_sample_take (i, moments))
        continue;
      made++;
      remove_workspace (run);
      copy_file (base, run);
      if (run_child (run, spend, delay, NULL))
        killed++;
      if (check_workspace (run, total_pence))
        present++;
      else
        absent++;
    }
  g_test_message ("SIGKILL at %u random moments: %u killed, afterwards %u with the whole import, "
                  "%u without it, integrity_check ok every time", made, killed, present, absent);
  /* Most moments fall inside the import. A sample of a few is too small for that
   * statistic (the full runs check it); each sampled kill still checks the workspace. */
  if (made == moments)
    g_assert_cmpuint (killed, >=, moments / 2);
  remove_workspace (run);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/sigkill-import", test_sigkill_import);
  return g_test_run ();
}
