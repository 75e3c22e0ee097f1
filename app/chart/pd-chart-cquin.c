/* pd-chart-cquin.c — CQUIN progress: bullet bars per indicator and quarter, and the money
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each cell is a bullet bar: the track is the indicator's scale, the shaded zone runs from
 * the threshold where nothing is paid to the one where everything is, the bar is the
 * quarter's result, and a RAG glyph says met, part met or missed in shape and colour.
 * Underneath, the scheme's money as one bar: earned, withheld, pending (not judged yet).
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

static PdChartRag
achievement_rag (double achievement)
{
  if (!isfinite (achievement))
    return PD_CHART_RAG_NONE;
  if (achievement >= 1.0 - 1e-9)
    return PD_CHART_RAG_GREEN;
  if (achievement > 0)
    return PD_CHART_RAG_AMBER;
  return PD_CHART_RAG_RED;
}

void
_pd_chart_render_cquin (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  const PdChartCquinData *c = &spec->cquin;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  PdChartRect body = ctx->body, grid, money;
  double name_w = 0, label_h, row_h, cell_w, total, legend_h, last_bottom = -INFINITY;
  PdChartColor zone = t->palette[4];
  zone.alpha = 0.45;
  PdChartLegendEntry legend[] = {
    { PD_CHART_SWATCH_BAND, &zone, "Between the thresholds (part payment)" },
    { PD_CHART_SWATCH_DOT, &t->foreground, "Result" },
    { PD_CHART_SWATCH_LINE, &t->foreground, "Full payment" },
    { PD_CHART_SWATCH_DOT, &t->rag_green, "Met" },
    { PD_CHART_SWATCH_TRIANGLE, &t->rag_amber, "Part met" },
    { PD_CHART_SWATCH_SQUARE, &t->rag_red, "Missed" },
  };

  for (gsize i = 0; i < c->n_rows; i++)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_LABEL, c->rows[i].name, &w, NULL);
      name_w = MAX (name_w, w);
    }
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);

  legend_h = _pd_chart_legend_height (ctx, legend, G_N_ELEMENTS (legend), body.width);

  if (c->n_rows == 0)
    {
      _pd_chart_draw_message (ctx, &body, "No CQUIN scheme for the provider and year chosen");
      return;
    }

  name_w = MIN (name_w, body.width * 0.28);
  money.height = ctx->font_px * 1.8;
  money.x = body.x;
  money.width = body.width;
  money.y = body.y + body.height - legend_h - ctx->font_px * 0.6 - label_h * 1.3 - money.height;
  grid.x = body.x + name_w + ctx->font_px;
  grid.width = body.x + body.width - grid.x;
  grid.y = body.y + label_h * 1.5;
  grid.height = money.y - label_h * 1.4 - ctx->font_px * 1.2 - grid.y;
  ctx->geometry->plot = grid;
  row_h = grid.height / c->n_rows;
  cell_w = grid.width / 4;

  for (guint q = 0; q < 4; q++)
    {
      g_autofree char *text = g_strdup_printf ("Q%u", q + 1);
      _pd_chart_text (ctx, PD_CHART_FONT_BOLD, &t->muted, text, grid.x + (q + 0.5) * cell_w,
                      body.y, PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_START, -1,
                      PD_CHART_LABEL_X_TICK);
    }

  for (gsize i = 0; i < c->n_rows; i++)
    {
      const PdChartCquinRow *row = &c->rows[i];
      double lo = INFINITY, hi = -INFINITY, cy = grid.y + (i + 0.5) * row_h;
      double bar_h = MIN (row_h * 0.5, ctx->font_px * 1.3), glyph = MIN (row_h * 0.32, ctx->font_px * 0.7);

      /* One scale per indicator, shared by its four quarters. */
      for (guint q = 0; q < 4; q++)
        {
          double v[] = { row->min_threshold[q], row->max_threshold[q], row->performance[q] };
          for (guint k = 0; k < 3; k++)
            if (isfinite (v[k]))
              {
                lo = MIN (lo, v[k]);
                hi = MAX (hi, v[k]);
              }
        }
      /* The scale frames the thresholds and results with room either side: the result
       * is a marker, not a bar from zero, so the axis need not start at zero. */
      lo = INFINITY;
      for (guint q = 0; q < 4; q++)
        {
          double v[] = { row->min_threshold[q], row->max_threshold[q], row->performance[q] };
          for (guint k = 0; k < 3; k++)
            if (isfinite (v[k]))
              lo = MIN (lo, v[k]);
        }
      if (!isfinite (lo) || !isfinite (hi) || hi <= lo)
        {
          lo = isfinite (lo) ? lo - 0.5 : 0;
          hi = lo + 1;
        }
      else
        {
          double span = hi - lo;
          lo -= span * 0.35;
          hi += span * 0.35;
        }

      if (cy - label_h / 2 >= last_bottom)
        {
          PdChartRect box;
          /* Long indicator names wrap to two lines when the row has room for them. */
          pango_layout_set_wrap (ctx->layout, PANGO_WRAP_WORD);
          pango_layout_set_height (ctx->layout, row_h >= label_h * 2.6 ? -2 : -1);
          box = _pd_chart_text (ctx, PD_CHART_FONT_LABEL, &t->foreground, row->name, body.x, cy,
                                PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_CENTER, name_w,
                                PD_CHART_LABEL_CATEGORY);
          pango_layout_set_height (ctx->layout, -1);
          last_bottom = box.y + box.height;
        }
      /* A hairline between rows. */
      if (i > 0)
        {
          _pd_chart_set_color (cr, &t->grid);
          cairo_set_line_width (cr, ctx->line);
          cairo_move_to (cr, body.x, round (grid.y + i * row_h) + 0.5);
          cairo_line_to (cr, body.x + body.width, round (grid.y + i * row_h) + 0.5);
          cairo_stroke (cr);
        }

      for (guint q = 0; q < 4; q++)
        {
          double x0 = grid.x + q * cell_w + ctx->font_px * 0.4;
          double track_w = cell_w - ctx->font_px * 0.8 - glyph * 2.6;
          double a = row->min_threshold[q], b = row->max_threshold[q], p = row->performance[q];
          PdChartRag rag = achievement_rag (row->achievement[q]);
#define MAPX(v) (x0 + ((v) - lo) / (hi - lo) * track_w)

          _pd_chart_set_color_alpha (cr, &t->grid, 0.8);
          cairo_rectangle (cr, x0, cy - bar_h / 2, track_w, bar_h);
          cairo_fill (cr);
          if (isfinite (a) && isfinite (b))
            {
              double za = MAPX (MIN (a, b)), zb = MAPX (MAX (a, b));
              /* Fainter while the quarter is not in, so the words on it read. */
              _pd_chart_set_color_alpha (cr, &zone, isfinite (p) ? 1.0 : 0.45);
              cairo_rectangle (cr, za, cy - bar_h / 2, MAX (zb - za, ctx->line), bar_h);
              cairo_fill (cr);
              /* The full-payment threshold as a tick across the bar. */
              _pd_chart_set_color (cr, &t->foreground);
              cairo_set_line_width (cr, ctx->line * 2);
              cairo_move_to (cr, MAPX (row->lower_is_better ? MIN (a, b) : MAX (a, b)), cy - bar_h * 0.65);
              cairo_line_to (cr, MAPX (row->lower_is_better ? MIN (a, b) : MAX (a, b)), cy + bar_h * 0.65);
              cairo_stroke (cr);
            }
          if (isfinite (p))
            {
              _pd_chart_draw_marker (cr, PD_CHART_SWATCH_DOT, MAPX (p), cy, bar_h * 0.34,
                                     &t->foreground, FALSE, ctx->line);
              _pd_chart_draw_rag (ctx, rag, x0 + track_w + glyph * 1.5, cy, glyph);
            }
          else
            _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->muted, "not yet reported",
                            x0 + track_w / 2, cy, PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_CENTER,
                            track_w, PD_CHART_LABEL_VALUE);
          _pd_chart_add_item (ctx, PD_CHART_ITEM_CELL, (guint) i, q, grid.x + q * cell_w,
                              cy - row_h / 2, cell_w, row_h, x0 + track_w / 2, cy);
#undef MAPX
        }
    }

  /* The money. */
  total = MAX (c->earned, 0) + MAX (c->withheld, 0) + MAX (c->pending, 0);
  {
    const double parts[] = { MAX (c->earned, 0), MAX (c->withheld, 0), MAX (c->pending, 0) };
    const PdChartColor *colors[] = { &t->rag_green, &t->concern, &t->other };
    static const char * const names[] = { "earned", "withheld", "pending" };
    double x = money.x, label_y = money.y - label_h * 1.3;
    g_autoptr(GString) heading = g_string_new ("CQUIN money: ");

    for (guint k = 0; k < 3; k++)
      {
        g_autofree char *v = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, parts[k], 0);
        g_string_append_printf (heading, "%s%s %s", k ? " · " : "", v, names[k]);
      }
    _pd_chart_text (ctx, PD_CHART_FONT_BOLD, &t->foreground, heading->str, money.x, label_y,
                    PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, money.width, PD_CHART_LABEL_VALUE);
    for (guint k = 0; total > 0 && k < 3; k++)
      {
        double w = parts[k] / total * money.width;
        if (w <= 0)
          continue;
        _pd_chart_set_color (cr, colors[k]);
        cairo_rectangle (cr, x, money.y, w, money.height);
        cairo_fill (cr);
        if (k == 2)
          {
            /* Hatched: money not yet decided is not a colour alone either. */
            cairo_save (cr);
            cairo_rectangle (cr, x, money.y, w, money.height);
            cairo_clip (cr);
            _pd_chart_set_color (cr, &t->background);
            cairo_set_line_width (cr, ctx->line);
            for (double hx = x - money.height; hx < x + w; hx += ctx->font_px * 0.5)
              {
                cairo_move_to (cr, hx, money.y + money.height);
                cairo_line_to (cr, hx + money.height, money.y);
              }
            cairo_stroke (cr);
            cairo_restore (cr);
          }
        _pd_chart_add_item (ctx, PD_CHART_ITEM_BAR, 0, k, x, money.y, w, money.height,
                            x + w / 2, money.y + money.height / 2);
        x += w;
      }
  }
  _pd_chart_draw_legend (ctx, legend, G_N_ELEMENTS (legend), body.x,
                         body.y + body.height - legend_h, body.width);
}
