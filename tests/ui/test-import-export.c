/* test-import-export.c — the workspace's file commands under Xvfb: save a copy, find,
 * and their shortcuts
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "import/pd-importer.h"
#include "pd-application.h"
#include "pd-test-util.h"
#include "pd-window.h"

static PdApplication *application;
static char *scratch;

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "5QA,Northvale PCT,commissioner,pct,North,310000\n"
  "RXX,Riverside Hospital NHS Trust,provider,acute,North,\n";
/* £1,234,567.89 + £250,000.11 = £1,484,568.00 */
static const char spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "5QA,2009/10,Apr,acute,RXX,\"£1,234,567.89\"\n"
  "5QA,2009/10,May,community nursing,,\"£250,000.11\"\n";

static void
wait_until_idle (PdWindow *window,
                 int       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (pd_window_get_busy (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the window was still busy after %d s", seconds);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
import_text (PdWorkspace *workspace,
             const char  *dir,
             const char  *name,
             const char  *text)
{
  g_autofree char *path = pd_test_write_file (dir, name, text, -1);
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = pd_import_file (workspace, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
}

static char *
make_workspace (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "north.pctdash", NULL);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  import_text (workspace, dir, "organisations.csv", organisations_csv);
  import_text (workspace, dir, "spend.csv", spend_csv);
  return g_steal_pointer (&path);
}

static PdWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PdWindow *window = g_object_ref (pd_window_new (application));

  gtk_window_present (GTK_WINDOW (window));
  pd_window_open (window, file);
  wait_until_idle (window, 60);
  g_assert_nonnull (pd_window_get_workspace (window));
  return window;
}

static void
destroy_window (PdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (window);
}

static void
assert_summary (const char *path,
                gint64      n_organisations,
                gint64      n_spend,
                gint64      spend_pence)
{
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_organisations, ==, n_organisations);
  g_assert_cmpint (summary->n_spend, ==, n_spend);
  g_assert_cmpint (summary->spend_pence, ==, spend_pence);
  g_assert_cmpuint (summary->imports->len, ==, 2);
}

/* Save a copy: a complete workspace at the new path, a toast naming it, and the window
 * still on the original. */
static void
test_save_as (void)
{
  g_autofree char *dir = g_build_filename (scratch, "save-as", NULL);
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *bad_target = NULL;
  g_autoptr(GFile) bad_file = NULL;
  PdWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = make_workspace (dir);
  target = g_build_filename (dir, "north copy.pctdash", NULL);
  file = g_file_new_for_path (target);

  window = open_window (path);
  pd_window_save_as (window, file);
  g_assert_true (pd_window_get_busy (window));
  wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Saved a copy as “north copy.pctdash”");
  assert_summary (target, 2, 2, 148456800);
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);

  /* Into a folder that is not there: the toast says why, naming the file. */
  bad_target = g_build_filename (dir, "missing", "north.pctdash", NULL);
  bad_file = g_file_new_for_path (bad_target);
  pd_window_save_as (window, bad_file);
  wait_until_idle (window, 60);
  g_assert_true (g_str_has_prefix (pd_window_get_last_toast (window), "Could not save a copy as"));
  g_assert_nonnull (strstr (pd_window_get_last_toast (window), "north.pctdash"));
  g_assert_false (g_file_test (bad_target, G_FILE_TEST_EXISTS));

  destroy_window (window);
}

static gboolean
find_cb (PdWindow  *window,
         GtkWidget *view,
         gpointer   user_data)
{
  GtkWidget **seen = user_data;

  *seen = view;
  return TRUE;
}

static gint64
count_spend (PdWorkspace *workspace)
{
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = pd_workspace_query_summary (workspace, &error);
  g_assert_no_error (error);
  return summary->n_spend;
}

/* Import through the window: a toast with the count and Undo, the views on a fresh
 * connection; Undo restores the counts; a bad file names its row and column. */
static void
test_import (void)
{
  g_autofree char *dir = g_build_filename (scratch, "import", NULL);
  g_autofree char *path = NULL;
  g_autofree char *more = NULL;
  g_autofree char *bad = NULL;
  GList *files = NULL;
  PdWorkspace *before;
  PdWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = make_workspace (dir);
  more = pd_test_write_file (dir, "spend-2010.csv",
                             "commissioner,year,month,category,provider,amount\n"
                             "5QA,2010/11,Apr,acute,RXX,\"£1,000.00\"\n"
                             "5QA,2010/11,May,acute,RXX,\"£2,000.00\"\n"
                             "5QA,2010/11,Jun,acute,RXX,\"£3,000.00\"\n", -1);
  bad = pd_test_write_file (dir, "spend-bad.csv",
                            "commissioner,year,month,category,provider,amount\n"
                            "5QA,2010/11,Jul,acute,RXX,\"£1,000.00\"\n"
                            "5QA,2010/11,Aug,acute,RXX,lots\n", -1);

  window = open_window (path);
  before = pd_window_get_workspace (window);
  g_assert_cmpint (count_spend (before), ==, 2);

  files = g_list_append (files, g_file_new_for_path (more));
  pd_window_import (window, files);
  g_list_free_full (g_steal_pointer (&files), g_object_unref);
  wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Imported 3 rows from spend-2010.csv");
  /* The window moved to a new connection, so every view loaded again. */
  g_assert_true (pd_window_get_workspace (window) != before);
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-import", NULL));
  wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Import undone");
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 2);

  files = g_list_append (files, g_file_new_for_path (bad));
  pd_window_import (window, files);
  g_list_free_full (g_steal_pointer (&files), g_object_unref);
  wait_until_idle (window, 60);
  g_test_message ("%s", pd_window_get_last_toast (window));
  g_assert_cmpstr (pd_window_get_last_toast (window), ==,
                   "spend-bad.csv: 1 problem found; nothing was imported.\n"
                   "spend-bad.csv: row 3, column F (amount): “lots” is not an amount of money");
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 2);

  destroy_window (window);
}

/* Ctrl+F: win.find asks the visible view through PdWindow::find. */
static void
test_find (void)
{
  g_autofree char *dir = g_build_filename (scratch, "find", NULL);
  g_autofree char *path = NULL;
  GtkWidget *seen = NULL;
  PdWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = make_workspace (dir);
  window = open_window (path);
  g_signal_connect (window, "find", G_CALLBACK (find_cb), &seen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_nonnull (seen);
  g_assert_true (gtk_widget_get_mapped (seen));
  g_assert_true (gtk_widget_is_ancestor (seen, GTK_WIDGET (window)));
  g_signal_handlers_disconnect_by_func (window, find_cb, &seen);
  destroy_window (window);
}

static void
assert_accels (const char  *action,
               const char **expected)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                 action);
  g_assert_cmpstrv (accels, expected);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* With PD_SCREENSHOT_DIR set, saves @widget as drawn into that folder as @name. */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The new shortcuts are bound and listed in the shortcuts window (F1 opens it too). */
static void
test_shortcuts (void)
{
  g_autoptr(GListModel) toplevels = NULL;
  GtkWindow *shortcuts = NULL;
  PdWindow *window;

  assert_accels ("win.import", (const char *[]) { "<Control>i", NULL });
  assert_accels ("win.save-as", (const char *[]) { "<Shift><Control>s", NULL });
  assert_accels ("win.find", (const char *[]) { "<Control>f", NULL });
  assert_accels ("win.show-help-overlay", (const char *[]) { "F1", "<Control>question", NULL });

  window = g_object_ref (pd_window_new (application));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));

  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel))
        shortcuts = toplevel;
    }
  g_assert_nonnull (shortcuts);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (shortcuts));
  g_assert_true (shows_label (GTK_WIDGET (shortcuts), "Save a copy of the workspace"));
  g_assert_true (shows_label (GTK_WIDGET (shortcuts), "Find in the current view"));
  g_assert_true (shows_label (GTK_WIDGET (shortcuts), "Import CSV or Excel files"));
  maybe_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png");
  gtk_window_close (shortcuts);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  scratch = pd_test_scratch_new ();
  data_home = g_build_filename (scratch, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "view", "workspace");
  }

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/pctdash/ui/file/save-as", test_save_as);
  g_test_add_func ("/pctdash/ui/file/import", test_import);
  g_test_add_func ("/pctdash/ui/file/find", test_find);
  g_test_add_func ("/pctdash/ui/file/shortcuts", test_shortcuts);

  status = g_test_run ();

  g_clear_object (&application);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
