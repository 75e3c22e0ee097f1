/* pd-domain.h — the read side of the workspace, shared words and errors
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every query in app/domain/ takes a PdWorkspace used on the calling thread (open a second
 * one with pd_workspace_open_again() for a worker), returns plain structs the caller owns,
 * and reports failures through GError. Conventions, as in the workspace schema:
 * - money is in whole pence (gint64); sums of pence are exact;
 * - a financial year is its first calendar year: 2009 is 2009/10 (1 April 2009 to 31 March
 *   2010); a month is the calendar month, 1 to 12;
 * - a suppressed value is never read as 0: it is left out of every sum, and counted;
 * - a number that is missing or suppressed is NaN.
 */

#pragma once

#include <glib.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_DOMAIN_ERROR (pd_domain_error_quark ())

typedef enum
{
  PD_DOMAIN_ERROR_NOT_FOUND, /* no organisation, indicator or data of that name */
  PD_DOMAIN_ERROR_INVALID,   /* an argument out of range, e.g. a scenario of -100 % */
  PD_DOMAIN_ERROR_OVERFLOW,  /* a sum of money beyond G_MAXINT64 pence: a wrong amount */
} PdDomainError;

GQuark pd_domain_error_quark           (void);

char  *pd_financial_year_label         (int year);

guint  pd_financial_month_index        (int month);

int    pd_financial_year_of_month      (int calendar_year,
                                        int month);

G_END_DECLS
