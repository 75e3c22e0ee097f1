/* pd-intervals.c — confidence intervals for proportions, counts and rates
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "pd-intervals.h"
#include "pd-intervals-private.h"

static const PdInterval no_interval = { NAN, NAN, NAN };

static const struct
{
  PdCiMethod  method;
  const char *name;
} method_names[] = {
  { PD_CI_WILSON, "wilson" },
  { PD_CI_EXACT_BINOMIAL, "exact-binomial" },
  { PD_CI_BYAR, "byar" },
  { PD_CI_EXACT_POISSON, "exact-poisson" },
  { PD_CI_POISSON, "poisson" },
};

/**
 * pd_ci_parse_method:
 * @text: "wilson", "exact-binomial", "byar", "exact-poisson" or "poisson"
 * @out_method: (out): the method
 *
 * Returns: %TRUE when @text names a method.
 */
gboolean
pd_ci_parse_method (const char *text,
                    PdCiMethod *out_method)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_method != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (method_names); i++)
    {
      if (strcmp (text, method_names[i].name) == 0)
        {
          *out_method = method_names[i].method;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_ci_method_to_string:
 * @method: a method
 *
 * Returns: the name pd_ci_parse_method() accepts for @method.
 */
const char *
pd_ci_method_to_string (PdCiMethod method)
{
  for (gsize i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (method_names[i].method == method)
      return method_names[i].name;

  g_return_val_if_reached (NULL);
}

/**
 * pd_ci_method_is_proportion:
 * @method: a method
 *
 * Returns: %TRUE for the methods whose numerator cannot exceed the denominator.
 */
gboolean
pd_ci_method_is_proportion (PdCiMethod method)
{
  return method == PD_CI_WILSON || method == PD_CI_EXACT_BINOMIAL;
}

static double
probability_z (double probability)
{
  return gsl_cdf_ugaussian_Pinv (0.5 + probability / 2.0);
}

/* The checks every method shares. A count's denominator is 1, so it passes too. */
static gboolean
inputs_usable (double numerator,
               double denominator,
               double multiplier)
{
  return isfinite (numerator) && isfinite (denominator) && isfinite (multiplier) &&
         numerator >= 0.0 && denominator > 0.0 && multiplier > 0.0 &&
         numerator <= PD_STATS_MAX_COUNT && denominator <= PD_STATS_MAX_COUNT;
}

/* ---- Distribution functions that survive large counts -------------------------------- */

/**
 * _pd_stats_gsl_init:
 *
 * Turns GSL's default error handler off, once. That handler aborts the process on any
 * numerical failure, which a desktop application must not do; the functions here check
 * GSL's status codes themselves instead.
 */
void
_pd_stats_gsl_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * _pd_gamma_p:
 * @shape: the shape a > 0
 * @x: where, x ≥ 0
 *
 * Returns: the regularised lower incomplete gamma function P(a, x), from its complement
 * when GSL's own evaluation does not converge (it stops converging in the upper tail
 * above about a million).
 */
double
_pd_gamma_p (double shape,
             double x)
{
  gsl_sf_result result;

  _pd_stats_gsl_init ();
  if (gsl_sf_gamma_inc_P_e (shape, x, &result) == GSL_SUCCESS)
    return result.val;
  if (gsl_sf_gamma_inc_Q_e (shape, x, &result) == GSL_SUCCESS)
    return 1.0 - result.val;
  return NAN;
}

/**
 * _pd_gamma_q:
 * @shape: the shape a > 0
 * @x: where, x ≥ 0
 *
 * Returns: the regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x).
 */
double
_pd_gamma_q (double shape,
             double x)
{
  gsl_sf_result result;

  _pd_stats_gsl_init ();
  if (gsl_sf_gamma_inc_Q_e (shape, x, &result) == GSL_SUCCESS)
    return result.val;
  if (gsl_sf_gamma_inc_P_e (shape, x, &result) == GSL_SUCCESS)
    return 1.0 - result.val;
  return NAN;
}

/**
 * _pd_solve_bracketed:
 * @function: a continuous function
 * @data: its data
 * @lo: one end of the bracket
 * @hi: the other end
 *
 * Brent's method to machine precision.
 *
 * Returns: the root, or NaN when [@lo, @hi] does not bracket one.
 */
double
_pd_solve_bracketed (double (*function) (double x, void *data),
                     void    *data,
                     double   lo,
                     double   hi)
{
  gsl_function f = { function, data };
  gsl_root_fsolver *solver;
  double flo = function (lo, data), fhi = function (hi, data);
  double root = NAN;
  int status = GSL_CONTINUE;

  _pd_stats_gsl_init ();
  if (isnan (flo) || isnan (fhi) || (flo > 0) == (fhi > 0))
    {
      if (flo == 0.0)
        return lo;
      if (fhi == 0.0)
        return hi;
      return NAN;
    }

  solver = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);
  if (gsl_root_fsolver_set (solver, &f, lo, hi) != GSL_SUCCESS)
    {
      gsl_root_fsolver_free (solver);
      return NAN;
    }
  for (int i = 0; i < 300 && status == GSL_CONTINUE; i++)
    {
      if (gsl_root_fsolver_iterate (solver) != GSL_SUCCESS)
        break;
      root = gsl_root_fsolver_root (solver);
      status = gsl_root_test_interval (gsl_root_fsolver_x_lower (solver),
                                       gsl_root_fsolver_x_upper (solver),
                                       0.0, 4.0 * GSL_DBL_EPSILON);
    }
  gsl_root_fsolver_free (solver);

  return root;
}

typedef struct
{
  double tail;
  double a;
  double b;
} QuantileData;

static double
gamma_lower_tail_cb (double  x,
                     void   *data)
{
  const QuantileData *q = data;

  return _pd_gamma_p (q->a, x) - q->tail;
}

static double
gamma_upper_tail_cb (double  x,
                     void   *data)
{
  const QuantileData *q = data;

  return q->tail - _pd_gamma_q (q->a, x);
}

/**
 * _pd_gamma_quantile:
 * @tail: the probability in the tail, 0 < tail < 1
 * @shape: the shape a > 0 (scale 1)
 * @upper: %TRUE for the x with Q(a, x) = @tail, %FALSE for P(a, x) = @tail
 *
 * Returns: the gamma quantile, or NaN.
 */
double
_pd_gamma_quantile (double   tail,
                    double   shape,
                    gboolean upper)
{
  QuantileData data = { tail, shape, 0.0 };
  double (*function) (double, void *) = upper ? gamma_upper_tail_cb : gamma_lower_tail_cb;
  double hi = shape + 10.0 * sqrt (shape) + 10.0;

  if (!(shape > 0.0) || !(tail > 0.0 && tail < 1.0) || !isfinite (shape))
    return NAN;

  /* Both functions rise with x, from below zero at x = 0. */
  for (int i = 0; i < 64 && function (hi, &data) < 0.0; i++)
    hi *= 2.0;

  return _pd_solve_bracketed (function, &data, 0.0, hi);
}

/* I_x(a, b). GSL's continued fraction stops converging far out in the tails of a beta
 * distribution with large parameters; there the function is 0 or 1 to double precision,
 * on the side of the mean the point lies. */
static double
beta_cdf (double x,
          double a,
          double b)
{
  gsl_sf_result result;

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  if (gsl_sf_beta_inc_e (a, b, x, &result) == GSL_SUCCESS)
    return result.val;
  return x < a / (a + b) ? 0.0 : 1.0;
}

static double
beta_lower_tail_cb (double  x,
                    void   *data)
{
  const QuantileData *q = data;

  return beta_cdf (x, q->a, q->b) - q->tail;
}

static double
beta_upper_tail_cb (double  x,
                    void   *data)
{
  const QuantileData *q = data;

  /* 1 − I_x(a, b) = I_(1−x)(b, a), which keeps precision in the upper tail. */
  return q->tail - beta_cdf (1.0 - x, q->b, q->a);
}

/**
 * _pd_beta_quantile:
 * @tail: the probability in the tail, 0 < tail < 1
 * @a: the first shape, > 0
 * @b: the second shape, > 0
 * @upper: %TRUE for the x with 1 − I_x(a, b) = @tail, %FALSE for I_x(a, b) = @tail
 *
 * Returns: the beta quantile, or NaN.
 */
double
_pd_beta_quantile (double   tail,
                   double   a,
                   double   b,
                   gboolean upper)
{
  QuantileData data = { tail, a, b };
  double (*function) (double, void *) = upper ? beta_upper_tail_cb : beta_lower_tail_cb;
  double mean, sd, lo, hi;

  _pd_stats_gsl_init ();
  if (!(a > 0.0) || !(b > 0.0) || !(tail > 0.0 && tail < 1.0) || !isfinite (a) ||
      !isfinite (b))
    return NAN;

  /* Start from a bracket a dozen standard deviations about the mean, where GSL's
   * incomplete beta function converges, and widen it to [0, 1] only if need be. */
  mean = a / (a + b);
  sd = sqrt (a * b / ((a + b) * (a + b) * (a + b + 1.0)));
  lo = MAX (0.0, mean - 12.0 * sd);
  hi = MIN (1.0, mean + 12.0 * sd);
  if (function (lo, &data) > 0.0)
    lo = 0.0;
  if (function (hi, &data) < 0.0)
    hi = 1.0;

  return _pd_solve_bracketed (function, &data, lo, hi);
}

/**
 * pd_ci_wilson:
 * @numerator: cases meeting the condition (need not be whole: PHE tests 0.445 of 1)
 * @denominator: cases in the sample
 * @level: the confidence level
 * @multiplier: 1 for a proportion, 100 for a percentage
 *
 * The Wilson score interval, as PHEindicatormethods' wilson_lower() and wilson_upper():
 * (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)).
 *
 * Returns: the proportion and its interval, multiplied; NaN members when the inputs are
 * missing, negative, the denominator is zero, or the numerator exceeds the denominator.
 */
PdInterval
pd_ci_wilson (double            numerator,
              double            denominator,
              PdConfidenceLevel level,
              double            multiplier)
{
  double x = numerator, n = denominator;
  double z, root;
  PdInterval ci;

  if (!inputs_usable (x, n, multiplier) || x > n)
    return no_interval;

  z = pd_stats_level_z (level);
  root = z * sqrt (z * z + 4.0 * x * (1.0 - x / n));
  ci.value = x / n * multiplier;
  ci.lower = (2.0 * x + z * z - root) / 2.0 / (n + z * z) * multiplier;
  ci.upper = (2.0 * x + z * z + root) / 2.0 / (n + z * z) * multiplier;

  return ci;
}

/**
 * pd_ci_exact_binomial:
 * @numerator: cases meeting the condition
 * @denominator: cases in the sample
 * @level: the confidence level
 * @multiplier: 1 for a proportion, 100 for a percentage
 *
 * The Clopper–Pearson interval from beta quantiles: the lower limit is
 * B⁻¹(α/2; x, n − x + 1) (0 when x = 0), the upper B⁻¹(1 − α/2; x + 1, n − x) (1 when
 * x = n).
 *
 * Returns: the proportion and its interval, multiplied; NaN members for unusable inputs
 * as for pd_ci_wilson().
 */
PdInterval
pd_ci_exact_binomial (double            numerator,
                      double            denominator,
                      PdConfidenceLevel level,
                      double            multiplier)
{
  double x = numerator, n = denominator;
  double tail;
  PdInterval ci;

  if (!inputs_usable (x, n, multiplier) || x > n)
    return no_interval;

  tail = (1.0 - pd_stats_level_probability (level)) / 2.0;
  ci.value = x / n * multiplier;
  ci.lower = x == 0.0 ? 0.0 : _pd_beta_quantile (tail, x, n - x + 1.0, FALSE) * multiplier;
  ci.upper = x == n ? multiplier : _pd_beta_quantile (tail, x + 1.0, n - x, TRUE) * multiplier;

  return ci;
}

/**
 * pd_ci_exact_poisson_lower:
 * @events: the observed count (need not be whole)
 * @probability: the two-sided coverage, e.g. 0.95
 *
 * The exact lower limit χ²(α/2; 2x) / 2, computed as the gamma quantile
 * Γ⁻¹(α/2; x, 1), which is the same number without the halving (solved on GSL's
 * incomplete gamma function, since GSL's own quantile fails above about a million
 * events); 0 for no events.
 *
 * Returns: the lower limit of the count, or NaN for a negative or missing count.
 */
double
pd_ci_exact_poisson_lower (double events,
                           double probability)
{
  if (!isfinite (events) || events < 0.0)
    return NAN;
  if (events == 0.0)
    return 0.0;

  return _pd_gamma_quantile ((1.0 - probability) / 2.0, events, FALSE);
}

/**
 * pd_ci_exact_poisson_upper:
 * @events: the observed count
 * @probability: the two-sided coverage
 *
 * The exact upper limit χ²(1 − α/2; 2x + 2) / 2, computed from the upper tail of the
 * gamma distribution, Q⁻¹(α/2; x + 1), which keeps full precision in the tail.
 *
 * Returns: the upper limit of the count, or NaN for a negative or missing count.
 */
double
pd_ci_exact_poisson_upper (double events,
                           double probability)
{
  if (!isfinite (events) || events < 0.0)
    return NAN;

  return _pd_gamma_quantile ((1.0 - probability) / 2.0, events + 1.0, TRUE);
}

/**
 * pd_ci_byar_lower:
 * @events: the observed count
 * @probability: the two-sided coverage
 *
 * Byar's approximation x (1 − 1/(9x) − z/(3√x))³ (Breslow and Day 1987), as
 * PHEindicatormethods' byars_lower().
 *
 * Returns: the lower limit; 0 for no events; NaN where the formula turns negative (very
 * few events at a high level), as PHEindicatormethods returns NA there.
 */
double
pd_ci_byar_lower (double events,
                  double probability)
{
  double z, lower;

  if (!isfinite (events) || events < 0.0)
    return NAN;
  if (events == 0.0)
    return 0.0;

  z = probability_z (probability);
  lower = events * pow (1.0 - 1.0 / (9.0 * events) - z / (3.0 * sqrt (events)), 3.0);

  return lower < 0.0 ? NAN : lower;
}

/**
 * pd_ci_byar_upper:
 * @events: the observed count
 * @probability: the two-sided coverage
 *
 * Byar's approximation (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³.
 *
 * Returns: the upper limit, or NaN for a negative or missing count.
 */
double
pd_ci_byar_upper (double events,
                  double probability)
{
  double z, x1;

  if (!isfinite (events) || events < 0.0)
    return NAN;

  z = probability_z (probability);
  x1 = events + 1.0;

  return x1 * pow (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * sqrt (x1)), 3.0);
}

static PdInterval
count_interval (double  events,
                double  denominator,
                double  multiplier,
                double  lower,
                double  upper)
{
  PdInterval ci;

  ci.value = events / denominator * multiplier;
  ci.lower = lower / denominator * multiplier;
  ci.upper = upper / denominator * multiplier;

  return ci;
}

/**
 * pd_ci_byar:
 * @events: the observed count
 * @denominator: the population, person-years or expected count (1 for a plain count)
 * @level: the confidence level
 * @multiplier: e.g. 100000 for a rate per 100,000
 *
 * Returns: the rate and Byar's interval of the count divided by @denominator, multiplied.
 */
PdInterval
pd_ci_byar (double            events,
            double            denominator,
            PdConfidenceLevel level,
            double            multiplier)
{
  double p = pd_stats_level_probability (level);

  if (!inputs_usable (events, denominator, multiplier))
    return no_interval;

  return count_interval (events, denominator, multiplier,
                         pd_ci_byar_lower (events, p), pd_ci_byar_upper (events, p));
}

/**
 * pd_ci_exact_poisson:
 * @events: the observed count
 * @denominator: the population, person-years or expected count (1 for a plain count)
 * @level: the confidence level
 * @multiplier: e.g. 100000 for a rate per 100,000
 *
 * Returns: the rate and the exact Poisson interval of the count divided by
 * @denominator, multiplied.
 */
PdInterval
pd_ci_exact_poisson (double            events,
                     double            denominator,
                     PdConfidenceLevel level,
                     double            multiplier)
{
  double p = pd_stats_level_probability (level);

  if (!inputs_usable (events, denominator, multiplier))
    return no_interval;

  return count_interval (events, denominator, multiplier,
                         pd_ci_exact_poisson_lower (events, p),
                         pd_ci_exact_poisson_upper (events, p));
}

/**
 * pd_ci_poisson:
 * @events: the observed count
 * @denominator: the population, person-years or expected count (1 for a plain count)
 * @level: the confidence level
 * @multiplier: e.g. 100000 for a rate per 100,000
 *
 * PHE's rule for counts and rates (phe_rate): the exact interval below
 * %PD_CI_BYAR_MIN_EVENTS events, Byar's from there on.
 *
 * Returns: the rate and its interval, multiplied.
 */
PdInterval
pd_ci_poisson (double            events,
               double            denominator,
               PdConfidenceLevel level,
               double            multiplier)
{
  if (isfinite (events) && events < PD_CI_BYAR_MIN_EVENTS)
    return pd_ci_exact_poisson (events, denominator, level, multiplier);

  return pd_ci_byar (events, denominator, level, multiplier);
}

/**
 * pd_ci_compute:
 * @method: the method
 * @numerator: the numerator or count
 * @denominator: the denominator (1 for a plain count)
 * @level: the confidence level
 * @multiplier: the multiplier of the value and limits
 *
 * Returns: the value and interval by @method.
 */
PdInterval
pd_ci_compute (PdCiMethod        method,
               double            numerator,
               double            denominator,
               PdConfidenceLevel level,
               double            multiplier)
{
  switch (method)
    {
    case PD_CI_WILSON:
      return pd_ci_wilson (numerator, denominator, level, multiplier);
    case PD_CI_EXACT_BINOMIAL:
      return pd_ci_exact_binomial (numerator, denominator, level, multiplier);
    case PD_CI_BYAR:
      return pd_ci_byar (numerator, denominator, level, multiplier);
    case PD_CI_EXACT_POISSON:
      return pd_ci_exact_poisson (numerator, denominator, level, multiplier);
    case PD_CI_POISSON:
      return pd_ci_poisson (numerator, denominator, level, multiplier);
    default:
      g_return_val_if_reached (no_interval);
    }
}

/**
 * pd_ci_compute_array:
 * @method: the method
 * @numerators: (array length=n): numerators or counts (NaN for suppressed)
 * @denominators: (array length=n): denominators (NaN for suppressed)
 * @n: the number of rows
 * @level: the confidence level
 * @multiplier: the multiplier of the values and limits
 * @out: (array length=n): receives one interval per row
 *
 * pd_ci_compute() over arrays.
 */
void
pd_ci_compute_array (PdCiMethod        method,
                     const double     *numerators,
                     const double     *denominators,
                     gsize             n,
                     PdConfidenceLevel level,
                     double            multiplier,
                     PdInterval       *out)
{
  g_return_if_fail (n == 0 || (numerators != NULL && denominators != NULL && out != NULL));

  for (gsize i = 0; i < n; i++)
    out[i] = pd_ci_compute (method, numerators[i], denominators[i], level, multiplier);
}
