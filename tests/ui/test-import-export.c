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
#include "pd-ui-test-util.h"

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

static char *
make_workspace (const char *dir)
{
  return pd_ui_test_make_workspace (dir, "north.pctdash",
                                    "organisations.csv", organisations_csv,
                                    "spend.csv", spend_csv,
                                    NULL);
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

  window = pd_ui_test_open_window (application, path);
  pd_window_save_as (window, file);
  g_assert_true (pd_window_get_busy (window));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Saved a copy as “north copy.pctdash”");
  assert_summary (target, 2, 2, 148456800);
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);

  /* Into a folder that is not there: the toast says why, naming the file. */
  bad_target = g_build_filename (dir, "missing", "north.pctdash", NULL);
  bad_file = g_file_new_for_path (bad_target);
  pd_window_save_as (window, bad_file);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_true (g_str_has_prefix (pd_window_get_last_toast (window), "Could not save a copy as"));
  g_assert_nonnull (strstr (pd_window_get_last_toast (window), "north.pctdash"));
  g_assert_false (g_file_test (bad_target, G_FILE_TEST_EXISTS));

  pd_ui_test_destroy_window (window);
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

  window = pd_ui_test_open_window (application, path);
  before = pd_window_get_workspace (window);
  g_assert_cmpint (count_spend (before), ==, 2);

  files = g_list_append (files, g_file_new_for_path (more));
  pd_window_import (window, files);
  g_list_free_full (g_steal_pointer (&files), g_object_unref);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Imported 3 rows from spend-2010.csv");
  /* The window moved to a new connection, so every view loaded again. */
  g_assert_true (pd_window_get_workspace (window) != before);
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-import", NULL));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Import undone");
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 2);

  files = g_list_append (files, g_file_new_for_path (bad));
  pd_window_import (window, files);
  g_list_free_full (g_steal_pointer (&files), g_object_unref);
  pd_ui_test_wait_until_idle (window, 60);
  g_test_message ("%s", pd_window_get_last_toast (window));
  g_assert_cmpstr (pd_window_get_last_toast (window), ==,
                   "spend-bad.csv: 1 problem found; nothing was imported.\n"
                   "spend-bad.csv: row 3, column F (amount): “lots” is not an amount of money");
  g_assert_cmpint (count_spend (pd_window_get_workspace (window)), ==, 2);

  pd_ui_test_destroy_window (window);
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
  window = pd_ui_test_open_window (application, path);
  g_signal_connect (window, "find", G_CALLBACK (find_cb), &seen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_nonnull (seen);
  g_assert_true (gtk_widget_get_mapped (seen));
  g_assert_true (gtk_widget_is_ancestor (seen, GTK_WIDGET (window)));
  g_signal_handlers_disconnect_by_func (window, find_cb, &seen);
  pd_ui_test_destroy_window (window);
}

static void
assert_accels (const char  *action,
               const char **expected)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                 action);
  g_assert_cmpstrv (accels, expected);
}

/* The new shortcuts are bound and listed in the shortcuts window (F1 opens it too). */
static void
test_shortcuts (void)
{
  g_autoptr(GListModel) toplevels = NULL;
  GtkWindow *shortcuts = NULL;
  PdWindow *window;

  assert_accels ("win.import", (const char *[]) { "<Control>i", NULL });
  assert_accels ("win.new", (const char *[]) { "<Control>n", NULL });
  assert_accels ("win.export-pack", (const char *[]) { "<Control>e", NULL });
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
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Save a copy of the workspace"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Find in the current view"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Import CSV or Excel files"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Export a board pack"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Create a new workspace"));
  pd_ui_test_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png");
  gtk_window_close (shortcuts);

  pd_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  scratch = pd_ui_test_init (&argc, &argv);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "view", "workspace");
  }
  application = pd_ui_test_application_new ();

  g_test_add_func ("/pctdash/ui/file/save-as", test_save_as);
  g_test_add_func ("/pctdash/ui/file/import", test_import);
  g_test_add_func ("/pctdash/ui/file/find", test_find);
  g_test_add_func ("/pctdash/ui/file/shortcuts", test_shortcuts);

  status = g_test_run ();

  g_clear_object (&application);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
