/* pd-chart-view.h — one chart on screen: cached drawing, tooltips, clicks, a menu
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "chart/pd-chart.h"

G_BEGIN_DECLS

#define PD_TYPE_CHART_VIEW (pd_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (PdChartView, pd_chart_view, PD, CHART_VIEW, GtkWidget)

GtkWidget             *pd_chart_view_new            (void);
void                   pd_chart_view_set_spec       (PdChartView      *self,
                                                     PdChartSpec      *spec);
const PdChartSpec     *pd_chart_view_get_spec       (PdChartView      *self);
const char            *pd_chart_view_get_summary    (PdChartView      *self);
PdChartThemeKind       pd_chart_view_get_theme_kind (PdChartView      *self);
void                   pd_chart_view_set_theme_kind (PdChartView      *self,
                                                     PdChartThemeKind  kind);
const PdChartGeometry *pd_chart_view_get_geometry   (PdChartView      *self);
guint                  pd_chart_view_get_n_renders  (PdChartView      *self);
gboolean               pd_chart_view_activate_at    (PdChartView      *self,
                                                     double            x,
                                                     double            y);
char                  *pd_chart_view_dup_tooltip_at (PdChartView      *self,
                                                     double            x,
                                                     double            y);

G_END_DECLS
