#!/usr/bin/env bash
# Regenerate the site screenshots in docs/images from the demo backlog with its history:
#
#   bash docs/images/screenshots.sh
#
# Needs Debian's chromium (apt-get install chromium); builds this checkout's binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "screenshots.sh: needs chromium (apt-get install chromium)" >&2
    exit 2
fi
cargo build -q --manifest-path "$root/Cargo.toml"
bin=${CARGO_TARGET_DIR:-$root/target}/debug/git-backlog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GIT_BACKLOG=$bin bash "$root/examples/demo-history.sh" "$work/demo" >/dev/null
# The day the demo's history ends, so the pictures do not change with the calendar.
export GIT_AUTHOR_DATE=2026-11-27T17:00:00+00:00
(cd "$work/demo" && "$bin" -q site build "$work/site")
shot() {
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size="$3" --screenshot="$root/docs/images/$2" "file://$work/site/$1" 2>/dev/null
}
shot index.html site-board.png 1280,900
shot matrix.html site-matrix.png 900,900
echo "wrote docs/images/site-board.png and docs/images/site-matrix.png"
