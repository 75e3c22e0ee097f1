/* pd-chart-outlook.c — the financial outlook: allocation, spend, the gap and savings
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two panels on one year axis. Above, money over years: the allocation and its growth
 * and cut scenarios as a band, actual spend, and the forecast spend if nothing changes,
 * with the funding gap between forecast and allocation shaded. The lines panel does not
 * start at zero (the gap would vanish); the savings panel below does, because it has
 * bars, and bars must.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

static void
series_path (cairo_t           *cr,
             const double      *values,
             gsize              n,
             const double      *xs,
             const PdChartAxis *y)
{
  gboolean down = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        {
          down = FALSE;
          continue;
        }
      if (down)
        cairo_line_to (cr, xs[i], _pd_chart_axis_map (y, values[i]));
      else
        cairo_move_to (cr, xs[i], _pd_chart_axis_map (y, values[i]));
      down = TRUE;
    }
}

static void
series_points (PdChartContext     *ctx,
               const double       *values,
               gsize               n,
               const double       *xs,
               const PdChartAxis  *y,
               const PdChartColor *color,
               PdChartSwatch       shape,
               guint               series,
               double              r)
{
  for (gsize i = 0; i < n; i++)
    {
      double py;
      if (!isfinite (values[i]))
        continue;
      py = _pd_chart_axis_map (y, values[i]);
      _pd_chart_draw_marker (ctx->cr, shape, xs[i], py, r, color, FALSE, ctx->line);
      _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, series, (guint) i, xs[i] - r * 2,
                          py - r * 2, r * 4, r * 4, xs[i], py);
    }
}

void
_pd_chart_render_outlook (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartOutlookData *o = &spec->outlook;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, top, bottom;
  PdChartAxis y, ys;
  double lo = INFINITY, hi = -INFINITY, smax = 0, label_h, legend_h, axis_w, step, r;
  gsize n = o->n_years, usable = 0;
  gboolean any_savings = FALSE, any_band = FALSE, any_forecast = FALSE;
  g_autofree double *xs = g_new (double, MAX (n, 1));
  PdChartColor gap = t->concern;
  PdChartLegendEntry legend[6];
  gsize n_legend = 0;
  const double *all[] = { o->allocation, o->spend, o->forecast, o->growth, o->cut };

  for (gsize i = 0; i < n; i++)
    {
      gboolean any = FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (all); s++)
        if (isfinite (all[s][i]))
          {
            lo = MIN (lo, all[s][i]);
            hi = MAX (hi, all[s][i]);
            any = TRUE;
          }
      usable += any;
      if (isfinite (o->savings[i]) && o->savings[i] > 0)
        {
          smax = MAX (smax, o->savings[i]);
          any_savings = TRUE;
        }
      any_band |= isfinite (o->growth[i]) && isfinite (o->cut[i]);
      any_forecast |= isfinite (o->forecast[i]);
    }

  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->palette[0], "Allocation" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->foreground, "Spend" };
  if (any_band)
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_BAND, &t->band, "Allocation: growth to cut scenario" };
  if (any_forecast)
    {
      legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DASH, &t->concern, "Spend if nothing changes" };
      gap.alpha = 0.25;
      legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_BAND, &gap, "Funding gap" };
    }
  if (any_savings)
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &t->palette[2], "Planned savings" };
  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  if (usable < 1)
    {
      _pd_chart_draw_message (ctx, &body, "No allocation or spend for the years chosen");
      return;
    }

  top.y = body.y + label_h * 2.0;
  {
    /* Between the panels: half a tick label, the savings title, half a tick label. */
    double between = label_h * 3.0;
    double avail = body.height - label_h * 2.0 - label_h * 1.6 - legend_h - ctx->font_px * 0.6;
    double bottom_h = any_savings ? (avail - between) * 0.3 : 0;
    top.height = avail - bottom_h - (any_savings ? between : 0);
    bottom.y = top.y + top.height + between;
    bottom.height = bottom_h;
  }
  _pd_chart_axis_init (&y, lo - (hi - lo) * 0.08, hi + (hi - lo) * 0.05,
                       (guint) MAX (top.height / (ctx->font_px * 3.6), 3), FALSE);
  _pd_chart_axis_init (&ys, 0, MAX (smax, 1), (guint) MAX (bottom.height / (ctx->font_px * 2.4), 2), TRUE);
  axis_w = MAX (_pd_chart_value_axis_width (ctx, &y, PD_CHART_FORMAT_POUNDS),
                any_savings ? _pd_chart_value_axis_width (ctx, &ys, PD_CHART_FORMAT_POUNDS) : 0);
  top.x = bottom.x = body.x + axis_w + ctx->font_px * 0.6;
  top.width = bottom.width = body.x + body.width - top.x;
  y.p0 = top.y + top.height;
  y.p1 = top.y;
  ys.p0 = bottom.y + bottom.height;
  ys.p1 = bottom.y;
  ctx->geometry->plot = top;
  ctx->geometry->plot.height = (any_savings ? bottom.y + bottom.height : top.y + top.height) - top.y;

  step = top.width / MAX (n, 1);
  for (gsize i = 0; i < n; i++)
    xs[i] = top.x + (i + 0.5) * step;
  r = ctx->font_px * 0.3;

  _pd_chart_draw_value_axis (ctx, &y, &top, PD_CHART_FORMAT_POUNDS);
  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted,
                  "£ a year (this axis does not start at zero)", body.x, body.y,
                  PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, body.width, PD_CHART_LABEL_TITLE);

  cairo_save (cr);
  cairo_rectangle (cr, top.x, top.y, top.width, top.height);
  cairo_clip (cr);
  /* The scenario band. */
  if (any_band)
    {
      gboolean started = FALSE;
      for (gsize i = 0; i < n; i++)
        if (isfinite (o->growth[i]) && isfinite (o->cut[i]))
          {
            if (started)
              cairo_line_to (cr, xs[i], _pd_chart_axis_map (&y, o->growth[i]));
            else
              cairo_move_to (cr, xs[i], _pd_chart_axis_map (&y, o->growth[i]));
            started = TRUE;
          }
      for (gsize i = n; i-- > 0;)
        if (isfinite (o->growth[i]) && isfinite (o->cut[i]))
          cairo_line_to (cr, xs[i], _pd_chart_axis_map (&y, o->cut[i]));
      cairo_close_path (cr);
      _pd_chart_set_color (cr, &t->band);
      cairo_fill (cr);
    }
  /* The funding gap: where forecast spend is above the allocation, year by year. */
  for (gsize i = 0; i + 1 < n; i++)
    {
      if (!isfinite (o->forecast[i]) || !isfinite (o->forecast[i + 1]) ||
          !isfinite (o->allocation[i]) || !isfinite (o->allocation[i + 1]))
        continue;
      cairo_move_to (cr, xs[i], _pd_chart_axis_map (&y, o->forecast[i]));
      cairo_line_to (cr, xs[i + 1], _pd_chart_axis_map (&y, o->forecast[i + 1]));
      cairo_line_to (cr, xs[i + 1], _pd_chart_axis_map (&y, MIN (o->allocation[i + 1], o->forecast[i + 1])));
      cairo_line_to (cr, xs[i], _pd_chart_axis_map (&y, MIN (o->allocation[i], o->forecast[i])));
      cairo_close_path (cr);
    }
  _pd_chart_set_color (cr, &gap);
  cairo_fill (cr);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, ctx->line * 2.2);
  _pd_chart_set_color (cr, &t->palette[0]);
  series_path (cr, o->allocation, n, xs, &y);
  cairo_stroke (cr);
  _pd_chart_set_color (cr, &t->foreground);
  series_path (cr, o->spend, n, xs, &y);
  cairo_stroke (cr);
  {
    double dash[] = { ctx->font_px * 0.6, ctx->font_px * 0.3 };
    cairo_set_dash (cr, dash, 2, 0);
    _pd_chart_set_color (cr, &t->concern);
    series_path (cr, o->forecast, n, xs, &y);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  series_points (ctx, o->allocation, n, xs, &y, &t->palette[0], PD_CHART_SWATCH_DOT, 1, r);
  series_points (ctx, o->spend, n, xs, &y, &t->foreground, PD_CHART_SWATCH_SQUARE, 2, r * 0.9);
  series_points (ctx, o->forecast, n, xs, &y, &t->concern, PD_CHART_SWATCH_TRIANGLE, 3, r);
  cairo_restore (cr);

  /* The gap in the last year, in words at the end of the lines. */
  if (n > 0 && isfinite (o->forecast[n - 1]) && isfinite (o->allocation[n - 1]) &&
      o->forecast[n - 1] > o->allocation[n - 1])
    {
      g_autofree char *money = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                      o->forecast[n - 1] - o->allocation[n - 1], 0);
      g_autofree char *text = g_strdup_printf ("gap %s", money);
      double mid = (_pd_chart_axis_map (&y, o->forecast[n - 1]) +
                    _pd_chart_axis_map (&y, o->allocation[n - 1])) / 2;
      _pd_chart_text (ctx, PD_CHART_FONT_BOLD, &t->foreground, text, xs[n - 1] - r * 2.5, mid,
                      PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_VALUE);
    }

  if (any_savings)
    {
      double bar_w = MIN (step * 0.55, ctx->font_px * 5);
      _pd_chart_draw_value_axis (ctx, &ys, &bottom, PD_CHART_FORMAT_POUNDS);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, "Planned savings a year", body.x,
                      bottom.y - label_h * 2.1, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START,
                      -1, PD_CHART_LABEL_TITLE);
      for (gsize i = 0; i < n; i++)
        {
          double top_y, base = _pd_chart_axis_map (&ys, 0);
          if (!isfinite (o->savings[i]) || o->savings[i] <= 0)
            continue;
          top_y = _pd_chart_axis_map (&ys, o->savings[i]);
          _pd_chart_set_color (cr, &t->palette[2]);
          cairo_rectangle (cr, xs[i] - bar_w / 2, top_y, bar_w, base - top_y);
          cairo_fill (cr);
          _pd_chart_add_item (ctx, PD_CHART_ITEM_BAR, 0, (guint) i, xs[i] - bar_w / 2, top_y,
                              bar_w, base - top_y, xs[i], (top_y + base) / 2);
          if (base - top_y > label_h * 1.3)
            {
              g_autofree char *money = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                              o->savings[i], 0);
              PdChartColor ink = { 1, 1, 1, 1 };
              _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ink, money, xs[i],
                              top_y + label_h * 0.15, PD_CHART_ANCHOR_CENTER,
                              PD_CHART_ANCHOR_START, bar_w, PD_CHART_LABEL_VALUE);
            }
        }
    }

  {
    g_autofree const char **labels = g_new (const char *, MAX (n, 1));
    double axis_bottom = any_savings ? bottom.y + bottom.height : top.y + top.height;
    for (gsize i = 0; i < n; i++)
      labels[i] = o->years[i];
    _pd_chart_draw_category_axis (ctx, labels, xs, n, axis_bottom + label_h * 0.3,
                                  body.x, body.x + body.width);
  }
  _pd_chart_draw_legend (ctx, legend, n_legend, body.x, body.y + body.height - legend_h,
                         body.width);
}
