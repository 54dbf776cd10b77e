#!/usr/bin/env bash
# Machine-level test dependencies: Debian's Chromium for the dashboard tests, and the
# loopback services (PostgreSQL, Redis, NATS) started if they are down. Idempotent.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium missing and not root: dashboard browser tests will fail" >&2
  fi
fi
# A browser that is installed but cannot start fails every dashboard test the same way: say so here.
if command -v chromium >/dev/null 2>&1 && ! chromium --version >/dev/null 2>&1; then
  echo "chromium is installed but does not start (chromium --version failed)" >&2
fi
# Debian's QuickFIX for the FXCM simulator's external check (test/integration/fxcm/quickfix.test.ts builds a C++ client).
if [ ! -f /usr/include/quickfix/Session.h ] && [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libquickfix-dev g++ >/dev/null; fi
