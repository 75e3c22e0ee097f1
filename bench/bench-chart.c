/* bench-chart.c — every chart kind rendered at 1600 × 900, and a 100,000-point SPC chart
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times pd_chart_render() into an image surface, as a window's first frame or a PNG
 * export pays it. Each kind renders a warm-up frame, then the best of N frames is
 * reported in wall-clock and processor time. See bench/README.md, "Charts".
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart/pd-chart.h"
#include "stats/pd-intervals.h"

#define WIDTH 1600
#define HEIGHT 900

static double
noise (guint i,
       guint salt)
{
  return sin (i * 12.9898 + salt * 78.233) * 0.5 + sin (i * 4.1414 + salt * 1.618) * 0.5;
}

static PdChartSpec *
spc_spec (gsize n)
{
  g_autofree double *values = g_new (double, n);
  g_auto(GStrv) labels = g_new0 (char *, n + 1);
  g_autoptr(PdSpcResult) result = NULL;
  PdSpcOptions options;
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    {
      values[i] = 100 + 10 * noise ((guint) i, 1) + (i > n * 2 / 3 ? 7 : 0);
      labels[i] = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);
    }
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  options.target = 104;
  result = pd_spc_compute (values, n, NULL, &options, NULL);
  spec = pd_chart_spec_new_spc (result, (const char * const *) labels, PD_CHART_FORMAT_NUMBER);
  pd_chart_spec_set_title (spec, "SPC benchmark series");
  pd_chart_spec_set_subtitle (spec, "Monthly");
  pd_chart_spec_set_source (spec, "bench-chart");
  return spec;
}

static PdChartSpec *
funnel_spec (void)
{
  double num[200], den[200];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdFunnel) funnel = NULL;
  PdFunnelOptions options;

  for (guint i = 0; i < 200; i++)
    {
      den[i] = round (200 + 5000 * (0.5 + 0.5 * noise (i, 2)));
      num[i] = round (den[i] * (0.1 + 0.02 * noise (i, 3)));
      g_ptr_array_add (names, g_strdup_printf ("U%03u", i));
    }
  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  funnel = pd_funnel_compute (num, den, 200, &options);
  return pd_chart_spec_new_funnel (funnel, (const char * const *) names->pdata, 7,
                                   PD_CHART_FORMAT_PROPORTION);
}

static PdChartSpec *
mix_spec (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  PdChartMixPlace places[15];
  double amounts[20 * 15];

  for (guint g = 0; g < 20; g++)
    g_ptr_array_add (groups, g_strdup_printf ("PCT %02u", g));
  for (guint c = 0; c < 15; c++)
    {
      g_ptr_array_add (categories, g_strdup_printf ("Category %u", c));
      places[c] = c == 0 ? PD_CHART_MIX_START : c >= 13 ? PD_CHART_MIX_END : PD_CHART_MIX_MIDDLE;
    }
  for (guint i = 0; i < 20 * 15; i++)
    amounts[i] = (i % 15 == 0 ? 200e6 : 15e6) * (1 + 0.2 * noise (i, 4));
  return pd_chart_spec_new_spend_mix ((const char * const *) groups->pdata, 20,
                                      (const char * const *) categories->pdata, places, 15,
                                      amounts, 3);
}

static PdChartSpec *
outlook_spec (void)
{
  static const char * const years[] = { "2007/08", "2008/09", "2009/10", "2010/11", "2011/12",
                                        "2012/13", "2013/14", "2014/15" };
  double a[8], s[8], f[8], g[8], c[8], v[8];

  for (guint i = 0; i < 8; i++)
    {
      a[i] = 400e6 * pow (1.055, MIN (i, 3));
      s[i] = i <= 3 ? a[i] * 1.01 : NAN;
      f[i] = i >= 3 ? a[3] * 1.01 * pow (1.05, i - 3) : NAN;
      g[i] = i >= 3 ? a[3] * pow (1.02, i - 3) : NAN;
      c[i] = i >= 3 ? a[3] * pow (0.97, i - 3) : NAN;
      v[i] = i >= 4 ? 25e6 : NAN;
    }
  return pd_chart_spec_new_outlook (years, 8, a, s, f, g, c, v);
}

static PdChartSpec *
cquin_spec (void)
{
  PdChartCquinRow rows[8];

  for (guint i = 0; i < 8; i++)
    {
      rows[i].name = "A CQUIN indicator with a long name";
      rows[i].lower_is_better = FALSE;
      for (guint q = 0; q < 4; q++)
        {
          rows[i].min_threshold[q] = 60;
          rows[i].max_threshold[q] = 80;
          rows[i].performance[q] = 70 + 15 * noise (i * 4 + q, 5);
          rows[i].achievement[q] = CLAMP ((rows[i].performance[q] - 60) / 20, 0, 1);
        }
    }
  return pd_chart_spec_new_cquin (rows, 8, PD_CHART_FORMAT_PERCENT, 4e5, 1e5, 2e5);
}

static PdChartSpec *
ranked_spec (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  PdInterval intervals[60];

  for (guint i = 0; i < 60; i++)
    {
      double den = 300 + 2000 * (0.5 + 0.5 * noise (i, 6));
      intervals[i] = pd_ci_wilson (round (den * (0.8 + 0.05 * noise (i, 7))), den, PD_LEVEL_95, 1);
      g_ptr_array_add (names, g_strdup_printf ("Provider %02u", i));
    }
  return pd_chart_spec_new_ranked ((const char * const *) names->pdata, intervals, 60, 0.8,
                                   PD_IMPROVEMENT_INCREASE, 5, PD_CHART_FORMAT_PROPORTION);
}

static PdChartSpec *
grid_spec (gboolean matrix)
{
  guint rows = matrix ? 30 : 40, cols = matrix ? 40 : 3;
  g_autoptr(GPtrArray) rn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cn = g_ptr_array_new_with_free_func (g_free);
  g_autofree PdSpcVariationIcon *v = g_new (PdSpcVariationIcon, rows * cols);
  g_autofree PdSpcAssuranceIcon *a = g_new (PdSpcAssuranceIcon, rows * cols);
  g_autofree PdChartRag *s = g_new (PdChartRag, rows * cols);

  for (guint r = 0; r < rows; r++)
    g_ptr_array_add (rn, g_strdup_printf ("Row %02u", r));
  for (guint c = 0; c < cols; c++)
    g_ptr_array_add (cn, g_strdup_printf ("C%02u", c));
  for (guint i = 0; i < rows * cols; i++)
    {
      v[i] = (PdSpcVariationIcon) (i % 8);
      a[i] = (PdSpcAssuranceIcon) (i % 4);
      s[i] = (PdChartRag) (i % 4);
    }
  if (matrix)
    return pd_chart_spec_new_matrix ((const char * const *) rn->pdata, rows,
                                     (const char * const *) cn->pdata, cols, v, a);
  return pd_chart_spec_new_heatmap ((const char * const *) rn->pdata, rows,
                                    (const char * const *) cn->pdata, cols, s, NULL);
}

static PdChartSpec *
quadrant_spec (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  double spend[60], outcome[60];

  for (guint i = 0; i < 60; i++)
    {
      spend[i] = 1400 + 200 * noise (i, 8);
      outcome[i] = 95 + 10 * noise (i, 9);
      g_ptr_array_add (names, g_strdup_printf ("Unit %02u", i));
    }
  return pd_chart_spec_new_quadrant ((const char * const *) names->pdata, spend, outcome, 60,
                                     PD_CHART_FORMAT_POUNDS, PD_CHART_FORMAT_NUMBER,
                                     PD_IMPROVEMENT_DECREASE, "Spend per head", "Mortality", 3);
}

static PdChartSpec *
timeline_spec (void)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  static const char * const events[] = { "Serious incidents", "Never events", "Complaints",
                                         "Concerns", "C. difficile" };
  double values[8][60], counts[5 * 60];
  PdChartTimelineRow rows[8];

  for (guint p = 0; p < 60; p++)
    g_ptr_array_add (periods, g_strdup_printf ("M%02u", p));
  for (guint r = 0; r < 8; r++)
    {
      for (guint p = 0; p < 60; p++)
        values[r][p] = 5 + noise (p, 10 + r);
      rows[r] = (PdChartTimelineRow) { "An indicator", values[r], NULL, PD_CHART_FORMAT_NUMBER };
    }
  for (guint i = 0; i < 5 * 60; i++)
    counts[i] = MAX (round (3 + 3 * noise (i, 11)), 0);
  return pd_chart_spec_new_timeline ((const char * const *) periods->pdata, 60, rows, 8,
                                     events, 5, counts);
}

static double
cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
bench (const char  *name,
       PdChartSpec *spec,
       guint        frames)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  PdChartTheme theme;
  double best_wall = INFINITY, best_cpu = INFINITY;

  pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
  if (pd_chart_spec_get_title (spec) == NULL)
    pd_chart_spec_set_title (spec, name);
  for (guint f = 0; f <= frames; f++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_seconds ();
      PdChartGeometry *geometry = NULL;

      pd_chart_render (spec, &theme, cr, WIDTH, HEIGHT, &geometry);
      cairo_surface_flush (surface);
      if (f > 0)  /* the first frame warms font caches, as a window's start-up does */
        {
          best_wall = MIN (best_wall, (g_get_monotonic_time () - t0) / 1000.0);
          best_cpu = MIN (best_cpu, (cpu_seconds () - c0) * 1000.0);
        }
      pd_chart_geometry_free (geometry);
      cairo_destroy (cr);
    }
  printf ("%-22s %8.2f ms %8.2f ms\n", name, best_wall, best_cpu);
  cairo_surface_destroy (surface);
  pd_chart_spec_free (spec);
}

int
main (int   argc,
      char *argv[])
{
  guint frames = argc > 1 ? (guint) atoi (argv[1]) : 20;

  printf ("pd_chart_render() at %d × %d into an ARGB32 image, best of %u frames\n",
          WIDTH, HEIGHT, frames);
  printf ("%-22s %11s %11s\n", "chart", "wall", "processor");
  bench ("spend-mix (20 × 15)", mix_spec (), frames);
  bench ("outlook (8 years)", outlook_spec (), frames);
  bench ("cquin (8 × 4)", cquin_spec (), frames);
  bench ("spc (60 points)", spc_spec (60), frames);
  bench ("spc (100,000 points)", spc_spec (100000), frames);
  bench ("funnel (200 units)", funnel_spec (), frames);
  bench ("matrix (30 × 40)", grid_spec (TRUE), frames);
  bench ("heatmap (40 × 3)", grid_spec (FALSE), frames);
  bench ("timeline (8 + 5 rows)", timeline_spec (), frames);
  bench ("ranked (60 units)", ranked_spec (), frames);
  bench ("quadrant (60 units)", quadrant_spec (), frames);
  return 0;
}
