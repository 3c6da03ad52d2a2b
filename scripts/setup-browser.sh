#!/usr/bin/env bash
# Installs what the printable-document browser test needs (test/documents/print.browser.test.ts):
#   - Debian chromium (driven by playwright-core; `npx playwright install` cannot download here)
#   - fonts-noto-cjk (without a CJK font the forms print as boxes)
#   - poppler-utils (pdfinfo / pdftotext, to count pages and extract the printed text)
# Idempotent: installs only what is missing. Always exits 0 — the test decides whether a missing
# browser is fatal (it is when CI=true) — but prints a loud WARNING when it could not install.
set -u

log() { printf '[setup-browser] %s\n' "$*"; }
warn() { printf '[setup-browser] WARNING: %s\n' "$*" >&2; }

have_chromium() { [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -qi 'Noto .*CJK'; }
have_poppler() { command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; }

missing=()
have_chromium || missing+=(chromium)
have_cjk_font || missing+=(fonts-noto-cjk)
have_poppler || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  log "nothing to do: chromium, a Noto CJK font and poppler-utils are present"
  exit 0
fi

log "missing: ${missing[*]}"

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  warn "cannot install ${missing[*]} (need root and apt-get)."
  warn "install by hand: sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk poppler-utils"
  warn "the browser print test will be SKIPPED locally and will FAIL under CI=true."
  exit 0
fi

log "running apt-get update …"
if ! apt-get update -qq >/dev/null; then
  warn "apt-get update failed; trying the install with the package lists already present"
fi

log "installing chromium fonts-noto-cjk poppler-utils (apt-get install --no-install-recommends) …"
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  chromium fonts-noto-cjk poppler-utils >/dev/null; then
  warn "apt-get install failed for: ${missing[*]}"
  warn "the browser print test will be SKIPPED locally and will FAIL under CI=true."
  exit 0
fi

# fontconfig caches are refreshed by the package triggers; refresh once more in case they were deferred.
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1

still=()
have_chromium || still+=(chromium)
have_cjk_font || still+=(fonts-noto-cjk)
have_poppler || still+=(poppler-utils)
if [ ${#still[@]} -ne 0 ]; then
  warn "installed, but still missing: ${still[*]}"
  warn "the browser print test will be SKIPPED locally and will FAIL under CI=true."
  exit 0
fi

log "installed: ${missing[*]}"
log "chromium: $( (/usr/lib/chromium/chromium --version || chromium --version) 2>/dev/null | head -n 1)"
log "CJK font: $(fc-list :lang=zh family | grep -i 'Noto .*CJK' | head -n 1)"
exit 0
