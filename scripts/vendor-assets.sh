#!/usr/bin/env bash
# vendor-assets.sh — vendor Haizhi's front-end libraries into internal/web/static/vendor.
#
# Pages never load anything from a CDN: the few third-party files they need are fetched
# here from the npm registry (with the ordinary npm client, which checks each tarball's
# integrity), copied into vendor/<package>-<version>/ and embedded into the binary.
# vendor/MANIFEST.json records package, version, licence, tarball integrity and the sha256
# of every file; internal/web/static's tests check the tree against it.
#
# Usage:
#   scripts/vendor-assets.sh           fetch the pinned versions, verify every file against
#                                      MANIFEST.json, and (re)write the vendor tree
#   scripts/vendor-assets.sh --update  the same, but write a new MANIFEST.json instead of
#                                      verifying: use it after changing a pinned version,
#                                      then review the diff
#   scripts/vendor-assets.sh --check   verify the files in the tree against MANIFEST.json,
#                                      offline (no npm needed)
#
# Needs bash, node, npm, tar and sha256sum.
set -euo pipefail

# ── Pinned versions. Change one, run with --update, and commit the result. ───────────────
# Templates use the stable names (htmx.js, swagger-ui.js, swagger-ui.css) and need no
# change; internal/web/static/testdata/styleguide.html links the versioned folder of htmx
# and TestStyleguideLinksExist says when to update it.
HTMX_VERSION=2.0.11           # htmx.org, latest 2.x
SWAGGER_UI_VERSION=5.35.0     # swagger-ui-dist, latest 5.x

# What to take from each package:
#   package  version  file in the package  stable asset name for Assets.URL ("-": none)
# Files land in vendor/<package>-<version>/<base name of the file>.
FILES="
htmx.org         $HTMX_VERSION        dist/htmx.min.js                  htmx.js
htmx.org         $HTMX_VERSION        LICENSE                           -
swagger-ui-dist  $SWAGGER_UI_VERSION  swagger-ui-bundle.js              swagger-ui.js
swagger-ui-dist  $SWAGGER_UI_VERSION  swagger-ui-bundle.js.LICENSE.txt  -
swagger-ui-dist  $SWAGGER_UI_VERSION  swagger-ui.css                    swagger-ui.css
swagger-ui-dist  $SWAGGER_UI_VERSION  swagger-ui.css.map                -
swagger-ui-dist  $SWAGGER_UI_VERSION  LICENSE                           -
swagger-ui-dist  $SWAGGER_UI_VERSION  NOTICE                            -
"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/internal/web/static/vendor"
MANIFEST="$VENDOR/MANIFEST.json"

mode=verify
case "${1:-}" in
  "") ;;
  --update) mode=update ;;
  --check) mode=check ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "usage: $0 [--update|--check]" >&2; exit 2 ;;
esac

die() { echo "vendor-assets: $*" >&2; exit 1; }

# manifest_files prints "path sha256" for every file MANIFEST.json lists, sorted.
manifest_files() {
  node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const out = [];
    for (const p of m.packages) for (const f of p.files) out.push(f.path + " " + f.sha256);
    console.log(out.sort().join("\n"));
  ' "$1"
}

# tree_files prints "path sha256" for every file under a vendor directory except the
# manifest, sorted.
tree_files() {
  (cd "$1" && find . -type f ! -name MANIFEST.json -printf '%P\n' | LC_ALL=C sort |
    while IFS= read -r f; do echo "$f $(sha256sum "$f" | cut -d' ' -f1)"; done) | sort
}

if [[ $mode == check ]]; then
  [[ -f $MANIFEST ]] || die "$MANIFEST is missing"
  if ! diff <(manifest_files "$MANIFEST") <(tree_files "$VENDOR"); then
    die "the vendor tree differs from MANIFEST.json (< manifest, > tree)"
  fi
  echo "vendor-assets: $(tree_files "$VENDOR" | wc -l) files match MANIFEST.json"
  exit 0
fi

command -v npm >/dev/null || die "npm is needed"
command -v node >/dev/null || die "node is needed"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/vendor"
mkdir -p "$STAGE"
: >"$WORK/files.tsv"

# Fetch and unpack each package once.
for spec in $(echo "$FILES" | awk 'NF {print $1 "@" $2}' | sort -u); do
  pkg="${spec%@*}" ver="${spec##*@}"
  echo "vendor-assets: fetching $pkg@$ver"
  mkdir -p "$WORK/tgz/$pkg" "$WORK/pkg/$pkg"
  (cd "$WORK/tgz/$pkg" && npm pack --json --silent "$pkg@$ver" >pack.json) ||
    die "npm pack $pkg@$ver failed"
  node -e '
    const [r] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (r.name !== process.argv[2] || r.version !== process.argv[3]) {
      console.error("got " + r.name + "@" + r.version); process.exit(1);
    }
    console.log(r.filename + "\t" + r.integrity);
  ' "$WORK/tgz/$pkg/pack.json" "$pkg" "$ver" >"$WORK/tgz/$pkg/info" ||
    die "npm pack returned something other than $pkg@$ver"
  IFS=$'\t' read -r tgz integrity <"$WORK/tgz/$pkg/info"
  tar -xzf "$WORK/tgz/$pkg/$tgz" -C "$WORK/pkg/$pkg"
  license="$(node -p 'require(process.argv[1]).license' "$WORK/pkg/$pkg/package/package.json")"
  printf '%s\t%s\t%s\t%s\n' "$pkg" "$ver" "$license" "$integrity" >>"$WORK/packages.tsv"
done

# Copy the chosen files into the staging tree.
while read -r pkg ver src alias; do
  [[ -n ${pkg:-} ]] || continue
  from="$WORK/pkg/$pkg/package/$src"
  [[ -f $from ]] || die "$pkg@$ver has no $src"
  rel="$pkg-$ver/$(basename "$src")"
  mkdir -p "$STAGE/$pkg-$ver"
  cp "$from" "$STAGE/$rel"
  chmod 0644 "$STAGE/$rel"
  printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$ver" "$rel" "$(sha256sum "$STAGE/$rel" | cut -d' ' -f1)" "$alias" >>"$WORK/files.tsv"
done <<<"$FILES"

if [[ $mode == update ]]; then
  node -e '
    const fs = require("fs");
    const rows = f => fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map(l => l.split("\t"));
    const packages = rows(process.argv[1]).map(([name, version, license, integrity]) => ({
      package: name, version, license, integrity,
      files: rows(process.argv[2]).filter(r => r[0] === name && r[1] === version).map(([, , path, sha256, alias]) =>
        alias === "-" ? {path, sha256} : {path, sha256, name: alias}),
    }));
    const doc = {
      comment: "Written by scripts/vendor-assets.sh --update; do not edit by hand. path is relative to this directory; name is the stable asset name for Assets.URL.",
      packages,
    };
    fs.writeFileSync(process.argv[3], JSON.stringify(doc, null, 2) + "\n");
  ' "$WORK/packages.tsv" "$WORK/files.tsv" "$STAGE/MANIFEST.json"
  echo "vendor-assets: wrote a new MANIFEST.json"
else
  [[ -f $MANIFEST ]] || die "$MANIFEST is missing: run with --update to create it"
  if ! diff <(manifest_files "$MANIFEST") <(tree_files "$STAGE"); then
    die "fetched files differ from MANIFEST.json (< manifest, > fetched); if a pinned version changed on purpose, run with --update"
  fi
  cp "$MANIFEST" "$STAGE/MANIFEST.json"
fi

# Replace the vendor tree with the staged one, so versions no longer pinned disappear.
rm -rf "$VENDOR"
mkdir -p "$(dirname "$VENDOR")"
cp -R "$STAGE" "$VENDOR"
echo "vendor-assets: $(wc -l <"$WORK/files.tsv") files in ${VENDOR#"$ROOT"/}, all matching MANIFEST.json"
