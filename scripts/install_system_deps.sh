#!/usr/bin/env bash
# Installs the system packages the full test suite needs (PostGIS, Chromium, Noto CJK fonts) when
# running as root on Debian, and starts the local PostgreSQL server if it is installed but stopped.
# Elsewhere it only reports what is missing: those tests then skip with a printed reason
# (and fail when CI is set).
set -uo pipefail

PACKAGES=(postgresql-15-postgis-3 chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils liblapack3)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "warning: apt-get could not install ${missing[*]}"
  else
    echo "not root on Debian: tests needing ${missing[*]} will be skipped"
  fi
fi

# Start the local PostgreSQL cluster if it exists and is not accepting connections.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ "$(id -u)" = "0" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi
exit 0
