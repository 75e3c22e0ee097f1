/* pd-intervals-private.h — distribution functions the intervals and funnels share
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL's gamma and beta quantile functions fail for the large counts NHS data has (above
 * about a million events they return NaN, a wrong number, or loop), and its upper
 * incomplete gamma function stops converging there. These wrappers check GSL's status
 * codes, fall back to the complementary tail, and invert the distribution functions with
 * GSL's Brent solver instead.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest count or denominator the methods accept: 2^53, beyond which a double no
 * longer holds every whole number, so a count is no longer exact and the limits' ordering
 * is lost to rounding (found by fuzz/fuzz-ci and fuzz/fuzz-funnel at 3e34 and 1e280).
 * Larger inputs give no interval and no limits, as other unusable inputs do. */
#define PD_STATS_MAX_COUNT 9007199254740992.0

void   _pd_stats_gsl_init     (void);

double _pd_gamma_p            (double   shape,
                               double   x);
double _pd_gamma_q            (double   shape,
                               double   x);
double _pd_gamma_quantile     (double   tail,
                               double   shape,
                               gboolean upper);
double _pd_beta_quantile      (double   tail,
                               double   a,
                               double   b,
                               gboolean upper);
double _pd_solve_bracketed    (double (*function) (double x, void *data),
                               void    *data,
                               double   lo,
                               double   hi);

G_END_DECLS
