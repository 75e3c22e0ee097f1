/* fuzz-spc.c — text → SPC options and a series → pd_spc_compute and everything that
 * describes its result. Line 1 holds options as the CLI takes them ("preset=ptd chart=p
 * improvement=down target=5 fix=12 screen=1"); each further line is
 * "value[,denominator[,target[,flags]]]" with flags r (rebase) and g (ghost).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/pd-spc.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) lines = fuzz_lines (data, size);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (PdSpcPointInput));
  g_autoptr(PdSpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdSpcOptions options;
  PdSpcPreset preset = PD_SPC_PRESET_MDC;
  g_autofree char *preset_text = NULL, *chart = NULL, *improvement = NULL;
  g_autofree char *target = NULL, *fix = NULL, *screen = NULL, *shift = NULL, *trend = NULL;

  if (lines[0] == NULL)
    return 0;
  preset_text = fuzz_option (lines[0], "preset");
  if (preset_text != NULL && !pd_spc_parse_preset (preset_text, &preset))
    return 0;
  pd_spc_options_init_preset (&options, preset);
  chart = fuzz_option (lines[0], "chart");
  if (chart != NULL && !pd_spc_parse_chart (chart, &options.chart))
    return 0;
  improvement = fuzz_option (lines[0], "improvement");
  if (improvement != NULL && !pd_spc_parse_improvement (improvement, &options.improvement))
    return 0;
  target = fuzz_option (lines[0], "target");
  if (target != NULL)
    options.target = fuzz_number (target);
  fix = fuzz_option (lines[0], "fix");
  if (fix != NULL)
    options.fix_after = (guint) g_ascii_strtoull (fix, NULL, 10);
  shift = fuzz_option (lines[0], "shift");
  if (shift != NULL)
    options.shift_length = (guint) g_ascii_strtoull (shift, NULL, 10);
  trend = fuzz_option (lines[0], "trend");
  if (trend != NULL)
    options.trend_length = (guint) g_ascii_strtoull (trend, NULL, 10);
  screen = fuzz_option (lines[0], "screen");
  if (screen != NULL)
    options.screen_outliers = screen[0] == '1';

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 5);
      guint n_fields = g_strv_length (fields);
      PdSpcPointInput point = { .target = NAN, .denominator = NAN };
      double value;

      if (n_fields == 0)
        continue;
      value = fuzz_number (fields[0]);
      if (n_fields > 1)
        point.denominator = fuzz_number (fields[1]);
      if (n_fields > 2)
        point.target = fuzz_number (fields[2]);
      if (n_fields > 3)
        {
          point.rebase = strchr (fields[3], 'r') != NULL;
          point.ghost = strchr (fields[3], 'g') != NULL;
        }
      g_array_append_val (values, value);
      g_array_append_val (extra, point);
    }

  if (!pd_spc_options_validate (&options, &error))
    return 0;
  result = pd_spc_compute ((const double *) values->data, values->len,
                           (const PdSpcPointInput *) extra->data, &options, &error);
  if (result == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert (result->n_points == values->len);
  for (gsize i = 0; i < result->n_points; i++)
    {
      g_autofree char *explanation = pd_spc_point_explain (result, i);
      g_assert (explanation != NULL && g_utf8_validate (explanation, -1, NULL));
      g_assert (result->points[i].partition < result->n_partitions);
      (void) pd_spc_rule_to_string (result->points[i].rule);
      (void) pd_spc_point_type_to_string (result->points[i].point_type);
    }
  for (guint i = 0; i < result->n_partitions; i++)
    {
      g_autofree char *warnings = pd_spc_warnings_to_string (result->partitions[i].warnings);
      g_assert (warnings != NULL);
      (void) pd_spc_variation_icon_to_string (result->partitions[i].variation);
      (void) pd_spc_assurance_icon_to_string (result->partitions[i].assurance);
    }
  return 0;
}
