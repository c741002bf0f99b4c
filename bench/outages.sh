#!/usr/bin/env bash
# What clients see while PostgreSQL is stopped or frozen (SIGSTOP: a partition, a hung primary) and
# while Redis restarts, under load: runs OutageUnderLoadTest (real PostgreSQL and Redis, the server
# on test-config.yml, with production's login and statement timeouts) and prints its phase tables:
# statuses and the slowest answer per client before, during and after each outage.
#
#   bench/outages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl server -am install -DskipTests
./mvnw -B -pl server verify -Dtest=OutageUnderLoadTest -Dit.test=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  | grep -E '^(PostgreSQL|Redis|  |\[(INFO|ERROR)\] Tests run)'
