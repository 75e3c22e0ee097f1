/* pd-chart-per-head.c — spend per weighted head against peers, a panel per category
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Acute contracts cost hundreds of pounds a head and health visiting tens, so one axis
 * would flatten the community services to slivers. Each compared category gets its own
 * panel and its own axis instead, all spend gets the last one, and the rows (the
 * commissioners) run straight across every panel so one commissioner reads along a line.
 * The peers' median is a dashed rule with its value written over the panel: the
 * question is "more or less than our peers?", and a median answers it without one
 * outlying peer moving the mark.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

/* The colours of spend-mix: strong for the compared categories, grey for all spend. */
static PdChartColor
panel_color (const PdChartTheme   *t,
             const PdChartMixData *m,
             guint                 panel)
{
  static const guint start_colors[] = { 0, 4, 3 };
  static const guint end_colors[] = { 1, 5, 2 };
  guint rank = 0;

  if (panel == PD_CHART_PER_HEAD_TOTAL)
    return t->muted;
  for (guint k = 0; k < panel; k++)
    rank += m->places[k] == m->places[panel];
  if (m->places[panel] == PD_CHART_MIX_START)
    return t->palette[start_colors[rank % G_N_ELEMENTS (start_colors)]];
  return t->palette[end_colors[rank % G_N_ELEMENTS (end_colors)]];
}

static gboolean
row_has_data (const PdChartMixData *m,
              gsize                 g)
{
  return isfinite (_pd_chart_per_head_value (m, g, PD_CHART_PER_HEAD_TOTAL));
}

void
_pd_chart_render_per_head (PdChartContext *ctx)
{
  const PdChartMixData *m = &ctx->spec->mix;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  g_autofree guint *panels = g_new (guint, m->n_categories + 1);
  gsize n_panels = _pd_chart_per_head_panels (m, panels), n_rows = 0;
  double name_w = 0, label_h, bold_h, head_h, tick_h, legend_h, gap, panel_w, row_h, bar_h;
  double highlight_y = -1, last_label_bottom = -INFINITY;
  gboolean show_values;
  PdChartColor chosen = panel_color (t, m, panels[0]), peer_tint = chosen;
  g_autofree char *chosen_text = NULL;
  PdChartLegendEntry legend[3];
  gsize n_legend = 0;

  for (gsize g = 0; g < m->n_groups; g++)
    {
      double w;
      if (!row_has_data (m, g))
        continue;
      n_rows++;
      _pd_chart_text_size (ctx, (gssize) g == m->highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_LABEL,
                           m->groups[g], &w, NULL);
      name_w = MAX (name_w, w);
    }
  if (n_rows == 0)
    {
      _pd_chart_draw_message (ctx, &body, "No spend per head: no spend or no weighted population");
      return;
    }

  /* The key says which bar is whose in the first panel's colour; colour alone does not
   * (the commissioner's bars are outlined and its name bold too). */
  peer_tint.alpha = 0.4;
  if (m->highlight >= 0)
    {
      chosen_text = g_strdup_printf ("%s (outlined)", m->groups[m->highlight]);
      legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &chosen, chosen_text };
      legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &peer_tint, "Peers" };
    }
  legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_DASH, &t->foreground,
                                              m->highlight >= 0 ? "Peers' median" : "Median" };
  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);

  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);
  _pd_chart_text_size (ctx, PD_CHART_FONT_BOLD, "Ag", NULL, &bold_h);
  head_h = label_h * 2.3;
  tick_h = label_h * 1.3;
  name_w = MIN (name_w, body.width * 0.25);
  gap = ctx->font_px * 1.6;
  plot.x = body.x + name_w + ctx->font_px * 0.8;
  plot.width = body.x + body.width - plot.x;
  plot.y = body.y + head_h;
  plot.height = body.height - head_h - tick_h - legend_h - ctx->font_px * 0.8;
  ctx->geometry->plot = plot;
  panel_w = (plot.width - gap * (n_panels - 1)) / n_panels;
  row_h = plot.height / n_rows;
  bar_h = MIN (row_h * 0.7, ctx->font_px * 2.0);
  /* Values only where rows are tall enough to keep them apart. */
  show_values = bar_h >= label_h * 0.8 && row_h >= bold_h;

  /* Names once, on the left, thinned (never overlapping) when rows are short. */
  {
    gsize row = 0;
    for (gsize g = 0; g < m->n_groups; g++)
      if (row_has_data (m, g))
        {
          if ((gssize) g == m->highlight)
            highlight_y = plot.y + (row + 0.5) * row_h;
          row++;
        }
    row = 0;
    for (gsize g = 0; g < m->n_groups; g++)
      {
        gboolean highlight = (gssize) g == m->highlight;
        double cy;
        if (!row_has_data (m, g))
          continue;
        cy = plot.y + (row++ + 0.5) * row_h;
        if (highlight || (cy - label_h / 2 >= last_label_bottom &&
                          (highlight_y < 0 || fabs (cy - highlight_y) >= label_h)))
          {
            PdChartRect r = _pd_chart_text (ctx, highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_LABEL,
                                            &t->foreground, m->groups[g], plot.x - ctx->font_px * 0.8,
                                            cy, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER, name_w,
                                            PD_CHART_LABEL_CATEGORY);
            last_label_bottom = r.y + r.height;
          }
      }
  }

  /* Values are written after the bars only when every panel has room for them, so that
   * the panels read alike; the tooltips and the table carry them otherwise. */
  for (gsize k = 0; k < n_panels && show_values; k++)
    for (gsize g = 0; g < m->n_groups; g++)
      {
        double v = _pd_chart_per_head_value (m, g, panels[k]), w;
        g_autofree char *text = NULL;
        if (!row_has_data (m, g) || !isfinite (v))
          continue;
        text = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, v, 1);
        _pd_chart_text_size (ctx, (gssize) g == m->highlight ? PD_CHART_FONT_BOLD
                                                            : PD_CHART_FONT_SMALL, text, &w, NULL);
        show_values &= w + ctx->font_px * 0.4 <= panel_w * 0.45;
      }

  for (gsize k = 0; k < n_panels; k++)
    {
      guint panel = panels[k];
      guint index = panel == PD_CHART_PER_HEAD_TOTAL ? (guint) m->n_categories : panel;
      PdChartColor color = panel_color (t, m, panel), tint = color;
      double px = plot.x + k * (panel_w + gap), hi = 0, value_w = 0, tick_w, median;
      double last_tick_right = -INFINITY;
      g_autofree char *median_text = NULL;
      PdChartAxis axis;
      gsize row = 0;

      tint.alpha = 0.4;
      median = _pd_chart_per_head_median (m, panel);
      for (gsize g = 0; g < m->n_groups; g++)
        {
          double v = _pd_chart_per_head_value (m, g, panel), w;
          g_autofree char *text = NULL;
          if (!row_has_data (m, g) || !isfinite (v))
            continue;
          hi = MAX (hi, v);
          if (!show_values)
            continue;
          text = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, v, 1);
          _pd_chart_text_size (ctx, (gssize) g == m->highlight ? PD_CHART_FONT_BOLD
                                                              : PD_CHART_FONT_SMALL, text, &w, NULL);
          value_w = MAX (value_w, w);
        }
      if (isfinite (median))
        hi = MAX (hi, median);

      /* The panel's name and its peers' median over it. */
      _pd_chart_text (ctx, PD_CHART_FONT_BOLD, &t->foreground,
                      _pd_chart_per_head_panel_name (m, panel), px, body.y,
                      PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, panel_w,
                      PD_CHART_LABEL_CATEGORY);
      if (isfinite (median))
        {
          g_autofree char *money = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, median, 1);
          double mw;
          median_text = g_strdup_printf ("%s %s", m->highlight >= 0 ? "peers' median" : "median",
                                         money);
          /* The key says whose median it is when the panel is too narrow to. */
          _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, median_text, &mw, NULL);
          if (mw > panel_w)
            {
              g_free (median_text);
              median_text = g_strdup_printf ("median %s", money);
            }
          _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, median_text, px,
                          body.y + label_h * 1.15, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START,
                          panel_w, PD_CHART_LABEL_VALUE);
        }

      /* Its axis from £0: lengths compare only from a common zero. */
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "£0,000", &tick_w, NULL);
      value_w += ctx->font_px * 0.4;
      /* At least one tick past zero within the data, so the scale can be read. */
      for (guint max_ticks = (guint) CLAMP ((panel_w - value_w) / (tick_w * 1.6) + 1, 2, 6);
           max_ticks <= 10; max_ticks++)
        {
          guint n_within = 0;
          _pd_chart_axis_init (&axis, 0, hi, max_ticks, TRUE);
          for (guint i = 0; i < axis.n_ticks; i++)
            n_within += axis.ticks[i] <= hi * (1 + 1e-9);
          if (n_within >= 2 || hi <= 0)
            break;
        }
      axis.p0 = px;
      axis.p1 = px + panel_w - value_w;
      /* The longest bar fills the panel: a nice tick past it would only shorten every
       * bar, so the axis ends at the data and keeps the ticks within it. */
      if (hi > 0)
        {
          axis.hi = hi;
          while (axis.n_ticks > 1 && axis.ticks[axis.n_ticks - 1] > hi * (1 + 1e-9))
            axis.n_ticks--;
        }

      cairo_save (cr);
      cairo_set_line_width (cr, ctx->line);
      for (guint i = 0; i < axis.n_ticks; i++)
        {
          double x = round (_pd_chart_axis_map (&axis, axis.ticks[i])) + 0.5, tw;
          PdChartAnchor anchor;
          g_autofree char *text = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, axis.ticks[i],
                                                         axis.step);
          _pd_chart_set_color (cr, i == 0 ? &t->axis : &t->grid);
          cairo_move_to (cr, x, plot.y);
          cairo_line_to (cr, x, plot.y + plot.height);
          cairo_stroke (cr);
          /* Labels a panel's width cannot hold apart are skipped, never overlapped; the
           * last may end at its tick, as a scale's end label does, to stay in the panel. */
          _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, text, &tw, NULL);
          anchor = PD_CHART_ANCHOR_CENTER;
          if (x + tw / 2 > px + panel_w + gap / 2 - ctx->font_px * 0.3 && i > 0)
            anchor = PD_CHART_ANCHOR_END;
          if (x - tw * anchor / 2.0 < last_tick_right + ctx->font_px * 0.5 ||
              x + tw * (1 - anchor / 2.0) > px + panel_w + gap / 2 - ctx->font_px * 0.3)
            continue;
          {
            PdChartRect r = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, text, x,
                                            plot.y + plot.height + label_h * 0.2,
                                            anchor, PD_CHART_ANCHOR_START, -1,
                                            PD_CHART_LABEL_X_TICK);
            last_tick_right = r.x + r.width;
          }
        }
      cairo_restore (cr);

      /* The median, dashed so that it reads as a reference, not a bar; drawn first so that
       * the values written over it stay whole. */
      if (isfinite (median))
        {
          double x = round (_pd_chart_axis_map (&axis, median)) + 0.5;
          double dash[] = { ctx->line * 4, ctx->line * 3 };
          cairo_save (cr);
          _pd_chart_set_color (cr, &t->foreground);
          cairo_set_line_width (cr, ctx->line * 1.5);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_move_to (cr, x, plot.y - label_h * 0.2);
          cairo_line_to (cr, x, plot.y + plot.height);
          cairo_stroke (cr);
          cairo_restore (cr);
        }

      for (gsize g = 0; g < m->n_groups; g++)
        {
          double v = _pd_chart_per_head_value (m, g, panel), cy, x1;
          gboolean highlight = (gssize) g == m->highlight;
          g_autofree char *text = NULL;

          if (!row_has_data (m, g))
            continue;
          cy = plot.y + (row++ + 0.5) * row_h;
          if (!isfinite (v))
            continue;
          x1 = _pd_chart_axis_map (&axis, MAX (v, 0));
          _pd_chart_set_color (cr, highlight || m->highlight < 0 ? &color : &tint);
          cairo_rectangle (cr, px, cy - bar_h / 2, x1 - px, bar_h);
          cairo_fill (cr);
          if (highlight)
            {
              _pd_chart_set_color (cr, &t->highlight);
              cairo_set_line_width (cr, ctx->line * 2);
              cairo_rectangle (cr, px - ctx->line, cy - bar_h / 2 - ctx->line,
                               x1 - px + 2 * ctx->line, bar_h + 2 * ctx->line);
              cairo_stroke (cr);
            }
          _pd_chart_add_item (ctx, PD_CHART_ITEM_BAR, (guint) g, index, px, cy - bar_h / 2,
                              MAX (x1 - px, 1), bar_h, px + MAX (x1 - px, 1) / 2, cy);
          if (show_values)
            {
              PdChartFont font = highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_SMALL;
              double tw, th;
              text = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, v, 1);
              /* The median's rule stops short of the value rather than strike it out. */
              _pd_chart_text_size (ctx, font, text, &tw, &th);
              _pd_chart_set_color (cr, &t->background);
              cairo_rectangle (cr, x1 + ctx->font_px * 0.2, cy - th / 2,
                               tw + ctx->font_px * 0.25, th);
              cairo_fill (cr);
              _pd_chart_text (ctx, font, highlight ? &t->foreground : &t->muted, text,
                              x1 + ctx->font_px * 0.3, cy, PD_CHART_ANCHOR_START,
                              PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_VALUE);
            }
        }
    }

  _pd_chart_draw_legend (ctx, legend, n_legend, body.x, body.y + body.height - legend_h,
                         body.width);
}
