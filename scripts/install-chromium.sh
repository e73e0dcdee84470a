#!/usr/bin/env bash
# Installs Debian's Chromium, which the report-rendering test (pc-app CompareReportTest and the memory and graph report tests) drives headless to check
# that the comparison report's charts and tables render. Does nothing if Chromium is already there (or PC4J_CHROMIUM
# names one). Needs root or password-less sudo on a Debian/Ubuntu machine; elsewhere install Chromium yourself and
# set PC4J_CHROMIUM to its executable.
set -euo pipefail
if [ -n "${PC4J_CHROMIUM:-}" ] && [ -x "${PC4J_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium and set PC4J_CHROMIUM to its executable" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n"
fi
echo "install-chromium: installing Debian's chromium package (for the report-rendering test)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q chromium >/dev/null; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q chromium >/dev/null
fi
command -v chromium >/dev/null
