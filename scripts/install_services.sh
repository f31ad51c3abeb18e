#!/usr/bin/env bash
# Installs the servers of the scaled deployment from Debian packages: PostgreSQL (tracker store,
# tickets, feedback, handoff state, event broker), Redis (Rasa's lock store) and nginx (the load
# balancer). They are run as local processes by scripts/localsvc.py (make run-scaled, the tests),
# never as system services: the packages' own services are not started here.
#
# Idempotent: when the three are installed it exits at once. Needs root; otherwise it says which
# command to run.
set -euo pipefail

have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if have_pg && command -v redis-server >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then
  echo "services: PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -n1), $(redis-server --version | cut -d' ' -f1-3) and nginx are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<'MSG'
services: PostgreSQL, Redis or nginx is missing and this script is not running as root.
  Install them with:  sudo apt-get update && sudo apt-get install -y postgresql redis-server nginx-light
  (or run:  sudo scripts/install_services.sh).
MSG
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "services: apt-get not found; install PostgreSQL, Redis and nginx with your system's package manager" >&2
  exit 1
fi

echo "services: installing Debian's postgresql, redis-server and nginx-light ..."
export DEBIAN_FRONTEND=noninteractive
# no package may start its system service: the project runs its own processes under var/
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d.cluster
chmod +x /usr/sbin/policy-rc.d.cluster
restore=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  cp /usr/sbin/policy-rc.d.cluster /usr/sbin/policy-rc.d
  restore="yes"
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server nginx-light >/dev/null
[ -n "$restore" ] && rm -f /usr/sbin/policy-rc.d
rm -f /usr/sbin/policy-rc.d.cluster
echo "services: PostgreSQL, Redis and nginx installed"
