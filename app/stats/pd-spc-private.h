/* pd-spc-private.h — the pieces of pd-spc.c the tests check on their own
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NHSRplotthedots tests its rules on vectors of signs and flags rather than on whole
 * series; these entry points let the same vectors drive the same logic here.
 */

#pragma once

#include "pd-spc.h"

G_BEGIN_DECLS

/* Applies the four rules, names each point and sets its point type. Each point in @used
 * (indexes into @points, in time order) must have value, mean, lpl, upl, lower_2sigma and
 * upper_2sigma set, rule PD_SPC_RULE_NONE and rules 0. NaN lines take part in no rule. */
void               _pd_spc_apply_rules    (PdSpcPoint         *points,
                                           const guint        *used,
                                           guint               m,
                                           const PdSpcOptions *options);

/* The assurance icon for @target against process limits @lpl and @upl. */
PdSpcAssuranceIcon _pd_spc_assurance_icon (double              target,
                                           double              lpl,
                                           double              upl,
                                           PdImprovement       improvement,
                                           PdSpcAssuranceEdge  edge);

G_END_DECLS
