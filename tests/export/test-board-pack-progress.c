/* test-board-pack-progress.c — how far a board pack is written, as the export dialog
 * shows it: from 0 to 1 without going back, 1 only once the file is there, reported on
 * the caller's thread by the _async calls, and Cancel between steps
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "domain/pd-indicators.h"
#include "export/pd-board-pack.h"
#include "export/pd-pack-snapshot.h"
#include "import/pd-demo.h"
#include "pd-test-util.h"

static char *scratch;
static char *demo_path;

typedef struct
{
  GArray       *fractions;     /* of double, as reported */
  const char   *path;          /* the pack being written */
  GThread      *thread;        /* where the reports must come from */
  gboolean      file_before_one;  /* the file existed before the report of 1 */
  gboolean      file_at_one;      /* ... and when it came */
  GCancellable *cancel_at;     /* cancelled once a report reaches cancel_fraction */
  double        cancel_fraction;
  gboolean      done;
  gboolean      ok;
  gboolean      regenerated;
  GError       *error;
  guint         reports_at_done;
} Progress;

static void
progress_init (Progress   *progress,
               const char *path)
{
  *progress = (Progress) { 0 };
  progress->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  progress->path = path;
  progress->thread = g_thread_self ();
}

static void
progress_clear (Progress *progress)
{
  g_array_unref (progress->fractions);
  g_clear_error (&progress->error);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  gboolean exists = g_file_test (progress->path, G_FILE_TEST_EXISTS);

  g_assert_true (g_thread_self () == progress->thread);
  g_assert_false (progress->done);
  if (fraction >= 1.0)
    progress->file_at_one = exists;
  else if (exists)
    progress->file_before_one = TRUE;
  g_array_append_val (progress->fractions, fraction);
  if (progress->cancel_at != NULL && fraction >= progress->cancel_fraction)
    g_cancellable_cancel (progress->cancel_at);
}

/* From 0, never back, ending at exactly 1 and reaching it only once, with @min_steps
 * reports between. */
static void
assert_complete (const Progress *progress,
                 guint           min_steps)
{
  GArray *f = progress->fractions;

  g_assert_cmpuint (f->len, >=, min_steps);
  g_assert_cmpfloat (g_array_index (f, double, 0), ==, 0.0);
  for (guint i = 1; i < f->len; i++)
    {
      g_assert_cmpfloat (g_array_index (f, double, i), >=, g_array_index (f, double, i - 1));
      g_assert_cmpfloat (g_array_index (f, double, i), <=, 1.0);
    }
  g_assert_cmpfloat (g_array_index (f, double, f->len - 1), ==, 1.0);
  g_assert_cmpfloat (g_array_index (f, double, f->len - 2), <, 1.0);
  g_assert_false (progress->file_before_one);
  g_assert_true (progress->file_at_one);
}

static PdWorkspace *
copy_demo (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  PdWorkspace *workspace;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  return workspace;
}

/* Every file in @dir whose name starts with @prefix (temporary files start with "."). */
static guint
count_files (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_prefix (name, prefix);
  return n;
}

/* Reports from a quality sheet: one for each indicator of its domain, the last being the
 * sheet's own step. */
static guint
quality_reports (PdWorkspace *workspace,
                 const char  *domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, domain, &error);

  g_assert_no_error (error);
  return MAX (indicators->len, 1);
}

/* On the calling thread: a report after each of the 15 steps of a full pack (the SPC
 * read, 11 sections, cover, contents, the file), the 0 before them, and one more for each
 * indicator but the last on a quality sheet. */
static void
test_sync_xlsx (void)
{
  g_autoptr(PdWorkspace) workspace = copy_demo ("sync.pctdash");
  g_autofree char *path = g_build_filename (scratch, "sync.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  PdBoardPackOptions options;
  Progress progress;

  progress_init (&progress, path);
  pd_board_pack_options_init (&options);
  options.progress = progress_cb;
  options.progress_data = &progress;
  g_assert_true (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  assert_complete (&progress, 16);
  g_assert_cmpuint (progress.fractions->len, ==,
                    16 + quality_reports (workspace, "safety") - 1
                    + quality_reports (workspace, "effectiveness") - 1
                    + quality_reports (workspace, "experience") - 1);
  g_assert_cmpuint (progress.fractions->len, >, 16);
  progress_clear (&progress);

  /* Two sections: fewer, bigger steps, still from 0 to 1. */
  progress_init (&progress, path);
  g_assert_no_errno (g_unlink (path));
  options.sections = PD_BOARD_PACK_SPEND | PD_BOARD_PACK_SAFETY;
  g_assert_true (pd_board_pack_write (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  assert_complete (&progress, 7);
  g_assert_cmpuint (progress.fractions->len, ==, 7 + quality_reports (workspace, "safety") - 1);
  progress_clear (&progress);
}

/* The PDF: a report for each page. */
static void
test_sync_pdf (void)
{
  g_autoptr(PdWorkspace) workspace = copy_demo ("pdf.pctdash");
  g_autofree char *path = g_build_filename (scratch, "pack.pdf", NULL);
  g_autoptr(GError) error = NULL;
  PdBoardPackOptions options;
  Progress progress;

  progress_init (&progress, path);
  pd_board_pack_options_init (&options);
  options.progress = progress_cb;
  options.progress_data = &progress;
  g_assert_true (pd_board_pack_write_pdf (workspace, &options, path, NULL, &error));
  g_assert_no_error (error);
  /* Cover, contents, summary, scorecard, the money charts, SPC and funnels: dozens. */
  assert_complete (&progress, 20);
  progress_clear (&progress);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Progress *progress = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == pd_pack_snapshot_write_async)
    progress->ok = pd_pack_snapshot_write_finish (PD_WORKSPACE (object), result,
                                                  &progress->regenerated, &progress->error);
  else
    progress->ok = pd_board_pack_write_finish (PD_WORKSPACE (object), result, &progress->error);
  progress->reports_at_done = progress->fractions->len;
  progress->done = TRUE;
}

static void
wait_done (Progress *progress)
{
  while (!progress->done)
    g_main_context_iteration (NULL, TRUE);
  /* Nothing may come after the callback, even what was queued. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (progress->fractions->len, ==, progress->reports_at_done);
}

/* The worker's reports arrive on this thread's main context, before the callback, and
 * the last is 1. */
static void
test_async (void)
{
  g_autoptr(PdWorkspace) workspace = copy_demo ("async.pctdash");
  g_autofree char *path = g_build_filename (scratch, "async.xlsx", NULL);
  PdBoardPackOptions options;
  Progress progress;

  progress_init (&progress, path);
  pd_board_pack_options_init (&options);
  options.progress = progress_cb;
  options.progress_data = &progress;
  pd_board_pack_write_async (workspace, &options, path, NULL, write_cb, &progress);
  /* Nothing is reported before the main loop runs: the worker does not call in. */
  g_assert_cmpuint (progress.fractions->len, ==, 0);
  wait_done (&progress);
  g_assert_no_error (progress.error);
  g_assert_true (progress.ok);
  /* Reports may be merged when the main loop is slow, never lost at the end. */
  assert_complete (&progress, 2);
  progress_clear (&progress);
}

/* Cancelled from a report a third of the way: the writer stops at the next step, no 1
 * is reported and no file, temporary or not, is left. */
static void
test_cancel_between_steps (void)
{
  g_autoptr(PdWorkspace) workspace = copy_demo ("cancel.pctdash");
  g_autofree char *dir = g_build_filename (scratch, "cancel", NULL);
  g_autofree char *path = g_build_filename (dir, "cancel.xlsx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PdBoardPackOptions options;
  Progress progress;
  double last;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  progress_init (&progress, path);
  progress.cancel_at = cancellable;
  progress.cancel_fraction = 0.3;
  pd_board_pack_options_init (&options);
  options.progress = progress_cb;
  options.progress_data = &progress;
  pd_board_pack_write_async (workspace, &options, path, cancellable, write_cb, &progress);
  wait_done (&progress);
  g_assert_false (progress.ok);
  g_assert_error (progress.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.fractions->len, >, 0);
  last = g_array_index (progress.fractions, double, progress.fractions->len - 1);
  g_assert_cmpfloat (last, >=, 0.3);
  g_assert_cmpfloat (last, <, 1.0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, ""), ==, 0);
  progress_clear (&progress);

  /* The same from the synchronous call, with the PDF: cancelled on its own thread. */
  g_cancellable_reset (cancellable);
  {
    g_autofree char *pdf = g_build_filename (dir, "cancel.pdf", NULL);
    g_autoptr(GError) error = NULL;

    progress_init (&progress, pdf);
    progress.cancel_at = cancellable;
    progress.cancel_fraction = 0.5;
    options.progress_data = &progress;
    g_assert_false (pd_board_pack_write_pdf (workspace, &options, pdf, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    last = g_array_index (progress.fractions, double, progress.fractions->len - 1);
    g_assert_cmpfloat (last, >=, 0.5);
    g_assert_cmpfloat (last, <, 1.0);
    g_assert_cmpuint (count_files (dir, ""), ==, 0);
    progress_clear (&progress);
  }
}

/* A snapshot saved, then regenerated, on the worker: progress both times. */
static void
test_snapshot_async (void)
{
  g_autoptr(PdWorkspace) workspace = copy_demo ("snapshot.pctdash");
  g_autofree char *path = g_build_filename (scratch, "snapshot.xlsx", NULL);
  PdBoardPackOptions options;
  Progress progress;

  pd_board_pack_options_init (&options);
  options.sections = PD_BOARD_PACK_SCORECARD | PD_BOARD_PACK_SUMMARY;
  options.narrative = "Falls are down.";
  options.progress = progress_cb;

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(PdPackSnapshot) stored = NULL;
      g_autoptr(GError) error = NULL;

      progress_init (&progress, path);
      options.progress_data = &progress;
      g_unlink (path);
      pd_pack_snapshot_write_async (workspace, "March board", &options, path, NULL, write_cb,
                                    &progress);
      wait_done (&progress);
      g_assert_no_error (progress.error);
      g_assert_true (progress.ok);
      g_assert_cmpint (progress.regenerated, ==, round == 1);
      assert_complete (&progress, 2);
      progress_clear (&progress);

      stored = pd_pack_snapshot_load (workspace, "March board", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (stored->narrative, ==, "Falls are down.");
      g_assert_cmpuint (stored->sections, ==, PD_BOARD_PACK_SCORECARD | PD_BOARD_PACK_SUMMARY);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = pd_test_scratch_new ();
  demo_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, demo_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);

  g_test_add_func ("/pctdash/export/progress/sync-xlsx", test_sync_xlsx);
  g_test_add_func ("/pctdash/export/progress/sync-pdf", test_sync_pdf);
  g_test_add_func ("/pctdash/export/progress/async", test_async);
  g_test_add_func ("/pctdash/export/progress/cancel-between-steps", test_cancel_between_steps);
  g_test_add_func ("/pctdash/export/progress/snapshot-async", test_snapshot_async);
  status = g_test_run ();
  pd_test_scratch_free (scratch);
  g_free (demo_path);
  return status;
}
