/* pd-chart-geometry.h — where a rendered chart put its marks, for tooltips and clicks
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_CHART_ITEM_POINT,    /* an SPC point, a funnel unit, a quadrant unit */
  PD_CHART_ITEM_BAR,      /* a bar segment: series is the row, index the category */
  PD_CHART_ITEM_INTERVAL, /* a ranked unit with its interval */
  PD_CHART_ITEM_CELL,     /* a matrix or heat-map cell: series is the row, index the column */
  PD_CHART_ITEM_EVENT,    /* an event marker on a timeline */
  PD_CHART_ITEM_ICON,     /* a variation or assurance icon (index 0 and 1) */
} PdChartItemType;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} PdChartRect;

/* One mark. series and index name the data behind it in the spec's own terms (see
 * pd-chart-spec.h for each kind); pd_chart_spec_describe_item() turns it into words. */
typedef struct
{
  PdChartItemType type;
  guint           series;
  guint           index;
  PdChartRect     area;    /* the hit area, in the cairo_t's user space at render time */
  double          cx;      /* the mark's centre: where a colour can be sampled */
  double          cy;
} PdChartItem;

/* A text the renderer placed, kept so tests and exports can check labels never overlap. */
typedef enum
{
  PD_CHART_LABEL_TITLE,
  PD_CHART_LABEL_X_TICK,
  PD_CHART_LABEL_Y_TICK,
  PD_CHART_LABEL_CATEGORY,  /* row names */
  PD_CHART_LABEL_VALUE,     /* values and unit names written on the plot */
  PD_CHART_LABEL_LEGEND,
  PD_CHART_LABEL_MESSAGE,   /* "no data" and the like, in the plot area */
} PdChartLabelRole;

typedef struct
{
  PdChartLabelRole role;
  PdChartRect      area;
  char            *text;
} PdChartLabel;

typedef struct _PdChartGeometry PdChartGeometry;

PdChartGeometry    *pd_chart_geometry_new          (void);
void                pd_chart_geometry_free         (PdChartGeometry    *geometry);

void                pd_chart_geometry_get_plot_area (const PdChartGeometry *geometry,
                                                     PdChartRect           *out_area);
guint               pd_chart_geometry_get_n_items  (const PdChartGeometry *geometry);
const PdChartItem  *pd_chart_geometry_get_item     (const PdChartGeometry *geometry,
                                                    guint                  i);
const PdChartItem  *pd_chart_geometry_find         (const PdChartGeometry *geometry,
                                                    PdChartItemType        type,
                                                    guint                  series,
                                                    guint                  index);
const PdChartItem  *pd_chart_geometry_hit_test     (const PdChartGeometry *geometry,
                                                    double                 x,
                                                    double                 y);
guint               pd_chart_geometry_get_n_labels (const PdChartGeometry *geometry);
const PdChartLabel *pd_chart_geometry_get_label    (const PdChartGeometry *geometry,
                                                    guint                  i);
gboolean            pd_chart_geometry_has_message  (const PdChartGeometry *geometry);

gboolean            pd_chart_rect_contains         (const PdChartRect     *rect,
                                                    double                 x,
                                                    double                 y);
gboolean            pd_chart_rect_intersects       (const PdChartRect     *a,
                                                    const PdChartRect     *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdChartGeometry, pd_chart_geometry_free)

G_END_DECLS
