/* pd-chart-icons.c — Making Data Count's variation and assurance icons as vector glyphs
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn by us rather than loaded as images so that they stay sharp on every surface and
 * follow the theme. Each icon says its meaning three ways: colour, a letter (H, L, P, F,
 * ?) and a small picture of the pattern, so no reader depends on colour alone.
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

const PdChartColor *
_pd_chart_variation_color (const PdChartTheme *theme,
                           PdSpcVariationIcon  icon)
{
  switch (icon)
    {
    case PD_SPC_VARIATION_IMPROVEMENT_HIGH:
    case PD_SPC_VARIATION_IMPROVEMENT_LOW:
      return &theme->improvement;
    case PD_SPC_VARIATION_CONCERN_HIGH:
    case PD_SPC_VARIATION_CONCERN_LOW:
      return &theme->concern;
    case PD_SPC_VARIATION_NEUTRAL_HIGH:
    case PD_SPC_VARIATION_NEUTRAL_LOW:
      return &theme->neutral;
    case PD_SPC_VARIATION_COMMON_CAUSE:
    case PD_SPC_VARIATION_NONE:
    default:
      return &theme->common_cause;
    }
}

/* The disc every icon sits on: white inside (as MDC's icons are, on any background) so
 * the coloured picture reads the same in the dark theme. */
static void
icon_disc (cairo_t            *cr,
           const PdChartColor *ring,
           double              cx,
           double              cy,
           double              r,
           gboolean            dashed)
{
  double dash = r * 0.32;

  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, r * 0.92, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  _pd_chart_set_color (cr, ring);
  cairo_set_line_width (cr, r * 0.16);
  if (dashed)
    cairo_set_dash (cr, &dash, 1, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* A letter's outline centred on the origin, @r the icon's radius. A matrix draws the
 * same few letters hundreds of times, so each is laid out once per render. */
const cairo_path_t *
_pd_chart_icon_letter_path (PdChartContext *ctx,
                            const char     *letter,
                            double          r)
{
  cairo_t *cr = ctx->cr;
  g_autofree char *key = g_strdup_printf ("%s@%.2f", letter, r);
  cairo_path_t *path;

  if (ctx->letters == NULL)
    ctx->letters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) cairo_path_destroy);
  path = g_hash_table_lookup (ctx->letters, key);
  if (path == NULL)
    {
      g_autoptr(PangoFontDescription) font = pango_font_description_copy (ctx->fonts[PD_CHART_FONT_BOLD]);
      PangoRectangle ink;

      pango_font_description_set_absolute_size (font, r * 0.62 * PANGO_SCALE);
      pango_layout_set_font_description (ctx->layout, font);
      pango_layout_set_width (ctx->layout, -1);
      pango_layout_set_text (ctx->layout, letter, -1);
      pango_layout_get_extents (ctx->layout, &ink, NULL);
      cairo_save (cr);
      cairo_new_path (cr);
      /* Centred on the ink, not the line box, so H and ? sit in the same place. */
      cairo_move_to (cr, -(ink.x + ink.width / 2.0) / PANGO_SCALE,
                     -(ink.y + ink.height / 2.0) / PANGO_SCALE);
      pango_cairo_layout_path (cr, ctx->layout);
      path = cairo_copy_path (cr);
      cairo_new_path (cr);
      cairo_restore (cr);
      g_hash_table_insert (ctx->letters, g_steal_pointer (&key), path);
    }
  return path;
}

void
_pd_chart_append_at (cairo_t            *cr,
                     const cairo_path_t *path,
                     double              x,
                     double              y)
{
  /* append_path reads the path in the current user space: move it there and back. */
  cairo_translate (cr, x, y);
  cairo_append_path (cr, path);
  cairo_translate (cr, -x, -y);
}

static void
icon_letter (PdChartContext     *ctx,
             const char         *letter,
             const PdChartColor *color,
             double              cx,
             double              cy,
             double              r)
{
  cairo_t *cr = ctx->cr;

  cairo_new_path (cr);
  _pd_chart_append_at (cr, _pd_chart_icon_letter_path (ctx, letter, r), cx, cy);
  _pd_chart_set_color (cr, color);
  cairo_fill (cr);
}

/* Below this size the pictures blur: a compact icon is a filled disc with its letter in
 * white (H, L, P, F, ?) or a bar for common cause, still never colour alone. */
static gboolean
compact_icon (PdChartContext     *ctx,
              const PdChartColor *color,
              const char         *letter,
              double              cx,
              double              cy,
              double              size)
{
  cairo_t *cr = ctx->cr;
  PdChartColor white = { 1, 1, 1, 1 };

  if (size >= PD_CHART_COMPACT_ICON (ctx))
    return FALSE;
  cairo_save (cr);
  cairo_new_sub_path (cr);
  if (letter == NULL)
    {
      /* Nothing to judge: a faint dot, so a grid of mostly empty cells stays calm and
       * the icons that mean something stand out. */
      cairo_arc (cr, cx, cy, MAX (size * 0.08, 1.0), 0, 2 * G_PI);
      _pd_chart_set_color_alpha (cr, color, 0.6);
      cairo_fill (cr);
    }
  else
    {
      cairo_arc (cr, cx, cy, size * 0.46, 0, 2 * G_PI);
      _pd_chart_set_color (cr, color);
      cairo_fill (cr);
      if (*letter == '\0')
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_rectangle (cr, cx - size * 0.24, cy - size * 0.06, size * 0.48, size * 0.12);
          cairo_fill (cr);
        }
      else
        icon_letter (ctx, letter, &white, cx, cy, size * 0.95);
    }
  cairo_restore (cr);
  return TRUE;
}

/**
 * _pd_chart_draw_variation_icon:
 *
 * A disc with five dots along a short run: flat and grey for common cause; the last
 * points lifted (H) or dropped (L) in the meaning's colour for special cause.
 */
void
_pd_chart_draw_variation_icon (PdChartContext     *ctx,
                               PdSpcVariationIcon  icon,
                               double              cx,
                               double              cy,
                               double              size)
{
  cairo_t *cr = ctx->cr;
  const PdChartColor *color = _pd_chart_variation_color (ctx->theme, icon);
  const PdChartColor *grey = &ctx->theme->common_cause;
  double r = size / 2, dy[5] = { 0, 0, 0, 0, 0 };
  const char *letter = NULL;
  int direction = 0;

  switch (icon)
    {
    case PD_SPC_VARIATION_IMPROVEMENT_HIGH:
    case PD_SPC_VARIATION_CONCERN_HIGH:
    case PD_SPC_VARIATION_NEUTRAL_HIGH:
      direction = -1;
      letter = "H";
      break;
    case PD_SPC_VARIATION_IMPROVEMENT_LOW:
    case PD_SPC_VARIATION_CONCERN_LOW:
    case PD_SPC_VARIATION_NEUTRAL_LOW:
      direction = 1;
      letter = "L";
      break;
    case PD_SPC_VARIATION_COMMON_CAUSE:
    case PD_SPC_VARIATION_NONE:
    default:
      break;
    }

  if (compact_icon (ctx, color, icon == PD_SPC_VARIATION_NONE ? NULL
                                : letter != NULL ? letter : "", cx, cy, size))
    return;

  cairo_save (cr);
  icon_disc (cr, color, cx, cy, r, icon == PD_SPC_VARIATION_NONE);
  if (icon == PD_SPC_VARIATION_NONE)
    {
      cairo_restore (cr);
      return;
    }

  if (direction != 0)
    {
      dy[3] = direction * r * 0.22;
      dy[4] = direction * r * 0.42;
    }
  else
    {
      /* Common cause: a little jitter around the mean. */
      dy[1] = -r * 0.08;
      dy[2] = r * 0.08;
      dy[3] = -r * 0.05;
    }

  {
    double base = cy + (direction == 0 ? r * 0.05 : direction < 0 ? r * 0.28 : -r * 0.25);
    double x0 = cx - r * 0.5, step = r * 0.25;

    cairo_set_line_width (cr, r * 0.06);
    _pd_chart_set_color (cr, grey);
    for (guint i = 0; i < 5; i++)
      {
        if (i == 0)
          cairo_move_to (cr, x0, base + dy[0]);
        else
          cairo_line_to (cr, x0 + i * step, base + dy[i]);
      }
    cairo_stroke (cr);
    for (guint i = 0; i < 5; i++)
      {
        gboolean special = direction != 0 && i >= 3;
        cairo_new_sub_path (cr);
        cairo_arc (cr, x0 + i * step, base + dy[i], r * (special ? 0.11 : 0.09), 0, 2 * G_PI);
        _pd_chart_set_color (cr, special ? color : grey);
        cairo_fill (cr);
      }
    if (letter != NULL)
      icon_letter (ctx, letter, color, cx, cy + (direction < 0 ? -r * 0.36 : r * 0.38), r);
  }
  cairo_restore (cr);
}

/**
 * _pd_chart_draw_assurance_icon:
 *
 * A disc with a dashed target line and a letter: P (will consistently pass, blue), F
 * (will consistently fail, orange), ? (hit or miss, grey).
 */
void
_pd_chart_draw_assurance_icon (PdChartContext     *ctx,
                               PdSpcAssuranceIcon  icon,
                               double              cx,
                               double              cy,
                               double              size)
{
  cairo_t *cr = ctx->cr;
  const PdChartColor *color;
  const char *letter;
  double r = size / 2, dash = r * 0.12;

  switch (icon)
    {
    case PD_SPC_ASSURANCE_PASS:
      color = &ctx->theme->improvement;
      letter = "P";
      break;
    case PD_SPC_ASSURANCE_FAIL:
      color = &ctx->theme->concern;
      letter = "F";
      break;
    case PD_SPC_ASSURANCE_HIT_OR_MISS:
      color = &ctx->theme->common_cause;
      letter = "?";
      break;
    case PD_SPC_ASSURANCE_NONE:
    default:
      if (compact_icon (ctx, &ctx->theme->common_cause, NULL, cx, cy, size))
        return;
      cairo_save (cr);
      icon_disc (cr, &ctx->theme->common_cause, cx, cy, r, TRUE);
      cairo_restore (cr);
      return;
    }

  if (compact_icon (ctx, color, letter, cx, cy, size))
    return;

  cairo_save (cr);
  icon_disc (cr, color, cx, cy, r, FALSE);
  /* The target, as on the chart: a red dashed line, with the process band around it. */
  cairo_set_line_width (cr, r * 0.07);
  _pd_chart_set_color (cr, &ctx->theme->target);
  cairo_set_dash (cr, &dash, 1, 0);
  cairo_move_to (cr, cx - r * 0.6, cy + r * 0.36);
  cairo_line_to (cr, cx + r * 0.6, cy + r * 0.36);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (icon == PD_SPC_ASSURANCE_HIT_OR_MISS)
    {
      /* A band straddling the target. */
      _pd_chart_set_color (cr, color);
      cairo_set_line_width (cr, r * 0.08);
      cairo_move_to (cr, cx - r * 0.5, cy + r * 0.18);
      cairo_curve_to (cr, cx - r * 0.2, cy + r * 0.62, cx + r * 0.2, cy + r * 0.1,
                      cx + r * 0.5, cy + r * 0.52);
      cairo_stroke (cr);
    }
  icon_letter (ctx, letter, color, cx, cy - r * 0.16, r * 1.15);
  cairo_restore (cr);
}
