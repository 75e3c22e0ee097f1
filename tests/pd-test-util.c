/* pd-test-util.c — what the tests share: fixture paths, scratch directories
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "pd-test-util.h"

static char *
build_path_va (const char *root,
               const char *first_element,
               va_list     args)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, (gpointer) root);
  for (const char *e = first_element; e != NULL; e = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) e);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static const char *
env_dir (const char *variable)
{
  const char *dir = g_getenv (variable);

  if (dir == NULL)
    g_error ("%s is not set: run the tests through meson test", variable);
  return dir;
}

char *
pd_test_fixture_path (const char *first_element,
                      ...)
{
  va_list args;
  char *path;

  va_start (args, first_element);
  path = build_path_va (env_dir ("PD_FIXTURES_DIR"), first_element, args);
  va_end (args);
  return path;
}

char *
pd_test_shared_path (const char *first_element,
                     ...)
{
  const char *root = env_dir ("PD_SHARED_DATA_DIR");
  va_list args;
  char *path;

  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    g_error ("The shared data sets are not at %s: check out ../shared beside the project "
             "or configure with -Dshared_data=DIR", root);

  va_start (args, first_element);
  path = build_path_va (root, first_element, args);
  va_end (args);
  return path;
}

char *
pd_test_demo_path (const char *first_element,
                   ...)
{
  va_list args;
  char *path;

  va_start (args, first_element);
  path = build_path_va (env_dir ("PD_DEMO_DIR"), first_element, args);
  va_end (args);
  return path;
}

char *
pd_test_scratch_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pctdash-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      /* Make read-only folders (export tests use them) removable again. */
      g_chmod (path, 0700);
      if (dir != NULL)
        while ((name = g_dir_read_name (dir)) != NULL)
          {
            g_autofree char *child = g_build_filename (path, name, NULL);
            remove_tree (child);
          }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

void
pd_test_scratch_free (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}

char *
pd_test_write_file (const char *dir,
                    const char *name,
                    const char *contents,
                    gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (len < 0)
    len = strlen (contents);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

char *
pd_test_read_file (const char *path,
                   gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static GStrv
split_csv_line (const char *line)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            break;
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\0')
        {
          g_strv_builder_add (builder, field->str);
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }

  return g_strv_builder_end (builder);
}

GPtrArray *
pd_test_read_csv (const char *path)
{
  g_autofree char *contents = pd_test_read_file (path, NULL);
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *start = contents;

  /* Skip a UTF-8 byte order mark. */
  if (g_str_has_prefix (start, "\xEF\xBB\xBF"))
    start += 3;

  lines = g_strsplit (start, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' || (lines[i][0] == '\r' && lines[i][1] == '\0'))
        continue;
      g_ptr_array_add (rows, split_csv_line (lines[i]));
    }
  return rows;
}

static sqlite3_stmt *
query_row (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: no row (%s)", sql, sqlite3_errmsg (db));
  return stmt;
}

gint64
pd_test_query_int (sqlite3    *db,
                   const char *sql)
{
  sqlite3_stmt *stmt = query_row (db, sql);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
pd_test_query_text (sqlite3    *db,
                    const char *sql)
{
  sqlite3_stmt *stmt = query_row (db, sql);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

int
pd_test_run_cli (char       **out_stdout,
                 char       **out_stderr,
                 const char  *first_arg,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("PD_CLI");
  int wait_status;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  if (err != NULL && *err != '\0')
    g_test_message ("pctdash-cli %s: exit %d, stderr: %s", first_arg,
                    WEXITSTATUS (wait_status), err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return WEXITSTATUS (wait_status);
}

guint
pd_test_sample_stride (void)
{
  static guint stride;

  if (stride == 0)
    {
      const char *value = g_getenv ("PCTDASH_TEST_SAMPLE");
      guint64 n = 1;
      g_autoptr(GError) error = NULL;

      if (value != NULL && *value != '\0' &&
          !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, &error))
        g_error ("PCTDASH_TEST_SAMPLE=%s: %s", value, error->message);
      stride = MAX (n, 1);
      if (stride > 1)
        g_test_message ("PCTDASH_TEST_SAMPLE=%u: long loops run every %uth iteration, "
                        "and their first and last", stride, stride);
    }
  return stride;
}

gboolean
pd_test_sample_take (guint64 i,
                     guint64 n)
{
  guint stride = pd_test_sample_stride ();

  g_assert (i < n);
  return stride == 1 || i == 0 || i == n - 1 || i % stride == 0;
}

guint64
pd_test_sample_count (guint64 n)
{
  guint64 count = 0;

  for (guint64 i = 0; i < n; i++)
    count += pd_test_sample_take (i, n);
  return count;
}

guint64
pd_test_sample_size (guint64 n,
                     guint64 floor)
{
  return MIN (n, MAX (n / pd_test_sample_stride (), floor));
}
