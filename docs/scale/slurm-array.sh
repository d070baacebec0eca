#!/bin/bash
# A sweep as a Slurm job array: each array task trains one shard (`--shard auto/N` takes the shard from
# SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN) into its own folder, results/shards/<task>/; a merge
# job that starts once every task has ended joins them with `optlab merge` into results/<name>/ (summary.csv
# and curves.csv regenerated). Run from the project folder (npm ci done), on a filesystem the nodes share:
#
#   bash docs/scale/slurm-array.sh submit configs/adam-vs-sgd.yaml 4
#
# `submit` queues the array (tasks 0..N-1) and the merge job behind it; Slurm runs this same script in the
# other two modes. A task stopped by Slurm (time limit, scancel) gets SIGTERM: its finished runs are kept and
# running ones written as interrupted; `submit` again resumes, skipping complete runs. The merge job's exit
# status is 1 while runs are missing, failed or interrupted (see its log), 2 if two shards disagree on a run.
#SBATCH --job-name=optlab-sweep
#SBATCH --cpus-per-task=2
#SBATCH --time=04:00:00
#SBATCH --output=slurm-%x-%A_%a.out
set -euo pipefail

mode=${1:?usage: slurm-array.sh submit CONFIG SHARDS}
case "$mode" in
  submit)
    config=${2:?usage: slurm-array.sh submit CONFIG SHARDS}
    shards=${3:?usage: slurm-array.sh submit CONFIG SHARDS}
    npx optlab validate "$config" # a bad config stops here, before anything is queued
    array=$(sbatch --parsable --array="0-$((shards - 1))" "$0" shard "$config" "$shards")
    sbatch --dependency="afterany:${array%%;*}" --job-name=optlab-merge "$0" merge
    ;;
  shard)
    # One worker process per CPU Slurm gave the task.
    exec npx optlab run "$2" --shard "auto/$3" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
      --out "results/shards/$SLURM_ARRAY_TASK_ID" --quiet
    ;;
  merge)
    status=0
    # Every experiment any shard wrote (one per config): results/shards/<task>/<name>/.
    for name in $(find results/shards -mindepth 2 -maxdepth 2 -type d -printf '%f\n' | sort -u); do
      npx optlab merge results/shards/*/"$name" --out "results/$name" || status=$?
    done
    exit "$status"
    ;;
  *)
    echo "slurm-array.sh: unknown mode \"$mode\" (submit, shard or merge)" >&2
    exit 2
    ;;
esac
