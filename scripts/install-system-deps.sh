#!/usr/bin/env bash
# Install the Debian packages the native run and the tests need, when missing:
# nginx (gateway), Chromium (end-to-end tests), the PostgreSQL and MariaDB clients
# (test fixtures drop their throwaway databases with them) and wrk (benchmarks).
set -euo pipefail

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
