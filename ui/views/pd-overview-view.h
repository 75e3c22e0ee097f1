/* pd-overview-view.h — the home view: every indicator × provider, and where to look first
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_VIEW (pd_overview_view_get_type ())
G_DECLARE_FINAL_TYPE (PdOverviewView, pd_overview_view, PD, OVERVIEW_VIEW, GtkWidget)

PdWorkspace *pd_overview_view_get_workspace    (PdOverviewView *self);
void         pd_overview_view_set_workspace    (PdOverviewView *self,
                                                PdWorkspace    *workspace);
const char  *pd_overview_view_get_commissioner (PdOverviewView *self);
void         pd_overview_view_set_commissioner (PdOverviewView *self,
                                                const char     *commissioner);
const char  *pd_overview_view_get_spc_preset   (PdOverviewView *self);
void         pd_overview_view_set_spc_preset   (PdOverviewView *self,
                                                const char     *preset);
gboolean     pd_overview_view_get_loading      (PdOverviewView *self);
GtkWidget   *pd_overview_view_get_matrix       (PdOverviewView *self);
GtkListBox  *pd_overview_view_get_ranking      (PdOverviewView *self);
const char  *pd_overview_view_get_indicator_at (PdOverviewView *self,
                                                guint           row);
const char  *pd_overview_view_get_provider_at  (PdOverviewView *self,
                                                guint           column);

G_END_DECLS
