#!/usr/bin/env bash
# Execute every notebooks/*.ipynb headless against one nightly output; CI calls this.
#
#   notebooks/run.sh NIGHTLY_DIR      (NIGHTLY_DIR holds date=YYYY-MM-DD/ partitions)
#
# validation.ipynb reads MOE_REPLAY_VALIDATION (a validation table folder); unset, run.sh writes one
# from the committed H100 measurements with `moe-replay validate compare`.
#
# Needs Java 17 and Maven. Installs, when missing: jupyter nbconvert (Debian packages) and fonts
# for chart text; fetches the Java kernel, DuckDB JDBC and XChart from Maven Central (notebooks/pom.xml);
# installs the kernel under notebooks/target/ (not in $HOME). Executed copies go to
# notebooks/target/executed/; the charts as PNG to notebooks/target/charts/ (the PNGs committed beside
# the notebooks are the README's figures and are never overwritten).
# Exits non-zero if any cell of any notebook errors.
set -euo pipefail

started=$SECONDS
trap 'echo "run.sh: $(( SECONDS - started )) s"' EXIT

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 NIGHTLY_DIR   (a nightly output: date=YYYY-MM-DD/ partitions)" >&2
    exit 2
fi
nightly="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"

# 1. jupyter nbconvert + nbclient (Debian packages; the kernel is Java, so no Python libraries are needed)
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
if ! jupyter nbconvert --version >/dev/null 2>&1; then
    apt_install jupyter-nbconvert python3-nbclient python3-ipykernel
fi
# chart text needs at least one font that fontconfig finds (openjdk's headless JRE does not pull one in)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null)" ]; then
    apt_install fontconfig fonts-dejavu-core
fi

# 2. kernel jar -> target/kernel, notebook libraries -> target/lib
mvn -B -q -Dstyle.color=never -f "$here/pom.xml" package
# and the report's scaling rules (heatmap columns, label thinning, fitted axes) from the moe-replay jobs jar,
# built with the launcher's jar when missing, so that the charts scale as report.html's do
root="$(cd "$here/.." && pwd)"
jobs_jar() { ls "$root"/jobs/target/moe-replay-jobs-*.jar 2>/dev/null | grep -v -e '-tests.jar$' | head -n 1; }
if [ -z "$(jobs_jar)" ]; then
    (cd "$root" && mvn -B -q -Dstyle.color=never package -DskipTests)
fi
cp "$(jobs_jar)" "$target/lib/moe-replay-jobs.jar"

# 3. install the kernel into target/ only: jupyter finds it through JUPYTER_PATH
java -Duser.home="$target/jupyter-home" -jar "$target/kernel/rapaio-jupyter-kernel.jar" -i -auto >/dev/null
export JUPYTER_PATH="$target/jupyter-home/.local/share/jupyter"
export JUPYTER_RUNTIME_DIR="$target/jupyter-runtime"
kernel_name="$(basename "$(dirname "$(ls "$JUPYTER_PATH"/kernels/*/kernel.json | head -n 1)")")"

# 4. execute every notebook; keep going after a failure so that one run reports them all.
# The rapaio kernel sometimes never answers the first kernel_info_request (about 1 start in 4 on the
# development machine: it binds its sockets, then its shell channel receives nothing). A start that
# works answers within a second or two, so a stuck start is given 30 s and retried (five tries: three
# notebooks then all start with odds of about 99.7%); a cell error is never retried.
run_notebook() {
    local nb="$1" log="$target/executed/$(basename "$nb" .ipynb).log" attempt
    for attempt in 1 2 3 4 5; do
        if jupyter nbconvert --to notebook --execute \
            --ExecutePreprocessor.kernel_name="$kernel_name" \
            --ExecutePreprocessor.timeout=600 \
            --ExecutePreprocessor.startup_timeout=30 \
            --output-dir "$target/executed" "$nb" >"$log" 2>&1; then
            return 0
        fi
        if ! grep -q "Kernel didn't respond" "$log"; then
            # the failing cell, its error and traceback (the log also holds the kernel's chatter)
            grep -v -e '\[INFO' "$log" | tail -n 60 >&2
            echo "   full log: $log" >&2
            return 1
        fi
        echo "   the kernel did not answer at start; retrying ($attempt/5)" >&2
    done
    return 1
}

export MOE_REPLAY_NIGHTLY="$nightly"
export MOE_REPLAY_CHARTS="$target/charts"
# The kernel's JVM (DuckDB unpacks its native library into the temp folder and the kernel is stopped
# before it can delete it) and Jupyter keep their temporary files in target/, not the system's.
mkdir -p "$target/tmp"
export TMPDIR="$target/tmp"
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Djava.io.tmpdir=$target/tmp"
# validation.ipynb reads a validation table: the one given, else the comparison of the committed H100 measurements.
if [ -z "${MOE_REPLAY_VALIDATION:-}" ]; then
    "$root/moe-replay" validate compare --cases "$root/bench/gpu/validation/cases.csv" \
        --measured "$root/bench/gpu/validation/h100_moe_layer.csv" \
        --out "$target/validation" >/dev/null
    export MOE_REPLAY_VALIDATION="$target/validation/validation"
fi
mkdir -p "$target/executed"
failed=()
for nb in "$here"/*.ipynb; do
    echo "== $(basename "$nb") on $nightly"
    t0=$SECONDS
    if run_notebook "$nb"; then
        echo "   ok ($(( SECONDS - t0 )) s)"
    else
        echo "   FAILED ($(( SECONDS - t0 )) s)" >&2
        failed+=("$(basename "$nb")")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "run.sh: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
    exit 1
fi
echo "run.sh: all notebooks ran; charts in $MOE_REPLAY_CHARTS: $(cd "$MOE_REPLAY_CHARTS" && ls ./*.png 2>/dev/null | tr '\n' ' ')"
