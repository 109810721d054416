#!/bin/sh
# tools/git-pre-commit in a scratch repository: a config error or a file out of layout blocks
# `git commit`, a good config commits, and only the staged content counts.
#
# usage: git_pre_commit_test.sh SWB SOURCE_DIR
set -eu

swb=$1
src=$2
repo=$(mktemp -d "${TMPDIR:-/tmp}/swb-hook-test.XXXXXX")
trap 'rm -rf "$repo"' EXIT
# The outer environment must not point git elsewhere (a test run from a hook would).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY
export SWB="$swb"

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# commit_should pass|block NAME [git commit args]: the commit's output is kept in $repo.out.
commit_should() {
  want=$1 name=$2
  shift 2
  if git commit -q -m "$name" "$@" >"$repo.out" 2>&1; then got=pass; else got=block; fi
  if [ "$got" != "$want" ]; then
    fail "$name: the commit should $want, it did $got"
    sed 's/^/    /' "$repo.out"
  fi
}

output_has() {
  grep -q -- "$1" "$repo.out" || {
    fail "$2: the hook's output has no '$1'"
    sed 's/^/    /' "$repo.out"
  }
}

cd "$repo"
git init -q
git config user.name test
git config user.email test@example.com
git config core.hooksPath .git/hooks
cp -R "$src/examples/jungle/." .
cp "$src/tools/git-pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit

git add -A
commit_should pass "a clean config commits (the first commit)"

good='phone          = "+1 614 555 1234"'
bad='phone          = "+1 614 555 12"'
sed "s/$good/$bad/" channels.swb >channels.tmp && mv channels.tmp channels.swb
grep -q "$bad" channels.swb || fail "the test could not break channels.swb"
git add channels.swb
commit_should block "an invalid phone number"
output_has SWB201 "an invalid phone number"

# Fixed in the work tree only: the index still holds the bad number.
sed "s/$bad/$good/" channels.swb >channels.tmp && mv channels.tmp channels.swb
commit_should block "a fix left unstaged"
output_has SWB201 "a fix left unstaged"

git add channels.swb
git commit -q -m "back to good" --allow-empty >/dev/null 2>&1 || fail "the staged fix does not commit"

# The other way round: a good index commits although the work tree is broken.
echo 'skill broken {' >>routing.swb
echo "# a comment" >>people.swb
git add people.swb
commit_should pass "a good staged file beside an unstaged broken one"
git checkout -q -- routing.swb

# `git commit -a` stages through a temporary index (GIT_INDEX_FILE).
sed "s/$good/$bad/" channels.swb >channels.tmp && mv channels.tmp channels.swb
commit_should block "git commit -a with an invalid phone number" -a
git checkout -q -- channels.swb

# Layout: a correct file that swb fmt would rewrite, in a folder with a space in its name.
mkdir -p "more hours"
printf 'hours   weekend {\n  timezone = "Europe/Lisbon"\n  sat = 10:00-14:00\n}\n' \
  >"more hours/weekend.swb"
git add "more hours/weekend.swb"
commit_should block "a file out of canonical layout"
output_has "more hours/weekend.swb" "a file out of canonical layout"
output_has "canonical layout" "a file out of canonical layout"
"$swb" fmt "more hours/weekend.swb" >/dev/null
git add "more hours/weekend.swb"
commit_should pass "the same file after swb fmt"

# No swb: a clear message, and no commit.
echo "# another comment" >>people.swb
git add people.swb
SWB=/nonexistent/swb commit_should block "swb not found"
output_has "SWB=" "swb not found"

if [ "$failures" -ne 0 ]; then
  echo "$failures failed"
  exit 1
fi
echo "git-pre-commit: ok"
