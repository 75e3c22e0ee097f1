/* pd-chart-quadrant.c — spend against outcome, in four named quadrants
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value-for-money question ("why does x spend more than y, and get less?") as a
 * scatter split at the medians. Each corner says what it means in words, because
 * "better" is up for some outcomes and down for others.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

static void
numeric_x_axis (PdChartContext    *ctx,
                const PdChartAxis *x,
                const PdChartRect *plot,
                PdChartFormat      format)
{
  cairo_t *cr = ctx->cr;
  double label_h;

  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);
  cairo_save (cr);
  cairo_set_line_width (cr, ctx->line);
  for (guint i = 0; i < x->n_ticks; i++)
    {
      double px = round (_pd_chart_axis_map (x, x->ticks[i])) + 0.5;
      g_autofree char *text = pd_chart_format_value (format, x->ticks[i], x->step);
      _pd_chart_set_color (cr, &ctx->theme->grid);
      cairo_move_to (cr, px, plot->y);
      cairo_line_to (cr, px, plot->y + plot->height);
      cairo_stroke (cr);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->muted, text, px,
                      plot->y + plot->height + label_h * 0.3,
                      i == 0 ? PD_CHART_ANCHOR_START
                             : i + 1 == x->n_ticks ? PD_CHART_ANCHOR_END : PD_CHART_ANCHOR_CENTER,
                      PD_CHART_ANCHOR_START, -1, PD_CHART_LABEL_X_TICK);
    }
  cairo_restore (cr);
}

void
_pd_chart_render_quadrant (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartQuadrantData *q = &spec->quadrant;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  PdChartAxis x, y;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  double label_h, axis_w, radius = ctx->font_px * 0.38;
  guint usable = 0;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (PdChartRect));
  double dash[] = { ctx->font_px * 0.5, ctx->font_px * 0.3 };

  for (gsize i = 0; i < q->n; i++)
    if (isfinite (q->spend[i]) && isfinite (q->outcome[i]))
      {
        usable++;
        xlo = MIN (xlo, q->spend[i]);
        xhi = MAX (xhi, q->spend[i]);
        ylo = MIN (ylo, q->outcome[i]);
        yhi = MAX (yhi, q->outcome[i]);
      }
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);
  if (usable < 2)
    {
      _pd_chart_draw_message (ctx, &body, usable == 0 ? "No units with both spend and an outcome"
                                                      : "A quadrant needs at least two units");
      return;
    }

  plot.y = body.y + label_h * 2.0;
  plot.height = body.height - label_h * 2.0 - label_h * 3.0;
  _pd_chart_axis_init (&y, ylo - (yhi - ylo) * 0.08, yhi + (yhi - ylo) * 0.08,
                       (guint) MAX (plot.height / (ctx->font_px * 3.6), 3), FALSE);
  axis_w = _pd_chart_value_axis_width (ctx, &y, spec->format);
  plot.x = body.x + axis_w + ctx->font_px * 0.6;
  plot.width = body.x + body.width - plot.x - ctx->font_px * 0.5;
  y.p0 = plot.y + plot.height;
  y.p1 = plot.y;
  _pd_chart_axis_init (&x, xlo - (xhi - xlo) * 0.08, xhi + (xhi - xlo) * 0.08,
                       (guint) MAX (plot.width / (ctx->font_px * 7), 3), FALSE);
  x.p0 = plot.x;
  x.p1 = plot.x + plot.width;
  ctx->geometry->plot = plot;

  _pd_chart_draw_value_axis (ctx, &y, &plot, spec->format);
  numeric_x_axis (ctx, &x, &plot, q->spend_format);
  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, q->outcome_label, body.x, body.y,
                  PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, body.width, PD_CHART_LABEL_TITLE);
  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, q->spend_label, plot.x + plot.width / 2,
                  plot.y + plot.height + label_h * 1.6, PD_CHART_ANCHOR_CENTER,
                  PD_CHART_ANCHOR_START, plot.width, PD_CHART_LABEL_TITLE);

  /* The medians, and what each corner means. */
  {
    double mx = _pd_chart_axis_map (&x, q->spend_median);
    double my = _pd_chart_axis_map (&y, q->outcome_median);
    double pad = ctx->font_px * 0.5;
    struct { double cx, cy; PdChartAnchor ax, ay; double spend, outcome; } corners[] = {
      { plot.x + pad, plot.y + pad, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, -INFINITY, INFINITY },
      { plot.x + plot.width - pad, plot.y + pad, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_START, INFINITY, INFINITY },
      { plot.x + pad, plot.y + plot.height - pad, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_END, -INFINITY, -INFINITY },
      { plot.x + plot.width - pad, plot.y + plot.height - pad, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_END, INFINITY, -INFINITY },
    };

    cairo_save (cr);
    _pd_chart_set_color (cr, &t->mean);
    cairo_set_line_width (cr, ctx->line * 1.2);
    cairo_set_dash (cr, dash, 2, 0);
    cairo_move_to (cr, mx, plot.y);
    cairo_line_to (cr, mx, plot.y + plot.height);
    cairo_move_to (cr, plot.x, my);
    cairo_line_to (cr, plot.x + plot.width, my);
    cairo_stroke (cr);
    cairo_restore (cr);

    for (guint k = 0; k < G_N_ELEMENTS (corners); k++)
      {
        const char *words = _pd_chart_quadrant_words (q, corners[k].spend, corners[k].outcome);
        g_autofree char *text = g_strdup (words);
        PdChartRect box;
        /* "lower spend, better outcome" reads as a caption with a capital. */
        text[0] = g_ascii_toupper (text[0]);
        box = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, text, corners[k].cx,
                              corners[k].cy, corners[k].ax, corners[k].ay, plot.width / 2 - pad * 2,
                              PD_CHART_LABEL_LEGEND);
        g_array_append_val (taken, box);
      }
  }

  /* Points, the highlighted one last so it sits on top. */
  for (guint pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < q->n; i++)
      {
        double px, py;
        gboolean highlight = (gssize) i == q->highlight;

        if (!isfinite (q->spend[i]) || !isfinite (q->outcome[i]) || highlight != (pass == 1))
          continue;
        px = _pd_chart_axis_map (&x, q->spend[i]);
        py = _pd_chart_axis_map (&y, q->outcome[i]);
        _pd_chart_draw_marker (cr, PD_CHART_SWATCH_DOT, px, py, radius,
                               highlight ? &t->palette[1] : &t->palette[0], FALSE, ctx->line);
        /* No name is written over another unit's marker. */
        g_array_append_val (taken, ((PdChartRect) { px - radius, py - radius, 2 * radius,
                                                    2 * radius }));
        if (highlight)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, radius * 2.2, 0, 2 * G_PI);
            _pd_chart_set_color (cr, &t->highlight);
            cairo_set_line_width (cr, ctx->line * 2);
            cairo_stroke (cr);
          }
        _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, 0, (guint) i, px - radius * 1.8,
                            py - radius * 1.8, radius * 3.6, radius * 3.6, px, py);
      }

  /* Names: the highlighted unit first, then the rest wherever they fit. */
  if (q->highlight >= 0 && isfinite (q->spend[q->highlight]) && isfinite (q->outcome[q->highlight]))
    _pd_chart_place_name (ctx, q->names[q->highlight], _pd_chart_axis_map (&x, q->spend[q->highlight]),
                          _pd_chart_axis_map (&y, q->outcome[q->highlight]), radius * 1.8, &plot,
                          taken, TRUE);
  for (gsize i = 0; i < q->n; i++)
    if ((gssize) i != q->highlight && isfinite (q->spend[i]) && isfinite (q->outcome[i]))
      _pd_chart_place_name (ctx, q->names[i], _pd_chart_axis_map (&x, q->spend[i]),
                            _pd_chart_axis_map (&y, q->outcome[i]), radius, &plot, taken, FALSE);
}
