/* pd-chart-funnel.c — funnel plots: value against volume with 95 % and 99.8 % limits
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

static void
band_path (cairo_t              *cr,
           const PdChartFunnelData *f,
           const PdFunnelLimits *curve,
           const PdChartAxis    *x,
           const PdChartAxis    *y,
           gsize                 lower_offset,
           gsize                 upper_offset)
{
  gboolean started = FALSE;

  for (gsize i = 0; i < f->n_curve; i++)
    {
      double v = *(const double *) ((const char *) &curve[i] + upper_offset);
      double px = _pd_chart_axis_map (x, f->curve_volume[i]);
      if (!isfinite (v))
        continue;
      if (!started)
        cairo_move_to (cr, px, _pd_chart_axis_map (y, v));
      else
        cairo_line_to (cr, px, _pd_chart_axis_map (y, v));
      started = TRUE;
    }
  for (gsize k = f->n_curve; k-- > 0;)
    {
      double v = *(const double *) ((const char *) &curve[k] + lower_offset);
      if (isfinite (v))
        cairo_line_to (cr, _pd_chart_axis_map (x, f->curve_volume[k]), _pd_chart_axis_map (y, v));
    }
  cairo_close_path (cr);
}

static void
limit_line (cairo_t                 *cr,
            const PdChartFunnelData *f,
            const PdFunnelLimits    *curve,
            const PdChartAxis       *x,
            const PdChartAxis       *y,
            gsize                    offset)
{
  gboolean started = FALSE;

  for (gsize i = 0; i < f->n_curve; i++)
    {
      double v = *(const double *) ((const char *) &curve[i] + offset);
      double px = _pd_chart_axis_map (x, f->curve_volume[i]);
      if (!isfinite (v))
        {
          started = FALSE;
          continue;
        }
      if (!started)
        cairo_move_to (cr, px, _pd_chart_axis_map (y, v));
      else
        cairo_line_to (cr, px, _pd_chart_axis_map (y, v));
      started = TRUE;
    }
}

void
_pd_chart_render_funnel (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartFunnelData *f = &spec->funnel;
  const PdChartTheme *t = ctx->theme;
  const PdFunnelLimits *curve = f->adjusted ? f->od_curve : f->curve;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  PdChartAxis x, y;
  double lo = INFINITY, hi = -INFINITY, vmax = 0, vmin = INFINITY, label_h, legend_h, axis_w;
  double radius = ctx->font_px * 0.36, data_lo;
  guint usable = 0;
  PdChartLegendEntry legend[6];
  gsize n_legend = 0;
  g_autofree char *adjusted_text = NULL;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (PdChartRect));
  PdChartColor above = t->palette[1], below = t->palette[0];

  for (gsize i = 0; i < f->n; i++)
    if (isfinite (f->values[i]) && f->volumes[i] > 0)
      {
        usable++;
        lo = MIN (lo, f->values[i]);
        hi = MAX (hi, f->values[i]);
        vmax = MAX (vmax, f->volumes[i]);
        vmin = MIN (vmin, f->volumes[i]);
      }

  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DOT, &t->common_cause, "Within limits" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_TRIANGLE, &above, "Above" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_TRIANGLE, &below, "Below" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->mean, "Target" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DASH, &t->limit, "95 % limits" };
  if (f->adjusted)
    adjusted_text = g_strdup_printf ("99.8 %% limits, adjusted for overdispersion (φ = %.2f)", f->phi);
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->limit,
                                              adjusted_text != NULL ? adjusted_text : "99.8 % limits" };
  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  if (usable < 2 || !isfinite (f->target) || f->n_curve == 0)
    {
      _pd_chart_draw_message (ctx, &body, usable == 0 ? "No units with data to compare"
                                                      : "A funnel plot needs at least two units with data");
      return;
    }

  data_lo = lo;
  /* The y range follows the data and the limits where units are, not the limits' wild
   * mouth at tiny volumes. */
  lo = MIN (lo, f->target);
  hi = MAX (hi, f->target);
  for (gsize i = 0; i < f->n_curve; i++)
    if (f->curve_volume[i] >= vmin)
      {
        if (isfinite (curve[i].lcl998))
          lo = MIN (lo, curve[i].lcl998);
        if (isfinite (curve[i].ucl998))
          hi = MAX (hi, curve[i].ucl998);
      }
  /* Values that cannot be negative get no negative axis. */
  if (data_lo >= 0)
    lo = MAX (lo, 0.0);
  if (spec->format == PD_CHART_FORMAT_PROPORTION)
    hi = MIN (hi, 1.0);

  plot.y = body.y + label_h * 1.4;
  plot.height = body.height - label_h * 1.4 - label_h * 2.8 - legend_h - ctx->font_px * 0.6;
  /* A little room above and below, but not below zero for values that cannot be
   * negative: the padding alone made an axis from −10 for rates from 0. */
  _pd_chart_axis_init (&y, data_lo >= 0 ? MAX (lo - (hi - lo) * 0.05, 0.0) : lo - (hi - lo) * 0.05,
                       hi + (hi - lo) * 0.05,
                       (guint) MAX (plot.height / (ctx->font_px * 3.6), 3), FALSE);
  axis_w = _pd_chart_value_axis_width (ctx, &y, spec->format);
  plot.x = body.x + axis_w + ctx->font_px * 0.6;
  plot.width = body.x + body.width - plot.x - ctx->font_px * 0.5;
  y.p0 = plot.y + plot.height;
  y.p1 = plot.y;
  _pd_chart_axis_init (&x, 0, vmax * 1.05, (guint) MAX (plot.width / (ctx->font_px * 7), 3), TRUE);
  x.p0 = plot.x;
  x.p1 = plot.x + plot.width;
  ctx->geometry->plot = plot;

  _pd_chart_draw_value_axis (ctx, &y, &plot, spec->format);
  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted,
                  spec->value_label != NULL ? spec->value_label : "Value", body.x, body.y,
                  PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, plot.width, PD_CHART_LABEL_TITLE);
  for (guint i = 0; i < x.n_ticks; i++)
    {
      g_autofree char *text = pd_chart_format_value (PD_CHART_FORMAT_NUMBER, x.ticks[i], x.step);
      double px = _pd_chart_axis_map (&x, x.ticks[i]);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, text, px,
                      plot.y + plot.height + label_h * 0.3,
                      i == 0 ? PD_CHART_ANCHOR_START
                             : i + 1 == x.n_ticks ? PD_CHART_ANCHOR_END : PD_CHART_ANCHOR_CENTER,
                      PD_CHART_ANCHOR_START, -1, PD_CHART_LABEL_X_TICK);
    }
  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, "Volume (denominator)",
                  plot.x + plot.width / 2, plot.y + plot.height + label_h * 1.5,
                  PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_START, -1, PD_CHART_LABEL_TITLE);

  cairo_save (cr);
  cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
  cairo_clip (cr);
  /* The funnel itself: 99.8 % lightly, 95 % a little deeper. */
  band_path (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, lcl998),
             G_STRUCT_OFFSET (PdFunnelLimits, ucl998));
  _pd_chart_set_color_alpha (cr, &t->band, 0.55);
  cairo_fill (cr);
  band_path (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, lcl95),
             G_STRUCT_OFFSET (PdFunnelLimits, ucl95));
  _pd_chart_set_color (cr, &t->band);
  cairo_fill (cr);

  cairo_set_line_width (cr, ctx->line * 1.3);
  _pd_chart_set_color (cr, &t->limit);
  limit_line (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, lcl998));
  limit_line (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, ucl998));
  cairo_stroke (cr);
  {
    double dash[] = { ctx->font_px * 0.5, ctx->font_px * 0.3 };
    cairo_set_dash (cr, dash, 2, 0);
    limit_line (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, lcl95));
    limit_line (cr, f, curve, &x, &y, G_STRUCT_OFFSET (PdFunnelLimits, ucl95));
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  _pd_chart_set_color (cr, &t->mean);
  cairo_set_line_width (cr, ctx->line * 1.6);
  cairo_move_to (cr, plot.x, _pd_chart_axis_map (&y, f->target));
  cairo_line_to (cr, plot.x + plot.width, _pd_chart_axis_map (&y, f->target));
  cairo_stroke (cr);

  /* Points: quiet ones first so outliers are drawn on top. */
  for (guint pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < f->n; i++)
      {
        PdFunnelClass c = f->classes[i];
        gboolean outside = c != PD_FUNNEL_WITHIN && c != PD_FUNNEL_NOT_CLASSIFIED;
        double px, py, r = radius;
        PdChartSwatch shape = PD_CHART_SWATCH_DOT;
        const PdChartColor *color = &t->common_cause;

        if (!isfinite (f->values[i]) || !(f->volumes[i] > 0) || outside != (pass == 1))
          continue;
        px = _pd_chart_axis_map (&x, f->volumes[i]);
        py = _pd_chart_axis_map (&y, f->values[i]);
        if (c == PD_FUNNEL_ABOVE_95 || c == PD_FUNNEL_ABOVE_99_8)
          {
            shape = PD_CHART_SWATCH_TRIANGLE;
            color = &above;
          }
        else if (c == PD_FUNNEL_BELOW_95 || c == PD_FUNNEL_BELOW_99_8)
          {
            shape = PD_CHART_SWATCH_TRIANGLE;
            color = &below;
            r = -r;
          }
        if (c == PD_FUNNEL_ABOVE_99_8 || c == PD_FUNNEL_BELOW_99_8)
          r *= 1.35;
        _pd_chart_draw_marker (cr, shape, px, py, r, color, f->low_volume[i], ctx->line * 1.3);
        /* No name is written over another unit's marker. */
        g_array_append_val (taken, ((PdChartRect) { px - fabs (r), py - fabs (r), 2 * fabs (r),
                                                    2 * fabs (r) }));
        _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, 0, (guint) i, px - radius * 1.8,
                            py - radius * 1.8, radius * 3.6, radius * 3.6, px, py);
        if ((gssize) i == f->selected)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, radius * 2.3, 0, 2 * G_PI);
            _pd_chart_set_color (cr, &t->highlight);
            cairo_set_line_width (cr, ctx->line * 2);
            cairo_stroke (cr);
          }
      }
  cairo_restore (cr);

  /* Names: the selected unit first, then the 99.8 % outliers, then the 95 % ones. */
  if (f->selected >= 0 && isfinite (f->values[f->selected]))
    _pd_chart_place_name (ctx, f->names[f->selected], _pd_chart_axis_map (&x, f->volumes[f->selected]),
                _pd_chart_axis_map (&y, f->values[f->selected]), radius * 1.5, &plot, taken, TRUE);
  for (guint pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < f->n; i++)
      {
        PdFunnelClass c = f->classes[i];
        gboolean extreme = c == PD_FUNNEL_ABOVE_99_8 || c == PD_FUNNEL_BELOW_99_8;
        gboolean warn = c == PD_FUNNEL_ABOVE_95 || c == PD_FUNNEL_BELOW_95;
        if ((gssize) i == f->selected || !isfinite (f->values[i]) ||
            (pass == 0 ? !extreme : !warn))
          continue;
        _pd_chart_place_name (ctx, f->names[i], _pd_chart_axis_map (&x, f->volumes[i]),
                    _pd_chart_axis_map (&y, f->values[i]), radius, &plot, taken, FALSE);
      }

  _pd_chart_draw_legend (ctx, legend, n_legend, body.x, body.y + body.height - legend_h,
                         body.width);
}
