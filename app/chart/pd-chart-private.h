/* pd-chart-private.h — what the chart files share: the spec's insides, the render context
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart/pd-chart.h"

G_BEGIN_DECLS

typedef struct
{
  gsize  point;
  char  *text;
} PdChartAnnotation;

typedef struct
{
  PdSpcResult  result;       /* a deep copy */
  char       **labels;       /* n_points, or NULL */
  gboolean     two_sigma;
  GArray      *annotations;  /* of PdChartAnnotation */
} PdChartSpcData;

typedef struct
{
  gsize          n;
  char         **names;
  double        *values;      /* multiplied, NaN when unusable */
  double        *volumes;     /* denominators */
  PdFunnelClass *classes;
  gboolean      *low_volume;
  double         target;      /* multiplied */
  gssize         selected;
  gboolean       adjusted;    /* draw the overdispersion-adjusted limits */
  double         phi;
  /* The limits sampled along the volume axis, multiplied. */
  gsize          n_curve;
  double        *curve_volume;
  PdFunnelLimits *curve;
  PdFunnelLimits *od_curve;
} PdChartFunnelData;

typedef struct
{
  gsize            n_groups;
  char           **groups;
  gsize            n_categories;
  char           **categories;
  PdChartMixPlace *places;
  double          *amounts;   /* n_groups × n_categories */
  guint           *order;     /* categories in drawing order, start first */
  gssize           highlight;
  gboolean         per_head;  /* amounts are pounds per weighted head, not pounds */
} PdChartMixData;

typedef struct
{
  gsize    n_years;
  char   **years;
  double  *allocation;
  double  *spend;
  double  *forecast;
  double  *growth;
  double  *cut;
  double  *savings;
} PdChartOutlookData;

typedef struct
{
  gsize            n_rows;
  PdChartCquinRow *rows;      /* names owned (cast) */
  double           earned;
  double           withheld;
  double           pending;
} PdChartCquinData;

typedef struct
{
  gsize          n;
  char         **names;
  PdInterval    *intervals;
  guint         *order;       /* best first */
  double         reference;
  PdImprovement  improvement;
  gssize         highlight;
} PdChartRankedData;

typedef struct
{
  gsize               n_rows;
  char              **rows;
  gsize               n_columns;
  char              **columns;
  PdSpcVariationIcon *variation;
  PdSpcAssuranceIcon *assurance;
  PdChartRag         *status;
  char              **texts;     /* n_rows × n_columns, entries may be NULL */
} PdChartGridData;

typedef struct
{
  gsize            n_periods;
  char           **periods;
  gsize            n_rows;
  char           **names;
  double          *values;       /* n_rows × n_periods */
  PdSpcPointType  *point_types;  /* n_rows × n_periods */
  PdChartFormat   *formats;      /* n_rows */
  gsize            n_event_types;
  char           **event_types;
  double          *event_counts; /* n_event_types × n_periods */
} PdChartTimelineData;

typedef struct
{
  gsize          n;
  char         **names;
  double        *spend;
  double        *outcome;
  PdChartFormat  spend_format;
  PdImprovement  improvement;
  char          *spend_label;
  char          *outcome_label;
  gssize         highlight;
  double         spend_median;
  double         outcome_median;
} PdChartQuadrantData;

struct _PdChartSpec
{
  PdChartKind    kind;
  char          *title;
  char          *subtitle;
  char          *source;
  char          *value_label;
  PdChartFormat  format;
  union
  {
    PdChartSpcData     spc;
    PdChartFunnelData  funnel;
    PdChartMixData     mix;
    PdChartOutlookData outlook;
    PdChartCquinData   cquin;
    PdChartRankedData  ranked;
    PdChartGridData    grid;
    PdChartTimelineData timeline;
    PdChartQuadrantData quadrant;
  };
};

struct _PdChartGeometry
{
  PdChartRect  plot;
  GArray      *items;   /* of PdChartItem */
  GArray      *labels;  /* of PdChartLabel */
  gboolean     message;
};

/* Text roles, each with its own size and weight. */
typedef enum
{
  PD_CHART_FONT_TITLE,
  PD_CHART_FONT_SUBTITLE,
  PD_CHART_FONT_LABEL,
  PD_CHART_FONT_SMALL,
  PD_CHART_FONT_BOLD,
  PD_CHART_N_FONTS,
} PdChartFont;

/* Text anchors: where (x, y) sits on the text's box. */
typedef enum
{
  PD_CHART_ANCHOR_START = 0,
  PD_CHART_ANCHOR_CENTER = 1,
  PD_CHART_ANCHOR_END = 2,
} PdChartAnchor;

typedef struct
{
  const PdChartSpec    *spec;
  const PdChartTheme   *theme;
  cairo_t              *cr;
  double                width;
  double                height;
  PdChartGeometry      *geometry;
  PangoLayout          *layout;
  PangoFontDescription *fonts[PD_CHART_N_FONTS];
  double                font_px;  /* the label size in user units */
  double                line;     /* a hairline's width */
  double                pad;      /* the outer margin */
  PdChartRect           body;     /* below the title, above the footer */
  double                header_reserve;  /* room kept right of the title (SPC icons) */
  double                header_height;   /* the title and subtitle's height */
  GHashTable           *letters;         /* icon letters' outlines (pd-chart-icons.c) */
} PdChartContext;

/* A numeric axis from lo to hi with nice ticks. */
typedef struct
{
  double  lo;
  double  hi;
  double  step;
  guint   n_ticks;
  double  ticks[32];
  double  p0;    /* pixel of lo */
  double  p1;    /* pixel of hi */
} PdChartAxis;

/* pd-chart-render.c: the common parts. */
void     _pd_chart_set_color   (cairo_t *cr, const PdChartColor *color);
void     _pd_chart_set_color_alpha (cairo_t *cr, const PdChartColor *color, double alpha);
void     _pd_chart_text_size   (PdChartContext *ctx, PdChartFont font, const char *text,
                                double *out_width, double *out_height);
PdChartRect _pd_chart_text     (PdChartContext *ctx, PdChartFont font,
                                const PdChartColor *color, const char *text,
                                double x, double y, PdChartAnchor ax, PdChartAnchor ay,
                                double max_width, PdChartLabelRole role);
void     _pd_chart_axis_init   (PdChartAxis *axis, double lo, double hi, guint max_ticks,
                                gboolean include_zero);
double   _pd_chart_axis_map    (const PdChartAxis *axis, double value);
/* Draws horizontal grid lines and the value labels left of @plot; returns nothing. */
void     _pd_chart_draw_value_axis (PdChartContext *ctx, const PdChartAxis *axis,
                                    const PdChartRect *plot, PdChartFormat format);
/* Width the value labels of @axis need. */
double   _pd_chart_value_axis_width (PdChartContext *ctx, const PdChartAxis *axis,
                                     PdChartFormat format);
/* Labels under the plot at category positions, thinned to a nice stride so that no two
 * overlap; @xs the centre of each category. Returns the stride used. */
guint    _pd_chart_draw_category_axis (PdChartContext *ctx, const char * const *labels,
                                       const double *xs, gsize n, double y,
                                       double min_x, double max_x);
void     _pd_chart_draw_message (PdChartContext *ctx, const PdChartRect *plot,
                                 const char *message);
void     _pd_chart_add_item    (PdChartContext *ctx, PdChartItemType type, guint series,
                                guint index, double x, double y, double width,
                                double height, double cx, double cy);
/* A horizontal legend of swatches drawn at (x, y) from the right edge @right; returns its
 * height. @shapes may be NULL (squares). */
typedef enum
{
  PD_CHART_SWATCH_SQUARE,
  PD_CHART_SWATCH_LINE,
  PD_CHART_SWATCH_DASH,
  PD_CHART_SWATCH_DOT,
  PD_CHART_SWATCH_DIAMOND,
  PD_CHART_SWATCH_TRIANGLE,
  PD_CHART_SWATCH_RING,
  PD_CHART_SWATCH_BAND,
  PD_CHART_SWATCH_NONE,   /* a note: text only */
} PdChartSwatch;

typedef struct
{
  PdChartSwatch       swatch;
  const PdChartColor *color;
  const char         *text;
} PdChartLegendEntry;

double   _pd_chart_legend_height (PdChartContext *ctx, const PdChartLegendEntry *entries,
                                  gsize n, double width);
double   _pd_chart_draw_legend (PdChartContext *ctx, const PdChartLegendEntry *entries,
                                gsize n, double x, double y, double width);
void     _pd_chart_draw_swatch (PdChartContext *ctx, PdChartSwatch swatch,
                                const PdChartColor *color, double cx, double cy, double size);
/* An SPC point marker: circle (common cause), triangle up/down (special cause high/low),
 * diamond (neutral); hollow for ghosts. */
void     _pd_chart_marker_path (cairo_t *cr, PdChartSwatch shape, double cx, double cy,
                                double r);
void     _pd_chart_draw_marker (cairo_t *cr, PdChartSwatch shape, double cx, double cy,
                                double r, const PdChartColor *fill, gboolean hollow,
                                double line);
/* A RAG status as a filled shape with its glyph inside (✓, !, ✕). */
void     _pd_chart_draw_rag    (PdChartContext *ctx, PdChartRag rag, double cx, double cy,
                                double r);
const char *_pd_chart_rag_word (PdChartRag rag);
/* Writes a unit's name beside its point (right, left, above or below), or not at all
 * rather than overlap a box in @taken (of PdChartRect), which it then extends. */
void     _pd_chart_place_name  (PdChartContext *ctx, const char *name, double px, double py,
                                double r, const PdChartRect *plot, GArray *taken,
                                gboolean bold);

/* pd-chart-icons.c: Making Data Count's icons drawn as vector glyphs, @size across. */
void     _pd_chart_draw_variation_icon (PdChartContext *ctx, PdSpcVariationIcon icon,
                                        double cx, double cy, double size);
void     _pd_chart_draw_assurance_icon (PdChartContext *ctx, PdSpcAssuranceIcon icon,
                                        double cx, double cy, double size);
const PdChartColor *_pd_chart_variation_color (const PdChartTheme *theme,
                                               PdSpcVariationIcon icon);
const cairo_path_t *_pd_chart_icon_letter_path (PdChartContext *ctx, const char *letter,
                                                double r);
void     _pd_chart_append_at   (cairo_t *cr, const cairo_path_t *path, double x, double y);
/* Below this size icons are drawn compact: a disc and a letter. */
#define PD_CHART_COMPACT_ICON(ctx) ((ctx)->font_px * 2.0)

/* One file per kind. */
void     _pd_chart_render_spc      (PdChartContext *ctx);
void     _pd_chart_render_funnel   (PdChartContext *ctx);
void     _pd_chart_render_spend_mix (PdChartContext *ctx);
void     _pd_chart_render_outlook  (PdChartContext *ctx);
void     _pd_chart_render_cquin    (PdChartContext *ctx);
void     _pd_chart_render_ranked   (PdChartContext *ctx);
void     _pd_chart_render_matrix   (PdChartContext *ctx);
void     _pd_chart_render_heatmap  (PdChartContext *ctx);
void     _pd_chart_render_timeline (PdChartContext *ctx);
void     _pd_chart_render_quadrant (PdChartContext *ctx);
/* The quadrant a unit falls in, as words ("lower spend, better outcome"). */
const char *_pd_chart_quadrant_words (const PdChartQuadrantData *q, double spend,
                                      double outcome);

/* pd-chart-spec.c */
char    *_pd_chart_spc_label   (const PdChartSpec *spec, gsize point);
/* Spend per head: the panels drawn (the start categories, the end ones, then every
 * category together as PD_CHART_PER_HEAD_TOTAL), a group's value in a panel (NaN when
 * unknown) and the median of the peers (every group but the highlighted one). */
#define PD_CHART_PER_HEAD_TOTAL G_MAXUINT
gsize    _pd_chart_per_head_panels (const PdChartMixData *m, guint *out_panels);
double   _pd_chart_per_head_value  (const PdChartMixData *m, gsize group, guint panel);
double   _pd_chart_per_head_median (const PdChartMixData *m, guint panel);
const char *_pd_chart_per_head_panel_name (const PdChartMixData *m, guint panel);

/* pd-chart-per-head.c: drawn for a spend-mix spec built per head. */
void     _pd_chart_render_per_head (PdChartContext *ctx);

G_END_DECLS
