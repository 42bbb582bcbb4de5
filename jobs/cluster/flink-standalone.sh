#!/usr/bin/env bash
# A Flink standalone session cluster on this machine, from Flink's own jars on Maven Central: the
# JobManager and each TaskManager are separate JVMs started with the main classes Flink's
# bin/jobmanager.sh and bin/taskmanager.sh start, and jobs are submitted with Flink's CliFrontend
# (what `flink run` is).
#
#   flink-standalone.sh install DIST           jars into DIST/lib, configuration into DIST/conf
#   flink-standalone.sh start DIST [N]         a JobManager and N TaskManagers (default 2)
#   flink-standalone.sh add-taskmanager DIST ID
#   flink-standalone.sh run DIST JAR ARGS...   submit JAR and wait for it (attached)
#   flink-standalone.sh stop DIST              stop every JVM started from DIST
#
# Environment: FLINK_REST_PORT (8081), FLINK_RPC_PORT (6123), FLINK_SLOTS per TaskManager (2) and
# MVN_FLAGS (e.g. -o) are read by install.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The JVM flags flink-dist's config.yaml passes to every Flink process on Java 17 (Kryo and the
# network stack reflect into these packages).
java_opts=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

die() { echo "flink-standalone: $*" >&2; exit 1; }

install() {
  local dist="$1"
  mkdir -p "$dist/lib" "$dist/conf" "$dist/log" "$dist/pids" "$dist/tmp"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$dist/lib" -DincludeScope=runtime
  cat >"$dist/conf/config.yaml" <<EOF
jobmanager:
  rpc: {address: localhost, port: ${FLINK_RPC_PORT:-6123}}
  bind-host: localhost
  memory.process.size: 1024m
  execution.failover-strategy: region
taskmanager:
  bind-host: localhost
  host: localhost
  numberOfTaskSlots: ${FLINK_SLOTS:-2}
  memory.process.size: 1536m
rest: {address: localhost, bind-address: localhost, port: ${FLINK_REST_PORT:-8081}}
parallelism.default: 2
# The processes' working folders (a TaskManager's grow to gigabytes) live and die with the install.
io.tmp.dirs: $dist/tmp
# One task per TaskManager before a second on the same one, so work spans both.
cluster.evenly-spread-out-slots: true
# A lost TaskManager fails its tasks; Flink restarts the failed regions on the slots left.
restart-strategy: {type: fixed-delay, fixed-delay: {attempts: 5, delay: 2 s}}
heartbeat: {interval: 2000, timeout: 10000}
# The REST API's job views are cached this long (default 3 s, longer than small jobs run).
web.refresh-interval: 100
EOF
  cat >"$dist/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF
  echo "flink-standalone: installed Flink $(ls "$dist/lib" | sed -n 's/^flink-runtime-\(.*\)\.jar$/\1/p') into $dist"
}

rest_port() {
  sed -n 's/^rest: .*port: \([0-9]*\)}$/\1/p' "$1/conf/config.yaml"
}

# Flink's memory model for a process kind (JM or TM), as bin/jobmanager.sh and bin/taskmanager.sh
# get it: line 1 the JVM's heap and direct memory flags, line 2 the derived -D options.
resource_params() {
  local dist="$1" kind="$2"
  java -cp "$dist/lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "GET_${kind}_RESOURCE_PARAMS" \
    --configDir "$dist/conf" 2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# Starts one Flink process in the background: its pid in DIST/pids/NAME.pid, its log in DIST/log/NAME.log.
launch() {
  local dist="$1" name="$2" kind="$3" main="$4"; shift 4
  local params jvm dynamic
  params=$(resource_params "$dist" "$kind")
  jvm=$(sed -n 1p <<<"$params"); dynamic=$(sed -n 2p <<<"$params")
  [ -n "$jvm" ] || die "Flink could not size the $kind's memory from $dist/conf/config.yaml"
  # Started from DIST, as on a cluster machine, so a relative path the client forgot to resolve
  # fails; exec so that the pid recorded is the JVM's.
  # shellcheck disable=SC2086
  # The JVM's own temp files (the LZ4 library the shuffle unpacks, left behind by a killed
  # TaskManager) stay in the install too.
  (cd "$dist" && exec nohup java $jvm "${java_opts[@]}" -Djava.io.tmpdir="$dist/tmp" -Dlog.file="$dist/log/$name.log" \
    -Dlog4j.configurationFile="file:$dist/conf/log4j.properties" -cp "$dist/lib/*" "$main" \
    --configDir "$dist/conf" $dynamic "$@") >"$dist/log/$name.out" 2>&1 &
  echo $! >"$dist/pids/$name.pid"
}

# Waits until the JobManager reports N registered TaskManagers.
await_taskmanagers() {
  local dist="$1" want="$2" port have
  port=$(rest_port "$dist")
  for _ in $(seq 1 120); do
    have=$(curl -sf "http://localhost:$port/overview" | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p' || true)
    if [ "${have:-0}" -ge "$want" ]; then
      echo "flink-standalone: $have TaskManager(s) registered, web UI http://localhost:$port"
      return 0
    fi
    sleep 0.5
  done
  die "the JobManager at localhost:$port did not see $want TaskManager(s); see $dist/log"
}

add_taskmanager() {
  local dist="$1" id="$2"
  launch "$dist" "taskmanager-$id" TM org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    -D "taskmanager.resource-id=taskmanager-$id"
}

start() {
  local dist="$1" n="${2:-2}"
  [ -d "$dist/lib" ] || die "no Flink in $dist: run install first"
  launch "$dist" jobmanager JM org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
  for i in $(seq 1 "$n"); do add_taskmanager "$dist" "$i"; done
  await_taskmanagers "$dist" "$n"
}

run() {
  local dist="$1" jar="$2"; shift 2
  FLINK_CONF_DIR="$dist/conf" java "${java_opts[@]}" -Djava.io.tmpdir="$dist/tmp" -Dlog.file="$dist/log/client.log" \
    -Dlog4j.configurationFile="file:$dist/conf/log4j.properties" -cp "$dist/lib/*" \
    org.apache.flink.client.cli.CliFrontend run "$jar" "$@"
}

stop() {
  local dist="$1" pid
  for file in "$dist"/pids/*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$file"
  done
}

[ $# -ge 2 ] || die "usage: $0 install|start|add-taskmanager|run|stop DIST ..."
command="$1"; shift
case "$command" in
  install) install "$@" ;;
  start) start "$@" ;;
  add-taskmanager) add_taskmanager "$@" ;;
  run) run "$@" ;;
  stop) stop "$@" ;;
  *) die "unknown command $command" ;;
esac
