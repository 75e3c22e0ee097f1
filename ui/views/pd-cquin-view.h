/* pd-cquin-view.h — one provider's CQUIN scheme: milestones, results and the money
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_CQUIN_VIEW (pd_cquin_view_get_type ())
G_DECLARE_FINAL_TYPE (PdCquinView, pd_cquin_view, PD, CQUIN_VIEW, GtkWidget)

PdWorkspace *pd_cquin_view_get_workspace    (PdCquinView *self);
void         pd_cquin_view_set_workspace    (PdCquinView *self,
                                             PdWorkspace *workspace);
const char  *pd_cquin_view_get_commissioner (PdCquinView *self);
void         pd_cquin_view_set_commissioner (PdCquinView *self,
                                             const char  *commissioner);
const char  *pd_cquin_view_get_provider     (PdCquinView *self);
void         pd_cquin_view_set_provider     (PdCquinView *self,
                                             const char  *provider);
gboolean     pd_cquin_view_get_loading      (PdCquinView *self);
GtkWidget   *pd_cquin_view_get_chart        (PdCquinView *self);
GtkDropDown *pd_cquin_view_get_provider_dropdown (PdCquinView *self);
guint        pd_cquin_view_get_quarter      (PdCquinView *self);
void         pd_cquin_view_set_quarter      (PdCquinView *self,
                                             guint        quarter);
GtkDropDown *pd_cquin_view_get_quarter_dropdown (PdCquinView *self);
const char  *pd_cquin_view_get_money_text   (PdCquinView *self,
                                             const char  *what);
GtkWidget   *pd_cquin_view_get_progress_box (PdCquinView *self);

G_END_DECLS
