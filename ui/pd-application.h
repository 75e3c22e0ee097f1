/* pd-application.h — the application: actions, accelerators, settings, start-up
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())
G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new          (void);
GSettings     *pd_application_get_settings (PdApplication *self);

/* Where the demo workspace is built on first run: $XDG_DATA_HOME/pctdash/demo.pctdash. */
char          *pd_application_dup_demo_path (void);

G_END_DECLS
