/* bench-views.c — the real window on the demo workspace: view switches and filter changes
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under a display (xvfb-run for a headless one); see bench/README.md, "Views". Each
 * figure is the wall-clock time from the user's action (a sidebar row activated, a
 * commissioner chosen) until the window is idle again (no view loading) and a frame with
 * the new data has been drawn.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "import/pd-demo.h"
#include "pd-application.h"
#include "pd-window.h"

static void
wait_until_idle (PdWindow *window)
{
  while (pd_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
collect (GtkWidget  *widget,
         GType       type,
         GPtrArray  *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-28s n=%-3u median %6.1f ms   90th %6.1f ms   max %6.1f ms\n", what, ms->len,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, (ms->len * 9) / 10),
           g_array_index (ms, double, ms->len - 1));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const views[] = { "overview", "spend", "outlook", "cquin", "quality",
                                        "benchmarks", "triangulation", "workspace" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pctdash-bench-views-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  GArray *switches[G_N_ELEMENTS (views)] = { NULL };
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  PdApplication *application;
  PdWindow *window;
  GtkListBox *sidebar = NULL;
  GtkDropDown *commissioner = NULL;
  int rounds = argc > 1 ? atoi (argv[1]) : 10;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "demo.pctdash", NULL);
  if (!pd_demo_build (NULL, path, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("%s", error->message);
  file = g_file_new_for_path (path);
  g_application_open (G_APPLICATION (application), &file, 1, "");
  window = PD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  wait_until_idle (window);

  collect (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, boxes);
  for (guint i = 0; i < boxes->len && sidebar == NULL; i++)
    {
      GtkWidget *first = gtk_widget_get_first_child (g_ptr_array_index (boxes, i));

      if (first != NULL && g_strcmp0 (gtk_widget_get_name (first), "overview") == 0)
        sidebar = g_ptr_array_index (boxes, i);
    }
  collect (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (dropdowns, i)),
                   "Commissioner") == 0)
      commissioner = g_ptr_array_index (dropdowns, i);
  g_assert (sidebar != NULL && commissioner != NULL);

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    switches[v] = g_array_new (FALSE, FALSE, sizeof (double));

  for (int round = 0; round < rounds; round++)
    {
      guint n_commissioners = g_list_model_get_n_items (gtk_drop_down_get_model (commissioner));

      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
             row != NULL;
             row = gtk_widget_get_next_sibling (row))
          if (g_strcmp0 (gtk_widget_get_name (row), views[v]) == 0)
            {
              gint64 start = g_get_monotonic_time ();
              double ms;

              g_signal_emit_by_name (sidebar, "row-activated", row);
              wait_until_idle (window);
              ms = (g_get_monotonic_time () - start) / 1000.0;
              g_array_append_val (switches[v], ms);
            }

      /* What a frame of the window costs by itself, nothing changed: the floor. */
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        gtk_widget_queue_draw (GTK_WIDGET (window));
        gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (frames, ms);
      }

      /* On the Overview, the view the filter changes most. */
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (g_strcmp0 (gtk_widget_get_name (row), "overview") == 0)
          g_signal_emit_by_name (sidebar, "row-activated", row);
      wait_until_idle (window);
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        gtk_drop_down_set_selected (commissioner,
                                    (gtk_drop_down_get_selected (commissioner) + 1)
                                    % n_commissioners);
        while (pd_window_get_busy (window))
          g_main_context_iteration (NULL, TRUE);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (loaded, ms);
        wait_until_idle (window);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (filters, ms);
      }
    }

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *what = g_strdup_printf ("switch to %s", views[v]);
      report (what, switches[v]);
      g_array_unref (switches[v]);
    }
  report ("a frame, nothing changed", frames);
  report ("commissioner: data in views", loaded);
  report ("commissioner: drawn", filters);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (application);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
