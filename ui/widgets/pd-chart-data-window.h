/* pd-chart-data-window.h — a chart's data as a table, with a copy as CSV
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "chart/pd-chart.h"

G_BEGIN_DECLS

#define PD_TYPE_CHART_DATA_WINDOW (pd_chart_data_window_get_type ())
G_DECLARE_FINAL_TYPE (PdChartDataWindow, pd_chart_data_window, PD, CHART_DATA_WINDOW, AdwWindow)

GtkWidget     *pd_chart_data_window_new            (const PdChartSpec *spec);
GtkColumnView *pd_chart_data_window_get_table      (PdChartDataWindow *self);
const char    *pd_chart_data_window_get_csv        (PdChartDataWindow *self);

G_END_DECLS
