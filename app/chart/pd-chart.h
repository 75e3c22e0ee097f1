/* pd-chart.h — one chart renderer for the window, PNG, SVG, PDF and the board pack
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is a spec (what to draw, built from workspace queries and statistics results),
 * a theme (how it looks) and one call, pd_chart_render(), that draws it on any cairo_t
 * and hands back the geometry the window needs for tooltips and clicks. Every surface
 * goes through the same call, so what a user explored is exactly what the board sees.
 * docs/charts.md describes each chart.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "chart/pd-chart-geometry.h"
#include "chart/pd-chart-spec.h"
#include "chart/pd-chart-theme.h"

G_BEGIN_DECLS

#define PD_CHART_ERROR (pd_chart_error_quark ())

typedef enum
{
  PD_CHART_ERROR_FORMAT,  /* a file name with no known extension, a bad size */
  PD_CHART_ERROR_WRITE,   /* Cairo could not write the file */
} PdChartError;

GQuark           pd_chart_error_quark (void);

void             pd_chart_render      (const PdChartSpec   *spec,
                                       const PdChartTheme  *theme,
                                       cairo_t             *cr,
                                       double               width,
                                       double               height,
                                       PdChartGeometry    **out_geometry);

/* File output (pd-chart-file.c). */
typedef enum
{
  PD_CHART_FILE_PNG,
  PD_CHART_FILE_SVG,
  PD_CHART_FILE_PDF,
} PdChartFileFormat;

gboolean         pd_chart_file_format_from_path (const char        *path,
                                                 PdChartFileFormat *out_format);

GBytes          *pd_chart_render_to_bytes (const PdChartSpec  *spec,
                                           const PdChartTheme *theme,
                                           PdChartFileFormat   format,
                                           double              width,
                                           double              height,
                                           double              scale,
                                           GError            **error);

gboolean         pd_chart_write_file  (const PdChartSpec   *spec,
                                       const PdChartTheme  *theme,
                                       const char          *path,
                                       double               width,
                                       double               height,
                                       double               scale,
                                       GError             **error);

G_END_DECLS
