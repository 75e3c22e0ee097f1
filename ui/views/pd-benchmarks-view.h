/* pd-benchmarks-view.h — providers compared on one indicator: funnel plot, ranked chart
 * and a table, over every provider or one peer group
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

/* One provider's row of the table. */
#define PD_TYPE_BENCHMARKS_ROW (pd_benchmarks_row_get_type ())
G_DECLARE_FINAL_TYPE (PdBenchmarksRow, pd_benchmarks_row, PD, BENCHMARKS_ROW, GObject)

const char  *pd_benchmarks_row_get_code  (PdBenchmarksRow *self);
const char  *pd_benchmarks_row_get_name  (PdBenchmarksRow *self);
double       pd_benchmarks_row_get_value (PdBenchmarksRow *self);

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
const char  *pd_benchmarks_view_get_peer_group (PdBenchmarksView *self);
void         pd_benchmarks_view_set_peer_group (PdBenchmarksView *self,
                                                const char       *peer_group);
GtkDropDown *pd_benchmarks_view_get_group_dropdown (PdBenchmarksView *self);
void         pd_benchmarks_view_new_group     (PdBenchmarksView *self);
void         pd_benchmarks_view_edit_group    (PdBenchmarksView *self);
void         pd_benchmarks_view_delete_group  (PdBenchmarksView *self);
GtkWindow   *pd_benchmarks_view_get_dialog    (PdBenchmarksView *self);
GtkColumnView *pd_benchmarks_view_get_table   (PdBenchmarksView *self);
GListModel  *pd_benchmarks_view_get_rows      (PdBenchmarksView *self);
GtkEditable *pd_benchmarks_view_get_search    (PdBenchmarksView *self);
void         pd_benchmarks_view_focus_search  (PdBenchmarksView *self);

G_END_DECLS
