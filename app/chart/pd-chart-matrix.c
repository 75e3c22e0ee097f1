/* pd-chart-matrix.c — grids: the icon matrix and the domain heat map
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are named on the left; columns across the top, turned upright when their names
 * are wider than a cell so that they never overlap. Both charts share the layout.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

typedef struct
{
  PdChartRect grid;
  double      cell_w;
  double      cell_h;
  double      name_w;
} GridLayout;

/* Upright text, reading bottom to top, its foot at (x, y). */
static void
upright_text (PdChartContext *ctx,
              const char     *text,
              double          x,
              double          y,
              double          max_len)
{
  PangoRectangle logical;
  PdChartLabel label;
  cairo_t *cr = ctx->cr;

  pango_layout_set_font_description (ctx->layout, ctx->fonts[PD_CHART_FONT_SMALL]);
  pango_layout_set_width (ctx->layout, (int) (max_len * PANGO_SCALE));
  pango_layout_set_ellipsize (ctx->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (ctx->layout, text, -1);
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  cairo_save (cr);
  _pd_chart_set_color (cr, &ctx->theme->muted);
  cairo_translate (cr, x - (double) logical.height / PANGO_SCALE / 2, y);
  cairo_rotate (cr, -G_PI / 2);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, ctx->layout);
  cairo_restore (cr);

  label.role = PD_CHART_LABEL_X_TICK;
  label.area.x = x - (double) logical.height / PANGO_SCALE / 2;
  label.area.width = (double) logical.height / PANGO_SCALE;
  label.area.height = (double) logical.width / PANGO_SCALE;
  label.area.y = y - label.area.height;
  label.text = g_strdup (text);
  g_array_append_val (ctx->geometry->labels, label);
}

static gboolean
layout_grid (PdChartContext        *ctx,
             const PdChartGridData *g,
             double                 legend_h,
             GridLayout            *out)
{
  PdChartRect body = ctx->body;
  double widest_col = 0, label_h, header_h, max_header;
  gboolean upright;

  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, "Ag", NULL, &label_h);
  out->name_w = 0;
  for (gsize r = 0; r < g->n_rows; r++)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, g->rows[r], &w, NULL);
      out->name_w = MAX (out->name_w, w);
    }
  for (gsize c = 0; c < g->n_columns; c++)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, g->columns[c], &w, NULL);
      widest_col = MAX (widest_col, w);
    }
  out->name_w = MIN (out->name_w, body.width * 0.3);
  out->grid.x = body.x + out->name_w + ctx->font_px * 0.8;
  out->grid.width = body.x + body.width - out->grid.x;
  out->cell_w = out->grid.width / MAX (g->n_columns, 1);
  upright = widest_col + ctx->font_px * 0.6 > out->cell_w;
  max_header = body.height * 0.3;
  header_h = upright ? MIN (widest_col, max_header) + ctx->font_px * 0.5 : label_h * 1.4;
  out->grid.y = body.y + header_h;
  out->grid.height = body.height - header_h - legend_h - ctx->font_px * 0.6;
  out->cell_h = out->grid.height / MAX (g->n_rows, 1);
  ctx->geometry->plot = out->grid;

  /* Zebra rows help the eye along a wide grid. */
  for (gsize r = 1; r < g->n_rows; r += 2)
    {
      _pd_chart_set_color_alpha (ctx->cr, &ctx->theme->grid, 0.5);
      cairo_rectangle (ctx->cr, body.x, out->grid.y + r * out->cell_h, body.width, out->cell_h);
      cairo_fill (ctx->cr);
    }

  for (gsize c = 0; c < g->n_columns; c++)
    {
      double cx = out->grid.x + (c + 0.5) * out->cell_w;
      if (upright)
        upright_text (ctx, g->columns[c], cx, out->grid.y - ctx->font_px * 0.3, max_header);
      else
        _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->muted, g->columns[c], cx,
                        body.y, PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_START, out->cell_w,
                        PD_CHART_LABEL_X_TICK);
    }
  {
    double last_bottom = -INFINITY;
    for (gsize r = 0; r < g->n_rows; r++)
      {
        double cy = out->grid.y + (r + 0.5) * out->cell_h;
        if (cy - label_h / 2 < last_bottom)
          continue;
        PdChartRect box = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->foreground,
                                          g->rows[r], body.x, cy, PD_CHART_ANCHOR_START,
                                          PD_CHART_ANCHOR_CENTER, out->name_w,
                                          PD_CHART_LABEL_CATEGORY);
        last_bottom = box.y + box.height;
      }
  }
  return TRUE;
}

/* One icon, as _pd_chart_draw_variation_icon() or _pd_chart_draw_assurance_icon() draws
 * it (@kind 0 or 1, @icon its value), drawn once into a small surface of the target's kind
 * at device resolution, centred. */
static cairo_pattern_t *
make_stamp (PdChartContext *ctx,
            guint           kind,
            int             icon,
            double          size,
            double          scale,
            int             pixels)
{
  cairo_surface_t *surface = cairo_surface_create_similar (cairo_get_target (ctx->cr),
                                                           CAIRO_CONTENT_COLOR_ALPHA,
                                                           pixels, pixels);
  cairo_t *target = ctx->cr;
  cairo_t *cr = cairo_create (surface);
  double c = pixels / scale / 2;
  cairo_pattern_t *pattern;

  cairo_scale (cr, scale, scale);
  /* The icon functions draw on ctx->cr: lend them the stamp's. */
  ctx->cr = cr;
  if (kind == 0)
    _pd_chart_draw_variation_icon (ctx, (PdSpcVariationIcon) icon, c, c, size);
  else
    _pd_chart_draw_assurance_icon (ctx, (PdSpcAssuranceIcon) icon, c, c, size);
  ctx->cr = target;
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_surface_destroy (surface);
  return pattern;
}

/* The matrix's icons on a raster target (an image, or GTK's recording of one). Each
 * distinct icon (a dozen at most: 8 variation and 4 assurance kinds) is drawn once and
 * stamped at whole device pixels, at most half a pixel from its place: 2,400 antialiased
 * compact discs and letters rasterised one by one cost some 13 ms at 1600 × 900, and
 * the Overview's 120 full-size icons (ringed discs, dots, strokes, letters) some 18 ms
 * on the 2-core VM; stamped, about a tenth of that. */
static void
draw_stamped_icons (PdChartContext        *ctx,
                    const GridLayout      *layout,
                    const PdChartGridData *g,
                    double                 icon)
{
  cairo_t *cr = ctx->cr;
  cairo_pattern_t *stamps[2][16] = { { NULL } };
  double ux = 1, uy = 0, scale;
  int pixels;
  gsize n = g->n_rows * g->n_columns;

  cairo_user_to_device_distance (cr, &ux, &uy);
  scale = MAX (hypot (ux, uy), 0.01);
  pixels = (int) ceil (icon * scale) + 2;

  for (gsize cell = 0; cell < n; cell++)
    for (guint side = 0; side < 2; side++)
      {
        int value = side == 0 ? (int) g->variation[cell] : (int) g->assurance[cell];
        cairo_pattern_t *stamp;
        cairo_matrix_t matrix;
        double cx = layout->grid.x + (cell % g->n_columns + 0.5) * layout->cell_w +
                    (side == 0 ? -icon * 0.55 : icon * 0.55);
        double cy = layout->grid.y + (cell / g->n_columns + 0.5) * layout->cell_h;
        double left, top;

        if (value < 0 || value >= (int) G_N_ELEMENTS (stamps[side]))
          {
            /* Not an icon this file knows: drawn in place, as a vector target gets it. */
            if (side == 0)
              _pd_chart_draw_variation_icon (ctx, g->variation[cell], cx, cy, icon);
            else
              _pd_chart_draw_assurance_icon (ctx, g->assurance[cell], cx, cy, icon);
            continue;
          }
        stamp = stamps[side][value];
        if (stamp == NULL)
          stamp = stamps[side][value] = make_stamp (ctx, side, value, icon, scale, pixels);

        cairo_user_to_device (cr, &cx, &cy);
        left = round (cx - pixels / 2.0);
        top = round (cy - pixels / 2.0);
        cairo_save (cr);
        cairo_identity_matrix (cr);
        cairo_matrix_init_translate (&matrix, -left, -top);
        cairo_pattern_set_matrix (stamp, &matrix);
        cairo_set_source (cr, stamp);
        cairo_rectangle (cr, left, top, pixels, pixels);
        cairo_fill (cr);
        cairo_restore (cr);
      }
  for (guint side = 0; side < 2; side++)
    for (guint i = 0; i < G_N_ELEMENTS (stamps[side]); i++)
      g_clear_pointer (&stamps[side][i], cairo_pattern_destroy);
}

void
_pd_chart_render_matrix (PdChartContext *ctx)
{
  const PdChartGridData *g = &ctx->spec->grid;
  const PdChartTheme *t = ctx->theme;
  GridLayout layout;
  double legend_h, icon;
  gboolean stamp;
  PdChartLegendEntry legend[] = {
    { PD_CHART_SWATCH_DOT, &t->common_cause, "Common cause" },
    { PD_CHART_SWATCH_DOT, &t->improvement, "Improvement (H higher, L lower)" },
    { PD_CHART_SWATCH_DOT, &t->concern, "Concern (H, L)" },
    { PD_CHART_SWATCH_DOT, &t->neutral, "Neither (H, L)" },
    { PD_CHART_SWATCH_DOT, &t->improvement, "P: will meet target" },
    { PD_CHART_SWATCH_DOT, &t->concern, "F: will fail target" },
    { PD_CHART_SWATCH_DOT, &t->common_cause, "?: hit or miss" },
  };

  legend_h = _pd_chart_legend_height (ctx, legend, G_N_ELEMENTS (legend), ctx->body.width);
  if (g->n_rows == 0 || g->n_columns == 0)
    {
      _pd_chart_draw_message (ctx, &ctx->body, "No indicators with SPC results to show");
      return;
    }
  layout_grid (ctx, g, legend_h, &layout);
  icon = MIN (layout.cell_h * 0.86, (layout.cell_w - ctx->font_px * 0.3) / 2.1);
  icon = MIN (icon, ctx->font_px * 3);

  /* Vector files get every icon as its own paths: exact at any zoom, and Cairo 1.16's
   * SVG surface mishandles patterns made from similar surfaces. */
  stamp = cairo_surface_get_type (cairo_get_target (ctx->cr)) == CAIRO_SURFACE_TYPE_IMAGE ||
          cairo_surface_get_type (cairo_get_target (ctx->cr)) == CAIRO_SURFACE_TYPE_RECORDING;
  if (stamp)
    draw_stamped_icons (ctx, &layout, g, icon);
  for (gsize r = 0; r < g->n_rows; r++)
    for (gsize c = 0; c < g->n_columns; c++)
      {
        gsize cell = r * g->n_columns + c;
        double cx = layout.grid.x + (c + 0.5) * layout.cell_w;
        double cy = layout.grid.y + (r + 0.5) * layout.cell_h;

        if (!stamp)
          {
            _pd_chart_draw_variation_icon (ctx, g->variation[cell], cx - icon * 0.55, cy, icon);
            _pd_chart_draw_assurance_icon (ctx, g->assurance[cell], cx + icon * 0.55, cy, icon);
          }
        _pd_chart_add_item (ctx, PD_CHART_ITEM_CELL, (guint) r, (guint) c,
                            layout.grid.x + c * layout.cell_w, layout.grid.y + r * layout.cell_h,
                            layout.cell_w, layout.cell_h, cx - icon * 0.55, cy);
      }
  _pd_chart_draw_legend (ctx, legend, G_N_ELEMENTS (legend), ctx->body.x,
                         ctx->body.y + ctx->body.height - legend_h, ctx->body.width);
}

static const PdChartColor *
rag_color (const PdChartTheme *t,
           PdChartRag          rag)
{
  switch (rag)
    {
    case PD_CHART_RAG_GREEN:
      return &t->rag_green;
    case PD_CHART_RAG_AMBER:
      return &t->rag_amber;
    case PD_CHART_RAG_RED:
      return &t->rag_red;
    case PD_CHART_RAG_NONE:
    default:
      return &t->other;
    }
}

void
_pd_chart_render_heatmap (PdChartContext *ctx)
{
  const PdChartGridData *g = &ctx->spec->grid;
  const PdChartTheme *t = ctx->theme;
  cairo_t *cr = ctx->cr;
  GridLayout layout;
  double legend_h, glyph;
  PdChartLegendEntry legend[] = {
    { PD_CHART_SWATCH_SQUARE, &t->rag_red, "Red: look first" },
    { PD_CHART_SWATCH_TRIANGLE, &t->rag_amber, "Amber: watch" },
    { PD_CHART_SWATCH_DOT, &t->rag_green, "Green: assured" },
  };

  legend_h = _pd_chart_legend_height (ctx, legend, G_N_ELEMENTS (legend), ctx->body.width);
  if (g->n_rows == 0 || g->n_columns == 0)
    {
      _pd_chart_draw_message (ctx, &ctx->body, "No providers with quality data to show");
      return;
    }
  layout_grid (ctx, g, legend_h, &layout);
  glyph = MIN (layout.cell_h * 0.34, ctx->font_px * 0.8);

  for (gsize r = 0; r < g->n_rows; r++)
    for (gsize c = 0; c < g->n_columns; c++)
      {
        gsize cell = r * g->n_columns + c;
        double x = layout.grid.x + c * layout.cell_w, y = layout.grid.y + r * layout.cell_h;
        double gap = MAX (ctx->line * 1.5, 1.5), cy = y + layout.cell_h / 2;
        const PdChartColor *color = rag_color (t, g->status[cell]);
        g_autofree char *text = NULL;
        double tx = x + gap + glyph * 2.8, tw = layout.cell_w - 2 * gap - glyph * 3.2, th;

        _pd_chart_set_color_alpha (cr, color, g->status[cell] == PD_CHART_RAG_NONE ? 0.25 : 0.3);
        cairo_rectangle (cr, x + gap, y + gap, layout.cell_w - 2 * gap, layout.cell_h - 2 * gap);
        cairo_fill (cr);
        _pd_chart_draw_rag (ctx, g->status[cell], x + gap + glyph * 1.5, cy, glyph);
        text = g->texts[cell] != NULL
               ? g_strdup_printf ("%s · %s", _pd_chart_rag_word (g->status[cell]), g->texts[cell])
               : g_strdup (_pd_chart_rag_word (g->status[cell]));
        _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, text, NULL, &th);
        if (tw > ctx->font_px * 2 && th <= layout.cell_h)
          _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &t->foreground, text, tx, cy,
                          PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_CENTER, tw, PD_CHART_LABEL_VALUE);
        _pd_chart_add_item (ctx, PD_CHART_ITEM_CELL, (guint) r, (guint) c, x, y, layout.cell_w,
                            layout.cell_h, x + gap + glyph * 1.5, cy);
      }
  _pd_chart_draw_legend (ctx, legend, G_N_ELEMENTS (legend), ctx->body.x,
                         ctx->body.y + ctx->body.height - legend_h, ctx->body.width);
}
