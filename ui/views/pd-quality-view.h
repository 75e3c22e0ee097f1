/* pd-quality-view.h — one provider's indicators by domain, and the SPC chart of one
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_QUALITY_VIEW (pd_quality_view_get_type ())
G_DECLARE_FINAL_TYPE (PdQualityView, pd_quality_view, PD, QUALITY_VIEW, GtkWidget)

PdWorkspace *pd_quality_view_get_workspace (PdQualityView *self);
void         pd_quality_view_set_workspace (PdQualityView *self,
                                            PdWorkspace   *workspace);
const char  *pd_quality_view_get_provider  (PdQualityView *self);
const char  *pd_quality_view_get_indicator (PdQualityView *self);
void         pd_quality_view_show          (PdQualityView *self,
                                            const char    *indicator,
                                            const char    *provider);
gboolean     pd_quality_view_get_loading   (PdQualityView *self);
GtkWidget   *pd_quality_view_get_chart     (PdQualityView *self);
GtkListBox  *pd_quality_view_get_indicator_list (PdQualityView *self);
const char  *pd_quality_view_get_explanation (PdQualityView *self);
void         pd_quality_view_focus_search  (PdQualityView *self);
GtkEditable *pd_quality_view_get_search    (PdQualityView *self);
const char  *pd_quality_view_get_spc_preset (PdQualityView *self);
void         pd_quality_view_set_spc_preset (PdQualityView *self,
                                             const char    *preset);
GtkDropDown *pd_quality_view_get_preset_dropdown (PdQualityView *self);
GtkListBox  *pd_quality_view_get_changes_list (PdQualityView *self);
GtkPopover  *pd_quality_view_get_point_popover (PdQualityView *self);
AdwMessageDialog *pd_quality_view_get_reason_dialog (PdQualityView *self);

G_END_DECLS
