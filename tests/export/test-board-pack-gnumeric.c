/* test-board-pack-gnumeric.c — Gnumeric's ssconvert reads every sheet of the demo pack
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fourth reader: ssconvert (Debian's gnumeric) writes each sheet of the pack as CSV, and
 * the cells are the workspace's. Gnumeric 1.12 does not know Excel tables and says so on
 * stderr ("Unexpected element 'tableParts'"); it reads the cells all the same.
 * tests/export/meson.build adds this test only where ssconvert is installed
 * ($PD_SSCONVERT).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "domain/pd-spend.h"
#include "export/pd-board-pack.h"
#include "import/pd-demo.h"
#include "pd-test-util.h"

static const char * const sheet_names[] = {
  "Cover", "Contents", "Executive summary", "Scorecard", "Spend mix", "Financial outlook",
  "CQUIN", "Safety", "Effectiveness", "Experience", "Benchmarks", "Exceptions",
  "Data sources and notes",
};

static char *scratch;
static char *workspace_path;
static char *pack_path;

static void
test_every_sheet (void)
{
  g_autofree char *out_dir = g_build_filename (scratch, "csv", NULL);
  g_autofree char *pattern = g_build_filename (out_dir, "%s.csv", NULL);
  g_autofree char *cover_path = g_build_filename (out_dir, "Cover.csv", NULL);
  g_autofree char *spend_path = g_build_filename (out_dir, "Spend mix.csv", NULL);
  const char *argv[] = { g_getenv ("PD_SSCONVERT"), "--export-file-per-sheet", pack_path,
                         pattern, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cover = NULL;
  g_autoptr(GPtrArray) spend = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GStrv row;
  guint line = 6;
  int status, r;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("ssconvert failed:\n%s%s", out, err);
  for (guint i = 0; i < G_N_ELEMENTS (sheet_names); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.csv", sheet_names[i]);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  cover = pd_test_read_csv (cover_path);
  row = g_ptr_array_index (cover, 4);
  g_assert_cmpstr (row[0], ==, "Organisation");
  g_assert_cmpstr (row[1], ==, "Northvale PCT (5Z1)");

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  mix = pd_spend_mix_query (workspace, 2011, 2011, NULL, &error);
  g_assert_no_error (error);
  r = pd_spend_mix_find_row (mix, "5Z1", -1);
  spend = pd_test_read_csv (spend_path);
  row = g_ptr_array_index (spend, 5);
  g_assert_cmpstr (row[0], ==, "Category");
  for (guint c = 0; c < mix->categories->len; c++)
    {
      const PdSpendCell *cell = pd_spend_mix_cell (mix, r, c);

      if (cell->n_rows == 0)
        continue;
      row = g_ptr_array_index (spend, line++);
      g_assert_cmpstr (row[0], ==, g_ptr_array_index (mix->categories, c));
      g_assert_cmpfloat (g_ascii_strtod (row[1], NULL), ==, cell->amount_pence / 100.0);
    }
  g_assert_cmpuint (line, ==, 6 + 15);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autofree char *demo_dir = NULL;
  PdBoardPackOptions options;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PD_SSCONVERT") == NULL)
    g_error ("PD_SSCONVERT is not set: run through meson test");

  scratch = pd_test_scratch_new ();
  workspace_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, workspace_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);
  pack_path = g_build_filename (scratch, "pack.xlsx", NULL);
  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  if (!pd_board_pack_write (workspace, &options, pack_path, NULL, &error))
    g_error ("could not write the pack: %s", error->message);
  g_clear_object (&workspace);

  g_test_add_func ("/pctdash/export/gnumeric/every-sheet", test_every_sheet);
  status = g_test_run ();

  g_free (pack_path);
  g_free (workspace_path);
  pd_test_scratch_free (scratch);
  return status;
}
