#!/usr/bin/env bash
# Thin spark-submit wrapper for heta-bench. No logic of its own beyond turning options into
# spark-submit flags. Run with --help for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: run-cluster.sh [options] SUITE [-- extra bench args]

Submits `heta-bench bench SUITE` to a Spark cluster with the shaded application jar
(jobs/target/heta-bench-jobs-*-all.jar; build it with `mvn -q -DskipTests package -Dcuda=cu128`).

Options:
  --master URL            yarn | k8s://https://HOST:PORT | spark://HOST:7077 | local[N]   (default: yarn)
  --deploy-mode MODE      client | cluster                                               (default: client)
  --executors N           number of executors                                            (default: 2)
  --executor-cores N      cores per executor                                             (default: 4)
  --executor-memory SIZE  e.g. 64g                                                       (default: 32g)
  --gpus-per-executor N   GPUs per executor; one task per GPU; 0 = CPU only               (default: 1)
  --gpu-discovery PATH    GPU discovery script printing {"name":"gpu","addresses":[...]}  (default: Spark's getGpusResources.sh in $SPARK_HOME/examples)
  --set KEY=VALUE         suite override, repeatable (e.g. --set seeds=[0,1,2])
  --run-id ID             resume or name a run (default: generated)
  --output URI            output root, local/HDFS path or s3a://bucket/prefix
  --libtorch DIR          pre-staged libtorch 2.7.1+cu128 on every node (offline nodes); without it
                          DJL downloads libtorch-cu128 on first start (online nodes)
  --conf KEY=VALUE        extra Spark conf, repeatable
  --dry-run               only validate the suite, models, manifests and output location (no weights loaded)
  -h, --help              this help

Cluster managers:
  YARN:        --master yarn; the discovery script must exist on every node (YARN passes GPUs via
               spark.executor.resource.gpu.*).
  Kubernetes:  --master k8s://https://API:6443 --conf spark.kubernetes.container.image=IMAGE
               --conf spark.executor.resource.gpu.vendor=nvidia.com
  Standalone:  --master spark://HOST:7077; workers need spark.worker.resource.gpu.amount and
               spark.worker.resource.gpu.discoveryScript in their spark-defaults.conf.
CUDA natives: Maven Central has no libtorch CUDA build for PyTorch 2.7.1, so either stage libtorch on the
nodes (--libtorch DIR → PYTORCH_LIBRARY_PATH) or let DJL download it (online nodes). See README "GPU clusters".
Credentials for s3a:// come from the standard AWS provider chain (env, profile, instance role); never
pass keys on the command line.
USAGE
}

MASTER=yarn DEPLOY=client EXECUTORS=2 CORES=4 MEM=32g GPUS=1 DISCOVERY="" RUN_ID="" OUTPUT="" LIBTORCH="" DRY=0
SETS=() CONFS=() SUITE="" EXTRA=()
while (($#)); do
  case "$1" in
    --master) MASTER="$2"; shift 2;;
    --deploy-mode) DEPLOY="$2"; shift 2;;
    --executors) EXECUTORS="$2"; shift 2;;
    --executor-cores) CORES="$2"; shift 2;;
    --executor-memory) MEM="$2"; shift 2;;
    --gpus-per-executor) GPUS="$2"; shift 2;;
    --gpu-discovery) DISCOVERY="$2"; shift 2;;
    --set) SETS+=(--set "$2"); shift 2;;
    --run-id) RUN_ID="$2"; shift 2;;
    --output) OUTPUT="$2"; shift 2;;
    --libtorch) LIBTORCH="$2"; shift 2;;
    --conf) CONFS+=(--conf "$2"); shift 2;;
    --dry-run) DRY=1; shift;;
    -h|--help) usage; exit 0;;
    --) shift; EXTRA=("$@"); break;;
    -*) echo "run-cluster.sh: unknown option $1 (see --help)" >&2; exit 2;;
    *) if [[ -z "$SUITE" ]]; then SUITE="$1"; shift; else echo "run-cluster.sh: unexpected argument $1" >&2; exit 2; fi;;
  esac
done
[[ -n "$SUITE" ]] || { usage >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(ls "$ROOT"/jobs/target/heta-bench-jobs-*-all.jar 2>/dev/null | head -n 1 || true)"
[[ -n "$JAR" ]] || { echo "run-cluster.sh: no application jar; run 'mvn -q -DskipTests package' first" >&2; exit 2; }

ARGS=(bench "$SUITE" --conf-dir "$ROOT/conf" --manifests-dir "$ROOT/data-manifests" "${SETS[@]}")
[[ -n "$RUN_ID" ]] && ARGS+=(--run-id "$RUN_ID")
[[ -n "$OUTPUT" ]] && ARGS+=(--set "output=$OUTPUT")
if ((DRY)); then
  ARGS=(validate "$SUITE" --conf-dir "$ROOT/conf" --manifests-dir "$ROOT/data-manifests" "${SETS[@]}")
  [[ -n "$OUTPUT" ]] && ARGS+=(--set "output=$OUTPUT")
  echo "+ dry run: heta-bench ${ARGS[*]}" >&2
  exec "$ROOT/bin/heta-bench" "${ARGS[@]}"
fi

SUBMIT=(spark-submit)
if ! command -v spark-submit >/dev/null 2>&1; then
  echo "run-cluster.sh: spark-submit is not on PATH; install Spark 4.1.x or set PATH to \$SPARK_HOME/bin" >&2
  exit 2
fi
CONF=(--conf spark.executorEnv.OPT_OUT_TRACKING=true
      --conf spark.executorEnv.DJL_OFFLINE="$([[ -n "$LIBTORCH" ]] && echo true || echo false)"
      --conf "spark.executor.cores=$CORES"
      --conf "spark.task.cpus=$CORES")
if ((GPUS > 0)); then
  DISCOVERY="${DISCOVERY:-${SPARK_HOME:-/opt/spark}/examples/src/main/scripts/getGpusResources.sh}"
  CONF+=(--conf "spark.executor.resource.gpu.amount=$GPUS"
         --conf spark.task.resource.gpu.amount=1
         --conf "spark.executor.resource.gpu.discoveryScript=$DISCOVERY"
         --conf spark.task.cpus=1
         --conf spark.executorEnv.PYTORCH_FLAVOR=cu128
         --conf spark.executorEnv.PYTORCH_VERSION=2.7.1)
  if [[ -n "$LIBTORCH" ]]; then
    CONF+=(--conf "spark.executorEnv.PYTORCH_LIBRARY_PATH=$LIBTORCH")
  else
    CONF+=(--conf "spark.executor.extraJavaOptions=-Dai.djl.offline=false")
  fi
fi
set -x
exec "${SUBMIT[@]}" --master "$MASTER" --deploy-mode "$DEPLOY" --num-executors "$EXECUTORS" \
  --executor-memory "$MEM" "${CONF[@]}" "${CONFS[@]}" \
  --class org.hetabench.jobs.HetaBench "$JAR" "${ARGS[@]}" "${EXTRA[@]}"
