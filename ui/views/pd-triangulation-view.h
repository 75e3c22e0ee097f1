/* pd-triangulation-view.h — one provider's signals together: indicators, incidents, concerns
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_TRIANGULATION_VIEW (pd_triangulation_view_get_type ())
G_DECLARE_FINAL_TYPE (PdTriangulationView, pd_triangulation_view, PD, TRIANGULATION_VIEW, GtkWidget)

PdWorkspace *pd_triangulation_view_get_workspace    (PdTriangulationView *self);
void         pd_triangulation_view_set_workspace    (PdTriangulationView *self,
                                             PdWorkspace *workspace);
const char  *pd_triangulation_view_get_commissioner (PdTriangulationView *self);
void         pd_triangulation_view_set_commissioner (PdTriangulationView *self,
                                             const char  *commissioner);
const char  *pd_triangulation_view_get_provider     (PdTriangulationView *self);
void         pd_triangulation_view_set_provider     (PdTriangulationView *self,
                                             const char  *provider);
gboolean     pd_triangulation_view_get_loading      (PdTriangulationView *self);
GtkWidget   *pd_triangulation_view_get_chart        (PdTriangulationView *self);
GtkDropDown *pd_triangulation_view_get_provider_dropdown (PdTriangulationView *self);
GtkListBox  *pd_triangulation_view_get_events (PdTriangulationView *self);

AdwMessageDialog *pd_triangulation_view_get_concern_dialog (PdTriangulationView *self);

G_END_DECLS
