/* pd-demo.h — the bundled demo region, built through the real importer
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "import/pd-importer.h"

G_BEGIN_DECLS

/* The folder of the demo CSVs: $PD_DEMO_DIR, else the installed copy, else the source tree. */
const char *pd_demo_data_dir (void);

/* Builds a new workspace at @out_path from the CSVs in @demo_dir (NULL: pd_demo_data_dir()).
 * The file is written beside @out_path and renamed into place only when complete. */
gboolean    pd_demo_build    (const char     *demo_dir,
                              const char     *out_path,
                              PdProgressFunc  progress,
                              gpointer        progress_data,
                              GCancellable   *cancellable,
                              GError        **error);

G_END_DECLS
