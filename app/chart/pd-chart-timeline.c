/* pd-chart-timeline.c — triangulation: one provider's signals on one time axis
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Mid Staffordshire lesson is that the signals were there but never put side by
 * side. Each indicator is a sparkline on its own scale with its special-cause points
 * marked; below them each kind of event is a row of discs whose area is the count. The
 * financial years are ruled faintly across every row so that "the same months" is easy
 * to see.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

typedef struct
{
  double           radius;
  int              size;
  cairo_pattern_t *pattern;
} DiscStamp;

/* One event disc drawn once, at device resolution, into a surface of the target's kind. */
static cairo_pattern_t *
make_disc_stamp (cairo_t            *target,
                 const PdChartColor *color,
                 double              radius,
                 double              scale,
                 int                 size)
{
  cairo_surface_t *surface = cairo_surface_create_similar (cairo_get_target (target),
                                                           CAIRO_CONTENT_COLOR_ALPHA, size, size);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *pattern;

  cairo_scale (cr, scale, scale);
  cairo_arc (cr, size / scale / 2, size / scale / 2, radius, 0, 2 * G_PI);
  _pd_chart_set_color (cr, color);
  cairo_fill (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_surface_destroy (surface);
  return pattern;
}

/* A row of event discs. On a raster target (an image, or GTK's recording of one) each
 * distinct disc (a handful of counts a row) is drawn once and stamped at whole device
 * pixels, at most half a pixel from its place: Cairo 1.16 rasterising the row's 60
 * antialiased circles as one path cost about 45 % of the chart's frame at 1600 × 900.
 * Vector files get real circles. */
static void
draw_event_discs (PdChartContext     *ctx,
                  const PdChartColor *color,
                  const double       *xs,
                  const double       *radii,
                  gsize               n,
                  double              cy)
{
  cairo_t *cr = ctx->cr;
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  double ux = 1, uy = 0, scale;
  DiscStamp stamps[16];
  guint n_stamps = 0;

  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    {
      /* Small discs need no 0.1-unit flattening; a coarser tolerance cuts their cost. */
      cairo_save (cr);
      cairo_set_tolerance (cr, 0.4);
      for (gsize p = 0; p < n; p++)
        if (radii[p] > 0)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, xs[p], cy, radii[p], 0, 2 * G_PI);
          }
      _pd_chart_set_color (cr, color);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }

  cairo_user_to_device_distance (cr, &ux, &uy);
  scale = MAX (hypot (ux, uy), 0.01);
  for (gsize p = 0; p < n; p++)
    {
      DiscStamp *stamp = NULL, spare = { 0 };
      cairo_matrix_t matrix;
      double dx = xs[p], dy = cy, left, top;

      if (radii[p] <= 0)
        continue;
      for (guint k = 0; k < n_stamps && stamp == NULL; k++)
        if (stamps[k].radius == radii[p])
          stamp = &stamps[k];
      if (stamp == NULL)
        {
          /* More distinct counts than the cache holds are drawn, used once and dropped. */
          stamp = n_stamps < G_N_ELEMENTS (stamps) ? &stamps[n_stamps++] : &spare;
          stamp->radius = radii[p];
          stamp->size = (int) ceil (2 * radii[p] * scale) + 2;
          stamp->pattern = make_disc_stamp (cr, color, radii[p], scale, stamp->size);
        }
      cairo_user_to_device (cr, &dx, &dy);
      left = round (dx - stamp->size / 2.0);
      top = round (dy - stamp->size / 2.0);
      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_matrix_init_translate (&matrix, -left, -top);
      cairo_pattern_set_matrix (stamp->pattern, &matrix);
      cairo_set_source (cr, stamp->pattern);
      cairo_rectangle (cr, left, top, stamp->size, stamp->size);
      cairo_fill (cr);
      cairo_restore (cr);
      g_clear_pointer (&spare.pattern, cairo_pattern_destroy);
    }
  for (guint k = 0; k < n_stamps; k++)
    cairo_pattern_destroy (stamps[k].pattern);
}

void
_pd_chart_render_timeline (PdChartContext *ctx)
{
  const PdChartTimelineData *d = &ctx->spec->timeline;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  double name_w = 0, latest_w, label_h, legend_h, x0, dx, y, line_h, event_h;
  double last_bottom = -INFINITY, last_value_bottom = -INFINITY;
  g_autofree double *xs = NULL;
  g_autofree double *radii = NULL;
  PdChartColor event_color = t->palette[0];
  PdChartLegendEntry legend[] = {
    { PD_CHART_SWATCH_TRIANGLE, &t->concern, "Special cause concern" },
    { PD_CHART_SWATCH_SQUARE, &t->improvement, "Special cause improvement" },
    { PD_CHART_SWATCH_DOT, &event_color, "Events: the disc's area is the count" },
  };
  gsize n_rows = d->n_rows + d->n_event_types;

  legend_h = _pd_chart_legend_height (ctx, legend, G_N_ELEMENTS (legend), body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);
  if (d->n_periods < 2 || n_rows == 0)
    {
      _pd_chart_draw_message (ctx, &body, d->n_periods == 0
                              ? "No indicators or events for this provider in the period chosen"
                              : "A time line needs at least two periods");
      return;
    }

  for (gsize r = 0; r < d->n_rows; r++)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, d->names[r], &w, NULL);
      name_w = MAX (name_w, w);
    }
  for (gsize e = 0; e < d->n_event_types; e++)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, d->event_types[e], &w, NULL);
      name_w = MAX (name_w, w);
    }
  name_w = MIN (name_w, body.width * 0.28);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "100,000", &latest_w, NULL);

  plot.x = body.x + name_w + ctx->font_px;
  plot.width = body.x + body.width - plot.x - latest_w - ctx->font_px;
  plot.y = body.y;
  plot.height = body.height - label_h * 1.6 - legend_h - ctx->font_px * 0.6;
  ctx->geometry->plot = plot;
  /* Indicator rows a little taller than event rows: a line needs height to show shape. */
  line_h = plot.height / (d->n_rows * 1.5 + d->n_event_types + (d->n_event_types > 0 ? 0.5 : 0));
  event_h = line_h;
  line_h *= 1.5;
  dx = plot.width / (d->n_periods - 1);
  x0 = plot.x;
  xs = g_new (double, d->n_periods);
  radii = g_new (double, d->n_periods);
  for (gsize p = 0; p < d->n_periods; p++)
    xs[p] = x0 + p * dx;

  /* Financial years, ruled across every row, and the rules between the indicators: one
   * path of pixel-aligned hairlines, one stroke. */
  cairo_save (cr);
  _pd_chart_set_color (cr, &t->grid);
  cairo_set_line_width (cr, ctx->line);
  for (gsize p = 0; p < d->n_periods; p++)
    if (g_str_has_prefix (d->periods[p], "Apr "))
      {
        double gx = round (xs[p]) + 0.5;
        cairo_move_to (cr, gx, plot.y);
        cairo_line_to (cr, gx, plot.y + plot.height);
      }
  for (gsize r = 1; r < d->n_rows; r++)
    {
      double ry = round (plot.y + r * line_h) + 0.5;
      cairo_move_to (cr, body.x, ry);
      cairo_line_to (cr, body.x + body.width, ry);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  y = plot.y;
  for (gsize r = 0; r < d->n_rows; r++, y += line_h)
    {
      const double *v = &d->values[r * d->n_periods];
      const PdSpcPointType *types = &d->point_types[r * d->n_periods];
      double lo = INFINITY, hi = -INFINITY, top = y + line_h * 0.18, bottom = y + line_h * 0.82;
      gssize last = -1;
      gboolean down = FALSE;
      PdChartRect box;

      for (gsize p = 0; p < d->n_periods; p++)
        if (isfinite (v[p]))
          {
            lo = MIN (lo, v[p]);
            hi = MAX (hi, v[p]);
            last = (gssize) p;
          }
      if (y + line_h / 2 - label_h / 2 >= last_bottom)
        {
          /* Long indicator names wrap to two lines when the row has room for them: the
           * name column is narrow, and one line cut most of them short. */
          pango_layout_set_wrap (ctx->layout, PANGO_WRAP_WORD);
          pango_layout_set_height (ctx->layout, line_h >= label_h * 2.6 ? -2 : -1);
          box = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->foreground, d->names[r], body.x,
                                y + line_h / 2, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_CENTER,
                                name_w, PD_CHART_LABEL_CATEGORY);
          pango_layout_set_height (ctx->layout, -1);
          last_bottom = box.y + box.height;
        }
      if (last < 0)
        continue;
      if (hi - lo < 1e-12)
        {
          lo -= 1;
          hi += 1;
        }
#define MAPY(value) (bottom - ((value) - lo) / (hi - lo) * (bottom - top))
      cairo_save (cr);
      _pd_chart_set_color (cr, &t->muted);
      cairo_set_line_width (cr, ctx->line * 1.3);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      /* Cairo 1.16's full-quality stroker costs about 0.3 ms per 60-segment sparkline;
       * its fast antialiasing is indistinguishable at this line weight and a third of it.
       * At 1.3 units a bevel differs from a round join by under half a pixel at the
       * sharpest turn, and saves the stroker an arc at each of the 60 joins. */
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      for (gsize p = 0; p < d->n_periods; p++)
        {
          if (!isfinite (v[p]))
            {
              down = FALSE;
              continue;
            }
          if (down)
            cairo_line_to (cr, xs[p], MAPY (v[p]));
          else
            cairo_move_to (cr, xs[p], MAPY (v[p]));
          down = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
      for (gsize p = 0; p < d->n_periods; p++)
        {
          double px = xs[p], py, m = MIN (line_h * 0.12, ctx->font_px * 0.3);
          if (!isfinite (v[p]))
            continue;
          py = MAPY (v[p]);
          if (types[p] == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN)
            _pd_chart_draw_marker (cr, PD_CHART_SWATCH_TRIANGLE, px, py, m * 1.2, &t->concern,
                                   FALSE, ctx->line);
          else if (types[p] == PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT)
            _pd_chart_draw_marker (cr, PD_CHART_SWATCH_SQUARE, px, py, m * 0.9, &t->improvement,
                                   FALSE, ctx->line);
          _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, (guint) r, (guint) p, px - dx / 2,
                              y, dx, line_h, px, py);
        }
      cairo_restore (cr);
      /* The latest value beside the line's end, unless rows are too short for it. */
      if (MAPY (v[last]) - label_h / 2 >= last_value_bottom)
        {
          g_autofree char *latest = pd_chart_format_value (d->formats[r], v[last], 0);
          PdChartRect vb = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->foreground, latest,
                                           body.x + body.width, MAPY (v[last]), PD_CHART_ANCHOR_END,
                                           PD_CHART_ANCHOR_CENTER, latest_w, PD_CHART_LABEL_VALUE);
          last_value_bottom = vb.y + vb.height;
        }
#undef MAPY
    }

  if (d->n_event_types > 0)
    {
      /* Half a row of air and a firmer rule between the measures and the events. */
      y += event_h * 0.5;
      _pd_chart_set_color (cr, &t->axis);
      cairo_set_line_width (cr, ctx->line);
      cairo_move_to (cr, body.x, round (y - event_h * 0.25) + 0.5);
      cairo_line_to (cr, body.x + body.width, round (y - event_h * 0.25) + 0.5);
      cairo_stroke (cr);
    }
  for (gsize e = 0; e < d->n_event_types; e++, y += event_h)
    {
      const double *c = &d->event_counts[e * d->n_periods];
      double most = 0, total = 0, max_r = MIN (event_h * 0.42, MAX (dx * 0.6, 2.0));
      PdChartColor color = t->palette[e % 6];  /* not the yellow: too faint on white */
      PdChartRect box;
      g_autofree char *sum = NULL;

      for (gsize p = 0; p < d->n_periods; p++)
        {
          most = MAX (most, c[p]);
          total += c[p];
        }
      if (y + event_h / 2 - label_h / 2 >= last_bottom)
        {
          box = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->foreground, d->event_types[e],
                                body.x, y + event_h / 2, PD_CHART_ANCHOR_START,
                                PD_CHART_ANCHOR_CENTER, name_w, PD_CHART_LABEL_CATEGORY);
          last_bottom = box.y + box.height;
        }
      /* Every kind's discs share one scale per row, so a row's peaks stand out. A quarter
       * of the background mixed in softens them; opaque, they fill on Cairo's fast path. */
      color.red += (t->background.red - color.red) * 0.25;
      color.green += (t->background.green - color.green) * 0.25;
      color.blue += (t->background.blue - color.blue) * 0.25;
      for (gsize p = 0; p < d->n_periods; p++)
        {
          radii[p] = 0;
          if (c[p] <= 0)
            continue;
          radii[p] = MAX (sqrt (c[p] / most) * max_r, 1.5);
          _pd_chart_add_item (ctx, PD_CHART_ITEM_EVENT, (guint) e, (guint) p,
                              xs[p] - MAX (radii[p], dx / 2), y, 2 * MAX (radii[p], dx / 2),
                              event_h, xs[p], y + event_h / 2);
        }
      draw_event_discs (ctx, &color, xs, radii, d->n_periods, y + event_h / 2);
      sum = g_strdup_printf ("%.0f", total);
      if (y + event_h / 2 - label_h / 2 >= last_value_bottom)
        {
          PdChartRect vb = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, sum,
                                           body.x + body.width, y + event_h / 2,
                                           PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER, latest_w,
                                           PD_CHART_LABEL_VALUE);
          last_value_bottom = vb.y + vb.height;
        }
    }

  {
    g_autofree const char **labels = g_new (const char *, d->n_periods);
    for (gsize p = 0; p < d->n_periods; p++)
      labels[p] = d->periods[p];
    _pd_chart_draw_category_axis (ctx, labels, xs, d->n_periods,
                                  plot.y + plot.height + label_h * 0.3, body.x,
                                  body.x + body.width);
  }
  _pd_chart_draw_legend (ctx, legend, G_N_ELEMENTS (legend), body.x,
                         body.y + body.height - legend_h, body.width);
}
