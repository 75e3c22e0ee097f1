/* pd-view-data.h — what the views read on their worker threads, shared between them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "chart/pd-chart-spec.h"
#include "domain/pd-indicators.h"
#include "stats/pd-spc.h"
#include "store/pd-workspace.h"

G_BEGIN_DECLS

PdSpcResult *pd_view_data_series_spc      (const PdIndicator        *indicator,
                                           const PdIndicatorSeries  *series,
                                           GPtrArray                *changes,
                                           PdSpcPreset               preset,
                                           GError                  **error);
GHashTable  *pd_view_data_changes_by_chart (GPtrArray               *changes);
GPtrArray   *pd_view_data_changes_lookup  (GHashTable               *by_chart,
                                           const char               *indicator,
                                           const char               *provider);
guint        pd_view_data_changes_serial  (PdWorkspace              *workspace);
void         pd_view_data_changes_bump    (PdWorkspace              *workspace);
const char  *pd_view_data_preset_to_string (PdSpcPreset             preset);
const char  *pd_view_data_preset_label    (PdSpcPreset              preset);
char        *pd_view_data_month_label     (const char               *iso);
PdChartFormat pd_view_data_indicator_format (const PdIndicator      *indicator);
GPtrArray   *pd_view_data_providers_of    (PdWorkspace              *workspace,
                                           const char               *commissioner,
                                           GError                  **error);

G_END_DECLS
