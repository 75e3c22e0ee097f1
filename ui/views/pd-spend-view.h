/* pd-spend-view.h — where the money goes: the spend mix across peers, and a table
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_SPEND_VIEW (pd_spend_view_get_type ())
G_DECLARE_FINAL_TYPE (PdSpendView, pd_spend_view, PD, SPEND_VIEW, GtkWidget)

#define PD_TYPE_SPEND_ITEM (pd_spend_item_get_type ())
G_DECLARE_FINAL_TYPE (PdSpendItem, pd_spend_item, PD, SPEND_ITEM, GObject)

PdWorkspace   *pd_spend_view_get_workspace    (PdSpendView *self);
void           pd_spend_view_set_workspace    (PdSpendView *self,
                                               PdWorkspace *workspace);
const char    *pd_spend_view_get_commissioner (PdSpendView *self);
void           pd_spend_view_set_commissioner (PdSpendView *self,
                                               const char  *commissioner);
int            pd_spend_view_get_year         (PdSpendView *self);
void           pd_spend_view_set_year         (PdSpendView *self,
                                               int          year);
gboolean       pd_spend_view_get_loading      (PdSpendView *self);
GtkWidget     *pd_spend_view_get_chart        (PdSpendView *self);
GtkColumnView *pd_spend_view_get_table        (PdSpendView *self);
GtkEditable   *pd_spend_view_get_search       (PdSpendView *self);
const char    *pd_spend_view_get_table_caption (PdSpendView *self);
void           pd_spend_view_focus_search     (PdSpendView *self);

const char    *pd_spend_item_get_code         (PdSpendItem *self);
const char    *pd_spend_item_get_name         (PdSpendItem *self);
double         pd_spend_item_get_total        (PdSpendItem *self);
gboolean       pd_spend_item_get_chosen       (PdSpendItem *self);

G_END_DECLS
