#!/usr/bin/env bash
# The README's test command: installs everything the tests need on a fresh machine
# (Python packages, Debian's Chromium, Neo4j from Maven Central), starts Neo4j,
# runs the whole suite, and stops Neo4j again. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[test.sh] $*" >&2; }

# 0. ICU's development files and a compiler: the test extra includes detnet[ftm], whose
#    followthemoney needs PyICU, which has no wheels and is built on install.
if ! pkg-config --exists icu-uc 2>/dev/null || ! command -v g++ >/dev/null 2>&1; then
    log "installing ICU's development files (libicu-dev, pkg-config, g++) for PyICU"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null
fi

# 1. Python packages, in the project's own virtual environment.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    log "creating .venv"
    "$PYTHON" -m venv .venv
fi
log "installing detnet with its test dependencies"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# The notebooks run on this environment's own kernel.
.venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null

# 2. A real browser for the HTML tests: Debian's Chromium (Playwright drives it;
#    its own browser download cannot work offline).
if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export DETNET_CHROMIUM=${DETNET_CHROMIUM:-$(command -v chromium)}

# 3. A real Neo4j, unless the caller points at one already.
if [ -z "${NEO4J_URI:-}" ]; then
    log "starting Neo4j (the first run downloads it with mvn)"
    export DETNET_NEO4J_PYTHON="$PWD/.venv/bin/python"
    eval "$(tools/neo4j/server.sh start)"
    trap 'tools/neo4j/server.sh stop >&2 || true' EXIT
fi

# 4. The suite, on DETNET_TEST_WORKERS processes (default 2: this project's machines
#    have two cores). Tests that use the one Neo4j database run in one of them, in
#    turn (tests/conftest.py: SHARED_NEO4J); DETNET_TEST_WORKERS=0 runs all in this one.
log "running the tests"
.venv/bin/python -m pytest -n "${DETNET_TEST_WORKERS:-2}" "$@"
