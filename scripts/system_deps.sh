#!/bin/sh
# Debian packages that reports, dashboards and their browser tests need: Chromium (kaleido's
# static charts, headless page checks), poppler (pdftotext/pdftoppm), Pango (weasyprint) and
# fonts. Installs only what is missing, when it can; otherwise says how and carries on, so the
# tests that need a package skip with that reason instead of the whole build failing.
set -u

packages="chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation"

if ! command -v dpkg-query >/dev/null 2>&1; then
    for tool in chromium pdftotext; do
        command -v "$tool" >/dev/null 2>&1 ||
            echo "system-deps: $tool not found (not Debian: install chromium, poppler, pango and fonts yourself); carrying on"
    done
    exit 0
fi

# One dpkg-query for all packages keeps a second run at a few milliseconds.
installed=$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' $packages 2>/dev/null)
missing=""
for package in $packages; do
    printf '%s\n' "$installed" | grep -qx "ii $package" || missing="$missing $package"
done
missing=${missing# }
[ -z "$missing" ] && exit 0

install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing"
if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo -n"
else
    echo "system-deps: missing $missing; install with: sudo sh -c '$install' (tests that need them skip)"
    exit 0
fi

log=$(mktemp "${TMPDIR:-/tmp}/collab-system-deps.XXXXXX")
echo "system-deps: installing $missing (log: $log)"
if $run sh -c "$install" >"$log" 2>&1; then
    echo "system-deps: installed $missing"
else
    tail -n 5 "$log"
    echo "system-deps: could not install $missing; run: sudo sh -c '$install' (tests that need them skip)"
fi
exit 0
