/* pd-chart-spend-mix.c — 100 % stacked bars of spend by category across peers
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One horizontal bar per commissioner (names read left to right, never rotated). The
 * two compared groups of categories are anchored at the two ends of every bar, acute at
 * 0 % and community nursing with health visiting at 100 %, so each is read against a
 * straight baseline; everything else sits quietly between.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "chart/pd-chart-private.h"

static double
group_total (const PdChartMixData *m,
             gsize                 g)
{
  double total = 0;
  for (gsize c = 0; c < m->n_categories; c++)
    {
      double v = m->amounts[g * m->n_categories + c];
      if (isfinite (v) && v > 0)
        total += v;
    }
  return total;
}

/* Strong colours for the anchored categories, alternating greys for the rest. */
static PdChartColor
category_color (const PdChartTheme   *t,
                const PdChartMixData *m,
                gsize                 c)
{
  guint start_rank = 0, end_rank = 0;
  static const guint start_colors[] = { 0, 4, 3 };  /* blue, sky, purple */
  static const guint end_colors[] = { 1, 5, 2 };    /* orange, vermillion, green */

  for (gsize k = 0; k < c; k++)
    {
      start_rank += m->places[k] == PD_CHART_MIX_START;
      end_rank += m->places[k] == PD_CHART_MIX_END;
    }
  switch (m->places[c])
    {
    case PD_CHART_MIX_START:
      return t->palette[start_colors[start_rank % G_N_ELEMENTS (start_colors)]];
    case PD_CHART_MIX_END:
      return t->palette[end_colors[end_rank % G_N_ELEMENTS (end_colors)]];
    case PD_CHART_MIX_MIDDLE:
    default:
      /* One quiet grey: the rest is context, told apart by hairlines and tooltips. */
      return t->other;
    }
}

static gboolean
is_dark (const PdChartColor *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue < 0.5;
}

void
_pd_chart_render_spend_mix (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartMixData *m = &spec->mix;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, plot;
  double name_w = 0, label_h, legend_h, row_h, bar_h, last_label_bottom = -INFINITY;
  double highlight_y = -1, end_w = 0;
  gboolean has_end = FALSE;
  gsize n_rows = 0, n_middle = 0;
  g_autoptr(GPtrArray) legend_texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree PdChartLegendEntry *legend = g_new0 (PdChartLegendEntry, m->n_categories + 2);
  g_autofree PdChartColor *colors = g_new (PdChartColor, MAX (m->n_categories, 1));
  gsize n_legend = 0;
  PdChartColor middle_color = t->other;

  if (m->per_head)
    {
      _pd_chart_render_per_head (ctx);
      return;
    }
  for (gsize c = 0; c < m->n_categories; c++)
    {
      colors[c] = category_color (t, m, c);
      n_middle += m->places[c] == PD_CHART_MIX_MIDDLE;
    }
  for (gsize k = 0; k < m->n_categories; k++)
    {
      gsize c = m->order[k];
      if (m->places[c] == PD_CHART_MIX_START)
        legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &colors[c], m->categories[c] };
    }
  if (n_middle > 0)
    {
      char *text = g_strdup_printf ("Other categories (%" G_GSIZE_FORMAT ")", n_middle);
      g_ptr_array_add (legend_texts, text);
      legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &middle_color, text };
    }
  for (gsize k = 0; k < m->n_categories; k++)
    {
      gsize c = m->order[k];
      if (m->places[c] == PD_CHART_MIX_END)
        legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_SQUARE, &colors[c], m->categories[c] };
    }

  {
    g_autofree char *end_names = NULL;
    GString *names = g_string_new (NULL);
    for (gsize c = 0; c < m->n_categories; c++)
      if (m->places[c] == PD_CHART_MIX_END)
        g_string_append_printf (names, "%s%s", names->len ? " and " : "", m->categories[c]);
    end_names = g_string_free (names, FALSE);
    if (*end_names != '\0')
      {
        char *note = g_strdup_printf ("Right: %s%s, share of spend", end_names,
                                      strstr (end_names, " and ") != NULL ? " together" : "");
        g_ptr_array_add (legend_texts, note);
        legend[n_legend++] = (PdChartLegendEntry) { PD_CHART_SWATCH_NONE, &t->muted, note };
      }
  }
  legend_h = _pd_chart_legend_height (ctx, legend, n_legend, body.width);
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  for (gsize g = 0; g < m->n_groups; g++)
    {
      double w;
      if (group_total (m, g) <= 0)
        continue;
      n_rows++;
      _pd_chart_text_size (ctx, (gssize) g == m->highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_LABEL,
                           m->groups[g], &w, NULL);
      name_w = MAX (name_w, w);
    }
  if (n_rows == 0)
    {
      _pd_chart_draw_message (ctx, &body, "No spend recorded for the period chosen");
      return;
    }
  name_w = MIN (name_w, body.width * 0.3);
  /* The end group's share is also written after each bar: small slices are hard to
   * compare by length, and this is the number the question asks for. */
  for (gsize c = 0; c < m->n_categories; c++)
    has_end |= m->places[c] == PD_CHART_MIX_END;
  if (has_end)
    _pd_chart_text_size (ctx, PD_CHART_FONT_BOLD, "100.0 %", &end_w, NULL);

  plot.x = body.x + name_w + ctx->font_px;
  plot.width = body.x + body.width - plot.x - ctx->font_px * 0.5 - (has_end ? end_w + ctx->font_px * 0.6 : 0);
  plot.y = body.y + label_h * 1.4;
  plot.height = body.height - label_h * 1.4 - legend_h - ctx->font_px * 0.8;
  ctx->geometry->plot = plot;
  row_h = plot.height / n_rows;
  bar_h = MIN (row_h * 0.72, ctx->font_px * 2.6);

  /* Share axis along the top, where the eye starts, with quarter grid lines. */
  cairo_save (cr);
  cairo_set_line_width (cr, ctx->line);
  for (guint q = 0; q <= 4; q++)
    {
      double px = round (plot.x + plot.width * q / 4.0) + 0.5;
      g_autofree char *text = g_strdup_printf ("%u %%", q * 25);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, text, px, body.y,
                      q == 0 ? PD_CHART_ANCHOR_START : q == 4 ? PD_CHART_ANCHOR_END
                                                          : PD_CHART_ANCHOR_CENTER,
                      PD_CHART_ANCHOR_START, -1, PD_CHART_LABEL_X_TICK);
    }
  cairo_restore (cr);

  {
    gsize row = 0;
    for (gsize g = 0; g < m->n_groups; g++)
      {
        if (group_total (m, g) <= 0)
          continue;
        if ((gssize) g == m->highlight)
          highlight_y = plot.y + (row + 0.5) * row_h;
        row++;
      }
    row = 0;
    for (gsize g = 0; g < m->n_groups; g++)
      {
        double total = group_total (m, g), cy, by, x = plot.x;
        gboolean highlight = (gssize) g == m->highlight;

        if (total <= 0)
          continue;
        cy = plot.y + (row + 0.5) * row_h;
        by = cy - bar_h / 2;
        row++;

        /* Names thin out (never overlap) when there are more rows than lines of text. */
        if (highlight || (cy - label_h / 2 >= last_label_bottom &&
                          (highlight_y < 0 || fabs (cy - highlight_y) >= label_h)))
          {
            PdChartRect r = _pd_chart_text (ctx, highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_LABEL,
                                            &t->foreground, m->groups[g], plot.x - ctx->font_px * 0.6,
                                            cy, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER, name_w,
                                            PD_CHART_LABEL_CATEGORY);
            last_label_bottom = r.y + r.height;
          }

        for (gsize k = 0; k < m->n_categories; k++)
          {
            gsize c = m->order[k];
            double v = m->amounts[g * m->n_categories + c], w;
            if (!isfinite (v) || v <= 0)
              continue;
            w = v / total * plot.width;
            _pd_chart_set_color (cr, &colors[c]);
            cairo_rectangle (cr, x, by, w, bar_h);
            cairo_fill (cr);
            /* A hairline of background between segments keeps the greys apart. */
            _pd_chart_set_color (cr, &t->background);
            cairo_set_line_width (cr, ctx->line);
            cairo_move_to (cr, x + w, by);
            cairo_line_to (cr, x + w, by + bar_h);
            cairo_stroke (cr);
            _pd_chart_add_item (ctx, PD_CHART_ITEM_BAR, (guint) g, (guint) c, x, by, w, bar_h,
                                x + w / 2, cy);

            if (m->places[c] == PD_CHART_MIX_START)
              {
                g_autofree char *share = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                                v / total, 0.01);
                double tw, th;
                PdChartColor ink = is_dark (&colors[c]) ? (PdChartColor) { 1, 1, 1, 1 }
                                                        : (PdChartColor) { 0.1, 0.1, 0.1, 1 };
                _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, share, &tw, &th);
                if (tw + ctx->font_px * 0.6 <= w && th <= bar_h)
                  _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ink, share,
                                  m->places[c] == PD_CHART_MIX_START ? x + ctx->font_px * 0.3
                                                                     : x + w - ctx->font_px * 0.3,
                                  cy, m->places[c] == PD_CHART_MIX_START ? PD_CHART_ANCHOR_START
                                                                         : PD_CHART_ANCHOR_END,
                                  PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_VALUE);
              }
            x += w;
          }

        if (has_end)
          {
            double end_share = 0;
            g_autofree char *text = NULL;
            for (gsize c = 0; c < m->n_categories; c++)
              {
                double v = m->amounts[g * m->n_categories + c];
                if (m->places[c] == PD_CHART_MIX_END && isfinite (v) && v > 0)
                  end_share += v / total;
              }
            text = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION, end_share, 0.001);
            _pd_chart_text (ctx, highlight ? PD_CHART_FONT_BOLD : PD_CHART_FONT_LABEL,
                            &t->foreground, text, body.x + body.width, cy, PD_CHART_ANCHOR_END,
                            PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_VALUE);
          }
        if (highlight)
          {
            _pd_chart_set_color (cr, &t->highlight);
            cairo_set_line_width (cr, ctx->line * 2);
            cairo_rectangle (cr, plot.x - ctx->line, by - ctx->line, plot.width + 2 * ctx->line,
                             bar_h + 2 * ctx->line);
            cairo_stroke (cr);
          }
      }
  }

  _pd_chart_draw_legend (ctx, legend, n_legend, body.x, body.y + body.height - legend_h,
                         body.width);
}
