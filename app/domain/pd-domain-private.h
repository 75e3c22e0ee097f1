/* pd-domain-private.h — what the domain queries share: cached statements, columns
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "domain/pd-domain.h"

G_BEGIN_DECLS

/* A statement borrowed from the workspace's cache. g_autoptr(PdDomainStmt) resets it when
 * the borrower's scope ends, which ends the read and keeps the statement for next time. */
typedef sqlite3_stmt PdDomainStmt;

static inline void
_pd_domain_stmt_release (PdDomainStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDomainStmt, _pd_domain_stmt_release)

/* Adds @value to *@sum unless the sum would leave gint64 (undefined behaviour in C, a
 * wrapped negative amount in practice); returns FALSE then, *@sum unchanged. Amounts can
 * be negative (refunds), and GLib 2.74 checks only unsigned additions. */
static inline gboolean
_pd_domain_add_pence (gint64 *sum,
                      gint64  value)
{
  gint64 result;

  if (__builtin_add_overflow (*sum, value, &result))
    return FALSE;
  *sum = result;
  return TRUE;
}

void          _pd_domain_set_overflow_error (GError     **error,
                                             const char  *what);

PdDomainStmt *_pd_domain_prepare        (PdWorkspace  *workspace,
                                         const char   *sql,
                                         const char   *what,
                                         GError      **error);

gboolean      _pd_domain_check_done     (PdWorkspace  *workspace,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);

gboolean      _pd_domain_read_begin     (PdWorkspace  *workspace);
void          _pd_domain_read_end       (PdWorkspace  *workspace,
                                         gboolean      began);

char         *_pd_domain_column_strdup  (PdDomainStmt *stmt,
                                         int           column);
double        _pd_domain_column_double  (PdDomainStmt *stmt,
                                         int           column);
gint64        _pd_domain_column_int64   (PdDomainStmt *stmt,
                                         int           column,
                                         gint64        if_null);

void          _pd_domain_bind_text      (PdDomainStmt *stmt,
                                         int           index,
                                         const char   *text);

char         *_pd_domain_json_array     (const char * const *strings);

G_END_DECLS
