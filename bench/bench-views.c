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
#include <time.h>

#include "import/pd-demo.h"
#include "pd-application.h"
#include "pd-window.h"

/* What one action cost besides its wall-clock time: the main thread's CPU time (the
 * robust figure on a loaded machine: other processes stretch wall-clock time, not it),
 * and how many frames the window painted and laid out until the data was drawn. */
typedef struct
{
  GArray *wall;   /* of double, ms */
  GArray *cpu;    /* of double, ms of the main thread */
  GArray *frames; /* of double */
  GArray *layouts;
} Figures;

static guint n_paints, n_layouts;

static void
paint_cb (void)
{
  n_paints++;
}

static void
layout_cb (void)
{
  n_layouts++;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

typedef struct
{
  gint64 wall;
  double cpu;
  guint  paints;
  guint  layouts;
} Mark;

static Mark
mark (void)
{
  return (Mark) { g_get_monotonic_time (), thread_cpu_ms (), n_paints, n_layouts };
}

static void
figures_init (Figures *f)
{
  f->wall = g_array_new (FALSE, FALSE, sizeof (double));
  f->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  f->frames = g_array_new (FALSE, FALSE, sizeof (double));
  f->layouts = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
figures_clear (Figures *f)
{
  g_array_unref (f->wall);
  g_array_unref (f->cpu);
  g_array_unref (f->frames);
  g_array_unref (f->layouts);
}

static void
figures_add (Figures    *f,
             const Mark *start)
{
  Mark end = mark ();
  double wall = (end.wall - start->wall) / 1000.0, cpu = end.cpu - start->cpu;
  double frames = end.paints - start->paints, layouts = end.layouts - start->layouts;

  g_array_append_val (f->wall, wall);
  g_array_append_val (f->cpu, cpu);
  g_array_append_val (f->frames, frames);
  g_array_append_val (f->layouts, layouts);
}

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

/* Activates the sidebar row of view @name, as a click does. */
static void
activate (GtkListBox *sidebar,
          const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      g_signal_emit_by_name (sidebar, "row-activated", row);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static void
report (const char *what,
        Figures    *f)
{
  GArray *ms = f->wall;

  if (ms->len == 0)
    return;
  g_array_sort (ms, compare_doubles);
  g_print ("%-28s n=%-3u median %6.1f ms   90th %6.1f ms   max %6.1f ms"
           "   | main thread CPU %5.1f ms, frames %.0f, layouts %.0f\n", what, ms->len,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, (ms->len * 9) / 10),
           g_array_index (ms, double, ms->len - 1),
           median (f->cpu), median (f->frames), median (f->layouts));
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
  Figures switches[G_N_ELEMENTS (views)], filters, loaded, frames;
  PdApplication *application;
  PdWindow *window;
  GdkFrameClock *clock;
  GtkListBox *sidebar = NULL;
  GtkDropDown *commissioner = NULL;
  int rounds = argc > 1 ? atoi (argv[1]) : 10;
  /* Only this action ("commissioner" or a view), for a profiler: the rest is not timed. */
  const char *only = argc > 2 ? argv[2] : NULL;

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
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), NULL);

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
    figures_init (&switches[v]);
  figures_init (&filters);
  figures_init (&loaded);
  figures_init (&frames);

  for (int round = 0; round < rounds; round++)
    {
      guint n_commissioners = g_list_model_get_n_items (gtk_drop_down_get_model (commissioner));

      /* The Overview last: each round ends on it (the commissioner change), so it is
       * switched to from the Workspace view, not from itself. */
      for (guint k = 1; k <= G_N_ELEMENTS (views); k++)
        {
          guint v = k % G_N_ELEMENTS (views);
          Mark start;

          if (only != NULL && g_strcmp0 (only, views[v]) != 0)
            continue;
          if (only != NULL)
            {
              /* As in a full round, not timed: the commissioner changed on the Overview
               * (so a view that shows it reads its data), then from another view. */
              activate (sidebar, "overview");
              wait_until_idle (window);
              gtk_drop_down_set_selected (commissioner,
                                          (gtk_drop_down_get_selected (commissioner) + 1)
                                          % n_commissioners);
              wait_until_idle (window);
              if (v == 0)
                {
                  activate (sidebar, views[G_N_ELEMENTS (views) - 1]);
                  wait_until_idle (window);
                }
            }
          start = mark ();
          activate (sidebar, views[v]);
          wait_until_idle (window);
          figures_add (&switches[v], &start);
        }

      /* What a frame of the window costs by itself, nothing changed: the floor. */
      if (only == NULL)
        {
          Mark start = mark ();

          gtk_widget_queue_draw (GTK_WIDGET (window));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
          figures_add (&frames, &start);
        }

      /* On the Overview, the view the filter changes most. */
      if (only == NULL || g_strcmp0 (only, "commissioner") == 0)
        {
          Mark start;

          activate (sidebar, "overview");
          wait_until_idle (window);
          start = mark ();
          gtk_drop_down_set_selected (commissioner,
                                      (gtk_drop_down_get_selected (commissioner) + 1)
                                      % n_commissioners);
          while (pd_window_get_busy (window))
            g_main_context_iteration (NULL, TRUE);
          figures_add (&loaded, &start);
          wait_until_idle (window);
          figures_add (&filters, &start);
        }
    }

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *what = g_strdup_printf ("switch to %s", views[v]);

      report (what, &switches[v]);
      figures_clear (&switches[v]);
    }
  report ("a frame, nothing changed", &frames);
  report ("commissioner: data in views", &loaded);
  report ("commissioner: drawn", &filters);
  figures_clear (&frames);
  figures_clear (&loaded);
  figures_clear (&filters);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (application);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
