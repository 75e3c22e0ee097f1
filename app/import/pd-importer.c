/* pd-importer.c — files into the workspace, all or nothing
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-importer.h"

static const char *const kind_names[PD_N_KINDS] = {
  [PD_KIND_ORGANISATIONS] = "organisations",
  [PD_KIND_SPEND] = "spend",
  [PD_KIND_ALLOCATIONS] = "allocations",
  [PD_KIND_CQUIN_SCHEMES] = "cquin_schemes",
  [PD_KIND_CQUIN_ACHIEVEMENT] = "cquin_achievement",
  [PD_KIND_INDICATORS] = "indicators",
  [PD_KIND_INDICATOR_VALUES] = "indicator_values",
  [PD_KIND_EVENTS] = "events",
};

/**
 * pd_kind_to_string:
 * @kind: a kind
 *
 * Returns: the kind's name as the CLI, sheet names and JSON use it, e.g. "cquin_schemes"
 */
const char *
pd_kind_to_string (PdKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < PD_N_KINDS, "unknown");

  return kind_names[kind];
}

/**
 * pd_kind_from_string:
 * @text: a kind's name; case, spaces, dashes and underscores do not matter
 *
 * Returns: the kind, or %PD_KIND_UNKNOWN
 */
PdKind
pd_kind_from_string (const char *text)
{
  g_autoptr(GString) wanted = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, PD_KIND_UNKNOWN);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '_')
      g_string_append_c (wanted, g_ascii_tolower (*p));

  for (int kind = 0; kind < PD_N_KINDS; kind++)
    {
      g_autoptr(GString) name = g_string_new (NULL);

      for (const char *p = kind_names[kind]; *p != '\0'; p++)
        if (*p != '_')
          g_string_append_c (name, *p);
      if (strcmp (name->str, wanted->str) == 0)
        return kind;
    }

  return PD_KIND_UNKNOWN;
}
