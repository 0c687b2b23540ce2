#!/usr/bin/env bash
# Rebuild the vendored browser libraries in ../static/vendor from the npm registry (pinned in package.json).
# Not part of `make setup`: the built files are checked in, so running Dossier needs no npm and no network.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cp "$HERE/package.json" "$HERE/entry-timeline.mjs" "$WORK/"
cd "$WORK"
npm install --no-audit --no-fund
NM="$WORK/node_modules"

# vis-timeline: the peer build bundled with its peers; the standalone build injects a <style> element,
# which the app's Content-Security-Policy (style-src 'self') refuses.
npx esbuild entry-timeline.mjs --bundle --minify --format=iife --legal-comments=eof \
    --outfile="$OUT/vis-timeline/vis-timeline.min.js"
sed '/sourceMappingURL/d' "$NM/vis-timeline/styles/vis-timeline-graph2d.min.css" > "$OUT/vis-timeline/vis-timeline.min.css"
{
    for p in vis-timeline vis-data vis-util moment @egjs/hammerjs propagating-hammerjs keycharm component-emitter \
        uuid xss cssfilter; do
        echo "================================================================================"
        echo "$p $(node -p "require('$NM/$p/package.json').version")"
        echo "================================================================================"
        for f in $(ls "$NM/$p" | grep -i -E '^licen' | sort); do echo "--- $f"; cat "$NM/$p/$f"; echo; done
    done
} > "$OUT/vis-timeline/LICENSES.txt"

cp "$NM/cytoscape/dist/cytoscape.min.js" "$NM/cytoscape/LICENSE" "$OUT/cytoscape/"
echo "vendored into $OUT:"
du -sh "$OUT"/*
