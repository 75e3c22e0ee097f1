/* pd-chart-ranked.c — ranked units with confidence intervals (a caterpillar plot)
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Units run top to bottom best first, so names stay horizontal. A unit whose interval
 * clears the reference is marked better (square) or worse (triangle) as well as
 * coloured; overlapping intervals are the point of this chart: most ranks are not
 * different.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

void
_pd_chart_render_ranked (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartRankedData *r = &spec->ranked;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  PdChartAxis x;
  double lo = INFINITY, hi = -INFINITY, name_w = 0, label_h, legend_h, row_h, radius;
  double last_label_bottom = -INFINITY, highlight_y = -1;
  gsize usable = 0;
  PdChartLegendEntry legend[4];
  gsize n_legend = 0;

  for (gsize i = 0; i < r->n; i++)
    {
      const PdInterval *iv = &r->intervals[i];
      double w;
      if (!isfinite (iv->value))
        continue;
      usable++;
      lo = MIN (lo, isfinite (iv->lower) ? iv->lower : iv->value);
      hi = MAX (hi, isfinite (iv->upper) ? iv->upper : iv->value);
      _pd_chart_text_size (ctx, (gssize) i == r->highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_SMALL,
                           r->names[i], &w, NULL);
      name_w = MAX (name_w, w);
    }
  if (isfinite (r->reference))
    {
      lo = MIN (lo, r->reference);
      hi = MAX (hi, r->reference);
    }

  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &t->improvement, "Significantly better" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DOT, &t->common_cause, "Not significantly different" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_TRIANGLE, &t->concern, "Significantly worse" };
  if (isfinite (r->reference))
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->mean, "Comparator" };
  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  if (usable == 0)
    {
      _pd_chart_draw_message (ctx, &body, "No units with data to rank");
      return;
    }

  name_w = MIN (name_w, body.width * 0.3);
  plot.x = body.x + name_w + ctx->font_px;
  plot.width = body.x + body.width - plot.x - ctx->font_px;
  plot.y = body.y + label_h * 1.4;
  plot.height = body.height - label_h * 1.4 - legend_h - ctx->font_px * 0.8;
  ctx->geometry->plot = plot;
  if (spec->format == PD_CHART_FORMAT_PROPORTION)
    lo = MAX (lo - (hi - lo) * 0.03, 0.0);
  _pd_chart_axis_init (&x, lo, hi, (guint) MAX (plot.width / (ctx->font_px * 6), 3),
                       spec->format == PD_CHART_FORMAT_POUNDS);
  x.p0 = plot.x;
  x.p1 = plot.x + plot.width;
  row_h = plot.height / usable;
  radius = CLAMP (row_h * 0.3, 2.0, ctx->font_px * 0.38);

  cairo_save (cr);
  cairo_set_line_width (cr, ctx->line);
  for (guint i = 0; i < x.n_ticks; i++)
    {
      double px = round (_pd_chart_axis_map (&x, x.ticks[i])) + 0.5;
      g_autofree char *text = pd_chart_format_value (spec->format, x.ticks[i], x.step);
      _pd_chart_set_color (cr, &t->grid);
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      cairo_stroke (cr);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, text, px, body.y,
                      i == 0 ? PD_CHART_ANCHOR_START
                             : i + 1 == x.n_ticks ? PD_CHART_ANCHOR_END : PD_CHART_ANCHOR_CENTER,
                      PD_CHART_ANCHOR_START, -1, PD_CHART_LABEL_X_TICK);
    }
  if (isfinite (r->reference))
    {
      double px = _pd_chart_axis_map (&x, r->reference);
      _pd_chart_set_color (cr, &t->mean);
      cairo_set_line_width (cr, ctx->line * 1.6);
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      cairo_stroke (cr);
    }

  for (gsize k = 0; k < usable; k++)
    if ((gssize) r->order[k] == r->highlight)
      highlight_y = plot.y + (k + 0.5) * row_h;

  for (gsize k = 0; k < usable; k++)
    {
      guint i = r->order[k];
      const PdInterval *iv = &r->intervals[i];
      double cy = plot.y + (k + 0.5) * row_h, px = _pd_chart_axis_map (&x, iv->value);
      int side = 0;
      PdChartSwatch shape = PD_CHART_SWATCH_DOT;
      const PdChartColor *color = &t->common_cause;
      gboolean highlight = (gssize) i == r->highlight;

      if (isfinite (r->reference))
        side = iv->lower > r->reference ? 1 : iv->upper < r->reference ? -1 : 0;
      if (side != 0)
        {
          gboolean better = (side > 0) == (r->improvement != PD_IMPROVEMENT_DECREASE);
          if (r->improvement == PD_IMPROVEMENT_NEUTRAL)
            {
              shape = PD_CHART_SWATCH_DIAMOND;
              color = &t->neutral;
            }
          else
            {
              shape = better ? PD_CHART_SWATCH_SQUARE : PD_CHART_SWATCH_TRIANGLE;
              color = better ? &t->improvement : &t->concern;
            }
        }

      if (highlight)
        {
          _pd_chart_set_color_alpha (cr, &t->band, 0.6);
          cairo_rectangle (cr, plot.x, cy - row_h / 2, plot.width, row_h);
          cairo_fill (cr);
        }
      if (isfinite (iv->lower) && isfinite (iv->upper))
        {
          _pd_chart_set_color (cr, color);
          cairo_set_line_width (cr, MAX (ctx->line * 1.5, MIN (radius * 0.5, ctx->line * 2.5)));
          cairo_move_to (cr, _pd_chart_axis_map (&x, iv->lower), cy);
          cairo_line_to (cr, _pd_chart_axis_map (&x, iv->upper), cy);
          cairo_stroke (cr);
        }
      _pd_chart_draw_marker (cr, shape, px, cy, radius, color, FALSE, ctx->line);
      _pd_chart_add_item (ctx, PD_CHART_ITEM_INTERVAL, 0, i, plot.x, cy - row_h / 2,
                          plot.width, row_h, px, cy);

      /* Names thin out when rows are shorter than a line of text; the highlighted
       * unit's name is always kept and the others give way to it. */
      if (highlight || (cy - label_h / 2 >= last_label_bottom &&
                        (highlight_y < 0 || fabs (cy - highlight_y) >= label_h)))
        {
          PdChartRect box = _pd_chart_text (ctx, highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_SMALL,
                                            &t->foreground, r->names[i], plot.x - ctx->font_px * 0.6,
                                            cy, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER, name_w,
                                            PD_CHART_LABEL_CATEGORY);
          last_label_bottom = box.y + box.height;
        }
    }
  cairo_restore (cr);

  _pd_chart_draw_legend (ctx, legend, n_legend, body.x, body.y + body.height - legend_h,
                         body.width);
}
