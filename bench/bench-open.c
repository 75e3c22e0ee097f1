/* bench-open.c — the real window opening a workspace until the Overview's data are ready,
 * then every view visited, and the process's peak resident set size
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under a display (xvfb-run for a headless one); see bench/README.md, "Scale". The
 * window is made and drawn first (the start page); each round then times
 * pd_window_open() on WORKSPACE — what File → Open and `pctdash WORKSPACE` do: the open on
 * the window's worker, then the Overview's loader on its own worker (its icon matrix and
 * risk ranking for the remembered or first commissioner) — until the window is no longer
 * busy and the Overview holds its matrix ("data ready"), and until a frame with it has
 * been drawn ("drawn"). After the rounds every sidebar view is shown in turn, each until
 * its data are drawn, and the peak RSS (VmHWM) is read after the Overview and after the
 * views. Prints one line a figure, for bench/scale to parse.
 *
 *   bench-open WORKSPACE [ROUNDS]
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd-application.h"
#include "pd-chart-view.h"
#include "pd-overview-view.h"
#include "pd-window.h"

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

static void
wait_until_not_busy (PdWindow *window)
{
  /* pd_window_open() is busy at once; the Overview's load starts before the open ends. */
  while (pd_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_until_drawn (PdWindow *window)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* VmHWM of this process, in MiB. */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
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
  g_print ("%-24s n=%-3u best %8.1f ms   median %8.1f ms   max %8.1f ms\n", what, ms->len,
           g_array_index (ms, double, 0), g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, ms->len - 1));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const views[] = { "spend", "outlook", "cquin", "quality", "benchmarks",
                                        "triangulation", "workspace", "overview" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  g_autoptr(GPtrArray) overviews = g_ptr_array_new ();
  g_autoptr(GArray) ready = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double));
  PdApplication *application;
  PdWindow *window;
  PdOverviewView *overview;
  GtkListBox *sidebar = NULL;
  double rss_overview;
  int rounds;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("Usage: bench-open WORKSPACE [ROUNDS]\n");
      return 2;
    }
  rounds = argc > 2 ? atoi (argv[2]) : 3;
  file = g_file_new_for_commandline_arg (argv[1]);

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("%s", error->message);
  window = pd_window_new (application);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  collect (GTK_WIDGET (window), PD_TYPE_OVERVIEW_VIEW, overviews);
  g_assert (overviews->len == 1);
  overview = g_ptr_array_index (overviews, 0);

  for (int round = 0; round < rounds; round++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      pd_window_open (window, file);
      wait_until_not_busy (window);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (pd_window_get_workspace (window) == NULL ||
          pd_overview_view_get_loading (overview) ||
          pd_chart_view_get_spec (PD_CHART_VIEW (pd_overview_view_get_matrix (overview))) == NULL ||
          gtk_widget_get_first_child (GTK_WIDGET (pd_overview_view_get_ranking (overview))) == NULL)
        g_error ("%s did not open, or the Overview has no data", argv[1]);
      g_array_append_val (ready, ms);
      wait_until_drawn (window);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (drawn, ms);
    }
  rss_overview = peak_rss_mib ();

  /* Every view, as a user looking around would. */
  collect (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, boxes);
  for (guint i = 0; i < boxes->len && sidebar == NULL; i++)
    {
      GtkWidget *first = gtk_widget_get_first_child (g_ptr_array_index (boxes, i));

      if (first != NULL && g_strcmp0 (gtk_widget_get_name (first), "overview") == 0)
        sidebar = g_ptr_array_index (boxes, i);
    }
  g_assert (sidebar != NULL);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
         row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (gtk_widget_get_name (row), views[v]) == 0)
        {
          gint64 start = g_get_monotonic_time ();

          g_signal_emit_by_name (sidebar, "row-activated", row);
          wait_until_not_busy (window);
          wait_until_drawn (window);
          g_print ("view %-19s %8.1f ms\n", views[v],
                   (g_get_monotonic_time () - start) / 1000.0);
        }

  report ("open: Overview data", ready);
  report ("open: drawn", drawn);
  g_print ("peak RSS after the Overview %.1f MiB\n", rss_overview);
  g_print ("peak RSS after every view %.1f MiB\n", peak_rss_mib ());

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (application);
  return 0;
}
