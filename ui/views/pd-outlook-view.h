/* pd-outlook-view.h — the financial outlook: allocation against spend, scenarios, savings
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_OUTLOOK_VIEW (pd_outlook_view_get_type ())
G_DECLARE_FINAL_TYPE (PdOutlookView, pd_outlook_view, PD, OUTLOOK_VIEW, GtkWidget)

PdWorkspace *pd_outlook_view_get_workspace    (PdOutlookView *self);
void         pd_outlook_view_set_workspace    (PdOutlookView *self,
                                               PdWorkspace   *workspace);
const char  *pd_outlook_view_get_commissioner (PdOutlookView *self);
void         pd_outlook_view_set_commissioner (PdOutlookView *self,
                                               const char    *commissioner);
gboolean     pd_outlook_view_get_loading      (PdOutlookView *self);
GtkWidget   *pd_outlook_view_get_chart        (PdOutlookView *self);
GtkListBox  *pd_outlook_view_get_savings      (PdOutlookView *self);
void         pd_outlook_view_set_scenario     (PdOutlookView *self,
                                               double         inflation_percent,
                                               double         demand_percent,
                                               double         real_cut_percent);

G_END_DECLS
