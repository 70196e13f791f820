#!/usr/bin/env bash
# Refresh the translation sources from the code, then compile them for the app.
#   resources/i18n/update.sh            (from the repository root or anywhere)
# Edit agent_desk_zh_CN.ts with Qt Linguist (pyside6-linguist) or any editor between runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$(dirname "$(command -v python3)")"
[ -x "$root/.venv/bin/pyside6-lupdate" ] && bin="$root/.venv/bin"
cd "$root"
mapfile -t sources < <(find agent_desk -name '*.py' | sort)
"$bin/pyside6-lupdate" -no-obsolete -locations relative "${sources[@]}" \
    -ts "$here/agent_desk_zh_CN.ts"
"$bin/pyside6-lrelease" "$here/agent_desk_zh_CN.ts" -qm "$here/agent_desk_zh_CN.qm"
