#!/bin/sh
# take-screenshots.sh — the app on the demo workspace, under Xvfb, into docs/screenshots/
# Copyright 2026 The pctdash authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/ui/take-screenshots.sh BUILDDIR [OUTDIR]
# Needs xvfb-run (xvfb), import (imagemagick) and xdotool. Runs in a throwaway home, so the demo
# workspace it builds and the settings it writes never touch yours. PD_SCREENSHOT_WAIT: the
# seconds each view is given to open and read (4; more on a loaded machine).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILDDIR [OUTDIR]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
out=${2:-$(cd "$(dirname "$0")/../.." && pwd)/docs/screenshots}

if [ -z "${PD_SCREENSHOT_DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24' env PD_SCREENSHOT_DISPLAY=1 "$0" "$build" "$out"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp"
export XDG_DATA_HOME="$tmp/.local/share" XDG_CONFIG_HOME="$tmp/.config"
export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11 NO_AT_BRIDGE=1 LC_ALL=C.UTF-8
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings" "$out"
printf '[org/pctdash/Pctdash]\nwindow-width=1280\nwindow-height=800\n' \
  > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"

# The first run builds the demo workspace; wait for it to land.
"$build/ui/pctdash" --demo &
pid=$!
waited=0
until [ -f "$XDG_DATA_HOME/pctdash/demo.pctdash" ]; do
  sleep 1
  waited=$((waited + 1))
  if [ $waited -gt 300 ]; then
    echo "$0: the demo workspace was not built within 300 s" >&2
    kill $pid
    exit 1
  fi
done
sleep 1
kill $pid
wait $pid || true

# Then each view, opened as a user sees it every day, without the first run's toast: the
# settings name the view the window shows when the workspace opens, and the Quality view
# shows inpatient falls at Harrowden Valley, the Overview's first concern for Fenmoor PCT.
for view in overview spend outlook cquin quality benchmarks triangulation workspace; do
  printf '[org/pctdash/Pctdash]\nwindow-width=1280\nwindow-height=800\nview=%s\n%s\n' \
    "'$view'" "quality-provider='R9B'
quality-indicator='FALLS'" > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
  "$build/ui/pctdash" --demo &
  pid=$!
  # Long enough for the view's data on an idle machine; a busy one needs more.
  sleep "${PD_SCREENSHOT_WAIT:-4}"
  # The pointer rests off the window, so no tooltip covers a chart.
  xdotool mousemove 1279 799
  sleep 1
  import -window root "$out/$view.png"
  kill $pid
  wait $pid || true
  echo "$out/$view.png"
done
