/* pd-benchmarks-view.h — providers compared on one indicator: funnel plot and ranked chart
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_BENCHMARKS_VIEW (pd_benchmarks_view_get_type ())
G_DECLARE_FINAL_TYPE (PdBenchmarksView, pd_benchmarks_view, PD, BENCHMARKS_VIEW, GtkWidget)

PdWorkspace *pd_benchmarks_view_get_workspace (PdBenchmarksView *self);
void         pd_benchmarks_view_set_workspace (PdBenchmarksView *self,
                                               PdWorkspace      *workspace);
const char  *pd_benchmarks_view_get_indicator (PdBenchmarksView *self);
void         pd_benchmarks_view_set_indicator (PdBenchmarksView *self,
                                               const char       *indicator);
gboolean     pd_benchmarks_view_get_loading   (PdBenchmarksView *self);
GtkWidget   *pd_benchmarks_view_get_funnel    (PdBenchmarksView *self);
GtkWidget   *pd_benchmarks_view_get_ranked    (PdBenchmarksView *self);

G_END_DECLS
