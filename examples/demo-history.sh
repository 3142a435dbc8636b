#!/usr/bin/env bash
# Build the demo backlog as a git repository with a real, dated history: stories added on
# their `created:` dates, three sprints started, worked and closed day by day, a release
# planned and its scope grown, a story rejected. Every chart and metric then shows
# something true: velocity, burndown, sprint review, flow, defects, health, the forecast.
#
#   bash examples/demo-history.sh /tmp/demo       # then: cd /tmp/demo && git backlog stats velocity
#
# The stories' text comes from examples/demo/backlog, rewound to before the history
# (status draft, no sprint, release or outcome, criteria unticked); the history below
# brings each one back. The end result is examples/demo/backlog byte for byte, which
# tests/test_examples.rs checks, so after changing the demo, regenerate it with
#
#   bash examples/demo-history.sh /tmp/demo && rm -r examples/demo/backlog &&
#     cp -r /tmp/demo/backlog examples/demo/
#
# GIT_BACKLOG names the binary to use; by default the script builds this checkout's.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seed=$root/examples/demo/backlog
out=${1:?usage: demo-history.sh DIR (a new directory for the repository)}
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    echo "demo-history.sh: $out exists and is not empty; give a new directory" >&2
    exit 2
fi
if [ -z "${GIT_BACKLOG:-}" ]; then
    cargo build -q --manifest-path "$root/Cargo.toml"
    GIT_BACKLOG=${CARGO_TARGET_DIR:-$root/target}/debug/git-backlog
fi

mkdir -p "$out"
cd "$out"
# Nothing of the user's git setup may change the result.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TZ=UTC
git init -q -b main .

# Who does what: the product owner plans, developers move their stories.
po="Dana Okafor <dana@example.com>"
amara="Amara Nwosu <amara@example.com>"
li="Li Wei <li@example.com>"
minute=0

# run_as "NAME <EMAIL>" DATE COMMAND…: run COMMAND with that author and committer at DATE.
run_as() {
    local name=${1% <*} email=${1#*<} when=$2
    email=${email%>}
    shift 2
    GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$when \
        GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=$when "$@"
}

# as WHO DATE COMMAND…: run a git-backlog command as WHO at 10:MM on DATE (minutes count up
# so that commits on one day keep their order).
as() {
    local who=$1 day=$2
    shift 2
    minute=$((minute % 50 + 1))
    local when
    when=$(printf '%sT10:%02d:00+00:00' "$day" "$minute")
    catch_up "$day"
    run_as "$who" "$when" "$GIT_BACKLOG" -q "$@"
}

# commit DATE MESSAGE: commit what is staged, as the product owner, at 09:00 on DATE.
commit() {
    run_as "$po" "$1T09:00:00+00:00" git commit -q -m "$2"
}

# The story file rewound to before the history: the fields the history sets are dropped
# (it adds them back, at the end of the front matter, as `set` does), criteria unticked.
rewind() {
    awk '
        NR == 1 && /^---/ { front = 1; print; next }
        front && /^---/ { front = 0 }
        front && /^(sprint|release|outcome|reason):/ { next }
        front && /^status:/ { print "status: draft"; next }
        front && /^points:/ && id == "PAY-8" { print "points: 5"; next }
        front && /^id:/ { id = $2 }
        !front { sub(/^- \[x\]/, "- [ ]") }
        { print }
    ' "$1"
}

# Day one: the configuration, the product and the templates.
mkdir -p backlog/stories
cp "$seed/config.yml" "$seed/product.md" backlog/
cp -r "$seed/templates" backlog/
git add backlog
commit 2026-10-01 "Start the product backlog: vision, product goal, configuration"

# catch_up DAY: the stories created up to DAY and not yet in the repository appear, one
# commit per `created:` date (the file's existence is the state, so this works in a pipe).
catch_up() {
    local day file ids
    for day in $(grep -h '^created:' "$seed"/stories/*.md | awk '{print $2}' | sort -u); do
        [[ "$day" > "$1" ]] && break
        ids=()
        for file in "$seed"/stories/*.md; do
            local name=backlog/stories/${file##*/}
            if [ ! -e "$name" ] && grep -q "^created: $day\$" "$file"; then
                rewind "$file" >"$name"
                git add "$name"
                ids+=("$(awk '/^id:/ {print $2; exit}' "$file")")
            fi
        done
        if [ ${#ids[@]} -gt 0 ]; then
            commit "$day" "Add ${ids[*]}"
        fi
    done
}

# Refinement: the first stories are ready.
as "$po" 2026-10-16 move PAY-1 PAY-4 PAY-5 PAY-6 PAY-7 ready

# Sprint 2026-S22, Oct 19–30: card payments, authorised and captured.
printf '%s\n' PAY-5 PAY-6 PAY-7 | as "$po" 2026-10-19 set - sprint=2026-S22
as "$po" 2026-10-19 sprint start 2026-S22 --goal "A card payment authorised end to end" \
    --capacity 18 --start 2026-10-19 --end 2026-10-30
as "$po" 2026-10-19 move PAY-1 doing
as "$amara" 2026-10-19 move PAY-5 doing
as "$amara" 2026-10-21 ac PAY-5 check 1
as "$amara" 2026-10-22 ac PAY-5 check 2
as "$amara" 2026-10-22 move PAY-5 done
as "$li" 2026-10-22 move PAY-6 doing
as "$li" 2026-10-26 ac PAY-6 check 1 2
as "$po" 2026-10-26 move PAY-25 ready
as "$po" 2026-10-26 set PAY-25 sprint=2026-S22
as "$amara" 2026-10-26 move PAY-25 doing
as "$po" 2026-10-27 move PAY-26 ready
as "$po" 2026-10-27 set PAY-26 sprint=2026-S22
as "$li" 2026-10-27 move PAY-26 doing
as "$li" 2026-10-28 ac PAY-26 check 1
as "$li" 2026-10-28 move PAY-26 done
as "$li" 2026-10-28 ac PAY-6 check 3
as "$li" 2026-10-28 move PAY-6 review
as "$li" 2026-10-29 move PAY-6 done
as "$amara" 2026-10-29 ac PAY-25 check 1 2
as "$amara" 2026-10-29 move PAY-25 done
as "$amara" 2026-10-29 move PAY-7 doing
as "$po" 2026-10-30 sprint close 2026-S22 --to 2026-S23 --goal met

# Refinement for the next sprint.
as "$po" 2026-10-30 move PAY-8 PAY-11 PAY-17 PAY-29 PAY-9 PAY-10 PAY-2 ready

# Sprint 2026-S23, Nov 2–13: 3-D Secure and fraud; 3-D Secure turns out bigger.
printf '%s\n' PAY-8 PAY-11 PAY-17 PAY-29 | as "$po" 2026-11-02 set - sprint=2026-S23
as "$po" 2026-11-02 sprint start 2026-S23 --goal "Cards in the EEA pass 3-D Secure" \
    --capacity 21 --start 2026-11-02 --end 2026-11-13
as "$amara" 2026-11-03 ac PAY-7 check 1 2
as "$amara" 2026-11-04 move PAY-7 done
as "$amara" 2026-11-04 move PAY-8 doing
as "$li" 2026-11-04 move PAY-11 doing
as "$po" 2026-11-05 set PAY-8 points=8
as "$li" 2026-11-06 ac PAY-11 check 1 2
as "$li" 2026-11-06 move PAY-11 done
as "$po" 2026-11-09 release new 2.0 --target 2027-01-29 \
    --goal "Merchants refund without calling support"
printf '%s\n' PAY-12 PAY-13 PAY-14 PAY-15 PAY-16 PAY-34 | as "$po" 2026-11-09 set - release=2.0
as "$li" 2026-11-09 move PAY-29 doing
as "$amara" 2026-11-10 ac PAY-8 check 1
as "$li" 2026-11-11 ac PAY-29 check 1 2
as "$li" 2026-11-11 move PAY-29 done
as "$li" 2026-11-12 move PAY-17 doing
as "$li" 2026-11-13 ac PAY-17 check 1
as "$po" 2026-11-13 sprint close 2026-S23 --to 2026-S24 --goal partly

# Refinement: refunds get ready.
as "$po" 2026-11-13 move PAY-12 PAY-13 PAY-18 PAY-20 PAY-34 PAY-28 ready

# Sprint 2026-S24, Nov 16–27: refunds begin; a production bug joins mid-sprint.
printf '%s\n' PAY-9 PAY-10 PAY-12 | as "$po" 2026-11-16 set - sprint=2026-S24
as "$po" 2026-11-16 sprint start 2026-S24 --goal "Full refunds from the API" \
    --capacity 30 --start 2026-11-16 --end 2026-11-27
as "$amara" 2026-11-16 move PAY-10 doing
as "$amara" 2026-11-18 ac PAY-10 check 1 2
as "$po" 2026-11-19 move PAY-27 ready
as "$po" 2026-11-19 set PAY-27 sprint=2026-S24
as "$li" 2026-11-19 move PAY-27 doing
as "$amara" 2026-11-19 move PAY-10 review
as "$po" 2026-11-20 reject PAY-24 --reason "Not in line with the product goal: merchants first"
as "$po" 2026-11-20 set PAY-33 release=2.0
as "$li" 2026-11-23 ac PAY-27 check 1 2
as "$li" 2026-11-24 move PAY-27 done
as "$amara" 2026-11-24 ac PAY-10 check 3
as "$amara" 2026-11-24 move PAY-10 done
as "$li" 2026-11-25 ac PAY-17 check 2 3
as "$li" 2026-11-26 move PAY-17 done

catch_up 9999-12-31
echo "demo repository with $(git rev-list --count HEAD) dated commits in $out"
