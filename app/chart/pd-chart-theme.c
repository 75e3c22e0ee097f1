/* pd-chart-theme.c — the four chart themes and the colour-blind-safe palette
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "chart/pd-chart-theme.h"

static PdChartColor
hex (guint32 rgb)
{
  PdChartColor color = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    1.0,
  };
  return color;
}

/* Okabe and Ito's palette, which stays distinguishable under the common colour-vision
 * deficiencies: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow. */
static const guint32 okabe_ito[PD_CHART_PALETTE_SIZE] = {
  0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442,
};

/* The same hues lifted for a dark background, where the deep blue and vermillion lose
 * contrast. */
static const guint32 okabe_ito_dark[PD_CHART_PALETTE_SIZE] = {
  0x3d9be0, 0xf0b030, 0x2fc49a, 0xe29ac6, 0x7cc8f2, 0xf07a3a, 0xf3e862,
};

/**
 * pd_chart_theme_init:
 * @theme: the theme to fill
 * @kind: light, dark, high contrast or print
 *
 * Fills @theme with one of the presets. The Making Data Count colours are the same in
 * every theme but high contrast, because readers learn them across organisations.
 */
void
pd_chart_theme_init (PdChartTheme     *theme,
                     PdChartThemeKind  kind)
{
  const guint32 *palette = okabe_ito;

  g_return_if_fail (theme != NULL);

  memset (theme, 0, sizeof *theme);
  theme->kind = kind;
  g_strlcpy (theme->font_family, "DejaVu Sans", sizeof theme->font_family);
  theme->font_scale = 1.0;
  theme->line_scale = 1.0;

  theme->common_cause = hex (0xa6a6a6);
  theme->improvement = hex (0x00b0f0);
  theme->concern = hex (0xe46c0a);
  theme->neutral = hex (0x490092);
  theme->target = hex (0xde1b1b);
  theme->rag_red = hex (0xc62828);
  theme->rag_amber = hex (0xf0a202);
  theme->rag_green = hex (0x2e8540);

  switch (kind)
    {
    case PD_CHART_THEME_DARK:
      palette = okabe_ito_dark;
      theme->background = hex (0x1e1e1e);
      theme->foreground = hex (0xf2f2f2);
      theme->muted = hex (0xb0b0b0);
      theme->grid = hex (0x363636);
      theme->axis = hex (0x8a8a8a);
      theme->band = hex (0x4a5a6a);
      theme->highlight = hex (0xffd24a);
      theme->other = hex (0x5c5c5c);
      theme->limit = hex (0xc8c8c8);
      theme->mean = hex (0xe0e0e0);
      /* MDC's neutral purple is unreadable on near-black; a lighter purple keeps the hue. */
      theme->neutral = hex (0xa77be0);
      theme->common_cause = hex (0x9a9a9a);
      break;

    case PD_CHART_THEME_HIGH_CONTRAST:
      theme->background = hex (0xffffff);
      theme->foreground = hex (0x000000);
      theme->muted = hex (0x1a1a1a);
      theme->grid = hex (0xb0b0b0);
      theme->axis = hex (0x000000);
      theme->band = hex (0x9fb4c8);
      theme->highlight = hex (0x000000);
      theme->other = hex (0x8c8c8c);
      theme->limit = hex (0x000000);
      theme->mean = hex (0x000000);
      theme->common_cause = hex (0x6e6e6e);
      theme->improvement = hex (0x0060b0);
      theme->concern = hex (0xb04000);
      theme->line_scale = 1.5;
      break;

    case PD_CHART_THEME_PRINT:
      theme->background = hex (0xffffff);
      theme->foreground = hex (0x000000);
      theme->muted = hex (0x404040);
      theme->grid = hex (0xd9d9d9);
      theme->axis = hex (0x505050);
      theme->band = hex (0xd6e2ee);
      theme->highlight = hex (0x000000);
      theme->other = hex (0xbdbdbd);
      theme->limit = hex (0x505050);
      theme->mean = hex (0x202020);
      theme->line_scale = 1.25;
      break;

    case PD_CHART_THEME_LIGHT:
    default:
      theme->background = hex (0xffffff);
      theme->foreground = hex (0x1f1f1f);
      theme->muted = hex (0x5e5e5e);
      theme->grid = hex (0xe6e6e6);
      theme->axis = hex (0x8a8a8a);
      theme->band = hex (0xdbe7f3);
      theme->highlight = hex (0x1f1f1f);
      theme->other = hex (0xcfcfcf);
      theme->limit = hex (0x7a7a7a);
      theme->mean = hex (0x3a3a3a);
      break;
    }

  for (guint i = 0; i < PD_CHART_PALETTE_SIZE; i++)
    theme->palette[i] = hex (palette[i]);
}

static const char * const theme_names[] = { "light", "dark", "high-contrast", "print" };

/**
 * pd_chart_theme_parse_kind:
 * @text: "light", "dark", "high-contrast" or "print"
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE when @text names a theme.
 */
gboolean
pd_chart_theme_parse_kind (const char       *text,
                           PdChartThemeKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (theme_names); i++)
    if (g_ascii_strcasecmp (text, theme_names[i]) == 0)
      {
        *out_kind = (PdChartThemeKind) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * pd_chart_theme_kind_to_string:
 * @kind: a theme kind
 *
 * Returns: the name pd_chart_theme_parse_kind() reads.
 */
const char *
pd_chart_theme_kind_to_string (PdChartThemeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (theme_names), NULL);
  return theme_names[kind];
}

/**
 * pd_chart_color_parse:
 * @text: "#rrggbb" or "#rrggbbaa"
 * @out_color: (out): the colour
 *
 * Returns: %TRUE when @text is a colour.
 */
gboolean
pd_chart_color_parse (const char   *text,
                      PdChartColor *out_color)
{
  gsize len;
  guint32 value = 0;

  g_return_val_if_fail (out_color != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;
  len = strlen (text + 1);
  if (len != 6 && len != 8)
    return FALSE;
  for (gsize i = 1; i <= len; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);
      if (digit < 0)
        return FALSE;
      value = (value << 4) | (guint32) digit;
    }
  if (len == 6)
    *out_color = hex (value);
  else
    {
      *out_color = hex (value >> 8);
      out_color->alpha = (value & 0xff) / 255.0;
    }
  return TRUE;
}
