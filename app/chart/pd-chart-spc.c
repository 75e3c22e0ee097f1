/* pd-chart-spc.c — the SPC chart in the Making Data Count look
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Points joined by a grey line, coloured and shaped by what they mean; the mean solid,
 * process limits dashed, the target red; each partition's lines stop where limits were
 * recalculated. A series with more points than the plot has pixel columns is thinned to
 * each column's first, minimum, maximum and last value before any path is built, which
 * draws the same picture at a fraction of the cost.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

typedef struct
{
  PdChartSwatch       shape;
  const PdChartColor *color;
  double              scale;   /* of the common-cause radius */
} PointStyle;

static PointStyle
point_style (const PdChartTheme *theme,
             const PdSpcPoint   *point)
{
  PointStyle style = { PD_CHART_SWATCH_DOT, &theme->common_cause, 1.0 };

  /* Shape as well as colour: improvement a square, concern a triangle, neither a
   * diamond, so the meaning survives greyscale printing and colour blindness. */
  switch (point->point_type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:
      style.shape = PD_CHART_SWATCH_SQUARE;
      style.color = &theme->improvement;
      style.scale = 1.05;
      break;
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:
      style.shape = PD_CHART_SWATCH_TRIANGLE;
      style.color = &theme->concern;
      style.scale = 1.3;
      break;
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH:
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:
      style.shape = PD_CHART_SWATCH_DIAMOND;
      style.color = &theme->neutral;
      style.scale = 1.1;
      break;
    case PD_SPC_POINT_COMMON_CAUSE:
    default:
      break;
    }
  return style;
}

static int
type_rank (PdSpcPointType type)
{
  switch (type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:
      return 3;
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:
      return 2;
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH:
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:
      return 1;
    case PD_SPC_POINT_COMMON_CAUSE:
    default:
      return 0;
    }
}

static void
extend (double *lo,
        double *hi,
        double  v)
{
  if (isfinite (v))
    {
      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
}

/* One of the horizontal lines (mean, limits, target) of one partition, as steps: a
 * straight segment while the value holds, so XmR limits are one segment per partition
 * and Laney p′ limits follow each point's denominator. A line beyond what the values can
 * be (a rate's lower limit below 0) is drawn at that end of their range. */
static void
partition_steps (cairo_t           *cr,
                 const PdSpcResult *r,
                 const PdChartAxis *y,
                 double             x0,
                 double             dx,
                 gsize              first,
                 gsize              last,
                 gsize              offset)
{
  double current = NAN, start_x = 0;
  /* A limit is the same for every point of a partition (XmR) or changes slowly (p, u):
   * a point whose stored value is the last point's continues the step with one compare,
   * and the value as drawn (pd_spc_result_shown) is worked out only where it changes.
   * After each point, current is the drawn value of that point's stored value. */
  double raw_before = NAN;

  for (gsize i = first; i <= last + 1; i++)
    {
      double raw = i <= last ? *(const double *) ((const char *) &r->points[i] + offset) : NAN;
      double v, xl;

      if (i <= last && raw == raw_before)
        continue;
      raw_before = raw;
      v = pd_spc_result_shown (r, raw);
      if (i <= last && v == current)
        continue;
      xl = x0 + (i - 0.5) * dx;
      if (isfinite (current))
        {
          double py = _pd_chart_axis_map (y, current);
          cairo_move_to (cr, start_x, py);
          cairo_line_to (cr, xl, py);
        }
      current = v;
      start_x = xl;
    }
}

static void
draw_partition_lines (PdChartContext    *ctx,
                      const PdSpcResult *r,
                      const PdChartAxis *y,
                      const PdChartRect *plot,
                      double             x0,
                      double             dx,
                      gboolean           two_sigma)
{
  cairo_t *cr = ctx->cr;
  const PdChartTheme *t = ctx->theme;
  double dash_limit[] = { ctx->font_px * 0.55, ctx->font_px * 0.3 };
  double dash_sigma[] = { ctx->font_px * 0.15, ctx->font_px * 0.3 };
  double dash_target[] = { ctx->font_px * 0.8, ctx->font_px * 0.3 };

  cairo_save (cr);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (cr);
  for (guint k = 0; k < r->n_partitions; k++)
    {
      const PdSpcPartition *part = &r->partitions[k];
      gsize first = part->first, last = part->first + part->length - 1;

      if (part->length == 0)
        continue;
      if (k > 0)
        {
          /* Where limits were recalculated: a faint vertical rule. */
          double bx = round (x0 + (first - 0.5) * dx) + 0.5;
          _pd_chart_set_color (cr, &t->axis);
          cairo_set_line_width (cr, ctx->line);
          cairo_set_dash (cr, dash_sigma, 2, 0);
          cairo_move_to (cr, bx, plot->y);
          cairo_line_to (cr, bx, plot->y + plot->height);
          cairo_stroke (cr);
        }

      /* Trial limits are drawn fainter: they will move as data arrives. */
      _pd_chart_set_color_alpha (cr, &t->limit, part->trial ? 0.55 : 1.0);
      cairo_set_line_width (cr, ctx->line * 1.4);
      cairo_set_dash (cr, dash_limit, 2, 0);
      partition_steps (cr, r, y, x0, dx, first, last, G_STRUCT_OFFSET (PdSpcPoint, lpl));
      partition_steps (cr, r, y, x0, dx, first, last, G_STRUCT_OFFSET (PdSpcPoint, upl));
      cairo_stroke (cr);

      if (two_sigma)
        {
          _pd_chart_set_color_alpha (cr, &t->limit, 0.7);
          cairo_set_line_width (cr, ctx->line);
          cairo_set_dash (cr, dash_sigma, 2, 0);
          partition_steps (cr, r, y, x0, dx, first, last,
                           G_STRUCT_OFFSET (PdSpcPoint, lower_2sigma));
          partition_steps (cr, r, y, x0, dx, first, last,
                           G_STRUCT_OFFSET (PdSpcPoint, upper_2sigma));
          cairo_stroke (cr);
        }

      _pd_chart_set_color (cr, &t->mean);
      cairo_set_line_width (cr, ctx->line * 1.6);
      cairo_set_dash (cr, NULL, 0, 0);
      partition_steps (cr, r, y, x0, dx, first, last, G_STRUCT_OFFSET (PdSpcPoint, mean));
      cairo_stroke (cr);

      _pd_chart_set_color (cr, &t->target);
      cairo_set_line_width (cr, ctx->line * 1.6);
      cairo_set_dash (cr, dash_target, 2, 0);
      partition_steps (cr, r, y, x0, dx, first, last, G_STRUCT_OFFSET (PdSpcPoint, target));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (part->trial)
        {
          double tx = x0 + (first - 0.5) * dx + ctx->font_px * 0.3;
          if (isfinite (part->upl))
            _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, "trial limits", tx,
                            _pd_chart_axis_map (y, pd_spc_result_shown (r, part->upl)) -
                            ctx->font_px * 0.2,
                            PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_END, -1,
                            PD_CHART_LABEL_VALUE);
        }
    }
  cairo_restore (cr);
}

/* Points drawn one by one, with a hit area each. */
static void
draw_points (PdChartContext    *ctx,
             const PdSpcResult *r,
             const PdChartAxis *y,
             double             x0,
             double             dx)
{
  cairo_t *cr = ctx->cr;
  double radius = CLAMP (dx * 0.32, ctx->font_px * 0.16, ctx->font_px * 0.34);
  double hit = MAX (dx / 2, radius * 1.8);
  gboolean pen_down = FALSE;

  /* The run line first, broken at missing points, so markers sit on top of it. */
  cairo_save (cr);
  _pd_chart_set_color (cr, &ctx->theme->common_cause);
  cairo_set_line_width (cr, ctx->line * 1.4);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize i = 0; i < r->n_points; i++)
    {
      const PdSpcPoint *p = &r->points[i];
      double px = x0 + i * dx, py;

      if (p->missing || !isfinite (p->value))
        {
          pen_down = FALSE;
          continue;
        }
      py = _pd_chart_axis_map (y, p->value);
      if (pen_down)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen_down = TRUE;
    }
  cairo_stroke (cr);

  for (gsize i = 0; i < r->n_points; i++)
    {
      const PdSpcPoint *p = &r->points[i];
      PointStyle style;
      double px = x0 + i * dx, py;

      if (p->missing || !isfinite (p->value))
        continue;
      style = point_style (ctx->theme, p);
      py = _pd_chart_axis_map (y, p->value);
      if (p->ghost)
        {
          /* Excluded by the user: hollow, so it is visibly not counted. */
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
          _pd_chart_set_color (cr, &ctx->theme->background);
          cairo_fill_preserve (cr);
          _pd_chart_set_color (cr, &ctx->theme->common_cause);
          cairo_set_line_width (cr, ctx->line * 1.3);
          cairo_stroke (cr);
        }
      else
        _pd_chart_draw_marker (cr, style.shape, px,
                               py, radius * style.scale, style.color, FALSE, ctx->line);
      _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, 0, (guint) i, px - hit, py - hit,
                          2 * hit, 2 * hit, px, py);
    }
  cairo_restore (cr);
}

/* A long series, decimated per pixel column: one path of first/min/max/last per column,
 * then one marker per column for its most severe special-cause point. */
static void
draw_points_thinned (PdChartContext    *ctx,
                     const PdSpcResult *r,
                     const PdChartAxis *y,
                     const PdChartRect *plot,
                     double             x0,
                     double             dx)
{
  cairo_t *cr = ctx->cr;
  guint columns = (guint) MAX (ceil (plot->width), 1);
  double radius = ctx->font_px * 0.2, previous_last = NAN;
  /* One column per unit of width, edge to edge and on whole units, so columns neither
   * gap nor overlap and the boxes stay pixel-aligned (Cairo's fastest path). */
  double column_w = 1.0, left = floor (plot->x);
  gsize i = 0;
  gboolean pen_down = FALSE;
  g_autofree gssize *special = g_new (gssize, columns);
  g_autofree gssize *extreme = g_new (gssize, columns);

  cairo_save (cr);
  _pd_chart_set_color (cr, &ctx->theme->common_cause);
  for (guint c = 0; c < columns; c++)
    {
      double lo = INFINITY, hi = -INFINITY, first = NAN, last = NAN, cx = left + c + 0.5;
      double worst = -1;
      int best_rank = 0;
      gboolean gap = FALSE;

      special[c] = -1;
      extreme[c] = -1;
      for (; i < r->n_points && x0 + i * dx < left + c + 1; i++)
        {
          const PdSpcPoint *p = &r->points[i];
          int rank;

          if (p->missing || !isfinite (p->value))
            {
              gap = TRUE;
              continue;
            }
          if (!isfinite (first))
            first = p->value;
          last = p->value;
          lo = MIN (lo, p->value);
          hi = MAX (hi, p->value);
          rank = type_rank (p->point_type);
          if (rank > best_rank)
            {
              best_rank = rank;
              special[c] = (gssize) i;
            }
          if (fabs (p->value - p->mean) > worst)
            {
              worst = fabs (p->value - p->mean);
              extreme[c] = (gssize) i;
            }
        }
      if (!isfinite (first))
        {
          pen_down = FALSE;
          continue;
        }
      /* The column's span, joined to the previous column's last value: as a stroked
       * zigzag this is what the eye sees, but filled as one rectangle per column Cairo
       * rasterises it on its fast path for boxes, some fifty times faster. */
      if (pen_down)
        {
          lo = MIN (lo, previous_last);
          hi = MAX (hi, previous_last);
        }
      {
        double top = _pd_chart_axis_map (y, hi) - ctx->line / 2;
        double bottom = _pd_chart_axis_map (y, lo) + ctx->line / 2;
        cairo_rectangle (cr, cx - column_w / 2, top, column_w, bottom - top);
      }
      previous_last = last;
      /* A missing point breaks the line after its column, so gaps stay visible. */
      pen_down = !gap;
    }
  /* Whole-pixel boxes need no antialiasing, and without it they are plain fills. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  /* Hit areas: each column's most telling point. */
  for (guint c = 0; c < columns; c++)
    {
      gssize k = special[c] >= 0 ? special[c] : extreme[c];
      double cx, cy, hit = MAX (radius * 2, 3);

      if (k < 0)
        continue;
      cx = x0 + k * dx;
      cy = _pd_chart_axis_map (y, r->points[k].value);
      _pd_chart_add_item (ctx, PD_CHART_ITEM_POINT, 0, (guint) k, cx - hit, cy - hit,
                          2 * hit, 2 * hit, cx, cy);
    }
  /* Special-cause markers: one per marker's width of columns (its most severe point),
   * since closer ones would only overdraw each other; one path and one fill per meaning
   * rather than one each. */
  {
    guint bucket = (guint) MAX (ceil (radius * 2.4), 1);
    for (guint c = 0; c < columns; c += bucket)
      {
        gssize best = -1;
        for (guint k = c; k < MIN (c + bucket, columns); k++)
          if (special[k] >= 0 &&
              (best < 0 || type_rank (r->points[special[k]].point_type) >
                           type_rank (r->points[best].point_type)))
            best = special[k];
        special[c / bucket] = best;
      }
    for (int rank = 1; rank <= 3; rank++)
      {
        const PdChartColor *color = NULL;
        for (guint b = 0; b < (columns + bucket - 1) / bucket; b++)
          {
            const PdSpcPoint *p;
            PointStyle style;
            if (special[b] < 0)
              continue;
            p = &r->points[special[b]];
            if (type_rank (p->point_type) != rank)
              continue;
            style = point_style (ctx->theme, p);
            color = style.color;
            _pd_chart_marker_path (cr, style.shape, x0 + special[b] * dx,
                                   _pd_chart_axis_map (y, p->value), radius * style.scale);
          }
        if (color != NULL)
          {
            _pd_chart_set_color (cr, color);
            cairo_fill (cr);
          }
      }
  }
  cairo_restore (cr);
}

static void
draw_annotations (PdChartContext    *ctx,
                  const GArray      *annotations,
                  const PdSpcResult *r,
                  const PdChartAxis *y,
                  const PdChartRect *plot,
                  double             x0,
                  double             dx)
{
  cairo_t *cr = ctx->cr;

  for (guint k = 0; k < annotations->len; k++)
    {
      const PdChartAnnotation *a = &g_array_index (annotations, PdChartAnnotation, k);
      const PdSpcPoint *p = &r->points[a->point];
      double px = x0 + a->point * dx, ty = plot->y + ctx->font_px * 0.2;
      double py = isfinite (p->value) ? _pd_chart_axis_map (y, p->value) : plot->y + plot->height;
      PdChartAnchor anchor = px > plot->x + plot->width * 0.75 ? PD_CHART_ANCHOR_END
                             : px < plot->x + plot->width * 0.25 ? PD_CHART_ANCHOR_START
                             : PD_CHART_ANCHOR_CENTER;
      PdChartRect box;
      double dash = ctx->font_px * 0.2;

      box = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->foreground, a->text, px,
                            ty + (k % 2) * ctx->font_px * 1.2, anchor, PD_CHART_ANCHOR_START,
                            plot->width / 3, PD_CHART_LABEL_VALUE);
      cairo_save (cr);
      _pd_chart_set_color (cr, &ctx->theme->muted);
      cairo_set_line_width (cr, ctx->line);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, px, box.y + box.height + ctx->font_px * 0.15);
      cairo_line_to (cr, px, py - ctx->font_px * 0.6);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

void
_pd_chart_render_spc (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdSpcResult *r = &spec->spc.result;
  const PdChartTheme *t = ctx->theme;
  PdChartRect body = ctx->body, plot;
  PdChartAxis y;
  double lo = INFINITY, hi = -INFINITY, x0, dx, axis_w, legend_h, label_h, icon;
  gsize n_values = 0;
  gboolean dense, any_target = FALSE, any_neutral = FALSE, any_ghost = FALSE;
  PdChartLegendEntry legend[8];
  gsize n_legend = 0;
  g_autofree const char **labels = NULL;
  g_autofree double *xs = NULL;

  /* The icons, right of the title. */
  icon = MAX (ctx->header_height, ctx->font_px * 3.0);
  icon = MIN (icon, ctx->font_px * 3.6);
  {
    double cy = ctx->pad + icon / 2, right = ctx->width - ctx->pad;
    _pd_chart_draw_assurance_icon (ctx, r->assurance, right - icon / 2, cy, icon);
    _pd_chart_draw_variation_icon (ctx, r->variation, right - icon * 1.6, cy, icon);
    _pd_chart_add_item (ctx, PD_CHART_ITEM_ICON, 0, 0, right - icon * 2.1, cy - icon / 2,
                        icon, icon, right - icon * 1.6, cy);
    _pd_chart_add_item (ctx, PD_CHART_ITEM_ICON, 0, 1, right - icon, cy - icon / 2, icon,
                        icon, right - icon / 2, cy);
    /* Keep the plot clear of the icons when the title block is shorter than they are. */
    if (body.y < ctx->pad + icon + ctx->font_px * 0.5)
      {
        double shift = ctx->pad + icon + ctx->font_px * 0.5 - body.y;
        body.y += shift;
        body.height -= shift;
      }
  }

  for (gsize i = 0; i < r->n_points; i++)
    {
      const PdSpcPoint *p = &r->points[i];
      if (!p->missing && isfinite (p->value))
        {
          n_values++;
          extend (&lo, &hi, p->value);
        }
      any_target |= isfinite (p->target);
      any_neutral |= p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH ||
                     p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW;
      any_ghost |= p->ghost;
    }
  for (guint k = 0; k < r->n_partitions; k++)
    {
      const PdSpcPartition *part = &r->partitions[k];
      /* p′ limits vary per point; the partition holds the last ones, so look at all. */
      for (gsize i = part->first; i < part->first + part->length; i++)
        {
          extend (&lo, &hi, pd_spc_result_shown (r, r->points[i].lpl));
          extend (&lo, &hi, pd_spc_result_shown (r, r->points[i].upl));
          extend (&lo, &hi, r->points[i].target);
          if (r->options.chart == PD_SPC_CHART_XMR)
            break;
        }
    }

  /* Legend: only what the chart shows. */
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DOT, &t->common_cause, "Common cause" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &t->improvement, "Improvement" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_TRIANGLE, &t->concern, "Concern" };
  if (any_neutral)
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DIAMOND, &t->neutral, "Neither" };
  if (any_ghost)
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_RING, &t->common_cause, "Excluded" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_LINE, &t->mean, "Mean" };
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DASH, &t->limit, "Process limits" };
  if (any_target)
    legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DASH, &t->target, "Target" };

  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  if (n_values < 2)
    {
      plot = body;
      _pd_chart_draw_message (ctx, &plot, n_values == 0
                              ? "No data for this indicator in the period chosen"
                              : "Only one point: an SPC chart needs at least two");
      return;
    }

  plot.y = body.y + (spec->value_label != NULL ? label_h * 2.0 : label_h * 0.6);
  plot.height = body.height - (plot.y - body.y) - label_h * 1.6 - legend_h - ctx->font_px * 0.6;
  /* The axis stops where the values do: no room below 0 for a rate. */
  {
    double axis_lo = lo - (hi - lo) * 0.04, axis_hi = hi + (hi - lo) * 0.04;

    if (!isnan (r->shown_min) && hi > lo)
      axis_lo = MAX (axis_lo, r->shown_min);
    if (!isnan (r->shown_max) && hi > lo)
      axis_hi = MIN (axis_hi, r->shown_max);
    /* A flat series at a floor of 0 (a count of none every month) gets an axis from 0 up,
     * not one centred on it. */
    _pd_chart_axis_init (&y, axis_lo, axis_hi,
                         (guint) MAX (plot.height / (ctx->font_px * 3.6), 3),
                         !(hi > lo) && lo == 0 && r->shown_min == 0);
  }
  axis_w = _pd_chart_value_axis_width (ctx, &y, spec->format);
  plot.x = body.x + axis_w + ctx->font_px * 0.6;
  plot.width = body.x + body.width - plot.x;
  y.p0 = plot.y + plot.height;
  y.p1 = plot.y;
  ctx->geometry->plot = plot;

  _pd_chart_draw_value_axis (ctx, &y, &plot, spec->format);
  if (spec->value_label != NULL)
    _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, spec->value_label, body.x, body.y,
                    PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, plot.width,
                    PD_CHART_LABEL_TITLE);

  /* Half a step of margin each side so end points are not cut in half. */
  {
    double inset = MIN (plot.width / (2.0 * r->n_points), ctx->font_px * 0.8);
    x0 = plot.x + inset;
    dx = r->n_points > 1 ? (plot.width - 2 * inset) / (double) (r->n_points - 1) : 0;
  }

  labels = g_new (const char *, r->n_points);
  xs = g_new (double, r->n_points);
  {
    g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
    for (gsize i = 0; i < r->n_points; i++)
      {
        if (spec->spc.labels != NULL)
          labels[i] = spec->spc.labels[i];
        else
          {
            char *number = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);
            g_ptr_array_add (numbers, number);
            labels[i] = number;
          }
        xs[i] = x0 + i * dx;
      }
    _pd_chart_draw_category_axis (ctx, labels, xs, r->n_points,
                                  plot.y + plot.height + label_h * 0.3, body.x,
                                  body.x + body.width);
  }

  dense = dx < ctx->font_px * 0.45;
  if (dense)
    {
      /* A dense series is a solid band: the mean and limits go on top of it. */
      draw_points_thinned (ctx, r, &y, &plot, x0, dx);
      draw_partition_lines (ctx, r, &y, &plot, x0, dx, spec->spc.two_sigma);
    }
  else
    {
      draw_partition_lines (ctx, r, &y, &plot, x0, dx, spec->spc.two_sigma);
      draw_points (ctx, r, &y, x0, dx);
    }
  draw_annotations (ctx, spec->spc.annotations, r, &y, &plot, x0, dx);

  _pd_chart_draw_legend (ctx, legend, n_legend, body.x,
                         body.y + body.height - legend_h, body.width);
}
