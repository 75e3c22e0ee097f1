/* test-io-faults.c — I/O errors inside SQLite, over import, migration and commit
 *
 * As SQLite's own I/O-error tests do: a VFS (tests/pd-fault-vfs.c) that fails the Nth
 * write, sync or truncate, with N looped from 1 until the operation — closing the
 * workspace included, which checkpoints the WAL into the file — runs without reaching the
 * fault. Each fault that reaches the operation must give a GError with a message (a fault
 * in the close is silent: the app has nobody to tell, so there the data must be whole);
 * afterwards the file, opened with the normal VFS, has integrity_check ok and holds the
 * import entirely or not at all, or is at its old or its new schema version.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "import/pd-importer.h"
#include "store/pd-store-private.h"
#include "pd-fault-vfs.h"
#include "pd-test-util.h"

static const struct
{
  const char *name;
  PdFaultOps  ops;
} fault_kinds[] = {
  { "write", PD_FAULT_WRITE },
  { "sync", PD_FAULT_SYNC },
  { "truncate", PD_FAULT_TRUNCATE },
};

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North Cluster,312000\n"
  "5QA,Eastmere PCT,commissioner,pct,North Cluster,254000\n"
  "RA1,Eastmere Hospitals NHS Trust,provider,acute,North Cluster,\n";

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A spend file large enough that its commit writes a few hundred WAL frames. */
static char *
write_spend_csv (const char *dir)
{
  static const char *const months[] = { "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                        "Oct", "Nov", "Dec", "Jan", "Feb", "Mar" };
  static const char *const categories[] = { "Acute contracts", "Prescribing",
                                            "Community nursing", "Mental health" };
  g_autoptr(GString) csv = g_string_new ("commissioner,year,month,category,provider,amount\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "%s,20%02u/%02u,%s,%s,%s,%u.%02u\n",
                            i % 2 ? "00L" : "5QA", 9 + i % 3, 10 + i % 3, months[i % 12],
                            categories[(i / 12) % 4], i % 5 ? "RA1" : "",
                            1000 + i * 7, i % 100);
  return pd_test_write_file (dir, "spend.csv", csv->str, (gssize) csv->len);
}

static void
remove_sidecars (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  remove_sidecars (to);
  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  /* No fsync: this copy is scratch, and hundreds of them would cost seconds. */
  g_file_set_contents_full (to, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static void
assert_integrity (sqlite3 *db)
{
  g_autofree char *check = pd_test_query_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Integrity and a summary of the workspace, opened as the app opens it, with the normal VFS. */
static char *
state_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;

  pd_fault_vfs_set_default (FALSE);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_integrity (pd_workspace_get_db (workspace));
  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("version=%" G_GINT64_FORMAT " imports=%u orgs=%" G_GINT64_FORMAT
                          " spend=%" G_GINT64_FORMAT " pence=%" G_GINT64_FORMAT " first=%s last=%s",
                          pd_test_query_int (pd_workspace_get_db (workspace), "PRAGMA user_version"),
                          summary->imports->len, summary->n_organisations, summary->n_spend,
                          summary->spend_pence, summary->first_period, summary->last_period);
}

static void
assert_clear_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

/* The spend import under the Nth write, sync or truncate failing. */
static void
io_fault_import (gconstpointer data)
{
  gboolean persistent = GPOINTER_TO_INT (data);
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *base = g_build_filename (dir, "base.pctdash", NULL);
  g_autofree char *run = g_build_filename (dir, "run.pctdash", NULL);
  g_autofree char *orgs = pd_test_write_file (dir, "organisations.csv", organisations_csv, -1);
  g_autofree char *spend = write_spend_csv (dir);
  g_autofree char *before = NULL;
  g_autofree char *whole = NULL;

  pd_fault_vfs_set_default (FALSE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (base, PD_WORKSPACE_OPEN_CREATE, &error);
    g_autoptr(PdImportReport) report = NULL;

    g_assert_no_error (error);
    report = pd_import_file (workspace, orgs, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  before = state_of (base);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdWorkspace) workspace = NULL;
    g_autoptr(PdImportReport) report = NULL;

    copy_file (base, run);
    workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    report = pd_import_file (workspace, spend, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  whole = state_of (run);
  g_assert_cmpstr (whole, !=, before);

  for (gsize k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
    {
      guint errors = 0, absent = 0, present = 0, false_failures = 0, silent = 0;
      gint64 n;

      for (n = 1;; n++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PdWorkspace) workspace = NULL;
          g_autoptr(PdImportReport) report = NULL;
          g_autofree char *after = NULL;
          gboolean fired_in_import, fired, imported;

          copy_file (base, run);
          pd_fault_vfs_set_default (TRUE);
          workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
          g_assert_no_error (error);

          pd_fault_vfs_arm (n, fault_kinds[k].ops, persistent);
          report = pd_import_file (workspace, spend, NULL, NULL, NULL, NULL, &error);
          fired_in_import = pd_fault_vfs_fired ();
          /* Closing checkpoints the WAL into the file: faults there count too. */
          g_clear_object (&workspace);
          fired = pd_fault_vfs_fired ();
          pd_fault_vfs_disarm ();

          imported = report != NULL && report->import_id > 0;
          if (imported)
            g_assert_no_error (error);
          else
            {
              g_assert_true (fired_in_import);
              if (error != NULL)
                assert_clear_error (error);
              else
                g_assert_cmpuint (report->problems->len, >, 0);
              errors++;
            }

          after = state_of (run);
          if (g_strcmp0 (after, whole) == 0)
            {
              present++;
              if (!imported)
                {
                  false_failures++;
                  g_test_message ("%s %" G_GINT64_FORMAT ": “%s”, but the import was saved whole",
                                  fault_kinds[k].name, n, error ? error->message : "problems");
                }
              else if (fired && !fired_in_import)
                silent++;
            }
          else if (g_strcmp0 (after, before) == 0)
            {
              absent++;
              if (imported)
                g_error ("%s %" G_GINT64_FORMAT ": the import reported success but the workspace "
                         "does not hold it", fault_kinds[k].name, n);
            }
          else
            g_error ("%s %" G_GINT64_FORMAT ": the workspace is neither as before nor with the "
                     "whole import: %s (before: %s, whole: %s)", fault_kinds[k].name, n, after,
                     before, whole);

          if (!fired)
            break;
        }
      /* A fault the import reported is never a saved import (nor the reverse). */
      g_assert_cmpuint (false_failures, ==, 0);
      g_test_message ("%s %s faults over an import: %" G_GINT64_FORMAT " %ss, %u errors, "
                      "import absent %u times, present %u (%u after a fault in the close)",
                      persistent ? "persistent" : "transient", fault_kinds[k].name, n - 1,
                      fault_kinds[k].name, errors, absent, present - 1, silent);
    }
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* A workspace left at version 1 (as tests/store/test-workspace.c makes them), with data. */
static void
make_old_workspace (const char *path)
{
  g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", PD_WORKSPACE_APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  pd_fault_vfs_set_default (FALSE);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA journal_mode = WAL");
  exec_ok (db, app_id);
  g_assert_true (_pd_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  exec_ok (db, "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding)"
               " VALUES (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8'),"
               " (2, 'spend.csv', printf ('%064d', 2), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
               "INSERT INTO organisations (code, name, role, import_id)"
               " VALUES ('00L', 'Northvale PCT', 'commissioner', 1);"
               "INSERT INTO import_parts (import_id, kind, rows) VALUES (1, 'organisations', 1);"
               "INSERT INTO peer_groups (id, name) VALUES (1, 'PCTs');"
               "INSERT INTO peer_group_members (group_id, org_code) VALUES (1, '00L');"
               "INSERT INTO import_parts (import_id, kind, rows) VALUES (2, 'spend', 3);"
               "INSERT INTO spend (import_id, commissioner, year, month, category, amount_pence,"
               " suppressed) VALUES (2, '00L', 2009, 4, 'Acute contracts', 100, NULL),"
               " (2, '00L', 2009, 4, 'Acute contracts', 250, NULL),"
               " (2, '00L', 2009, NULL, 'Dental', NULL, 'amount: suppressed (*)');");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Opening a version-1 workspace migrates it; the Nth write, sync or truncate fails. */
static void
io_fault_migrate (gconstpointer data)
{
  gboolean persistent = GPOINTER_TO_INT (data);
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *base = g_build_filename (dir, "old.pctdash", NULL);
  g_autofree char *run = g_build_filename (dir, "run.pctdash", NULL);
  g_autofree char *good = NULL;
  guint n_versions = _pd_migrations_count ();

  make_old_workspace (base);
  copy_file (base, run);
  good = state_of (run);

  for (gsize k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
    {
      guint errors = 0, at_old = 0, at_new = 0, between = 0;
      gint64 n;

      for (n = 1;; n++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PdWorkspace) workspace = NULL;
          g_autofree char *after = NULL;
          gboolean fired_in_open, fired;
          gint64 version;
          sqlite3 *db = NULL;

          copy_file (base, run);
          pd_fault_vfs_set_default (TRUE);
          pd_fault_vfs_arm (n, fault_kinds[k].ops, persistent);
          workspace = pd_workspace_open (run, PD_WORKSPACE_OPEN_DEFAULT, &error);
          fired_in_open = pd_fault_vfs_fired ();
          g_clear_object (&workspace);
          fired = pd_fault_vfs_fired ();
          pd_fault_vfs_disarm ();
          pd_fault_vfs_set_default (FALSE);

          if (error != NULL)
            {
              g_assert_true (fired_in_open);
              assert_clear_error (error);
              errors++;
            }

          /* The file as the fault left it, before anything migrates it further. */
          g_assert_cmpint (sqlite3_open_v2 (run, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
          assert_integrity (db);
          version = pd_test_query_int (db, "PRAGMA user_version");
          g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM organisations"), ==, 1);
          g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM spend"), ==, 3);
          g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
          if (version == 1)
            at_old++;
          else if (version == n_versions)
            at_new++;
          else
            {
              /* Each migration commits on its own (app/store/pd-migrations.c): the file is
               * at a whole earlier version, never inside one. */
              g_assert_cmpint (version, >, 1);
              g_assert_cmpint (version, <, n_versions);
              between++;
            }
          if (error == NULL)
            g_assert_cmpint (version, ==, n_versions);

          /* Opened again without faults, it finishes migrating to the same workspace. */
          after = state_of (run);
          g_assert_cmpstr (after, ==, good);
          if (!fired)
            break;
        }
      g_test_message ("%s %s faults over migrating a version-1 workspace to version %u: %"
                      G_GINT64_FORMAT " %ss, %u errors; afterwards at version 1 %u times, at %u "
                      "%u times, at a version between %u times", persistent ? "persistent" : "transient",
                      fault_kinds[k].name, n_versions, n - 1, fault_kinds[k].name, errors, at_old,
                      n_versions, at_new - 1, between);
    }
  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  pd_fault_vfs_register (FALSE);
  /* Syncs are counted and can fail, but a successful one does not reach the disk: a
   * thousand fsyncs would cost a minute and test nothing here. */
  pd_fault_vfs_set_real_sync (FALSE);
  g_test_add_data_func ("/io-faults/import/transient", GINT_TO_POINTER (FALSE), io_fault_import);
  g_test_add_data_func ("/io-faults/import/persistent", GINT_TO_POINTER (TRUE), io_fault_import);
  g_test_add_data_func ("/io-faults/migrate/transient", GINT_TO_POINTER (FALSE), io_fault_migrate);
  g_test_add_data_func ("/io-faults/migrate/persistent", GINT_TO_POINTER (TRUE), io_fault_migrate);
  return g_test_run ();
}
