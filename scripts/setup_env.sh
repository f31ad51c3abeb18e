#!/usr/bin/env bash
# Creates (or refreshes) one of the project's two virtual environments.
#
#   scripts/setup_env.sh rasa      -> .venv/rasa     CPython 3.10, Rasa server
#   scripts/setup_env.sh actions   -> .venv/actions  CPython 3.11, action server + knowledge layer
#
# An environment is reinstalled only when its requirement files or interpreter changed: a stamp
# file inside the venv records a hash of them, so a re-run with nothing changed takes a second.
set -euo pipefail

cd "$(dirname "$0")/.."
which_env="${1:?usage: setup_env.sh rasa|actions}"

case "$which_env" in
  rasa) want="3.10" ;;
  actions) want="3.11" ;;
  *) echo "setup_env.sh: unknown environment '$which_env' (expected rasa or actions)" >&2; exit 2 ;;
esac

find_python() {
  # Prints the path of a working python$1, or nothing.
  local version="$1" candidate
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/"$version".*/bin/python"$version"; do
      [ -x "$candidate" ] && candidates+=("$candidate")
    done
  fi
  for candidate in "$HOME"/.pyenv/versions/"$version".*/bin/python"$version"; do
    [ -x "$candidate" ] && candidates+=("$candidate")
  done
  if command -v "python$version" >/dev/null 2>&1; then
    candidates+=("$(command -v "python$version")")
  fi
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c "import sys, venv; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" \
        >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 0
}

python_bin="${CLUSTER_PYTHON:-}"
if [ "$which_env" = rasa ] && [ -n "${CLUSTER_PYTHON310:-}" ]; then python_bin="$CLUSTER_PYTHON310"; fi
if [ "$which_env" = actions ] && [ -n "${CLUSTER_PYTHON311:-}" ]; then python_bin="$CLUSTER_PYTHON311"; fi
[ -n "$python_bin" ] || python_bin="$(find_python "$want")"

if [ -z "$python_bin" ]; then
  cat >&2 <<MSG
setup: no Python $want found. The $which_env environment needs CPython $want
  (Rasa 3.6 supports Python 3.8-3.10; the action server uses 3.11).
  Install it, for example with pyenv:  pyenv install $want  (it is then found under \$(pyenv root)/versions),
  or put python$want on PATH, or set CLUSTER_PYTHON${want/./} to its path.
MSG
  exit 1
fi

venv=".venv/$which_env"
reqs="requirements/$which_env.txt"
lock="requirements/$which_env.lock"
stamp="$venv/.cluster-stamp"
fingerprint="$( (cat "$reqs" "$lock"; "$python_bin" -c 'import sys; print(sys.version)') | sha256sum | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ] && [ -x "$venv/bin/python" ]; then
  echo "setup: $venv is up to date"
  exit 0
fi

# Reuse an existing environment built with the same interpreter (pip then only adds or changes
# what the requirement files changed); otherwise start from scratch.
python_version="$("$python_bin" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
if [ -x "$venv/bin/python" ] && \
    [ "$("$venv/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" = "$python_version" ]; then
  echo "setup: updating $venv (requirements changed)"
else
  echo "setup: creating $venv with $python_bin (this takes a few minutes the first time)"
  rm -rf "$venv"
  "$python_bin" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade \
    "pip==24.3.1" "setuptools==70.3.0" "wheel==0.45.1"
fi
# The lock file pins every transitive package; torch's exact pin keeps the CPU build here.
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
  -r "$reqs" -c "$lock"
echo "$fingerprint" > "$stamp"
echo "setup: $venv ready"
