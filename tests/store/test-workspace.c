/* test-workspace.c — the workspace file: create, reopen, refuse what is not ours, migrate
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-test-util.h"
#include "store/pd-workspace.h"
#include "store/pd-store-private.h"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_create (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "new.pctdash", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autofree char *journal = NULL;
  sqlite3 *db;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_FOUND);
  g_assert_null (workspace);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  db = pd_workspace_get_db (workspace);

  g_assert_cmpint (pd_test_query_int (db, "PRAGMA application_id"), ==, PD_WORKSPACE_APPLICATION_ID);
  g_assert_cmpint (pd_test_query_int (db, "PRAGMA user_version"), ==, _pd_migrations_count ());
  g_assert_cmpint (pd_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  journal = pd_test_query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  /* Every table is STRICT. */
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT%'"), ==, 0);
  g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), >=, 12);

  /* At rest the workspace is one file: the log goes when the last connection closes. */
  g_clear_object (&workspace);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_workspace_get_path (workspace), ==, path);
  g_assert_false (pd_workspace_is_read_only (workspace));
  g_clear_object (&workspace);

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
assert_refused (const char       *contents,
                gssize            len,
                PdWorkspaceError  code,
                const char       *message_part)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = pd_test_write_file (dir, "chosen.pctdash", contents, len);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;

  before = pd_test_read_file (path, &before_len);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_error (error, PD_WORKSPACE_ERROR, (int) code);
  g_assert_null (workspace);
  /* The message names the file, and the file is untouched. */
  g_assert_nonnull (strstr (error->message, "chosen.pctdash"));
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  after = pd_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_not_sqlite (void)
{
  assert_refused ("code,name,role\n00L,Northvale PCT,commissioner\n", -1,
                  PD_WORKSPACE_ERROR_NOT_WORKSPACE, "not a SQLite database");
  assert_refused ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, PD_WORKSPACE_ERROR_NOT_WORKSPACE, NULL);
  assert_refused ("SQLite", 6, PD_WORKSPACE_ERROR_NOT_WORKSPACE, NULL);
}

/* Makes a SQLite file by hand with @sql run in it; returns its bytes. */
static char *
make_sqlite_file (const char *dir,
                  const char *sql,
                  gsize      *len)
{
  g_autofree char *path = g_build_filename (dir, "made.db", NULL);
  sqlite3 *db = NULL;
  char *bytes;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, sql);
  sqlite3_close (db);
  bytes = pd_test_read_file (path, len);
  g_unlink (path);
  return bytes;
}

static void
test_other_application (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  gsize len;
  g_autofree char *bytes = make_sqlite_file (dir, "PRAGMA application_id = 1234;"
                                                  "CREATE TABLE t (x);", &len);
  g_autofree char *plain = NULL;

  assert_refused (bytes, len, PD_WORKSPACE_ERROR_NOT_WORKSPACE, "another application");

  /* A SQLite file with tables but no application id is someone else's too. */
  plain = make_sqlite_file (dir, "CREATE TABLE t (x);", &len);
  assert_refused (plain, len, PD_WORKSPACE_ERROR_NOT_WORKSPACE, "another application");
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_too_new (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 999;"
                                          "CREATE TABLE t (x);", PD_WORKSPACE_APPLICATION_ID);
  gsize len;
  g_autofree char *bytes = make_sqlite_file (dir, sql, &len);

  assert_refused (bytes, len, PD_WORKSPACE_ERROR_TOO_NEW, "newer version of pctdash");
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_lost_tables (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;"
                                          "CREATE TABLE t (x);", PD_WORKSPACE_APPLICATION_ID,
                                          _pd_migrations_count ());
  gsize len;
  g_autofree char *bytes = make_sqlite_file (dir, sql, &len);

  assert_refused (bytes, len, PD_WORKSPACE_ERROR_CORRUPT, "damaged");
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* Garbage written over the middle of a real workspace: a clear error, never a crash. */
static void
test_corrupt (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "damaged.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
    g_assert_no_error (error);
  }

  bytes = pd_test_read_file (path, &len);
  g_assert_cmpuint (len, >, 8192);
  /* Keep the 100-byte header, wreck the schema page and the rest. */
  for (gsize i = 100; i < len; i++)
    bytes[i] = (char) (i * 7 + 13);
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
    g_autoptr(PdWorkspaceSummary) summary = NULL;

    if (workspace != NULL)
      summary = pd_workspace_query_summary (workspace, &error);
    g_assert_null (summary);
    g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "damaged"));
  }

  /* Cut short after the header: the same. */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, bytes, 100, NULL));
  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
    g_autoptr(PdWorkspaceSummary) summary = NULL;

    if (workspace != NULL)
      summary = pd_workspace_query_summary (workspace, &error);
    g_assert_null (summary);
    g_assert_nonnull (error);
    g_assert_true (error->domain == PD_WORKSPACE_ERROR);
  }

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_empty_file (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = pd_test_write_file (dir, "empty.pctdash", "", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE);
  g_clear_error (&error);

  /* "New workspace" may hand us an empty file made by the file chooser. */
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (workspace), "PRAGMA user_version"), ==,
                   _pd_migrations_count ());

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* A workspace left at every earlier version opens, migrates, and keeps its data. */
static void
test_migrations_from_every_version (void)
{
  g_autofree char *dir = pd_test_scratch_new ();

  for (guint from = 0; from <= _pd_migrations_count (); from++)
    {
      g_autofree char *name = g_strdup_printf ("v%u.pctdash", from);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                 PD_WORKSPACE_APPLICATION_ID);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdWorkspace) workspace = NULL;
      g_autofree char *code = NULL;
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      exec_ok (db, app_id);
      g_assert_true (_pd_migrations_run (db, from, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pd_test_query_int (db, "PRAGMA user_version"), ==, from);
      if (from >= 1)
        exec_ok (db, "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding)"
                     " VALUES (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z',"
                     " 'csv', 'UTF-8'),"
                     " (2, 'spend.csv', printf ('%064d', 2), 10, '2026-01-01T00:00:00Z',"
                     " 'csv', 'UTF-8');"
                     "INSERT INTO organisations (code, name, role, import_id)"
                     " VALUES ('00L', 'Northvale PCT', 'commissioner', 1);"
                     "INSERT INTO import_parts (import_id, kind, rows) VALUES (1, 'organisations', 1);"
                     "INSERT INTO peer_groups (id, name) VALUES (1, 'PCTs');"
                     "INSERT INTO peer_group_members (group_id, org_code) VALUES (1, '00L');");
      /* Spend as version 1 wrote it: rows only, the totals came with version 2. */
      if (from == 1)
        exec_ok (db, "INSERT INTO import_parts (import_id, kind, rows) VALUES (2, 'spend', 3);"
                     "INSERT INTO spend (import_id, commissioner, year, month, category, amount_pence,"
                     " suppressed) VALUES (2, '00L', 2009, 4, 'Acute contracts', 100, NULL),"
                     " (2, '00L', 2009, 4, 'Acute contracts', 250, NULL),"
                     " (2, '00L', 2009, NULL, 'Dental', NULL, 'amount: suppressed (*)');");
      sqlite3_close (db);

      workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      db = pd_workspace_get_db (workspace);
      g_assert_cmpint (pd_test_query_int (db, "PRAGMA user_version"), ==, _pd_migrations_count ());
      if (from >= 1)
        {
          code = pd_test_query_text (db, "SELECT code FROM organisations");
          g_assert_cmpstr (code, ==, "00L");
          g_clear_pointer (&code, g_free);
          /* Peer groups from before version 5 are built ones, with their members. */
          code = pd_test_query_text (db, "SELECT origin || ':' || m.org_code FROM peer_groups"
                                         " JOIN peer_group_members m ON m.group_id = id");
          g_assert_cmpstr (code, ==, "built:00L");
          /* Since version 5 a member outlives its organisation (docs/workspace.md). */
          if (from != 1)
            {
              exec_ok (db, "DELETE FROM organisations");
              g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM peer_group_members"),
                               ==, 1);
            }
        }
      if (from == 1)
        {
          g_autoptr(PdWorkspaceSummary) summary = NULL;

          /* Spend written before the totals existed is counted in them, and its import
           * can still be removed whole. */
          summary = pd_workspace_query_summary (workspace, &error);
          g_assert_no_error (error);
          g_assert_cmpint (summary->spend_pence, ==, 350);
          g_assert_cmpint (summary->n_spend, ==, 3);
          g_assert_cmpint (pd_test_query_int (db, "SELECT suppressed_rows FROM spend_totals WHERE month = 0"), ==, 1);
          g_assert_true (pd_workspace_remove_import (workspace, 2, &error));
          g_assert_no_error (error);
          g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM spend"), ==, 0);
          g_assert_cmpint (pd_test_query_int (db, "SELECT count(*) FROM spend_totals"), ==, 0);
        }
    }

  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_read_only (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "ro.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY | PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&workspace);

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (pd_workspace_is_read_only (workspace));
  g_assert_false (pd_workspace_begin_write (workspace, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_READ_ONLY);

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* WAL: a second connection reads the last committed state while the first writes. */
static void
test_read_while_writing (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "busy.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) writer = NULL;
  g_autoptr(PdWorkspace) reader = NULL;
  g_autoptr(PdWorkspaceSummary) during = NULL;
  g_autoptr(PdWorkspaceSummary) after = NULL;

  writer = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  reader = pd_workspace_open_again (writer, &error);
  g_assert_no_error (error);

  g_assert_true (pd_workspace_begin_write (writer, &error));
  exec_ok (pd_workspace_get_db (writer),
           "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding)"
           " VALUES (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
           "INSERT INTO organisations (code, name, role, import_id)"
           " VALUES ('5QA', 'Eastmere PCT', 'commissioner', 1);");

  during = pd_workspace_query_summary (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpint (during->n_organisations, ==, 0);

  g_assert_true (pd_workspace_commit (writer, &error));
  after = pd_workspace_query_summary (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->n_organisations, ==, 1);
  g_assert_cmpuint (after->imports->len, ==, 1);

  g_clear_object (&reader);
  g_clear_object (&writer);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_remove_import (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "remove.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  sqlite3 *db;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  db = pd_workspace_get_db (workspace);
  exec_ok (db,
           "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding) VALUES"
           " (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8'),"
           " (2, 'spend.csv', printf ('%064d', 2), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
           "INSERT INTO organisations (code, name, role, import_id)"
           " VALUES ('00L', 'Northvale PCT', 'commissioner', 1);"
           "INSERT INTO spend (id, import_id, commissioner, year, month, category, amount_pence)"
           " VALUES (7, 2, '00L', 2009, 4, 'Acute contracts', 123456);"
           /* What the importer records besides the row, by hand here: the run of rowids
            * and the totals, so that removal can be checked. */
           "INSERT INTO import_parts (import_id, kind, rows, first_row, last_row)"
           " VALUES (2, 'spend', 1, 7, 7);"
           "INSERT INTO spend_totals VALUES ('00L', 2009, 4, 'Acute contracts', '', 123456, 1, 0);");

  /* Facts of import 2 name an organisation of import 1: removing 1 is refused whole. */
  g_assert_false (pd_workspace_remove_import (workspace, 1, &error));
  g_assert_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "other imports use"));
  g_clear_error (&error);
  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_cmpint (summary->n_organisations, ==, 1);
  g_assert_cmpint (summary->spend_pence, ==, 123456);
  g_clear_pointer (&summary, pd_workspace_summary_free);

  g_assert_false (pd_workspace_remove_import (workspace, 42, &error));
  g_assert_nonnull (strstr (error->message, "no import number 42"));
  g_clear_error (&error);

  g_assert_true (pd_workspace_remove_import (workspace, 2, &error));
  g_assert_no_error (error);
  g_assert_true (pd_workspace_remove_import (workspace, 1, &error));
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_cmpint (summary->n_organisations, ==, 0);
  g_assert_cmpint (summary->n_spend, ==, 0);
  g_assert_cmpint (summary->spend_pence, ==, 0);
  g_assert_cmpuint (summary->imports->len, ==, 0);

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* Codes are text, money is integer pence, a suppressed value is NULL with a reason. */
static void
test_schema_rules (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "rules.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  sqlite3 *db;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  db = pd_workspace_get_db (workspace);
  exec_ok (db,
           "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding) VALUES"
           " (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
           "INSERT INTO organisations (code, name, role, import_id)"
           " VALUES ('00L', 'Northvale PCT', 'commissioner', 1);");

  /* STRICT: a REAL where pence belong is refused. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO spend (import_id, commissioner, year, category,"
                                     " amount_pence) VALUES (1, '00L', 2009, 'x', 1.5)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_DATATYPE);
  /* A suppressed amount must carry its reason; a value must not. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO spend (import_id, commissioner, year, category,"
                                     " amount_pence) VALUES (1, '00L', 2009, 'x', NULL)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
  exec_ok (db, "INSERT INTO spend (import_id, commissioner, year, category, amount_pence, suppressed)"
               " VALUES (1, '00L', 2009, 'x', NULL, 'amount: suppressed (*)')");
  /* Foreign keys are enforced (at commit for the deferred ones). */
  exec_ok (db, "BEGIN");
  exec_ok (db, "INSERT INTO spend (import_id, commissioner, year, category, amount_pence)"
               " VALUES (1, 'L00', 2009, 'x', 5)");
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  exec_ok (db, "ROLLBACK");

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* Save as: the copy is complete and opens; a failure leaves the target as it was and no
 * temporary file behind. */
static void
test_save_as (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "source.pctdash", NULL);
  g_autofree char *target = g_build_filename (dir, "copy.pctdash", NULL);
  g_autofree char *blocked = g_build_filename (dir, "blocked.pctdash", NULL);
  g_autofree char *inside = g_build_filename (blocked, "keep.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspace) copy = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *old = NULL;
  const char *name;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  exec_ok (pd_workspace_get_db (workspace),
           "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, encoding) VALUES"
           " (1, 'orgs.csv', printf ('%064d', 1), 10, '2026-01-01T00:00:00Z', 'csv', 'UTF-8');"
           "INSERT INTO organisations (code, name, role, import_id)"
           " VALUES ('00L', 'Northvale PCT', 'commissioner', 1);");

  /* An old file at the target is replaced whole. */
  g_assert_true (g_file_set_contents (target, "not a workspace", -1, NULL));
  g_assert_true (pd_workspace_save_as (workspace, target, &error));
  g_assert_no_error (error);
  copy = pd_workspace_open (target, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_organisations, ==, 1);
  g_assert_cmpuint (summary->imports->len, ==, 1);
  g_clear_object (&copy);

  /* The source stays open on its own file and keeps working. */
  g_assert_cmpstr (pd_workspace_get_path (workspace), ==, path);
  exec_ok (pd_workspace_get_db (workspace),
           "INSERT INTO organisations (code, name, role, import_id)"
           " VALUES ('RX1', 'Northvale Hospitals', 'provider', 1);");

  /* The rename fails (the target is a folder): the target is untouched, nothing is left. */
  g_assert_cmpint (g_mkdir (blocked, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "keep", -1, NULL));
  g_assert_false (pd_workspace_save_as (workspace, blocked, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "blocked.pctdash"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (inside, &old, NULL, NULL));
  g_assert_cmpstr (old, ==, "keep");
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".blocked"));

  /* A folder that does not exist: a clear error. */
  g_clear_pointer (&target, g_free);
  target = g_build_filename (dir, "missing", "copy.pctdash", NULL);
  g_assert_false (pd_workspace_save_as (workspace, target, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_clear_object (&workspace);
  g_clear_pointer (&listing, g_dir_close);
  g_unlink (inside);
  g_rmdir (blocked);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/store/create", test_create);
  g_test_add_func ("/pctdash/store/not-sqlite", test_not_sqlite);
  g_test_add_func ("/pctdash/store/other-application", test_other_application);
  g_test_add_func ("/pctdash/store/too-new", test_too_new);
  g_test_add_func ("/pctdash/store/lost-tables", test_lost_tables);
  g_test_add_func ("/pctdash/store/corrupt", test_corrupt);
  g_test_add_func ("/pctdash/store/empty-file", test_empty_file);
  g_test_add_func ("/pctdash/store/migrations-from-every-version", test_migrations_from_every_version);
  g_test_add_func ("/pctdash/store/read-only", test_read_only);
  g_test_add_func ("/pctdash/store/read-while-writing", test_read_while_writing);
  g_test_add_func ("/pctdash/store/remove-import", test_remove_import);
  g_test_add_func ("/pctdash/store/schema-rules", test_schema_rules);
  g_test_add_func ("/pctdash/store/save-as", test_save_as);

  return g_test_run ();
}
