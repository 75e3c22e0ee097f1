/* pd-column-layout.h — a bin layout whose width does not depend on the height it is given
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_COLUMN_LAYOUT (pd_column_layout_get_type ())
G_DECLARE_FINAL_TYPE (PdColumnLayout, pd_column_layout, PD, COLUMN_LAYOUT, GtkLayoutManager)

GtkLayoutManager *pd_column_layout_new (void);

G_END_DECLS
