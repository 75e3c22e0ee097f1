/* test-board-pack-golden.c — the XML parts of a fixed pack against committed golden files
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small fixture region (tests/fixtures/export/pack/) is built into a workspace, its
 * import times fixed, and exported with fixed options. Every part of the zip but the
 * pictures (xl/media/) and docProps/core.xml (its dates) must equal
 * tests/fixtures/export/golden/, after one normalisation: the workspace file's SHA-256 on
 * the cover, which SQLite's page layout may change, becomes WORKSPACE_SHA256.
 *
 * The golden files are re-blessed deliberately, never automatically, after checking the
 * change is wanted: PD_EXPORT_BLESS=1 meson test -C BUILD test-board-pack-golden
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gsf/gsf.h>

#include "export/pd-board-pack.h"
#include "import/pd-demo.h"
#include "pd-test-util.h"

/* libgsf 1.14 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

static char *scratch;

/* Every file of the zip, by its path, with its bytes. */
static void
collect_parts (GsfInfile  *dir,
               const char *prefix,
               GHashTable *parts)
{
  int n = gsf_infile_num_children (dir);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GsfInput) child = gsf_infile_child_by_index (dir, i);
      g_autofree char *path = g_strconcat (prefix, gsf_input_name (child), NULL);

      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        {
          g_autofree char *sub = g_strconcat (path, "/", NULL);
          collect_parts (GSF_INFILE (child), sub, parts);
        }
      else
        {
          gsf_off_t size = gsf_input_size (child);
          char *data = g_malloc (size + 1);

          g_assert_nonnull (gsf_input_read (child, size, (guint8 *) data));
          data[size] = '\0';
          g_hash_table_insert (parts, g_steal_pointer (&path), data);
        }
    }
}

static GHashTable *
read_parts (const char *xlsx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (xlsx, &error);
  g_autoptr(GsfInfile) zip = NULL;
  GHashTable *parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  collect_parts (zip, "", parts);
  return parts;
}

/* "xl/worksheets/sheet1.xml" is kept as "xl__worksheets__sheet1.xml". */
static char *
golden_name (const char *part)
{
  g_auto(GStrv) pieces = g_strsplit (part, "/", -1);
  return g_strjoinv ("__", pieces);
}

static char *
build_workspace (void)
{
  g_autofree char *fixture = pd_test_fixture_path ("export", "pack", NULL);
  char *path = g_build_filename (scratch, "golden.pctdash", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;

  g_assert_true (pd_demo_build (fixture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The import times are the one thing a rebuilt workspace changes. */
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace),
                                 "UPDATE imports SET imported_at = '2012-04-20T09:00:00Z'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return path;
}

static void
test_golden (void)
{
  g_autofree char *workspace_path = build_workspace ();
  g_autofree char *pack = g_build_filename (scratch, "golden.xlsx", NULL);
  g_autofree char *golden_dir = g_test_build_filename (G_TEST_DIST, "fixtures", "export",
                                                       "golden", NULL);
  g_autofree char *workspace_sha = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GHashTable) expected_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  gboolean bless = g_strcmp0 (g_getenv ("PD_EXPORT_BLESS"), "1") == 0;
  PdBoardPackOptions options;
  GHashTableIter iter;
  gpointer key, value;
  const char *name;
  guint n_compared = 0;

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path,
                                                          PD_WORKSPACE_OPEN_READ_ONLY, &error);
    g_autoptr(GMappedFile) mapped = NULL;

    g_assert_no_error (error);
    pd_board_pack_options_init (&options);
    options.commissioner = "5A1";
    options.year = 2011;
    options.marking = "OFFICIAL & TEST";
    options.generated_at = at;
    g_assert_true (pd_board_pack_write (workspace, &options, pack, NULL, &error));
    g_assert_no_error (error);
    mapped = g_mapped_file_new (workspace_path, FALSE, &error);
    g_assert_no_error (error);
    workspace_sha = g_compute_checksum_for_data (
      G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (mapped),
      g_mapped_file_get_length (mapped));
  }

  parts = read_parts (pack);
  g_assert_true (g_hash_table_contains (parts, "xl/workbook.xml"));
  g_assert_true (g_hash_table_contains (parts, "xl/worksheets/sheet1.xml"));
  if (bless)
    g_assert_cmpint (g_mkdir_with_parents (golden_dir, 0755), ==, 0);

  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *part = key;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *expected = NULL;
      g_auto(GStrv) pieces = NULL;
      g_autofree char *normalised = NULL;

      if (g_str_has_prefix (part, "xl/media/") || g_strcmp0 (part, "docProps/core.xml") == 0)
        continue;
      pieces = g_strsplit (value, workspace_sha, -1);
      normalised = g_strjoinv ("WORKSPACE_SHA256", pieces);
      file = golden_name (part);
      path = g_build_filename (golden_dir, file, NULL);
      g_hash_table_add (expected_names, g_steal_pointer (&file));
      if (bless)
        {
          g_assert_true (g_file_set_contents (path, normalised, -1, &error));
          g_assert_no_error (error);
          continue;
        }
      if (!g_file_get_contents (path, &expected, NULL, NULL))
        g_error ("%s is new: no golden file %s (bless deliberately: see the header)", part, path);
      if (g_strcmp0 (expected, normalised) != 0)
        {
          g_autofree char *actual = g_build_filename (scratch, "actual.xml", NULL);
          g_file_set_contents (actual, normalised, -1, NULL);
          g_error ("%s differs from %s", part, path);
        }
      n_compared++;
    }

  /* No golden file may be left unmatched: a part that disappeared is a change too. */
  dir = g_dir_open (golden_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stale = g_build_filename (golden_dir, name, NULL);

      if (g_hash_table_contains (expected_names, name))
        continue;
      if (!bless)
        g_error ("golden file %s matches no part of the pack", name);
      g_assert_cmpint (g_unlink (stale), ==, 0);
    }
  if (!bless)
    g_assert_cmpuint (n_compared, >=, 20);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = pd_test_scratch_new ();
  g_test_add_func ("/pctdash/export/golden/parts", test_golden);
  status = g_test_run ();
  pd_test_scratch_free (scratch);
  return status;
}
