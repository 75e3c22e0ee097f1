/* pd-chart-theme.h — how a chart looks: colours, fonts, line weights
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} PdChartColor;

typedef enum
{
  PD_CHART_THEME_LIGHT,
  PD_CHART_THEME_DARK,
  PD_CHART_THEME_HIGH_CONTRAST,
  PD_CHART_THEME_PRINT,  /* white paper, no fills that waste toner, heavier lines */
} PdChartThemeKind;

/* The colour-blind-safe palette has this many colours (Okabe and Ito's eight, less
 * black, which is the text colour). */
#define PD_CHART_PALETTE_SIZE 7

typedef struct
{
  PdChartThemeKind kind;

  PdChartColor     background;
  PdChartColor     foreground;     /* titles, values */
  PdChartColor     muted;          /* subtitles, axis labels, sources */
  PdChartColor     grid;
  PdChartColor     axis;
  PdChartColor     band;           /* shaded areas: funnels, threshold zones */
  PdChartColor     highlight;      /* the selected unit or commissioner */
  PdChartColor     palette[PD_CHART_PALETTE_SIZE];
  PdChartColor     other;          /* categories that are not the point of the chart */

  /* Making Data Count's colours, by the meaning of a point. */
  PdChartColor     common_cause;   /* #a6a6a6 */
  PdChartColor     improvement;    /* #00b0f0 */
  PdChartColor     concern;        /* #e46c0a */
  PdChartColor     neutral;        /* #490092 */
  PdChartColor     target;         /* #de1b1b */
  PdChartColor     limit;          /* process limits */
  PdChartColor     mean;

  /* Red, amber, green: never alone, always with a glyph or a word. */
  PdChartColor     rag_red;
  PdChartColor     rag_amber;
  PdChartColor     rag_green;

  char             font_family[64];
  double           font_scale;     /* 1 for screens; larger for projection */
  double           line_scale;     /* 1 for screens; print uses heavier lines */
} PdChartTheme;

void        pd_chart_theme_init       (PdChartTheme      *theme,
                                       PdChartThemeKind   kind);
gboolean    pd_chart_theme_parse_kind (const char        *text,
                                       PdChartThemeKind  *out_kind);
const char *pd_chart_theme_kind_to_string (PdChartThemeKind kind);

/* Parses "#rrggbb" or "#rrggbbaa". */
gboolean    pd_chart_color_parse      (const char        *text,
                                       PdChartColor      *out_color);

G_END_DECLS
