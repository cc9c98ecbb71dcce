#!/usr/bin/env bash
# Smoke test of a built Linux bundle:  installer/smoke.sh dist/rrdesk   (make installer-smoke)
# Runs the bundle's own programs, headless (Qt offscreen), in a temporary RRDESK_HOME, on
# vaults of invented people only; prints PASS/FAIL per step and exits 1 when any failed.
set -euo pipefail

bundle=$(cd "${1:?usage: installer/smoke.sh BUNDLE_DIR (for example dist/rrdesk)}" && pwd)
cli="$bundle/rrdesk-cli"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rrdesk-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export RRDESK_HOME="$tmp/home" QT_QPA_PLATFORM=offscreen
export RRDESK_PASSPHRASE="fictional smoke vault only"  # a throwaway vault of synthetic data
demo_passphrase="fictional demo vault only"  # the published one rrdesk-selfcheck uses
vault="$tmp/smoke.rrvault"
failed=0

# step NAME COMMAND...: run COMMAND (a function below) with its output kept aside; show the
# output only when it fails.
step() {
  local name=$1 start=$SECONDS rc
  shift
  # A subshell outside any "||", so that set -e stops the step at its first failing command.
  set +e
  (set -e; "$@") >"$tmp/step.log" 2>&1
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    printf 'PASS  %-14s (%ss)\n' "$name" $((SECONDS - start))
  else
    printf 'FAIL  %-14s (exit %s)\n' "$name" "$rc"
    sed 's/^/      | /' "$tmp/step.log"
    failed=$((failed + 1))
  fi
}

# Each check also prints what it saw, so a failure shows why.
version() {
  local out
  out=$(timeout 60 "$cli" --version)
  echo "$out"
  [[ $out =~ ^rrdesk\ [0-9]+\.[0-9]+ ]]
}

demo() {
  timeout 120 "$cli" demo --vault "$vault" --cases 30
  test -s "$vault"
}

check() {
  timeout 120 "$cli" check --vault "$vault" | tee "$tmp/check.out"
  grep -qx "integrity: ok" "$tmp/check.out"
  timeout 120 "$cli" audit --vault "$vault" --verify | tail -n 1
}

cases_list() {
  local n
  n=$(timeout 120 "$cli" cases list --vault "$vault" --json | grep -c '"family_name"')
  echo "$n cases"
  [ "$n" = 30 ]
}

forms_check() {  # "ok" alone would also pass with no forms at all
  timeout 60 "$cli" forms check | tee "$tmp/forms.out"
  grep -q "^ok: .*case_details" "$tmp/forms.out"
}

xlsx() {  # openpyxl writing and reading
  timeout 120 "$cli" plan export --vault "$vault" --xlsx "$tmp/plan.xlsx"
  timeout 120 "$cli" plan import --vault "$vault" --xlsx "$tmp/plan.xlsx"
}

selfcheck() {  # the bundled driver, migrations, holidays, PDF fonts, windows
  timeout 180 "$bundle/rrdesk-selfcheck" --keep "$tmp/selfcheck"
}

forms_print() {  # a record saved by rrdesk-selfcheck, printed by the command
  local record
  record=$(RRDESK_PASSPHRASE=$demo_passphrase timeout 60 "$cli" forms records \
             --vault "$tmp/selfcheck/selfcheck.rrvault" | awk 'NR == 1 { print $1 }')
  echo "record: ${record:-none}"
  [ -n "$record" ]
  RRDESK_PASSPHRASE=$demo_passphrase timeout 120 "$cli" forms print \
    --vault "$tmp/selfcheck/selfcheck.rrvault" --record "$record" --out "$tmp/record.pdf"
  [ "$(head -c 4 "$tmp/record.pdf")" = "%PDF" ]
}

gui() {  # the app on the vault (unlock window) must still be running when timeout ends it
  local rc=0
  timeout 8 "$bundle/rrdesk" --vault "$vault" </dev/null || rc=$?
  echo "exit $rc (124: still running after 8 s)"
  [ "$rc" = 124 ]
  grep -q "started" "$RRDESK_HOME"/logs/rrdesk.log
}

echo "smoke test of $bundle"
step version     version
step demo        demo
step check       check
step cases-list  cases_list
step forms-check forms_check
step xlsx        xlsx
step selfcheck   selfcheck
step forms-print forms_print
step gui         gui
if [ "$failed" -gt 0 ]; then
  echo "smoke: $failed step(s) failed"
  exit 1
fi
echo "smoke: all steps passed"
