/* pd-chart-render.c — pd_chart_render() and the parts every chart shares
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Titles, axes with nice ticks, thinned category labels, legends, markers and the
 * "no data" message live here so that every chart kind looks like one family. All text
 * goes through one PangoLayout made by pango_cairo_create_layout(), so the same code
 * draws on image, SVG and PDF surfaces and on a GTK snapshot.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "chart/pd-chart-private.h"

G_DEFINE_QUARK (pd-chart-error-quark, pd_chart_error)

void
_pd_chart_set_color (cairo_t            *cr,
                     const PdChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
_pd_chart_set_color_alpha (cairo_t            *cr,
                           const PdChartColor *color,
                           double              alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
set_layout_text (PdChartContext *ctx,
                 PdChartFont     font,
                 const char     *text,
                 double          max_width)
{
  pango_layout_set_font_description (ctx->layout, ctx->fonts[font]);
  pango_layout_set_width (ctx->layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (ctx->layout,
                              max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  /* Pango lays a text out again whenever it is set, even to the same words; a label is
   * often measured and then drawn, so the second layout is kept. (The font, width and
   * ellipsis setters already skip unchanged values.) */
  if (g_strcmp0 (pango_layout_get_text (ctx->layout), text) != 0)
    pango_layout_set_text (ctx->layout, text, -1);
}

void
_pd_chart_text_size (PdChartContext *ctx,
                     PdChartFont     font,
                     const char     *text,
                     double         *out_width,
                     double         *out_height)
{
  PangoRectangle logical;

  set_layout_text (ctx, font, text, -1);
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  if (out_width != NULL)
    *out_width = (double) logical.width / PANGO_SCALE;
  if (out_height != NULL)
    *out_height = (double) logical.height / PANGO_SCALE;
}

PdChartRect
_pd_chart_text (PdChartContext     *ctx,
                PdChartFont         font,
                const PdChartColor *color,
                const char         *text,
                double              x,
                double              y,
                PdChartAnchor       ax,
                PdChartAnchor       ay,
                double              max_width,
                PdChartLabelRole    role)
{
  PangoRectangle logical;
  PdChartRect rect;
  PdChartLabel label;

  set_layout_text (ctx, font, text, max_width);
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  rect.width = (double) logical.width / PANGO_SCALE;
  rect.height = (double) logical.height / PANGO_SCALE;
  rect.x = x - rect.width * ax / 2.0;
  rect.y = y - rect.height * ay / 2.0;

  _pd_chart_set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, rect.x - (double) logical.x / PANGO_SCALE, rect.y);
  pango_cairo_show_layout (ctx->cr, ctx->layout);

  label.role = role;
  label.area = rect;
  label.text = g_strdup (text);
  g_array_append_val (ctx->geometry->labels, label);
  return rect;
}

/* A step of 1, 2, 2.5 or 5 × 10^k that gives at most @max_ticks ticks over the range. */
static double
nice_step (double range,
           guint  max_ticks)
{
  static const double mantissas[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double raw = range / MAX (max_ticks - 1, 1);
  double magnitude = pow (10.0, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * magnitude >= raw * (1.0 - 1e-9))
      return mantissas[i] * magnitude;
  return 10.0 * magnitude;
}

void
_pd_chart_axis_init (PdChartAxis *axis,
                     double       lo,
                     double       hi,
                     guint        max_ticks,
                     gboolean     include_zero)
{
  double step;

  memset (axis, 0, sizeof *axis);
  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0.0;
      hi = 1.0;
    }
  if (include_zero)
    {
      lo = MIN (lo, 0.0);
      hi = MAX (hi, 0.0);
    }
  if (hi - lo < 1e-12 * MAX (fabs (hi), 1.0))
    {
      /* A flat series still needs a readable axis around its one value. */
      double half = fabs (hi) > 0 ? fabs (hi) * 0.1 : 1.0;
      lo -= half;
      hi += half;
      if (include_zero && lo < 0 && hi - half >= 0)
        lo = 0;
    }
  max_ticks = CLAMP (max_ticks, 2, G_N_ELEMENTS (axis->ticks) - 1);
  step = nice_step (hi - lo, max_ticks);
  axis->step = step;
  axis->lo = floor (lo / step + 1e-9) * step;
  axis->hi = ceil (hi / step - 1e-9) * step;
  while ((axis->hi - axis->lo) / step + 1.5 > G_N_ELEMENTS (axis->ticks))
    {
      step *= 2;
      axis->step = step;
      axis->lo = floor (lo / step + 1e-9) * step;
      axis->hi = ceil (hi / step - 1e-9) * step;
    }
  for (double v = axis->lo; v <= axis->hi + step * 1e-6; v += step)
    {
      /* Snap -0 and rounding dust so that labels read 0.3, not 0.30000000000000004. */
      double snapped = round (v / step) * step;
      axis->ticks[axis->n_ticks++] = fabs (snapped) < step * 1e-9 ? 0.0 : snapped;
    }
}

double
_pd_chart_axis_map (const PdChartAxis *axis,
                    double             value)
{
  return axis->p0 + (value - axis->lo) / (axis->hi - axis->lo) * (axis->p1 - axis->p0);
}

static char *
format_with_magnitude (PdChartFormat format,
                       double        value,
                       double        step,
                       double        magnitude);

double
_pd_chart_value_axis_width (PdChartContext    *ctx,
                            const PdChartAxis *axis,
                            PdChartFormat      format)
{
  double widest = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      g_autofree char *text = format_with_magnitude (format, axis->ticks[i], axis->step,
                                                     MAX (fabs (axis->lo), fabs (axis->hi)));
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, text, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

void
_pd_chart_draw_value_axis (PdChartContext    *ctx,
                           const PdChartAxis *axis,
                           const PdChartRect *plot,
                           PdChartFormat      format)
{
  cairo_t *cr = ctx->cr;

  cairo_save (cr);
  cairo_set_line_width (cr, ctx->line);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      double y = round (_pd_chart_axis_map (axis, axis->ticks[i])) + 0.5 * ctx->line;
      g_autofree char *text = format_with_magnitude (format, axis->ticks[i], axis->step,
                                                     MAX (fabs (axis->lo), fabs (axis->hi)));

      _pd_chart_set_color (cr, axis->ticks[i] == 0.0 ? &ctx->theme->axis : &ctx->theme->grid);
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
      cairo_stroke (cr);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->muted, text,
                      plot->x - ctx->font_px * 0.5, y, PD_CHART_ANCHOR_END,
                      PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_Y_TICK);
    }
  cairo_restore (cr);
}

guint
_pd_chart_draw_category_axis (PdChartContext     *ctx,
                              const char * const *labels,
                              const double       *xs,
                              gsize               n,
                              double              y,
                              double              min_x,
                              double              max_x)
{
  /* Strides that keep calendar sense for monthly series: quarters, half years, years. */
  static const guint strides[] = { 1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200,
                                   2400, 6000, 12000, 24000, 60000, 120000 };
  double widest = 0, spacing, gap = ctx->font_px * 0.8;
  double last_end = -INFINITY;
  guint stride = strides[G_N_ELEMENTS (strides) - 1];
  gsize sample;

  if (n == 0)
    return 0;

  /* Measuring 100k labels would cost more than drawing the chart: sample evenly. */
  sample = MAX (n / 48, 1);
  for (gsize i = 0; i < n; i += sample)
    {
      double w;
      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, labels[i], &w, NULL);
      widest = MAX (widest, w);
    }
  spacing = n > 1 ? (xs[n - 1] - xs[0]) / (double) (n - 1) : max_x - min_x;
  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    if (strides[i] * spacing >= widest + gap)
      {
        stride = strides[i];
        break;
      }

  for (gsize i = 0; i < n; i += stride)
    {
      double w, x0;

      _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, labels[i], &w, NULL);
      x0 = xs[i] - w / 2;
      /* Greedy: a label that would overlap its neighbour or leave the chart is skipped,
       * so whatever the label lengths, none collide. */
      if (x0 < min_x || x0 + w > max_x || x0 < last_end + gap)
        continue;
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->muted, labels[i], xs[i], y,
                      PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_START, -1,
                      PD_CHART_LABEL_X_TICK);
      last_end = x0 + w;
    }
  return stride;
}

void
_pd_chart_draw_message (PdChartContext    *ctx,
                        const PdChartRect *plot,
                        const char        *message)
{
  cairo_t *cr = ctx->cr;
  double dash = ctx->font_px * 0.4;

  cairo_save (cr);
  _pd_chart_set_color (cr, &ctx->theme->axis);
  cairo_set_line_width (cr, ctx->line);
  cairo_set_dash (cr, &dash, 1, 0);
  cairo_rectangle (cr, plot->x + 0.5, plot->y + 0.5, plot->width - 1, plot->height - 1);
  cairo_stroke (cr);
  cairo_restore (cr);

  pango_layout_set_alignment (ctx->layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (ctx->layout, PANGO_WRAP_WORD);
  _pd_chart_text (ctx, PD_CHART_FONT_LABEL, &ctx->theme->muted, message,
                  plot->x + plot->width / 2, plot->y + plot->height / 2,
                  PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_CENTER,
                  -1, PD_CHART_LABEL_MESSAGE);
  pango_layout_set_alignment (ctx->layout, PANGO_ALIGN_LEFT);
  ctx->geometry->message = TRUE;
  ctx->geometry->plot = *plot;
}

void
_pd_chart_add_item (PdChartContext  *ctx,
                    PdChartItemType  type,
                    guint            series,
                    guint            index,
                    double           x,
                    double           y,
                    double           width,
                    double           height,
                    double           cx,
                    double           cy)
{
  PdChartItem item = { type, series, index, { x, y, width, height }, cx, cy };
  g_array_append_val (ctx->geometry->items, item);
}

void
_pd_chart_marker_path (cairo_t       *cr,
                       PdChartSwatch  shape,
                       double         cx,
                       double         cy,
                       double         r)
{
  switch (shape)
    {
    case PD_CHART_SWATCH_TRIANGLE:
      /* Up when r > 0; a negative r points it down (special cause low). */
      cairo_move_to (cr, cx, cy - r * 1.25);
      cairo_line_to (cr, cx + fabs (r) * 1.15, cy + r * 0.8);
      cairo_line_to (cr, cx - fabs (r) * 1.15, cy + r * 0.8);
      cairo_close_path (cr);
      break;
    case PD_CHART_SWATCH_DIAMOND:
      cairo_move_to (cr, cx, cy - r * 1.3);
      cairo_line_to (cr, cx + r * 1.3, cy);
      cairo_line_to (cr, cx, cy + r * 1.3);
      cairo_line_to (cr, cx - r * 1.3, cy);
      cairo_close_path (cr);
      break;
    case PD_CHART_SWATCH_SQUARE:
      cairo_rectangle (cr, cx - r, cy - r, 2 * r, 2 * r);
      break;
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, fabs (r), 0, 2 * G_PI);
      break;
    }
}

void
_pd_chart_draw_marker (cairo_t            *cr,
                       PdChartSwatch       shape,
                       double              cx,
                       double              cy,
                       double              r,
                       const PdChartColor *fill,
                       gboolean            hollow,
                       double              line)
{
  _pd_chart_marker_path (cr, shape, cx, cy, r);
  _pd_chart_set_color (cr, fill);
  if (hollow || shape == PD_CHART_SWATCH_RING)
    {
      cairo_set_line_width (cr, line);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

void
_pd_chart_draw_swatch (PdChartContext     *ctx,
                       PdChartSwatch       swatch,
                       const PdChartColor *color,
                       double              cx,
                       double              cy,
                       double              size)
{
  cairo_t *cr = ctx->cr;
  double dash = size * 0.28;

  cairo_save (cr);
  switch (swatch)
    {
    case PD_CHART_SWATCH_LINE:
    case PD_CHART_SWATCH_DASH:
      _pd_chart_set_color (cr, color);
      cairo_set_line_width (cr, MAX (ctx->line * 2, 1.5));
      if (swatch == PD_CHART_SWATCH_DASH)
        cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, cx - size * 0.8, cy);
      cairo_line_to (cr, cx + size * 0.8, cy);
      cairo_stroke (cr);
      break;
    case PD_CHART_SWATCH_BAND:
      _pd_chart_set_color (cr, color);
      cairo_rectangle (cr, cx - size * 0.8, cy - size * 0.4, size * 1.6, size * 0.8);
      cairo_fill (cr);
      break;
    case PD_CHART_SWATCH_SQUARE:
      _pd_chart_set_color (cr, color);
      cairo_rectangle (cr, cx - size / 2, cy - size / 2, size, size);
      cairo_fill (cr);
      break;
    default:
      _pd_chart_draw_marker (cr, swatch, cx, cy, size * 0.4, color, FALSE, ctx->line * 1.5);
      break;
    }
  cairo_restore (cr);
}

static double
legend_entry_width (PdChartContext           *ctx,
                    const PdChartLegendEntry *entry)
{
  double w;
  _pd_chart_text_size (ctx, PD_CHART_FONT_SMALL, entry->text, &w, NULL);
  return (entry->swatch == PD_CHART_SWATCH_NONE ? 0 : ctx->font_px * 2.0) + w + ctx->font_px * 1.2;
}

double
_pd_chart_legend_height (PdChartContext           *ctx,
                         const PdChartLegendEntry *entries,
                         gsize                     n,
                         double                    width)
{
  double x = 0, rows = n > 0 ? 1 : 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = legend_entry_width (ctx, &entries[i]);
      if (x > 0 && x + w > width)
        {
          rows++;
          x = 0;
        }
      x += w;
    }
  return rows * ctx->font_px * 1.6;
}

double
_pd_chart_draw_legend (PdChartContext           *ctx,
                       const PdChartLegendEntry *entries,
                       gsize                     n,
                       double                    x,
                       double                    y,
                       double                    width)
{
  double row_h = ctx->font_px * 1.6, cx = 0, cy = y + row_h / 2;

  for (gsize i = 0; i < n; i++)
    {
      double w = legend_entry_width (ctx, &entries[i]);
      if (cx > 0 && cx + w > width)
        {
          cx = 0;
          cy += row_h;
        }
      gboolean note = entries[i].swatch == PD_CHART_SWATCH_NONE;
      if (!note)
        _pd_chart_draw_swatch (ctx, entries[i].swatch, entries[i].color,
                               x + cx + ctx->font_px * 0.8, cy, ctx->font_px * 0.9);
      _pd_chart_text (ctx, PD_CHART_FONT_SMALL, note ? &ctx->theme->muted : &ctx->theme->foreground,
                      entries[i].text, x + cx + (note ? 0 : ctx->font_px * 2.0), cy,
                      PD_CHART_ANCHOR_START,
                      PD_CHART_ANCHOR_CENTER, -1, PD_CHART_LABEL_LEGEND);
      cx += w;
    }
  return cy + row_h / 2 - y;
}

/* Places a unit's name beside its point, trying right, left, above, below and the four
 * corners, and gives up rather than overlap another label or a marker in @taken (a
 * chart puts its markers there first); the summary and table still name every unit. */
void
_pd_chart_place_name (PdChartContext    *ctx,
            const char        *name,
            double             px,
            double             py,
            double             r,
            const PdChartRect *plot,
            GArray            *taken,
            gboolean           bold)
{
  PdChartFont font = bold ? PD_CHART_FONT_BOLD : PD_CHART_FONT_SMALL;
  double w, h;
  struct { double x, y; PdChartAnchor ax, ay; } tries[] = {
    { px + r * 1.6, py, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_CENTER },
    { px - r * 1.6, py, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_CENTER },
    { px, py - r * 1.6, PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_END },
    { px, py + r * 1.6, PD_CHART_ANCHOR_CENTER, PD_CHART_ANCHOR_START },
    { px + r * 1.4, py - r * 1.4, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_END },
    { px + r * 1.4, py + r * 1.4, PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START },
    { px - r * 1.4, py - r * 1.4, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_END },
    { px - r * 1.4, py + r * 1.4, PD_CHART_ANCHOR_END, PD_CHART_ANCHOR_START },
  };

  _pd_chart_text_size (ctx, font, name, &w, &h);
  for (guint t = 0; t < G_N_ELEMENTS (tries); t++)
    {
      PdChartRect box = { tries[t].x - w * tries[t].ax / 2.0, tries[t].y - h * tries[t].ay / 2.0, w, h };
      gboolean clear = box.x >= plot->x && box.y >= plot->y &&
                       box.x + w <= plot->x + plot->width && box.y + h <= plot->y + plot->height;

      for (guint k = 0; clear && k < taken->len; k++)
        clear = !pd_chart_rect_intersects (&box, &g_array_index (taken, PdChartRect, k));
      if (clear)
        {
          _pd_chart_text (ctx, font, &ctx->theme->foreground, name, tries[t].x, tries[t].y,
                          tries[t].ax, tries[t].ay, -1, PD_CHART_LABEL_VALUE);
          g_array_append_val (taken, box);
          return;
        }
    }
}

const char *
_pd_chart_rag_word (PdChartRag rag)
{
  switch (rag)
    {
    case PD_CHART_RAG_GREEN:
      return "Green";
    case PD_CHART_RAG_AMBER:
      return "Amber";
    case PD_CHART_RAG_RED:
      return "Red";
    case PD_CHART_RAG_NONE:
    default:
      return "No data";
    }
}

void
_pd_chart_draw_rag (PdChartContext *ctx,
                    PdChartRag      rag,
                    double          cx,
                    double          cy,
                    double          r)
{
  cairo_t *cr = ctx->cr;
  const PdChartColor *color = &ctx->theme->other;
  PdChartColor white = { 1, 1, 1, 1 }, ink = { 0.1, 0.1, 0.1, 1 };

  cairo_save (cr);
  /* The shape differs as well as the colour: a circle, a triangle, a square. */
  switch (rag)
    {
    case PD_CHART_RAG_GREEN:
      color = &ctx->theme->rag_green;
      _pd_chart_draw_marker (cr, PD_CHART_SWATCH_DOT, cx, cy, r, color, FALSE, ctx->line);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, r * 0.28);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_move_to (cr, cx - r * 0.45, cy + r * 0.02);
      cairo_line_to (cr, cx - r * 0.12, cy + r * 0.36);
      cairo_line_to (cr, cx + r * 0.48, cy - r * 0.34);
      cairo_stroke (cr);
      break;
    case PD_CHART_RAG_AMBER:
      color = &ctx->theme->rag_amber;
      _pd_chart_draw_marker (cr, PD_CHART_SWATCH_TRIANGLE, cx, cy + r * 0.12, r * 0.95,
                             color, FALSE, ctx->line);
      _pd_chart_set_color (cr, &ink);
      cairo_set_line_width (cr, r * 0.24);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, cx, cy - r * 0.45);
      cairo_line_to (cr, cx, cy + r * 0.2);
      cairo_stroke (cr);
      cairo_arc (cr, cx, cy + r * 0.55, r * 0.13, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case PD_CHART_RAG_RED:
      color = &ctx->theme->rag_red;
      _pd_chart_draw_marker (cr, PD_CHART_SWATCH_SQUARE, cx, cy, r * 0.88, color, FALSE,
                             ctx->line);
      _pd_chart_set_color (cr, &white);
      cairo_set_line_width (cr, r * 0.26);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, cx - r * 0.4, cy - r * 0.4);
      cairo_line_to (cr, cx + r * 0.4, cy + r * 0.4);
      cairo_move_to (cr, cx + r * 0.4, cy - r * 0.4);
      cairo_line_to (cr, cx - r * 0.4, cy + r * 0.4);
      cairo_stroke (cr);
      break;
    case PD_CHART_RAG_NONE:
    default:
      _pd_chart_set_color (cr, color);
      cairo_set_line_width (cr, ctx->line * 1.5);
      cairo_move_to (cr, cx - r * 0.5, cy);
      cairo_line_to (cr, cx + r * 0.5, cy);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

/* Number formatting. */

static guint
decimals_for_step (double step)
{
  guint decimals = 0;

  if (!(step > 0) || !isfinite (step))
    return 0;
  while (decimals < 6)
    {
      double scaled = step * pow (10.0, decimals);
      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (scaled, 1.0))
        break;
      decimals++;
    }
  return decimals;
}

/* "1,234,567.8": thousands separators as British readers expect. */
static char *
group_thousands (double   value,
                 guint    decimals)
{
  g_autofree char *plain = g_strdup_printf ("%.*f", (int) decimals, fabs (value));
  const char *dot = strchr (plain, '.');
  gsize int_len = dot != NULL ? (gsize) (dot - plain) : strlen (plain);
  GString *out = g_string_new (NULL);
  gboolean negative = value < 0 && strspn (plain, "0.") != strlen (plain);

  if (negative)
    g_string_append (out, "−");
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, plain[i]);
    }
  if (dot != NULL)
    g_string_append (out, dot);
  return g_string_free (out, FALSE);
}

static char *
format_with_magnitude (PdChartFormat format,
                       double        value,
                       double        step,
                       double        magnitude)
{
  if (!isfinite (value))
    return g_strdup ("–");

  switch (format)
    {
    case PD_CHART_FORMAT_POUNDS:
      {
        double divisor = 1.0;
        const char *suffix = "";
        guint decimals;
        g_autofree char *digits = NULL;

        if (magnitude >= 1e6)
          {
            divisor = 1e6;
            suffix = "m";
          }
        else if (magnitude >= 1e4)
          {
            divisor = 1e3;
            suffix = "k";
          }
        if (step > 0)
          decimals = decimals_for_step (step / divisor);
        else
          {
            double scaled = fabs (value) / divisor;
            decimals = scaled >= 100 || divisor == 1.0 ? 0 : scaled >= 10 ? 1 : 2;
          }
        digits = group_thousands (value / divisor, MIN (decimals, 3));
        if (g_str_has_prefix (digits, "−"))
          return g_strdup_printf ("−£%s%s", digits + strlen ("−"), suffix);
        return g_strdup_printf ("£%s%s", digits, suffix);
      }
    case PD_CHART_FORMAT_PROPORTION:
    case PD_CHART_FORMAT_PERCENT:
      {
        double percent = format == PD_CHART_FORMAT_PROPORTION ? value * 100.0 : value;
        double percent_step = format == PD_CHART_FORMAT_PROPORTION ? step * 100.0 : step;
        guint decimals = percent_step > 0 ? decimals_for_step (percent_step)
                                          : (fabs (percent) >= 10 ? 1 : 2);
        g_autofree char *digits = group_thousands (percent, MIN (decimals, 3));
        return g_strdup_printf ("%s %%", digits);
      }
    case PD_CHART_FORMAT_NUMBER:
    default:
      {
        guint decimals;
        if (step > 0)
          decimals = decimals_for_step (step);
        else
          decimals = fabs (value) >= 100 ? 0 : fabs (value) >= 10 ? 1 : 2;
        return group_thousands (value, MIN (decimals, 4));
      }
    }
}

/**
 * pd_chart_format_value:
 * @format: how to print
 * @value: the value
 * @step: the resolution wanted (an axis' tick step), or 0 for a sensible default
 *
 * Prints a value the way every chart, summary and table prints it: pounds in k and m,
 * proportions as percentages, thousands separated.
 *
 * Returns: (transfer full): the text.
 */
char *
pd_chart_format_value (PdChartFormat format,
                       double        value,
                       double        step)
{
  return format_with_magnitude (format, value, step, fabs (value));
}

static void
draw_header_and_footer (PdChartContext *ctx)
{
  const PdChartSpec *spec = ctx->spec;
  double pad = ctx->pad, y = pad, bottom = ctx->height - pad;
  double max_w = ctx->width - 2 * pad - ctx->header_reserve;

  if (spec->title != NULL && *spec->title != '\0')
    {
      PdChartRect r = _pd_chart_text (ctx, PD_CHART_FONT_TITLE, &ctx->theme->foreground,
                                      spec->title, pad, y, PD_CHART_ANCHOR_START,
                                      PD_CHART_ANCHOR_START, max_w, PD_CHART_LABEL_TITLE);
      y += r.height;
    }
  if (spec->subtitle != NULL && *spec->subtitle != '\0')
    {
      PdChartRect r = _pd_chart_text (ctx, PD_CHART_FONT_SUBTITLE, &ctx->theme->muted,
                                      spec->subtitle, pad, y + ctx->font_px * 0.15,
                                      PD_CHART_ANCHOR_START, PD_CHART_ANCHOR_START, max_w,
                                      PD_CHART_LABEL_TITLE);
      y += r.height + ctx->font_px * 0.15;
    }
  ctx->header_height = y - pad;
  if (spec->source != NULL && *spec->source != '\0')
    {
      g_autofree char *line = g_strdup_printf ("Source: %s", spec->source);
      PdChartRect r = _pd_chart_text (ctx, PD_CHART_FONT_SMALL, &ctx->theme->muted, line,
                                      pad, bottom, PD_CHART_ANCHOR_START,
                                      PD_CHART_ANCHOR_END, ctx->width - 2 * pad,
                                      PD_CHART_LABEL_TITLE);
      bottom -= r.height + ctx->font_px * 0.4;
    }

  ctx->body.x = pad;
  ctx->body.y = y + (y > pad ? ctx->font_px * 0.8 : 0);
  ctx->body.width = ctx->width - 2 * pad;
  ctx->body.height = MAX (bottom - ctx->body.y, 1);
}

static PangoFontDescription *
make_font (const PdChartTheme *theme,
           double              px,
           PangoWeight         weight)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, theme->font_family);
  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  return desc;
}

/**
 * pd_chart_render:
 * @spec: what to draw
 * @theme: how it looks
 * @cr: where to draw: a window snapshot, an image, SVG or PDF surface
 * @width: the chart's width in @cr's user units
 * @height: the chart's height
 * @out_geometry: (out) (optional) (transfer full): the hit areas and placed labels
 *
 * Draws @spec into the rectangle (0, 0, @width, @height) of @cr's user space, the same
 * way on every surface. Data that cannot make a chart (none, or too little) draws a
 * message in the plot area instead; this never fails.
 */
void
pd_chart_render (const PdChartSpec  *spec,
                 const PdChartTheme *theme,
                 cairo_t            *cr,
                 double              width,
                 double              height,
                 PdChartGeometry   **out_geometry)
{
  PdChartContext ctx = { 0 };
  cairo_font_options_t *options;
  PangoContext *pango;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (theme != NULL);
  g_return_if_fail (cr != NULL);

  ctx.spec = spec;
  ctx.theme = theme;
  ctx.cr = cr;
  ctx.width = MAX (width, 1);
  ctx.height = MAX (height, 1);
  ctx.geometry = pd_chart_geometry_new ();
  /* Text scales with the chart but stays readable when small and calm when large. */
  ctx.font_px = CLAMP (MIN (ctx.width / 72.0, ctx.height / 40.0), 9.0, 15.0) * theme->font_scale;
  ctx.line = MAX (ctx.font_px / 12.0, 1.0) * theme->line_scale;
  ctx.pad = ctx.font_px * 1.2;

  cairo_save (cr);
  ctx.layout = pango_cairo_create_layout (cr);
  pango = pango_layout_get_context (ctx.layout);
  /* Unhinted metrics make text the same width on every surface and machine, so layouts
   * (and the reference images the tests compare) do not depend on the screen. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (ctx.layout);

  ctx.fonts[PD_CHART_FONT_TITLE] = make_font (theme, ctx.font_px * 1.4, PANGO_WEIGHT_BOLD);
  ctx.fonts[PD_CHART_FONT_SUBTITLE] = make_font (theme, ctx.font_px * 1.05, PANGO_WEIGHT_NORMAL);
  ctx.fonts[PD_CHART_FONT_LABEL] = make_font (theme, ctx.font_px, PANGO_WEIGHT_NORMAL);
  ctx.fonts[PD_CHART_FONT_SMALL] = make_font (theme, ctx.font_px * 0.9, PANGO_WEIGHT_NORMAL);
  ctx.fonts[PD_CHART_FONT_BOLD] = make_font (theme, ctx.font_px, PANGO_WEIGHT_BOLD);

  cairo_rectangle (cr, 0, 0, ctx.width, ctx.height);
  cairo_clip (cr);
  _pd_chart_set_color (cr, &theme->background);
  cairo_paint (cr);

  /* The SPC chart's two icons sit right of the title, as in Making Data Count. */
  if (spec->kind == PD_CHART_KIND_SPC)
    ctx.header_reserve = ctx.font_px * 8.0;
  draw_header_and_footer (&ctx);
  ctx.geometry->plot = ctx.body;

  switch (spec->kind)
    {
    case PD_CHART_KIND_SPC:
      _pd_chart_render_spc (&ctx);
      break;
    case PD_CHART_KIND_FUNNEL:
      _pd_chart_render_funnel (&ctx);
      break;
    case PD_CHART_KIND_SPEND_MIX:
      _pd_chart_render_spend_mix (&ctx);
      break;
    case PD_CHART_KIND_OUTLOOK:
      _pd_chart_render_outlook (&ctx);
      break;
    case PD_CHART_KIND_CQUIN:
      _pd_chart_render_cquin (&ctx);
      break;
    case PD_CHART_KIND_RANKED:
      _pd_chart_render_ranked (&ctx);
      break;
    case PD_CHART_KIND_MATRIX:
      _pd_chart_render_matrix (&ctx);
      break;
    case PD_CHART_KIND_HEATMAP:
      _pd_chart_render_heatmap (&ctx);
      break;
    case PD_CHART_KIND_TIMELINE:
      _pd_chart_render_timeline (&ctx);
      break;
    case PD_CHART_KIND_QUADRANT:
      _pd_chart_render_quadrant (&ctx);
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < PD_CHART_N_FONTS; i++)
    pango_font_description_free (ctx.fonts[i]);
  g_clear_pointer (&ctx.letters, g_hash_table_unref);
  g_object_unref (ctx.layout);
  cairo_restore (cr);

  if (out_geometry != NULL)
    *out_geometry = ctx.geometry;
  else
    pd_chart_geometry_free (ctx.geometry);
}
